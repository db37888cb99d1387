package bleveindex

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/fednews/fednews/index"
	"github.com/fednews/fednews/index/gazetteer"
	"github.com/fednews/fednews/zh"
)

func ids(r *index.Response) []int64 {
	var out []int64
	for _, h := range r.Hits {
		out = append(out, h.ID)
	}
	slices.Sort(out)
	return out
}

func facet(r *index.Response, name string) map[string]int {
	out := map[string]int{}
	for _, v := range r.Facets[name] {
		out[v.Value] = v.Count
	}
	return out
}

func doSearch(t *testing.T, ix *Index, req index.Request) *index.Response {
	t.Helper()
	if req.Limit == 0 {
		req.Limit = 100
	}
	r, err := ix.Search(context.Background(), req)
	if err != nil {
		t.Fatalf("search %+v: %v", req, err)
	}
	return r
}

func TestSearchFixtures(t *testing.T) {
	ix := openTest(t, fixtureEntries(t))
	cases := []struct {
		name    string
		req     index.Request
		want    []int64
		total   int // after collapsing; 0: len(want)
		wantDoc int // documents; 0: total
	}{
		{"plain words all appear", index.Request{Query: "营商环境 民营"}, []int64{9003, 9004}, 0, 0},
		{"traditional query finds simplified", index.Request{Query: "營商環境監測"}, []int64{9003}, 0, 0},
		{"simplified query finds traditional", index.Request{Query: "郯城县工商联"}, []int64{9004}, 0, 0},
		{"substring inside a longer word", index.Request{Query: "和服"}, []int64{9001, 9002}, 0, 0},
		{"OR", index.Request{Query: "和服展览 OR 郯城"}, []int64{9001, 9004}, 0, 0},
		{"exclusion", index.Request{Query: "工商联 -郯城 -万企兴万村"}, []int64{9002, 9007}, 0, 0},
		{"exclude an OR group", index.Request{Query: "工商联 -(郯城 OR 万企)"}, []int64{9002, 9007}, 0, 0},
		{"only exclusion", index.Request{Query: "-工商"}, []int64{9001, 9003}, 0, 0},
		{"title field", index.Request{Query: "title:会议"}, []int64{9002}, 0, 0},
		{"body field", index.Request{Query: "body:会议"}, []int64{9002, 9004}, 0, 0},
		{"latin case folded", index.Request{Query: "gdp"}, []int64{9003, 9007}, 0, 0},
		{"quoted phrase with a space", index.Request{Query: `"The GDP"`}, []int64{9007}, 0, 0},
		{"province short form", index.Request{Query: "province:山东"}, []int64{9004}, 0, 0},
		{"county resolves city", index.Request{Query: "city:临沂市"}, []int64{9004}, 0, 0},
		{"ambiguous district with its city", index.Request{Query: "county:南山区"}, []int64{9003}, 0, 0},
		{"org", index.Request{Query: "org:南山区女企业家商会"}, []int64{9003}, 0, 0},
		{"org kind", index.Request{Query: "org_kind:女企业家商会"}, []int64{9003}, 0, 0},
		{"org in traditional", index.Request{Query: "org:郯城縣工商聯"}, []int64{9004}, 0, 0},
		{"year", index.Request{Query: "year:2021"}, []int64{9003, 9004}, 0, 0},
		{"year range", index.Request{Query: "year:>=2021 工商联"}, []int64{9004, 9005, 9007}, 3, 4},
		{"published from", index.Request{Query: "* published:>=2021-07-15"}, []int64{9003, 9004, 9005, 9007}, 4, 5},
		{"published before", index.Request{Query: "published:<2020-03-02"}, []int64{9001}, 0, 0},
		{"published range", index.Request{Query: "published:2020..2021-07"}, []int64{9002, 9003}, 0, 0},
		{"From/To", index.Request{Query: "*", From: time.Date(2021, 1, 1, 0, 0, 0, 0, zh.China), To: time.Date(2022, 1, 1, 0, 0, 0, 0, zh.China)}, []int64{9003, 9004}, 0, 0},
		{"money at least 1亿", index.Request{Query: "money:>=1亿"}, []int64{9002, 9004}, 0, 0},
		{"money in traditional units", index.Request{Query: "money:>=1億"}, []int64{9002, 9004}, 0, 0},
		{"money below", index.Request{Query: "money:<1亿"}, []int64{9003}, 0, 0},
		{"money range", index.Request{Query: "money:1亿..2亿"}, []int64{9004}, 0, 0},
		{"count", index.Request{Query: "count:>=100"}, []int64{9002}, 0, 0},
		{"kind", index.Request{Query: "kind:percent"}, []int64{9003}, 0, 0},
		{"filter", index.Request{Query: "工商联", Filters: []index.Filter{{Field: "province", Value: "湖南"}}}, []int64{9005}, 1, 2},
		{"filter with comparison", index.Request{Query: "*", Filters: []index.Filter{{Field: "money", Value: ">=2亿"}}}, []int64{9002}, 0, 0},
		{"script", index.Request{Query: "script:traditional"}, []int64{9004}, 0, 0},
		{"duplicates collapsed", index.Request{Query: "万企兴万村"}, []int64{9005}, 1, 2},
		{"duplicates listed apart", index.Request{Query: "万企兴万村", NoCollapse: true}, []int64{9005, 9006}, 0, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := doSearch(t, ix, c.req)
			if got := ids(r); !slices.Equal(got, c.want) {
				t.Errorf("ids %v, want %v", got, c.want)
			}
			total := c.total
			if total == 0 {
				total = len(c.want)
			}
			docs := c.wantDoc
			if docs == 0 {
				docs = total
			}
			if r.Total != total || r.Documents != docs {
				t.Errorf("total %d documents %d, want %d and %d", r.Total, r.Documents, total, docs)
			}
		})
	}
}

