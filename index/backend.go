package index

import (
	"context"
	"time"

	"github.com/fednews/fednews/corpus"
)

// Backend is a search engine holding the fednews index: what the CLI and
// the web server use, whatever the engine. Every backend passes the suite
// of indextest.Run. Queries reach it resolved (NewPlan), so all backends
// speak the same query language.
type Backend interface {
	// Search runs one search: a page of hits with snippets, facets and
	// the histogram, duplicates collapsed unless req.NoCollapse.
	Search(ctx context.Context, req Request) (*Response, error)
	// IDs returns the IDs of every document req matches, ascending, one
	// per story unless req.NoCollapse; a *TooManyError beyond limit (0:
	// none). Paging, sorting, facets and snippets are ignored.
	IDs(ctx context.Context, req Request, limit int) ([]int64, error)
	// EachHit calls fn with every hit of req in ascending ID order, as
	// IDs lists them, without Duplicates.
	EachHit(ctx context.Context, req Request, fn func(Hit) error) error
	// DocFreqs returns, for each word, the number of indexed documents
	// whose body holds it (the documents a search for it in the body
	// finds, every copy of a story counted), and the number of documents
	// in the index: the background counts of research's top terms, without
	// a pass over the corpus.
	DocFreqs(ctx context.Context, words []string) (map[string]int, int, error)
	// Seq is the store change sequence the index has caught up with.
	Seq() (int64, error)
	// Update indexes what the store's change feed holds beyond what the
	// index has seen, and returns how many documents it indexed.
	Update(ctx context.Context, store Store) (int, error)
	// Follow keeps the index up to date with the store until ctx is done,
	// checking every interval (what a running server calls).
	Follow(ctx context.Context, store Store, interval time.Duration) error
	// Check returns an error matching ErrDamaged when an index that is up
	// to date with the store does not hold what the store holds.
	Check(ctx context.Context, store Store) error
	// Close releases the index.
	Close() error
}

// Store is what an index reads from the store: its change feed (whose
// ordering promise corpus.Feed states), the documents and figures it names,
// and counts for Check. *corpus.Store is one, on SQLite or PostgreSQL.
type Store interface {
	corpus.Feed
	Get(ctx context.Context, id int64) (*corpus.Document, error)
	EachFigure(ctx context.Context, ids []int64, fn func(doc *corpus.Document, f corpus.Figure) error) error
	Count(ctx context.Context) (int, error)
}

// Texts gives the original bodies of documents, for snippets and matches:
// the store holds them, so an index need not keep a second copy (a tenth
// of a bleve index). A document it does not hold is left out of the map.
type Texts interface {
	Originals(ctx context.Context, ids []int64) (map[int64]string, error)
}

// Options are how a backend is opened.
type Options struct {
	// Texts is where hits' snippets read the original bodies: the store.
	// Without it, a backend that keeps no bodies of its own gives hits
	// without snippets or body matches.
	Texts Texts
	// ReadOnly opens the index for searching only; it returns an error
	// matching ErrNoIndex when there is none.
	ReadOnly bool
	// Progress, when set, is called after each batch Update or Rebuild
	// indexes, with the number of documents indexed so far.
	Progress func(indexed int)
}

// Driver opens the indexes of one engine at a location (a directory, a
// server's address: whatever follows "SCHEME:" in --index).
type Driver interface {
	Open(location string, opts Options) (Backend, error)
	// Exists reports whether location holds an index, without opening it.
	Exists(location string) (bool, error)
	// Rebuild builds a new index of every document in the store and puts
	// it in place of the old one, which keeps answering until then; a
	// process following the old one switches to the new one by itself.
	Rebuild(ctx context.Context, location string, store Store, progress func(indexed int)) (int, error)
}
