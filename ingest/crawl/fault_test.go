package crawl

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// articleHTML is a small article page with a unique body.
func articleHTML(title, charset string, n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<html><head><meta charset="%s"><title>%s</title></head><body>`, charset, title)
	fmt.Fprintf(&b, `<div class="nav"><a href="/">首页</a></div><h1>%s</h1><p class="info">发布时间：2024-05-0%d 10:00　来源：测试县工商联</p><div id="body">`, title, n%9+1)
	for i := range 4 {
		fmt.Fprintf(&b, "<p>第%d篇第%d段：县工商联组织%d家民营企业参加银企对接会，现场签约融资%d万元，惠及会员企业%d户，进一步优化了营商环境。</p>", n, i, 10+n, 100*n+i, 20+i)
	}
	b.WriteString(`</div></body></html>`)
	return b.String()
}

// faultSite serves a list page linking to good articles and to one page
// for each fault the crawler must survive.
type faultSite struct {
	mu       sync.Mutex
	attempts map[string]int
	bomb     []byte
	// slowArrived receives each request for /a/slow.html, which then hangs
	// until the client gives up.
	slowArrived chan struct{}
}

var faultPaths = []string{
	"/a/ok1.html", "/a/ok2.html", "/a/ok3.html",
	"/a/flaky503.html", "/a/flaky500.html", "/a/always500.html",
	"/a/slow.html", "/a/truncated.html", "/a/loop.html", "/a/huge.html",
	"/a/hugechunked.html", "/a/bomb.html", "/a/wrongcharset.html", "/a/gone.html",
	"/a/pdf.html", "/private/secret.html", "/a/toprivate.html",
}

func newFaultSite(t testing.TB) *faultSite {
	// A gzip bomb: 64 MiB of spaces in about 64 KiB.
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	chunk := bytes.Repeat([]byte(" "), 1<<20)
	zw.Write([]byte("<html><body><p>"))
	for range 64 {
		zw.Write(chunk)
	}
	zw.Close()
	return &faultSite{attempts: map[string]int{}, bomb: buf.Bytes(), slowArrived: make(chan struct{})}
}

func (s *faultSite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.attempts[r.URL.Path]++
	n := s.attempts[r.URL.Path]
	s.mu.Unlock()
	html := func(body string) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("ETag", fmt.Sprintf(`"%x"`, len(body)))
		if r.Header.Get("If-None-Match") == w.Header().Get("ETag") {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		fmt.Fprint(w, body)
	}
	switch p := r.URL.Path; p {
	case "/robots.txt":
		fmt.Fprint(w, "User-agent: *\nDisallow: /private/\n")
	case "/list.html":
		var b strings.Builder
		b.WriteString("<html><body><ul>")
		for _, l := range faultPaths {
			fmt.Fprintf(&b, `<li><a href="%s">%s</a></li>`, l, l)
		}
		b.WriteString("</ul></body></html>")
		html(b.String())
	case "/a/ok1.html", "/a/ok2.html", "/a/ok3.html":
		html(articleHTML("正常文章"+p[5:6], "utf-8", int(p[5]-'0')))
	case "/a/flaky503.html", "/a/flaky500.html":
		code, fails := http.StatusServiceUnavailable, 2
		if p == "/a/flaky500.html" {
			code, fails = http.StatusInternalServerError, 1
		}
		if n <= fails {
			http.Error(w, "try later", code)
			return
		}
		html(articleHTML("重试后成功"+p[3:11], "utf-8", 4+fails))
	case "/a/always500.html":
		http.Error(w, "broken", http.StatusInternalServerError)
	case "/a/slow.html":
		select {
		case s.slowArrived <- struct{}{}:
		case <-r.Context().Done():
		}
		<-r.Context().Done()
	case "/a/truncated.html":
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Length", "100000")
		fmt.Fprint(w, "<html><body><p>这篇文章在传输中途断开")
		w.(http.Flusher).Flush()
		panic(http.ErrAbortHandler) // drop the connection mid-body
	case "/a/loop.html":
		http.Redirect(w, r, "/a/loop2.html", http.StatusFound)
	case "/a/loop2.html":
		http.Redirect(w, r, "/a/loop.html", http.StatusFound)
	case "/a/huge.html", "/a/hugechunked.html":
		// 20 MB of page, with (huge) or without (chunked) a Content-Length.
		line := []byte("<p>营商环境营商环境营商环境营商环境营商环境营商环境营商环境营商环境营商环境营商环境营商</p>\n")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if p == "/a/huge.html" {
			w.Header().Set("Content-Length", fmt.Sprint(20<<20/len(line)*len(line)))
		}
		for range 20 << 20 / len(line) {
			if _, err := w.Write(line); err != nil {
				return
			}
		}
	case "/a/bomb.html":
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(s.bomb)
	case "/a/wrongcharset.html":
		// Declared UTF-8, sent as GBK.
		b, _ := simplifiedchinese.GBK.NewEncoder().String(articleHTML("声明错误的编码", "utf-8", 7))
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, b)
	case "/a/toprivate.html":
		http.Redirect(w, r, "/private/moved.html", http.StatusMovedPermanently)
	case "/a/pdf.html":
		w.Header().Set("Content-Type", "application/pdf")
		fmt.Fprint(w, "%PDF-1.4")
	default:
		http.NotFound(w, r)
	}
}

// deadline is the fault site's request deadline: a request for the slow
// page times out once the server has it; no other request ever times out.
// A clock would race a busy machine: a 20 MB page or a dropped connection
// can take longer than any short timeout, and a long one makes the test
// wait for it.
func (s *faultSite) deadline(ctx context.Context, u *url.URL) (context.Context, context.CancelFunc) {
	if u.Path != "/a/slow.html" {
		return context.WithCancel(ctx)
	}
	d := &toldDeadline{Context: ctx, done: make(chan struct{})}
	go func() {
		select {
		case <-s.slowArrived:
			d.pass()
		case <-d.done:
		}
	}()
	return d, d.pass
}

// toldDeadline is a context whose deadline passes when pass is called.
// (The fault tests run under context.Background, so the parent is never
// done before it.)
type toldDeadline struct {
	context.Context
	once sync.Once
	done chan struct{}
}

func (d *toldDeadline) pass()                 { d.once.Do(func() { close(d.done) }) }
func (d *toldDeadline) Done() <-chan struct{} { return d.done }
func (d *toldDeadline) Err() error {
	select {
	case <-d.done:
		return context.DeadlineExceeded
	default:
		return nil
	}
}

func faultConfig(base string) *Config {
	cfg := Defaults
	cfg.Rate = 0
	// Far longer than any page takes on a busy machine; the slow page's
	// timeout is faultSite.deadline.
	cfg.Timeout = Duration{time.Hour}
	cfg.Backoff = Duration{5 * time.Millisecond}
	cfg.MaxBody = 1 << 20
	cfg.Retries = 2
	cfg.Sources = []Source{{
		Name: "faults", Start: []string{base + "/list.html"}, MaxDepth: 2,
		Articles: []string{`/(a|private)/`}, AllowPrivate: true,
	}}
	if err := cfg.Validate(); err != nil {
		panic(err)
	}
	return &cfg
}

// Every fault ends as a counted, logged failure or as a success, and the
// good articles around them are all stored.
func TestFaults(t *testing.T) {
	site := newFaultSite(t)
	srv, rec := serve(t, site)
	st, _ := openStore(t)
	log, logs := newLog()
	clk := &clock{now: time.Now()}
	cfg := faultConfig(srv.URL)

	sum, err := Run(context.Background(), cfg, st, Options{Log: log, Now: clk.Now, deadline: site.deadline})
	if err != nil {
		t.Fatal(err)
	}
	wantFailed := map[string]int{
		"http_5xx": 1, "timeout": 1, "network": 1, "redirects": 1, "too_large": 3,
		"http_404": 1, "not_html": 1,
	}
	for k, v := range wantFailed {
		if sum.Failed[k] != v {
			t.Errorf("failed %s = %d, want %d", k, sum.Failed[k], v)
		}
	}
	if sum.FailedTotal() != 9 {
		t.Errorf("failed = %v, want the 9 above", sum.Failed)
	}
	// ok1-3, flaky503, flaky500 (after retries) and the wrongly declared page.
	if sum.New != 6 {
		t.Errorf("new = %d, want 6 (summary %+v)", sum.New, sum)
	}
	if got := strings.Count(logs.String(), `msg="fetch failed"`); got != sum.FailedTotal() {
		t.Errorf("%d failure log lines for %d failures", got, sum.FailedTotal())
	}
	// /private/secret.html, and /a/toprivate.html which redirects there.
	if sum.Disallowed != 2 {
		t.Errorf("disallowed = %d, want 2", sum.Disallowed)
	}
	attempts := map[string]int{}
	for _, h := range rec.taken() {
		attempts[h.path]++
		if !strings.HasPrefix(h.ua, "fednews/") {
			t.Errorf("request with User-Agent %q", h.ua)
		}
	}
	for p, want := range map[string]int{
		"/a/flaky503.html": 3, "/a/flaky500.html": 2, "/a/always500.html": 3, "/a/slow.html": 3, "/a/gone.html": 1,
		"/a/huge.html": 1, "/a/bomb.html": 1, "/private/secret.html": 0, "/private/moved.html": 0,
		"/a/toprivate.html": 1, "/robots.txt": 1,
	} {
		if attempts[p] != want {
			t.Errorf("%s requested %d times, want %d", p, attempts[p], want)
		}
	}
	// The page that declared the wrong charset is stored with its real text.
	doc, err := st.GetByURL(context.Background(), srv.URL+"/a/wrongcharset.html")
	if err != nil {
		t.Fatal(err)
	}
	if doc.Title != "声明错误的编码" || !strings.Contains(doc.Original, "营商环境") {
		t.Errorf("wrong-charset page stored as %q / %.40q", doc.Title, doc.Original)
	}

	// Next run, past the re-check interval: the good pages answer 304 and
	// cost no body; the 5xx failures are tried again; the 404 waits.
	clk.advance(cfg.Recheck.Duration + time.Hour)
	sum2, err := Run(context.Background(), cfg, st, Options{Log: log, Now: clk.Now, deadline: site.deadline})
	if err != nil {
		t.Fatal(err)
	}
	// The wrongly declared page sends no ETag: it is fetched and found unchanged.
	if sum2.NotModified != 5 || sum2.Unchanged != 1 || sum2.New != 0 || sum2.Updated != 0 {
		t.Errorf("second run: not modified %d unchanged %d new %d updated %d, want 5 1 0 0",
			sum2.NotModified, sum2.Unchanged, sum2.New, sum2.Updated)
	}
	for _, h := range rec.taken() {
		if strings.HasPrefix(h.path, "/a/ok") && (h.status != http.StatusNotModified || h.bytes != 0) {
			t.Errorf("second run: %s answered %d with %d bytes", h.path, h.status, h.bytes)
		}
	}
	if sum2.Failed["http_404"] != 1 {
		t.Errorf("second run past re-check: 404 page not tried again (%v)", sum2.Failed)
	}
}

func TestFetchBodyLimits(t *testing.T) {
	site := newFaultSite(t)
	srv, _ := serve(t, site)
	cfg := faultConfig(srv.URL)
	f := NewFetcher(cfg, nil)
	defer f.Close()
	for _, p := range []string{"/a/huge.html", "/a/hugechunked.html", "/a/bomb.html"} {
		_, err := f.Fetch(context.Background(), Request{URL: srv.URL + p, Source: &cfg.Sources[0]})
		if reason(err) != "too_large" {
			t.Errorf("%s: err %v, want too_large", p, err)
		}
	}
	page, err := f.Fetch(context.Background(), Request{URL: srv.URL + "/a/ok1.html", Source: &cfg.Sources[0]})
	if err != nil || page.Status != 200 || !bytes.Contains(page.Body, []byte("正常文章1")) {
		t.Fatalf("ok page: %v %+v", err, page)
	}
	page, err = f.Fetch(context.Background(), Request{URL: srv.URL + "/a/ok1.html", ETag: page.ETag, Source: &cfg.Sources[0]})
	if err != nil || page.Status != http.StatusNotModified || page.Body != nil {
		t.Errorf("conditional fetch: %v status %d body %d bytes", err, page.Status, len(page.Body))
	}
}

// A gzip-compressed page within the limit is decompressed; the transport's
// own decompression is off, so the limit applies to what we inflate.
func TestFetchGzip(t *testing.T) {
	want := articleHTML("压缩页面", "utf-8", 3)
	srv, _ := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		if r.Header.Get("Accept-Encoding") != "gzip" {
			t.Errorf("Accept-Encoding %q", r.Header.Get("Accept-Encoding"))
		}
		w.Header().Set("Content-Encoding", "gzip")
		w.Header().Set("Content-Type", "text/html")
		zw := gzip.NewWriter(w)
		zw.Write([]byte(want))
		zw.Close()
	}))
	cfg := faultConfig(srv.URL)
	f := NewFetcher(cfg, nil)
	defer f.Close()
	page, err := f.Fetch(context.Background(), Request{URL: srv.URL + "/a.html", Source: &cfg.Sources[0]})
	if err != nil || string(page.Body) != want {
		t.Fatalf("err %v, body %.60q", err, page.Body)
	}
}

// A 429 with Retry-After is retried after the wait the server asked for,
// when it is within max_retry_after; a longer one fails the URL at once
// (one request, no wait); a 404 is not retried.
func TestRetryAfter(t *testing.T) {
	var mu sync.Mutex
	var times []time.Time
	srv, rec := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/busy.html":
			mu.Lock()
			times = append(times, time.Now())
			n := len(times)
			mu.Unlock()
			if n == 1 {
				w.Header().Set("Retry-After", "1")
				http.Error(w, "slow down", http.StatusTooManyRequests)
				return
			}
			fmt.Fprint(w, articleHTML("稍后重试", "utf-8", 1))
		case "/storm.html":
			w.Header().Set("Retry-After", "999999999")
			http.Error(w, "come back in 31 years", http.StatusServiceUnavailable)
		default:
			http.NotFound(w, r)
		}
	}))
	cfg := faultConfig(srv.URL)
	f := NewFetcher(cfg, nil)
	defer f.Close()
	if _, err := f.Fetch(context.Background(), Request{URL: srv.URL + "/busy.html", Source: &cfg.Sources[0]}); err != nil {
		t.Fatal(err)
	}
	if len(times) != 2 || times[1].Sub(times[0]) < 900*time.Millisecond {
		t.Errorf("retried %d times, after %v; want once, after the Retry-After", len(times)-1, times[1].Sub(times[0]))
	}
	if _, err := f.Fetch(context.Background(), Request{URL: srv.URL + "/storm.html", Source: &cfg.Sources[0]}); reason(err) != "retry_after" {
		t.Errorf("Retry-After 999999999: %v, want retry_after", err)
	}
	_, err := f.Fetch(context.Background(), Request{URL: srv.URL + "/gone.html", Source: &cfg.Sources[0]})
	if reason(err) != "http_404" {
		t.Errorf("404: %v", err)
	}
	n := map[string]int{}
	for _, h := range rec.taken() {
		n[h.path]++
	}
	if n["/gone.html"] != 1 || n["/storm.html"] != 1 {
		t.Errorf("404 requested %d times, the storm %d, want 1 and 1", n["/gone.html"], n["/storm.html"])
	}
}
