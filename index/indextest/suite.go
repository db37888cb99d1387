// Package indextest is the test suite every index backend passes (the
// model is restic's backend test suite): exact phrases, facets, filters,
// duplicate collapsing, IDs and updates from the store's change feed, all
// through index.Backend.
//
// A backend's test calls Run with a function that opens a fresh, empty
// index whose hits read their bodies from texts (index.Options.Texts):
//
//	func TestBackend(t *testing.T) {
//		indextest.Run(t, func(t *testing.T, texts index.Texts) index.Backend { … })
//	}
package indextest

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/index"
	"github.com/fednews/fednews/zh"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 9, 0, 0, 0, zh.China) }

func money(v float64) corpus.Figure {
	return corpus.Figure{Kind: corpus.KindMoney, Text: "2亿元", Value: &v, Unit: "CNY"}
}

func count(v float64) corpus.Figure {
	return corpus.Figure{Kind: corpus.KindCount, Text: "100家", Value: &v, Unit: "家"}
}

// docs are the suite's corpus: a story with a reprint (1, 2), phrases that
// are substrings of longer words (和服 in 和服务), a traditional article,
// and a document on the day a range ends.
var docs = []struct {
	doc  corpus.Document
	figs []corpus.Figure
}{
	{corpus.Document{ID: 1, Cluster: 1, URL: "https://a.example/1", Source: "示例日报", Title: "万年县工商联优化营商环境",
		Original: "江西省万年县工商联不断推动全县营商环境优化，女企业家商会捐款2亿元。", Published: day(2021, 3, 1)}, []corpus.Figure{money(2e8)}},
	{corpus.Document{ID: 2, Cluster: 1, URL: "https://b.example/2", Source: "示例晚报", Title: "万年县工商联优化营商环境（转载）",
		Original: "江西省万年县工商联不断推动全县营商环境优化，女企业家商会捐款2亿元。来源：示例日报", Published: day(2021, 3, 2)}, []corpus.Figure{money(2e8)}},
	{corpus.Document{ID: 3, Cluster: 3, URL: "https://a.example/3", Source: "示例日报", Title: "和服展览开幕",
		Original: "和服展览在上海开幕，100家企业参展。", Published: day(2022, 1, 1)}, []corpus.Figure{count(100)}},
	{corpus.Document{ID: 4, Cluster: 4, URL: "https://a.example/4", Source: "示例日报", Title: "提升服务水平",
		Original: "工商联和服务企业座谈。", Published: day(2022, 1, 2)}, nil},
	{corpus.Document{ID: 5, Cluster: 5, URL: "https://c.example/5", Source: "示例經濟報", Title: "民營經濟發展座談會",
		Original: "山東省臨沂市郯城縣工商聯召開民營經濟座談會。", Published: day(2020, 6, 1)}, nil},
}

// Run runs the suite on the backends open returns: each call a fresh,
// empty index the test may keep until it ends (open registers the Close),
// reading the bodies of hits from texts, the suite's store.
func Run(t *testing.T, open func(t *testing.T, texts index.Texts) index.Backend) {
	ctx := context.Background()
	st := NewStore()
	for _, d := range docs {
		st.Put(d.doc, d.figs...)
	}
	b := open(t, st)
	n, err := b.Update(ctx, st)
	if err != nil || n != len(docs) {
		t.Fatalf("update: %d documents indexed, %v (want %d)", n, err, len(docs))
	}
	t.Run("Phrases", func(t *testing.T) { testPhrases(t, b) })
	t.Run("Filters", func(t *testing.T) { testFilters(t, b) })
	t.Run("Facets", func(t *testing.T) { testFacets(t, b) })
	t.Run("Collapse", func(t *testing.T) { testCollapse(t, b) })
	t.Run("IDs", func(t *testing.T) { testIDs(t, b) })
	t.Run("BadQueries", func(t *testing.T) { testBadQueries(t, b) })
	t.Run("Update", func(t *testing.T) { testUpdate(t, b, st) })
	t.Run("StoryGrows", func(t *testing.T) { testStoryGrows(t, b, st) })
}

