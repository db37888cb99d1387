package corpus

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// The reads of this file serve one document's page a part at a time: an
// article is a few thousand characters, but a 15 MB one-line "article" has
// ~300,000 figures, and loading all of it for each request made six
// readers of it take 2.4 GB.

// TextLengths are the lengths in runes of a document's two texts.
type TextLengths struct {
	Original   int `json:"original"`
	Normalized int `json:"normalized"`
}

// GetPart returns document id with Original and Normalized each cut to
// their runes [start, start+n), and the rune lengths of the whole texts.
// SQLite cuts the texts, so only the part reaches Go's memory.
func (s *Store) GetPart(ctx context.Context, id int64, start, n int) (*Document, TextLengths, error) {
	start, n = max(start, 0), max(n, 0)
	cols := strings.Replace(docColumns, "original, normalized",
		"substr(original, ?1, ?2), substr(normalized, ?1, ?2)", 1)
	var lens TextLengths
	row := s.db.QueryRowContext(ctx, `SELECT `+cols+`, length(original), length(normalized) FROM documents WHERE id = ?3`,
		start+1, n, id)
	d, err := scanDocument(scanWith{row, []any{&lens.Original, &lens.Normalized}})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, lens, fmt.Errorf("document %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, lens, fmt.Errorf("get part of document %d: %w", id, err)
	}
	return d, lens, nil
}

// scanWith scans a row whose columns are a document's and then extra.
type scanWith struct {
	sc    scanner
	extra []any
}

func (s scanWith) Scan(dest ...any) error { return s.sc.Scan(append(dest, s.extra...)...) }

// ClusterHeads returns the documents of a duplicate cluster without their
// texts (Original and Normalized empty), oldest first.
func (s *Store) ClusterHeads(ctx context.Context, cluster int64) ([]*Document, error) {
	cols := strings.Replace(docColumns, "original, normalized", "'', ''", 1)
	docs, err := s.collectDocuments(ctx, `SELECT `+cols+` FROM documents WHERE cluster = ? ORDER BY id`, cluster)
	if err != nil {
		return nil, fmt.Errorf("cluster %d: %w", cluster, err)
	}
	return docs, nil
}

// FigureWindow selects figures of one document: those whose span lies in
// the runes [From, To) of its original text (To 0: up to its end), in text
// order, skipping the first Offset and returning at most Limit.
type FigureWindow struct {
	From, To      int
	Offset, Limit int
}

// FigurePage is the figures a FigureWindow selects.
type FigurePage struct {
	Figures []Figure
	Numbers []int // each figure's number in the whole document, from 1 in text order
	Total   int   // figures in the window's span, before Offset and Limit
}

// FigurePage returns the figures of document docID that w selects. Only
// those reach Go's memory, however many the document has.
func (s *Store) FigurePage(ctx context.Context, docID int64, w FigureWindow) (FigurePage, error) {
	where := `f.doc_id = ? AND f.start >= ?`
	args := []any{docID, max(w.From, 0)}
	if w.To > 0 {
		where += ` AND f."end" <= ?`
		args = append(args, w.To)
	}
	var p FigurePage
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM figures f WHERE `+where, args...).Scan(&p.Total); err != nil {
		return p, fmt.Errorf("figures of %d: %w", docID, err)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT f.ord, `+figureColumns+` FROM figures f WHERE `+where+` ORDER BY f.ord LIMIT ? OFFSET ?`,
		append(args, max(w.Limit, 0), max(w.Offset, 0))...)
	if err != nil {
		return p, fmt.Errorf("figures of %d: %w", docID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var f Figure
		var ord int
		var v, vm sql.NullFloat64
		if err := rows.Scan(append([]any{&ord}, figureDest(&f, &v, &vm)...)...); err != nil {
			return p, fmt.Errorf("figures of %d: %w", docID, err)
		}
		fillFloats(&f, v, vm)
		p.Figures = append(p.Figures, f)
		p.Numbers = append(p.Numbers, ord+1)
	}
	if err := rows.Err(); err != nil {
		return p, fmt.Errorf("figures of %d: %w", docID, err)
	}
	return p, nil
}

// TextBytes returns the bytes of document id's two texts, without reading
// them (octet_length needs only the record header): what a read of either
// costs SQLite, which loads a whole value even to cut a part of it.
func (s *Store) TextBytes(ctx context.Context, id int64) (int64, error) {
	var n int64
	err := s.db.QueryRowContext(ctx, `SELECT octet_length(original) + octet_length(normalized) FROM documents WHERE id = ?`, id).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("document %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return 0, fmt.Errorf("size of document %d: %w", id, err)
	}
	return n, nil
}
