package corpus

import (
	"context"
	"database/sql"
	"fmt"
)

// migrations are applied in order; migrations[i] brings the schema to
// version i+1. Never edit a released entry: append a new one.
var migrations = []string{
	// 1: documents, figures, near-duplicate sketches, crawl state, runs.
	`
CREATE TABLE documents (
	id            INTEGER PRIMARY KEY,
	url           TEXT NOT NULL,
	canonical_url TEXT NOT NULL,
	source        TEXT NOT NULL DEFAULT '',
	title         TEXT NOT NULL DEFAULT '',
	author        TEXT NOT NULL DEFAULT '',
	published     TEXT NOT NULL DEFAULT '',
	fetched_at    TEXT NOT NULL DEFAULT '',
	charset       TEXT NOT NULL DEFAULT '',
	script        TEXT NOT NULL DEFAULT '',
	original      TEXT NOT NULL,
	normalized    TEXT NOT NULL,
	content_hash  TEXT NOT NULL,
	cluster       INTEGER NOT NULL DEFAULT 0,
	seq           INTEGER NOT NULL UNIQUE
);
CREATE UNIQUE INDEX documents_canonical_url ON documents(canonical_url) WHERE canonical_url <> '';
CREATE INDEX documents_content_hash ON documents(content_hash);
CREATE INDEX documents_cluster ON documents(cluster);

CREATE TABLE figures (
	doc_id    INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
	ord       INTEGER NOT NULL,
	kind      TEXT NOT NULL,
	text      TEXT NOT NULL,
	start     INTEGER NOT NULL CHECK (start >= 0),
	"end"     INTEGER NOT NULL CHECK ("end" >= start),
	value     REAL,
	value_max REAL,
	unit      TEXT NOT NULL DEFAULT '',
	qualifier TEXT NOT NULL DEFAULT '',
	date      TEXT NOT NULL DEFAULT '',
	date_end  TEXT NOT NULL DEFAULT '',
	subject   TEXT NOT NULL DEFAULT '',
	sentence  TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (doc_id, ord)
) WITHOUT ROWID;

-- sketches holds each document's MinHash signature; sketch_bands its LSH
-- band keys, the lookup that finds near-duplicate candidates.
CREATE TABLE sketches (
	doc_id    INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
	signature BLOB NOT NULL
);
CREATE TABLE sketch_bands (
	band   INTEGER NOT NULL,
	key    INTEGER NOT NULL,
	doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
	PRIMARY KEY (band, key, doc_id)
) WITHOUT ROWID;
CREATE INDEX sketch_bands_doc ON sketch_bands(doc_id);

CREATE TABLE crawl_state (
	url           TEXT PRIMARY KEY,
	etag          TEXT NOT NULL DEFAULT '',
	last_modified TEXT NOT NULL DEFAULT '',
	last_status   INTEGER NOT NULL DEFAULT 0,
	last_error    TEXT NOT NULL DEFAULT '',
	last_fetched  TEXT NOT NULL DEFAULT '',
	next_fetch    TEXT NOT NULL DEFAULT '',
	failures      INTEGER NOT NULL DEFAULT 0,
	doc_id        INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

CREATE TABLE runs (
	id       INTEGER PRIMARY KEY,
	started  TEXT NOT NULL,
	finished TEXT NOT NULL DEFAULT '',
	counts   TEXT NOT NULL DEFAULT '{}',
	errors   TEXT NOT NULL DEFAULT '[]'
);
`,
	// 2: the version of the extractor that wrote each document's figures,
	// so that documents an older one extracted can be found and redone.
	`
ALTER TABLE documents ADD COLUMN extractor INTEGER NOT NULL DEFAULT 0;
CREATE INDEX documents_extractor ON documents(extractor, id);
`,
	// The period each figure describes and what it measures (issue 12).
	`
ALTER TABLE figures ADD COLUMN period_start TEXT NOT NULL DEFAULT '';
ALTER TABLE figures ADD COLUMN period_end TEXT NOT NULL DEFAULT '';
ALTER TABLE figures ADD COLUMN topic TEXT NOT NULL DEFAULT '';
`,
	// Saved searches (issue 18): a query and the store change sequence up
	// to which its new stories were last listed.
	`
CREATE TABLE IF NOT EXISTS watches (
	name     TEXT PRIMARY KEY,
	query    TEXT NOT NULL,
	created  TEXT NOT NULL,
	seen_seq INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
`,
}

// SchemaVersion is the schema version this fednews brings a store to.
func SchemaVersion() int { return len(migrations) }

// migrate brings the database to the newest schema version, one migration
// per transaction, so a crash leaves it at a well-defined version.
func migrate(ctx context.Context, db *sql.DB) error {
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)`); err != nil {
		return fmt.Errorf("create schema_version: %w", err)
	}
	for {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		var v int
		err = tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_version`).Scan(&v)
		if err != nil {
			tx.Rollback()
			return fmt.Errorf("read schema version: %w", err)
		}
		if v > len(migrations) {
			tx.Rollback()
			return fmt.Errorf("database schema version %d is newer than this fednews (%d): upgrade fednews", v, len(migrations))
		}
		if v == len(migrations) {
			return tx.Rollback()
		}
		if _, err := tx.ExecContext(ctx, migrations[v]); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %d: %w", v+1, err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM schema_version`); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %d: record version: %w", v+1, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_version (version) VALUES (?)`, v+1); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %d: record version: %w", v+1, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("migration %d: commit: %w", v+1, err)
		}
	}
}