// ids returns the IDs of the hits of req, in ID order.
func ids(t *testing.T, b index.Backend, req index.Request) []int64 {
	t.Helper()
	req.Limit = index.MaxLimit
	r, err := b.Search(context.Background(), req)
	if err != nil {
		t.Fatalf("search %+v: %v", req, err)
	}
	out := make([]int64, len(r.Hits))
	for i, h := range r.Hits {
		out[i] = h.ID
	}
	slices.Sort(out)
	return out
}

func expect(t *testing.T, b index.Backend, req index.Request, want ...int64) {
	t.Helper()
	if want == nil {
		want = []int64{}
	}
	if got := ids(t, b, req); !slices.Equal(got, want) {
		t.Errorf("%q %+v: hits %v, want %v", req.Query, req.Filters, got, want)
	}
}

func testPhrases(t *testing.T, b index.Backend) {
	for _, tt := range []struct {
		q    string
		want []int64
	}{
		{"和服", []int64{3, 4}},         // inside 和服务 too: a substring, not a word
		{"和服展", []int64{3}},           // exact: 和服 and 服展 apart do not match
		{"服展览", []int64{3}},           // a phrase across the segmenter's words
		{"營商環境", []int64{1}},          // traditional query, simplified text
		{"郯城县工商联", []int64{5}},        // simplified query, traditional text
		{"title:服务", []int64{4}},      // 和服务 in 4's body does not count
		{"body:座谈", []int64{4, 5}},    // 5's title says it too
		{"title:座谈", []int64{5}},      // only 5's title
		{"工商联 -郯城", []int64{1, 4}},    // exclusion
		{"和服展览 OR 郯城", []int64{3, 5}}, // either
		{`"女企业家商会捐款"`, []int64{1}},    // quoted
		{"展览开幕 营商环境", nil},            // both must appear
		{"乡村振兴", nil},                 // in no document
		{"*", []int64{1, 3, 4, 5}},    // every story
		{"-工商联", []int64{3}},          // only an exclusion
		{"a.example", nil},            // the address is not text
		{"url:https://a.example/3", []int64{3}},
	} {
		expect(t, b, index.Request{Query: tt.q}, tt.want...)
	}
	r, err := b.Search(context.Background(), index.Request{Query: "营商环境"})
	if err != nil || len(r.Hits) != 1 {
		t.Fatalf("营商环境: %v %v", r, err)
	}
	h := r.Hits[0]
	if !strings.Contains(h.Snippet, "<mark>营商环境</mark>") || !strings.Contains(h.TitleHTML, "<mark>营商环境</mark>") {
		t.Errorf("marks: title %q snippet %q", h.TitleHTML, h.Snippet)
	}
	if want := []index.Span{{Field: "title", Start: 8, End: 12}, {Field: "body", Start: 15, End: 19}}; !slices.Equal(h.Matches, want) {
		t.Errorf("matches %v, want %v", h.Matches, want)
	}
	if h.Published != "2021-03-01" || h.Source != "示例日报" || h.URL != "https://a.example/1" {
		t.Errorf("hit fields: %+v", h)
	}
}

