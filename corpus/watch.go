package corpus

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Watch is a saved search: a query whose new stories are listed after
// each ingest. SeenSeq is the store change sequence up to which they were
// last listed.
type Watch struct {
	Name    string    `json:"name"`
	Query   string    `json:"query"`
	Created time.Time `json:"created"`
	SeenSeq int64     `json:"seen_seq"`
}

// ErrWatchExists is matched when a saved search of that name exists.
var ErrWatchExists = errors.New("a saved search of that name exists")

// AddWatch saves a search. Its new stories are those written after now:
// SeenSeq starts at the store's current change sequence.
func (s *Store) AddWatch(ctx context.Context, name, query string) (Watch, error) {
	name, query = strings.TrimSpace(name), strings.TrimSpace(query)
	if name == "" || query == "" {
		return Watch{}, fmt.Errorf("add watch: give a NAME and a QUERY")
	}
	seq, err := s.MaxSeq(ctx)
	if err != nil {
		return Watch{}, err
	}
	w := Watch{Name: name, Query: query, Created: time.Now().UTC(), SeenSeq: seq}
	res, err := s.db.ExecContext(ctx, `INSERT INTO watches (name, query, created, seen_seq) VALUES (?, ?, ?, ?)
		ON CONFLICT(name) DO NOTHING`, w.Name, w.Query, formatTime(w.Created), w.SeenSeq)
	if err != nil {
		return Watch{}, fmt.Errorf("add watch %q: %w", name, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return Watch{}, fmt.Errorf("add watch %q: %w (`fednews watch rm %s` first)", name, ErrWatchExists, name)
	}
	return w, nil
}

// Watch returns the saved search name, or an error matching ErrNotFound.
func (s *Store) Watch(ctx context.Context, name string) (Watch, error) {
	ws, err := s.watches(ctx, `WHERE name = ?`, name)
	if err != nil {
		return Watch{}, err
	}
	if len(ws) == 0 {
		return Watch{}, fmt.Errorf("saved search %q: %w (`fednews watch list` lists them)", name, ErrNotFound)
	}
	return ws[0], nil
}

// Watches returns every saved search, by name.
func (s *Store) Watches(ctx context.Context) ([]Watch, error) { return s.watches(ctx, ``) }

func (s *Store) watches(ctx context.Context, where string, args ...any) ([]Watch, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT name, query, created, seen_seq FROM watches `+where+` ORDER BY name`, args...)
	if err != nil {
		return nil, fmt.Errorf("saved searches: %w", err)
	}
	defer rows.Close()
	var out []Watch
	for rows.Next() {
		var w Watch
		var created string
		if err := rows.Scan(&w.Name, &w.Query, &created, &w.SeenSeq); err != nil {
			return nil, fmt.Errorf("saved searches: %w", err)
		}
		if w.Created, err = parseTime(created); err != nil {
			return nil, fmt.Errorf("saved search %q: %w", w.Name, err)
		}
		out = append(out, w)
	}
	return out, rows.Err()
}

// RemoveWatch deletes a saved search, or returns an error matching ErrNotFound.
func (s *Store) RemoveWatch(ctx context.Context, name string) error {
	res, err := s.db.ExecContext(ctx, `DELETE FROM watches WHERE name = ?`, name)
	if err != nil {
		return fmt.Errorf("remove saved search %q: %w", name, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("saved search %q: %w (`fednews watch list` lists them)", name, ErrNotFound)
	}
	return nil
}

// ChangedIDs returns the IDs of the documents whose last write has a
// change sequence in (afterSeq, upToSeq].
func (s *Store) ChangedIDs(ctx context.Context, afterSeq, upToSeq int64) (map[int64]bool, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id FROM documents WHERE seq > ? AND seq <= ?`, afterSeq, upToSeq)
	if err != nil {
		return nil, fmt.Errorf("changed documents: %w", err)
	}
	defer rows.Close()
	out := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("changed documents: %w", err)
		}
		out[id] = true
	}
	return out, rows.Err()
}

// MarkWatchSeen records that the new stories of name up to seq were listed.
func (s *Store) MarkWatchSeen(ctx context.Context, name string, seq int64) error {
	if _, err := s.db.ExecContext(ctx, `UPDATE watches SET seen_seq = MAX(seen_seq, ?) WHERE name = ?`, seq, name); err != nil {
		return fmt.Errorf("saved search %q: %w", name, err)
	}
	return nil
}
