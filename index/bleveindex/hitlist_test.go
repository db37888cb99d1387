package bleveindex

import (
	"cmp"
	"context"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/fednews/fednews/index"
)

// TestRankedMatchesBleve: the hits, their order and their scores, page by
// page, are bleve's top-N collector's, before and after re-indexing
// (deleted documents, a new snapshot), cached or not.
func TestRankedMatchesBleve(t *testing.T) {
	entries := append(fixtureEntries(t), demoEntries(t)...)
	ix := openTest(t, entries)
	check := func(stage string) {
		for _, q := range []string{"*", "工商联", "商会", "发展", "-工商联", "province:江西 OR 商会", "企业 发展"} {
			sreq := bleve.NewSearchRequestOptions(mustCompile(t, ix, q), 10000, 0, false)
			res, err := ix.bi.Search(sreq)
			if err != nil {
				t.Fatal(err)
			}
			// Ties by document ID, which stays when a merge renumbers.
			slices.SortStableFunc(res.Hits, func(a, b *search.DocumentMatch) int {
				x, _ := strconv.ParseInt(a.ID, 10, 64)
				y, _ := strconv.ParseInt(b.ID, 10, 64)
				return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(x, y))
			})
			for _, pg := range []struct{ offset, limit int }{{0, 10}, {10, 10}, {3, 100}, {0, 1000}} {
				for round := range 2 { // the second may come from the cache
					r := doSearch(t, ix, index.Request{Query: q, NoCollapse: true, Offset: pg.offset, Limit: pg.limit})
					if r.Documents != int(res.Total) {
						t.Errorf("%s %q: %d documents, bleve %d", stage, q, r.Documents, res.Total)
					}
					want := res.Hits[min(pg.offset, len(res.Hits)):min(pg.offset+pg.limit, len(res.Hits))]
					if len(r.Hits) != len(want) {
						t.Fatalf("%s %q %+v round %d: %d hits, bleve %d", stage, q, pg, round, len(r.Hits), len(want))
					}
					for i, h := range r.Hits {
						if docID(h.ID) != want[i].ID || h.Score != want[i].Score {
							t.Errorf("%s %q %+v round %d: hit %d is %d (%g), bleve %s (%g)", stage, q, pg, round, i, h.ID, h.Score, want[i].ID, want[i].Score)
						}
					}
				}
			}
		}
	}
	check("first")
	reindexEvery(t, ix, entries, 3, "商会发展")
	check("re-indexed")
}

// TestTop: the best n of a list are those of sorting it all, ties by
// document order.
func TestTop(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, size := range []int{0, 1, 7, 100, 1000} {
		l := &hitList{}
		for i := range size {
			l.docs = append(l.docs, uint32(i))
			l.scores = append(l.scores, float64(r.IntN(20))) // many ties
		}
		all := l.top(size)
		for i := 1; i < len(all); i++ {
			a, b := all[i-1], all[i]
			if l.scores[a] < l.scores[b] || (l.scores[a] == l.scores[b] && a > b) {
				t.Fatalf("size %d: %d (%g) before %d (%g)", size, a, l.scores[a], b, l.scores[b])
			}
		}
		for _, n := range []int{1, 5, size / 2, size + 3} {
			got := l.top(n)
			if want := all[:min(n, len(all))]; !slices.Equal(got, want) {
				t.Errorf("size %d top %d: %v, want %v", size, n, got, want)
			}
		}
	}
}

// TestHitCache: clients asking for one list at once wait for one
// collection; a list is kept for its snapshot only; small lists are not kept.
// TestCollectHitsSizedOnce: a hit list is allocated once, at the
// searcher's estimate capped by the snapshot's documents, and not grown
// when the estimate holds (a phrase's is its rarest term's documents);
// the hits are those of a plain collection, in document order.
func TestCollectHitsSizedOnce(t *testing.T) {
	ctx := context.Background()
	ix := openTest(t, append(fixtureEntries(t), demoEntries(t)...))
	r, err := snapshot(ix.bi)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	docs, err := r.DocCount()
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"*", "工商联", "商会", "民营企业家", "工商联 OR 商会", "-工商联"} {
		bq := mustCompile(t, ix, q)
		s, err := bq.Searcher(ctx, r, ix.bi.Mapping(), search.SearcherOptions{})
		if err != nil {
			t.Fatal(err)
		}
		estimate := int(min(s.Count(), docs))
		s.Close()
		l, err := collectHits(ctx, ix.bi, r, bq)
		if err != nil {
			t.Fatal(err)
		}
		var want []uint32
		if err := eachMatch(ctx, ix.bi, r, bq, nil, func(n uint64, _ float64) { want = append(want, uint32(n)) }); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(l.docs, want) || len(l.scores) != len(want) {
			t.Errorf("%q: %d hits (%d scores), a plain collection %d", q, len(l.docs), len(l.scores), len(want))
		}
		if len(want) == 0 {
			t.Errorf("%q: no hits: the fixture does not test the sizing", q)
		}
		if len(want) <= estimate && (cap(l.docs) != estimate || cap(l.scores) != estimate) {
			t.Errorf("%q: lists of capacity %d and %d for %d hits, want the estimate %d", q, cap(l.docs), cap(l.scores), len(want), estimate)
		}
	}
}

