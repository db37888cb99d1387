package corpus

import "context"

// The store contract: the narrow views of a store that the packages using
// one need. Each consumer declares (or names here) only what it calls, so
// that a second engine is one more implementation of these methods, not a
// change to crawl, extract, index, web or export. *Store satisfies all of
// them, on SQLite and on PostgreSQL (corpus/pgstore); corpus/storetest is
// the suite every implementation passes.

// Feed is the change feed the index follows.
//
// The invariant every implementation keeps: every committed change (a new
// or updated document, new figures, a renumbered story) gives the document
// a sequence number greater than every sequence visible before the commit,
// and a reader that has seen sequence N never later sees a change commit
// with a sequence below N. A follower that remembers the highest sequence
// it indexed and asks for Changed(after that) therefore misses nothing,
// however many writers there are. Sequences are taken from a counter
// inside the writing transaction and the counter stays locked until the
// commit, so sequences become visible in the order they were assigned.
type Feed interface {
	// Changed returns up to limit documents whose Seq is greater than
	// afterSeq, in Seq order (no limit when limit <= 0).
	Changed(ctx context.Context, afterSeq int64, limit int) ([]*Document, error)
	// MaxSeq returns the highest sequence visible now, 0 for an empty store.
	MaxSeq(ctx context.Context) (int64, error)
}

// DocumentWriter stores documents with their figures, one at a time or
// several in one transaction.
type DocumentWriter interface {
	Put(ctx context.Context, doc *Document, figs []Figure) (PutResult, error)
	PutBatch(ctx context.Context, batch []Pending) (results []PutResult, errs []error, err error)
}

// DocumentReader reads stored documents.
type DocumentReader interface {
	Get(ctx context.Context, id int64) (*Document, error)
	GetByURL(ctx context.Context, url string) (*Document, error)
	Count(ctx context.Context) (int, error)
	// Originals returns the original bodies of those of ids it holds.
	Originals(ctx context.Context, ids []int64) (map[int64]string, error)
}

// FigureReader reads figures, one document's or streamed with their
// documents.
type FigureReader interface {
	Figures(ctx context.Context, docID int64) ([]Figure, error)
	EachFigure(ctx context.Context, ids []int64, fn func(doc *Document, f Figure) error) error
}

// StoryReader reads duplicate clusters (stories).
type StoryReader interface {
	StorySizes(ctx context.Context) (map[int64]int, error)
	ClusterMembers(ctx context.Context, cluster int64) ([]*Document, error)
}

// FigureRefresher finds documents an older extractor wrote figures for and
// replaces their figures.
type FigureRefresher interface {
	CountOlderFigures(ctx context.Context, version, entities int) (int, error)
	OlderFigures(ctx context.Context, version, entities int, afterID int64, limit int) ([]*Document, error)
	ReplaceFigures(ctx context.Context, id, seq int64, figs []Figure, extractor int, ents *Entities) error
}

// CrawlStates keeps what the crawler remembers about each URL.
type CrawlStates interface {
	CrawlState(ctx context.Context, url string) (CrawlState, error)
	PutCrawlState(ctx context.Context, st CrawlState) error
}

// RunLog records ingest runs.
type RunLog interface {
	StartRun(ctx context.Context) (int64, error)
	FinishRun(ctx context.Context, r Run) error
	Runs(ctx context.Context, limit int) ([]Run, error)
}

// Contract is every view of the store together: what a command that wires
// the packages opens, and what corpus/storetest checks.
type Contract interface {
	Feed
	DocumentWriter
	DocumentReader
	FigureReader
	StoryReader
	FigureRefresher
	CrawlStates
	RunLog
	Close() error
}

var _ Contract = (*Store)(nil)
