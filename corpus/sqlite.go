package corpus

import (
	"context"
	"database/sql"
	"encoding/json"
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

func (sqliteDialect) DocIn(ids []int64) (string, any, error) {
	list, err := json.Marshal(ids)
	if err != nil {
		return "", nil, err
	}
	return `doc_id IN (SELECT value FROM json_each(?))`, string(list), nil
}
