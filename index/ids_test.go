package index

import (
	"context"
	"errors"
	"slices"
	"testing"
)

// TestIDs checks IDs against paging through Search, the slow way it
// replaces: same documents, collapsed or not, for several queries.
func TestIDs(t *testing.T) {
	ctx := context.Background()
	ix := openTest(t, append(fixtureEntries(t), demoEntries(t)...))
	clustered := false
	for _, q := range []string{"*", "工商联", "商会 OR 企业", "-工商联", `"不存在的短语甲乙丙"`, "province:江西"} {
		for _, all := range []bool{false, true} {
			req := Request{Query: q, NoCollapse: all}
			got, err := ix.IDs(ctx, req, 0)
			if err != nil {
				t.Fatalf("%s: %v", q, err)
			}
			var want []int64
			for req.Offset, req.Limit = 0, 7; ; req.Offset += req.Limit {
				res, err := ix.Search(ctx, req)
				if err != nil {
					t.Fatal(err)
				}
				for _, h := range res.Hits {
					// IDs lists a cluster by its lowest matching member.
					id := h.ID
					for _, d := range h.Duplicates {
						clustered = true
						if d.ID < id && !all && matches(t, ix, q, d.ID) {
							id = d.ID
						}
					}
					want = append(want, id)
				}
				if len(res.Hits) < req.Limit {
					break
				}
			}
			slices.Sort(want)
			if want == nil {
				want = []int64{}
			}
			if got == nil || !slices.Equal(got, want) {
				t.Errorf("%s (all %v): IDs %v, want %v", q, all, got, want)
			}
			if len(want) > 1 {
				var tooMany *TooManyError
				if _, err := ix.IDs(ctx, Request{Query: q, NoCollapse: all}, len(want)-1); !errors.As(err, &tooMany) || tooMany.Total != len(want) {
					t.Errorf("%s: limit %d: err %v, want TooManyError with total %d", q, len(want)-1, err, len(want))
				}
			}
		}
	}
	if !clustered {
		t.Error("no duplicate cluster among the hits: collapsing went untested")
	}
}

// matches says whether document id is a hit of q.
func matches(t *testing.T, ix *Index, q string, id int64) bool {
	res, err := ix.Search(context.Background(), Request{Query: q, NoCollapse: true, Limit: maxLimit})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range res.Hits {
		if h.ID == id {
			return true
		}
	}
	return false
}
