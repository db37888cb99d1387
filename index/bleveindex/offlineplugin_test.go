package bleveindex

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/util"
	index "github.com/blevesearch/bleve_index_api"
	segapi "github.com/blevesearch/scorch_segment_api/v2"
	bolt "go.etcd.io/bbolt"
)

// rootSegmentType is the segment type the newest snapshot of the index at
// path names in its root file.
func rootSegmentType(t *testing.T, path string) string {
	t.Helper()
	db, err := bolt.Open(filepath.Join(path, "store", "root.bolt"), 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var typ string
	err = db.View(func(tx *bolt.Tx) error {
		snaps := tx.Bucket(util.BoltSnapshotsBucket)
		if snaps == nil {
			return errors.New("no snapshots bucket")
		}
		k, _ := snaps.Cursor().Last()
		typ = string(snaps.Bucket(k).Bucket(util.BoltMetaDataKey).Get(util.BoltMetaDataSegmentTypeKey))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return typ
}

// newTestPlugin is an offline plugin of its own, so that a test's writes
// and failures are not another's.
func newTestPlugin(workers int) *offlinePlugin {
	return &offlinePlugin{slots: make(chan struct{}, workers), pending: map[string]*pendingSegment{}, dirs: map[string]error{}}
}

// testSegments writes n segments of docs documents each into dir through
// p (New, Persist, Open, as the builder calls them) and returns them open,
// with the ID of every document by segment.
func testSegments(t *testing.T, p *offlinePlugin, dir string, n, docs int) ([]segapi.Segment, [][]string) {
	t.Helper()
	var paths []string
	ids := make([][]string, n)
	for i := range n {
		var batch []index.Document
		for j := range docs {
			id := fmt.Sprintf("s%02d-d%d", i, j)
			d := document.NewDocument(id)
			d.AddField(document.NewTextField("body", nil, []byte(fmt.Sprintf("商会 第%d段 第%d篇 工商联", i, j))))
			d.AddIDField()
			batch = append(batch, d)
			ids[i] = append(ids[i], id)
		}
		seg, _, err := p.New(batch)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, fmt.Sprintf("%012x.zap", i))
		if err := seg.(segapi.UnpersistedSegment).Persist(path); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, path)
	}
	var segs []segapi.Segment
	for _, path := range paths {
		seg, err := p.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { seg.Close() })
		segs = append(segs, seg)
	}
	return segs, ids
}

// TestOfflineMergeTree: the tree merge of more segments than one zap merge
// reads gives the file and the document numbers a single merge of them all
// gives, dropped documents included, and leaves no temporary file.
func TestOfflineMergeTree(t *testing.T) {
	for _, tc := range []struct {
		segs, docs int
		drop       bool
	}{
		{mergeFanIn, 3, false},               // one zap merge
		{mergeFanIn + 1, 2, false},           // two groups, the second of one
		{3*mergeFanIn + 4, 3, true},          // two levels
		{mergeFanIn*mergeFanIn + 3, 1, true}, // three levels
	} {
		t.Run(fmt.Sprintf("%d×%d drop=%v", tc.segs, tc.docs, tc.drop), func(t *testing.T) {
			p := newTestPlugin(2)
			dir := t.TempDir()
			segs, ids := testSegments(t, p, dir, tc.segs, tc.docs)
			drops := make([]*roaring.Bitmap, len(segs))
			if tc.drop {
				for i := range drops {
					if i%3 == 1 {
						drops[i] = roaring.BitmapOf(uint32(i % tc.docs))
					}
				}
			}
			out := filepath.Join(t.TempDir(), "tree.zap")
			got, _, err := p.Merge(segs, drops, out, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			want, _, err := p.ZapPlugin.Merge(segs, drops, filepath.Join(t.TempDir(), "one.zap"), nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("document numbers:\ntree %v\none  %v", got, want)
			}
			merged, err := p.ZapPlugin.Open(out)
			if err != nil {
				t.Fatal(err)
			}
			defer merged.Close()
			kept := 0
			for i := range segs {
				for d, num := range got[i] {
					if drops[i] != nil && drops[i].Contains(uint32(d)) {
						if num != math.MaxUint64 {
							t.Errorf("segment %d document %d was dropped but numbered %d", i, d, num)
						}
						continue
					}
					kept++
					id, err := merged.DocID(num)
					if err != nil || string(id) != ids[i][d] {
						t.Errorf("segment %d document %d → %d: %q, %v; want %q", i, d, num, id, err, ids[i][d])
					}
				}
			}
			if merged.Count() != uint64(kept) {
				t.Errorf("%d documents merged, want %d", merged.Count(), kept)
			}
			left, _ := filepath.Glob(out + ".*")
			if len(left) > 0 {
				t.Errorf("temporary files left: %v", left)
			}
		})
	}
}

// TestOfflineWriteFailure: a segment that cannot be written fails the
// builder's Open of it and every later write in the directory, with the
// path in the message; drain forgets the directory.
func TestOfflineWriteFailure(t *testing.T) {
	p := newTestPlugin(1)
	dir := t.TempDir()
	testSegments(t, p, dir, 2, 1) // the directory's first, synchronous write and one on the worker
	bad := filepath.Join(dir, "bad.zap")
	if err := os.Mkdir(bad, 0o755); err != nil { // a directory where the file should go
		t.Fatal(err)
	}
	seg, _, _ := p.New(nil)
	if err := seg.(segapi.UnpersistedSegment).Persist(bad); err != nil {
		t.Fatalf("the write on the worker failed at once: %v", err)
	}
	if _, err := p.Open(bad); err == nil || !strings.Contains(err.Error(), bad) {
		t.Fatalf("Open of the failed segment: %v", err)
	}
	next, _, _ := p.New(nil)
	if err := next.(segapi.UnpersistedSegment).Persist(filepath.Join(dir, "next.zap")); err == nil || !strings.Contains(err.Error(), bad) {
		t.Fatalf("a write after the failure: %v", err)
	}
	p.drain(dir)
	if len(p.pending) != 0 || len(p.dirs) != 0 {
		t.Errorf("after drain: %d pending, %d directories", len(p.pending), len(p.dirs))
	}
}
