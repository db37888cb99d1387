package crawl

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fednews/fednews/corpus"
)

// hit is one request as the test server saw it.
type hit struct {
	path   string
	at     time.Time
	status int
	bytes  int
	ua     string
}

// recorder wraps a handler and records every request it answers.
type recorder struct {
	h    http.Handler
	mu   sync.Mutex
	hits []hit
}

type statusWriter struct {
	http.ResponseWriter
	status, n int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = 200
	}
	n, err := w.ResponseWriter.Write(b)
	w.n += n
	return n, err
}

func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (r *recorder) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	at := time.Now()
	sw := &statusWriter{ResponseWriter: w}
	defer func() {
		r.mu.Lock()
		r.hits = append(r.hits, hit{path: req.URL.Path, at: at, status: sw.status, bytes: sw.n, ua: req.UserAgent()})
		r.mu.Unlock()
	}()
	r.h.ServeHTTP(sw, req)
}

// taken returns the hits recorded so far and forgets them.
func (r *recorder) taken() []hit {
	r.mu.Lock()
	defer r.mu.Unlock()
	h := r.hits
	r.hits = nil
	return h
}

// serve starts a loopback test server recording requests to h.
func serve(t testing.TB, h http.Handler) (*httptest.Server, *recorder) {
	rec := &recorder{h: h}
	srv := httptest.NewServer(rec)
	t.Cleanup(srv.Close)
	return srv, rec
}

// openStore opens a store in a fresh directory.
func openStore(t testing.TB) (*corpus.Store, string) {
	dir := t.TempDir()
	st, err := corpus.Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st, dir
}

// demoConfig is the first source of sources.example.toml (the demo site's
// plain HTML news section) pointed at base instead of the demo site's
// usual address.
func demoConfig(t testing.TB, base string) *Config {
	cfg := demoConfigAll(t, base)
	cfg.Sources = cfg.Sources[:1]
	return cfg
}

// demoConfigAll is every source of sources.example.toml pointed at base.
func demoConfigAll(t testing.TB, base string) *Config {
	data, err := os.ReadFile("../../sources.example.toml")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.ReplaceAll(string(data), "http://127.0.0.1:8081", base)
	text = strings.ReplaceAll(text, `127\.0\.0\.1:8081`, strings.ReplaceAll(strings.TrimPrefix(base, "http://"), ".", `\.`))
	cfg, err := ParseConfig(text)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Rate = 0 // tests that measure politeness set it back
	return cfg
}

// logBuffer is a logger whose output a test can read.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func newLog() (*slog.Logger, *logBuffer) {
	b := &logBuffer{}
	return slog.New(slog.NewTextHandler(b, &slog.HandlerOptions{Level: slog.LevelDebug})), b
}

// clock is a settable clock for Options.Now.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}