func TestDuplicatesListed(t *testing.T) {
	ix := openTest(t, fixtureEntries(t))
	r := doSearch(t, ix, index.Request{Query: "万企兴万村"})
	if len(r.Hits) != 1 {
		t.Fatalf("hits %v", ids(r))
	}
	d := r.Hits[0].Duplicates
	if len(d) != 1 || d[0].ID != 9006 || d[0].Title != "工商联副本稿件（转载）" {
		t.Errorf("duplicates %+v, want 9006 with its title", d)
	}
}

func TestFacetsFixtures(t *testing.T) {
	ix := openTest(t, fixtureEntries(t))
	r := doSearch(t, ix, index.Request{Query: "*", Facets: []string{"year", "province", "county", "org", "kind", "source", "org_kind", "mentioned_province"}, FacetSize: 50, Histogram: true, NoCollapse: true})
	for _, c := range []struct {
		facet string
		want  map[string]int
	}{
		{"year", map[string]int{"2019": 1, "2020": 1, "2021": 2, "2022": 3}},
		{"kind", map[string]int{"money": 3, "count": 1, "percent": 1}},
		{"source", map[string]int{"示例日报": 3, "示例经济报": 2, "示例晚报": 1, "Example Wire": 1}},
	} {
		if got := facet(r, c.facet); !mapsEqual(got, c.want) {
			t.Errorf("facet %s = %v, want %v", c.facet, got, c.want)
		}
	}
	prov := facet(r, "province")
	for p, n := range map[string]int{"山东省": 1, "湖南省": 2, "广东省": 1, "浙江省": 1, "安徽省": 1} {
		if prov[p] != n {
			t.Errorf("province %s: %d documents, want %d (facet %v)", p, prov[p], n, prov)
		}
	}
	// The place a document is about is among those it mentions.
	mentioned := facet(r, "mentioned_province")
	for p, n := range prov {
		if mentioned[p] < n {
			t.Errorf("province %s: about in %d documents, mentioned in %d", p, n, mentioned[p])
		}
	}
	county := facet(r, "county")
	for _, c := range []string{"郯城县", "长沙县", "南山区", "余杭区"} {
		if county[c] == 0 {
			t.Errorf("county facet lacks %s: %v", c, county)
		}
	}
	org := facet(r, "org")
	for _, o := range []string{"郯城县工商联", "长沙县工商联", "南山区女企业家商会", "余杭区工商联", "安徽省工商联"} {
		if org[o] == 0 {
			t.Errorf("org facet lacks %s: %v", o, org)
		}
	}
	// A chamber's kind is its own field, never a second org value.
	if org["女企业家商会"] != 0 || facet(r, "org_kind")["女企业家商会"] == 0 {
		t.Errorf("女企业家商会: org facet %v, org_kind facet %v; want it only as a kind", org, facet(r, "org_kind"))
	}
	var months []string
	for _, h := range r.Histogram {
		months = append(months, h.Value)
	}
	if want := []string{"2019-05", "2020-03", "2021-07", "2021-11", "2022-01", "2022-06"}; !slices.Equal(months, want) {
		t.Errorf("histogram months %v, want %v", months, want)
	}
}

