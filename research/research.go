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

	mu       sync.Mutex
	datesSeq int64 // store change sequence dates was read at
	dates    map[int64]time.Time
}

// New returns an Engine reading ix and st; places says which places and
// organizations a document is about (the figure explorer's rows; nil
// leaves the explorer out).
func New(ix Searcher, st Store) *Engine {
	return &Engine{ix: ix, st: st, datesSeq: -1}
}

// publishedDates returns the publication dates of the documents, read
// again only when the store has changed since the last call.
func (e *Engine) publishedDates(ctx context.Context) (map[int64]time.Time, error) {
	seq, err := e.st.MaxSeq(ctx)
	if err != nil {
		return nil, err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if seq == e.datesSeq && e.dates != nil {
		return e.dates, nil
	}
	d, err := e.st.PublishedDates(ctx)
	if err != nil {
		return nil, err
	}
	e.dates, e.datesSeq = d, seq
	return d, nil
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
