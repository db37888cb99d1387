package bleveindex

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"

	"github.com/blevesearch/bleve/v2"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/index"
)

// segmentBytes bounds the text of the documents in one segment of an
// offline build. The builder analyzes a segment's documents at once, as a
// batch, and their analysis (~100 MB at 512 KB of figure-dense text) is
// most of a rebuild's live heap beside the segmenter's dictionary. Larger
// segments mean fewer merges at the end but no CPU saved; 256 KB rather
// than 512 KB lowered the peak of a 2,000-document rebuild by ~100 MB at
// the same CPU and index size (BENCHMARKS.md, sessions 7 and 9; again in
// session 18 with the segments built on a worker). A variable so that
// tests can build many segments from a few documents.
var segmentBytes = 256 << 10

// storySizer is a store that counts the members of every duplicate
// cluster at once (corpus.Store): with it, a cluster's head is indexed as
// one from the start, even when its members come later in the feed.
type storySizer interface {
	StorySizes(ctx context.Context) (map[int64]int, error)
}

// buildOffline indexes every document of the store into a new index at
// path with bleve's offline builder, which writes each batch as a segment
// file and merges them once at the end, instead of scorch's introducer,
// persister and merger rewriting the segments while they grow (a third of
// a rebuild's CPU). The builder writes each document once, so what the
// change feed gives twice (a document rewritten during the build) and the
// heads of clusters whose members came after them are indexed again in a
// last ordinary batch, with the store state (sequence, cluster flags). It
// returns the index open for writing.
func buildOffline(ctx context.Context, path string, store index.Store, progress func(int)) (bleve.Index, int, error) {
	var sizes map[int64]int
	if s, ok := store.(storySizer); ok {
		var err error
		if sizes, err = s.StorySizes(ctx); err != nil {
			return nil, 0, fmt.Errorf("cluster sizes: %w", err)
		}
	}
	o := &offline{
		sizes:    sizes,
		seen:     map[int64]bool{},
		alone:    map[int64]bool{},
		flagged:  map[int64]bool{},
		again:    map[int64]*corpus.Document{},
		internal: map[string]string{},
	}
	n, err := o.build(ctx, path, store, progress)
	if err != nil {
		return nil, n, err
	}
	var bi bleve.Index
	if n == 0 { // the builder cannot write an index of no documents
		if err := os.RemoveAll(path); err != nil {
			return nil, 0, err
		}
		bi, err = create(path, newMapping(fednewsSchema))
	} else {
		bi, err = openBleve(path, false)
	}
	if err != nil {
		return nil, n, err
	}
	if err := o.finish(ctx, bi, store); err != nil {
		bi.Close()
		return nil, n, err
	}
	return bi, n, nil
}

// offline is the state of one offline build.
type offline struct {
	sizes    map[int64]int              // members per cluster, when the store tells (storySizer)
	seq      int64                      // the feed's position
	seen     map[int64]bool             // documents given to the builder
	alone    map[int64]bool             // heads indexed as not (yet) in a cluster
	flagged  map[int64]bool             // clusters with a member other than the head
	again    map[int64]*corpus.Document // to index again at the end, latest version
	internal map[string]string          // the index state written at the end
}

// inCluster says whether d is indexed as a member of its cluster, from
// what is known so far.
func (o *offline) inCluster(d *corpus.Document) bool {
	return d.Cluster != 0 && (d.Cluster != d.ID || o.flagged[d.ID] || o.sizes[d.ID] > 1)
}

// note records d as read from the feed.
func (o *offline) note(d *corpus.Document) {
	o.seq = max(o.seq, d.Seq)
	if d.Cluster != 0 && d.Cluster != d.ID {
		o.flagged[d.Cluster] = true
	}
}

// segment is the documents of one builder batch, ready to index.
type segment struct {
	ids  []string
	docs []map[string]any
	n    int // store documents read (progress)
}

