// Package web serves the fednews HTTP API and the search page. Pages are
// rendered on the server with html/template, carry no script and are
// served with a Content-Security-Policy that allows none, so article text
// (untrusted) can never run in a reader's browser.
package web

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime"
	"runtime/debug"
	"time"

	"golang.org/x/sync/semaphore"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/export"
	"github.com/fednews/fednews/index"
	"github.com/fednews/fednews/index/gazetteer"
	"github.com/fednews/fednews/internal/buildinfo"
)

//go:embed templates/*.html static
var assets embed.FS

// Store is what the server reads from the store; *corpus.Store is one.
type Store interface {
	export.FigureSource
	export.DocumentSource
	// A document's page and /api/doc load the part they show (see
	// corpus.Store's methods of the same names).
	TextBytes(ctx context.Context, id int64) (int64, error)
	GetPart(ctx context.Context, id int64, start, n int) (*corpus.Document, corpus.TextLengths, error)
	FigurePage(ctx context.Context, docID int64, w corpus.FigureWindow) (corpus.FigurePage, error)
	ClusterHeads(ctx context.Context, cluster int64) ([]*corpus.Document, error)
}

// Limits bound what one request may ask for.
type Limits struct {
	MaxQueryRunes int           // longest query string
	MaxFilters    int           // most filter= parameters
	MaxPageSize   int           // most hits per page
	MaxPage       int           // deepest page
	MaxExportDocs int           // most documents a query export may cover
	MaxExportRows int           // most rows an export writes
	MaxSearches   int           // searches run at once; more wait their turn
	Timeout       time.Duration // per search, waiting included
	// MaxDocBytes bounds the bytes of documents rendered at once (/doc/ID
	// and /api/doc/ID): six clients fetching a 15 MB article must not take
	// gigabytes. More wait their turn, within Timeout.
	MaxDocBytes int
}

// DefaultLimits are the limits used for zero fields of Config.Limits.
var DefaultLimits = Limits{
	MaxQueryRunes: 500,
	MaxFilters:    20,
	MaxPageSize:   100,
	MaxPage:       500,
	MaxExportDocs: 20_000,
	MaxExportRows: 1_000_000,
	MaxSearches:   2 * runtime.GOMAXPROCS(0),
	Timeout:       30 * time.Second,
	MaxDocBytes:   64 << 20,
}

// Config configures a Server.
type Config struct {
	Searcher Searcher
	Store    Store
	Facets   []string // facets shown on the page, in order (default DefaultFacets)
	// Research answers /trend, /kwic, /terms, /figures and their APIs; nil leaves
	// them out.
	Research Researcher
	// Watches gives /feed.atom?watch=NAME its saved search; nil serves
	// feeds of queries only.
	Watches WatchSource
	// Links says how absolute links (the feeds') are written.
	Links  Links
	Limits Limits
	Logger *slog.Logger
}

// DefaultFacets are the facets the page shows.
var DefaultFacets = []string{"year", "province", "city", "county", "org", "source", "kind", "topic", "period"}

// monthFacet is the facet the page's chart of articles per month is drawn from.
const monthFacet = "month"

// Server is the HTTP handler of fednews serve.
type Server struct {
	cfg       Config
	mux       *http.ServeMux
	tmpl      *templates
	searching chan struct{}        // one token per running search
	rendering *semaphore.Weighted  // bytes of documents being rendered
	gaz       *gazetteer.Gazetteer // resolves a document page's query for its marks
}

// New returns a Server for cfg.
func New(cfg Config) (*Server, error) {
	if cfg.Searcher == nil || cfg.Store == nil {
		return nil, errors.New("web: Config needs a Searcher and a Store")
	}
	if err := cfg.Links.check(); err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	cfg.Limits = withDefaults(cfg.Limits, DefaultLimits)
	if cfg.Facets == nil {
		cfg.Facets = DefaultFacets
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	t, err := parseTemplates()
	if err != nil {
		return nil, err
	}
	gaz, err := gazetteer.Default()
	if err != nil {
		return nil, fmt.Errorf("web: load the gazetteer: %w", err)
	}
	s := &Server{cfg: cfg, gaz: gaz, mux: http.NewServeMux(), tmpl: t, searching: make(chan struct{}, cfg.Limits.MaxSearches),
		rendering: semaphore.NewWeighted(int64(cfg.Limits.MaxDocBytes))}
	s.mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(staticFS())))
	s.mux.HandleFunc("GET /healthz", s.healthz)
	s.mux.HandleFunc("GET /api/version", s.apiVersion)
	s.mux.HandleFunc("GET /api/search", s.apiSearch)
	s.mux.HandleFunc("GET /api/doc/{id}", s.apiDoc)
	s.mux.HandleFunc("GET /api/export.csv", s.apiExport)
	if cfg.Research != nil {
		s.mux.HandleFunc("GET /api/trend", apiResearch(s, "trend.csv", s.runTrend))
		s.mux.HandleFunc("GET /api/kwic", apiResearch(s, "kwic.csv", s.runKWIC))
		s.mux.HandleFunc("GET /api/terms", apiResearch(s, "terms.csv", s.runTerms))
		s.mux.HandleFunc("GET /api/figures", apiResearch(s, "figures-table.csv", s.runFigures))
		for _, tab := range []string{"trend", "kwic", "terms", "figures"} {
			s.mux.HandleFunc("GET /"+tab, s.researchPage(tab))
		}
	}
	s.mux.HandleFunc("GET /feed.atom", s.feed)
	s.mux.HandleFunc("GET /doc/{id}", s.docPage)
	s.mux.HandleFunc("GET /{$}", s.searchPage)
	s.mux.HandleFunc("/", s.notFound)
	return s, nil
}

