package export

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/fednews/fednews/corpus"
)

// StorySizer counts the copies of the stories (duplicate clusters) that
// have more than one, by cluster; *corpus.Store is one.
type StorySizer interface {
	StorySizes(ctx context.Context) (map[int64]int, error)
}

// FigureSource streams figures with their documents; *corpus.Store is one.
type FigureSource interface {
	StorySizer
	EachFigure(ctx context.Context, ids []int64, fn func(doc *corpus.Document, f corpus.Figure) error) error
}

// DocumentSource reads documents one at a time or in pages of the change
// feed; *corpus.Store is one.
type DocumentSource interface {
	StorySizer
	Get(ctx context.Context, id int64) (*corpus.Document, error)
	Changed(ctx context.Context, afterSeq int64, limit int) ([]*corpus.Document, error)
}

// docPage is how many documents a documents export reads at a time.
const docPage = 200

// Figures writes the figures of the documents ids (every document when ids
// is nil) to w, one row per figure with FigureColumns, and returns the
// number of rows written. Memory does not grow with the number of rows.
func Figures(ctx context.Context, w io.Writer, src FigureSource, ids []int64, opt Options) (int, error) {
	rw, err := newRowWriter(w, FigureColumns, opt)
	if err != nil {
		return 0, err
	}
	sizes, err := src.StorySizes(ctx)
	if err != nil {
		return 0, fmt.Errorf("count the copies of each story: %w", err)
	}
	var (
		lastDoc int64 = -1
		keep    bool
		place   []any
	)
	err = src.EachFigure(ctx, ids, func(doc *corpus.Document, f corpus.Figure) error {
		if doc.ID != lastDoc {
			lastDoc = doc.ID
			if keep = opt.keep(doc, ids != nil); keep {
				place = entityCells(doc)
			}
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if !keep {
			return nil
		}
		cells := append(append([]any{doc.ID, doc.URL, doc.Title, doc.Source, day(doc.Published)}, place...),
			f.Kind, f.Text, f.Value, f.ValueMax, f.Unit, f.Qualifier,
			f.Date, f.DateEnd, f.PeriodStart, f.PeriodEnd, f.Subject, f.Topic, f.Sentence, f.Start, f.End)
		return rw.write(append(cells, storyCells(doc, sizes)...)...)
	})
	return finish(rw, err)
}

// Documents writes the documents ids (every document, in store order, when
// ids is nil) to w, one row per document with DocumentColumns, and returns
// the number of rows written. Documents are read a page at a time.
func Documents(ctx context.Context, w io.Writer, src DocumentSource, ids []int64, opt Options) (int, error) {
	rw, err := newRowWriter(w, DocumentColumns, opt)
	if err != nil {
		return 0, err
	}
	sizes, err := src.StorySizes(ctx)
	if err != nil {
		return 0, fmt.Errorf("count the copies of each story: %w", err)
	}
	each := func(doc *corpus.Document) error {
		if !opt.keep(doc, ids != nil) {
			return nil
		}
		fetched := ""
		if !doc.FetchedAt.IsZero() {
			fetched = doc.FetchedAt.UTC().Format(time.RFC3339)
		}
		cells := append(append([]any{doc.ID, doc.URL, doc.Title, doc.Source, doc.Author, day(doc.Published)},
			entityCells(doc)...), string(doc.Script))
		cells = append(cells, storyCells(doc, sizes)...)
		return rw.write(append(cells, fetched, doc.Original)...)
	}
	if ids != nil {
		for _, id := range ids {
			doc, err := src.Get(ctx, id)
			if errors.Is(err, corpus.ErrNotFound) {
				continue // deleted since the search that listed it
			}
			if err != nil {
				return finish(rw, fmt.Errorf("read document %d: %w", id, err))
			}
			if err := each(doc); err != nil {
				return finish(rw, err)
			}
		}
		return finish(rw, nil)
	}
	var after int64
	for {
		docs, err := src.Changed(ctx, after, docPage)
		if err != nil {
			return finish(rw, fmt.Errorf("read documents after seq %d: %w", after, err))
		}
		if len(docs) == 0 {
			return finish(rw, nil)
		}
		for _, doc := range docs {
			if err := each(doc); err != nil {
				return finish(rw, err)
			}
			after = doc.Seq
		}
	}
}

// finish flushes what was written, also after an error, so a truncated
// export still ends with whole rows.
func finish(rw *rowWriter, err error) (int, error) {
	if ferr := rw.flush(); err == nil && ferr != nil {
		err = fmt.Errorf("write export: %w", ferr)
	}
	return rw.n, err
}
