package crawl

import (
	"context"

	"github.com/fednews/fednews/corpus"
)

// Store is what a crawl reads and writes: documents, the state of each URL
// and the record of runs. *corpus.Store is one, on SQLite or PostgreSQL.
type Store interface {
	corpus.DocumentWriter
	GetByURL(ctx context.Context, url string) (*corpus.Document, error)
	corpus.CrawlStates
	corpus.RunLog
}
