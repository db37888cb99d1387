package corpus

import (
	"context"
	"fmt"
)

// Originals returns the original bodies of the documents ids that the
// store holds, by ID: what an index shows snippets from (index.Texts),
// without reading the rest of each document.
func (s *Store) Originals(ctx context.Context, ids []int64) (map[int64]string, error) {
	if len(ids) == 0 {
		return map[int64]string{}, nil
	}
	in, arg, err := s.db.d.DocIn(ids)
	if err != nil {
		return nil, fmt.Errorf("original texts: %w", err)
	}
	// DocIn names the column doc_id; the subquery, which both engines
	// flatten, lets the lookup use documents' primary key.
	return idMap[string](ctx, s.db, "original texts", `SELECT doc_id, original FROM (SELECT id AS doc_id, original FROM documents) d WHERE `+in, arg)
}
