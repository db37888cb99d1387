// Package bleveindex keeps the fednews index in bleve, the default
// backend of package index: documents analyzed with zh's segmenter for
// relevance and with rune n-grams for exact phrases, places and
// organizations from the gazetteer, figure kinds and values; searched with
// the query language of package index, facets, duplicate collapsing and
// snippets marked in the original text.
//
// The Store is the source of truth: Update follows its change feed and
// Rebuild builds a fresh index beside the old one and swaps it in.
//
// One process writes an index at a time. While `fednews serve` runs it owns
// the index and follows the store (Follow); another writer gets
// index.ErrLocked after a short wait instead of hanging, and a reader (OpenReadOnly)
// searches a snapshot of the index as the server last wrote it.
//
// Phrases are exact: a phrase query returns the documents whose normalized
// title or body contains it, no more and no fewer. The n-gram fields make
// that so (a phrase of rune pairs at consecutive positions is a
// substring), so searching never loads the segmenter's dictionary; the
// segmenter's words serve relevance.
package bleveindex

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	bindex "github.com/blevesearch/bleve_index_api"
	bolt "go.etcd.io/bbolt"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/index"
)

// LockTimeout is how long Open waits for another process to release the
// index before it returns index.ErrLocked.
var LockTimeout = 500 * time.Millisecond

const (
	currentFile = "current"    // names the live index directory
	ownerFile   = "owner.json" // who holds the index for writing
	seqKey      = "fednews:seq"
	clustersKey = "fednews:clusters" // set once any document of a cluster is indexed
	batchSize   = 1000
)

// Index is an open fednews index.
type Index struct {
	dir      string // the index directory (dataDir/index)
	readOnly bool

	mu        sync.RWMutex // guards bi and name: Follow swaps them after a rebuild
	bi        bleve.Index
	name      string     // the live subdirectory of dir
	published string     // the copy this writer last published (publish)
	pubMu     sync.Mutex // one publish at a time: Update's and the background one

	texts   index.Texts // the bodies of hits (bodies.go)
	columns columnCache // facet values of the snapshot last searched
	hits    hitCache    // hit lists of broad queries on that snapshot (hitlist.go)
	docIDs  docIDCache  // document number → ID on that snapshot (docids.go)

	// Progress, when set, is called after each batch Update indexes, with
	// the number of documents indexed so far.
	Progress func(indexed int)
}

// Owner describes the process holding an index for writing.
type Owner struct {
	PID     int       `json:"pid"`
	Command string    `json:"command"`
	Since   time.Time `json:"since"`
}

// Open opens the index in dir (dataDir/index) for reading and writing,
// creating it when absent. It returns an error matching index.ErrLocked when
// another process holds it.
func Open(dir string) (*Index, error) { return open(dir, false) }

// OpenReadOnly opens the index in dir for searching. It returns an error
// matching index.ErrNoIndex when there is none. While a writer (a server) holds
// the index, it searches a snapshot of it: the state of its last write.
func OpenReadOnly(dir string) (*Index, error) { return open(dir, true) }

func open(dir string, readOnly bool) (*Index, error) {
	ix := &Index{dir: dir, readOnly: readOnly}
	name, err := readCurrent(dir)
	switch {
	case errors.Is(err, os.ErrNotExist) && readOnly:
		return nil, fmt.Errorf("%w in %s: run `fednews index` first", index.ErrNoIndex, dir)
	case errors.Is(err, os.ErrNotExist):
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("create index directory: %w", err)
		}
		name = newName()
		bi, err := create(filepath.Join(dir, name), newMapping(fednewsSchema))
		if err != nil {
			return nil, err
		}
		if err := writeCurrent(dir, name); err != nil {
			bi.Close()
			return nil, err
		}
		ix.bi, ix.name = bi, name
	case err != nil:
		return nil, err
	default:
		live := filepath.Join(dir, name)
		bi, err := openBleve(live, readOnly)
		if readOnly && errors.Is(err, index.ErrLocked) {
			bi, err = openCopy(dir, live)
		}
		if err != nil {
			return nil, err
		}
		ix.bi, ix.name = bi, name
		warnOldFormat(dir, bi.Mapping())
	}
	if !readOnly {
		ix.writeOwner()
		ix.publishInBackground(true)
	}
	return ix, nil
}

