package bleveindex

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/fednews/fednews/index"
)

// EachHit gives the documents IDs lists, each with the hit Search gives
// for it: same title, snippet and matches.
func TestEachHit(t *testing.T) {
	ctx := context.Background()
	ix := openTest(t, append(fixtureEntries(t), demoEntries(t)...))
	defer func(b int) { eachHitBatch = b }(eachHitBatch)
	eachHitBatch = 7 // several batches per query
	for _, q := range []string{"*", "工商联", "商会 OR 企业", "-工商联", `"不存在的短语甲乙丙"`, "province:江西"} {
		// Every hit of q, duplicates as hits of their own, by ID.
		bySearch := map[int64]index.Hit{}
		res, err := ix.Search(ctx, index.Request{Query: q, NoCollapse: true, Limit: index.MaxLimit})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total > index.MaxLimit {
			t.Fatalf("%s: %d hits, more than the test reads", q, res.Total)
		}
		for _, h := range res.Hits {
			bySearch[h.ID] = h
		}
		for _, all := range []bool{false, true} {
			req := index.Request{Query: q, NoCollapse: all}
			want, err := ix.IDs(ctx, req, 0)
			if err != nil {
				t.Fatal(err)
			}
			var got []int64
			err = ix.EachHit(ctx, req, func(h index.Hit) error {
				got = append(got, h.ID)
				s := bySearch[h.ID]
				if h.Title != s.Title || h.Snippet != s.Snippet || !slices.Equal(h.Matches, s.Matches) || h.URL != s.URL {
					t.Errorf("%s: hit %d\n got %+v\nwant %+v", q, h.ID, h, s)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s (all %v): EachHit gave %v, IDs %v", q, all, got, want)
			}
		}
	}
	stop := errors.New("stop")
	n := 0
	if err := ix.EachHit(ctx, index.Request{Query: "*"}, func(index.Hit) error { n++; return stop }); !errors.Is(err, stop) || n != 1 {
		t.Errorf("fn's error: %v after %d hits", err, n)
	}
	if err := ix.EachHit(ctx, index.Request{Query: `"营商`}, func(index.Hit) error { return nil }); !errors.Is(err, index.ErrBadQuery) {
		t.Errorf("bad query: %v", err)
	}
}
