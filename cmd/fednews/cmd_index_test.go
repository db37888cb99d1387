package main

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A damaged index is named as such with its cure, and --rebuild replaces
// whatever is at the index path, a regular file too.
func TestIndexDamage(t *testing.T) {
	ctx := context.Background()
	dir := testStore(t)
	indexPath := filepath.Join(dir, "index")
	if err := os.WriteFile(indexPath, []byte("not an index"), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	if err := runIndex(ctx, &out, &errOut, dir, "", true); err != nil || !strings.Contains(out.String(), "3 documents indexed") {
		t.Fatalf("rebuild over a regular file: %v %q", err, out.String())
	}
	if aside, _ := filepath.Glob(indexPath + ".damaged-*"); len(aside) != 1 {
		t.Errorf("the file in the way was not kept aside: %v", aside)
	}

	// Segments deleted behind bleve's back: the index opens but holds
	// nothing. search warns, export refuses; both name the cure.
	segs, _ := filepath.Glob(filepath.Join(indexPath, "index-*", "store", "*.zap"))
	if len(segs) == 0 {
		t.Fatal("no segments to delete")
	}
	for _, p := range segs {
		os.Remove(p)
	}
	var logs bytes.Buffer
	old := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&logs, nil)))
	defer slog.SetDefault(old)
	out.Reset()
	err := runSearch(ctx, &out, searchFlags{dir: dir, limit: 10, sort: "relevance"}, "营商环境")
	if err == nil && !strings.Contains(logs.String(), "fednews index --rebuild") {
		t.Errorf("search on a damaged index: no warning (output %q, log %q)", out.String(), logs.String())
	}
	if err != nil && !strings.Contains(err.Error(), "fednews index --rebuild") {
		t.Errorf("search error without the cure: %v", err)
	}
	err = runExport(ctx, &out, "documents", exportFlags{format: "csv", query: "营商环境", dir: dir})
	if err == nil || !strings.Contains(err.Error(), "fednews index --rebuild") {
		t.Errorf("export on a damaged index: %v", err)
	}
	if err := runIndex(ctx, &out, &errOut, dir, "", true); err != nil {
		t.Fatalf("rebuild of the damaged index: %v", err)
	}
	out.Reset()
	if err := runSearch(ctx, &out, searchFlags{dir: dir, limit: 10, sort: "relevance"}, "营商环境"); err != nil || !strings.Contains(out.String(), "万年县") {
		t.Errorf("after the rebuild: %v %q", err, out.String())
	}
}
