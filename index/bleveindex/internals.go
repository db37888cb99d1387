package bleveindex

import (
	"context"
	"fmt"
	"math"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/collector"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
	segapi "github.com/blevesearch/scorch_segment_api/v2"
)

// This file is the fence around bleve's internals: everything this
// package relies on that bleve does not promise to keep, in one place,
// each pinned by TestBleveContract (internals_test.go). A bleve upgrade
// that fails that test is reviewed here, not across the package.
//
// Checked against bleve v2.6.3 and bleve_index_api v1.4.1
// (bleveVersion and indexAPIVersion in the test).

// docNum is scorch's number of the document id within the snapshot being
// searched: dense from 0, ascending in the order searchers return
// documents. The facet columns and the rune searcher index slices by it.
// (bleve_index_api has changed IndexInternalID's representation before.)
func docNum(id bindex.IndexInternalID) uint64 { return id.Value() }

// internalID is the IndexInternalID of the document number n, reusing
// buf: what a searcher of ours returns.
func internalID(buf bindex.IndexInternalID, n uint64) bindex.IndexInternalID {
	return bindex.NewIndexInternalID(buf, n)
}

// onEachHit returns ctx set up so that bleve's top-N collector hands every
// hit to the function setup returns for the search's snapshot, before
// ranking it.
func onEachHit(ctx context.Context, setup func(bindex.IndexReader) (func(*search.DocumentMatch), error)) context.Context {
	return context.WithValue(ctx, search.MakeDocumentMatchHandlerKey,
		search.MakeDocumentMatchHandler(func(sctx *search.SearchContext) (search.DocumentMatchHandler, bool, error) {
			rank, loadID, err := collector.MakeTopNDocumentMatchHandler(sctx)
			if err != nil {
				return nil, false, err
			}
			each, err := setup(sctx.IndexReader)
			if err != nil {
				return nil, false, err
			}
			return func(d *search.DocumentMatch) error {
				if d != nil {
					each(d) // before rank, which may recycle d
				}
				return rank(d)
			}, loadID, nil
		}))
}

// snapshot returns the snapshot bi searches now, which the caller closes:
// the reader onEachHit's setup is given for a search started at the same
// time (scorch hands out its current snapshot).
func snapshot(bi bleve.Index) (bindex.IndexReader, error) {
	adv, err := bi.Advanced()
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	return r, nil
}

// eachMatch runs q on the snapshot r as bleve's SearchInContext does
// (the same searcher and options, so the same scores) but without its
// collector: fn sees every hit's document number and score, in ascending
// document order. reserve, when not nil, is first told how many hits
// there may be (the searcher's estimate, at most the snapshot's documents).
func eachMatch(ctx context.Context, bi bleve.Index, r bindex.IndexReader, q query.Query, reserve func(n int), fn func(n uint64, score float64)) error {
	return eachMatchIn(ctx, bi, r, q, 0, math.MaxUint64, reserve, fn)
}

// eachMatchIn is eachMatch for the document numbers from ≤ n < to: its
// searcher starts with Advance, as bleve's conjunctions advance theirs,
// and a hit scores as it would in the whole run (a searcher's weights come
// from the snapshot, not from where it starts). reserve is told the
// estimate's share of the range.
func eachMatchIn(ctx context.Context, bi bleve.Index, r bindex.IndexReader, q query.Query, from, to uint64, reserve func(n int), fn func(n uint64, score float64)) error {
	s, err := q.Searcher(ctx, r, bi.Mapping(), search.SearcherOptions{})
	if err != nil {
		return fmt.Errorf("search: %w", err)
	}
	defer s.Close()
	if reserve != nil {
		docs, err := r.DocCount()
		if err != nil {
			return fmt.Errorf("search: %w", err)
		}
		n := min(s.Count(), docs)
		if from > 0 || to < math.MaxUint64 {
			total := numbered(r)
			n = uint64(float64(n) * float64(min(to, total)-min(from, total)) / float64(max(total, 1)))
		}
		reserve(int(n))
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	sctx := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(s.DocumentMatchPoolSize(), 0), IndexReader: r}
	var d *search.DocumentMatch
	if from > 0 {
		d, err = s.Advance(sctx, internalID(nil, from))
	} else {
		d, err = s.Next(sctx)
	}
	for i := 1; ; i++ {
		if err != nil {
			return fmt.Errorf("search: %w", err)
		}
		if d == nil {
			return nil
		}
		n := docNum(d.IndexInternalID)
		if n >= to {
			return nil
		}
		fn(n, d.Score)
		sctx.DocumentMatchPool.Put(d)
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		d, err = s.Next(sctx)
	}
}

// numbered is how many document numbers the scorch snapshot r has given,
// deleted documents included (0 for another reader).
func numbered(r bindex.IndexReader) uint64 {
	is, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return 0
	}
	var n uint64
	for _, s := range is.Segments() {
		n += uint64(s.FullSize())
	}
	return n
}

// numbering describes how the snapshot r numbers its documents: its
// segments in order, each with its size. Two snapshots of one index with
// the same numbering give a document the same number ("" when r is not a
// scorch snapshot: nothing to compare).
func numbering(r bindex.IndexReader) string {
	is, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return ""
	}
	b := []byte{}
	for _, s := range is.Segments() {
		b = fmt.Appendf(b, "%d:%d,", s.Id(), s.FullSize())
	}
	return string(b)
}

// termPositions walks the postings of one term in one field of a scorch
// snapshot, segment by segment, with each document's norm and positions:
// what scorch's TermFieldReader returns, without copying every location
// into a TermFieldVector (a phrase in most documents spent a third of its
// time there). Documents are numbered as docNum numbers them: a segment's
// local number plus the documents of the segments before it, deleted
// documents left out as scorch leaves them out.
type termPositions struct {
	its     []segapi.PostingsIterator // by segment
	offsets []uint64                  // by segment: its first document number
	seg     int
	count   uint64

	doc  uint64 // the current document, valid until done
	at   segapi.Posting
	locs []segapi.Location
	done bool
}

// norm is the current document's field norm: computed only when asked,
// for the documents that are hits.
func (t *termPositions) norm() float64 { return t.at.Norm() }

// openTermPositions opens the postings of term in field on r, which must
// be a scorch snapshot; the norm is read only when withNorm.
func openTermPositions(r bindex.IndexReader, field, term string, withNorm bool) (*termPositions, error) {
	is, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return nil, fmt.Errorf("%T is not a scorch snapshot", r)
	}
	t := &termPositions{}
	var offset uint64
	for _, ss := range is.Segments() {
		dict, err := ss.Segment().Dictionary(field)
		if err != nil {
			return nil, err
		}
		pl, err := dict.PostingsList([]byte(term), ss.Deleted(), nil)
		if err != nil {
			return nil, err
		}
		t.count += pl.Count()
		t.its = append(t.its, pl.Iterator(false, withNorm, true, nil))
		t.offsets = append(t.offsets, offset)
		offset += ss.Segment().Count()
	}
	return t, nil
}

// next moves to the next document, or with seek to the first at or after
// target; done is set past the last.
func (t *termPositions) next(seek bool, target uint64) error {
	for t.seg < len(t.its) {
		var (
			p   segapi.Posting
			err error
		)
		if off := t.offsets[t.seg]; seek && target > off {
			p, err = t.its[t.seg].Advance(target - off)
		} else {
			p, err = t.its[t.seg].Next()
		}
		if err != nil {
			return err
		}
		if p != nil {
			t.doc, t.at, t.locs = p.Number()+t.offsets[t.seg], p, p.Locations()
			return nil
		}
		t.seg++
	}
	t.done = true
	return nil
}
