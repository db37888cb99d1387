package bleveindex

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	bindex "github.com/blevesearch/bleve_index_api"
)

// exactPhrase matches the documents whose n-gram field holds each term at
// its offset from the first. It does what bleve's phrase query does for
// these phrases, at about a third of the cost on broad phrases: bleve
// builds a map of term locations for every candidate document, this walks
// the sorted positions of the terms in place. A phrase such as 工商联 in
// 93% of the documents spends almost all its time there.
type exactPhrase struct {
	fieldQuery
	terms []string
	offs  []uint64 // offs[i]: position of terms[i] after terms[0]; offs[0] = 0
}

// Searcher opens one postings reader, with positions, per distinct term.
func (q *exactPhrase) Searcher(ctx context.Context, r bindex.IndexReader, _ mapping.IndexMapping, _ search.SearcherOptions) (search.Searcher, error) {
	s := &phraseSearcher{ctx: ctx, offs: q.offs}
	docs, err := r.DocCount()
	if err != nil {
		return nil, fmt.Errorf("phrase: %w", err)
	}
	s.df = math.MaxUint64
	reader := map[string]int{} // a term repeated in the phrase is read once
	for _, t := range q.terms {
		if i, ok := reader[t]; ok {
			s.slot = append(s.slot, i)
			continue
		}
		// The norm (field length) is the same for every term: read it once.
		tfr, err := r.TermFieldReader(ctx, []byte(t), q.field, false, len(s.tfrs) == 0, true)
		if err != nil {
			s.Close()
			return nil, fmt.Errorf("phrase %q: %w", t, err)
		}
		reader[t] = len(s.tfrs)
		s.slot = append(s.slot, len(s.tfrs))
		s.tfrs = append(s.tfrs, tfr)
		s.df = min(s.df, tfr.Count())
	}
	s.cur = make([]*bindex.TermFieldDoc, len(s.tfrs))
	s.buf = make([]bindex.TermFieldDoc, len(s.tfrs))
	s.pos = make([][]uint64, len(s.tfrs))
	s.at = make([]int, len(s.slot))
	s.order = make([]int, len(s.tfrs))
	for i := range s.order {
		s.order[i] = i
	}
	slices.SortStableFunc(s.order, func(a, b int) int { return cmp.Compare(s.tfrs[a].Count(), s.tfrs[b].Count()) })
	s.tfidf = newTFIDF(q.boost, docs, s.df) // weighed as its rarest term
	return s, nil
}

// phraseSearcher walks the postings of the terms in step, the rarest
// leading, and checks the positions where all are on the same document.
type phraseSearcher struct {
	// ctx is the search's: bleve checks it between hits, and a long run
	// of candidates that are not hits checks it here.
	ctx      context.Context
	checked  int // candidates since ctx was last checked
	tfrs     []bindex.TermFieldReader
	offs     []uint64               // by phrase term
	slot     []int                  // by phrase term: its reader
	cur      []*bindex.TermFieldDoc // nil when a reader is exhausted
	buf      []bindex.TermFieldDoc
	pos      [][]uint64 // by reader: the positions of its term in the current document
	at       []int      // by phrase term: how far matches has walked its positions
	order    []int      // the terms, rarest first
	started  bool
	done     bool
	consumed bool // cur is the document last returned: move on first
	df       uint64
	tfidf
}

func (s *phraseSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	return s.find(ctx, nil)
}

func (s *phraseSearcher) Advance(ctx *search.SearchContext, id bindex.IndexInternalID) (*search.DocumentMatch, error) {
	return s.find(ctx, id)
}

