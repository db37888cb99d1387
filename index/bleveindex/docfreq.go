package bleveindex

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2"

	"github.com/fednews/fednews/index"
)

// DocFreqs answers index.Backend's DocFreqs from the body's bigram
// postings: the documents a search for the word in the body finds. A
// word of two runes is one term, whose document count the dictionary
// holds; a longer or shorter one is counted as its exact phrase query.
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
		rs := []rune(index.Fold(w))
		if len(rs) == 0 {
			out[w] = 0
			continue
		}
		if len(rs) != 2 {
			res, err := ix.bi.SearchInContext(ctx, bleve.NewSearchRequestOptions(phrase(rs, fBodyBi), 0, 0, false))
			if err != nil {
				return nil, 0, readError(ix.dir, "doc freqs", err)
			}
			out[w] = int(res.Total)
			continue
		}
		tfr, err := r.TermFieldReader(ctx, []byte(string(rs)), fBodyBi, false, false, false)
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
