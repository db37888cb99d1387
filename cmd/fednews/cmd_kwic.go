package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/fednews/fednews/research"
)

func init() { register(newKWICCmd) }

type kwicFlags struct {
	dir           string
	index         string
	scope         scopeFlags
	width         int
	sort          string
	limit, offset int
	maxDocs       int
	out           outputFlags
}

func newKWICCmd() *cobra.Command {
	var f kwicFlags
	cmd := &cobra.Command{
		Use:   "kwic [flags] QUERY",
		Short: "Keyword in context: every occurrence of a query with the characters either side",
		Long: `Lists every occurrence of QUERY in the matching articles, in each article's own script,
with --width characters either side, sorted by document, by the left context (read from the
match outwards) or by the right context.`,
		Example: `  fednews kwic 营商环境
  fednews kwic --sort=right --width=10 工商联
  fednews kwic --csv --limit=0 民营经济 > kwic.csv`,
		RunE: func(cmd *cobra.Command, args []string) error {
			q := strings.Join(args, " ")
			if strings.TrimSpace(q) == "" {
				return usageError(errors.New("kwic: give a QUERY; `fednews kwic --help` shows how"))
			}
			return runKWIC(cmd.Context(), cmd.OutOrStdout(), f, q)
		},
	}
	fl := cmd.Flags()
	fl.IntVar(&f.width, "width", research.DefaultKWICWidth, "characters of context either side")
	fl.StringVar(&f.sort, "sort", "doc", strings.Join(research.KWICSorts, ", "))
	fl.IntVar(&f.limit, "limit", 50, "lines to show; 0: every line")
	fl.IntVar(&f.offset, "offset", 0, "lines to skip")
	fl.IntVar(&f.maxDocs, "max-docs", research.DefaultKWICDocs, "read at most this many matching documents (in ID order)")
	f.out.add(cmd, "print CSV: doc, published, title, field, start, end, left, match, right", "print the concordance as one JSON object")
	f.scope.add(cmd)
	addDataFlag(cmd, &f.dir)
	addIndexFlag(cmd, &f.index)
	return cmd
}

func runKWIC(ctx context.Context, stdout io.Writer, f kwicFlags, q string) error {
	scope, err := f.scope.scope()
	if err != nil {
		return err
	}
	return runResearch(ctx, stdout, f.dir, f.index, f.out, func(e *research.Engine) (*research.KWIC, error) {
		return e.KWIC(ctx, research.KWICRequest{Query: q, Scope: scope, Width: f.width, Sort: f.sort,
			Offset: f.offset, Limit: f.limit, MaxDocs: f.maxDocs})
	}, func(out *bufio.Writer, k *research.KWIC) error {
		fmt.Fprintf(out, "%d lines in %d documents", k.Total, k.Docs)
		if k.Truncated {
			fmt.Fprintf(out, " (the first %d matching documents: raise --max-docs for more)", f.maxDocs)
		}
		fmt.Fprintln(out)
		for _, l := range k.Lines {
			fmt.Fprintf(out, "%6d  %s【%s】%s\n", l.Doc, l.Left, l.Match, l.Right)
		}
		return nil
	})
}
