package index

import (
	"context"
	"fmt"
)

// DocFreqs returns, for each word, the number of indexed documents whose
// body holds it as a segmenter word (every copy of a story counts), and
// the number of documents in the index. It reads the body field's term
// dictionary, so it costs one postings-list lookup per word whatever the
// size of the corpus: the background counts of research top terms.
func (ix *Index) DocFreqs(ctx context.Context, words []string) (_ map[string]int, docs int, err error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	defer guard(ix.dir, &err)()
	if ix.bi == nil {
		return nil, 0, fmt.Errorf("doc freqs: index is closed")
	}
	adv, err := ix.bi.Advanced()
	if err != nil {
		return nil, 0, readError(ix.dir, "doc freqs", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, 0, readError(ix.dir, "doc freqs", err)
	}
	defer r.Close()
	n, err := r.DocCount()
	if err != nil {
		return nil, 0, readError(ix.dir, "doc freqs", err)
	}
	out := make(map[string]int, len(words))
	for _, w := range words {
		if err := ctx.Err(); err != nil {
			return nil, 0, err
		}
		tfr, err := r.TermFieldReader(ctx, []byte(fold(w)), fBodyWords, false, false, false)
		if err != nil {
			return nil, 0, readError(ix.dir, "doc freqs", err)
		}
		out[w] = int(tfr.Count())
		if err := tfr.Close(); err != nil {
			return nil, 0, readError(ix.dir, "doc freqs", err)
		}
	}
	return out, int(n), nil
}
