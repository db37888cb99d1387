package research

import (
	"cmp"
	"context"
	"slices"

	"github.com/fednews/fednews/corpus"
)

// Watches is what saved searches need of the store; *corpus.Store is one.
type Watches interface {
	Watch(ctx context.Context, name string) (corpus.Watch, error)
	ChangedIDs(ctx context.Context, afterSeq, upToSeq int64) (map[int64]bool, error)
	MarkWatchSeen(ctx context.Context, name string, seq int64) error
}

// NewStories returns the stories of w's query written to the store since
// it was last listed (after w.SeenSeq), newest first, as the index finds
// them now: a story updated since counts as new again. Only writes the
// index has caught up with count (up to its change sequence), so a story
// stored but not yet indexed is listed next time, never lost. With mark
// set it records them as listed: that sequence becomes the watch's
// high-water mark.
func (e *Engine) NewStories(ctx context.Context, ws Watches, w corpus.Watch, mark bool) ([]*corpus.Document, error) {
	seq, err := e.ix.Seq()
	if err != nil {
		return nil, err
	}
	changed, err := ws.ChangedIDs(ctx, w.SeenSeq, seq)
	if err != nil {
		return nil, err
	}
	var docs []*corpus.Document
	if len(changed) > 0 {
		ids, err := e.ix.IDs(ctx, Scope{}.request(w.Query), 0)
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			if !changed[id] {
				continue
			}
			d, err := e.st.Get(ctx, id)
			if err != nil {
				return nil, err
			}
			docs = append(docs, d)
		}
	}
	slices.SortFunc(docs, func(a, b *corpus.Document) int {
		if c := b.Published.Compare(a.Published); c != 0 {
			return c
		}
		return cmp.Compare(b.ID, a.ID)
	})
	if mark {
		if err := ws.MarkWatchSeen(ctx, w.Name, seq); err != nil {
			return nil, err
		}
	}
	return docs, nil
}
