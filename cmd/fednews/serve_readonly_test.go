package main

import (
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// TestServeFromReadOnlyMedia: serve answers searches from a data
// directory whose index cannot be written (a read-only bind mount stops
// root too), with the hits a server on writable storage gives, and
// changes nothing there.
func TestServeFromReadOnlyMedia(t *testing.T) {
	data, _ := ingestDemo(t)
	writable := filepath.Join(t.TempDir(), "data")
	if out, err := exec.Command("cp", "-a", data, writable).CombinedOutput(); err != nil {
		t.Fatalf("copy the data directory: %v %s", err, out)
	}
	queries := []string{"q=" + url.QueryEscape("工商联"), "q=" + url.QueryEscape("营商环境"), "q=*"}
	want := map[string]int{}
	base := startServe(t, writable, time.Hour)
	for _, q := range queries {
		r, err := searchAPI(t, base, q)
		if err != nil {
			t.Fatalf("%s on writable storage: %v", q, err)
		}
		if r.Total == 0 {
			t.Fatalf("%s finds nothing in the demo corpus", q)
		}
		want[q] = r.Total
	}

	mnt := readOnlyMount(t, data)
	if f, err := os.Create(filepath.Join(mnt, "index", "probe")); err == nil {
		f.Close()
		t.Fatal("a file could still be created in the read-only mount")
	}
	before := tree(t, data)
	base = startServe(t, mnt, 10*time.Millisecond)
	for _, q := range queries {
		r, err := searchAPI(t, base, q)
		if err != nil {
			t.Errorf("%s on read-only media: %v", q, err)
			continue
		}
		if r.Total != want[q] {
			t.Errorf("%s on read-only media: %d hits, %d on writable storage", q, r.Total, want[q])
		}
	}
	if after := tree(t, data); after != before {
		t.Errorf("serve changed the read-only data directory:\nbefore\n%s\nafter\n%s", before, after)
	}
}
