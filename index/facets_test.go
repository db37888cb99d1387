package index

import (
	"context"
	"sync"
	"testing"
)

// TestFacetsUnderWrites searches with facets while documents are added in
// batches: every search must count its facets on the snapshot it searched,
// so the script facet (one value per document) sums to the number of
// matching documents, whatever snapshot that was. Run with -race too.
func TestFacetsUnderWrites(t *testing.T) {
	entries := append(fixtureEntries(t), demoEntries(t)...)
	for _, e := range entries {
		if e.Doc.Script == "" {
			t.Fatalf("document %d has no script: the facet sum below needs one per document", e.Doc.ID)
		}
	}
	ix := openTest(t, entries[:5])
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	searches := make([]int, 2)
	for w := range searches {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				for _, q := range []string{"*", "工商联", "商会 OR 企业"} {
					r, err := ix.Search(ctx, Request{Query: q, Facets: []string{fScript, fProvince}, NoCollapse: true})
					if err != nil {
						if ctx.Err() == nil {
							t.Error(err)
						}
						return
					}
					sum := 0
					for _, v := range r.Facets[fScript] {
						sum += v.Count
					}
					if sum != r.Documents {
						t.Errorf("%s: script facet sums to %d over %d documents", q, sum, r.Documents)
					}
					searches[w]++
				}
			}
		}()
	}
	for i := 5; i < len(entries); i += 3 {
		if err := ix.Add(context.Background(), entries[i:min(i+3, len(entries))]); err != nil {
			t.Fatal(err)
		}
	}
	cancel()
	wg.Wait()
	if searches[0] == 0 || searches[1] == 0 {
		t.Fatalf("searches ran %v times: no overlap with the writes", searches)
	}
	r := doSearch(t, ix, Request{Query: "*", Facets: []string{fScript}, NoCollapse: true})
	if r.Documents != len(entries) {
		t.Errorf("%d documents after the writes, want %d", r.Documents, len(entries))
	}
}
