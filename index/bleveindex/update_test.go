package bleveindex

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/index"
	"github.com/fednews/fednews/zh"
)

const (
	updBody = "江西省万年县工商联不断推动全县营商环境优化。万年县女企业家商会开展活动，服务民营企业发展，助力乡村振兴和共同富裕。"
	// A reprint: near duplicate of updBody.
	updReprint = updBody + "会议强调要持续优化服务。"
	updOther   = "山东省临沂市郯城县工商联提升基层商会建设水平，服务民营经济高质量发展。"
)

func putDoc(t *testing.T, st *corpus.Store, url, title, body string) int64 {
	t.Helper()
	d := &corpus.Document{URL: url, Title: title, Original: body, Published: time.Date(2022, 5, 1, 8, 0, 0, 0, zh.China)}
	res, err := st.Put(context.Background(), d, nil)
	if err != nil {
		t.Fatal(err)
	}
	return res.ID
}

// storeAndIndex opens a store and an index (for writing) in a fresh data directory.
func storeAndIndex(ctx context.Context, t *testing.T) (*corpus.Store, string, *Index) {
	t.Helper()
	data := t.TempDir()
	st, err := corpus.Open(ctx, data)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	dir := filepath.Join(data, "index")
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	return st, dir, ix
}

// TestUpdateFollowsStore indexes a store incrementally: a reprint stored
// after its original joins its cluster, the sequence survives reopening.
func TestUpdateFollowsStore(t *testing.T) {
	ctx := context.Background()
	st, dir, ix := storeAndIndex(ctx, t)
	a := putDoc(t, st, "https://example.org/a", "万年县工商联", updBody)
	if n, err := ix.Update(ctx, st); n != 1 || err != nil {
		t.Fatalf("first update: %d, %v", n, err)
	}
	b := putDoc(t, st, "https://example.org/b", "万年县工商联（转载）", updReprint)
	if n, err := ix.Update(ctx, st); n != 1 || err != nil {
		t.Fatalf("second update: %d, %v", n, err)
	}
	r := doSearch(t, ix, index.Request{Query: "女企业家商会"})
	if r.Total != 1 || r.Documents != 2 || r.Hits[0].ID != a || len(r.Hits[0].Duplicates) != 1 || r.Hits[0].Duplicates[0].ID != b {
		t.Errorf("after the reprint: total %d documents %d hits %+v", r.Total, r.Documents, r.Hits)
	}
	ix.Close()

	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if n, err := ix.Update(ctx, st); n != 0 || err != nil {
		t.Errorf("update after reopening: %d, %v (want nothing to do)", n, err)
	}
	if seq, _ := ix.Seq(); seq == 0 {
		t.Error("sequence not kept")
	}
}

// TestFollowAndRebuild: a server follows the store, a rebuild by another
// process is swapped in under it and the old index removed.
func TestFollowAndRebuild(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	st, dir, ix := storeAndIndex(ctx, t)
	defer ix.Close()
	done := make(chan error)
	go func() { done <- ix.Follow(ctx, st, 20*time.Millisecond) }()

	putDoc(t, st, "https://example.org/a", "万年县工商联", updBody)
	waitFor(t, ix, "万年县", 1)

	start := time.Now()
	if _, err := Open(dir); !errors.Is(err, index.ErrLocked) {
		t.Errorf("second writer: %v, want ErrLocked", err)
	}
	if d := time.Since(start); d > 5*LockTimeout {
		t.Errorf("the second writer waited %s", d)
	}
	// A reader searches the copy the writer publishes when an update
	// has finished (it shows its own searches the documents a moment
	// before).
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		ro, err := OpenReadOnly(dir)
		if err != nil {
			t.Fatalf("reader while held: %v", err)
		}
		r := doSearch(t, ro, index.Request{Query: "万年县"})
		ro.Close()
		if r.Documents == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Errorf("reader sees %d documents", r.Documents)
			break
		}
	}
	if snaps, _ := filepath.Glob(filepath.Join(dir, ".snapshot-*")); len(snaps) != 0 {
		t.Errorf("snapshots left: %v", snaps)
	}
	old, _ := readCurrent(dir)
	n, err := Rebuild(ctx, st, dir, nil)
	if err != nil || n != 1 {
		t.Fatalf("rebuild: %d, %v", n, err)
	}
	// The follower switches on its next round and then removes the old
	// index; a document put meanwhile may reach the old index first, so
	// the switch is waited for itself, not inferred from a search.
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		ix.mu.RLock()
		name := ix.name
		ix.mu.RUnlock()
		_, err := os.Stat(filepath.Join(dir, old))
		if name != old && os.IsNotExist(err) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the follower did not switch to the rebuilt index and remove the old one (live %s, old %s: %v)", name, old, err)
		}
	}
	putDoc(t, st, "https://example.org/c", "郯城县工商联", updOther)
	waitFor(t, ix, "郯城县", 1)
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("follow returned %v", err)
	}
}

