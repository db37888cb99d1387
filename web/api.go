package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/export"
	"github.com/fednews/fednews/index"
)

// apiPageSize is the default number of hits per API page.
const apiPageSize = 20

// search runs req with the request timeout, at most Limits.MaxSearches at
// a time: more would only share the same cores and memory, and make every
// search slower.
func (s *Server) search(ctx context.Context, req index.Request) (*index.Response, error) {
	ctx, release, err := s.slot(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	return s.cfg.Searcher.Search(ctx, req)
}

// ids lists the documents an export covers, under the same limits as a search.
func (s *Server) ids(ctx context.Context, req index.Request) ([]int64, error) {
	ctx, release, err := s.slot(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	return s.cfg.Searcher.IDs(ctx, req, s.cfg.Limits.MaxExportDocs)
}

// slot waits for one of the server's search slots, within the search
// timeout; release gives it back.
func (s *Server) slot(ctx context.Context) (_ context.Context, release func(), _ error) {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Limits.Timeout)
	select {
	case s.searching <- struct{}{}:
		return ctx, func() { <-s.searching; cancel() }, nil
	case <-ctx.Done():
		cancel()
		return nil, nil, ctx.Err()
	}
}

func (s *Server) apiSearch(w http.ResponseWriter, r *http.Request) {
	v, err := urlParams(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q, err := parseQuery(v, s.cfg.Limits, apiPageSize)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	req := q.request()
	req.Histogram = v.Get("histogram") == "1"
	res, err := s.search(r.Context(), req)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q.facetSizes(res, 10) // index.Request's default
	writeJSON(w, http.StatusOK, res)
}

// DocView is the JSON of GET /api/doc/{id}: the document with part Part
// of each of its texts (runes [TextOffset, TextOffset+part size) of each;
// ?part=N, with NextPart the address of the next), its figures from
// FiguresOffset (spans are rune offsets into the whole original;
// ?figures_offset=N&figures_limit=M, with NextFigures the address of the
// next ones) and the other members of its duplicate cluster.
type DocView struct {
	*corpus.Document
	Lengths       corpus.TextLengths `json:"lengths"` // runes of the whole texts
	Part          int                `json:"part"`
	Parts         int                `json:"parts"`
	TextOffset    int                `json:"text_offset"`
	NextPart      string             `json:"next_part,omitempty"`
	Figures       []corpus.Figure    `json:"figures"`
	FiguresTotal  int                `json:"figures_total"`
	FiguresOffset int                `json:"figures_offset"`
	NextFigures   string             `json:"next_figures,omitempty"`
	Duplicates    []index.Duplicate  `json:"duplicates"`
	figureNumbers []int              // each figure's number in the document
}

func (s *Server) apiDoc(w http.ResponseWriter, r *http.Request) {
	uv, err := urlParams(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	win, err := apiWindow(uv)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v, release, err := s.loadDocBounded(r.Context(), r.PathValue("id"), win)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	defer release()
	v.setNextLinks(win)
	writeJSON(w, http.StatusOK, v)
}

func (s *Server) apiExport(w http.ResponseWriter, r *http.Request) {
	v, err := urlParams(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q, err := parseQuery(v, s.cfg.Limits, apiPageSize)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	what := v.Get("what")
	if what == "" {
		what = "figures"
	}
	if what != "figures" && what != "documents" {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("what %q: want figures or documents", what))
		return
	}
	// The same choice as fednews export, so that both export the same rows.
	opt := export.Options{Format: export.CSV, BOM: v.Get("bom") != "0", MaxRows: s.cfg.Limits.MaxExportRows,
		Stories: !q.All}
	var ids []int64 // nil: every document (every story without all=1)
	if q.selects() {
		ids, err = s.ids(r.Context(), q.request()) // the search bounds the dates
	} else {
		opt.From, opt.To = q.From, q.To
	}
	var tooMany *index.TooManyError
	if errors.As(err, &tooMany) {
		writeError(w, http.StatusRequestEntityTooLarge, tooMany.Error()+" or use fednews export")
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="fednews-%s.csv"`, what))
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Trailer", "X-Fednews-Rows, X-Fednews-Truncated")
	var n int
	if what == "figures" {
		n, err = export.Figures(r.Context(), w, s.cfg.Store, ids, opt)
	} else {
		n, err = export.Documents(r.Context(), w, s.cfg.Store, ids, opt)
	}
	// The status line is gone once rows stream: trailers and the log say
	// whether the file is whole.
	w.Header().Set("X-Fednews-Rows", strconv.Itoa(n))
	w.Header().Set("X-Fednews-Truncated", strconv.FormatBool(err != nil))
	switch {
	case errors.Is(err, export.ErrTooMany):
		s.cfg.Logger.Warn("export truncated at the row limit", "rows", n, "query", r.URL.RawQuery)
	case err != nil:
		s.cfg.Logger.Error("export failed", "rows", n, "query", r.URL.RawQuery, "err", err)
	}
}
