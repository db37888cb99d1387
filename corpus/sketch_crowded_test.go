package corpus

import (
	"context"
	"slices"
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
	ids, err := candidateIDs(ctx, tx, args)
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

// TestSignatureCacheFollowsWrites: within a write transaction the
// signatures mostSimilar compares are the stored ones, through a read, a
// replacement and a deletion.
func TestSignatureCacheFollowsWrites(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	t1, t2 := uniqueText(21, 600), uniqueText(22, 600)
	r, err := s.Put(ctx, sampleDoc("https://c.example/x", t1), nil)
	if err != nil {
		t.Fatal(err)
	}
	x := r.ID
	norm := func(text string) string { d := sampleDoc("", text); Prepare(d); return d.Normalized }
	s1, s2 := sketch(norm(t1)), sketch(norm(t2))
	tx, err := s.db.beginWrite(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	most := func(sig signature) int64 {
		t.Helper()
		args := []any{int64(0)}
		for _, k := range sig.bandKeys() {
			args = append(args, k)
		}
		best, err := mostSimilar(ctx, tx, sig, args)
		if err != nil {
			t.Fatal(err)
		}
		return best
	}
	cached := func(step string, want signature) {
		t.Helper()
		got, ok := tx.sigs[x]
		if want == nil && ok || want != nil && !slices.Equal(got, want) {
			t.Errorf("%s: cached signature of %d is %v (cached %v), want the stored one", step, x, got[:min(2, len(got))], ok)
		}
	}
	if got := most(s1); got != x {
		t.Fatalf("the stored text's own signature finds %d, want %d", got, x)
	}
	cached("read", s1)
	if err := writeSketch(ctx, tx, x, s2, true); err != nil {
		t.Fatal(err)
	}
	cached("replaced", s2)
	if a, b := most(s2), most(s1); a != x || b != 0 {
		t.Errorf("after the replacement: the new signature finds %d (want %d), the old one %d (want none)", a, x, b)
	}
	if err := deleteSketch(ctx, tx, x); err != nil {
		t.Fatal(err)
	}
	cached("deleted", nil)
	if got := most(s2); got != 0 {
		t.Errorf("after the deletion the signature finds %d, want none", got)
	}
}