func waitFor(t *testing.T, ix *Index, q string, want int) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second) // bounds a failure only: the segmenter loads on the first document, seconds on a busy machine
	for {
		r, err := ix.Search(context.Background(), index.Request{Query: q})
		if err == nil && r.Documents == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%q: never reached %d documents (last %+v, %v)", q, want, r, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestOpenReadOnlyMissing(t *testing.T) {
	if _, err := OpenReadOnly(t.TempDir()); !errors.Is(err, index.ErrNoIndex) {
		t.Errorf("got %v, want ErrNoIndex", err)
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, currentFile), []byte("../etc\n"), 0o644)
	if _, err := Open(dir); err == nil {
		t.Error("a corrupt pointer was accepted")
	}
}

// TestWriteBatchesOrder writes batches that index the same document again
// and again, with batches in flight at once: the last version wins, and
// the sequence number written after each batch never runs ahead of the
// batches already in the index.
func TestWriteBatchesOrder(t *testing.T) {
	ctx := context.Background()
	bi, err := create(filepath.Join(t.TempDir(), "ix"), newMapping(fednewsSchema))
	if err != nil {
		t.Fatal(err)
	}
	defer bi.Close()
	const batches = 6
	built := 0
	next := func() (*pendingBatch, error) {
		if built == batches {
			return nil, nil
		}
		built++
		pub := time.Date(2022, 5, 1, 8, 0, 0, 0, zh.China)
		entries := []Entry{
			{Doc: newDoc(1, "版本"+strconv.Itoa(built), "", updBody, pub)}, // in every batch
			{Doc: newDoc(int64(100+built), "其他", "", updOther, pub)},
		}
		return buildBatch(bi, fednewsSchema, entries, len(entries), map[string]string{seqKey: strconv.Itoa(built)})
	}
	var seen []int
	progress := func(n int) {
		seq, err := seqOf(bi)
		if err != nil {
			t.Fatal(err)
		}
		if want := int64(n / 2); seq != want {
			t.Errorf("after %d documents the sequence is %d, want %d", n, seq, want)
		}
		seen = append(seen, n)
	}
	n, err := writeBatches(ctx, bi, next, progress)
	if err != nil {
		t.Fatal(err)
	}
	if n != 2*batches || len(seen) != batches {
		t.Fatalf("wrote %d documents in %d progress steps, want %d in %d", n, len(seen), 2*batches, batches)
	}
	ix := &Index{bi: bi}
	res, err := ix.Search(ctx, index.Request{Query: "版本", NoCollapse: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 1 || res.Hits[0].Title != "版本"+strconv.Itoa(batches) {
		t.Fatalf("hits %+v, want the last version of document 1 only", res.Hits)
	}
	if c, _ := bi.DocCount(); c != batches+1 {
		t.Errorf("%d documents in the index, want %d", c, batches+1)
	}
}