// create makes a new bleve index at path.
func create(path string, m *mapping.IndexMappingImpl) (bleve.Index, error) {
	bi, err := bleve.NewUsing(path, m, scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("create index %s: %w", path, err)
	}
	return bi, nil
}

func openBleve(path string, readOnly bool) (bleve.Index, error) {
	cfg := map[string]any{"bolt_timeout": LockTimeout.String()}
	if readOnly {
		cfg["read_only"] = true
	}
	// bleve reports bbolt's lock timeout as text only: ask bbolt first
	// whether another process holds the index.
	root := filepath.Join(path, "store", "root.bolt")
	if lockHeld(root, !readOnly) {
		return nil, lockedError(filepath.Dir(path))
	}
	if err := checkBolt(root); err != nil {
		if errors.Is(err, bolt.ErrTimeout) {
			return nil, lockedError(filepath.Dir(path))
		}
		return nil, fmt.Errorf("open index: %w", err)
	}
	if err := checkSegments(path); err != nil {
		return nil, fmt.Errorf("open index: %w", err)
	}
	started := time.Now()
	bi, err := openGuarded(path, cfg)
	if err != nil {
		// A failure after waiting the whole timeout is a lock taken since
		// the check (damaged files fail at once); ask bbolt again.
		if errors.Is(err, bolt.ErrTimeout) || (time.Since(started) >= LockTimeout && lockHeld(root, !readOnly)) {
			return nil, lockedError(filepath.Dir(path))
		}
		if errors.Is(err, index.ErrDamaged) {
			return nil, fmt.Errorf("open index: %w", err)
		}
		return nil, fmt.Errorf("open index: %w", damagedError(path, err))
	}
	return bi, nil
}

// openGuarded opens the bleve index at path, a panic reading its files
// returned as index.ErrDamaged.
func openGuarded(path string, cfg map[string]any) (bi bleve.Index, err error) {
	defer guard(path, &err)()
	return bleve.OpenUsing(path, cfg)
}

func lockedError(dir string) error {
	b, err := os.ReadFile(filepath.Join(dir, ownerFile))
	var o Owner
	if err != nil || json.Unmarshal(b, &o) != nil || o.PID == 0 {
		return fmt.Errorf("%w (%s): another fednews process is indexing or serving; retry when it is done", index.ErrLocked, dir)
	}
	return fmt.Errorf("%w (%s): held by pid %d (%s) since %s; a running `fednews serve` indexes new documents itself and answers searches through its web API",
		index.ErrLocked, dir, o.PID, o.Command, o.Since.Format(time.DateTime))
}

// writeOwner records this process as the index's writer (best effort: it
// only improves the message another process shows).
func (ix *Index) writeOwner() {
	o := Owner{PID: os.Getpid(), Command: strings.Join(os.Args, " "), Since: time.Now()}
	if b, err := json.Marshal(o); err == nil {
		_ = os.WriteFile(filepath.Join(ix.dir, ownerFile), b, 0o644)
	}
}

func newName() string { return "index-" + time.Now().UTC().Format("20060102T150405.000000000") }

