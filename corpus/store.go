package corpus

// CONTRACT STUB: the helper building issue 4 replaces the bodies below with
// the SQLite implementation, keeping these names and signatures (adding more
// is fine). Other packages compile against them now.

import (
	"context"
	"errors"
	"time"

	"github.com/fednews/fednews/zh"
)

var errNotYet = errors.New("corpus: store not implemented yet")

// ErrNotFound is returned when a document or crawl state does not exist.
var ErrNotFound = errors.New("not found")

// Store keeps documents, figures, crawl state and runs in SQLite under a
// data directory.
type Store struct{}

// Open opens (creating and migrating as needed) the store in dataDir/fednews.db.
func Open(ctx context.Context, dataDir string) (*Store, error) { return nil, errNotYet }

// Close closes the store.
func (s *Store) Close() error { return nil }

// PutStatus says what Put did with a document.
type PutStatus string

// Put outcomes.
const (
	PutNew       PutStatus = "new"       // a new document (it may have joined an existing near-duplicate cluster)
	PutUpdated   PutStatus = "updated"   // same URL, changed content
	PutUnchanged PutStatus = "unchanged" // same URL or same content hash: nothing written
)

// PutResult reports the outcome of Put.
type PutResult struct {
	ID      int64
	Status  PutStatus
	Cluster int64 // duplicate cluster the document belongs to
}

// Prepare fills doc.Normalized, doc.Script and doc.ContentHash from
// doc.Original and returns the normalization (with its offset map) so that
// figures can be extracted from it.
func Prepare(doc *Document) zh.Result { return zh.Result{} }

// Put writes doc and its figures in one transaction, assigning doc.ID,
// doc.Cluster and doc.Seq.
func (s *Store) Put(ctx context.Context, doc *Document, figs []Figure) (PutResult, error) {
	return PutResult{}, errNotYet
}

// Get returns one document.
func (s *Store) Get(ctx context.Context, id int64) (*Document, error) { return nil, errNotYet }

// Figures returns the figures of one document in text order.
func (s *Store) Figures(ctx context.Context, docID int64) ([]Figure, error) { return nil, errNotYet }

// Changed returns up to limit documents whose Seq is greater than afterSeq,
// in Seq order: the feed the index follows.
func (s *Store) Changed(ctx context.Context, afterSeq int64, limit int) ([]*Document, error) {
	return nil, errNotYet
}

// ClusterMembers returns the documents of a duplicate cluster, oldest first.
func (s *Store) ClusterMembers(ctx context.Context, cluster int64) ([]*Document, error) {
	return nil, errNotYet
}

// EachFigure streams the figures of the given documents (all documents when
// ids is nil) with their document, in document then text order, without
// loading them all into memory. The document passed to fn has no text fields.
func (s *Store) EachFigure(ctx context.Context, ids []int64, fn func(doc *Document, f Figure) error) error {
	return errNotYet
}

// CrawlState is what the crawler remembers about one URL.
type CrawlState struct {
	URL          string
	ETag         string
	LastModified string
	LastStatus   int
	LastError    string
	LastFetched  time.Time
	NextFetch    time.Time
	Failures     int
	DocID        int64 // 0 when the URL produced no document (list page, failure)
}

// CrawlState returns the state of url, or ErrNotFound.
func (s *Store) CrawlState(ctx context.Context, url string) (CrawlState, error) {
	return CrawlState{}, errNotYet
}

// PutCrawlState writes the state of one URL.
func (s *Store) PutCrawlState(ctx context.Context, st CrawlState) error { return errNotYet }

// Run is one ingest run's record.
type Run struct {
	ID       int64
	Started  time.Time
	Finished time.Time
	Counts   map[string]int // fetched, not_modified, new, updated, duplicates, failed ...
	Errors   []string
}

// StartRun records the start of a run and returns its ID.
func (s *Store) StartRun(ctx context.Context) (int64, error) { return 0, errNotYet }

// FinishRun records the end of a run.
func (s *Store) FinishRun(ctx context.Context, r Run) error { return errNotYet }
