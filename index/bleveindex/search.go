package bleveindex

import (
	"cmp"
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"

	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/fednews/fednews/index"
	"github.com/fednews/fednews/index/gazetteer"
	"github.com/fednews/fednews/zh"
)

// hitFields are the stored fields a Hit is made of.
var hitFields = []string{fTitleOrig, fBodyOrig, fURL, fSource, fPublished, fCluster, fScript, fProvince, fCity, fCounty, fOrg, fMentionedProvince, fMentionedCity, fMentionedCounty}

// Search runs req.
func (ix *Index) Search(ctx context.Context, req index.Request) (_ *index.Response, err error) {
	started := time.Now()
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	defer guard(ix.dir, &err)()
	if ix.bi == nil {
		return nil, fmt.Errorf("search: index is closed")
	}
	if req, err = req.WithDefaults(); err != nil {
		return nil, err
	}
	q, hl, err := ix.compileRequest(req)
	if err != nil {
		return nil, err
	}
	resp := &index.Response{Facets: map[string][]index.FacetValue{}, Hits: []index.Hit{}}
	// Without clusters in the index there is nothing to collapse: the
	// cluster facet would only cost time.
	collapsing := !req.NoCollapse
	if v, err := ix.bi.GetInternal([]byte(clustersKey)); err == nil && v == nil {
		collapsing = false
	}
	want := req.Offset + req.Limit
	ix.keepColumns()
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
	var (
		groups    []*search.DocumentMatch
		documents int
	)
	if req.Sort == "" || req.Sort == "relevance" {
		groups, documents, err = ix.ranked(ctx, q, hitsKey(req), fc, collapsing, req.Offset, want)
	} else {
		groups, documents, err = ix.sorted(ctx, q, req.Sort, fc, collapsing, req.Offset, want)
	}
	if err != nil {
		return nil, err
	}
	resp.Documents = documents
	resp.Total = documents
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
		slices.SortFunc(resp.Histogram, func(a, b index.FacetValue) int { return cmp.Compare(a.Value, b.Value) })
	}
	if err := ix.withBodies(ctx, groups); err != nil {
		return nil, err
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

// keepColumns has the column cache keep its columns in the index
// directory, for the live index (its name changes with a rebuild).
func (ix *Index) keepColumns() {
	if ix.dir != "" {
		ix.columns.keepOnDisk(filepath.Join(ix.dir, columnsDirName), ix.name)
	}
}

// compileRequest builds the bleve query of the query text and the filters.
func (ix *Index) compileRequest(req index.Request) (query.Query, []index.Highlight, error) {
	p, err := index.NewPlan(req, gazetteer.Default) // parsed on first need, once
	if err != nil {
		return nil, nil, err
	}
	q, err := compilePlan(p)
	if err != nil {
		return nil, nil, err
	}
	return q, p.Marks, nil
}

// matchKey is the ID and the cluster of a hit, for index.Collapse.
func matchKey(m *search.DocumentMatch) (id, cluster string) {
	c, _ := m.Fields[fCluster].(string)
	return m.ID, c
}

// yearsOf sums the counts of months (YYYY-MM) by year and keeps the size
// most frequent, ordered as bleve orders a facet: by count, then value.
func yearsOf(months []index.FacetValue, size int) []index.FacetValue {
	count := map[string]int{}
	for _, m := range months {
		count[m.Value[:min(4, len(m.Value))]] += m.Count
	}
	out := make([]index.FacetValue, 0, len(count))
	for y, n := range count {
		out = append(out, index.FacetValue{Value: y, Count: n})
	}
	slices.SortFunc(out, func(a, b index.FacetValue) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Value, b.Value))
	})
	return out[:min(size, len(out))]
}

// duplicates lists the other members of a cluster.
func (ix *Index) duplicates(ctx context.Context, cluster, self int64) ([]index.Duplicate, error) {
	sreq := bleve.NewSearchRequestOptions(termOn(fCluster, docID(cluster)), 100, 0, false)
	sreq.Fields = []string{fTitleOrig, fURL}
	sreq.SortBy([]string{"_id"})
	res, err := ix.bi.SearchInContext(ctx, sreq)
	if err != nil {
		return nil, readError(ix.dir, fmt.Sprintf("search: duplicates of %d", cluster), err)
	}
	out := []index.Duplicate{}
	for _, m := range res.Hits {
		id, _ := strconv.ParseInt(m.ID, 10, 64)
		if id == self {
			continue
		}
		out = append(out, index.Duplicate{ID: id, Title: str(m.Fields[fTitleOrig]), URL: str(m.Fields[fURL])})
	}
	slices.SortFunc(out, func(a, b index.Duplicate) int { return cmp.Compare(a.ID, b.ID) })
	return out, nil
}

func hitOf(m *search.DocumentMatch, hl []index.Highlight, snippetRunes int) index.Hit {
	id, _ := strconv.ParseInt(m.ID, 10, 64)
	h := index.Hit{
		ID: id, Title: str(m.Fields[fTitleOrig]), URL: str(m.Fields[fURL]), Source: str(m.Fields[fSource]),
		Script: str(m.Fields[fScript]), Score: m.Score, Duplicates: []index.Duplicate{},
		Provinces: strs(m.Fields[fProvince]), Cities: strs(m.Fields[fCity]), Counties: strs(m.Fields[fCounty]), Orgs: strs(m.Fields[fOrg]),
		MentionedProvinces: strs(m.Fields[fMentionedProvince]), MentionedCities: strs(m.Fields[fMentionedCity]), MentionedCounties: strs(m.Fields[fMentionedCounty]),
	}
	if p := str(m.Fields[fPublished]); p != "" {
		if t, err := time.Parse(time.RFC3339, p); err == nil {
			h.Published = t.In(zh.China).Format(time.DateOnly)
		}
	}
	if c := str(m.Fields[fCluster]); c != "" {
		h.Cluster, _ = strconv.ParseInt(c, 10, 64)
	}
	h.SetMarks(h.Title, str(m.Fields[fBodyOrig]), hl, snippetRunes)
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