func withDefaults(l, d Limits) Limits {
	pick := func(v *int, def int) {
		if *v <= 0 {
			*v = def
		}
	}
	pick(&l.MaxQueryRunes, d.MaxQueryRunes)
	pick(&l.MaxFilters, d.MaxFilters)
	pick(&l.MaxPageSize, d.MaxPageSize)
	pick(&l.MaxPage, d.MaxPage)
	pick(&l.MaxExportDocs, d.MaxExportDocs)
	pick(&l.MaxExportRows, d.MaxExportRows)
	pick(&l.MaxSearches, d.MaxSearches)
	pick(&l.MaxDocBytes, d.MaxDocBytes)
	if l.Timeout <= 0 {
		l.Timeout = d.Timeout
	}
	return l
}

// contentSecurityPolicy allows no script at all, styles and images only
// from this server, and forms only to it.
const contentSecurityPolicy = "default-src 'none'; style-src 'self'; img-src 'self' data:; " +
	"form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// ServeHTTP serves one request with security headers, logging and panic
// recovery.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	start := time.Now()
	rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
	defer func() {
		if p := recover(); p != nil {
			if p == http.ErrAbortHandler {
				panic(p)
			}
			s.cfg.Logger.Error("panic serving request", "path", r.URL.Path, "panic", p, "stack", string(debug.Stack()))
			if !rec.wrote {
				writeError(rec, http.StatusInternalServerError, "internal error")
			}
		}
		s.cfg.Logger.Debug("request", "method", r.Method, "path", r.URL.Path, "status", rec.status, "dur", time.Since(start))
	}()
	s.mux.ServeHTTP(rec, r)
}

type statusRecorder struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (s *statusRecorder) WriteHeader(code int) {
	if !s.wrote {
		s.status, s.wrote = code, true
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(p []byte) (int, error) {
	s.wrote = true
	return s.ResponseWriter.Write(p)
}

// Flush lets streamed exports reach the client as they are written.
func (s *statusRecorder) Flush() {
	if f, ok := s.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// NewHTTPServer returns an http.Server for h with timeouts suited to the
// API: slow clients cannot hold connections, and a long export still has
// time to finish.
func NewHTTPServer(addr string, h http.Handler) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
}

// apiError is the body of every API error.
type apiError struct {
	Error string `json:"error"`
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, apiError{Error: msg})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	enc.Encode(v)
}

// statusOf maps a search or store error to an HTTP status and a message
// safe to show.
func (s *Server) statusOf(r *http.Request, err error) (int, string) {
	var perr *paramError
	switch {
	case errors.As(err, &perr):
		return http.StatusBadRequest, perr.Error()
	case errors.Is(err, index.ErrBadQuery):
		return http.StatusBadRequest, err.Error()
	case errors.Is(err, corpus.ErrNotFound):
		return http.StatusNotFound, "not found"
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable, "the request took too long; narrow the query"
	case errors.Is(err, context.Canceled):
		return 499, "request canceled"
	}
	s.cfg.Logger.Error("request failed", "path", r.URL.Path, "query", r.URL.RawQuery, "err", err)
	return http.StatusInternalServerError, "internal error"
}

func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	status, msg := s.statusOf(r, err)
	writeError(w, status, msg)
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// apiVersion serves what `fednews version --json` prints.
func (s *Server) apiVersion(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, buildinfo.Read())
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		writeError(w, http.StatusMethodNotAllowed, "only GET is served")
		return
	}
	writeError(w, http.StatusNotFound, fmt.Sprintf("no such page: %s", r.URL.Path))
}
