package bleveindex

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/fednews/fednews/index"
)

// TestPublishedCopySharesSegments: the copy a writer publishes for readers
// links the live index's segment files rather than duplicating them, has
// a root file of its own, answers as the live index does, and still
// answers once the live index's segment files are gone (merged away).
func TestPublishedCopySharesSegments(t *testing.T) {
	ctx := context.Background()
	st, dir, ix := storeAndIndex(ctx, t)
	defer ix.Close()
	// One update, one batch: a single segment, which scorch's merger
	// leaves alone, so that the live index still has the file the copy
	// was made from when it is looked at (two updates gave two segments
	// that a merge could replace first).
	putDoc(t, st, "https://example.org/a", "万年县工商联", updBody)
	putDoc(t, st, "https://example.org/c", "郯城县工商联", updOther)
	if n, err := ix.Update(ctx, st); err != nil || n != 2 {
		t.Fatalf("update: %d, %v", n, err)
	}

	b, err := os.ReadFile(filepath.Join(dir, copyFile))
	if err != nil {
		t.Fatalf("no copy published: %v", err)
	}
	name, _ := readCopy(b)
	cp := filepath.Join(dir, name)
	ix.mu.RLock()
	live := filepath.Join(dir, ix.name)
	ix.mu.RUnlock()

	segs, _ := filepath.Glob(filepath.Join(cp, "store", "*.zap"))
	if len(segs) == 0 {
		t.Fatalf("the copy %s has no segment files", cp)
	}
	for _, s := range segs {
		a, err := os.Stat(s)
		if err != nil {
			t.Fatal(err)
		}
		l, err := os.Stat(filepath.Join(live, "store", filepath.Base(s)))
		if err != nil {
			t.Errorf("the copy's segment %s is not the live index's: %v", filepath.Base(s), err)
			continue
		}
		if !os.SameFile(a, l) {
			t.Errorf("segment %s was copied, not linked", filepath.Base(s))
		}
	}
	ra, err1 := os.Stat(filepath.Join(cp, "store", "root.bolt"))
	rl, err2 := os.Stat(filepath.Join(live, "store", "root.bolt"))
	if err1 != nil || err2 != nil || os.SameFile(ra, rl) {
		t.Fatalf("root files: copy %v, live %v, same file %v; want two files", err1, err2, err1 == nil && err2 == nil && os.SameFile(ra, rl))
	}

	ro, err := OpenReadOnly(dir) // the writer holds the live index: this is the copy
	if err != nil {
		t.Fatalf("reader: %v", err)
	}
	for _, q := range []string{"万年县", "郯城县", "工商联"} {
		want := doSearch(t, ix, index.Request{Query: q}).Documents
		if got := doSearch(t, ro, index.Request{Query: q}).Documents; got != want || want == 0 {
			t.Errorf("%s: the copy has %d documents, the live index %d", q, got, want)
		}
	}
	ro.Close()

	// The live index merges segments away and deletes their files; the
	// copy's names keep the data.
	for _, s := range segs {
		if err := os.Remove(filepath.Join(live, "store", filepath.Base(s))); err != nil {
			t.Fatal(err)
		}
	}
	bi, err := openBleve(cp, true)
	if err != nil {
		t.Fatalf("open the copy without the live segment files: %v", err)
	}
	defer bi.Close()
	if n, err := bi.DocCount(); err != nil || n != 2 {
		t.Errorf("the copy without the live files: %d documents, %v; want 2", n, err)
	}
}

// TestLinkDirectoryNeverWritesThroughALink: where a segment cannot be
// linked, linkDirectory writes a file of the copy's own, even when the
// copy already has a name for the live file (a link left by an earlier
// attempt): a write through it would change the live index.
func TestLinkDirectoryNeverWritesThroughALink(t *testing.T) {
	base := t.TempDir()
	live := filepath.Join(base, "live.zap")
	if err := os.WriteFile(live, []byte("live"), 0o600); err != nil {
		t.Fatal(err)
	}
	cp := filepath.Join(base, "copy")
	if err := os.MkdirAll(filepath.Join(cp, "store"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Link(live, filepath.Join(cp, "store", "a.zap")); err != nil {
		t.Skipf("this file system has no hard links: %v", err)
	}
	d := linkDirectory{dir: cp, linked: map[string]string{
		"store/a.zap": live,                            // exists already: the link fails
		"store/b.zap": filepath.Join(base, "gone.zap"), // no source: the link fails
		"store/c.zap": live,                            // linked
	}}
	for _, name := range []string{"store/a.zap", "store/b.zap", "store/other.zap"} {
		w, err := d.GetWriter(name)
		if err != nil || w == nil {
			t.Fatalf("%s: writer %v, %v; want a writer", name, w, err)
		}
		if _, err := w.Write([]byte("copy")); err != nil {
			t.Fatal(err)
		}
		w.Close()
		if got, _ := os.ReadFile(filepath.Join(cp, name)); string(got) != "copy" {
			t.Errorf("%s holds %q, want what was written", name, got)
		}
	}
	if w, err := d.GetWriter("store/c.zap"); err != nil || w != nil {
		t.Errorf("store/c.zap: writer %v, %v; want it linked (no writer)", w, err)
	}
	if got, _ := os.ReadFile(filepath.Join(cp, "store", "c.zap")); string(got) != "live" {
		t.Errorf("the linked file holds %q", got)
	}
	if got, _ := os.ReadFile(live); string(got) != "live" {
		t.Errorf("the live file was written through the copy: %q", got)
	}
}
