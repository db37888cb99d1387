package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/fednews/fednews/index"
	"github.com/fednews/fednews/research"
)

// scopeFlags are the flags trend, kwic and terms share with search: what
// narrows every query alike.
type scopeFlags struct {
	filters  []string
	from, to string
	all      bool
}

func (f *scopeFlags) add(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringArrayVar(&f.filters, "filter", nil, "FIELD=VALUE filter, as the query's field:value (province=江西); repeatable")
	fl.StringVar(&f.from, "from", "", "published on or after this date (YYYY-MM-DD, China time)")
	fl.StringVar(&f.to, "to", "", "published on or before this date (YYYY-MM-DD)")
	fl.BoolVar(&f.all, "all", false, "count every copy of a story (duplicate cluster), not one per story")
}

// scope reads the flags as search reads the same ones.
func (f *scopeFlags) scope() (research.Scope, error) {
	req, err := searchFlags{filters: f.filters, from: f.from, to: f.to, sort: "relevance"}.request()
	if err != nil {
		return research.Scope{}, usageError(err)
	}
	return research.Scope{Filters: req.Filters, From: req.From, To: req.To, NoCollapse: f.all}, nil
}

// openResearch opens the store of dir and the index indexSpec names (""
// is bleve in dir), read-only: a running server may own the index.
func openResearch(ctx context.Context, dir, indexSpec string) (*research.Engine, func(), error) {
	st, err := openStoreReadOnly(ctx, dir)
	if err != nil {
		return nil, nil, err
	}
	ix, err := openIndex(indexSpec, dir, index.Options{ReadOnly: true, Texts: st})
	if err != nil {
		st.Close()
		if errors.Is(err, index.ErrNoIndex) {
			return nil, nil, fmt.Errorf("%w: run `fednews index` first", err)
		}
		return nil, nil, err
	}
	return research.New(ix, st), func() { ix.Close(); st.Close() }, nil
}

// outputFlags are a research command's --csv, --bom and --json.
type outputFlags struct{ csv, bom, json bool }

func (o *outputFlags) add(cmd *cobra.Command, csvHelp, jsonHelp string) {
	fl := cmd.Flags()
	fl.BoolVar(&o.csv, "csv", false, csvHelp)
	fl.BoolVar(&o.bom, "bom", false, "with --csv: start with a byte order mark (for Excel)")
	fl.BoolVar(&o.json, "json", false, jsonHelp)
}

// csvTable is a research answer that writes itself as CSV.
type csvTable interface {
	WriteCSV(w io.Writer, bom bool) error
}

// runResearch opens the research engine of dir, asks it, and writes the
// answer as CSV or JSON when o says so, else as text for people.
func runResearch[T csvTable](ctx context.Context, stdout io.Writer, dir, indexSpec string, o outputFlags,
	ask func(*research.Engine) (T, error), text func(*bufio.Writer, T) error) error {
	e, closeAll, err := openResearch(ctx, dir, indexSpec)
	if err != nil {
		return err
	}
	defer closeAll()
	v, err := ask(e)
	if err != nil {
		return researchError(err)
	}
	out := bufio.NewWriter(stdout)
	defer out.Flush()
	switch {
	case o.csv:
		return v.WriteCSV(out, o.bom)
	case o.json:
		enc := json.NewEncoder(out)
		enc.SetEscapeHTML(false)
		return enc.Encode(v)
	}
	return text(out, v)
}

// researchError makes a bad query or request a usage error (exit status 2).
func researchError(err error) error {
	if errors.Is(err, index.ErrBadQuery) {
		return usageError(err)
	}
	return err
}
