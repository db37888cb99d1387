package corpus

import (
	"context"
	"testing"
)

// TestCrowdedBandKeyBoundsCandidates: a band key that 10,000 stored
// documents share (standing lines) gives a new document its
// bandCandidates most recent as candidates, not 10,000, while a key with
// fewer members gives all of them.
func TestCrowdedBandKeyBoundsCandidates(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	doc := sampleDoc("https://c.example/new", uniqueText(7, 600))
	Prepare(doc)
	keys := sketch(doc.Normalized).bandKeys()
	const crowd, rare = 10000, bandCandidates - 3
	other := sketch(uniqueText(8, 600)).bytes() // far from doc: nothing joins
	setup := []struct {
		q    string
		args []any
	}{
		{`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
			INSERT INTO documents (id, url, canonical_url, original, normalized, content_hash, cluster, seq)
			SELECT i, 'https://old.example/' || i, 'https://old.example/' || i, 'x', 'x', 'h' || i, i, -i FROM n`, []any{crowd}},
		{`INSERT INTO sketches (doc_id, signature) SELECT id, ? FROM documents`, []any{other}},
		{`INSERT INTO sketch_bands (band, key, doc_id) SELECT 0, ?, id FROM documents`, []any{keys[0]}},
		{`INSERT INTO sketch_bands (band, key, doc_id) SELECT 1, ?, id FROM documents WHERE id <= ?`, []any{keys[1], rare}},
	}
	for _, st := range setup {
		if _, err := s.db.ExecContext(ctx, st.q, st.args...); err != nil {
			t.Fatalf("%s: %v", st.q, err)
		}
	}

	tx, err := s.db.beginWrite(ctx)
	if err != nil {
		t.Fatal(err)
	}
	args := []any{int64(0)}
	for _, k := range keys {
		args = append(args, k)
	}
	ids, err := candidates(ctx, tx, args)
	tx.Rollback()
	if err != nil {
		t.Fatal(err)
	}
	// The latest bandCandidates of band 0 and every member of band 1.
	if want := bandCandidates + rare; len(ids) != want {
		t.Errorf("%d candidates; want %d (%d of the crowded key, %d of the rare one)", len(ids), want, bandCandidates, rare)
	}
	for _, id := range ids {
		if id > rare && id <= crowd-bandCandidates {
			t.Errorf("candidate %d: neither among the crowded key's latest nor a member of the rare key", id)
		}
	}

	r, err := s.Put(ctx, doc, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.Cluster != r.ID {
		t.Errorf("new document joined story %d; want a story of its own", r.Cluster)
	}
}

// candidates runs candidatesQuery and returns the documents it compares.
func candidates(ctx context.Context, tx txn, args []any) ([]int64, error) {
	rows, err := tx.QueryContext(ctx, candidatesQuery, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		var sig []byte
		if err := rows.Scan(&id, &sig); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