func testFilters(t *testing.T, b index.Backend) {
	f := func(field, value string) []index.Filter { return []index.Filter{{Field: field, Value: value}} }
	expect(t, b, index.Request{Query: "工商联", Filters: f("province", "江西")}, 1)
	expect(t, b, index.Request{Query: "*", Filters: f("province", "山东省")}, 5)
	expect(t, b, index.Request{Query: "*", Filters: f("source", "示例经济报")}, 5) // sources are normalized
	expect(t, b, index.Request{Query: "*", Filters: f("kind", "count")}, 3)
	expect(t, b, index.Request{Query: "money:>=1亿"}, 1)
	expect(t, b, index.Request{Query: "money:>=一亿"}, 1) // Chinese numerals as the extractor reads them
	expect(t, b, index.Request{Query: "money:>=1亿", NoCollapse: true}, 1, 2)
	expect(t, b, index.Request{Query: "money:>3亿"})
	expect(t, b, index.Request{Query: "count:50..100"}, 3)
	expect(t, b, index.Request{Query: "*", Filters: f("money", "1亿..")}, 1)
	// Several values of a field: any of them (OR); Not excludes them.
	expect(t, b, index.Request{Query: "*", Filters: f("province", "江西|山东省")}, 1, 5)
	expect(t, b, index.Request{Query: "*", Filters: f("year", "2020|2022")}, 3, 4, 5)
	expect(t, b, index.Request{Query: "*", Filters: f("money", "<1|1亿..")}, 1)
	not := func(field, value string) index.Filter { return index.Filter{Field: field, Value: value, Not: true} }
	expect(t, b, index.Request{Query: "*", Filters: []index.Filter{not("province", "江西")}}, 3, 4, 5)
	expect(t, b, index.Request{Query: "*", Filters: []index.Filter{not("province", "江西省|上海市")}}, 4, 5)
	expect(t, b, index.Request{Query: "工商联", Filters: []index.Filter{not("province", "山东")}}, 1, 4)
	expect(t, b, index.Request{Query: "*", Filters: []index.Filter{{Field: "year", Value: "2021|2022"}, not("province", "上海市")}}, 1, 4)
	// The reprint (2) stands for its story when the filter excludes the first copy (1).
	expect(t, b, index.Request{Query: "*", Filters: []index.Filter{{Field: "province", Value: "江西"}, not("source", "示例日报")}}, 2)
	expect(t, b, index.Request{Query: "year:2022"}, 3, 4)
	expect(t, b, index.Request{Query: "published:2021..2021"}, 1)
	expect(t, b, index.Request{Query: "published:<2021-03-01"}, 5)
	// To is the last day included.
	expect(t, b, index.Request{Query: "*", From: day(2022, 1, 1), To: day(2022, 1, 1)}, 3)
	expect(t, b, index.Request{Query: "*", To: time.Date(2021, 12, 31, 0, 0, 0, 0, zh.China)}, 1, 5)
}

func testFacets(t *testing.T, b index.Backend) {
	r, err := b.Search(context.Background(), index.Request{Query: "*", Facets: []string{"year", "province", "kind", "source"}, Histogram: true})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]index.FacetValue{
		"year":     {{Value: "2022", Count: 2}, {Value: "2020", Count: 1}, {Value: "2021", Count: 1}},
		"province": {{Value: "上海市", Count: 1}, {Value: "山东省", Count: 1}, {Value: "江西省", Count: 1}},
		"kind":     {{Value: "count", Count: 1}, {Value: "money", Count: 1}}, // the story, not its two copies
		"source":   {{Value: "示例日报", Count: 3}, {Value: "示例晚报", Count: 1}, {Value: "示例经济报", Count: 1}},
	}
	for f, w := range want {
		if !slices.Equal(r.Facets[f], w) {
			t.Errorf("facet %s: %v, want %v", f, r.Facets[f], w)
		}
	}
	if w := []index.FacetValue{{Value: "2020-06", Count: 1}, {Value: "2021-03", Count: 1}, {Value: "2022-01", Count: 2}}; !slices.Equal(r.Histogram, w) {
		t.Errorf("histogram %v, want %v", r.Histogram, w)
	}
	r, err = b.Search(context.Background(), index.Request{Query: "*", Facets: []string{"kind"}, NoCollapse: true})
	if err != nil {
		t.Fatal(err)
	}
	if w := []index.FacetValue{{Value: "money", Count: 2}, {Value: "count", Count: 1}}; !slices.Equal(r.Facets["kind"], w) {
		t.Errorf("kind facet counting copies: %v, want %v", r.Facets["kind"], w)
	}
	if _, err := b.Search(context.Background(), index.Request{Query: "*", Facets: []string{"colour"}}); !errors.Is(err, index.ErrBadQuery) {
		t.Errorf("facet on an unknown field: %v, want a bad-query error", err)
	}
}