// build reads the feed and gives every document to the builder once; it
// returns how many store documents it read.
func (o *offline) build(ctx context.Context, path string, store index.Store, progress func(int)) (int, error) {
	avg := 0
	first, err := changedBounded(ctx, store, o.seq, &avg)
	if err != nil {
		return 0, fmt.Errorf("read changes: %w", err)
	}
	if len(first) == 0 {
		return 0, nil
	}
	perSegment := max(1, segmentBytes/avg)
	b, err := bleve.NewBuilder(path, packingMapping{newMapping(fednewsSchema)}, map[string]any{
		"batchSize":           perSegment,
		"buildPathPrefix":     path, // beside the index: renamed into it at the end, removed with it on failure
		"forceSegmentType":    offlineSegmentType,
		"forceSegmentVersion": int(offlineSegments.Version()),
		"mergeMax":            offlineMergeMax,
	})
	if err != nil {
		return 0, fmt.Errorf("start offline build at %s: %w", path, err)
	}
	ch := make(chan segment, 1)
	var readErr error
	go func() {
		defer close(ch)
		docs := first
		for len(docs) > 0 && ctx.Err() == nil {
			seg, err := o.segment(ctx, store, docs)
			if err != nil {
				readErr = err
				return
			}
			select {
			case ch <- seg:
			case <-ctx.Done():
				return
			}
			if docs, err = changedBounded(ctx, store, o.seq, &avg); err != nil {
				readErr = fmt.Errorf("read changes after %d: %w", o.seq, err)
				return
			}
		}
	}()
	total := 0
	var werr error
	for seg := range ch {
		for i := 0; i < len(seg.ids) && werr == nil; i++ {
			werr = b.Index(seg.ids[i], seg.docs[i])
		}
		if werr != nil {
			break
		}
		total += seg.n
		if progress != nil {
			progress(total)
		}
	}
	for range ch { // after a write error, let the reader finish
	}
	err = errors.Join(readErr, werr, ctx.Err())
	if err == nil {
		if err = b.Close(); err != nil {
			err = fmt.Errorf("merge segments: %w", err)
		} else {
			err = zapSegmentsInRoot(path)
		}
	}
	offlineSegments.drain(path) // a build that stopped leaves no writer behind
	return total, err
}

// segment reads the figures of docs and builds their bleve documents;
// what was already given to the builder waits for the last batch.
func (o *offline) segment(ctx context.Context, store index.Store, docs []*corpus.Document) (segment, error) {
	seg := segment{n: len(docs)}
	var fresh []*corpus.Document
	for _, d := range docs {
		o.note(d)
		if o.seen[d.ID] {
			o.again[d.ID] = d
			continue
		}
		o.seen[d.ID] = true
		fresh = append(fresh, d)
	}
	entries, err := withFigures(ctx, store, fresh)
	if err != nil {
		return seg, err
	}
	for i := range entries {
		d := entries[i].Doc
		entries[i].InCluster = o.inCluster(d)
		if entries[i].InCluster {
			o.internal[clustersKey] = "1"
		} else if d.Cluster == d.ID {
			o.alone[d.ID] = true
		}
		seg.ids = append(seg.ids, docID(d.ID))
	}
	seg.docs = docFields(entries, fednewsSchema)
	return seg, nil
}

// finish indexes again what the builder could not take (rewritten
// documents, heads that turned out to lead a cluster) and writes the
// index state.
func (o *offline) finish(ctx context.Context, bi bleve.Index, store index.Store) error {
	for head := range o.alone {
		if !o.flagged[head] || o.again[head] != nil {
			continue
		}
		d, err := store.Get(ctx, head)
		if errors.Is(err, corpus.ErrNotFound) {
			continue
		}
		if err != nil {
			return fmt.Errorf("cluster head %d: %w", head, err)
		}
		o.again[head] = d
	}
	docs := make([]*corpus.Document, 0, len(o.again))
	for _, d := range o.again {
		docs = append(docs, d)
	}
	entries, err := withFigures(ctx, store, docs)
	if err != nil {
		return err
	}
	for i := range entries {
		entries[i].InCluster = o.inCluster(entries[i].Doc)
	}
	o.internal[seqKey] = strconv.FormatInt(o.seq, 10)
	return addEntries(ctx, bi, fednewsSchema, entries, o.internal)
}
