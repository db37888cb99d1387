package bleveindex

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/fednews/fednews/index"
)

// IDs returns the IDs of every document req matches, in ascending order:
// one per story (duplicate cluster) unless req.NoCollapse: the copy that
// stands for it when it matches, else the first matching copy. Paging, sorting, facets and snippets of req are ignored.
// It returns a *TooManyError when there are more than limit (0: no limit).
//
// One pass over the hits: paging through Search instead costs a search
// per page, each collecting every hit before its offset.
func (ix *Index) IDs(ctx context.Context, req index.Request, limit int) (_ []int64, err error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	defer guard(ix.dir, &err)()
	if ix.bi == nil {
		return nil, fmt.Errorf("ids: index is closed")
	}
	q, _, err := ix.compileRequest(req)
	if err != nil {
		return nil, err
	}
	ix.keepColumns()
	collapsing := !req.NoCollapse
	if v, err := ix.bi.GetInternal([]byte(clustersKey)); err == nil && v == nil {
		collapsing = false
	}
	var (
		ids   []int64
		first = map[uint32]int{} // cluster code → index in ids
		idErr error
	)
	hctx := onEachHit(ctx, func(r bindex.IndexReader) (func(*search.DocumentMatch), error) {
		var clusters *column
		if collapsing {
			cols, err := ix.columns.columns(ctx, r, []string{fCluster})
			if err != nil {
				return nil, err
			}
			clusters = cols[0]
		}
		return func(d *search.DocumentMatch) {
			if idErr != nil {
				return
			}
			ext, err := r.ExternalID(d.IndexInternalID)
			if err != nil {
				idErr = err
				return
			}
			id, err := strconv.ParseInt(ext, 10, 64)
			if err != nil {
				idErr = fmt.Errorf("document id %q: %w", ext, err)
				return
			}
			if clusters != nil {
				if code, ok := clusters.first(docNum(d.IndexInternalID)); ok {
					if i, seen := first[code]; seen {
						if canonical := clusters.values[code]; ext == canonical || (docID(ids[i]) != canonical && id < ids[i]) {
							ids[i] = id
						}
						return
					}
					first[code] = len(ids)
				}
			}
			ids = append(ids, id)
		}, nil
	})
	if _, err := ix.bi.SearchInContext(hctx, bleve.NewSearchRequestOptions(q, 0, 0, false)); err != nil {
		return nil, readError(ix.dir, "ids", err)
	}
	if idErr != nil {
		return nil, fmt.Errorf("ids: %w", idErr)
	}
	if limit > 0 && len(ids) > limit {
		return nil, &index.TooManyError{Total: len(ids), Limit: limit}
	}
	slices.SortFunc(ids, cmp.Compare)
	if ids == nil {
		ids = []int64{} // no hits: nothing, not everything
	}
	return ids, nil
}
