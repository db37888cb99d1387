package web

import (
	"context"

	"github.com/fednews/fednews/index"
)

// Searcher answers search requests; every index.Backend is one. The server calls
// it from many goroutines at once.
type Searcher interface {
	Search(ctx context.Context, req index.Request) (*index.Response, error)
	// IDs lists every document req matches (what an export covers), or
	// returns an *index.TooManyError when there are more than limit.
	IDs(ctx context.Context, req index.Request, limit int) ([]int64, error)
}
