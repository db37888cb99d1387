package bleveindex

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/fednews/fednews/index"
)

// TestReaderWaitsForFirstCopy: a writer that opens an index without a
// copy (as after `fednews index --rebuild`) publishes one in the
// background, so that it answers at once; a reader in another process
// that comes before the copy waits for it instead of failing with
// ErrLocked, and then sees the writer's documents.
func TestReaderWaitsForFirstCopy(t *testing.T) {
	ctx := context.Background()
	st, dir, ix := storeAndIndex(ctx, t)
	putDoc(t, st, "https://example.org/a", "万年县工商联", updBody)
	if n, err := ix.Update(ctx, st); err != nil || n != 1 {
		t.Fatalf("update: %d, %v", n, err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	copies, _ := filepath.Glob(filepath.Join(dir, copyPrefix+"*"))
	for _, p := range append(copies, filepath.Join(dir, copyFile)) {
		if err := os.RemoveAll(p); err != nil {
			t.Fatal(err)
		}
	}

	release := make(chan struct{})
	waiting := make(chan struct{})
	var once sync.Once
	testHooks.Store(&publishHooks{
		backgroundPublishStarts: func() { <-release },
		readerWaitsForCopy:      func() { once.Do(func() { close(waiting) }) },
	})
	defer testHooks.Store(nil)

	w, err := Open(dir)
	if err != nil {
		t.Fatalf("writer: %v", err)
	}
	defer w.Close()
	type result struct {
		docs int
		err  error
	}
	got := make(chan result)
	go func() {
		ro, err := OpenReadOnly(dir)
		if err != nil {
			got <- result{err: err}
			return
		}
		defer ro.Close()
		r, err := ro.Search(ctx, index.Request{Query: "万年县", Limit: 10})
		if err != nil {
			got <- result{err: err}
			return
		}
		got <- result{docs: r.Documents}
	}()
	<-waiting // the reader found no copy and waits
	close(release)
	r := <-got
	if r.err != nil || r.docs != 1 {
		t.Fatalf("reader before the first copy: %d documents, %v; want 1 and no error", r.docs, r.err)
	}
	if b, err := os.ReadFile(filepath.Join(dir, copyFile)); err != nil {
		t.Errorf("no copy published: %v", err)
	} else if name, _ := readCopy(b); name == "" {
		t.Errorf("copy pointer %q names nothing", b)
	}
}
