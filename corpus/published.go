package corpus

import (
	"context"
	"fmt"
	"time"
)

// PublishedDates returns the publication time of every document that has
// one, by ID: two columns of every row, cheap enough to reload when the
// store changes (research trends count hits per day and week with it).
func (s *Store) PublishedDates(ctx context.Context) (map[int64]time.Time, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, published FROM documents WHERE published <> ''`)
	if err != nil {
		return nil, fmt.Errorf("published dates: %w", err)
	}
	defer rows.Close()
	out := map[int64]time.Time{}
	for rows.Next() {
		var id int64
		var p string
		if err := rows.Scan(&id, &p); err != nil {
			return nil, fmt.Errorf("published dates: %w", err)
		}
		t, err := parseTime(p)
		if err != nil {
			return nil, fmt.Errorf("published date of document %d: %w", id, err)
		}
		out[id] = t
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("published dates: %w", err)
	}
	return out, nil
}
