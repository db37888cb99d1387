package corpus

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
)

// Dialect is what one SQL engine does its own way. Everything else — what
// is a duplicate, which copy stands for a story, which sequence a change
// gets — is the Store's, the same Go code on every engine, so that SQLite
// and PostgreSQL decide alike. Queries are written with ? placeholders and
// Rebind rewrites them for the engine.
type Dialect interface {
	// Name names the engine in messages: "sqlite", "postgres".
	Name() string
	// Migrations are the engine's schema steps: step i brings the schema
	// to version i+1. Both engines have the same number of steps, with
	// the same tables and columns.
	Migrations() []string
	// Rebind rewrites a query written with ? placeholders.
	Rebind(query string) string
	// BeginWrite starts a transaction that writes. Write transactions are
	// serialized from start to commit, so that each sees the others'
	// documents when it looks for duplicates and takes change sequences
	// in commit order (see Feed).
	BeginWrite(ctx context.Context, db *sql.DB) (*sql.Tx, error)
	// DocIn returns a condition that doc_id is one of ids, with its one
	// argument.
	DocIn(ids []int64) (string, any, error)
}

// OpenDB returns a Store over db, an open database of dialect d, after
// bringing its schema to the newest version. The Store owns db: Close
// closes it. corpus/pgstore opens PostgreSQL this way.
func OpenDB(ctx context.Context, db *sql.DB, d Dialect) (*Store, error) {
	s := &Store{db: newConn(db, d)}
	if err := s.migrate(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// runner is what *sql.DB and *sql.Tx share.
type runner interface {
	ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

// rebinding runs every query rebound for the dialect, so that the Store's
// statements are written once.
type rebinding struct {
	r runner
	d Dialect
}

func (b rebinding) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return b.r.ExecContext(ctx, b.d.Rebind(q), args...)
}

func (b rebinding) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return b.r.QueryContext(ctx, b.d.Rebind(q), args...)
}

func (b rebinding) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	return b.r.QueryRowContext(ctx, b.d.Rebind(q), args...)
}

// conn is the Store's database.
type conn struct {
	rebinding
	db *sql.DB
}

func newConn(db *sql.DB, d Dialect) conn { return conn{rebinding{db, d}, db} }

// beginWrite starts a write transaction (see Dialect.BeginWrite).
func (c conn) beginWrite(ctx context.Context) (txn, error) {
	tx, err := c.d.BeginWrite(ctx, c.db)
	if err != nil {
		return txn{}, fmt.Errorf("begin write: %w", err)
	}
	return txn{tx: tx, d: c.d, stmts: map[string]*sql.Stmt{}, sigs: map[int64]signature{}}, nil
}

// txn is a write transaction that prepares each statement once: PutBatch
// runs the same dozen statements for every document, and parsing them
// again each time took a sixth of an import's CPU. Queries are rebound
// for the dialect.
type txn struct {
	tx    *sql.Tx
	d     Dialect
	stmts map[string]*sql.Stmt
	sigs  map[int64]signature // signatures this transaction read or wrote (neardup.go)
}

// stmt returns query prepared in the transaction, once.
func (t txn) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if s, ok := t.stmts[query]; ok {
		return s, nil
	}
	s, err := t.tx.PrepareContext(ctx, t.d.Rebind(query))
	if err != nil {
		return nil, err
	}
	t.stmts[query] = s
	return s, nil
}

func (t txn) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	s, err := t.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return s.ExecContext(ctx, args...)
}

func (t txn) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	s, err := t.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return s.QueryContext(ctx, args...)
}

// QueryRowContext runs query prepared; a query that cannot be prepared
// runs unprepared, so that its *sql.Row carries the error.
func (t txn) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if s, err := t.stmt(ctx, query); err == nil {
		return s.QueryRowContext(ctx, args...)
	}
	return t.tx.QueryRowContext(ctx, t.d.Rebind(query), args...)
}

// execScript runs statements that take no arguments (a migration, which
// may hold several), unprepared: a prepared statement is one statement.
func (t txn) execScript(ctx context.Context, script string) error {
	_, err := t.tx.ExecContext(ctx, script)
	return err
}

func (t txn) Commit() error   { return t.tx.Commit() }
func (t txn) Rollback() error { return t.tx.Rollback() }

// nextSeq takes the next change sequence from the counter. The counter's
// row stays locked until the transaction ends, so no other writer takes
// a sequence until this one has committed or rolled back: sequences
// become visible in the order they were taken, never a lower one after a
// higher (the Feed invariant). MAX(seq)+1 would not do that on an engine
// with concurrent writers, and would reuse a number after a rollback.
func nextSeq(ctx context.Context, tx txn) (int64, error) {
	var n int64
	if err := tx.QueryRowContext(ctx, `UPDATE change_seq SET n = n + 1 RETURNING n`).Scan(&n); err != nil {
		return 0, fmt.Errorf("next change sequence: %w", err)
	}
	return n, nil
}

// DollarPlaceholders rewrites the ? placeholders of query as $1, $2, …
// (PostgreSQL's), leaving ? inside quoted strings and identifiers alone.
func DollarPlaceholders(query string) string {
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	var quote byte
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '?':
			// ?N (SQLite's numbered parameter, used where one value
			// appears twice) is $N; a bare ? takes the next number.
			j := i + 1
			for j < len(query) && query[j] >= '0' && query[j] <= '9' {
				j++
			}
			if j > i+1 {
				b.WriteString("$" + query[i+1:j])
				i = j - 1
				continue
			}
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}
