package corpus

import (
	"context"
	"database/sql"
	"fmt"
)

// FiguresForIndex returns the figures of the documents ids, by document
// and in text order, with only what a search index takes of them: kind,
// value, maximum, unit, period and topic. EachFigure reads each figure's
// document and sentence too, which was a tenth of an index rebuild.
func (s *Store) FiguresForIndex(ctx context.Context, ids []int64) (map[int64][]Figure, error) {
	out := map[int64][]Figure{}
	if len(ids) == 0 {
		return out, nil
	}
	in, arg, err := s.db.d.DocIn(ids)
	if err != nil {
		return nil, fmt.Errorf("figures for the index: %w", err)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT doc_id, kind, value, value_max, unit, period_start, period_end, topic
		FROM figures WHERE `+in+` ORDER BY doc_id, ord`, arg)
	if err != nil {
		return nil, fmt.Errorf("figures for the index: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var doc int64
		var f Figure
		var v, vm sql.NullFloat64
		if err := rows.Scan(&doc, &f.Kind, &v, &vm, &f.Unit, &f.PeriodStart, &f.PeriodEnd, &f.Topic); err != nil {
			return nil, fmt.Errorf("figures for the index: %w", err)
		}
		fillFloats(&f, v, vm)
		out[doc] = append(out[doc], f)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("figures for the index: %w", err)
	}
	return out, nil
}
