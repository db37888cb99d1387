package extract

import (
	"context"
	"errors"
	"fmt"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/index/gazetteer"
	"github.com/fednews/fednews/zh"
)

// Version identifies what the extractor produces. Raise it with any change
// that alters the records extracted from the same text (a new construct, a
// fixed value): stores then redo the figures an older version wrote
// (Refresh), so that exports never mix old and new readings of a text.
const Version = 4 // 2: U+2212 read as a minus; time context, measure words, periods and topics; 3: topic precedence, listed periods, subjects on word boundaries; 4: tax, credit, revenue and other cue words, 帮助 only with someone in need, money reads the cue after it

// OfDocument returns the figures of a prepared document (corpus.Prepare
// gives n), records this extractor's version on it and sets its
// entities (Entities), which the Store writes with it.
func OfDocument(doc *corpus.Document, n zh.Result) []corpus.Figure {
	doc.Extractor = Version
	doc.Entities = entitiesOf(doc, n)
	return Figures(doc.Original, n, Options{Published: doc.Published})
}

// refreshBatch is the number of documents Refresh reads at a time.
const refreshBatch = 200

// Refresh re-extracts the figures and entities of every document in st
// that an older extractor version (or older entity rules) wrote, one
// transaction per document: an interrupted
// refresh keeps what it redid, and the next one goes on from there.
// progress, when set, is called after each batch with the documents done
// and the total. Refresh returns the number of documents redone.
func Refresh(ctx context.Context, st corpus.FigureRefresher, progress func(done, total int)) (int, error) {
	total, err := st.CountOlderFigures(ctx, Version, EntitiesVersion)
	if err != nil || total == 0 {
		return 0, err
	}
	if _, err := gazetteer.Default(); err != nil {
		return 0, fmt.Errorf("refresh figures: load the gazetteer to find places and organizations: %w", err)
	}
	done := 0
	var after int64
	for {
		docs, err := st.OlderFigures(ctx, Version, EntitiesVersion, after, refreshBatch)
		if err != nil {
			return done, fmt.Errorf("refresh figures: %w", err)
		}
		if len(docs) == 0 {
			return done, nil
		}
		for _, d := range docs {
			if err := ctx.Err(); err != nil {
				return done, fmt.Errorf("refresh figures: %w", err)
			}
			after = d.ID
			n := zh.Normalize(d.Original, zh.AllSteps)
			figs := OfDocument(d, n)
			err := st.ReplaceFigures(ctx, d.ID, d.Seq, figs, Version, d.Entities)
			if errors.Is(err, corpus.ErrChanged) || errors.Is(err, corpus.ErrNotFound) {
				continue // written or removed since it was read: its writer stored its figures
			}
			if err != nil {
				return done, fmt.Errorf("refresh figures: %w", err)
			}
			done++
		}
		if progress != nil {
			progress(done, total)
		}
	}
}
