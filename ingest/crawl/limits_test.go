package crawl

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// listSite serves /list.html linking n articles; article answers them.
func listSite(t *testing.T, n int, article http.HandlerFunc) (string, *recorder) {
	srv, rec := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/robots.txt":
			http.NotFound(w, r)
		case r.URL.Path == "/list.html":
			var b strings.Builder
			b.WriteString("<html><body>")
			for i := range n {
				fmt.Fprintf(&b, `<a href="/a/%d.html">第%d篇</a>`, i, i)
			}
			b.WriteString("</body></html>")
			fmt.Fprint(w, b.String())
		case strings.HasPrefix(r.URL.Path, "/a/"):
			article(w, r)
		default:
			http.NotFound(w, r)
		}
	}))
	return srv.URL, rec
}

func okArticle(w http.ResponseWriter, r *http.Request) {
	var n int
	fmt.Sscanf(r.URL.Path, "/a/%d.html", &n)
	fmt.Fprint(w, articleHTML(fmt.Sprintf("第%d篇文章", n), "utf-8", n))
}

func pageRequests(rec *recorder) int {
	n := 0
	for _, h := range rec.taken() {
		if h.path != "/robots.txt" {
			n++
		}
	}
	return n
}

// One list page with many links: the source's max_pages bounds what is
// requested, the rest is counted as left for the next run.
func TestSourceMaxPages(t *testing.T) {
	base, rec := listSite(t, 100, okArticle)
	cfg := faultConfig(base)
	cfg.Sources[0].MaxPages = 10
	st, _ := openStore(t)
	sum, err := Run(context.Background(), cfg, st, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if n := pageRequests(rec); n != 10 || sum.New != 9 || sum.Stopped[stopSourcePages] != 91 {
		t.Errorf("%d pages requested, %d new, stopped %v; want 10, 9 and 91 left by max_pages", n, sum.New, sum.Stopped)
	}
}

// The run's max_pages bounds all sources together.
func TestRunMaxPages(t *testing.T) {
	a, arec := listSite(t, 10, okArticle)
	b, brec := listSite(t, 10, okArticle)
	cfg := faultConfig(a)
	cfg.Sources = append(cfg.Sources, Source{Name: "other", Start: []string{b + "/list.html"}, MaxDepth: 2,
		Articles: []string{`/a/`}, AllowPrivate: true})
	cfg.MaxPages = 5
	st, _ := openStore(t)
	sum, err := Run(context.Background(), cfg, st, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if n := pageRequests(arec) + pageRequests(brec); n != 5 || sum.Stopped[stopRunPages] == 0 {
		t.Errorf("%d pages requested, stopped %v; want 5 and the rest left by max_run_pages", n, sum.Stopped)
	}
}

// A host answering 503 to everything is given up after max_host_failures
// consecutive failures: the rest of its URLs cost no request, and the
// summary says so for the source.
func TestCircuitBreaker(t *testing.T) {
	base, rec := listSite(t, 20, func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "overloaded", http.StatusServiceUnavailable)
	})
	cfg := faultConfig(base)
	cfg.Retries, cfg.Workers, cfg.MaxHostFailures = 0, 1, 3
	st, _ := openStore(t)
	sum, err := Run(context.Background(), cfg, st, Options{})
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(base)
	if n := pageRequests(rec); n != 1+3 {
		t.Errorf("%d pages requested, want the list and 3 articles", n)
	}
	if sum.Failed["http_5xx"] != 3 || sum.Failed["host_given_up"] != 17 || sum.GivenUp["faults "+u.Host] != 17 {
		t.Errorf("failed %v, given up %v; want 3 http_5xx, then 17 given up for source faults", sum.Failed, sum.GivenUp)
	}
	var out strings.Builder
	sum.Print(&out)
	if !strings.Contains(out.String(), "source faults: host "+u.Host+" given up") {
		t.Errorf("summary does not report the host given up:\n%s", out.String())
	}
}

// max_run_time ends the crawl (not the run: no error), cutting off the
// requests in flight; the URLs still queued are counted for the next run.
// The server holds every article until the test ends, and the test ends
// the run time itself once a request is in flight: nothing depends on how
// fast the machine is.
func TestMaxRunTime(t *testing.T) {
	release := make(chan struct{})
	arrived := make(chan struct{}, 10)
	srv, _ := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		arrived <- struct{}{}
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer close(release)
	cfg := faultConfig(srv.URL)
	cfg.Timeout = Duration{time.Hour}
	cfg.Workers = 1
	cfg.Sources[0].Start = []string{srv.URL + "/a/1.html", srv.URL + "/a/2.html", srv.URL + "/a/3.html"}
	deadline := func(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
		if d != cfg.MaxRunTime.Duration {
			t.Errorf("run deadline %v, want max_run_time %v", d, cfg.MaxRunTime.Duration)
		}
		ctx, cancel := context.WithCancelCause(ctx)
		go func() {
			<-arrived
			cancel(errRunTime)
		}()
		return ctx, func() { cancel(context.Canceled) }
	}
	st, _ := openStore(t)
	sum, err := Run(context.Background(), cfg, st, Options{runDeadline: deadline})
	if err != nil {
		t.Fatalf("a run ended by max_run_time is not an error: %v", err)
	}
	if sum.Stopped[stopRunTime] != 2 || !strings.Contains(strings.Join(sum.Errors, "\n"), "max_run_time") {
		t.Errorf("stopped %v, errors %q; want 2 left by max_run_time", sum.Stopped, sum.Errors)
	}
}
