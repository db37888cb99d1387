// Package pgstore runs the store on PostgreSQL, through pgx, so that
// several crawlers on several machines write into one database and
// analysts query its figures in SQL. It is corpus.Store with a PostgreSQL
// Dialect: the decisions (duplicates, stories, change sequences) are the
// same Go code as on SQLite; only the schema and a few queries are
// PostgreSQL's.
package pgstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver

	"github.com/fednews/fednews/corpus"
)

// IsURL reports whether store names a PostgreSQL database
// (postgres://… or postgresql://…) rather than a data directory.
func IsURL(store string) bool {
	return strings.HasPrefix(store, "postgres://") || strings.HasPrefix(store, "postgresql://")
}

// Open connects to the PostgreSQL database at url and brings its schema to
// the newest version. Several processes may open one database at once.
func Open(ctx context.Context, url string) (*corpus.Store, error) {
	db, err := sql.Open("pgx", url)
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", redact(url), err)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open store %s: %w (is the server running, and does the database exist? createdb it first)", redact(url), err)
	}
	s, err := corpus.OpenDB(ctx, db, dialect{})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open store %s: %w", redact(url), err)
	}
	return s, nil
}

// redact drops the password from a URL for messages.
func redact(url string) string {
	scheme, rest, ok := strings.Cut(url, "://")
	if !ok {
		return url
	}
	at := strings.LastIndex(rest, "@")
	if at < 0 {
		return url
	}
	user, _, hasPass := strings.Cut(rest[:at], ":")
	if !hasPass {
		return url
	}
	return scheme + "://" + user + ":xxxxx" + rest[at:]
}

// writeLock is the key of the transaction-level advisory lock every write
// transaction takes first (see dialect.BeginWrite).
const writeLock = 0x66_65_64_6e_65_77_73 // "fednews"

type dialect struct{}

func (dialect) Name() string               { return "postgres" }
func (dialect) Migrations() []string       { return migrations }
func (dialect) Rebind(query string) string { return corpus.DollarPlaceholders(query) }

// BeginWrite takes a transaction-level advisory lock, which PostgreSQL
// releases at commit or rollback. Writers from every process and machine
// thus run one at a time, as on SQLite: a document's duplicate lookup sees
// every document committed before it (two copies of one story written at
// once still land in one cluster), and change sequences, taken inside the
// lock, commit in the order they were taken, so a follower that has seen
// sequence N never later finds a change below N (corpus.Feed). The CPU
// work of a write (normalizing, the MinHash sketch, extracting figures)
// happens before the lock, so concurrent crawlers still overlap there.
func (dialect) BeginWrite(ctx context.Context, db *sql.DB) (*sql.Tx, error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(writeLock)); err != nil {
		tx.Rollback()
		return nil, fmt.Errorf("wait for the write lock: %w", err)
	}
	return tx, nil
}

func (dialect) DocIn(ids []int64) (string, any, error) {
	return `doc_id = ANY(?::bigint[])`, ids, nil
}