func TestHitCache(t *testing.T) {
	ctx := context.Background()
	var hc hitCache
	snapA, snapB := &fakeReader{}, &fakeReader{}
	big := &hitList{docs: make([]uint32, cacheMinHits), scores: make([]float64, cacheMinHits)}
	release := make(chan struct{})
	collecting := make(chan struct{}, 10)
	var mu sync.Mutex
	calls := 0
	collect := func() (*hitList, error) {
		mu.Lock()
		calls++
		mu.Unlock()
		collecting <- struct{}{}
		<-release
		return big, nil
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			l, err := hc.get(ctx, snapA, "q", collect)
			if err != nil || l != big {
				t.Errorf("get: %v, %v", l, err)
			}
		}()
	}
	<-collecting // one is collecting; the others wait for it (or have not asked yet)
	close(release)
	wg.Wait()
	if calls != 1 {
		t.Errorf("%d collections for four clients of one snapshot, want 1", calls)
	}
	if _, err := hc.get(ctx, snapA, "q", collect); err != nil || calls != 1 {
		t.Errorf("kept list collected again (%d collections, %v)", calls, err)
	}
	if _, err := hc.get(ctx, snapB, "q", collect); err != nil || calls != 2 {
		t.Errorf("another snapshot's list came from the cache (%d collections, %v)", calls, err)
	}
	small := func() (*hitList, error) { calls++; return &hitList{docs: []uint32{1}, scores: []float64{1}}, nil }
	hc.get(ctx, snapB, "small", small)
	hc.get(ctx, snapB, "small", small)
	if calls != 4 {
		t.Errorf("%d collections: a list of one hit was kept", calls)
	}
}

// fakeReader stands for a snapshot: the cache only compares them.
type fakeReader struct {
	bindex.IndexReader
}

// TestColumnFiles: a search writes its columns beside the index; another
// process (a second read-only Index) reads them and counts the same; a
// file that does not check is rebuilt; after a write the old state's
// files are not used.
func TestColumnFiles(t *testing.T) {
	dir := t.TempDir()
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	entries := append(fixtureEntries(t), demoEntries(t)...)
	if err := ix.Add(context.Background(), entries[:len(entries)/2]); err != nil {
		t.Fatal(err)
	}
	req := index.Request{Query: "*", Facets: []string{fProvince, fSource}, Histogram: true}
	first := doSearch(t, ix, req)
	files, _ := filepath.Glob(filepath.Join(dir, columnsDirName, "*.col"))
	if len(files) < 3 { // province, source, month (and cluster when collapsing)
		t.Fatalf("column files %v, want one per field", files)
	}
	ix.Close()
	ro, err := OpenReadOnly(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := doSearch(t, ro, req); !sameCounts(got, first) {
		t.Errorf("from the files: %+v, want %+v", got.Facets, first.Facets)
	}
	ro.Close()
	for _, f := range files {
		b, _ := os.ReadFile(f)
		b[len(b)/2] ^= 0xff
		os.WriteFile(f, b, 0o644)
	}
	ro, err = OpenReadOnly(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := doSearch(t, ro, req); !sameCounts(got, first) {
		t.Errorf("from damaged files: %+v, want %+v", got.Facets, first.Facets)
	}
	ro.Close()
	// A new state: the counts are the new documents', not the files'.
	ix, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Add(context.Background(), entries[len(entries)/2:]); err != nil {
		t.Fatal(err)
	}
	after := doSearch(t, ix, req)
	if after.Documents != len(entries) || sum(after.Facets[fSource]) <= sum(first.Facets[fSource]) {
		t.Errorf("after adding documents: %d documents, source facet %v (before %v)", after.Documents, after.Facets[fSource], first.Facets[fSource])
	}
}

func sameCounts(a, b *index.Response) bool {
	if a.Total != b.Total || a.Documents != b.Documents || !slices.Equal(a.Histogram, b.Histogram) || len(a.Facets) != len(b.Facets) {
		return false
	}
	for f, vs := range a.Facets {
		if !slices.Equal(vs, b.Facets[f]) {
			return false
		}
	}
	return true
}

func sum(vs []index.FacetValue) int {
	n := 0
	for _, v := range vs {
		n += v.Count
	}
	return n
}

// FuzzDecodeColumn: a column file is read from disk, where anything may
// be: decoding never panics, and what it accepts is a column whose codes
// and offsets are in range.
func FuzzDecodeColumn(f *testing.F) {
	good := encodeColumn(&column{values: []string{"江西", "浙江"}, start: []uint32{0, 1, 1, 3}, codes: []uint32{0, 1, 0}}, "k")
	f.Add(good)
	f.Add(good[:len(good)-5])
	f.Add([]byte(columnMagic))
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := decodeColumn(b, "k")
		if err != nil {
			return
		}
		counts := make([]int, len(c.values))
		for n := range uint64(len(c.start) + 1) {
			c.count(n, counts)
		}
	})
}

