package bleveindex

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/util"
	index "github.com/blevesearch/bleve_index_api"
	segapi "github.com/blevesearch/scorch_segment_api/v2"
	zap "github.com/blevesearch/zapx/v17"
	bolt "go.etcd.io/bbolt"
	"golang.org/x/sync/errgroup"
)

// bleve's offline builder does all its work on the goroutine that calls
// it: it analyzes a batch, builds the batch's segment, writes it, and at
// the end merges every segment, ten at a time, one merge after another.
// Building segments was ~40 % of a 100k rebuild and the merge ~20 %, all
// on one core of two. offlineSegments is the segment plugin the builder is
// given instead of zap (by the name offlineSegmentType): the files are
// zap v17's, but a batch's segment is built and written by a worker while
// the builder analyzes the next batch, and a merge of many segments merges
// its groups at once, a level at a time.
var offlineSegments = &offlinePlugin{
	slots:   make(chan struct{}, max(1, runtime.GOMAXPROCS(0)-1)),
	pending: map[string]*pendingSegment{},
	dirs:    map[string]error{},
}

// offlineSegmentType is the registry name of offlineSegments. Only the
// builder asks for it; the index it writes names zap (zapSegmentsInRoot),
// so it opens, merges and grows as any other.
const offlineSegmentType = "fednews-offline-zap"

// offlineMergeMax is how many segments the builder gives one Merge:
// enough to merge a 100k build's (~600) in one tree, few enough that the
// open segment files stay well under the process's file limit at 1M.
const offlineMergeMax = 1000

// mergeFanIn is how many segments one zap merge reads, as bleve's builder
// does by default.
const mergeFanIn = 10

func init() { scorch.RegisterSegmentPlugin(offlineSegments, false) }

type offlinePlugin struct {
	zap.ZapPlugin
	slots   chan struct{} // segments being built at once
	mu      sync.Mutex
	pending map[string]*pendingSegment // by file path, until opened
	dirs    map[string]error           // directories written to: the first failed write
	merges  atomic.Int64               // zap merges run (the tests ask)
}

// pendingSegment is a segment file being built and written.
type pendingSegment struct {
	done chan struct{}
	err  error
}

func (p *offlinePlugin) Type() string { return offlineSegmentType }

// New defers the building to Persist, which the builder calls at once
// with the file's path.
func (p *offlinePlugin) New(results []index.Document) (segapi.Segment, uint64, error) {
	return &unbuiltSegment{plugin: p, results: results}, 0, nil
}

// unbuiltSegment is a batch's analyzed documents on their way to a
// segment file. bleve's builder only persists what New returns; any other
// use of it would be a builder this plugin was not written for, and the
// embedded nil Segment makes that fail at once rather than silently.
type unbuiltSegment struct {
	segapi.Segment
	plugin  *offlinePlugin
	results []index.Document
}

func (u *unbuiltSegment) Persist(path string) error {
	return u.plugin.write(path, u.results)
}

// write builds and writes the segment of results to path on a worker; it
// waits for a free worker, so at most len(slots) batches wait in memory
// beside the one being analyzed. It returns an earlier write's failure in
// the same directory, so that a full disk stops the build at once. A
// directory's first segment is written before write returns: when it is
// the only one, the builder renames the file into place without opening
// it.
func (p *offlinePlugin) write(path string, results []index.Document) error {
	dir := filepath.Dir(path)
	p.mu.Lock()
	err, started := p.dirs[dir]
	p.dirs[dir] = err
	p.mu.Unlock()
	if err != nil {
		return err
	}
	if !started {
		return p.build(path, results)
	}
	p.slots <- struct{}{}
	w := &pendingSegment{done: make(chan struct{})}
	p.mu.Lock()
	p.pending[path] = w
	p.mu.Unlock()
	go func() {
		defer func() { <-p.slots; close(w.done) }()
		if w.err = p.build(path, results); w.err != nil {
			p.mu.Lock()
			if p.dirs[dir] == nil {
				p.dirs[dir] = w.err
			}
			p.mu.Unlock()
		}
	}()
	return nil
}

// build is zap's New and Persist.
func (p *offlinePlugin) build(path string, results []index.Document) error {
	seg, _, err := p.ZapPlugin.New(results)
	if err == nil {
		err = seg.(segapi.UnpersistedSegment).Persist(path)
		err = errors.Join(err, seg.Close())
	}
	if err != nil {
		return fmt.Errorf("write segment %s: %w", path, err)
	}
	return nil
}

// Open waits for the file at path to be written.
func (p *offlinePlugin) Open(path string) (segapi.Segment, error) {
	p.mu.Lock()
	w := p.pending[path]
	delete(p.pending, path)
	p.mu.Unlock()
	if w != nil {
		<-w.done
		if w.err != nil {
			return nil, w.err
		}
	}
	return p.ZapPlugin.Open(path)
}

