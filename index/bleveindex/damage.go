package bleveindex

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime/debug"

	bolt "go.etcd.io/bbolt"

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
// own goroutines cannot be caught here: checkBolt reads their file first.)
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

// checkBolt reads every page of the bolt file at root that bleve's
// goroutines may read later: the persister and the merger read it in
// goroutines of their own, where a panic or a fault on a damaged page
// cannot be turned into an error. Reading it here first, under guard in
// the opening goroutine, turns such damage into ErrDamaged before bleve
// starts them. A missing file is bleve's to report.
func checkBolt(root string) (err error) {
	if _, serr := os.Stat(root); serr != nil {
		return nil
	}
	defer guard(root, &err)()
	db, err := bolt.Open(root, 0o600, &bolt.Options{ReadOnly: true, Timeout: LockTimeout})
	if err != nil {
		if errors.Is(err, bolt.ErrTimeout) {
			return err // held: the caller reports the lock
		}
		return damagedError(root, err)
	}
	defer db.Close()
	err = db.View(func(tx *bolt.Tx) error {
		// Every key and value of every bucket, nested ones too: each
		// branch and leaf page bleve can reach. (bbolt's own Tx.Check runs
		// in a goroutine of its own, out of guard's reach.)
		var walk func(b *bolt.Bucket, depth int) error
		walk = func(b *bolt.Bucket, depth int) error {
			if depth > maxBoltDepth {
				return errors.New("buckets nested deeper than bleve writes them")
			}
			return b.ForEach(func(k, v []byte) error {
				if v != nil {
					return nil
				}
				sub := b.Bucket(k)
				if sub == nil {
					return fmt.Errorf("key %x has neither a value nor a bucket", k)
				}
				return walk(sub, depth+1)
			})
		}
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error { return walk(b, 1) })
	})
	if err != nil {
		return damagedError(root, err)
	}
	return nil
}

// maxBoltDepth bounds the nesting of buckets checkBolt follows: scorch
// nests three deep (snapshots, a snapshot, its segments); a loop of pages
// in a damaged file must not recurse forever.
const maxBoltDepth = 8
