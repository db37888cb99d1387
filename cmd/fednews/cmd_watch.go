package main

import (
	"context"
	"errors"
	"fmt"
	"github.com/fednews/fednews/zh"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/index"
)

func init() { register(newWatchCmd) }

func newWatchCmd() *cobra.Command {
	var dir, indexSpec string
	cmd := &cobra.Command{
		Use:   "watch add|list|rm|new",
		Short: "Saved searches: the new stories of a query since it was last looked at",
		Long: `A saved search remembers a query and how far its new stories were listed. ` + "`watch new`" + ` lists the
stories stored (and indexed) since the last ` + "`watch new`" + ` of that search, newest first, and moves
its mark; run it after the nightly ingest. The server serves each one as an Atom feed,
/feed.atom?watch=NAME.`,
	}
	add := &cobra.Command{
		Use: "add NAME QUERY", Short: "save a search; only stories stored from now on are new", Args: cobra.MinimumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withStore(cmd.Context(), dir, func(st *corpus.Store) error {
				w, err := st.AddWatch(cmd.Context(), args[0], strings.Join(args[1:], " "))
				if errors.Is(err, corpus.ErrWatchExists) {
					return usageError(err)
				}
				if err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "saved search %s: %s\n", w.Name, w.Query)
				return nil
			})
		},
	}
	list := &cobra.Command{
		Use: "list", Short: "list the saved searches", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return withStore(cmd.Context(), dir, func(st *corpus.Store) error {
				ws, err := st.Watches(cmd.Context())
				if err != nil {
					return err
				}
				for _, w := range ws {
					fmt.Fprintf(cmd.OutOrStdout(), "%s\t%s\tsince %s\n", w.Name, w.Query, w.Created.In(zh.China).Format(time.DateOnly))
				}
				return nil
			})
		},
	}
	rm := &cobra.Command{
		Use: "rm NAME", Short: "delete a saved search", Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withStore(cmd.Context(), dir, func(st *corpus.Store) error { return st.RemoveWatch(cmd.Context(), args[0]) })
		},
	}
	var peek bool
	newCmd := &cobra.Command{
		Use: "new [NAME]", Short: "list the new stories of one saved search, or of every one", Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runWatchNew(cmd.Context(), cmd.OutOrStdout(), dir, indexSpec, args, !peek)
		},
	}
	newCmd.Flags().BoolVar(&peek, "peek", false, "list without moving the mark: the same stories are new next time")
	addIndexFlag(newCmd, &indexSpec)
	for _, c := range []*cobra.Command{add, list, rm, newCmd} {
		addDataFlag(c, &dir)
		cmd.AddCommand(c)
	}
	return cmd
}

func runWatchNew(ctx context.Context, stdout io.Writer, dir, indexSpec string, names []string, mark bool) error {
	e, closeAll, err := openResearch(ctx, dir, indexSpec)
	if err != nil {
		return err
	}
	defer closeAll()
	st, err := openStore(ctx, dir)
	if err != nil {
		return err
	}
	defer st.Close()
	var ws []corpus.Watch
	if len(names) == 1 {
		w, err := st.Watch(ctx, names[0])
		if err != nil {
			return usageError(err)
		}
		ws = []corpus.Watch{w}
	} else if ws, err = st.Watches(ctx); err != nil {
		return err
	}
	for _, w := range ws {
		docs, err := e.NewStories(ctx, st, w, mark)
		if errors.Is(err, index.ErrBadQuery) {
			fmt.Fprintf(stdout, "== %s (%s): %v\n", w.Name, w.Query, err)
			continue
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "== %s (%s): %d new\n", w.Name, w.Query, len(docs))
		for _, d := range docs {
			day := ""
			if !d.Published.IsZero() {
				day = d.Published.In(zh.China).Format(time.DateOnly)
			}
			fmt.Fprintf(stdout, "%6d  %s  %s  %s\n", d.ID, day, d.Title, d.URL)
		}
	}
	return nil
}
