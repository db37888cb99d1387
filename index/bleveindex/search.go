package bleveindex

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// SortOrders are the values of Request.Sort: by relevance, newest first,
// oldest first.
var SortOrders = []string{"relevance", "newest", "oldest"}

// Request is one search.
type Request struct {
	// Query in the query language (see parseQuery); "*" matches every document.
	Query string
	// Filters narrow the result like field clauses of the query
	// (Filter{"province", "江西"} is province:江西).
	Filters []Filter
	// From and To bound the publication date to [From, To); zero is open.
	From, To time.Time
	// Facets lists the fields to count values of: source, province, city,
	// county, org, year, month, kind, unit, script, cluster.
	Facets []string
	// FacetSize is the number of values per facet (default 10).
	FacetSize int
	// Histogram asks for the number of matching stories per month (every
	// copy with NoCollapse).
	Histogram bool
	// Limit and Offset page through the hits (default limit 10, at most 1000).
	Limit, Offset int
	// Sort is one of SortOrders; "" is relevance.
	Sort string
	// NoCollapse lists and counts every copy. By default a story (a
	// duplicate cluster) is one hit with the other copies as its
	// Duplicates, and the total, the facets and the histogram count stories.
	NoCollapse bool
	// SnippetRunes is the length of a snippet in characters (default 120).
	SnippetRunes int
}

// Filter is a field clause given apart from the query text. Value takes
// the same forms as in the query (">=2021-01-01", "1亿..", "江西").
type Filter struct {
	Field string `json:"field"`
	Value string `json:"value"`
}

// ParseFilter reads "FIELD=VALUE" (the --filter flag).
func ParseFilter(s string) (Filter, error) {
	f, v, ok := strings.Cut(s, "=")
	if !ok || f == "" || v == "" {
		return Filter{}, &QueryError{Pos: -1, Msg: fmt.Sprintf("filter %q: want FIELD=VALUE, e.g. province=江西", s)}
	}
	return Filter{Field: strings.ToLower(strings.TrimSpace(f)), Value: v}, nil
}

// Response is the result of a search; it marshals as the JSON the CLI and
// the web API print.
type Response struct {
	Query     string                  `json:"query,omitempty"`
	Total     int                     `json:"total"`     // stories (every copy with NoCollapse)
	Documents int                     `json:"documents"` // matching documents, every copy
	Hits      []Hit                   `json:"hits"`
	Facets    map[string][]FacetValue `json:"facets"`              // counted like Total
	Histogram []FacetValue            `json:"histogram,omitempty"` // counted like Total, per month, oldest first
	TookMS    float64                 `json:"took_ms"`
}

// Hit is one matching document (or duplicate cluster).
type Hit struct {
	ID         int64       `json:"id"`
	Title      string      `json:"title"`      // original script
	TitleHTML  string      `json:"title_html"` // HTML-escaped, matches in <mark>
	URL        string      `json:"url"`
	Source     string      `json:"source"`
	Published  string      `json:"published"` // YYYY-MM-DD or ""
	Script     string      `json:"script,omitempty"`
	Score      float64     `json:"score"`
	Snippet    string      `json:"snippet"`      // HTML-escaped original text, matches in <mark>
	SnippetRaw string      `json:"snippet_text"` // the same without markup
	Marks      [][2]int    `json:"marks"`        // rune ranges of the matches in snippet_text
	Matches    []Span      `json:"matches"`      // matches in the original title and body (rune offsets)
	Provinces  []string    `json:"provinces,omitempty"`
	Cities     []string    `json:"cities,omitempty"`
	Counties   []string    `json:"counties,omitempty"`
	Orgs       []string    `json:"orgs,omitempty"`
	Cluster    int64       `json:"cluster,omitempty"`
	Duplicates []Duplicate `json:"duplicates"`
}

