package bleveindex

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/index"
	"github.com/fednews/fednews/zh"
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
					r, err := ix.Search(ctx, index.Request{Query: q, Facets: []string{fScript, fProvince}, NoCollapse: true})
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
	r := doSearch(t, ix, index.Request{Query: "*", Facets: []string{fScript}, NoCollapse: true})
	if r.Documents != len(entries) {
		t.Errorf("%d documents after the writes, want %d", r.Documents, len(entries))
	}
}

// TestFacetsCountStories checks that a collapsed search counts a story once
// under each value its copies have, and that every facet count is the
// total the search shows with that value as a filter; with NoCollapse
// every copy counts.
func TestFacetsCountStories(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2021, 6, d, 9, 0, 0, 0, zh.China) }
	body := "山东省临沂市郯城县工商联组织召开商会工作座谈会，全县商会引进项目12个。"
	docs := []*corpus.Document{
		newDoc(1, "郯城商会引进项目", "临沂日报", body, day(9)),
		newDoc(2, "郯城商會引進項目", "香港文匯報", "山東省臨沂市郯城縣工商聯組織召開商會工作座談會，全縣商會引進項目12個。", day(11)),
		newDoc(3, "郯城商会引进项目（转载）", "示例晚报", body, day(12)),
		newDoc(4, "江西万年县商会成立", "上饶日报", "江西省上饶市万年县工商联召开商会成立大会。", day(20)),
	}
	var entries []Entry
	for _, d := range docs[:3] {
		d.Cluster = 1
		entries = append(entries, Entry{Doc: d, InCluster: true})
	}
	entries = append(entries, Entry{Doc: docs[3]})
	ix := openTest(t, entries)
	facets := []string{fSource, fYear, fMonth, fScript, fProvince, fCounty, fOrg}
	stories := doSearch(t, ix, index.Request{Query: "*", Facets: facets, FacetSize: 100, Histogram: true})
	copies := doSearch(t, ix, index.Request{Query: "*", Facets: facets, FacetSize: 100, Histogram: true, NoCollapse: true})
	if stories.Total != 2 || stories.Documents != 4 || copies.Total != 4 {
		t.Fatalf("total %d (documents %d), every copy %d: want 2, 4, 4", stories.Total, stories.Documents, copies.Total)
	}
	count := func(vs []index.FacetValue, v string) int {
		for _, fv := range vs {
			if fv.Value == v {
				return fv.Count
			}
		}
		return 0
	}
	for _, c := range []struct {
		field, value  string
		story, copies int
	}{
		{fYear, "2021", 2, 4}, {fMonth, "2021-06", 2, 4}, {fProvince, "山东省", 1, 3},
		{fSource, "临沂日报", 1, 1}, {fScript, "simplified", 2, 3}, {fScript, "traditional", 1, 1},
	} {
		if got := count(stories.Facets[c.field], c.value); got != c.story {
			t.Errorf("%s=%s: %d stories, want %d", c.field, c.value, got, c.story)
		}
		if got := count(copies.Facets[c.field], c.value); got != c.copies {
			t.Errorf("%s=%s: %d copies, want %d", c.field, c.value, got, c.copies)
		}
	}
	if got := count(stories.Histogram, "2021-06"); got != 2 {
		t.Errorf("histogram 2021-06: %d stories, want 2", got)
	}
	for _, all := range []bool{false, true} {
		res := stories
		if all {
			res = copies
		}
		for _, f := range facets {
			for _, v := range res.Facets[f] {
				r := doSearch(t, ix, index.Request{Query: "*", Filters: []index.Filter{{Field: f, Value: v.Value}}, NoCollapse: all})
				if r.Total != v.Count {
					t.Errorf("every copy %v: %s=%s counts %d, the filtered search %d", all, f, v.Value, v.Count, r.Total)
				}
			}
		}
	}
}