// TestFacetsMatchBleve checks the facet counts of Search, taken from
// in-memory columns, against bleve's own facets over the same query: every
// facet field, several sizes, the histogram, and again after re-indexing
// (a new snapshot with deleted documents in its older segments).
func TestFacetsMatchBleve(t *testing.T) {
	entries := append(fixtureEntries(t), demoEntries(t)...)
	ix := openTest(t, entries)
	check := func(stage string) {
		for _, q := range []string{"*", "工商联", "商会", "发展", "-工商联", "province:江西 OR 商会"} {
			for _, size := range []int{1, 3, index.MaxFacetSize} {
				sreq := bleve.NewSearchRequestOptions(mustCompile(t, ix, q), 0, 0, false)
				for _, f := range index.KeywordFields {
					sreq.AddFacet(f, bleve.NewFacetRequest(f, size))
				}
				res, err := ix.bi.Search(sreq)
				if err != nil {
					t.Fatal(err)
				}
				r := doSearch(t, ix, index.Request{Query: q, Facets: index.KeywordFields, FacetSize: size, Histogram: true, NoCollapse: true})
				if r.Documents != int(res.Total) {
					t.Errorf("%s %s: %d documents, bleve %d", stage, q, r.Documents, res.Total)
				}
				for _, f := range index.KeywordFields {
					want := facetValues(res.Facets[f])
					if !slices.Equal(r.Facets[f], want) {
						t.Errorf("%s %s size %d: facet %s\n got %v\nwant %v", stage, q, size, f, r.Facets[f], want)
					}
				}
				if size < index.MaxFacetSize {
					continue
				}
				months := facetValues(res.Facets[fMonth])
				slices.SortFunc(months, func(a, b index.FacetValue) int { return cmp.Compare(a.Value, b.Value) })
				if !slices.Equal(r.Histogram, months) {
					t.Errorf("%s %s: histogram %v, want %v", stage, q, r.Histogram, months)
				}
			}
		}
	}
	check("first")
	// Re-index half the documents, some in another province: their old
	// versions become deleted documents, and the snapshot changes.
	reindexEvery(t, ix, entries, 2, "抚州市工商联")
	check("re-indexed")
}

// reindexEvery indexes again every nth of entries with prefix before its
// title: their old versions become deleted documents, and the snapshot
// changes.
func reindexEvery(t *testing.T, ix *Index, entries []Entry, nth int, prefix string) {
	t.Helper()
	var again []Entry
	for i, e := range entries {
		if i%nth == 0 {
			d := *e.Doc
			d.Title = prefix + d.Title
			e.Doc = &d
			again = append(again, e)
		}
	}
	if err := ix.Add(context.Background(), again); err != nil {
		t.Fatal(err)
	}
}

func facetValues(fr *search.FacetResult) []index.FacetValue {
	out := []index.FacetValue{}
	for _, t := range fr.Terms.Terms() {
		out = append(out, index.FacetValue{Value: t.Term, Count: t.Count})
	}
	return out
}

func mustCompile(t *testing.T, ix *Index, q string) query.Query {
	t.Helper()
	bq, _, err := ix.compileRequest(index.Request{Query: q})
	if err != nil {
		t.Fatal(err)
	}
	return bq
}

func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestSeedPlaces checks the places and organizations of the seed articles.
func TestSeedPlaces(t *testing.T) {
	ix := openTest(t, seedEntries(t))
	for _, c := range []struct {
		query string
		want  []int64
	}{
		{"county:万年县", []int64{1}},
		{"province:江西省 city:上饶市", []int64{1}},
		{"county:郯城县", []int64{4, 5}},
		{"province:山东省 city:临沂市", []int64{4, 5}},
		{"county:长沙县", []int64{2}},
		{"province:湖南省 city:长沙市", []int64{2}},
		{"org:安徽省工商联", []int64{3}},
		{"org:万年县工商联", []int64{1}},
		{"org:深圳市万年商会", []int64{1}},
		{"org_kind:女企业家商会", []int64{1}},
		{"org:郯城县工商联", []int64{4, 5}},
	} {
		r := doSearch(t, ix, index.Request{Query: c.query})
		if got := ids(r); !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.query, got, c.want)
		}
	}
}

// TestSnippetTraditional checks that a simplified query marks the
// traditional original at the right place.
func TestSnippetTraditional(t *testing.T) {
	ix := openTest(t, fixtureEntries(t))
	r := doSearch(t, ix, index.Request{Query: "营商环境 郯城县", SnippetRunes: 40})
	if len(r.Hits) != 1 {
		t.Fatalf("hits %v", ids(r))
	}
	h := r.Hits[0]
	rs := []rune(h.SnippetRaw)
	var marked []string
	for _, m := range h.Marks {
		marked = append(marked, string(rs[m[0]:m[1]]))
	}
	if !slices.Contains(marked, "營商環境") || !slices.Contains(marked, "郯城縣") {
		t.Errorf("marks %q in %q, want 營商環境 and 郯城縣", marked, h.SnippetRaw)
	}
	if !strings.Contains(h.Snippet, "<mark>營商環境</mark>") {
		t.Errorf("snippet html %q", h.Snippet)
	}
	if h.TitleHTML != "民營經濟發展座談會在<mark>郯城縣</mark>召開" {
		t.Errorf("title html %q", h.TitleHTML)
	}
	body := []rune(fixtureEntries(t)[3].Doc.Original)
	for _, m := range h.Matches {
		if m.Field == "body" && !slices.Contains([]string{"營商環境", "郯城縣"}, string(body[m.Start:m.End])) {
			t.Errorf("match %+v is %q in the original", m, string(body[m.Start:m.End]))
		}
	}
}

