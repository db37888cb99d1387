package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/export"
)

// apiPageSize is the default number of hits per API page.
const apiPageSize = 20

func (s *Server) search(ctx context.Context, req Request) (*Response, error) {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Limits.Timeout)
	defer cancel()
	return s.cfg.Searcher.Search(ctx, req)
}

func (s *Server) apiSearch(w http.ResponseWriter, r *http.Request) {
	req, err := parseRequest(r.URL.Query(), s.cfg.Limits, apiPageSize)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	res, err := s.search(r.Context(), req)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// DocView is the JSON of GET /api/doc/{id}: the document with its text in
// both forms, its figures (spans are rune offsets into original) and the
// other members of its duplicate cluster.
type DocView struct {
	*corpus.Document
	Figures    []corpus.Figure `json:"figures"`
	Duplicates []Duplicate     `json:"duplicates"`
}

func (s *Server) loadDoc(ctx context.Context, idText string) (*DocView, error) {
	id, err := strconv.ParseInt(idText, 10, 64)
	if err != nil || id <= 0 {
		return nil, badParam("document id %q: want a positive whole number", idText)
	}
	doc, err := s.cfg.Store.Get(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("get document %d: %w", id, err)
	}
	figs, err := s.cfg.Store.Figures(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("figures of document %d: %w", id, err)
	}
	v := &DocView{Document: doc, Figures: figs, Duplicates: []Duplicate{}}
	if v.Figures == nil {
		v.Figures = []corpus.Figure{}
	}
	if doc.Cluster != 0 {
		members, err := s.cfg.Store.ClusterMembers(ctx, doc.Cluster)
		if err != nil {
			return nil, fmt.Errorf("duplicates of document %d: %w", id, err)
		}
		for _, m := range members {
			if m.ID != doc.ID {
				v.Duplicates = append(v.Duplicates, Duplicate{ID: m.ID, Title: m.Title, URL: m.URL})
			}
		}
	}
	return v, nil
}

func (s *Server) apiDoc(w http.ResponseWriter, r *http.Request) {
	v, err := s.loadDoc(r.Context(), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

// exportPageSize is how many hits the export asks for at a time while
// collecting a query's documents.
const exportPageSize = 500

// exportIDs returns the documents of req for an export: nil (every
// document) when req selects nothing, else the IDs of all hits.
func (s *Server) exportIDs(ctx context.Context, req Request) ([]int64, error) {
	if req.Query == "" && len(req.Filters) == 0 && req.From.IsZero() && req.To.IsZero() {
		return nil, nil
	}
	req.Facets, req.Size, req.Sort = nil, exportPageSize, "date"
	ids := []int64{}
	for req.Page = 1; ; req.Page++ {
		res, err := s.search(ctx, req)
		if err != nil {
			return nil, err
		}
		if res.Total > s.cfg.Limits.MaxExportDocs {
			return nil, errTooLarge{res.Total, s.cfg.Limits.MaxExportDocs}
		}
		for _, h := range res.Hits {
			ids = append(ids, h.ID)
		}
		if len(res.Hits) < req.Size || len(ids) >= res.Total {
			return ids, nil
		}
	}
}

type errTooLarge struct{ total, limit int }

func (e errTooLarge) Error() string {
	return fmt.Sprintf("the query matches %d documents; a download covers at most %d: narrow the query or use fednews export", e.total, e.limit)
}

func (s *Server) apiExport(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	req, err := parseRequest(q, s.cfg.Limits, apiPageSize)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	what := q.Get("what")
	if what == "" {
		what = "figures"
	}
	if what != "figures" && what != "documents" {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("what %q: want figures or documents", what))
		return
	}
	ids, err := s.exportIDs(r.Context(), req)
	var tooLarge errTooLarge
	if errors.As(err, &tooLarge) {
		writeError(w, http.StatusRequestEntityTooLarge, tooLarge.Error())
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	opt := export.Options{Format: export.CSV, BOM: q.Get("bom") != "0", MaxRows: s.cfg.Limits.MaxExportRows,
		From: req.From, To: req.To, Places: s.cfg.Places}
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