func readCurrent(dir string) (string, error) {
	b, err := os.ReadFile(filepath.Join(dir, currentFile))
	if err != nil {
		return "", err
	}
	name := strings.TrimSpace(string(b))
	if name == "" || strings.ContainsAny(name, `/\`) || name == "." || name == ".." {
		return "", fmt.Errorf("index pointer %s is corrupt (%q): run `fednews index --rebuild`", filepath.Join(dir, currentFile), name)
	}
	return name, nil
}

// writeCurrent points dir at the index name, atomically (rename).
func writeCurrent(dir, name string) error {
	tmp := filepath.Join(dir, currentFile+".tmp")
	if err := os.WriteFile(tmp, []byte(name+"\n"), 0o644); err != nil {
		return fmt.Errorf("write index pointer: %w", err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, currentFile)); err != nil {
		return fmt.Errorf("swap index pointer: %w", err)
	}
	return nil
}

// Close closes the index.
func (ix *Index) Close() error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.bi == nil {
		return nil
	}
	if !ix.readOnly {
		if o, err := readOwner(ix.dir); err == nil && o.PID == os.Getpid() {
			_ = os.Remove(filepath.Join(ix.dir, ownerFile))
		}
	}
	err := ix.bi.Close()
	ix.bi = nil
	return err
}

func readOwner(dir string) (Owner, error) {
	var o Owner
	b, err := os.ReadFile(filepath.Join(dir, ownerFile))
	if err != nil {
		return o, err
	}
	return o, json.Unmarshal(b, &o)
}

// DocCount returns the number of documents in the index.
func (ix *Index) DocCount() (uint64, error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.bi.DocCount()
}

// Seq returns the store sequence number the index is up to date with.
func (ix *Index) Seq() (int64, error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return seqOf(ix.bi)
}

func seqOf(bi bleve.Index) (int64, error) {
	b, err := bi.GetInternal([]byte(seqKey))
	if err != nil || len(b) == 0 {
		return 0, err
	}
	return strconv.ParseInt(string(b), 10, 64)
}

// Add indexes entries in one batch (replacing documents with the same ID).
func (ix *Index) Add(ctx context.Context, entries []Entry) error {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return addEntries(ctx, ix.bi, fednewsSchema, entries, nil)
}

// addEntries indexes entries in one batch with the internal values.
func addEntries(ctx context.Context, bi bleve.Index, s schema, entries []Entry, internal map[string]string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	pb, err := buildBatch(bi, s, entries, len(entries), internal)
	if err != nil {
		return err
	}
	if err := bi.Batch(pb.b); err != nil {
		return fmt.Errorf("write batch: %w", err)
	}
	return writeInternal(bi, pb.internal)
}

// pendingBatch is a batch of documents ready for bleve.
type pendingBatch struct {
	b   *bleve.Batch
	ids map[string]bool // the documents it indexes
	n   int             // the store documents it covers (progress)
	// internal is written once this batch and every earlier one are in
	// the index: the sequence number never runs ahead of the documents.
	internal map[string]string
}

// buildBatch makes the bleve batch of entries. The fields of the documents
// (normalization, places, organizations) are computed in parallel; bleve
// analyzes them in parallel when the batch is written.
func buildBatch(bi bleve.Index, s schema, entries []Entry, n int, internal map[string]string) (*pendingBatch, error) {
	docs := docFields(entries, s)
	pb := &pendingBatch{b: bi.NewBatch(), ids: make(map[string]bool, len(entries)), n: n, internal: internal}
	m := bi.Mapping()
	for i, e := range entries {
		id := docID(e.Doc.ID)
		doc := document.NewDocument(id)
		if err := m.MapDocument(doc, docs[i]); err != nil {
			return nil, fmt.Errorf("index document %d: %w", e.Doc.ID, err)
		}
		packDocument(doc)
		if err := pb.b.IndexAdvanced(doc); err != nil {
			return nil, fmt.Errorf("index document %d: %w", e.Doc.ID, err)
		}
		pb.ids[id] = true
		if e.InCluster {
			pb.b.SetInternal([]byte(clustersKey), []byte("1"))
		}
	}
	return pb, nil
}

// docFields builds the bleve documents of entries, in parallel.
func docFields(entries []Entry, s schema) []map[string]any {
	docs := make([]map[string]any, len(entries))
	workers := max(1, min(runtime.GOMAXPROCS(0), len(entries)))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(entries); i += workers {
				docs[i] = fields(entries[i], s)
			}
		}()
	}
	wg.Wait()
	return docs
}

func writeInternal(bi bleve.Index, internal map[string]string) error {
	if len(internal) == 0 {
		return nil
	}
	b := bi.NewBatch()
	for k, v := range internal {
		b.SetInternal([]byte(k), []byte(v))
	}
	if err := bi.Batch(b); err != nil {
		return fmt.Errorf("write index state: %w", err)
	}
	return nil
}

// inFlight is the number of batches bleve writes at once. Two in flight
// overlapped one batch's analysis with the other's segment building, but
// held two batches' analysis (every token with positions) at once: with
// one, the index of 2,000 figure-dense 7.5 KB articles peaks at 1.2 GB
// instead of 3.6 GB for the same CPU time (BENCHMARKS.md, issue 13).
const inFlight = 1

// writeBatches writes the batches next builds, up to inFlight at once,
// while next builds the following one: building (store reads,
// normalization, places) overlaps with bleve's analysis, segment building
// and fsync. A batch that indexes a document of one still being written
// waits for it, so the later version wins. next returns nil when there are
// no more. progress, when set, gets the number of documents written so far.
func writeBatches(ctx context.Context, bi bleve.Index, next func() (*pendingBatch, error), progress func(int)) (int, error) {
	type built struct {
		pb  *pendingBatch
		err error
	}
	ctx, cancel := context.WithCancel(ctx)
	ch := make(chan built, 1)
	go func() {
		defer close(ch)
		for ctx.Err() == nil {
			pb, err := next()
			if pb == nil && err == nil {
				return
			}
			select {
			case ch <- built{pb, err}:
			case <-ctx.Done():
				return
			}
			if err != nil {
				return
			}
		}
	}()
	type writing struct {
		pb   *pendingBatch
		done chan error
	}
	var queue []writing // in the order next built them
	total := 0
	// finish waits for the oldest batch in flight and records its state.
	finish := func() error {
		w := queue[0]
		queue = queue[1:]
		if err := <-w.done; err != nil {
			return fmt.Errorf("write batch: %w", err)
		}
		if err := writeInternal(bi, w.pb.internal); err != nil {
			return err
		}
		total += w.pb.n
		if progress != nil {
			progress(total)
		}
		return nil
	}
	overlaps := func(pb *pendingBatch) bool {
		for _, w := range queue {
			for id := range pb.ids {
				if w.pb.ids[id] {
					return true
				}
			}
		}
		return false
	}
	err := func() error {
		for x := range ch {
			if x.err != nil {
				return x.err
			}
			for len(queue) >= inFlight || (len(queue) > 0 && overlaps(x.pb)) {
				if err := finish(); err != nil {
					return err
				}
			}
			w := writing{x.pb, make(chan error, 1)}
			go func() { w.done <- bi.Batch(w.pb.b) }()
			queue = append(queue, w)
		}
		return nil
	}()
	for len(queue) > 0 { // wait for every batch in flight, even after an error
		if ferr := finish(); err == nil {
			err = ferr
		}
	}
	if err == nil {
		err = ctx.Err() // the caller's: ours is not cancelled yet
	}
	cancel()
	for range ch { // let the builder finish before returning
	}
	return total, err
}

// Update indexes the documents the store changed since the index was last
// updated, in batches, and returns how many it indexed.
func (ix *Index) Update(ctx context.Context, store index.Store) (int, error) {
	if ix.readOnly {
		return 0, errors.New("update: the index is open read-only")
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	n, err := update(ctx, ix.bi, store, ix.Progress)
	if n > 0 {
		ix.publishOrWarn()
	}
	return n, err
}

// publishOrWarn publishes a copy for readers (publish); a failure only
// leaves readers on the previous copy.
func (ix *Index) publishOrWarn() {
	if err := ix.publish(); err != nil {
		slog.Warn("index: readers in other processes see an older copy", "err", err)
	}
}

func update(ctx context.Context, bi bleve.Index, store index.Store, progress func(int)) (int, error) {
	seq, err := seqOf(bi)
	if err != nil {
		return 0, fmt.Errorf("update: read sequence: %w", err)
	}
	// Clusters that gained a member in this run: with batches in flight,
	// the index may not hold their members yet.
	flagged := map[int64]bool{}
	avg := 0 // mean document bytes so far (changedBounded)
	next := func() (*pendingBatch, error) {
		docs, err := changedBounded(ctx, store, seq, &avg)
		if err != nil {
			return nil, fmt.Errorf("update: read changes after %d: %w", seq, err)
		}
		if len(docs) == 0 {
			return nil, nil
		}
		// The segmenter's dictionary takes seconds to load: only now,
		// with text to segment, not for an index that is up to date.
		if _, err := segmenter(); err != nil {
			return nil, fmt.Errorf("update: %w", err)
		}
		entries, err := entriesFor(ctx, bi, store, docs, flagged)
		if err != nil {
			return nil, err
		}
		internal := map[string]string{}
		for _, d := range docs {
			if d.Cluster != 0 && d.Cluster != d.ID {
				flagged[d.Cluster] = true
			}
			seq = max(seq, d.Seq)
		}
		internal[seqKey] = strconv.FormatInt(seq, 10)
		pb, err := buildBatch(bi, fednewsSchema, entries, len(docs), internal)
		if err != nil {
			return nil, fmt.Errorf("update: %w", err)
		}
		return pb, nil
	}
	return writeBatches(ctx, bi, next, progress)
}

// entriesFor loads the figures of docs and decides which belong to
// clusters with other members; heads of clusters that just gained a member
// are added so they are indexed with their cluster.
func entriesFor(ctx context.Context, bi bleve.Index, store index.Store, docs []*corpus.Document, flagged map[int64]bool) ([]Entry, error) {
	r, err := snapshot(bi)
	if err != nil {
		return nil, fmt.Errorf("update: %w", err)
	}
	defer r.Close()
	isFlagged := func(cluster int64) (bool, error) {
		if flagged[cluster] {
			return true, nil
		}
		in, err := clusterIndexed(ctx, r, cluster)
		if err != nil {
			return false, fmt.Errorf("update: is cluster %d indexed: %w", cluster, err)
		}
		return in, nil
	}
	inBatch := map[int64]bool{}
	grown := map[int64]bool{} // clusters that gained a member in this batch
	for _, d := range docs {
		inBatch[d.ID] = true
		if d.Cluster != 0 && d.Cluster != d.ID {
			grown[d.Cluster] = true
		}
	}
	for head := range grown {
		if inBatch[head] {
			continue
		}
		known, err := isFlagged(head)
		if err != nil {
			return nil, err
		}
		if known {
			continue // already indexed as a cluster head
		}
		d, err := store.Get(ctx, head)
		if errors.Is(err, corpus.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("update: cluster head %d: %w", head, err)
		}
		docs = append(docs, d)
	}
	entries, err := withFigures(ctx, store, docs)
	if err != nil {
		return nil, fmt.Errorf("update: %w", err)
	}
	for i, d := range docs {
		in := d.Cluster != 0 && (d.Cluster != d.ID || grown[d.ID])
		if !in && d.Cluster == d.ID {
			if in, err = isFlagged(d.ID); err != nil {
				return nil, err
			}
		}
		entries[i].InCluster = in
	}
	return entries, nil
}

// clusterIndexed says whether the snapshot r holds a live document indexed
// as a member of cluster: its cluster field is indexed only then, so the
// term's postings are the flag. (A flag kept as a bleve internal key per
// cluster would be rewritten into every persisted snapshot and read at
// every open: 230 ms of CPU per update at 1M documents.)
func clusterIndexed(ctx context.Context, r bindex.IndexReader, cluster int64) (bool, error) {
	tfr, err := r.TermFieldReader(ctx, []byte(docID(cluster)), fCluster, false, false, false)
	if err != nil {
		return false, err
	}
	defer tfr.Close()
	return tfr.Count() > 0, nil
}

// figureReader is a store that reads only what the index takes of the
// figures (corpus.Store), without their documents and sentences.
type figureReader interface {
	FiguresForIndex(ctx context.Context, ids []int64) (map[int64][]corpus.Figure, error)
}

// withFigures returns the entries of docs with their figures.
func withFigures(ctx context.Context, store index.Store, docs []*corpus.Document) ([]Entry, error) {
	ids := make([]int64, len(docs))
	for i, d := range docs {
		ids[i] = d.ID
	}
	var figs map[int64][]corpus.Figure
	var err error
	if r, ok := store.(figureReader); ok {
		figs, err = r.FiguresForIndex(ctx, ids)
	} else {
		figs = map[int64][]corpus.Figure{}
		err = store.EachFigure(ctx, ids, func(d *corpus.Document, f corpus.Figure) error {
			figs[d.ID] = append(figs[d.ID], f)
			return nil
		})
	}
	if err != nil {
		return nil, fmt.Errorf("figures: %w", err)
	}
	entries := make([]Entry, len(docs))
	for i, d := range docs {
		entries[i] = Entry{Doc: d, Figures: figs[d.ID]}
	}
	return entries, nil
}

// Rebuild builds a new index of every document in the store beside the
// live one in dir, then swaps it in atomically. A process holding the old
// index (a server) keeps answering from it until Follow notices the swap.
func Rebuild(ctx context.Context, store index.Store, dir string, progress func(indexed int)) (int, error) {
	if _, err := segmenter(); err != nil {
		return 0, fmt.Errorf("rebuild: %w", err)
	}
	if err := clearForRebuild(dir); err != nil {
		return 0, fmt.Errorf("rebuild: %w", err)
	}
	name := newName()
	path := filepath.Join(dir, name)
	bi, n, err := buildOffline(ctx, path, store, progress)
	if bi != nil {
		if cerr := bi.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		os.RemoveAll(path)
		return n, fmt.Errorf("rebuild: %w (the old index is unchanged)", err)
	}
	if err := writeCurrent(dir, name); err != nil {
		os.RemoveAll(path)
		return n, err
	}
	removeStale(dir, name)
	return n, nil
}

// clearForRebuild makes dir a directory whose pointer file can be
// written, whatever a damaged or mistaken data directory holds there: a
// regular file (or anything else) at dir or at its pointer is moved aside
// under a name that says so, so that nothing is lost and the rebuild can
// go on. An index is derived data: the store rebuilds it.
func clearForRebuild(dir string) error {
	aside := func(p string) error {
		to := p + ".damaged-" + time.Now().UTC().Format("20060102T150405")
		if err := os.Rename(p, to); err != nil {
			return fmt.Errorf("move %s aside: %w", p, err)
		}
		slog.Warn("index: moved what was in the way of the rebuild aside", "from", p, "to", to)
		return nil
	}
	if fi, err := os.Lstat(dir); err == nil && !fi.IsDir() {
		if err := aside(dir); err != nil {
			return err
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	cur := filepath.Join(dir, currentFile)
	if fi, err := os.Lstat(cur); err == nil && !fi.Mode().IsRegular() {
		return aside(cur)
	}
	return nil
}

// removeStale deletes index directories other than keep that no process
// holds; a held one is removed by its holder when it follows the swap.
func removeStale(dir, keep string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !e.IsDir() || e.Name() == keep || !strings.HasPrefix(e.Name(), "index-") {
			continue
		}
		path := filepath.Join(dir, e.Name())
		if held(filepath.Join(path, "store", "root.bolt")) {
			continue
		}
		os.RemoveAll(path)
	}
}

// held reports whether another process holds the bolt file at path for
// writing. A file that is missing or too damaged to open is not held.
func held(path string) bool { return lockHeld(path, false) }

// lockHeld reports whether another process holds the bolt file at path:
// for writing, or with exclusive, for reading too (a reader shares its
// lock with readers only). A missing or damaged file is not held.
func lockHeld(path string, exclusive bool) (locked bool) {
	if _, err := os.Stat(path); err != nil {
		return false // bolt would create it
	}
	var err error
	defer guard(path, &err)()
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: 50 * time.Millisecond, ReadOnly: !exclusive})
	if err != nil {
		return errors.Is(err, bolt.ErrTimeout)
	}
	db.Close()
	return false
}

// Follow keeps the index up to date with the store until ctx is done,
// checking every interval, and switches to a rebuilt index when Rebuild
// swapped one in. It is what a running server calls.
func (ix *Index) Follow(ctx context.Context, store index.Store, interval time.Duration) error {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if err := ix.switchIfRebuilt(); err != nil {
			slog.Warn("index: switch to rebuilt index", "err", err)
		}
		if _, err := ix.Update(ctx, store); err != nil && ctx.Err() == nil {
			slog.Warn("index: update", "err", err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}

// switchIfRebuilt reopens the index when the pointer names another one.
func (ix *Index) switchIfRebuilt() error {
	name, err := readCurrent(ix.dir)
	if err != nil {
		return err
	}
	ix.mu.RLock()
	same := name == ix.name
	ix.mu.RUnlock()
	if same {
		return nil
	}
	bi, err := openBleve(filepath.Join(ix.dir, name), ix.readOnly)
	if err != nil {
		return err
	}
	ix.mu.Lock()
	old, oldName := ix.bi, ix.name
	ix.bi, ix.name = bi, name
	ix.mu.Unlock()
	if !ix.readOnly {
		ix.publishInBackground(false)
	}
	if err := old.Close(); err != nil {
		return err
	}
	if !ix.readOnly {
		os.RemoveAll(filepath.Join(ix.dir, oldName))
	}
	return nil
}
