package bleveindex

import (
	"context"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/index"
)

// batchBytes bounds the text of the documents in one batch. bleve holds a
// batch's analysis (every token of every field, with positions, and 16
// terms per figure value) until the batch is written: 1,000 articles of
// 7.5 KB made the index of 2,000 documents peak at 2.5 GB, 2 MB batches
// still at 3.6 GB. Bounded by bytes, a batch of short articles still
// holds up to batchSize of them.
const batchBytes = 512 << 10

// changedBounded returns the documents changed after seq, in sequence
// order, as many as fit in batchBytes of text (at least one, at most
// batchSize). avg carries the mean document size between calls, so that
// the store is asked for about as many as will fit; the first call asks
// for firstLimit, as the documents may be huge.
func changedBounded(ctx context.Context, store corpus.Feed, seq int64, avg *int) ([]*corpus.Document, error) {
	const firstLimit = 64
	limit := firstLimit
	if *avg > 0 {
		limit = min(batchSize, max(1, batchBytes / *avg + 1))
	}
	docs, err := store.Changed(ctx, seq, limit)
	if err != nil || len(docs) == 0 {
		return docs, err
	}
	bytes, n := 0, 0
	for n < len(docs) && (n == 0 || bytes+docBytes(docs[n]) <= batchBytes) {
		bytes += docBytes(docs[n])
		n++
	}
	*avg = max(1, bytes/n)
	return docs[:n], nil
}

// docBytes is what a document's fields cost to analyze, about: its title
// and its text, both capped as the index caps them.
func docBytes(d *corpus.Document) int {
	return min(len(d.Title), 4*index.MaxIndexedRunes) + min(len(d.Original), 4*index.MaxIndexedRunes)
}
