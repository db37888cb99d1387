package bleveindex

import (
	"context"
	"fmt"

	"github.com/fednews/fednews/index"
)

// DocFreqs answers index.Backend's DocFreqs from the body field's term
// dictionary: one postings-list lookup per word, whatever the size of the
// corpus.
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
		tfr, err := r.TermFieldReader(ctx, []byte(index.Fold(w)), fBodyWords, false, false, false)
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
