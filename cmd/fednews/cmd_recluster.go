package main

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/fednews/fednews/corpus"
)

func init() { register(newReclusterCmd) }

func newReclusterCmd() *cobra.Command {
	var dir string
	cmd := &cobra.Command{
		Use:   "recluster",
		Short: "Bring stories and normalized text written by an older fednews up to today's rules",
		Long: `A store written before issue 16 keeps the first-crawled copy of each story as
its canonical copy, and mixed-script documents keep a normalized text whose
traditional runs were left unconverted. This command normalizes every
document again where today's rules write it differently, elects each story's
canonical copy again (the earliest published), and then redoes the figures,
places and organizations of the documents it changed (as ` + "`fednews reextract`" + `).
Changed documents get new change sequences, so the index picks them up (run
` + "`fednews index`" + `, or let a running server follow). Stories are not re-formed:
copies stay in the story they joined. Running it again changes nothing.`,
		Example: "  fednews recluster --data=/var/lib/fednews && fednews index --data=/var/lib/fednews",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return withStore(cmd.Context(), dir, func(st *corpus.Store) error {
				return runRecluster(cmd.Context(), cmd.OutOrStdout(), st)
			})
		},
	}
	addDataFlag(cmd, &dir)
	return cmd
}

func runRecluster(ctx context.Context, stdout io.Writer, st *corpus.Store) error {
	res, err := st.Recluster(ctx)
	fmt.Fprintf(stdout, "normalized again: %d documents; stories with a new canonical copy: %d\n", res.Renormalized, res.Reelected)
	if err != nil {
		return fmt.Errorf("%w (what was redone is kept; run `fednews recluster` again to finish)", err)
	}
	_, err = refreshFigures(ctx, stdout, st)
	return err
}
