package main

import (
	"context"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/corpus/pgstore"
)

// storeURL is --store: a PostgreSQL URL shared by a team's crawlers and
// servers, or "" for the SQLite store in --data.
var storeURL string

// addStoreFlag adds --store to every command; its default is
// $FEDNEWS_STORE. The index stays in --data either way: each server keeps
// its own and follows the shared store's feed.
func addStoreFlag(root *cobra.Command) {
	root.PersistentFlags().StringVar(&storeURL, "store", os.Getenv("FEDNEWS_STORE"),
		"shared PostgreSQL store (postgres://user@host/db); empty: the SQLite store in --data")
}

// sharedStore reports whether --store names a PostgreSQL store, refusing
// anything else it could be mistaken for.
func sharedStore() (bool, error) {
	switch {
	case storeURL == "":
		return false, nil
	case pgstore.IsURL(storeURL):
		return true, nil
	}
	return false, usageError(fmt.Errorf("--store=%q: want a PostgreSQL URL such as postgres://fednews@db.example/fednews (leave it out for the SQLite store in --data)", storeURL))
}

// createStore opens the store for a command that may create it (import,
// ingest): PostgreSQL at --store, else SQLite in dir.
func createStore(ctx context.Context, dir string) (*corpus.Store, error) {
	shared, err := sharedStore()
	if err != nil {
		return nil, err
	}
	if shared {
		return pgstore.Open(ctx, storeURL)
	}
	return corpus.Open(ctx, dir)
}

// withStore runs fn on the store of a command that reads and writes it
// (openStore), closed after.
func withStore(ctx context.Context, dir string, fn func(*corpus.Store) error) error {
	st, err := openStore(ctx, dir)
	if err != nil {
		return err
	}
	defer st.Close()
	return fn(st)
}