// find returns the next match at or after target (nil: after the current one).
func (s *phraseSearcher) find(ctx *search.SearchContext, target bindex.IndexInternalID) (*search.DocumentMatch, error) {
	if s.done {
		return nil, nil
	}
	if !s.started {
		s.started = true
		for i := range s.tfrs {
			if err := s.step(i, nil); err != nil || s.done {
				return nil, err
			}
		}
	} else if s.consumed && (target == nil || s.cur[s.order[0]].ID.Compare(target) >= 0) {
		if err := s.step(s.order[0], nil); err != nil || s.done {
			return nil, err
		}
	}
	s.consumed = false
	lead := s.order[0]
	if target != nil {
		if err := s.seek(lead, target); err != nil || s.done {
			return nil, err
		}
	}
	for !s.done {
		// Leapfrog from the rarest term: the common ones move only to
		// documents that hold all the rarer ones.
		hi := s.cur[lead].ID
		aligned := true
		for _, i := range s.order[1:] {
			if err := s.seek(i, hi); err != nil || s.done {
				return nil, err
			}
			if s.cur[i].ID.Compare(hi) > 0 {
				aligned = false
				if err := s.seek(lead, s.cur[i].ID); err != nil {
					return nil, err
				}
				break
			}
		}
		if !aligned {
			continue
		}
		if freq := s.matches(); freq > 0 {
			s.consumed = true
			return s.hit(ctx, freq), nil
		}
		if s.checked++; s.checked%1024 == 0 {
			if err := s.ctx.Err(); err != nil {
				return nil, err
			}
		}
		if err := s.step(lead, nil); err != nil {
			return nil, err
		}
	}
	return nil, nil
}

// step moves reader i to its next document, or to the first at or after
// target.
func (s *phraseSearcher) step(i int, target bindex.IndexInternalID) error {
	var (
		d   *bindex.TermFieldDoc
		err error
	)
	if target == nil {
		d, err = s.tfrs[i].Next(&s.buf[i])
	} else {
		d, err = s.tfrs[i].Advance(target, &s.buf[i])
	}
	if err != nil {
		return fmt.Errorf("phrase: %w", err)
	}
	s.cur[i] = d
	if d == nil {
		s.done = true
	}
	return nil
}

// seek moves reader i forward to target unless it is there already (a
// scorch reader asked to go back starts over).
func (s *phraseSearcher) seek(i int, target bindex.IndexInternalID) error {
	if s.cur[i].ID.Compare(target) >= 0 {
		return nil
	}
	return s.step(i, target)
}

// matches counts the positions p of the first term where every phrase
// term i is at p+offs[i].
func (s *phraseSearcher) matches() int {
	for i, d := range s.cur {
		p := s.pos[i][:0]
		for _, v := range d.Vectors {
			p = append(p, v.Pos)
		}
		if !slices.IsSorted(p) {
			slices.Sort(p)
		}
		s.pos[i] = p
	}
	at := s.at
	clear(at)
	n := 0
next:
	for _, p := range s.pos[0] {
		for i := 1; i < len(s.slot); i++ {
			want := p + s.offs[i]
			ps := s.pos[s.slot[i]]
			for at[i] < len(ps) && ps[at[i]] < want {
				at[i]++
			}
			if at[i] == len(ps) {
				break next
			}
			if ps[at[i]] != want {
				continue next
			}
		}
		n++
	}
	return n
}

// hit scores a match as bleve scores a term.
func (s *phraseSearcher) hit(ctx *search.SearchContext, freq int) *search.DocumentMatch {
	m := ctx.DocumentMatchPool.Get()
	m.IndexInternalID = append(m.IndexInternalID[:0], s.cur[0].ID...)
	m.Score = s.score(uint64(freq), s.cur[0].Norm)
	return m
}

func (s *phraseSearcher) Count() uint64 { return s.df }
func (s *phraseSearcher) Min() int      { return 0 }
func (s *phraseSearcher) DocumentMatchPoolSize() int {
	return 1
}

func (s *phraseSearcher) Size() int {
	n := 64
	for _, p := range s.pos {
		n += 8 * cap(p)
	}
	return n
}

func (s *phraseSearcher) Close() error {
	var first error
	for _, t := range s.tfrs {
		if err := t.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}
