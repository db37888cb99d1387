package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/index"
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

// Off a terminal, index progress is a log line every progressEvery
// documents and one at the end, not a line rewritten with carriage
// returns; on a terminal it is that one line.
func TestIndexProgress(t *testing.T) {
	const total = 2*progressEvery + 500
	batches := []int{}
	for n := 300; n < total; n += 300 {
		batches = append(batches, n)
	}
	batches = append(batches, total)

	var logs bytes.Buffer
	old := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&logs, nil)))
	defer slog.SetDefault(old)
	var w bytes.Buffer
	p := indexProgress(&w, false, time.Now(), total)
	for _, n := range batches {
		p(n)
	}
	if w.Len() != 0 {
		t.Errorf("off a terminal, progress wrote to the stream: %q", w.String())
	}
	var got []string
	for _, line := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
		for _, f := range strings.Fields(line) {
			if strings.HasPrefix(f, "documents=") {
				got = append(got, strings.TrimPrefix(f, "documents="))
			}
		}
	}
	want := []string{"10200", "20100", "20500"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("progress logged at %v documents, want %v\n%s", got, want, logs.String())
	}

	w.Reset()
	logs.Reset()
	p = indexProgress(&w, true, time.Now(), total)
	p(300)
	p(600)
	if !strings.HasPrefix(w.String(), "\rindexed 300 documents (store holds 20500)") || strings.Count(w.String(), "\r") != 2 || logs.Len() != 0 {
		t.Errorf("on a terminal: %q, logs %q", w.String(), logs.String())
	}
}

// The first `fednews index` of a store builds the index as --rebuild does;
// the next run finds it up to date, and one after a new document updates
// it in place.
func TestIndexFirstRunBuilds(t *testing.T) {
	ctx := context.Background()
	dir := testStore(t)
	run := func() string {
		t.Helper()
		var out, errOut bytes.Buffer
		if err := runIndex(ctx, &out, &errOut, dir, "", false); err != nil {
			t.Fatalf("index: %v\n%s", err, errOut.String())
		}
		return out.String()
	}
	if got := run(); !strings.HasPrefix(got, "index built: 3 documents indexed") {
		t.Errorf("first run: %q, want the index built with 3 documents", got)
	}
	if got := run(); !strings.HasPrefix(got, "index is up to date") {
		t.Errorf("second run: %q, want up to date", got)
	}
	st, err := corpus.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	doc := &corpus.Document{URL: "https://example.org/new", Title: "郯城县工商联召开执委会", Original: "郯城县工商联召开十届三次执委会议。",
		Published: time.Date(2022, 5, 1, 8, 0, 0, 0, time.UTC)}
	if _, err := st.Put(ctx, doc, nil); err != nil {
		t.Fatal(err)
	}
	st.Close()
	if got := run(); !strings.HasPrefix(got, "index updated: 1 documents indexed") {
		t.Errorf("after a new document: %q, want 1 document updated", got)
	}
	var out bytes.Buffer
	if err := runSearch(ctx, &out, searchFlags{dir: dir, limit: 10, sort: "relevance", json: true}, "郯城县"); err != nil {
		t.Fatal(err)
	}
	var resp index.Response
	if err := json.Unmarshal(out.Bytes(), &resp); err != nil || resp.Documents != 1 {
		t.Errorf("search for the new document: %d documents, %v", resp.Documents, err)
	}
}
