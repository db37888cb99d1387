package corpus

import (
	"context"
	"fmt"
)

// idMap runs query, whose rows are a document or cluster ID and one value,
// and returns the values by ID; what names the query in its errors.
func idMap[V any](ctx context.Context, c conn, what, query string, args ...any) (map[int64]V, error) {
	rows, err := c.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	out := map[int64]V{}
	for rows.Next() {
		var id int64
		var v V
		if err := rows.Scan(&id, &v); err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		out[id] = v
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return out, nil
}
