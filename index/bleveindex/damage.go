package bleveindex

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"maps"
	"os"
	"path/filepath"
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

// checkSegments compares every segment file of the index at path with the
// CRC-32 zap writes at its end, before bleve opens them: bleve trusts their
// bytes, and a flipped one can make it allocate without bound while
// opening (a fatal out-of-memory, not a panic guard can catch) or fault in
// a writer's merger goroutine, out of guard's reach; either ends the
// process. Segment files never change once written, so those checked are
// listed in verifiedFile by size and modification time and skipped until
// either changes: a copy cut short or a new segment is checked at the next
// open, and only the first open after a write pays (~0.2 s per 100,000
// documents, BENCHMARKS.md, session 15). Damage to a file after it was
// checked is not seen here.
func checkSegments(path string) error {
	files, err := filepath.Glob(filepath.Join(path, "store", "*.zap"))
	if err != nil {
		return err
	}
	listed := map[string]string{}
	if b, err := os.ReadFile(filepath.Join(path, verifiedFile)); err == nil {
		json.Unmarshal(b, &listed) // unreadable: every file is checked again
	}
	verified := map[string]string{}
	var buf []byte
	for _, p := range files {
		st, err := os.Stat(p)
		if err != nil {
			return err
		}
		name, key := filepath.Base(p), fmt.Sprintf("%d:%d", st.Size(), st.ModTime().UnixNano())
		if listed[name] != key {
			if buf == nil {
				buf = make([]byte, 1<<20)
			}
			if err := checkSegment(p, buf); err != nil {
				return damagedError(path, err)
			}
		}
		verified[name] = key
	}
	if !maps.Equal(listed, verified) {
		// Best effort: a reader of a directory it cannot write checks again next time.
		if b, err := json.Marshal(verified); err == nil {
			writeAtomic(filepath.Join(path, verifiedFile), b)
		}
	}
	return nil
}

// verifiedFile lists, in an index directory, the segment files
// checkSegments found whole: name → "size:mtime".
const verifiedFile = "fednews-verified.json"

// checkSegment checks one segment file's checksum, reading it through buf.
func checkSegment(p string, buf []byte) error {
	f, err := os.Open(p)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	if st.Size() < 4 {
		return fmt.Errorf("segment %s: %d bytes, shorter than its checksum", filepath.Base(p), st.Size())
	}
	h := crc32.NewIEEE()
	if _, err := io.CopyBuffer(h, io.LimitReader(f, st.Size()-4), buf); err != nil {
		return fmt.Errorf("segment %s: %w", filepath.Base(p), err)
	}
	var want [4]byte
	if _, err := io.ReadFull(f, want[:]); err != nil {
		return fmt.Errorf("segment %s: %w", filepath.Base(p), err)
	}
	if got := h.Sum32(); got != binary.BigEndian.Uint32(want[:]) {
		return fmt.Errorf("segment %s: checksum %08x, the file says %08x", filepath.Base(p), got, binary.BigEndian.Uint32(want[:]))
	}
	return nil
}
