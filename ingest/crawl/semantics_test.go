package crawl

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// tinySite serves one list page linking /a/1.html; article 1 links
// article 2 (relatively, as county sites do) which no list names. Articles
// answer with validators and 304s. fail makes a path answer 500.
type tinySite struct {
	mu   sync.Mutex
	fail map[string]bool
	hits map[string]int
}

func (s *tinySite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.hits[r.URL.Path]++
	fail := s.fail[r.URL.Path]
	s.mu.Unlock()
	if fail {
		http.Error(w, "down", http.StatusInternalServerError)
		return
	}
	var body string
	switch r.URL.Path {
	case "/list.html":
		body = `<html><body><ul><li><a href="/a/1.html">一</a></li></ul></body></html>`
	case "/a/1.html", "/a/2.html":
		n := strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/a/"), ".html")
		body = fmt.Sprintf(`<html><head><meta charset="utf-8"><title>第%s篇</title></head><body><h1>县工商联第%s次座谈会</h1>
<div class="info"><span class="time">2024-03-15 09:30</span> <span class="src">信息来源：示例县工商联</span> <span class="au">作者: 李明</span></div>
<div id="zoom"><p>县工商联召开民营企业座谈会，听取企业对营商环境的意见建议，现场协调解决融资、用工等问题%s0余个。</p></div>
<div class="related"><a href="2.html">相关</a></div></body></html>`, n, n, n)
	default:
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("ETag", `"`+r.URL.Path+`"`)
	if r.Header.Get("If-None-Match") == `"`+r.URL.Path+`"` {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	fmt.Fprint(w, body)
}

func (s *tinySite) taken() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	h := s.hits
	s.hits = map[string]int{}
	return h
}

func tinyConfig(t *testing.T, base string, extra string) *Config {
	cfg, err := ParseConfig(fmt.Sprintf(`rate = 0.0
retries = 0
recheck = "168h"
[[source]]
name = "tiny"
start = ["%s/list.html"]
articles = ['/a/\d+\.html$']
max_depth = 3
allow_private = true
%s`, base, extra))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// Links on article pages are followed only when the source opts in.
func TestFollowArticleLinks(t *testing.T) {
	for _, tc := range []struct {
		extra   string
		stored  int
		fetched bool
	}{
		{"", 1, false},
		{"follow_article_links = true", 2, true},
	} {
		site := &tinySite{hits: map[string]int{}}
		srv, _ := serve(t, site)
		st, _ := openStore(t)
		sum, err := Run(context.Background(), tinyConfig(t, srv.URL, tc.extra), st, Options{})
		if err != nil {
			t.Fatal(err)
		}
		hits := site.taken()
		if sum.New != tc.stored || (hits["/a/2.html"] > 0) != tc.fetched {
			t.Errorf("%q: stored %d (want %d), /a/2.html requested %d times", tc.extra, sum.New, tc.stored, hits["/a/2.html"])
		}
	}
}

// Lowering recheck applies to articles stored under the old setting.
func TestRecheckChangeApplies(t *testing.T) {
	site := &tinySite{hits: map[string]int{}}
	srv, _ := serve(t, site)
	st, _ := openStore(t)
	clk := &clock{now: time.Now()}
	ctx := context.Background()
	if _, err := Run(ctx, tinyConfig(t, srv.URL, ""), st, Options{Now: clk.Now}); err != nil {
		t.Fatal(err)
	}
	site.taken()
	clk.advance(2 * time.Hour)
	cfg := tinyConfig(t, srv.URL, "")
	cfg.Recheck = Duration{time.Hour}
	sum, err := Run(ctx, cfg, st, Options{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	if hits := site.taken(); hits["/a/1.html"] != 1 || sum.NotModified != 1 || sum.Skipped != 0 {
		t.Errorf("after recheck 168h → 1h and 2h: /a/1.html asked %d times, %d not modified, %d skipped; want 1, 1, 0",
			hits["/a/1.html"], sum.NotModified, sum.Skipped)
	}
}

// A page that failed is asked for again on the next run, then after a
// backoff; its list page is read in full meanwhile, not answered 304.
func TestFailedPageRetried(t *testing.T) {
	site := &tinySite{hits: map[string]int{}, fail: map[string]bool{"/a/1.html": true}}
	srv, _ := serve(t, site)
	st, _ := openStore(t)
	clk := &clock{now: time.Now()}
	ctx := context.Background()
	cfg := tinyConfig(t, srv.URL, "")
	run := func(what string, wantArticle, wantListFull int) {
		t.Helper()
		if _, err := Run(ctx, cfg, st, Options{Now: clk.Now}); err != nil {
			t.Fatal(err)
		}
		hits := site.taken()
		if hits["/a/1.html"] != wantArticle || hits["/list.html"] != 1 {
			t.Errorf("%s: /a/1.html asked %d times (want %d), list %d", what, hits["/a/1.html"], wantArticle, hits["/list.html"])
		}
		s, err := st.CrawlState(ctx, srv.URL+"/list.html")
		if err != nil {
			t.Fatal(err)
		}
		if full := s.ETag == ""; full != (wantListFull == 1) {
			t.Errorf("%s: list page validators kept %q, want them kept: %v", what, s.ETag, wantListFull == 0)
		}
	}
	run("first run (fails)", 1, 1)
	clk.advance(time.Minute)
	run("next run (retried, fails again)", 1, 1)
	clk.advance(time.Hour)
	run("an hour later (backing off)", 0, 1)
	site.mu.Lock()
	site.fail = nil
	site.mu.Unlock()
	clk.advance(retryBase)
	run("after the backoff (stored)", 1, 0)
	if d, err := st.GetByURL(ctx, srv.URL+"/a/1.html"); err != nil || d.Title == "" {
		t.Errorf("not stored after the retry: %v", err)
	}
}

// A host whose name does not resolve is reported as such, not as a
// robots.txt server error.
func TestHostNotFound(t *testing.T) {
	if got := reason(fmt.Errorf("fetch: %w", &net.DNSError{Err: "no such host", Name: "x.invalid", IsNotFound: true})); got != "host_not_found" {
		t.Errorf("reason = %s", got)
	}
	if _, err := net.LookupHost("nonexistent.invalid"); !hostNotFound(err) {
		t.Skipf("this machine's resolver does not answer that nonexistent.invalid does not exist (%v)", err)
	}
	cfg := tinyConfig(t, "http://nonexistent.invalid", "")
	st, _ := openStore(t)
	sum, err := Run(context.Background(), cfg, st, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Failed["host_not_found"] != 1 || len(sum.Errors) != 1 || !strings.Contains(sum.Errors[0], "host not found") ||
		strings.Contains(sum.Errors[0], "robots") {
		t.Errorf("failed %v: %v", sum.Failed, sum.Errors)
	}
}
