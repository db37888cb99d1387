// Command fednews turns Chinese news about federations of industry and
// commerce into a searchable, countable, exportable collection.
//
// Each subcommand lives in its own file (cmd_NAME.go) and only wires flags
// to the library package that does the work.
package main

import (
	"context"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/fednews/fednews/ingest/trafextract"
)

// subcommands collects the commands registered by the cmd_*.go files.
var subcommands []func() *cobra.Command

func register(f func() *cobra.Command) { subcommands = append(subcommands, f) }

func newRoot() *cobra.Command {
	var verbose bool
	root := &cobra.Command{
		Use:           "fednews",
		Short:         "Search, count and export Chinese news about federations of industry and commerce",
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRun: func(cmd *cobra.Command, _ []string) {
			level := slog.LevelInfo
			if verbose {
				level = slog.LevelDebug
			}
			slog.SetDefault(slog.New(slog.NewTextHandler(cmd.ErrOrStderr(), &slog.HandlerOptions{Level: level})))
		},
	}
	root.PersistentFlags().BoolVarP(&verbose, "verbose", "v", false, "log debug messages")
	addStoreFlag(root)
	for _, f := range subcommands {
		root.AddCommand(f())
	}
	classifyErrors(root)
	return root
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// The first SIGINT or SIGTERM cancels ctx and every command winds down
	// (deferred closes and the nightly lock's release run); restoring the
	// default handling then lets a second one end a command that does not.
	go func() {
		<-ctx.Done()
		stop()
	}()
	// go-trafilatura's helper processes, if a command started any, end
	// with ctx (ingest/trafextract).
	trafextract.CloseWhenDone(ctx)
	stopProfile := startCPUProfile()
	err := newRoot().ExecuteContext(ctx)
	stopProfile()
	stop()
	os.Exit(exitStatus(err, os.Stderr))
}

// addDataFlag adds --data to a command that reads or writes the store.
func addDataFlag(cmd *cobra.Command, dir *string) {
	def := os.Getenv("FEDNEWS_DATA")
	if def == "" {
		def = "./fednews-data"
	}
	// The default is $FEDNEWS_DATA or ./fednews-data; cobra shows it.
	cmd.Flags().StringVar(dir, "data", def, "data directory holding the store and the index")
}
