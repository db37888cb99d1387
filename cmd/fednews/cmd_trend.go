package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/fednews/fednews/research"
)

func init() { register(newTrendCmd) }

type trendFlags struct {
	dir   string
	index string
	scope scopeFlags
	by    string
	share bool
	out   outputFlags
}

func newTrendCmd() *cobra.Command {
	var f trendFlags
	cmd := &cobra.Command{
		Use:   "trend [flags] QUERY...",
		Short: "Attention over time: stories per day, week, month or year of up to 5 queries, and their share",
		Long: `Counts the stories of each QUERY (up to 5, each one argument: quote a query with spaces)
per period, beside the stories in scope (the filters and dates without the query). The share is
the query's stories over those. "*" is every story in scope.`,
		Example: `  fednews trend 工商联 商会
  fednews trend --by=year --share --filter=province=江西 营商环境 '"民营经济"'
  fednews trend --csv 工商联 > trend.csv`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError(errors.New("trend: give 1 to 5 queries; `fednews trend --help` shows how"))
			}
			return runTrend(cmd.Context(), cmd.OutOrStdout(), f, args)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.by, "by", "month", "period: "+strings.Join(research.Granularities, ", "))
	fl.BoolVar(&f.share, "share", false, "show each query's share of the stories in scope, not counts")
	f.out.add(cmd, "print CSV: period, from, to, scope, then a count and a share column per query", "print the trend as one JSON object")
	f.scope.add(cmd)
	addDataFlag(cmd, &f.dir)
	addIndexFlag(cmd, &f.index)
	return cmd
}

func runTrend(ctx context.Context, stdout io.Writer, f trendFlags, queries []string) error {
	scope, err := f.scope.scope()
	if err != nil {
		return err
	}
	return runResearch(ctx, stdout, f.dir, f.index, f.out, func(e *research.Engine) (*research.Trend, error) {
		return e.Trend(ctx, research.TrendRequest{Queries: queries, Scope: scope, By: f.by})
	}, func(out *bufio.Writer, tr *research.Trend) error {
		tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprint(tw, "period\tscope\t")
		for _, s := range tr.Series {
			fmt.Fprintf(tw, "%s\t", s.Query)
		}
		fmt.Fprintln(tw)
		for i, b := range tr.Buckets {
			fmt.Fprintf(tw, "%s\t%d\t", b.Label, tr.Scope[i])
			for _, s := range tr.Series {
				if f.share {
					fmt.Fprintf(tw, "%s%%\t", strconv.FormatFloat(100*s.Share[i], 'f', 1, 64))
				} else {
					fmt.Fprintf(tw, "%d\t", s.Counts[i])
				}
			}
			fmt.Fprintln(tw)
		}
		return tw.Flush()
	})
}