func TestBadQueries(t *testing.T) {
	ix := openTest(t, fixtureEntries(t))
	for _, c := range []struct {
		req  index.Request
		want string
	}{
		{index.Request{Query: ""}, "empty query"},
		{index.Request{Query: "   "}, "empty query"},
		{index.Request{Query: strings.Repeat("营", 10000)}, "too long"},
		{index.Request{Query: `"营商环境`}, "unbalanced quotes"},
		{index.Request{Query: `营商 "环境`}, "unbalanced quotes"},
		{index.Request{Query: "foo:bar"}, `unknown field "foo"`},
		{index.Request{Query: "http://example.org"}, `unknown field "http"`},
		{index.Request{Query: "营商 OR"}, "OR needs a term after it"},
		{index.Request{Query: "OR 营商"}, "OR needs a term before it"},
		{index.Request{Query: "(营商"}, "unbalanced '('"},
		{index.Request{Query: "营商)"}, "unbalanced ')'"},
		{index.Request{Query: "()"}, "empty parentheses"},
		{index.Request{Query: "营商 -"}, "'-' must be followed"},
		{index.Request{Query: "province:"}, "missing value"},
		{index.Request{Query: "published:>=2021-13-01"}, "not a date"},
		{index.Request{Query: "money:>=lots"}, "not a number"},
		{index.Request{Query: "script:latin"}, "not one of"},
		{index.Request{Query: "kind:gold"}, "not one of"},
		{index.Request{Query: "source:>=a"}, "not a comparison"},
		{index.Request{Query: `""`}, "empty phrase"},
		{index.Request{Query: strings.Repeat("a ", 65)}, "too many terms"},
		{index.Request{Query: strings.Repeat("(", 20) + "a" + strings.Repeat(")", 20)}, "nested too deeply"},
		{index.Request{Query: "*", Facets: []string{"colour"}}, "cannot facet"},
		{index.Request{Query: "*", Filters: []index.Filter{{Field: "colour", Value: "red"}}}, "unknown field"},
		{index.Request{Query: "*", Sort: "random"}, "sort"},
		{index.Request{Query: "*", Limit: 5000}, "limit"},
	} {
		_, err := ix.Search(context.Background(), c.req)
		if err == nil || !errors.Is(err, index.ErrBadQuery) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("query %.40q: error %v, want a bad-query error mentioning %q", c.req.Query, err, c.want)
		}
	}
}

func TestParseFilter(t *testing.T) {
	f, err := index.ParseFilter("published=>=2021-01-01")
	if err != nil || f != (index.Filter{Field: "published", Value: ">=2021-01-01"}) {
		t.Errorf("got %+v, %v", f, err)
	}
	for _, bad := range []string{"province", "=江西", "province="} {
		if _, err := index.ParseFilter(bad); !errors.Is(err, index.ErrBadQuery) {
			t.Errorf("ParseFilter(%q) = %v, want a bad-query error", bad, err)
		}
	}
}

// FuzzParseQuery: the parser never panics, and what it accepts compiles
// or fails with a bad-query error.
func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{"营商环境", `"a b" OR c -d`, "province:江西 year:>=2020", "(a OR (b -c))", "money:1亿..", "published:2021..2022-03",
		`source:"中华 工商"`, "-", "((((", `"`, "a OR OR b", "*", "year:>2020", "count:<=1,000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := index.Parse(s)
		if err != nil {
			if !errors.Is(err, index.ErrBadQuery) {
				t.Fatalf("parse %q: error %v is not a bad-query error", s, err)
			}
			return
		}
		if n == nil {
			t.Fatalf("parse %q: nil query without error", s)
		}
		p, err := index.NewPlan(index.Request{Query: s}, index.Places(mustGaz(t)))
		if err != nil && !errors.Is(err, index.ErrBadQuery) {
			t.Fatalf("resolve %q: %v", s, err)
		}
		if err == nil {
			if _, err := compilePlan(p); err != nil {
				t.Fatalf("compile %q: %v", s, err)
			}
		}
	})
}

func mustGaz(t *testing.T) *gazetteer.Gazetteer {
	g, err := gazetteer.Default()
	if err != nil {
		t.Fatal(err)
	}
	return g
}
