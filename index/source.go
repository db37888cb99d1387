package index

import (
	"context"

	"github.com/fednews/fednews/corpus"
)

// Source is what the index reads from the store: the change feed, the
// documents and their figures. *corpus.Store is one, on SQLite or
// PostgreSQL.
type Source interface {
	corpus.Feed
	Get(ctx context.Context, id int64) (*corpus.Document, error)
	Count(ctx context.Context) (int, error)
	EachFigure(ctx context.Context, ids []int64, fn func(doc *corpus.Document, f corpus.Figure) error) error
}
