package bleveindex

import (
	"context"
	"fmt"
	"slices"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	bindex "github.com/blevesearch/bleve_index_api"
)

// runeQuery matches the documents whose n-gram field holds a term starting
// with one rune: every rune of a text begins a bigram or is its last rune,
// so these are the documents containing the rune. A common rune (县) begins
// a thousand bigrams; bleve's prefix query merges their postings through a
// heap, two thirds of its time. This reads each term's postings once into a
// per-document tally and walks the tally in document order.
type runeQuery struct {
	fieldQuery
	r string
}

// Searcher reads the postings of every term that starts with the rune.
func (q *runeQuery) Searcher(ctx context.Context, r bindex.IndexReader, _ mapping.IndexMapping, _ search.SearcherOptions) (search.Searcher, error) {
	dict, err := r.FieldDictPrefix(q.field, []byte(q.r))
	if err != nil {
		return nil, fmt.Errorf("rune %q: %w", q.r, err)
	}
	defer dict.Close()
	var (
		freq []uint32  // by document number
		norm []float32 // by document number; the field's, the same for every term
		d    *bindex.TermFieldDoc
	)
	for {
		e, err := dict.Next()
		if err != nil {
			return nil, fmt.Errorf("rune %q: %w", q.r, err)
		}
		if e == nil {
			break
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		tfr, err := r.TermFieldReader(ctx, []byte(e.Term), q.field, true, true, false)
		if err != nil {
			return nil, fmt.Errorf("rune %q: %w", q.r, err)
		}
		for d, err = tfr.Next(d); d != nil && err == nil; d, err = tfr.Next(d) {
			n := docNum(d.ID)
			if n >= uint64(len(freq)) {
				freq = slices.Grow(freq, int(n+1)-len(freq))[:n+1]
				norm = slices.Grow(norm, int(n+1)-len(norm))[:n+1]
			}
			freq[n] += uint32(d.Freq)
			norm[n] = float32(d.Norm)
		}
		tfr.Close()
		if err != nil {
			return nil, fmt.Errorf("rune %q: %w", q.r, err)
		}
	}
	s := &runeSearcher{freq: freq, norm: norm}
	for n, f := range freq {
		if f > 0 {
			s.docs = append(s.docs, uint64(n))
		}
	}
	docs, err := r.DocCount()
	if err != nil {
		return nil, fmt.Errorf("rune %q: %w", q.r, err)
	}
	s.tfidf = newTFIDF(q.boost, docs, uint64(len(s.docs))) // weighed as a term in as many documents
	return s, nil
}

// runeSearcher returns the documents of its tally in order.
type runeSearcher struct {
	docs []uint64 // document numbers holding the rune, ascending
	at   int      // next in docs
	freq []uint32
	norm []float32
	tfidf
}

func (s *runeSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	if s.at >= len(s.docs) {
		return nil, nil
	}
	n := s.docs[s.at]
	s.at++
	m := ctx.DocumentMatchPool.Get()
	m.IndexInternalID = internalID(m.IndexInternalID, n)
	m.Score = s.score(uint64(s.freq[n]), float64(s.norm[n]))
	return m, nil
}

func (s *runeSearcher) Advance(ctx *search.SearchContext, id bindex.IndexInternalID) (*search.DocumentMatch, error) {
	i, _ := slices.BinarySearch(s.docs[s.at:], docNum(id))
	s.at += i
	return s.Next(ctx)
}

func (s *runeSearcher) Count() uint64              { return uint64(len(s.docs)) }
func (s *runeSearcher) Min() int                   { return 0 }
func (s *runeSearcher) DocumentMatchPoolSize() int { return 1 }
func (s *runeSearcher) Size() int                  { return 64 + 8*cap(s.docs) + 8*cap(s.freq) }
func (s *runeSearcher) Close() error               { return nil }