func testCollapse(t *testing.T, b index.Backend) {
	r, err := b.Search(context.Background(), index.Request{Query: "女企业家商会"})
	if err != nil {
		t.Fatal(err)
	}
	if r.Total != 1 || r.Documents != 2 || len(r.Hits) != 1 || r.Hits[0].ID != 1 ||
		len(r.Hits[0].Duplicates) != 1 || r.Hits[0].Duplicates[0].ID != 2 || r.Hits[0].Cluster != 1 {
		t.Errorf("collapsed: total %d documents %d hits %+v", r.Total, r.Documents, r.Hits)
	}
	// Only the reprint matches: it stands for the story.
	expect(t, b, index.Request{Query: "来源"}, 2)
	r, err = b.Search(context.Background(), index.Request{Query: "女企业家商会", NoCollapse: true})
	if err != nil {
		t.Fatal(err)
	}
	if r.Total != 2 || len(r.Hits) != 2 || len(r.Hits[0].Duplicates) != 0 {
		t.Errorf("every copy: total %d hits %+v", r.Total, r.Hits)
	}
	// Paging counts stories.
	r, err = b.Search(context.Background(), index.Request{Query: "*", Sort: "oldest", Limit: 2, Offset: 1})
	if err != nil {
		t.Fatal(err)
	}
	if got := []int64{r.Hits[0].ID, r.Hits[1].ID}; r.Total != 4 || !slices.Equal(got, []int64{1, 3}) {
		t.Errorf("oldest, page 2 of 2: total %d hits %v", r.Total, got)
	}
}

func testIDs(t *testing.T, b index.Backend) {
	ctx := context.Background()
	for _, tt := range []struct {
		req  index.Request
		want []int64
	}{
		{index.Request{Query: "*"}, []int64{1, 3, 4, 5}},
		{index.Request{Query: "*", NoCollapse: true}, []int64{1, 2, 3, 4, 5}},
		{index.Request{Query: "来源"}, []int64{2}},
		{index.Request{Query: "乡村振兴"}, []int64{}},
	} {
		got, err := b.IDs(ctx, tt.req, 0)
		if err != nil || !slices.Equal(got, tt.want) {
			t.Errorf("IDs %q all=%v: %v %v, want %v", tt.req.Query, tt.req.NoCollapse, got, err, tt.want)
		}
	}
	var tooMany *index.TooManyError
	if _, err := b.IDs(ctx, index.Request{Query: "*"}, 3); !errors.As(err, &tooMany) || tooMany.Total != 4 || tooMany.Limit != 3 {
		t.Errorf("IDs beyond the limit: %v, want a TooManyError of 4 > 3", err)
	}
	var got []int64
	err := b.EachHit(ctx, index.Request{Query: "工商联"}, func(h index.Hit) error {
		if h.Snippet == "" || len(h.Marks) == 0 {
			t.Errorf("EachHit %d: no marked snippet", h.ID)
		}
		got = append(got, h.ID)
		return nil
	})
	if err != nil || !slices.Equal(got, []int64{1, 4, 5}) {
		t.Errorf("EachHit: %v %v, want [1 4 5] in order", got, err)
	}
}

