package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/extract"
	"github.com/fednews/fednews/ingest/crawl"
)

func init() { register(newIngestCmd) }

// afterIngest brings what is derived from the store (the search index) up
// to date after an ingest run. The
// index command's file sets it; while it is nil, `fednews index` (or a
// running `fednews serve`, which follows the store) picks the documents up.
var afterIngest func(ctx context.Context, dataDir, indexSpec string, st *corpus.Store) error

// ingestFlags are the flags of `fednews ingest`.
type ingestFlags struct {
	cfgPath, dir string
	indexSpec    string   // --index
	sources      []string // --source: only these, and no import folders
	dryRun, json bool
}

// errSourceFailed is returned by ingest when a whole source failed (nothing
// of it could be fetched): exit status 3, the summary says which.
var errSourceFailed = failedError(errors.New("a whole source failed"))

func newIngestCmd() *cobra.Command {
	var fl ingestFlags
	cmd := &cobra.Command{
		Use:   "ingest",
		Short: "Crawl the configured sites and import the configured folders into the store (the nightly run)",
		Long: `Crawl every source of the sources file incrementally and politely, import its
folders, normalize, extract figures and store each article once; then redo
the figures an older fednews extracted (see reextract) and update the search
index. Safe to run from cron or a systemd timer: one run at a time
(a second one exits at once), a killed run loses nothing stored, and a run
over unchanged sites downloads no article again.

The summary (fetched, not modified, new, updated, duplicates, failed with
reasons, and the same for each source) is printed and kept as the run
record; see ` + "`fednews runs`" + `. Pages that failed are tried again next run.

--source=NAME crawls that source only (repeat it for more), without the
import folders. --dry-run reads the list pages only and prints what each
link matched (articles, lists, exclude, nothing), storing nothing.

Exit status: 0 done; 1 some pages failed; 3 a whole source failed (host
unreachable or unknown, robots.txt unavailable, every page failed). When
the run cannot proceed (bad sources file, store unusable, another run in
progress, interrupted) it says why and exits non-zero.`,
		Example: "  fednews demo-site &\n  fednews ingest --config=sources.example.toml\n" +
			"  fednews ingest --config=sources.example.toml --source=demo-hanweb --dry-run\n" +
			"  fednews ingest --config=/etc/fednews/sources.toml --data=/var/lib/fednews --json",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runIngest(cmd.Context(), cmd.OutOrStdout(), cmd.ErrOrStderr(), fl)
		},
	}
	cmd.Flags().StringVar(&fl.cfgPath, "config", "sources.toml", "sources file (start from sources.example.toml)")
	cmd.Flags().StringSliceVar(&fl.sources, "source", nil, "crawl only the source of this name (repeatable); no import folders")
	cmd.Flags().BoolVar(&fl.dryRun, "dry-run", false, "read list pages only, print what each link matched, store nothing")
	cmd.Flags().BoolVar(&fl.json, "json", false, "print the summary as one JSON object")
	addDataFlag(cmd, &fl.dir)
	addIndexFlag(cmd, &fl.indexSpec)
	return cmd
}

// pickSources keeps the sources named (all when none is), and drops the
// import folders when some are named.
func pickSources(cfg *crawl.Config, names []string) error {
	if len(names) == 0 {
		return nil
	}
	var kept []crawl.Source
	var all []string
	for _, s := range cfg.Sources {
		all = append(all, s.Name)
		if slices.Contains(names, s.Name) {
			kept = append(kept, s)
		}
	}
	for _, n := range names {
		if !slices.Contains(all, n) {
			return usageError(fmt.Errorf("--source=%s: no such source in the sources file (it has %s)", n, strings.Join(all, ", ")))
		}
	}
	cfg.Sources, cfg.Import = kept, nil
	return nil
}

func runIngest(ctx context.Context, stdout, stderr io.Writer, fl ingestFlags) error {
	cfg, err := crawl.LoadConfig(fl.cfgPath)
	if errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("%w (copy sources.example.toml to %s and edit it, or pass --config)", err, fl.cfgPath)
	}
	if err != nil {
		return err
	}
	if err := pickSources(cfg, fl.sources); err != nil {
		return err
	}
	if fl.dryRun {
		for _, w := range cfg.Warnings {
			fmt.Fprintln(stderr, "sources file:", w)
		}
		failed, err := crawl.DryRun(ctx, cfg, slog.Default(), stdout)
		if err == nil && failed > 0 {
			fmt.Fprintf(stderr, "%d list pages failed\n", failed)
			return errSomeFailed
		}
		return err
	}
	lock, err := crawl.Lock(fl.dir)
	if errors.Is(err, crawl.ErrLocked) {
		return fmt.Errorf("%w; this run does nothing (wait for that one to finish)", err)
	}
	if err != nil {
		return err
	}
	defer lock.Unlock()
	st, err := createStore(ctx, fl.dir)
	if err != nil {
		return err
	}
	defer st.Close()

	opts := crawl.Options{Log: slog.Default(), Enrich: extract.OfDocument}
	if isTerminal(stderr) {
		// A progress line on the terminal; only warnings as log lines, so
		// that they do not bury it.
		opts.Progress = stderr
		opts.Log = slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	sum, err := crawl.Run(ctx, cfg, st, opts)
	notes := stdout // what is said besides the summary
	if fl.json {
		notes = stderr
		enc := json.NewEncoder(stdout)
		if jerr := enc.Encode(sum); jerr != nil {
			return jerr
		}
	} else {
		sum.Print(stdout)
	}
	if err != nil {
		return err
	}
	// Figures an older fednews extracted are redone before indexing, so
	// that the index and exports read every text the same way.
	if _, err := refreshFigures(ctx, notes, st); err != nil {
		return err
	}
	// Called even when this run stored nothing: a run killed between
	// storing and indexing left the index behind, and this catches it up.
	if afterIngest != nil {
		if err := afterIngest(ctx, fl.dir, fl.indexSpec, st); err != nil {
			return fmt.Errorf("the documents are stored, but the index update failed: %w (run `fednews index`)", err)
		}
	}
	return runStatus(stderr, &sum)
}

// runStatus is the error that gives a finished run its exit status: a
// whole source failed (3), some pages failed (1), or nil.
func runStatus(stderr io.Writer, sum *crawl.Summary) error {
	var down []string
	for name, ss := range sum.Sources {
		if ss.WhollyFailed() {
			down = append(down, name)
		}
	}
	switch {
	case len(down) > 0:
		slices.Sort(down)
		fmt.Fprintf(stderr, "fednews: nothing of source %s could be fetched (see the summary)\n", strings.Join(down, ", "))
		return errSourceFailed
	case sum.FailedTotal() > 0:
		return errSomeFailed
	}
	return nil
}