// drain waits for every write under dir and forgets the directory's
// state; a build that stops early calls it before removing its files.
func (p *offlinePlugin) drain(dir string) {
	prefix := dir + string(os.PathSeparator)
	p.mu.Lock()
	var ws []*pendingSegment
	for path, w := range p.pending {
		if strings.HasPrefix(path, prefix) {
			ws = append(ws, w)
			delete(p.pending, path)
		}
	}
	for d := range p.dirs {
		if d == dir || strings.HasPrefix(d, prefix) {
			delete(p.dirs, d)
		}
	}
	p.mu.Unlock()
	for _, w := range ws {
		<-w.done
	}
}

// Merge merges segs into one file at path as a tree: groups of mergeFanIn
// into temporary files beside path, as many groups at once as there are
// CPUs, then those files the same way, until one merge is left. Each
// document is read and written once per level, as in the builder's own
// chain of merges; what changes is that a level's merges run together.
func (p *offlinePlugin) Merge(segs []segapi.Segment, drops []*roaring.Bitmap, path string,
	closeCh chan struct{}, s segapi.StatsReporter) ([][]uint64, uint64, error) {
	return p.mergeTree(segs, drops, path, closeCh, s, 0)
}

func (p *offlinePlugin) mergeTree(segs []segapi.Segment, drops []*roaring.Bitmap, path string,
	closeCh chan struct{}, s segapi.StatsReporter, level int) ([][]uint64, uint64, error) {
	if len(segs) <= mergeFanIn {
		return p.mergeGroup(segs, drops, path, closeCh, s)
	}
	groups := (len(segs) + mergeFanIn - 1) / mergeFanIn
	paths := make([]string, groups)
	nums := make([][][]uint64, groups)
	written := make([]uint64, groups)
	var merges errgroup.Group
	merges.SetLimit(runtime.GOMAXPROCS(0))
	for g := range groups {
		lo, hi := g*mergeFanIn, min((g+1)*mergeFanIn, len(segs))
		paths[g] = fmt.Sprintf("%s.l%d.%d", path, level, g)
		merges.Go(func() (err error) {
			nums[g], written[g], err = p.mergeGroup(segs[lo:hi], drops[lo:hi], paths[g], closeCh, s)
			return err
		})
	}
	err := merges.Wait()
	defer func() {
		for _, tmp := range paths {
			os.Remove(tmp)
		}
	}()
	if err != nil {
		return nil, 0, fmt.Errorf("merge level %d: %w", level, err)
	}
	merged := make([]segapi.Segment, 0, groups)
	defer func() {
		for _, m := range merged {
			m.Close()
		}
	}()
	for _, tmp := range paths {
		m, err := p.ZapPlugin.Open(tmp)
		if err != nil {
			return nil, 0, fmt.Errorf("open merged level %d: %w", level, err)
		}
		merged = append(merged, m)
	}
	upper, n, err := p.mergeTree(merged, make([]*roaring.Bitmap, groups), path, closeCh, s, level+1)
	if err != nil {
		return nil, 0, err
	}
	// A document's number in the result is its number in its group's
	// file, renumbered by the merge above.
	out := make([][]uint64, len(segs))
	for i := range segs {
		g := i / mergeFanIn
		out[i] = make([]uint64, len(nums[g][i%mergeFanIn]))
		for d, v := range nums[g][i%mergeFanIn] {
			if v == math.MaxUint64 { // dropped
				out[i][d] = v
			} else {
				out[i][d] = upper[g][v]
			}
		}
	}
	for _, w := range written {
		n += w
	}
	return out, n, nil
}

// mergeGroup is one zap merge; its inputs' pages are released after it.
func (p *offlinePlugin) mergeGroup(segs []segapi.Segment, drops []*roaring.Bitmap, path string,
	closeCh chan struct{}, s segapi.StatsReporter) ([][]uint64, uint64, error) {
	p.merges.Add(1)
	nums, n, err := p.ZapPlugin.Merge(segs, drops, path, closeCh, s)
	for _, seg := range segs {
		releasePages(seg)
	}
	return nums, n, err
}

// zapSegmentsInRoot rewrites the segment type the builder recorded in the
// index's root file (offlineSegmentType) to zap's: the files are zap v17
// files, and an index opened for search or updates must use zap itself.
func zapSegmentsInRoot(indexPath string) error {
	root := filepath.Join(indexPath, "store", "root.bolt")
	db, err := bolt.Open(root, 0o600, &bolt.Options{Timeout: LockTimeout})
	if err != nil {
		return fmt.Errorf("open %s: %w", root, err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		snapshots := tx.Bucket(util.BoltSnapshotsBucket)
		if snapshots == nil {
			return fmt.Errorf("%s has no snapshots", root)
		}
		return snapshots.ForEachBucket(func(epoch []byte) error {
			meta := snapshots.Bucket(epoch).Bucket(util.BoltMetaDataKey)
			if meta == nil {
				return fmt.Errorf("%s: snapshot %x has no metadata", root, epoch)
			}
			if string(meta.Get(util.BoltMetaDataSegmentTypeKey)) != offlineSegmentType {
				return fmt.Errorf("%s: snapshot %x has segments of type %q, not the offline builder's", root, epoch, meta.Get(util.BoltMetaDataSegmentTypeKey))
			}
			return meta.Put(util.BoltMetaDataSegmentTypeKey, []byte((&zap.ZapPlugin{}).Type()))
		})
	})
	return errors.Join(err, db.Close())
}
