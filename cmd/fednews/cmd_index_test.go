package main

import (
	"bytes"
	"context"
	"database/sql"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fednews/fednews/corpus"
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

// TestIndexReadsStoreReadOnly: index opens a current store read-only (no
// writer's page cache and memory map in its memory) and still migrates an
// older one by opening it read-write.
func TestIndexReadsStoreReadOnly(t *testing.T) {
	ctx := context.Background()
	dir := testStore(t)
	st, err := openStoreForIndex(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	_, perr := st.Put(ctx, &corpus.Document{URL: "https://example.org/x", Title: "标题", Original: "正文"}, nil)
	st.Close()
	if perr == nil {
		t.Fatal("the store opened for indexing accepted a write: not read-only")
	}

	// Back to the schema before the last migration, as a store written by
	// the previous fednews release.
	db, err := sql.Open("sqlite", filepath.Join(dir, corpus.DBFile))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`DROP TABLE watches; UPDATE schema_version SET version = ?`, corpus.SchemaVersion()-1); err != nil {
		t.Fatal(err)
	}
	db.Close()
	var out, errOut bytes.Buffer
	if err := runIndex(ctx, &out, &errOut, dir, "", true); err != nil || !strings.Contains(out.String(), "3 documents indexed") {
		t.Fatalf("index of an older store: %v %q", err, out.String())
	}
	ro, err := corpus.OpenReadOnly(ctx, dir)
	if err != nil {
		t.Fatalf("index did not migrate the older store: %v", err)
	}
	ro.Close()
}
