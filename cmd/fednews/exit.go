package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/fednews/fednews/corpus"
)

// Exit statuses of fednews (README "Exit status").
const (
	exitOK         = 0
	exitSomeFailed = 1 // every input was tried; some failed (counted, logged)
	exitUsage      = 2 // the command line is wrong: nothing was done
	exitFailed     = 3 // a source, the store or the index failed as a whole
)

// statusError is an error with the exit status it ends fednews with.
// Commands return usageError(…) or failedError(…) where the default is
// wrong; any other error a command's RunE returns exits with exitFailed,
// and an error cobra finds in the command line (flags, arguments,
// unknown command) exits with exitUsage.
type statusError struct {
	status int
	err    error
}

func (e *statusError) Error() string { return e.err.Error() }
func (e *statusError) Unwrap() error { return e.err }

// usageError marks err as a mistake in the command line (exit status 2).
func usageError(err error) error { return &statusError{exitUsage, err} }

// failedError marks err as a failure of a whole source or of the store
// (exit status 3).
func failedError(err error) error { return &statusError{exitFailed, err} }

// errSomeFailed is returned by commands that processed every input but
// failed on some; main turns it into exit status 1 without printing it again.
var errSomeFailed = &statusError{exitSomeFailed, errors.New("some inputs failed")}

// classifyErrors makes the errors of root and its subcommands carry their
// exit status: what RunE returns is a failure of the work unless it says
// otherwise; what fails before RunE (flag parsing, argument checks) is a
// usage error, told with the usage line and a pointer to --help.
func classifyErrors(root *cobra.Command) {
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageError(fmt.Errorf("%s: %w\nRun '%s --help' for usage", c.CommandPath(), err, c.CommandPath()))
	})
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if run := c.RunE; run != nil {
			c.RunE = func(cmd *cobra.Command, args []string) error {
				err := run(cmd, args)
				var se *statusError
				if err != nil && !errors.As(err, &se) {
					err = failedError(err)
				}
				return err
			}
		}
		if check := c.Args; check != nil {
			c.Args = func(cmd *cobra.Command, args []string) error {
				if err := check(cmd, args); err != nil {
					return usageError(fmt.Errorf("%s: %w\nUsage: %s\nRun '%s --help' for more", cmd.CommandPath(), err, cmd.UseLine(), cmd.CommandPath()))
				}
				return nil
			}
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

// exitStatus reports err on stderr (unless it is errSomeFailed, whose
// failures were reported one by one) and returns the exit status for it.
func exitStatus(err error, stderr io.Writer) int {
	if err == nil {
		return exitOK
	}
	if errors.Is(err, errSomeFailed) {
		return exitSomeFailed
	}
	fmt.Fprintln(stderr, "fednews:", err)
	var se *statusError
	if errors.As(err, &se) {
		return se.status
	}
	// cobra's own errors (an unknown command) come before any RunE.
	return exitUsage
}

// requireStore refuses a data directory that holds no store: commands
// that read the store would otherwise create an empty one and report on
// it, hiding a mistyped --data. Only import and ingest create a store.
func requireStore(dir string) error {
	if shared, err := sharedStore(); shared || err != nil {
		return err
	}
	_, err := os.Stat(filepath.Join(dir, corpus.DBFile))
	if errors.Is(err, os.ErrNotExist) {
		return failedError(fmt.Errorf("no store in %s: run `fednews ingest` or `fednews import` first, or pass --data", dir))
	}
	if err != nil {
		return failedError(fmt.Errorf("open store: %w", err))
	}
	return nil
}

// openStore opens the store of a command that reads it (requireStore).
func openStore(ctx context.Context, dir string) (*corpus.Store, error) {
	if err := requireStore(dir); err != nil {
		return nil, err
	}
	st, err := createStore(ctx, dir)
	if err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	return st, nil
}

// openStoreReadOnly opens the store of a command that only reads it
// (export, serve): it writes nothing to the data directory, so a store on
// read-only media can be exported and served.
// A shared PostgreSQL store is opened as by the other commands: the
// database, not the data directory, holds it.
func openStoreReadOnly(ctx context.Context, dir string) (*corpus.Store, error) {
	if shared, err := sharedStore(); shared || err != nil {
		if err != nil {
			return nil, err
		}
		return openStore(ctx, dir)
	}
	st, err := corpus.OpenReadOnly(ctx, dir)
	if errors.Is(err, corpus.ErrNoStore) {
		return nil, failedError(err)
	}
	return st, err
}
