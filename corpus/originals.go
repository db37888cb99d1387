package corpus

import (
	"context"
	"fmt"
)

// Originals returns the original bodies of the documents ids that the
// store holds, by ID: what an index shows snippets from (index.Texts),
// without reading the rest of each document.
func (s *Store) Originals(ctx context.Context, ids []int64) (map[int64]string, error) {
	out := make(map[int64]string, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	in, arg, err := s.db.d.DocIn(ids)
	if err != nil {
		return nil, fmt.Errorf("original texts: %w", err)
	}
	// DocIn names the column doc_id; the subquery, which both engines
	// flatten, lets the lookup use documents' primary key.
	rows, err := s.db.QueryContext(ctx, `SELECT doc_id, original FROM (SELECT id AS doc_id, original FROM documents) d WHERE `+in, arg)
	if err != nil {
		return nil, fmt.Errorf("original texts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var text string
		if err := rows.Scan(&id, &text); err != nil {
			return nil, fmt.Errorf("original texts: %w", err)
		}
		out[id] = text
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("original texts: %w", err)
	}
	return out, nil
}
