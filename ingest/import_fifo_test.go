//go:build unix

package ingest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// A FIFO named like an article, in a walked directory or given by name,
// is reported as not a regular file and never opened: opening it would
// block until a writer came, hanging the import (and the nightly lock).
func TestImportSkipsFIFO(t *testing.T) {
	dir := t.TempDir()
	good := writeTestFile(t, dir, "good.txt", []byte(readFixture(t, "simplified.txt")))
	fifo := filepath.Join(dir, "a.txt")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, paths := range [][]string{{dir}, {fifo, good}} {
		store := openStore(t)
		type result struct {
			sum ImportSummary
			err error
		}
		done := make(chan result, 1)
		go func() {
			sum, err := Import(context.Background(), store, paths, ImportOptions{})
			done <- result{sum, err}
		}()
		var r result
		select {
		case r = <-done:
		case <-time.After(30 * time.Second):
			// Not a timing assertion: a correct import never waits on the
			// FIFO, so this only turns today's hang into a failure. Opening
			// the write end releases the blocked reader.
			if w, err := os.OpenFile(fifo, os.O_WRONLY, 0); err == nil {
				w.Close()
			}
			<-done
			t.Fatalf("Import(%v) blocked on the FIFO", paths)
		}
		if r.err != nil {
			t.Fatal(r.err)
		}
		if r.sum.New != 1 || len(r.sum.Failed) != 1 || r.sum.Failed[0].Path != fifo || !errors.Is(r.sum.Failed[0], ErrNotRegular) {
			t.Errorf("Import(%v) = %+v, want the good file stored and the FIFO failed as not regular", paths, r.sum)
		}
	}
}
