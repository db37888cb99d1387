package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/extract"
	"github.com/fednews/fednews/ingest/crawl"
)

func init() { register(newIngestCmd) }

// afterIngest brings what is derived from the store (the search index) up
// to date after an ingest run. The
// index command's file sets it; while it is nil, `fednews index` (or a
// running `fednews serve`, which follows the store) picks the documents up.
var afterIngest func(ctx context.Context, dataDir string, st *corpus.Store) error

func newIngestCmd() *cobra.Command {
	var cfgPath, dir string
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
reasons) is printed and kept as the run record. The exit status is non-zero
only when the run could not proceed (bad sources file, store unusable,
another run in progress, interrupted); pages that failed are counted in the
summary and tried again next run.`,
		Example: "  fednews demo-site &\n  fednews ingest --config=sources.example.toml\n" +
			"  fednews ingest --config=/etc/fednews/sources.toml --data=/var/lib/fednews",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runIngest(cmd.Context(), cmd.OutOrStdout(), cmd.ErrOrStderr(), cfgPath, dir)
		},
	}
	cmd.Flags().StringVar(&cfgPath, "config", "sources.toml", "sources file (start from sources.example.toml)")
	addDataFlag(cmd, &dir)
	return cmd
}

func runIngest(ctx context.Context, stdout, stderr io.Writer, cfgPath, dir string) error {
	cfg, err := crawl.LoadConfig(cfgPath)
	if errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("%w (copy sources.example.toml to %s and edit it, or pass --config)", err, cfgPath)
	}
	if err != nil {
		return err
	}
	lock, err := crawl.Lock(dir)
	if errors.Is(err, crawl.ErrLocked) {
		return fmt.Errorf("%w; this run does nothing (wait for that one to finish)", err)
	}
	if err != nil {
		return err
	}
	defer lock.Unlock()
	st, err := corpus.Open(ctx, dir)
	if err != nil {
		return err
	}
	defer st.Close()

	opts := crawl.Options{Log: slog.Default(), Enrich: extract.OfDocument}
	if f, ok := stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		// A progress line on the terminal; only warnings as log lines, so
		// that they do not bury it.
		opts.Progress = stderr
		opts.Log = slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	sum, err := crawl.Run(ctx, cfg, st, opts)
	sum.Print(stdout)
	if err != nil {
		return err
	}
	// Figures an older fednews extracted are redone before indexing, so
	// that the index and exports read every text the same way.
	if _, err := refreshFigures(ctx, stdout, st); err != nil {
		return err
	}
	// Called even when this run stored nothing: a run killed between
	// storing and indexing left the index behind, and this catches it up.
	if afterIngest != nil {
		if err := afterIngest(ctx, dir, st); err != nil {
			return fmt.Errorf("the documents are stored, but the index update failed: %w (run `fednews index`)", err)
		}
	}
	return nil
}
