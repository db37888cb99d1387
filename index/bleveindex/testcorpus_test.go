package bleveindex

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/extract"
	"github.com/fednews/fednews/index/indextest"
	"github.com/fednews/fednews/internal/demosite"
	"github.com/fednews/fednews/internal/shared"
	"github.com/fednews/fednews/zh"
)

// fixture is a document of testdata/fixtures.json.
type fixture struct {
	ID        int64           `json:"id"`
	Title     string          `json:"title"`
	Source    string          `json:"source"`
	Published time.Time       `json:"published"`
	Body      string          `json:"body"`
	Cluster   int64           `json:"cluster"`
	Figures   []corpus.Figure `json:"figures"`
}

// newDoc fills a document the way the store does (normalized text, script).
func newDoc(id int64, title, source, body string, published time.Time) *corpus.Document {
	d := &corpus.Document{ID: id, Title: title, Source: source, Original: body, Published: published,
		URL: "https://example.org/" + docID(id), Cluster: id}
	// Its places and organizations, as ingest finds them.
	extract.OfDocument(d, corpus.Prepare(d))
	return d
}

func fixtureEntries(t testing.TB) []Entry {
	t.Helper()
	return fixtureFile(t, "testdata/fixtures.json")
}

// mixedEntries are documents in mixed script: a simplified report quoting a
// traditional headline, a traditional notice with simplified-only variants
// (群), a repost whose lead is simplified and whose body is traditional.
func mixedEntries(t testing.TB) []Entry {
	t.Helper()
	return fixtureFile(t, "testdata/mixed.json")
}

// fixtureFile reads the fixtures of one testdata file.
func fixtureFile(t testing.TB, name string) []Entry {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	var fs []fixture
	if err := json.Unmarshal(b, &fs); err != nil {
		t.Fatal(err)
	}
	members := map[int64]int{}
	for _, f := range fs {
		if f.Cluster != 0 {
			members[f.Cluster]++
		}
	}
	var out []Entry
	for _, f := range fs {
		d := newDoc(f.ID, f.Title, f.Source, f.Body, f.Published)
		if f.Cluster != 0 {
			d.Cluster = f.Cluster
		}
		out = append(out, Entry{Doc: d, Figures: f.Figures, InCluster: members[d.Cluster] > 1})
	}
	return out
}

// seedEntries reads the shared seed articles (first line: title), with IDs
// 1.. in file order.
func seedEntries(t testing.TB) []Entry {
	t.Helper()
	dir := shared.Path(t, "corpus/seeds")
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no seed articles in %s: %v", dir, err)
	}
	slices.Sort(files)
	var out []Entry
	for i, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		title, body, _ := strings.Cut(strings.TrimPrefix(string(b), "\ufeff"), "\n")
		d := newDoc(int64(i+1), strings.TrimSpace(title), "", body, time.Date(2021+i%3, time.Month(1+i), 10, 9, 0, 0, 0, zh.China))
		out = append(out, Entry{Doc: d})
	}
	return out
}

// demoEntries are the demo site's public articles, with IDs from 100.
func demoEntries(t testing.TB) []Entry {
	t.Helper()
	site, err := demosite.New()
	if err != nil {
		t.Fatal(err)
	}
	var out []Entry
	for i, a := range site.Articles() {
		if a.RawHTML {
			continue
		}
		d := newDoc(int64(100+i), a.Title, a.Source, a.Body, a.Published)
		out = append(out, Entry{Doc: d})
	}
	return out
}

// openTest opens a fresh index holding entries, reading their bodies from
// them as from a store.
func openTest(t testing.TB, entries []Entry) *Index {
	t.Helper()
	ix, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	texts := indextest.Texts{}
	for _, e := range entries {
		texts[e.Doc.ID] = e.Doc.Original
	}
	ix.UseTexts(texts)
	t.Cleanup(func() { ix.Close() })
	if err := ix.Add(context.Background(), entries); err != nil {
		t.Fatal(err)
	}
	return ix
}
