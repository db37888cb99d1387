package indextest

import (
	"cmp"
	"context"
	"slices"
	"sync"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/extract"
	"github.com/fednews/fednews/zh"
)

// Store is an index.Store in memory: the change feed of a real store
// (every write gets a sequence number greater than all before it) without
// SQLite, so that the suite exercises only what a backend asks of a store.
type Store struct {
	mu   sync.Mutex
	seq  int64
	docs map[int64]*corpus.Document
	figs map[int64][]corpus.Figure
}

// NewStore returns an empty Store.
func NewStore() *Store {
	return &Store{docs: map[int64]*corpus.Document{}, figs: map[int64][]corpus.Figure{}}
}

// Put stores (or replaces) d with its figures and gives it the next
// sequence number; the body is normalized as the real store does, and a
// document without places and organizations gets them as ingest finds
// them (extract.OfDocument), since the index reads them from the store.
func (s *Store) Put(d corpus.Document, figs ...corpus.Figure) {
	if d.Entities == nil {
		extract.OfDocument(&d, corpus.Prepare(&d))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	d.Seq = s.seq
	if d.Normalized == "" {
		d.Normalized = zh.Normalize(d.Original, zh.AllSteps).Text
	}
	if d.Script == "" {
		d.Script = zh.Script(d.Title + d.Original)
	}
	s.docs[d.ID] = &d
	s.figs[d.ID] = figs
}

// Changed returns up to limit documents changed after afterSeq, in order.
func (s *Store) Changed(_ context.Context, afterSeq int64, limit int) ([]*corpus.Document, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*corpus.Document
	for _, d := range s.docs {
		if d.Seq > afterSeq {
			c := *d
			out = append(out, &c)
		}
	}
	slices.SortFunc(out, func(a, b *corpus.Document) int { return cmp.Compare(a.Seq, b.Seq) })
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// Get returns the document id, or corpus.ErrNotFound.
func (s *Store) Get(_ context.Context, id int64) (*corpus.Document, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.docs[id]
	if !ok {
		return nil, corpus.ErrNotFound
	}
	c := *d
	return &c, nil
}

// EachFigure calls fn with each figure of the documents ids.
func (s *Store) EachFigure(_ context.Context, ids []int64, fn func(*corpus.Document, corpus.Figure) error) error {
	s.mu.Lock()
	type pair struct {
		d *corpus.Document
		f corpus.Figure
	}
	var all []pair
	for _, id := range ids {
		for _, f := range s.figs[id] {
			all = append(all, pair{s.docs[id], f})
		}
	}
	s.mu.Unlock()
	for _, p := range all {
		if err := fn(p.d, p.f); err != nil {
			return err
		}
	}
	return nil
}

// MaxSeq is the sequence number of the last write.
func (s *Store) MaxSeq(context.Context) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.seq, nil
}

// Count is the number of documents.
func (s *Store) Count(context.Context) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.docs), nil
}

// Originals are the original bodies of those of ids the store holds
// (index.Texts).
func (s *Store) Originals(_ context.Context, ids []int64) (map[int64]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[int64]string{}
	for _, id := range ids {
		if d, ok := s.docs[id]; ok {
			out[id] = d.Original
		}
	}
	return out, nil
}

// Texts are original bodies by ID, as a store gives them (index.Texts):
// for a test that indexes documents without a store.
type Texts map[int64]string

// Originals are the bodies of those of ids in t.
func (t Texts) Originals(_ context.Context, ids []int64) (map[int64]string, error) {
	out := map[int64]string{}
	for _, id := range ids {
		if b, ok := t[id]; ok {
			out[id] = b
		}
	}
	return out, nil
}
