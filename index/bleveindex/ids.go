package bleveindex

import (
	"cmp"
	"context"
	"fmt"
	"slices"

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
	r, err := snapshot(ix.bi)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	l, err := ix.hits.get(ctx, r, hitsKey(req), func() (*hitList, error) { return collectHits(ctx, ix.bi, r, q) })
	if err != nil {
		return nil, readError(ix.dir, "ids", err)
	}
	table, err := ix.docIDs.get(ctx, ix.bi, r)
	if err != nil {
		return nil, readError(ix.dir, "ids", err)
	}
	var clusters *column
	if collapsing {
		cols, err := ix.columns.columns(ctx, r, []string{fCluster})
		if err != nil {
			return nil, readError(ix.dir, "ids", err)
		}
		clusters = cols[0]
	}
	ids := make([]int64, 0, len(l.docs))
	first := map[uint32]int{} // cluster code → index in ids
	for _, n := range l.docs {
		id := table.id(n)
		if clusters != nil {
			if code, ok := clusters.first(uint64(n)); ok {
				if i, seen := first[code]; seen {
					if canonical := clusters.values[code]; docID(id) == canonical || (docID(ids[i]) != canonical && id < ids[i]) {
						ids[i] = id
					}
					continue
				}
				first[code] = len(ids)
			}
		}
		ids = append(ids, id)
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
