package main

import (
	"context"

	"github.com/fednews/fednews/corpus"
)

// storeBeside is the store of a data directory, opened on a goroutine of
// its own while the index opens: a one-query `fednews search` needs it
// only for the hits' bodies (index.Texts) and the index check, so its
// open stays off the way to the answer.
type storeBeside struct {
	ready chan struct{}
	st    *corpus.Store
	err   error
}

func openStoreBeside(ctx context.Context, dir string) *storeBeside {
	s := &storeBeside{ready: make(chan struct{})}
	go func() {
		defer close(s.ready)
		s.st, s.err = openStoreReadOnly(ctx, dir)
	}()
	return s
}

// store waits for the store to be open.
func (s *storeBeside) store(ctx context.Context) (*corpus.Store, error) {
	select {
	case <-s.ready:
		return s.st, s.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Originals are the bodies of ids, once the store is open (index.Texts).
func (s *storeBeside) Originals(ctx context.Context, ids []int64) (map[int64]string, error) {
	st, err := s.store(ctx)
	if err != nil {
		return nil, err
	}
	return st.Originals(ctx, ids)
}

// close closes the store once it is open.
func (s *storeBeside) close() {
	<-s.ready
	if s.st != nil {
		s.st.Close()
	}
}
