package pgstore_test

import (
	"context"
	"database/sql"
	"testing"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/corpus/pgstore"
	"github.com/fednews/fednews/corpus/storetest"
	"github.com/fednews/fednews/internal/pgtest"
)

// TestStoreContract runs the shared store suite on PostgreSQL, each case
// in a database of its own on one throwaway server.
func TestStoreContract(t *testing.T) {
	srv := pgtest.Start(t)
	storetest.Run(t, storetest.Engine{
		New: func(t *testing.T) string { return srv.NewDatabase(t) },
		Open: func(ctx context.Context, url string) (corpus.Contract, error) {
			return pgstore.Open(ctx, url)
		},
		SQL: func(t *testing.T, url string) *sql.DB {
			db, err := sql.Open("pgx", url)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			return db
		},
	})
}
