package corpus

import (
	"context"
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
	// 4: the change-sequence counter (see Feed): sequences come from one
	// row that each writer updates, starting where MAX(seq) was.
	`
CREATE TABLE change_seq (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	n  INTEGER NOT NULL
);
INSERT INTO change_seq (id, n) SELECT 1, COALESCE(MAX(seq), 0) FROM documents;
`,
	// 5: figures joined with their documents, for analysts' SQL (README,
	// "Querying the store in SQL"); the same view on PostgreSQL.
	`
CREATE VIEW document_figures AS
SELECT d.id AS doc_id, d.url, d.source, d.title, d.author, d.published, d.script, d.cluster,
	d.cluster = d.id AS stands_for_story,
	f.ord, f.kind, f.text, f.value, f.value_max, f.unit, f.qualifier, f.date, f.date_end,
	f.period_start, f.period_end, f.topic, f.subject, f.sentence, f.start, f."end"
FROM figures f JOIN documents d ON d.id = f.doc_id;
`,
	// 6: the places and organizations of each document, found once at ingest
	// (JSON, see Entities), and the version of the rules that found them.
	`
ALTER TABLE documents ADD COLUMN entities TEXT NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN entities_version INTEGER NOT NULL DEFAULT 0;
`,
	// 7: saved searches (issue 18): a query and the store change sequence
	// up to which its new stories were last listed.
	`
CREATE TABLE watches (
	name     TEXT PRIMARY KEY,
	query    TEXT NOT NULL,
	created  TEXT NOT NULL,
	seen_seq INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
`,
	// 8: no index of band keys by document. Only replacing a document's
	// sketch looked its band keys up by document, and it computes them
	// from the stored signature instead; the index cost an import 32
	// B-tree inserts per document and a store 13 MB per 20,000 documents.
	`
DROP INDEX IF EXISTS sketch_bands_doc;
`,
}

// SchemaVersion is the schema version this fednews brings a store to.
func SchemaVersion() int { return len(migrations) }

// migrate brings the database to the newest schema version of its
// dialect, one migration per write transaction, so a crash leaves it at a
// well-defined version and two processes opening a new store at once
// apply each step once.
func (s *Store) migrate(ctx context.Context) error {
	steps := s.db.d.Migrations()
	for {
		done, err := s.migrateStep(ctx, steps)
		if err != nil || done {
			return err
		}
	}
}

// migrateStep applies the next migration, reporting done when there is none.
func (s *Store) migrateStep(ctx context.Context, steps []string) (done bool, err error) {
	tx, err := s.db.beginWrite(ctx)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)`); err != nil {
		return false, fmt.Errorf("create schema_version: %w", err)
	}
	var v int
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_version`).Scan(&v); err != nil {
		return false, fmt.Errorf("read schema version: %w", err)
	}
	if v > len(steps) {
		return false, fmt.Errorf("database schema version %d is newer than this fednews (%d): upgrade fednews", v, len(steps))
	}
	if v == len(steps) {
		return true, tx.Commit()
	}
	if err := tx.execScript(ctx, steps[v]); err != nil {
		return false, fmt.Errorf("%s migration %d: %w", s.db.d.Name(), v+1, err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM schema_version`); err != nil {
		return false, fmt.Errorf("migration %d: record version: %w", v+1, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_version (version) VALUES (?)`, v+1); err != nil {
		return false, fmt.Errorf("migration %d: record version: %w", v+1, err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("migration %d: commit: %w", v+1, err)
	}
	return false, nil
}
