package bleveindex

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/index"
	"github.com/fednews/fednews/index/gazetteer"
	"github.com/fednews/fednews/index/indextest"
	"github.com/fednews/fednews/zh"
)

// rewritingStore rewrites document 1 once the builder has read the first
// batch, so that the change feed gives it a second time, later.
type rewritingStore struct {
	*indextest.Store
	once    sync.Once
	rewrite func()
}

func (s *rewritingStore) Changed(ctx context.Context, after int64, limit int) ([]*corpus.Document, error) {
	docs, err := s.Store.Changed(ctx, after, limit)
	if after > 0 {
		s.once.Do(s.rewrite)
	}
	return docs, err
}

// TestRebuildOffline: the offline build indexes what the feed gives twice
// once, in its latest version, and a cluster's head read before its
// reprint is collapsed with it, also from a store that cannot count
// clusters beforehand (the in-memory store).
func TestRebuildOffline(t *testing.T) {
	ctx := context.Background()
	mem := indextest.NewStore()
	day := time.Date(2022, 5, 1, 8, 0, 0, 0, zh.China)
	const n = 150 // more than the first read of the feed (changedBounded)
	for i := 1; i <= n; i++ {
		d := corpus.Document{ID: int64(i), URL: fmt.Sprintf("https://example.org/%d", i), Title: fmt.Sprintf("第%d期工作动态", i), Original: updOther, Published: day}
		switch i {
		case 2: // the head, read in the first batch
			d.Original, d.Cluster = updBody, 2
		case n: // its reprint, read last
			d.Original, d.Cluster = updReprint, 2
		}
		mem.Put(d)
	}
	st := &rewritingStore{Store: mem}
	st.rewrite = func() {
		mem.Put(corpus.Document{ID: 1, URL: "https://example.org/1", Title: "改写后的标题", Original: "改写以后的正文。", Published: day})
	}
	dir := filepath.Join(t.TempDir(), "index")
	got, err := Rebuild(ctx, st, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got != n+1 {
		t.Errorf("rebuild read %d documents, want %d (the rewritten one twice)", got, n+1)
	}
	ix, err := OpenReadOnly(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if c, _ := ix.DocCount(); c != n {
		t.Errorf("%d documents in the index, want %d", c, n)
	}
	if r := doSearch(t, ix, index.Request{Query: "改写以后"}); r.Documents != 1 || r.Hits[0].ID != 1 {
		t.Errorf("the rewritten document: %+v", r)
	}
	if r := doSearch(t, ix, index.Request{Query: "第1期"}); r.Documents != 0 {
		t.Errorf("the old version of document 1 is still found: %+v", r)
	}
	r := doSearch(t, ix, index.Request{Query: "女企业家商会"})
	if r.Total != 1 || r.Documents != 2 || r.Hits[0].ID != 2 || len(r.Hits[0].Duplicates) != 1 || r.Hits[0].Duplicates[0].ID != n {
		t.Errorf("the head and its reprint: total %d documents %d hits %+v", r.Total, r.Documents, r.Hits)
	}
	if seq, _ := ix.Seq(); seq != n+1 {
		t.Errorf("sequence %d, want %d", seq, n+1)
	}
}

// TestRebuildEmptyStore: the builder cannot write an index of nothing;
// the rebuild of an empty store is an empty index all the same.
func TestRebuildEmptyStore(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	if n, err := Rebuild(context.Background(), indextest.NewStore(), dir, nil); n != 0 || err != nil {
		t.Fatalf("rebuild: %d, %v", n, err)
	}
	ix, err := OpenReadOnly(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if c, err := ix.DocCount(); c != 0 || err != nil {
		t.Errorf("%d documents, %v", c, err)
	}
}

// blockingStore stops the feed after its first read: it creates the file
// ready and waits forever, for the test to kill the process.
type blockingStore struct {
	*corpus.Store
	ready string
}

func (s blockingStore) Changed(ctx context.Context, after int64, limit int) ([]*corpus.Document, error) {
	if after > 0 {
		if err := os.WriteFile(s.ready, nil, 0o644); err != nil {
			return nil, err
		}
		select {}
	}
	return s.Store.Changed(ctx, after, limit)
}

// TestRebuildKilled: a rebuild killed with SIGKILL in the middle leaves
// the old index in place and searchable, and the next rebuild removes
// what the killed one left.
func TestRebuildKilled(t *testing.T) {
	ctx := context.Background()
	if data := os.Getenv("FEDNEWS_TEST_REBUILD_CHILD"); data != "" {
		st, err := corpus.Open(ctx, data)
		if err != nil {
			t.Fatal(err)
		}
		_, err = Rebuild(ctx, blockingStore{st, filepath.Join(data, "ready")}, filepath.Join(data, "index"), nil)
		t.Fatalf("the rebuild was to block: %v", err)
	}
	st, dir, ix := storeAndIndex(ctx, t)
	data := filepath.Dir(dir)
	for i := range 100 { // more than the first read of the feed
		putDoc(t, st, fmt.Sprintf("https://example.org/%d", i), fmt.Sprintf("第%d期工作动态", i), fmt.Sprintf("%s第%d次会议。", updOther, i))
	}
	if n, err := ix.Update(ctx, st); n != 100 || err != nil {
		t.Fatalf("update: %d, %v", n, err)
	}
	ix.Close()
	old, _ := readCurrent(dir)

	cmd := exec.Command(os.Args[0], "-test.run", "^TestRebuildKilled$")
	cmd.Env = append(os.Environ(), "FEDNEWS_TEST_REBUILD_CHILD="+data)
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	for {
		if _, err := os.Stat(filepath.Join(data, "ready")); err == nil {
			break
		}
		select {
		case err := <-exited:
			t.Fatalf("the rebuild ended before it was killed: %v\n%s", err, out.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	cmd.Process.Kill()
	<-exited

	entries, _ := filepath.Glob(filepath.Join(dir, "index-*"))
	if len(entries) != 2 {
		t.Fatalf("index directories after the kill: %v, want the old one and the unfinished one", entries)
	}
	if cur, _ := readCurrent(dir); cur != old {
		t.Errorf("the pointer names %q after the kill, want the old %q", cur, old)
	}
	ro, err := OpenReadOnly(dir)
	if err != nil {
		t.Fatalf("open after the kill: %v", err)
	}
	if r := doSearch(t, ro, index.Request{Query: "郯城县"}); r.Documents != 100 {
		t.Errorf("after the kill the old index finds %d documents, want 100", r.Documents)
	}
	ro.Close()

	if n, err := Rebuild(ctx, st, dir, nil); n != 100 || err != nil {
		t.Fatalf("the next rebuild: %d, %v", n, err)
	}
	cur, _ := readCurrent(dir)
	if entries, _ := filepath.Glob(filepath.Join(dir, "index-*")); len(entries) != 1 || filepath.Base(entries[0]) != cur {
		t.Errorf("index directories after the next rebuild: %v, want only %s", entries, cur)
	}
}

// TestRebuildAnswersAsAdd: the offline builder indexes documents as an
// ordinary update does: the same hits with the same scores (figure ranges
// and facets included) and facet counts, and the index's stored mapping is
// the current format.
func TestRebuildAnswersAsAdd(t *testing.T) {
	entries := append(fixtureEntries(t), seedEntries(t)...)
	// The default segment size gives these documents one segment; 2 KB
	// gives each its own, so that the builder merges them through
	// offlineSegments' tree (more than mergeFanIn) with the segments
	// written on a worker.
	for _, size := range []int{segmentBytes, 2 << 10} {
		t.Run(fmt.Sprintf("segments of %d bytes", size), func(t *testing.T) {
			defer func(was int) { segmentBytes = was }(segmentBytes)
			segmentBytes = size
			merges := offlineSegments.merges.Load()
			rebuildAnswersAsAdd(t, entries)
			if tree := offlineSegments.merges.Load() - merges; size < 4<<10 && tree <= 1 {
				t.Errorf("%d merges: the tree was not exercised", tree)
			}
		})
	}
}

func rebuildAnswersAsAdd(t *testing.T, entries []Entry) {
	ctx := context.Background()
	st := indextest.NewStore()
	for _, e := range entries {
		d := *e.Doc
		d.Cluster = 0 // stories are TestRebuildOffline's
		st.Put(d, e.Figures...)
	}
	dir := filepath.Join(t.TempDir(), "index")
	if n, err := Rebuild(ctx, st, dir, nil); err != nil || n != len(entries) {
		t.Fatalf("rebuild: %d, %v", n, err)
	}
	rebuilt, err := OpenReadOnly(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer rebuilt.Close()
	if typ := rootSegmentType(t, filepath.Join(dir, rebuilt.name)); typ != "zap" {
		t.Errorf("the rebuilt index's root names segments of type %q, want zap", typ)
	}
	if !formatCurrent(rebuilt.bi.Mapping()) {
		t.Errorf("the rebuilt index's mapping is not the current format:\n%s", fieldsOf(rebuilt.bi.Mapping().(*mapping.IndexMappingImpl)))
	}
	var plain []Entry
	for _, e := range entries {
		d := *e.Doc
		d.Cluster = 0
		plain = append(plain, Entry{Doc: &d, Figures: e.Figures})
	}
	added := openTest(t, plain)
	gaz, err := gazetteer.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"工商联", "会", "商会", "title:商会", "民营经济 money:>=1万", "count:>=10", "province:山东", "year:2021", "*"} {
		p, err := index.NewPlan(index.Request{Query: q}, index.Places(gaz))
		if err != nil {
			t.Fatal(err)
		}
		bq, err := compilePlan(p)
		if err != nil {
			t.Fatal(err)
		}
		got, want := scoredHits(t, rebuilt.bi, bq), scoredHits(t, added.bi, bq)
		if len(want) == 0 || !slices.Equal(got, want) {
			t.Errorf("%q: rebuilt %v\nadded %v", q, got, want)
		}
		req := index.Request{Query: q, Facets: []string{index.FieldSource, index.FieldKind}}
		if g, w := doSearch(t, rebuilt, req).Facets, doSearch(t, added, req).Facets; !reflect.DeepEqual(g, w) {
			t.Errorf("%q facets: rebuilt %v, added %v", q, g, w)
		}
	}
}
