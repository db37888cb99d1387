package bleveindex

import (
	"context"
	"fmt"
	"strconv"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
)

// docIDTable maps a snapshot's document numbers to fednews document IDs.
// Listing a broad query's IDs read each hit's external ID from its
// segment's stored fields, once per hit and per call (most of the time of
// a trend, a KWIC page or the figure explorer at 100,000 documents); the
// table reads them once per snapshot, for every query after.
type docIDTable struct {
	ids []int64 // by document number; 0 for a number no document has
}

func (t *docIDTable) id(n uint32) int64 {
	if int(n) < len(t.ids) {
		return t.ids[n]
	}
	return 0
}

// docIDCache keeps the table of the snapshot last asked for; a write or a
// merge makes a new snapshot, and the next call builds its table.
type docIDCache struct {
	mu     sync.Mutex
	reader bindex.IndexReader // identity only
	table  *docIDTable
}

// get returns the table of r, building it when r is a new snapshot.
// Callers wait for one build rather than building it twice.
func (c *docIDCache) get(ctx context.Context, bi bleve.Index, r bindex.IndexReader) (*docIDTable, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.reader == r && c.table != nil {
		return c.table, nil
	}
	t := &docIDTable{}
	var idErr error
	err := eachMatch(ctx, bi, r, query.NewMatchAllQuery(), nil, func(n uint64, _ float64) {
		if idErr != nil {
			return
		}
		ext, err := r.ExternalID(internalID(nil, n))
		if err != nil {
			idErr = fmt.Errorf("document %d: %w", n, err)
			return
		}
		id, err := strconv.ParseInt(ext, 10, 64)
		if err != nil {
			idErr = fmt.Errorf("document id %q: %w", ext, err)
			return
		}
		for uint64(len(t.ids)) <= n {
			t.ids = append(t.ids, 0)
		}
		t.ids[n] = id
	})
	if err == nil {
		err = idErr
	}
	if err != nil {
		return nil, err
	}
	c.reader, c.table = r, t
	return t, nil
}

// directIDs is how many document IDs idsOf reads one by one at most;
// beyond, it reads (or reuses) the snapshot's table of every document.
const directIDs = 1024

// idsOf returns the fednews IDs of the document numbers nums of snapshot
// r. A few are read one by one: a one-query process whose top hits tie
// (工商联 at 100,000 documents, scored on the bigrams and the title's
// words) then reads no table of every document, which took a quarter of
// its CPU and touched every document's stored fields.
func (ix *Index) idsOf(ctx context.Context, r bindex.IndexReader, nums []uint32) (func(uint32) int64, error) {
	if len(nums) > directIDs {
		t, err := ix.docIDs.get(ctx, ix.bi, r)
		if err != nil {
			return nil, err
		}
		return t.id, nil
	}
	ids := make(map[uint32]int64, len(nums))
	for _, n := range nums {
		ext, err := r.ExternalID(internalID(nil, uint64(n)))
		if err != nil {
			return nil, fmt.Errorf("document %d: %w", n, err)
		}
		id, err := strconv.ParseInt(ext, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("document id %q: %w", ext, err)
		}
		ids[n] = id
	}
	return func(n uint32) int64 { return ids[n] }, nil
}