// Span is a match in the original text of a field, in runes, end exclusive.
type Span struct {
	Field string `json:"field"` // title or body
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// Duplicate is another member of a hit's duplicate cluster.
type Duplicate struct {
	ID    int64  `json:"id"`
	Title string `json:"title"`
	URL   string `json:"url"`
}

// FacetValue is one value of a facet with the number of hits having it.
type FacetValue struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// facetFields are the fields a Request may facet on.
var facetFields = map[string]bool{}

func init() {
	for _, f := range keywordFields {
		facetFields[f] = true
	}
}

const maxLimit = 1000

// hitFields are the stored fields a Hit is made of.
var hitFields = []string{fTitleOrig, fBodyOrig, fURL, fSource, fPublished, fCluster, fScript, fProvince, fCity, fCounty, fOrg}

// Search runs req.
func (ix *Index) Search(ctx context.Context, req Request) (_ *Response, err error) {
	started := time.Now()
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	defer guard(ix.dir, &err)()
	if ix.bi == nil {
		return nil, fmt.Errorf("search: index is closed")
	}
	if req.Limit == 0 {
		req.Limit = 10
	}
	if req.Limit < 0 || req.Limit > maxLimit || req.Offset < 0 {
		return nil, &QueryError{Pos: -1, Msg: fmt.Sprintf("limit must be 1..%d and offset >= 0", maxLimit)}
	}
	if req.FacetSize <= 0 {
		req.FacetSize = 10
	}
	if req.SnippetRunes <= 0 {
		req.SnippetRunes = 120
	}
	for _, f := range req.Facets {
		if !facetFields[f] {
			return nil, &QueryError{Pos: -1, Msg: fmt.Sprintf("cannot facet on %q (facets: %s)", f, strings.Join(keywordFields, ", "))}
		}
	}
	q, hl, err := ix.compileRequest(req)
	if err != nil {
		return nil, err
	}
	resp := &Response{Facets: map[string][]FacetValue{}, Hits: []Hit{}}
	// Without clusters in the index there is nothing to collapse: the
	// cluster facet would only cost time.
	collapsing := !req.NoCollapse
	if v, err := ix.bi.GetInternal([]byte(clustersKey)); err == nil && v == nil {
		collapsing = false
	}
	want := req.Offset + req.Limit
	size := want
	if collapsing {
		size = want*2 + 10
	}
	var groups []*search.DocumentMatch
	var sr *bleve.SearchResult
	fc := &facetCounter{cache: &ix.columns}
	for _, f := range req.Facets {
		// Counting copies, years are summed from months: one column
		// fewer. Counting stories they are not: a story whose copies
		// span two months of a year is one story of that year.
		if f != fMonth && (f != fYear || collapsing) {
			fc.fields = append(fc.fields, f)
		}
	}
	if req.Histogram || slices.Contains(req.Facets, fMonth) || (!collapsing && slices.Contains(req.Facets, fYear)) {
		fc.fields = append(fc.fields, fMonth)
	}
	if collapsing {
		fc.fields = append(fc.fields, fCluster)
		fc.stories = true
	}
	for {
		sreq := bleve.NewSearchRequestOptions(q, size, 0, false)
		sreq.Fields = hitFields
		switch req.Sort {
		case "", "relevance":
		case "newest":
			sreq.SortBy([]string{"-" + fPublished, "-_score"})
		case "oldest":
			sreq.SortBy([]string{fPublished, "-_score"})
		default:
			return nil, &QueryError{Pos: -1, Msg: fmt.Sprintf("sort %q: want %s", req.Sort, strings.Join(SortOrders, ", "))}
		}
		sctx := ctx
		if sr == nil && len(fc.fields) > 0 { // facets once: they do not depend on the page
			sctx = fc.withCounting(ctx)
		}
		res, err := ix.bi.SearchInContext(sctx, sreq)
		if err != nil {
			return nil, readError(ix.dir, "search", err)
		}
		if sr == nil {
			sr = res
		}
		groups = collapse(res.Hits, !collapsing)
		if len(groups) >= want || len(res.Hits) >= int(res.Total) || len(res.Hits) < size {
			break
		}
		size *= 2
	}
	resp.Documents = int(sr.Total)
	resp.Total = int(sr.Total)
	if collapsing {
		resp.Total -= fc.repeats(fCluster)
	}
	for _, f := range req.Facets {
		switch f {
		case fYear:
			if !collapsing {
				resp.Facets[fYear] = yearsOf(fc.values(fMonth, 0), req.FacetSize)
				continue
			}
			resp.Facets[fYear] = fc.values(fYear, req.FacetSize)
		default:
			resp.Facets[f] = fc.values(f, req.FacetSize)
		}
	}
	if req.Histogram {
		resp.Histogram = fc.values(fMonth, 0)
		slices.SortFunc(resp.Histogram, func(a, b FacetValue) int { return cmp.Compare(a.Value, b.Value) })
	}
	if req.Offset < len(groups) {
		groups = groups[req.Offset:min(len(groups), want)]
	} else {
		groups = nil
	}
	for _, m := range groups {
		h := hitOf(m, hl, req.SnippetRunes)
		if h.Cluster != 0 && collapsing {
			if h.Duplicates, err = ix.duplicates(ctx, h.Cluster, h.ID); err != nil {
				return nil, err
			}
		}
		resp.Hits = append(resp.Hits, h)
	}
	resp.TookMS = float64(time.Since(started).Microseconds()) / 1000
	return resp, nil
}

// compileRequest builds the bleve query of the query text and the filters.
func (ix *Index) compileRequest(req Request) (query.Query, []hlTerm, error) {
	n, err := parseQuery(req.Query)
	if err != nil {
		return nil, nil, err
	}
	c := &compiler{gaz: ix.gaz}
	q, err := c.compile(n)
	if err != nil {
		return nil, nil, err
	}
	must := []query.Query{q}
	for _, f := range req.Filters {
		if _, ok := fieldNames[f.Field]; !ok {
			return nil, nil, &QueryError{Pos: -1, Msg: fmt.Sprintf("filter on unknown field %q (known fields: %s)", f.Field, knownFields())}
		}
		t := termNode{field: f.Field, pos: -1}
		t.op, t.value = cutOp(f.Value)
		fq, err := (&compiler{gaz: ix.gaz}).term(t, true)
		if err != nil {
			return nil, nil, err
		}
		must = append(must, fq)
	}
	if !req.From.IsZero() || !req.To.IsZero() {
		must = append(must, DateRange(req.From, req.To))
	}
	if len(must) == 1 {
		return q, c.hl, nil
	}
	return query.NewConjunctionQuery(must), c.hl, nil
}

// collapse keeps one hit per duplicate cluster, at the rank of its best
// member: the cluster's first document (its head) when it matched, else
// the best member.
func collapse(hits search.DocumentMatchCollection, off bool) []*search.DocumentMatch {
	at := map[string]int{}
	var out []*search.DocumentMatch
	for _, h := range hits {
		c, _ := h.Fields[fCluster].(string)
		if c == "" || off {
			out = append(out, h)
			continue
		}
		if i, ok := at[c]; ok {
			if h.ID == c {
				h.Score = out[i].Score
				out[i] = h
			}
			continue
		}
		at[c] = len(out)
		out = append(out, h)
	}
	return out
}

// yearsOf sums the counts of months (YYYY-MM) by year and keeps the size
// most frequent, ordered as bleve orders a facet: by count, then value.
func yearsOf(months []FacetValue, size int) []FacetValue {
	count := map[string]int{}
	for _, m := range months {
		count[m.Value[:min(4, len(m.Value))]] += m.Count
	}
	out := make([]FacetValue, 0, len(count))
	for y, n := range count {
		out = append(out, FacetValue{Value: y, Count: n})
	}
	slices.SortFunc(out, func(a, b FacetValue) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Value, b.Value))
	})
	return out[:min(size, len(out))]
}

