package corpus

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// FigureValue is what the figure explorer sums on of one figure with a
// value: a few columns, so that reading every figure of a large store
// stays one lean pass (EachFigure reads each figure's document too).
type FigureValue struct {
	Doc                    int64
	Kind, Unit, Topic      string
	PeriodStart, PeriodEnd string
	Value                  float64
}

// EachFigureValue calls fn for every figure that has a value of the
// documents changed after the change sequence afterSeq (0: every
// document), by document and order in it.
func (s *Store) EachFigureValue(ctx context.Context, afterSeq int64, fn func(FigureValue) error) error {
	q, args := `SELECT doc_id, kind, unit, topic, period_start, period_end, value FROM figures WHERE value IS NOT NULL`, []any{}
	if afterSeq > 0 {
		q += ` AND doc_id IN (SELECT id FROM documents WHERE seq > ?)`
		args = append(args, afterSeq)
	}
	rows, err := s.db.QueryContext(ctx, q+` ORDER BY doc_id, ord`, args...)
	if err != nil {
		return fmt.Errorf("figure values: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var f FigureValue
		if err := rows.Scan(&f.Doc, &f.Kind, &f.Unit, &f.Topic, &f.PeriodStart, &f.PeriodEnd, &f.Value); err != nil {
			return fmt.Errorf("figure values: %w", err)
		}
		if err := fn(f); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("figure values: %w", err)
	}
	return nil
}

// DocAbout is when a document was published and what it is about.
type DocAbout struct {
	ID        int64
	Published time.Time // zero when unknown
	Entities  *Entities // nil when none were found
}

// EachDocAbout calls fn for every document changed after the change
// sequence afterSeq (0: every document), by ID, with its publication time
// and entities (and not its text).
func (s *Store) EachDocAbout(ctx context.Context, afterSeq int64, fn func(DocAbout) error) error {
	rows, err := s.db.QueryContext(ctx, `SELECT id, published, entities, entities_version FROM documents
		WHERE seq > ? ORDER BY id`, afterSeq)
	if err != nil {
		return fmt.Errorf("documents about: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			d       DocAbout
			pub     string
			ents    sql.NullString
			version int
		)
		if err := rows.Scan(&d.ID, &pub, &ents, &version); err != nil {
			return fmt.Errorf("documents about: %w", err)
		}
		if pub != "" {
			if d.Published, err = parseTime(pub); err != nil {
				return fmt.Errorf("published date of document %d: %w", d.ID, err)
			}
		}
		if d.Entities, err = decodeEntities(ents.String, version); err != nil {
			return fmt.Errorf("document %d: %w", d.ID, err)
		}
		if err := fn(d); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("documents about: %w", err)
	}
	return nil
}
