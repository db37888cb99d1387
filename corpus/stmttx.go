package corpus

import (
	"context"
	"database/sql"
)

// stmtTx is a transaction that prepares each statement once: PutBatch runs
// the same dozen statements for every document, and parsing them again
// each time took a sixth of an import's CPU.
type stmtTx struct {
	*sql.Tx
	stmts map[string]*sql.Stmt
}

func newStmtTx(tx *sql.Tx) *stmtTx { return &stmtTx{Tx: tx, stmts: map[string]*sql.Stmt{}} }

// stmt returns query prepared in the transaction, or nil when it cannot be
// prepared (the caller then runs it unprepared and reports that error).
func (t *stmtTx) stmt(ctx context.Context, query string) *sql.Stmt {
	if s, ok := t.stmts[query]; ok {
		return s
	}
	s, err := t.Tx.PrepareContext(ctx, query)
	if err != nil {
		return nil
	}
	t.stmts[query] = s
	return s
}

// ExecContext runs query as sql.Tx's does, prepared once.
func (t *stmtTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if s := t.stmt(ctx, query); s != nil {
		return s.ExecContext(ctx, args...)
	}
	return t.Tx.ExecContext(ctx, query, args...)
}

// QueryContext runs query as sql.Tx's does, prepared once.
func (t *stmtTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if s := t.stmt(ctx, query); s != nil {
		return s.QueryContext(ctx, args...)
	}
	return t.Tx.QueryContext(ctx, query, args...)
}

// QueryRowContext runs query as sql.Tx's does, prepared once.
func (t *stmtTx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if s := t.stmt(ctx, query); s != nil {
		return s.QueryRowContext(ctx, args...)
	}
	return t.Tx.QueryRowContext(ctx, query, args...)
}
