package pgstore

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/corpus/storetest"
	"github.com/fednews/fednews/internal/pgtest"
)

// TestWriterWaitsForEarlierCommit plays a second process that has taken
// sequence N and not yet committed: a Put meanwhile must wait (it is seen
// waiting on the advisory lock), and get N+1 only after N is committed,
// so that no follower can see N+1 and then miss N.
func TestWriterWaitsForEarlierCommit(t *testing.T) {
	ctx := context.Background()
	url := pgtest.Start(t).NewDatabase(t)
	st, err := Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	first, err := st.Put(ctx, storetest.Doc("https://l.example/1", storetest.Text(1, 100), 0), nil)
	if err != nil {
		t.Fatal(err)
	}
	firstSeq, _ := st.MaxSeq(ctx)

	raw, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	other, err := raw.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Rollback()
	var n int64
	if _, err := other.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(writeLock)); err != nil {
		t.Fatal(err)
	}
	if err := other.QueryRowContext(ctx, `UPDATE change_seq SET n = n + 1 RETURNING n`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	var otherID int64
	if err := other.QueryRowContext(ctx, `INSERT INTO documents (url, canonical_url, original, normalized, content_hash, seq)
		VALUES ('https://l.example/other', 'https://l.example/other', '其他', '其他', 'h', $1) RETURNING id`, n).Scan(&otherID); err != nil {
		t.Fatal(err)
	}

	type result struct {
		r   corpus.PutResult
		err error
	}
	put := make(chan result, 1)
	go func() {
		r, err := st.Put(ctx, storetest.Doc("https://l.example/2", storetest.Text(2, 100), 0), nil)
		put <- result{r, err}
	}()
	// Wait (without a time limit of our own; the test's -timeout is the
	// bound) until the Put is queued on a lock (the advisory lock; the counter's row would do as well).
	for {
		var waiting int
		if err := raw.QueryRowContext(ctx, `SELECT COUNT(*) FROM pg_locks WHERE NOT granted`).Scan(&waiting); err != nil {
			t.Fatal(err)
		}
		if waiting > 0 {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	if docs, err := st.Changed(ctx, firstSeq, 0); err != nil || len(docs) != 0 {
		t.Fatalf("while both writers are open the feed shows %d documents (%v), want none", len(docs), err)
	}
	if err := other.Commit(); err != nil {
		t.Fatal(err)
	}
	res := <-put
	if res.err != nil {
		t.Fatal(res.err)
	}
	docs, err := st.Changed(ctx, firstSeq, 0)
	if err != nil || len(docs) != 2 || docs[0].ID != otherID || docs[0].Seq != n || docs[1].ID != res.r.ID || docs[1].Seq != n+1 {
		t.Fatalf("feed after %d: %+v, %v; want the other writer's document at %d, then the Put's at %d", firstSeq, docs, err, n, n+1)
	}
	if first.ID == res.r.ID {
		t.Fatal("the second Put returned the first document")
	}
}
