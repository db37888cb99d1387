package corpus

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
)

// sqliteDialect is SQLite through modernc.org/sqlite, the embedded default.
type sqliteDialect struct{}

func (sqliteDialect) Name() string               { return "sqlite" }
func (sqliteDialect) Migrations() []string       { return migrations }
func (sqliteDialect) Rebind(query string) string { return query }

// BeginWrite relies on the DSN's _txlock=immediate: the transaction takes
// SQLite's write lock at BEGIN, so writers queue on the busy timeout and
// hold the lock to commit.
func (sqliteDialect) BeginWrite(ctx context.Context, db *sql.DB) (*sql.Tx, error) {
	return db.BeginTx(ctx, nil)
}

func (sqliteDialect) NearDuplicateCandidates(keys []int64, self int64) (string, []any) {
	var q strings.Builder
	args := make([]any, 0, 2*len(keys)+1)
	q.WriteString(`SELECT DISTINCT b.doc_id, s.signature, d.cluster FROM sketch_bands b
		JOIN sketches s ON s.doc_id = b.doc_id JOIN documents d ON d.id = b.doc_id
		WHERE b.doc_id <> ? AND (b.band, b.key) IN (VALUES `)
	args = append(args, self)
	for band, k := range keys {
		if band > 0 {
			q.WriteString(",")
		}
		q.WriteString("(?,?)")
		args = append(args, band, k)
	}
	q.WriteString(`) ORDER BY b.doc_id`)
	return q.String(), args
}

func (sqliteDialect) DocIn(ids []int64) (string, any, error) {
	list, err := json.Marshal(ids)
	if err != nil {
		return "", nil, err
	}
	return `doc_id IN (SELECT value FROM json_each(?))`, string(list), nil
}
