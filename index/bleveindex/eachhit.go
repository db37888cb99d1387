package bleveindex

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/blevesearch/bleve/v2"

	"github.com/fednews/fednews/index"
)

// eachHitBatch is how many hits EachHit fetches at a time (a variable:
// the test makes batches small enough to need several).
var eachHitBatch = 500

// EachHit calls fn with every hit of req, snippet included, in ascending
// ID order: one per duplicate cluster unless req.NoCollapse, as IDs lists
// them. Limit, Offset, Sort and facets are ignored and Duplicates is left
// empty. Memory does not grow with the hits but for their IDs (8 bytes
// each): they are listed in one pass, then fetched eachHitBatch at a time,
// where paging through Search would collect every hit before each page.
func (ix *Index) EachHit(ctx context.Context, req index.Request, fn func(index.Hit) error) error {
	ids, err := ix.IDs(ctx, req, 0)
	if err != nil {
		return err
	}
	if req.SnippetRunes <= 0 {
		req.SnippetRunes = 120
	}
	for start := 0; start < len(ids); start += eachHitBatch {
		hits, err := ix.hitsOf(ctx, req, ids[start:min(len(ids), start+eachHitBatch)])
		if err != nil {
			return err
		}
		for _, h := range hits {
			if err := fn(h); err != nil {
				return err
			}
		}
	}
	return nil
}

// hitsOf returns the hits of req among the documents ids, in ID order. A
// document deleted since its ID was listed is left out.
func (ix *Index) hitsOf(ctx context.Context, req index.Request, ids []int64) ([]index.Hit, error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.bi == nil {
		return nil, fmt.Errorf("search: index is closed")
	}
	q, hl, err := ix.compileRequest(req)
	if err != nil {
		return nil, err
	}
	keys := make([]string, len(ids))
	for i, id := range ids {
		keys[i] = docID(id)
	}
	sreq := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(q, bleve.NewDocIDQuery(keys)), len(ids), 0, false)
	sreq.Fields = hitFields
	res, err := ix.bi.SearchInContext(ctx, sreq)
	if err != nil {
		return nil, readError(ix.dir, "search", err)
	}
	if err := ix.withBodies(ctx, res.Hits); err != nil {
		return nil, err
	}
	hits := make([]index.Hit, 0, len(res.Hits))
	for _, m := range res.Hits {
		h := hitOf(m, hl, req.SnippetRunes)
		hits = append(hits, h)
	}
	slices.SortFunc(hits, func(a, b index.Hit) int { return cmp.Compare(a.ID, b.ID) })
	return hits, nil
}
