package bleveindex

import (
	"context"
	"errors"
	"math"
	"sort"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bindex "github.com/blevesearch/bleve_index_api"
)

// boostQuery is the exact query of a plan plus the optional clauses that
// raise its hits (the word-field terms of compileParts): what
// query.NewBooleanQuery([]Query{exact}, should, nil) matches and scores,
// to the last bit, without bleve's layers between them. bleve wraps the
// exact query in a conjunction of one, and the optional ones in a
// disjunction, each taking and recycling a DocumentMatch per hit for
// every layer: a third of the collection of a phrase in most documents.
// Here each hit of the exact query only has the optional searchers moved
// to it and their scores added, in the order and with the arithmetic of
// bleve's scorers.
type boostQuery struct {
	exact  query.Query
	should []query.Query
}

// Searcher returns bleve's own Boolean searcher where this one would not
// score as it does: when the exact query matches nothing (bleve then
// searches the optional clauses alone) or when there are so many
// optional clauses that bleve switches to its heap disjunction, which
// adds scores in another order.
func (q *boostQuery) Searcher(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, opts search.SearcherOptions) (search.Searcher, error) {
	if len(q.should) >= searcher.DisjunctionHeapTakeover || opts.Explain || opts.Score != "" {
		return q.bleve().Searcher(ctx, r, m, opts)
	}
	exact, err := q.exact.Searcher(ctx, r, m, opts)
	if err != nil {
		return nil, err
	}
	if _, none := exact.(*searcher.MatchNoneSearcher); none {
		exact.Close()
		return q.bleve().Searcher(ctx, r, m, opts)
	}
	s := &boostSearcher{exact: exact}
	for _, sq := range q.should {
		ss, err := sq.Searcher(ctx, r, m, opts)
		if err != nil {
			s.Close()
			return nil, err
		}
		s.should = append(s.should, ss)
	}
	// As bleve's disjunction orders its searchers (it sums their scores
	// in that order), then its Boolean searcher's query norm.
	sort.Sort(searcher.OrderedSearcherList(s.should))
	s.cur = make([]*search.DocumentMatch, len(s.should))
	s.SetQueryNorm(1 / math.Sqrt(s.Weight()))
	return s, nil
}

// bleve is the same query as bleve builds it.
func (q *boostQuery) bleve() query.Query {
	return query.NewBooleanQuery([]query.Query{q.exact}, q.should, nil)
}

type boostSearcher struct {
	exact   search.Searcher
	should  []search.Searcher       // in bleve's disjunction order
	cur     []*search.DocumentMatch // by should searcher: its current match, nil before its first or after its last
	started []bool
}

func (s *boostSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	d, err := s.exact.Next(ctx)
	if err != nil || d == nil {
		return nil, err
	}
	return d, s.raise(ctx, d)
}

func (s *boostSearcher) Advance(ctx *search.SearchContext, id bindex.IndexInternalID) (*search.DocumentMatch, error) {
	d, err := s.exact.Advance(ctx, id)
	if err != nil || d == nil {
		return nil, err
	}
	return d, s.raise(ctx, d)
}

// raise moves the optional searchers to the hit d and adds what they
// score there, as bleve's Boolean searcher adds its optional disjunction:
// the sum of the matching clauses' scores, times the share of clauses
// that match, added to the exact query's score.
func (s *boostSearcher) raise(ctx *search.SearchContext, d *search.DocumentMatch) error {
	if s.started == nil {
		s.started = make([]bool, len(s.should))
	}
	var sum float64
	n := 0
	for i, ss := range s.should {
		c := s.cur[i]
		if !s.started[i] || (c != nil && c.IndexInternalID.Compare(d.IndexInternalID) < 0) {
			if c != nil {
				ctx.DocumentMatchPool.Put(c)
			}
			var err error
			if c, err = ss.Advance(ctx, d.IndexInternalID); err != nil {
				return err
			}
			s.cur[i], s.started[i] = c, true
		}
		if c != nil && c.IndexInternalID.Equals(d.IndexInternalID) {
			sum += c.Score
			n++
		}
	}
	if n > 0 {
		d.Score += sum * (float64(n) / float64(len(s.should)))
	}
	return nil
}

func (s *boostSearcher) Weight() float64 {
	w := s.exact.Weight()
	var should float64
	for _, ss := range s.should {
		should += ss.Weight()
	}
	return w + should
}

func (s *boostSearcher) SetQueryNorm(n float64) {
	s.exact.SetQueryNorm(n)
	for _, ss := range s.should {
		ss.SetQueryNorm(n)
	}
}

func (s *boostSearcher) Count() uint64 {
	n := s.exact.Count()
	for _, ss := range s.should {
		n += ss.Count()
	}
	return n
}

func (s *boostSearcher) Min() int { return 0 }

func (s *boostSearcher) DocumentMatchPoolSize() int {
	n := 1 + s.exact.DocumentMatchPoolSize()
	for _, ss := range s.should {
		n += 1 + ss.DocumentMatchPoolSize()
	}
	return n
}

func (s *boostSearcher) Size() int {
	n := 64 + s.exact.Size()
	for _, ss := range s.should {
		n += ss.Size()
	}
	return n
}

func (s *boostSearcher) Close() error {
	errs := []error{s.exact.Close()}
	for _, ss := range s.should {
		errs = append(errs, ss.Close())
	}
	return errors.Join(errs...)
}