// TestIDsMatchBleve: the IDs listed from the hit list and the snapshot's
// table of document IDs are those of bleve's own search, before and after
// re-indexing (which makes new snapshots and renumbers documents).
func TestIDsMatchBleve(t *testing.T) {
	entries := append(fixtureEntries(t), demoEntries(t)...)
	ix := openTest(t, entries)
	check := func(stage string) {
		for _, q := range []string{"*", "工商联", "商会", "-工商联"} {
			res, err := ix.bi.Search(bleve.NewSearchRequestOptions(mustCompile(t, ix, q), 10000, 0, false))
			if err != nil {
				t.Fatal(err)
			}
			var want []int64
			for _, h := range res.Hits {
				id, err := strconv.ParseInt(h.ID, 10, 64)
				if err != nil {
					t.Fatal(err)
				}
				want = append(want, id)
			}
			slices.Sort(want)
			got, err := ix.IDs(context.Background(), index.Request{Query: q, NoCollapse: true}, 0)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s %q: IDs %v, bleve %v", stage, q, got, want)
			}
		}
	}
	check("first")
	reindexEvery(t, ix, entries, 3, "商会发展")
	check("re-indexed")
}

// TestSplitCollectionMatchesWhole: collecting the document numbers in two
// ranges, the second searcher started with Advance, gives the hits of one
// run, in order and with the very same scores, for every kind of query
// compiled here (phrases with and without word boosts, one character,
// everything, exclusions, alternatives, fields and filters) and wherever
// the ranges meet; collectHits split (splitDocs lowered) equals it too.
func TestSplitCollectionMatchesWhole(t *testing.T) {
	ctx := context.Background()
	entries := append(append(fixtureEntries(t), mixedEntries(t)...), demoEntries(t)...)
	ix := openTest(t, entries)
	r, err := snapshot(ix.bi)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	total := numbered(r)
	if total < 20 {
		t.Fatalf("%d documents: too few to split", total)
	}
	old := splitDocs
	splitDocs = 0
	defer func() { splitDocs = old }()
	for _, q := range append([]string{
		"*", "工商联", "商会", "商", "民营经济", "工商聯", "工商联 商会", "title:工商联", "body:商会",
		"工商联 -商会", "-工商联", "民营 OR 企业家", "工商联 province:江西", "* year:>=2021",
		"工商联 商会 民营 企业 经济", "不存在的短语",
	}, harnessQueries(entries, 60, 15)...) {
		bq := mustCompile(t, ix, q)
		whole, err := collectRange(ctx, ix.bi, r, bq, 0, math.MaxUint64)
		if err != nil {
			t.Fatal(err)
		}
		for _, mid := range []uint64{1, total / 3, total / 2, total - 1, total, total + 5} {
			lo, err := collectRange(ctx, ix.bi, r, bq, 0, mid)
			if err != nil {
				t.Fatal(err)
			}
			hi, err := collectRange(ctx, ix.bi, r, bq, mid, math.MaxUint64)
			if err != nil {
				t.Fatal(err)
			}
			docs, scores := append(lo.docs, hi.docs...), append(lo.scores, hi.scores...)
			if !slices.Equal(docs, whole.docs) || !slices.Equal(scores, whole.scores) {
				t.Errorf("%q split at %d of %d: %d hits, one run %d (or other scores)", q, mid, total, len(docs), len(whole.docs))
			}
		}
		l, err := collectHits(ctx, ix.bi, r, bq)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(l.docs, whole.docs) || !slices.Equal(l.scores, whole.scores) {
			t.Errorf("%q: collectHits split gives %d hits, one run %d (or other scores)", q, len(l.docs), len(whole.docs))
		}
		if q == "工商联" && len(whole.docs) < 10 {
			t.Errorf("%q: %d hits: the fixture does not test the split", q, len(whole.docs))
		}
	}
}
