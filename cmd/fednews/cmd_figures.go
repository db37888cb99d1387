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

func init() { register(newFiguresCmd) }

type figuresFlags struct {
	dir                     string
	index                   string
	scope                   scopeFlags
	rows, row               string
	kind, unit, topic, year string
	min, max                string
	out                     outputFlags
}

func newFiguresCmd() *cobra.Command {
	var f figuresFlags
	cmd := &cobra.Command{
		Use:   "figures [flags] QUERY",
		Short: "Figure explorer: the figures of a query's stories, counted and summed by place (or organization) × year",
		Long: `Selects the figures of QUERY's stories ("*" for all) by kind, unit, topic, period year and value
range, and prints their count and sum per place (province, city, county or organization) and year.
A figure's year is the first year of the period it describes, else its article's publication year.
With --row (a county with --rows=county, an organization with --rows=org) and one --kind and
--topic the table is that row's series of one metric, such as a chamber's member count over the
years.`,
		Example: `  fednews figures --rows=county --kind=count --topic=members '*'
  fednews figures --rows=county --row=长沙县 --kind=count --topic=members '*'
  fednews figures --rows=org --kind=money --min=1e7 --csv 商会 > money.csv`,
		RunE: func(cmd *cobra.Command, args []string) error {
			q := strings.Join(args, " ")
			if strings.TrimSpace(q) == "" {
				return usageError(errors.New("figures: give a QUERY (\"*\" for every story); `fednews figures --help` shows how"))
			}
			return runFigures(cmd.Context(), cmd.OutOrStdout(), f, q)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.rows, "rows", "province", "rows of the table: "+strings.Join(research.FigureRows, ", "))
	fl.StringVar(&f.row, "row", "", "one row only (a county, an organization …): its series over the years")
	fl.StringVar(&f.kind, "kind", "", "figures of this kind only (money, count, quantity, percent, duration)")
	fl.StringVar(&f.unit, "unit", "", "figures in this unit only (CNY, 家, 人, %)")
	fl.StringVar(&f.topic, "topic", "", "figures of this topic only (members, donation, investment …)")
	fl.StringVar(&f.year, "period", "", "figures whose period touches this year (YYYY)")
	fl.StringVar(&f.min, "min", "", "least value, in base units (1e7 is 1000万)")
	fl.StringVar(&f.max, "max", "", "greatest value, in base units")
	f.out.add(cmd, "print the table as CSV: the row field, then a count and a sum column per year", "print the table and the first figures as one JSON object")
	f.scope.add(cmd)
	addDataFlag(cmd, &f.dir)
	addIndexFlag(cmd, &f.index)
	return cmd
}

func parseBound(flag, s string) (*float64, error) {
	if s == "" {
		return nil, nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return nil, usageError(fmt.Errorf("%s %q: want a number such as 1e7 or 350", flag, s))
	}
	return &v, nil
}

func runFigures(ctx context.Context, stdout io.Writer, f figuresFlags, q string) error {
	scope, err := f.scope.scope()
	if err != nil {
		return err
	}
	req := research.FigureRequest{Query: q, Scope: scope, Rows: f.rows, Row: f.row, Kind: f.kind, Unit: f.unit, Topic: f.topic, Period: f.year}
	if req.Min, err = parseBound("--min", f.min); err != nil {
		return err
	}
	if req.Max, err = parseBound("--max", f.max); err != nil {
		return err
	}
	return runResearch(ctx, stdout, f.dir, f.index, f.out, func(e *research.Engine) (*research.FigureTable, error) {
		return e.Figures(ctx, req)
	}, func(out *bufio.Writer, t *research.FigureTable) error {
		fmt.Fprintf(out, "%d figures, sum %s\n", t.Total.Count, strconv.FormatFloat(t.Total.Sum, 'f', -1, 64))
		tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintf(tw, "%s\t", f.rows)
		for _, y := range t.Years {
			fmt.Fprintf(tw, "%s\t", y)
		}
		fmt.Fprintln(tw)
		for i, p := range t.Places {
			if p == "" {
				p = "(none)"
			}
			fmt.Fprintf(tw, "%s\t", p)
			for _, c := range t.Cells[i] {
				fmt.Fprintf(tw, "%d: %s\t", c.Count, strconv.FormatFloat(c.Sum, 'f', -1, 64))
			}
			fmt.Fprintln(tw)
		}
		return tw.Flush()
	})
}
