package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/fednews/fednews/research"
)

func init() { register(newTermsCmd) }

type termsFlags struct {
	dir     string
	index   string
	scope   scopeFlags
	limit   int
	maxDocs int
	out     outputFlags
}

func newTermsCmd() *cobra.Command {
	var f termsFlags
	cmd := &cobra.Command{
		Use:   "terms [flags] QUERY",
		Short: "Top terms: the words most over-represented in a query's articles, by log-likelihood",
		Long: `Ranks the words (gse precise mode; stop words and single characters left out) of QUERY's
articles by Dunning's log-likelihood ratio G² against the rest of the collection, with the number
of the query's articles and of all articles each word occurs in.`,
		Example: `  fednews terms 营商环境
  fednews terms --csv --limit=200 商会 > terms.csv`,
		RunE: func(cmd *cobra.Command, args []string) error {
			q := strings.Join(args, " ")
			if strings.TrimSpace(q) == "" {
				return usageError(errors.New("terms: give a QUERY; `fednews terms --help` shows how"))
			}
			return runTerms(cmd.Context(), cmd.OutOrStdout(), f, q)
		},
	}
	fl := cmd.Flags()
	fl.IntVar(&f.limit, "limit", research.DefaultTerms, fmt.Sprintf("terms to show (at most %d)", research.MaxTerms))
	fl.IntVar(&f.maxDocs, "max-docs", research.DefaultTermDocs, "segment at most this many of the query's articles (an even sample of more)")
	f.out.add(cmd, "print CSV: word, docs, corpus_docs, g2", "print the terms as one JSON object")
	f.scope.add(cmd)
	addDataFlag(cmd, &f.dir)
	addIndexFlag(cmd, &f.index)
	return cmd
}

func runTerms(ctx context.Context, stdout io.Writer, f termsFlags, q string) error {
	scope, err := f.scope.scope()
	if err != nil {
		return err
	}
	return runResearch(ctx, stdout, f.dir, f.index, f.out, func(e *research.Engine) (*research.Terms, error) {
		return e.Terms(ctx, research.TermsRequest{Query: q, Scope: scope, Limit: f.limit, MaxDocs: f.maxDocs})
	}, func(out *bufio.Writer, t *research.Terms) error {
		fmt.Fprintf(out, "%d articles match (%d read) of %d\n", t.Docs, t.Read, t.Corpus)
		tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "word\tdocs\tcorpus docs\tG²")
		for _, x := range t.Terms {
			fmt.Fprintf(tw, "%s\t%d\t%d\t%.1f\n", x.Word, x.Docs, x.CorpusDoc, x.G2)
		}
		return tw.Flush()
	})
}
