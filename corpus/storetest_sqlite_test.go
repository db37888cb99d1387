package corpus_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/corpus/storetest"
)

// TestStoreContract runs the shared store suite on SQLite.
func TestStoreContract(t *testing.T) {
	storetest.Run(t, storetest.Engine{
		New: func(t *testing.T) string { return t.TempDir() },
		Open: func(ctx context.Context, dir string) (corpus.Contract, error) {
			return corpus.Open(ctx, dir)
		},
		SQL: func(t *testing.T, dir string) *sql.DB {
			db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, corpus.DBFile)+"?mode=ro")
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			return db
		},
	})
}
