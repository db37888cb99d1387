package bleveindex

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"

	"github.com/fednews/fednews/index"
)

func damagedError(dir string, cause any) error {
	return fmt.Errorf("%w (%s: %v): %s", index.ErrDamaged, dir, cause, index.Cure)
}

// guard is deferred, and its result called, by every method that reads
// the index's files: bbolt and bleve's segment readers trust the bytes
// they map, and a flipped byte makes them panic or fault. With
// SetPanicOnFault a fault on a mapped file becomes a panic too, and the
// panic becomes an ErrDamaged error in *err. (A panic in one of bleve's
// own goroutines cannot be caught here; Check finds most damage first.)
func guard(dir string, err *error) func() {
	old := debug.SetPanicOnFault(true)
	return func() {
		if r := recover(); r != nil {
			*err = damagedError(dir, r)
		}
		debug.SetPanicOnFault(old)
	}
}

// readError is an error bleve returned reading the index: unless the
// context ended, the files are not what bleve wrote.
func readError(dir, what string, err error) error {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("%s: %w", what, err)
	}
	return fmt.Errorf("%s: %w", what, damagedError(dir, err))
}

// Check compares the index with the store: an index that is up to date
// with the store's changes must hold as many documents as the store. A
// segment deleted or truncated behind bleve's back otherwise only shows as
// searches finding nothing. The error matches ErrDamaged.
func (ix *Index) Check(ctx context.Context, st index.Store) (err error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	defer guard(ix.dir, &err)()
	seq, err := seqOf(ix.bi)
	if err != nil {
		return damagedError(ix.dir, fmt.Errorf("read sequence: %w", err))
	}
	maxSeq, err := st.MaxSeq(ctx)
	if err != nil {
		return err
	}
	if seq > maxSeq {
		return damagedError(ix.dir, fmt.Errorf("the index has followed the store to change %d, the store has only %d (an index of another store?)", seq, maxSeq))
	}
	if seq < maxSeq {
		return nil // behind: an update catches it up
	}
	n, err := ix.bi.DocCount()
	if err != nil {
		return damagedError(ix.dir, err)
	}
	stored, err := st.Count(ctx)
	if err != nil {
		return err
	}
	if n != uint64(stored) {
		return damagedError(ix.dir, fmt.Errorf("the index holds %d documents, the store %d", n, stored))
	}
	return nil
}
