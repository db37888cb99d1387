package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/spf13/cobra"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/index"
)

func init() {
	register(newIndexCmd)
	afterIngest = updateIndexAfterIngest
}

func newIndexCmd() *cobra.Command {
	var dir, indexSpec string
	var rebuild bool
	cmd := &cobra.Command{
		Use:   "index",
		Short: "Bring the search index up to date with the store",
		Long: `Index the documents the store gained or changed since the last run, in
batches; the first run, with no index yet, builds it as --rebuild does. With --rebuild, build a new index of every document beside the old
one and swap it in atomically (a running server switches to it by itself).

While ` + "`fednews serve`" + ` runs it owns the index and follows the store, so there
is nothing to do: the command says so and succeeds.`,
		Example: "  fednews index\n  fednews index --rebuild --data=/srv/fednews",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runIndex(cmd.Context(), cmd.OutOrStdout(), cmd.ErrOrStderr(), dir, indexSpec, rebuild)
		},
	}
	cmd.Flags().BoolVar(&rebuild, "rebuild", false, "build a new index from the whole store and swap it in")
	addDataFlag(cmd, &dir)
	addIndexFlag(cmd, &indexSpec)
	return cmd
}

func runIndex(ctx context.Context, stdout, stderr io.Writer, dir, indexSpec string, rebuild bool) error {
	st, err := openStoreForIndex(ctx, dir)
	if err != nil {
		return err
	}
	defer st.Close()
	total, err := st.Count(ctx)
	if err != nil {
		return fmt.Errorf("count documents: %w", err)
	}
	start := time.Now()
	onTerminal := isTerminal(stderr)
	progress := indexProgress(stderr, onTerminal, start, total)
	var n int
	stopLimit := limitHeapToLive()
	defer stopLimit()
	fresh := !rebuild && noIndexYet(indexSpec, dir)
	if rebuild || fresh {
		n, err = rebuildIndex(ctx, indexSpec, dir, st, progress)
	} else {
		var ix index.Backend
		ix, err = openIndex(indexSpec, dir, index.Options{Progress: progress})
		if errors.Is(err, index.ErrLocked) {
			fmt.Fprintf(stdout, "index: %v\nNothing to do: the process holding the index keeps it up to date (or run `fednews index` again when it has finished).\n", err)
			return nil
		}
		if err != nil {
			return err
		}
		defer ix.Close()
		if n, err = ix.Update(ctx, st); err == nil {
			warnIfDamaged(ctx, ix, st)
		}
	}
	if n > 0 && onTerminal {
		fmt.Fprintln(stderr)
	}
	if err != nil {
		return err
	}
	took := time.Since(start)
	how := "updated"
	switch {
	case rebuild:
		how = "rebuilt and swapped in"
	case fresh:
		how = "built"
	}
	if n == 0 && !rebuild {
		fmt.Fprintf(stdout, "index is up to date with the store (checked in %s)\n", took.Round(time.Millisecond))
		return nil
	}
	fmt.Fprintf(stdout, "index %s: %d documents indexed in %s (%.0f docs/s)\n", how, n, took.Round(time.Millisecond), float64(n)/max(took.Seconds(), 1e-3))
	return nil
}

// warnIfDamaged logs a warning when the index does not match the store
// (index.Check), with the cure in the message.
func warnIfDamaged(ctx context.Context, ix index.Backend, st index.Store) {
	if err := ix.Check(ctx, st); err != nil {
		slog.Warn("index check", "err", err)
	}
}

// updateIndexAfterIngest indexes what an ingest run stored, unless another
// process (a running server) holds the index: that one follows the store.
func updateIndexAfterIngest(ctx context.Context, dataDir, indexSpec string, st *corpus.Store) error {
	stopLimit := limitHeapToLive()
	defer stopLimit()
	if noIndexYet(indexSpec, dataDir) {
		n, err := rebuildIndex(ctx, indexSpec, dataDir, st, nil)
		if err != nil {
			return err
		}
		slog.Info("index built", "indexed", n)
		return nil
	}
	ix, err := openIndex(indexSpec, dataDir, index.Options{})
	if errors.Is(err, index.ErrLocked) {
		slog.Info("index held by another process; a running server indexes the new documents itself (else run `fednews index`)", "detail", err)
		return nil
	}
	if err != nil {
		return err
	}
	defer ix.Close()
	n, err := ix.Update(ctx, st)
	if err != nil {
		return err
	}
	slog.Info("index updated", "indexed", n)
	return nil
}

// openStoreForIndex opens the store for indexing, which only reads it:
// read-only, without the 128 MB page cache and 256 MB memory map an
// import's writer is given (a rebuild at 100,000 documents carried them in
// its resident memory). A store of an older schema is opened read-write,
// which migrates it.
func openStoreForIndex(ctx context.Context, dir string) (*corpus.Store, error) {
	st, err := openStoreReadOnly(ctx, dir)
	if errors.Is(err, corpus.ErrOldSchema) {
		return openStore(ctx, dir)
	}
	return st, err
}

// indexProgress returns the progress callback of an index run. On a
// terminal it rewrites one line after every batch; elsewhere (a nightly
// job's log) it logs a line every progressEvery documents, as import does,
// instead of one endless line of carriage returns.
func indexProgress(w io.Writer, onTerminal bool, start time.Time, total int) func(int) {
	next := progressEvery
	return func(n int) {
		rate := float64(n) / max(time.Since(start).Seconds(), 1e-3)
		if onTerminal {
			fmt.Fprintf(w, "\rindexed %d documents (store holds %d), %.0f docs/s ", n, total, rate)
			return
		}
		if n < next && n < total {
			return
		}
		next = (n/progressEvery + 1) * progressEvery
		slog.Info("indexing", "documents", n, "store_holds", total, "docs_per_s", int(rate))
	}
}

// noIndexYet reports whether there is no index at --index yet. The first
// index of a store is then built as --rebuild builds one (the offline
// builder): for 2,000 documents a third of the time and 440 MB instead of
// 630 MB at the peak, against batches through the live index's merger
// (BENCHMARKS.md, session 9).
// Anything it cannot tell is left to the update path, which reports it.
func noIndexYet(spec, dataDir string) bool {
	d, loc, err := indexDriver(spec, dataDir)
	if err != nil {
		return false
	}
	ok, err := d.Exists(loc)
	return err == nil && !ok
}
