package pgstore

import (
	"context"
	"database/sql"
	"strings"
	"sync"
	"testing"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/internal/pgtest"
)

// TestMigrations opens a new database from several handles at once, as
// crawlers started together do: each step is applied once and every
// handle ends at the version SQLite's migrations reach. A database from
// a newer fednews is refused.
func TestMigrations(t *testing.T) {
	if len(migrations) != corpus.SchemaVersion() {
		t.Fatalf("PostgreSQL has %d migrations, SQLite %d: both engines must have the same steps", len(migrations), corpus.SchemaVersion())
	}
	ctx := context.Background()
	url := pgtest.Start(t).NewDatabase(t)
	var wg sync.WaitGroup
	for i := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := Open(ctx, url)
			if err != nil {
				t.Errorf("open %d: %v", i, err)
				return
			}
			s.Close()
		}()
	}
	wg.Wait()
	db, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var versions, v int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*), MAX(version) FROM schema_version`).Scan(&versions, &v); err != nil {
		t.Fatal(err)
	}
	if versions != 1 || v != len(migrations) {
		t.Errorf("schema_version holds %d rows, version %d; want 1 row, %d", versions, v, len(migrations))
	}
	if _, err := db.ExecContext(ctx, `UPDATE schema_version SET version = 999`); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(ctx, url); err == nil || !strings.Contains(err.Error(), "upgrade fednews") {
		t.Errorf("open of a newer schema: %v, want a refusal saying to upgrade", err)
	}
}

// TestOpenNames checks what Open says about a server it cannot reach, and
// that it never repeats a password.
func TestOpenNames(t *testing.T) {
	_, err := Open(context.Background(), "postgres://fednews:secret@/none?host=/nonexistent-dir&connect_timeout=2")
	if err == nil || strings.Contains(err.Error(), "secret") || !strings.Contains(err.Error(), "is the server running") {
		t.Errorf("open of an unreachable server: %v", err)
	}
	for in, want := range map[string]string{
		"postgres://u:pw@h/db":   "postgres://u:xxxxx@h/db",
		"postgres://u@h/db":      "postgres://u@h/db",
		"postgresql://h/db?x=@y": "postgresql://h/db?x=@y",
	} {
		if got := redact(in); got != want {
			t.Errorf("redact(%q) = %q, want %q", in, got, want)
		}
	}
}