// duplicates lists the other members of a cluster.
func (ix *Index) duplicates(ctx context.Context, cluster, self int64) ([]Duplicate, error) {
	sreq := bleve.NewSearchRequestOptions(termOn(fCluster, docID(cluster)), 100, 0, false)
	sreq.Fields = []string{fTitleOrig, fURL}
	sreq.SortBy([]string{"_id"})
	res, err := ix.bi.SearchInContext(ctx, sreq)
	if err != nil {
		return nil, fmt.Errorf("search: duplicates of %d: %w", cluster, err)
	}
	out := []Duplicate{}
	for _, m := range res.Hits {
		id, _ := strconv.ParseInt(m.ID, 10, 64)
		if id == self {
			continue
		}
		out = append(out, Duplicate{ID: id, Title: str(m.Fields[fTitleOrig]), URL: str(m.Fields[fURL])})
	}
	slices.SortFunc(out, func(a, b Duplicate) int { return cmp.Compare(a.ID, b.ID) })
	return out, nil
}

func hitOf(m *search.DocumentMatch, hl []hlTerm, snippetRunes int) Hit {
	id, _ := strconv.ParseInt(m.ID, 10, 64)
	h := Hit{
		ID: id, Title: str(m.Fields[fTitleOrig]), URL: str(m.Fields[fURL]), Source: str(m.Fields[fSource]),
		Script: str(m.Fields[fScript]), Score: m.Score, Duplicates: []Duplicate{},
		Provinces: strs(m.Fields[fProvince]), Cities: strs(m.Fields[fCity]), Counties: strs(m.Fields[fCounty]), Orgs: strs(m.Fields[fOrg]),
	}
	if p := str(m.Fields[fPublished]); p != "" {
		if t, err := time.Parse(time.RFC3339, p); err == nil {
			h.Published = t.In(chinaTime).Format(time.DateOnly)
		}
	}
	if c := str(m.Fields[fCluster]); c != "" {
		h.Cluster, _ = strconv.ParseInt(c, 10, 64)
	}
	title := mark(h.Title, hl, "title", 0)
	h.TitleHTML = title.html
	for _, s := range title.all {
		h.Matches = append(h.Matches, Span{"title", s[0], s[1]})
	}
	body := mark(str(m.Fields[fBodyOrig]), hl, "body", snippetRunes)
	h.Snippet, h.SnippetRaw, h.Marks = body.html, body.text, body.marks
	for _, s := range body.all {
		h.Matches = append(h.Matches, Span{"body", s[0], s[1]})
	}
	if h.Marks == nil {
		h.Marks = [][2]int{}
	}
	if h.Matches == nil {
		h.Matches = []Span{}
	}
	return h
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func strs(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		out := make([]string, 0, len(v))
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}
