// Package research answers the questions media and discourse researchers
// ask of a collection, on top of the index and the store: attention over
// time (counts and share of all stories), keyword in context, and the
// words that characterize a query's coverage. The web page, the JSON API
// and the CLI all call it, so the three give the same numbers.
package research

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/index"
)

// Searcher is what research reads from the index; every index.Backend is
// one.
type Searcher interface {
	Search(ctx context.Context, req index.Request) (*index.Response, error)
	IDs(ctx context.Context, req index.Request, limit int) ([]int64, error)
	EachHit(ctx context.Context, req index.Request, fn func(index.Hit) error) error
	DocFreqs(ctx context.Context, words []string) (map[string]int, int, error)
	Seq() (int64, error)
}

// Store is what research reads from the store; *corpus.Store is one.
type Store interface {
	Get(ctx context.Context, id int64) (*corpus.Document, error)
	PublishedDates(ctx context.Context) (map[int64]time.Time, error)
	MaxSeq(ctx context.Context) (int64, error)
	EachFigure(ctx context.Context, ids []int64, fn func(doc *corpus.Document, f corpus.Figure) error) error
	EachFigureValue(ctx context.Context, afterSeq int64, fn func(corpus.FigureValue) error) error
	EachDocAbout(ctx context.Context, afterSeq int64, fn func(corpus.DocAbout) error) error
}

// Scope narrows every query of a request alike: the filters, the
// publication dates From..To (both days included) and whether every copy of a story counts.
type Scope struct {
	Filters    []index.Filter
	From, To   time.Time // To is the last day included, as in index.Request; zero is open
	NoCollapse bool
}

func (s Scope) request(q string) index.Request {
	if q == "" {
		q = "*"
	}
	return index.Request{Query: q, Filters: s.Filters, From: s.From, To: s.To, NoCollapse: s.NoCollapse}
}

// Engine runs research requests. It is safe for concurrent use.
type Engine struct {
	ix Searcher
	st Store

	dates storeCache[map[int64]time.Time] // publication dates by ID

	// figs is the figure index, brought up to date by the documents
	// changed since it was read; updates hold figMu for writing, tables
	// for reading.
	figMu sync.RWMutex
	figs  *figIndex

	scopeMu    sync.Mutex
	scopeCache map[string]map[time.Time]int // by scopeCounts' key
}

// New returns an Engine reading ix and st.
func New(ix Searcher, st Store) *Engine {
	return &Engine{ix: ix, st: st, scopeCache: map[string]map[time.Time]int{}}
}

// storeCache holds a value read from the store, read again only when the
// store's change sequence has moved since.
type storeCache[T any] struct {
	mu   sync.Mutex
	seq  int64 // store change sequence v was read at
	read bool
	v    T
}

// get returns the cached value, or load's when the store has changed.
func (c *storeCache[T]) get(ctx context.Context, st Store, load func(context.Context) (T, error)) (T, error) {
	var zero T
	seq, err := st.MaxSeq(ctx)
	if err != nil {
		return zero, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.read && seq == c.seq {
		return c.v, nil
	}
	v, err := load(ctx)
	if err != nil {
		return zero, err
	}
	c.v, c.seq, c.read = v, seq, true
	return v, nil
}

// publishedDates returns the publication dates of the documents.
func (e *Engine) publishedDates(ctx context.Context) (map[int64]time.Time, error) {
	return e.dates.get(ctx, e.st, e.st.PublishedDates)
}

// RequestError is a research request that cannot be answered as asked;
// the message says what to change.
type RequestError struct{ Msg string }

func (e *RequestError) Error() string { return e.Msg }

// Is makes a RequestError an index.ErrBadQuery, so that callers report it
// as the user's to fix (HTTP 400, exit status 2) as they do a bad query.
func (e *RequestError) Is(target error) bool { return target == index.ErrBadQuery }

func badRequest(format string, args ...any) error {
	return &RequestError{Msg: fmt.Sprintf(format, args...)}
}