func testBadQueries(t *testing.T, b index.Backend) {
	for _, req := range []index.Request{
		{Query: "colour:red"}, {Query: `"unclosed`}, {Query: "money:lots"}, {Query: ""},
		{Query: "*", Filters: []index.Filter{{Field: "colour", Value: "red"}}}, {Query: "*", Sort: "random"},
		{Query: "*", Filters: []index.Filter{{Field: "year", Value: "2021|21"}}}, {Query: "*", Filters: []index.Filter{{Field: "kind", Value: "colour", Not: true}}},
		{Query: "*", FacetSize: index.MaxFacetSize + 1}, {Query: "*", Limit: index.MaxLimit + 1},
	} {
		if _, err := b.Search(context.Background(), req); !errors.Is(err, index.ErrBadQuery) {
			t.Errorf("%+v: %v, want a bad-query error", req, err)
		}
	}
}

func testUpdate(t *testing.T, b index.Backend, st *Store) {
	ctx := context.Background()
	if n, err := b.Update(ctx, st); n != 0 || err != nil {
		t.Errorf("update with nothing new: %d, %v", n, err)
	}
	st.Put(corpus.Document{ID: 6, Cluster: 6, URL: "https://a.example/6", Title: "茶叶博览会", Original: "茶叶博览会在杭州举行。", Published: day(2023, 5, 1)})
	changed := docs[2].doc
	changed.Title, changed.Original = "瓷器展览开幕", "瓷器展览在景德镇开幕。"
	st.Put(changed)
	if n, err := b.Update(ctx, st); n != 2 || err != nil {
		t.Fatalf("update: %d, %v (want 2)", n, err)
	}
	expect(t, b, index.Request{Query: "茶叶博览会"}, 6)
	expect(t, b, index.Request{Query: "瓷器"}, 3)
	expect(t, b, index.Request{Query: "和服"}, 4) // the old text of 3 is gone
	expect(t, b, index.Request{Query: "*"}, 1, 3, 4, 5, 6)
	if err := b.Check(ctx, st); err != nil {
		t.Errorf("check after the update: %v", err)
	}
}

// testStoryGrows follows one story over four updates: its first copy alone,
// a reprint (the first copy is indexed again, now as the story's head), the
// head edited alone (it stays the head: the index remembers the story from
// an earlier run), and a third copy.
func testStoryGrows(t *testing.T, b index.Backend, st *Store) {
	ctx := context.Background()
	head := corpus.Document{ID: 10, Cluster: 10, URL: "https://a.example/10", Source: "示例日报", Title: "丝绸博览会开幕",
		Original: "丝绸博览会在苏州开幕，300家企业参展。", Published: day(2024, 4, 1)}
	reprint := func(id int64, source string) corpus.Document {
		d := head
		d.ID, d.URL, d.Source = id, "https://b.example/"+strconv.FormatInt(id, 10), source
		d.Original += "来源：示例日报"
		return d
	}
	story := func(step string, wantDups ...int64) {
		t.Helper()
		r, err := b.Search(ctx, index.Request{Query: "丝绸博览会"})
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		var dups []int64
		for _, h := range r.Hits {
			for _, d := range h.Duplicates {
				dups = append(dups, d.ID)
			}
		}
		slices.Sort(dups)
		if r.Total != 1 || len(r.Hits) != 1 || r.Hits[0].ID != 10 || !slices.Equal(dups, wantDups) {
			t.Errorf("%s: total %d, hits %+v, duplicates %v; want the story once, headed by 10, with %v", step, r.Total, r.Hits, dups, wantDups)
		}
	}
	steps := []struct {
		name string
		put  corpus.Document
		dups []int64
	}{
		{"first copy", head, nil},
		{"a reprint", reprint(11, "示例晚报"), []int64{11}},
		{"the head edited", func() corpus.Document { d := head; d.Title = "丝绸博览会在苏州开幕"; return d }(), []int64{11}},
		{"a third copy", reprint(12, "示例商报"), []int64{11, 12}},
	}
	for _, s := range steps {
		st.Put(s.put)
		if n, err := b.Update(ctx, st); n < 1 || err != nil {
			t.Fatalf("%s: update indexed %d, %v", s.name, n, err)
		}
		story(s.name, s.dups...)
	}
}
