package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/spf13/cobra"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/extract"
)

func init() { register(newReextractCmd) }

func newReextractCmd() *cobra.Command {
	var dir string
	cmd := &cobra.Command{
		Use:   "reextract",
		Short: "Redo the figures, places and organizations of stored documents that an older fednews extracted",
		Long: `Every stored document records the version of the extractor that wrote its
figures, and of the rules that found its places and organizations. After an
upgrade that changes either, this command extracts the figures, places and
organizations of the older documents again and stores them, one document per
transaction; the search index picks them up like any change (run ` + "`fednews index`" + `,
or let a running server follow). An interrupted run keeps what it redid and
the next one goes on from there.

The nightly ` + "`fednews ingest`" + ` does the same after its crawl, so this command is for
doing it at once, without crawling.`,
		Example: "  fednews reextract --data=/var/lib/fednews && fednews index --data=/var/lib/fednews",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return withStore(cmd.Context(), dir, func(st *corpus.Store) error {
				_, err := refreshFigures(cmd.Context(), cmd.OutOrStdout(), st)
				return err
			})
		},
	}
	addDataFlag(cmd, &dir)
	return cmd
}

// refreshFigures redoes the figures older extractors wrote, logs progress
// and prints what it did when it did anything.
func refreshFigures(ctx context.Context, stdout io.Writer, st *corpus.Store) (int, error) {
	var logged time.Time
	n, err := extract.Refresh(ctx, st, func(done, total int) {
		if time.Since(logged) >= 2*time.Second || done == total {
			slog.Info("reextract", "documents", done, "of", total, "extractor", extract.Version)
			logged = time.Now()
		}
	})
	if n > 0 || err != nil {
		fmt.Fprintf(stdout, "figures re-extracted (extractor version %d): %d documents\n", extract.Version, n)
	}
	if err != nil {
		return n, fmt.Errorf("%w (documents redone so far keep their new figures; run `fednews reextract` to finish)", err)
	}
	return n, nil
}
