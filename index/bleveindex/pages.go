package bleveindex

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/fednews/fednews/index"
)

// ranked returns the page [offset, want) of q's hits by relevance, one
// per story when collapsing, with their stored fields, and the number of
// matching documents; fc counts its fields over every hit. The hits come
// from the snapshot's hit list (hitlist.go).
func (ix *Index) ranked(ctx context.Context, q query.Query, key string, fc *facetCounter, collapsing bool, offset, want int) ([]*search.DocumentMatch, int, error) {
	r, err := snapshot(ix.bi)
	if err != nil {
		return nil, 0, err
	}
	defer r.Close()
	// The columns to count (read from their files, or built) do not
	// depend on the hits: they load beside the collection. An error is
	// counter's to report below, which asks the cache again.
	var loaded sync.WaitGroup
	if len(fc.fields) > 0 {
		loaded.Go(func() {
			// A damaged file panics here as in the collection; the count
			// below asks the cache again and reports it.
			var damaged error
			defer guard(ix.dir, &damaged)()
			fc.cache.columns(ctx, r, fc.fields)
		})
	}
	// Deferred after r.Close, so it runs first: when the collection panics
	// on a damaged file (guard turns that into an error), the columns
	// must not read the snapshot's mapped files after it is closed.
	defer loaded.Wait()
	l, err := ix.hits.get(ctx, r, key, func() (*hitList, error) { return collectHits(ctx, ix.bi, r, q) })
	loaded.Wait()
	if err != nil {
		return nil, 0, readError(ix.dir, "search", err)
	}
	var clusters *column
	if len(fc.fields) > 0 {
		if err := l.count(ctx, r, fc); err != nil {
			return nil, 0, readError(ix.dir, "search", err)
		}
		if i := slices.Index(fc.fields, fCluster); collapsing && i >= 0 {
			clusters = fc.cols[i]
		}
	}
	size := want
	if collapsing {
		size = want*2 + 10 // room for the copies that collapse
	}
	var groups []*search.DocumentMatch
	for {
		top, err := l.rankedTop(size, func(nums []uint32) (func(uint32) int64, error) { return ix.idsOf(ctx, r, nums) })
		if err != nil {
			return nil, 0, readError(ix.dir, "search", err)
		}
		ms := make([]*search.DocumentMatch, len(top))
		for i, at := range top {
			n := uint64(l.docs[at])
			id, err := r.ExternalID(internalID(nil, n))
			if err != nil {
				return nil, 0, readError(ix.dir, "search", fmt.Errorf("document %d: %w", n, err))
			}
			m := &search.DocumentMatch{ID: id, Score: l.scores[at], Fields: map[string]any{}}
			if clusters != nil {
				if code, ok := clusters.first(n); ok {
					m.Fields[fCluster] = clusters.values[code]
				}
			}
			ms[i] = m
		}
		groups = index.Collapse(ms, !collapsing, matchKey, promote)
		if len(groups) >= want || len(top) >= len(l.docs) {
			break
		}
		size *= 2
	}
	groups = page(groups, offset, want)
	if err := ix.loadFields(ctx, groups); err != nil {
		return nil, 0, err
	}
	return groups, len(l.docs), nil
}

// loadFields sets the stored fields of the hits ms (hitFields).
func (ix *Index) loadFields(ctx context.Context, ms []*search.DocumentMatch) error {
	if len(ms) == 0 {
		return nil
	}
	ids := make([]string, len(ms))
	for i, m := range ms {
		ids[i] = m.ID
	}
	sreq := bleve.NewSearchRequestOptions(bleve.NewDocIDQuery(ids), len(ids), 0, false)
	sreq.Fields = hitFields
	res, err := ix.bi.SearchInContext(ctx, sreq)
	if err != nil {
		return readError(ix.dir, "search", err)
	}
	byID := make(map[string]map[string]any, len(res.Hits))
	for _, h := range res.Hits {
		byID[h.ID] = h.Fields
	}
	for _, m := range ms {
		if f, ok := byID[m.ID]; ok { // else deleted since it was listed: a hit without fields
			m.Fields = f
		}
	}
	return nil
}

// sorted returns the page [offset, want) of q's hits in a date order
// (newest, oldest), as ranked does, through bleve's sorting collector.
func (ix *Index) sorted(ctx context.Context, q query.Query, order string, fc *facetCounter, collapsing bool, offset, want int) ([]*search.DocumentMatch, int, error) {
	size := want
	if collapsing {
		size = want*2 + 10
	}
	var (
		groups []*search.DocumentMatch
		total  = -1
	)
	for {
		sreq := bleve.NewSearchRequestOptions(q, size, 0, false)
		sreq.Fields = hitFields
		switch order {
		case "newest":
			sreq.SortBy([]string{"-" + fPublished, "-_score", "_id"})
		case "oldest":
			sreq.SortBy([]string{fPublished, "-_score", "_id"})
		}
		sctx := ctx
		if total < 0 && len(fc.fields) > 0 { // facets once: they do not depend on the page
			sctx = fc.withCounting(ctx)
		}
		res, err := ix.bi.SearchInContext(sctx, sreq)
		if err != nil {
			return nil, 0, readError(ix.dir, "search", err)
		}
		if total < 0 {
			total = int(res.Total)
		}
		groups = index.Collapse(res.Hits, !collapsing, matchKey, promote)
		if len(groups) >= want || len(res.Hits) >= int(res.Total) || len(res.Hits) < size {
			break
		}
		size *= 2
	}
	return page(groups, offset, want), total, nil
}

// promote puts the head of a story at the rank of its best copy.
func promote(head, best *search.DocumentMatch) *search.DocumentMatch {
	head.Score = best.Score
	return head
}

// page returns groups[offset:want], or what of it there is.
func page(groups []*search.DocumentMatch, offset, want int) []*search.DocumentMatch {
	if offset >= len(groups) {
		return nil
	}
	return groups[offset:min(len(groups), want)]
}

// hitsKey is what of req decides its hits and their scores: the key of its
// hit list. Any field not cleared here counts, so a field added to
// index.Request later can only make the cache miss more, never wrongly hit.
func hitsKey(req index.Request) string {
	req.Facets, req.FacetSize, req.Histogram = nil, 0, false
	req.Limit, req.Offset, req.Sort, req.NoCollapse, req.SnippetRunes = 0, 0, "", false, 0
	return fmt.Sprintf("%#v", req)
}
