package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/export"
	"github.com/fednews/fednews/index"
)

func init() { register(newExportCmd) }

type exportFlags struct {
	format, query, from, to, out, dir string
	indexSpec                         string
	filters                           []string
	bom, all                          bool
}

func newExportCmd() *cobra.Command {
	var f exportFlags
	cmd := &cobra.Command{
		Use:   "export figures|documents",
		Short: "Write figures or documents as CSV or JSON Lines, for spreadsheets and scripts",
		Long: `Write the figures (one row per figure, joined with its article's url, title,
source, date, province and county) or the documents of the store as CSV or
JSON Lines, streaming: memory does not grow with the number of rows.

A story is one article and its reposts (a duplicate cluster). The export
has one row set per story, from the copy that stands for it, as search counts
them, so that a story reposted ten times is counted once; --all takes every
copy. Without --query and --filter every story is exported; with them, the
stories the search finds. --from and --to bound the publication date. CSV cells starting with = + - @ are
prefixed with ' so that spreadsheets do not run them as formulas.`,
		Example: `  fednews export figures -o figures.csv --bom
  fednews export figures --query=营商环境 --filter=province=江西省 --from=2023-01-01
  fednews export documents --format=jsonl -o docs.jsonl`,
		Args:      cobra.MatchAll(cobra.ExactArgs(1), cobra.OnlyValidArgs),
		ValidArgs: []string{"figures", "documents"},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runExport(cmd.Context(), cmd.OutOrStdout(), args[0], f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.format, "format", "csv", "csv or jsonl")
	fl.StringVar(&f.query, "query", "", "export only what this search finds (query language of fednews search)")
	fl.StringArrayVar(&f.filters, "filter", nil, "FIELD=VALUE filter, as in fednews search (repeatable)")
	fl.StringVar(&f.from, "from", "", "published on or after this date (YYYY-MM-DD)")
	fl.StringVar(&f.to, "to", "", "published on or before this date (YYYY-MM-DD)")
	fl.BoolVar(&f.all, "all", false, "every copy of a story (duplicate cluster), not one per story")
	fl.BoolVar(&f.bom, "bom", false, "start a CSV with a UTF-8 byte order mark, so Excel reads the Chinese correctly")
	fl.StringVarP(&f.out, "output", "o", "", "write to this file instead of standard output")
	addDataFlag(cmd, &f.dir)
	addIndexFlag(cmd, &f.indexSpec)
	return cmd
}

func runExport(ctx context.Context, stdout io.Writer, what string, f exportFlags) error {
	if what != "figures" && what != "documents" {
		return usageError(fmt.Errorf("export %q: want figures or documents", what))
	}
	format, err := export.ParseFormat(f.format)
	if err != nil {
		return usageError(fmt.Errorf("--format: %w", err))
	}
	opt := export.Options{Format: format, BOM: f.bom, Stories: !f.all}
	from, err := parseChinaDay("--from", f.from)
	if err != nil {
		return usageError(err)
	}
	to, err := parseChinaDay("--to", f.to)
	if err != nil {
		return usageError(err)
	}
	var filters []index.Filter
	for _, s := range f.filters {
		flt, err := index.ParseFilter(s)
		if err != nil {
			return usageError(fmt.Errorf("--filter: %w", err))
		}
		filters = append(filters, flt)
	}
	st, err := openStoreReadOnly(ctx, f.dir)
	if err != nil {
		return err
	}
	defer st.Close()

	// The same choice as /api/export.csv, so that both export the same
	// rows: a query or a filter goes through the index, dates alone do not.
	var ids []int64 // nil: every document (every story without --all)
	if q := strings.TrimSpace(f.query); (q != "" && q != "*") || len(filters) > 0 {
		if ids, err = searchIDs(ctx, f.dir, f.indexSpec, st, index.Request{Query: q, Filters: filters, From: from, To: to, NoCollapse: f.all}); err != nil {
			return err
		}
	} else {
		opt.From, opt.To = from, to
	}

	w, commit, err := output(stdout, f.out)
	if err != nil {
		return err
	}
	start := time.Now()
	var n int
	if what == "figures" {
		n, err = export.Figures(ctx, w, st, ids, opt)
	} else {
		n, err = export.Documents(ctx, w, st, ids, opt)
	}
	if err := commit(err); err != nil {
		return fmt.Errorf("export %s: %w", what, err)
	}
	slog.Info("export done", "what", what, "rows", n, "dur", time.Since(start).Round(time.Millisecond))
	return nil
}

// searchIDs runs req on the index and returns the IDs of every hit; req.To
// is the last day included.
func searchIDs(ctx context.Context, dir, indexSpec string, st *corpus.Store, req index.Request) ([]int64, error) {
	ix, err := openIndex(indexSpec, dir, index.Options{ReadOnly: true})
	if errors.Is(err, index.ErrLocked) {
		return nil, fmt.Errorf("%w\n(a running server exports the same rows at /api/export.csv?what=...&q=...)", err)
	}
	if err != nil {
		return nil, err
	}
	defer ix.Close()
	// A damaged index would export fewer rows than the query matches and
	// say nothing: refuse instead.
	if err := ix.Check(ctx, st); err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	if req.Query == "" {
		req.Query = "*"
	}
	return ix.IDs(ctx, req, 0)
}

// createBeside creates a hidden temporary file in path's directory with
// mode 0666 less the umask, as the file it becomes would have been
// created (os.CreateTemp makes 0600: an export nobody else could read).
func createBeside(path string) (*os.File, error) {
	for {
		name := filepath.Join(filepath.Dir(path), fmt.Sprintf(".%s.%d", filepath.Base(path), rand.Uint32()))
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
		if !errors.Is(err, fs.ErrExist) {
			return f, err
		}
	}
}

// output returns where to write and a func that finishes the file: with -o
// the rows go to a temporary file renamed into place only when the export
// succeeded, so a failed export never leaves a truncated file behind.
func output(stdout io.Writer, path string) (io.Writer, func(error) error, error) {
	if path == "" || path == "-" {
		return stdout, func(err error) error { return err }, nil
	}
	tmp, err := createBeside(path)
	if err != nil {
		return nil, nil, fmt.Errorf("create output: %w", err)
	}
	return tmp, func(err error) error {
		if cerr := tmp.Close(); err == nil {
			err = cerr
		}
		if err == nil {
			err = os.Rename(tmp.Name(), path)
		}
		if err != nil {
			os.Remove(tmp.Name())
		}
		return err
	}, nil
}
