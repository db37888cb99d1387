package bleveindex

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/fednews/fednews/index"
	"github.com/fednews/fednews/zh"
)

// TestIDs checks IDs against paging through Search, the slow way it
// replaces: same documents, collapsed or not, for several queries.
func TestIDs(t *testing.T) {
	ctx := context.Background()
	ix := openTest(t, append(fixtureEntries(t), demoEntries(t)...))
	clustered := false
	for _, q := range []string{"*", "工商联", "商会 OR 企业", "-工商联", `"不存在的短语甲乙丙"`, "province:江西"} {
		for _, all := range []bool{false, true} {
			req := index.Request{Query: q, NoCollapse: all}
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
					// IDs lists a story by the copy that stands for it
					// when it matches, else by its lowest matching copy.
					id, canonical := h.ID, h.ID == h.Cluster
					for _, d := range h.Duplicates {
						clustered = true
						if all || canonical || !matches(t, ix, q, d.ID) {
							continue
						}
						if d.ID == h.Cluster {
							id, canonical = d.ID, true
						} else if d.ID < id {
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
				var tooMany *index.TooManyError
				if _, err := ix.IDs(ctx, index.Request{Query: q, NoCollapse: all}, len(want)-1); !errors.As(err, &tooMany) || tooMany.Total != len(want) {
					t.Errorf("%s: limit %d: err %v, want index.TooManyError with total %d", q, len(want)-1, err, len(want))
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
	res, err := ix.Search(context.Background(), index.Request{Query: q, NoCollapse: true, Limit: index.MaxLimit})
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

// TestIDsPreferTheOriginal: a story whose original has a higher ID than a
// repost (the repost was crawled first) is listed by its original, by
// IDs and by Search alike, unless only the repost matches.
func TestIDsPreferTheOriginal(t *testing.T) {
	ctx := context.Background()
	day := time.Date(2021, 6, 9, 9, 0, 0, 0, zh.China)
	repost := newDoc(1, "郯城商會五年引資（轉載）", "香港文匯報", "郯城縣各級商會五年引進項目138個。", day.AddDate(0, 0, 2))
	orig := newDoc(2, "郯城商会五年引资", "临沂日报", "郯城县各级商会五年引进项目138个。", day)
	repost.Cluster, orig.Cluster = 2, 2
	ix := openTest(t, []Entry{{Doc: repost, InCluster: true}, {Doc: orig, InCluster: true}})
	for q, want := range map[string][]int64{"*": {2}, "项目138个": {2}, "转载": {1}} {
		got, err := ix.IDs(ctx, index.Request{Query: q}, 0)
		if err != nil {
			t.Fatal(err)
		}
		res := doSearch(t, ix, index.Request{Query: q})
		if !slices.Equal(got, want) || len(res.Hits) != 1 || res.Hits[0].ID != want[0] {
			t.Errorf("%s: IDs %v, search %+v, want %v", q, got, res.Hits, want)
		}
	}
}
