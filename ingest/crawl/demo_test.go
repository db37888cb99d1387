package crawl

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/internal/demosite"
)

func newDemo(t testing.TB) (*demosite.Site, []demosite.Article) {
	site, err := demosite.New()
	if err != nil {
		t.Fatal(err)
	}
	var public []demosite.Article
	for _, a := range site.Articles() {
		if !a.Private {
			public = append(public, a)
		}
	}
	return site, public
}

// articleBodies counts the article pages the server sent with a body.
func articleBodies(hits []hit) (n int, paths []string) {
	for _, h := range hits {
		if strings.HasPrefix(h.path, "/news/20") && h.status == http.StatusOK {
			n++
			paths = append(paths, h.path)
		}
	}
	return n, paths
}

func TestDemoSiteCrawl(t *testing.T) {
	site, public := newDemo(t)
	srv, rec := serve(t, site)
	st, _ := openStore(t)
	ctx := context.Background()
	cfg := demoConfig(t, srv.URL)
	clk := &clock{now: time.Now()}
	opts := Options{Now: clk.Now}

	sum, err := Run(ctx, cfg, st, opts)
	if err != nil {
		t.Fatal(err)
	}
	if sum.New != len(public) || sum.FailedTotal() != 0 {
		t.Fatalf("first run: new %d (want %d), failed %v %v", sum.New, len(public), sum.Failed, sum.Errors)
	}
	// Reposts in the other script join their original's cluster.
	if sum.Duplicates != 5 {
		t.Errorf("%d new documents joined a cluster, want the 5 reposts", sum.Duplicates)
	}
	for _, a := range public {
		doc, err := st.GetByURL(ctx, srv.URL+a.Path)
		if err != nil {
			t.Fatalf("%s: %v", a.Path, err)
		}
		if doc.Title != a.Title {
			t.Errorf("%s: title %q, want %q (charset %s)", a.Path, doc.Title, a.Title, doc.Charset)
		}
		if !a.RawHTML && !strings.Contains(doc.Original, strings.Split(a.Body, "\n")[1]) {
			t.Errorf("%s: second paragraph missing from stored text %.80q", a.Path, doc.Original)
		}
	}
	n, _ := articleBodies(rec.taken())
	if n != len(public) {
		t.Errorf("first run downloaded %d article bodies, want %d", n, len(public))
	}
	count := func() int {
		c, err := st.Count(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	rows := count()

	// Second run at once: the first list page answers 304, so nothing
	// beneath it is asked for.
	sum, err = Run(ctx, cfg, st, opts)
	if err != nil {
		t.Fatal(err)
	}
	hits := rec.taken()
	if n, paths := articleBodies(hits); n != 0 || sum.New+sum.Updated != 0 || count() != rows {
		t.Errorf("second run: %d article bodies %v, new %d updated %d, rows %d→%d", n, paths, sum.New, sum.Updated, rows, count())
	}
	if sum.Fetched != 0 || sum.NotModified != 1 {
		t.Errorf("second run: fetched %d, not modified %d; want 0 and the first list page", sum.Fetched, sum.NotModified)
	}

	// Past the re-check interval: every article is asked for again, and
	// every answer is a 304.
	clk.advance(cfg.Recheck.Duration + time.Minute)
	sum, err = Run(ctx, cfg, st, opts)
	if err != nil {
		t.Fatal(err)
	}
	if n, paths := articleBodies(rec.taken()); n != 0 || sum.NotModified != len(public) || count() != rows {
		t.Errorf("third run: %d article bodies %v, %d not modified, rows %d→%d", n, paths, sum.NotModified, rows, count())
	}

	// One article changes: exactly that one is downloaded and updated.
	changed := public[3]
	maxSeq, err := st.MaxSeq(ctx)
	if err != nil {
		t.Fatal(err)
	}
	newBody := strings.Replace(changed.Body, "\n", "\n本文已更新，补充了最新数据：", 1)
	if err := site.SetBody(changed.Path, newBody); err != nil {
		t.Fatal(err)
	}
	clk.advance(cfg.Recheck.Duration + time.Minute)
	sum, err = Run(ctx, cfg, st, opts)
	if err != nil {
		t.Fatal(err)
	}
	n, paths := articleBodies(rec.taken())
	if n != 1 || paths[0] != changed.Path || sum.Updated != 1 || sum.New != 0 || count() != rows {
		t.Errorf("after a change: bodies %v, updated %d, new %d, rows %d→%d", paths, sum.Updated, sum.New, rows, count())
	}
	docs, err := st.Changed(ctx, maxSeq, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 1 || docs[0].URL != srv.URL+changed.Path || !strings.Contains(docs[0].Original, "本文已更新") {
		t.Errorf("changed documents: %d, want exactly %s", len(docs), changed.Path)
	}
}

// Requests to the host never exceed the configured rate, measured at the
// server, and robots.txt's disallowed path is never requested.
func TestPoliteness(t *testing.T) {
	site, _ := newDemo(t)
	srv, rec := serve(t, site)
	st, _ := openStore(t)
	cfg := demoConfig(t, srv.URL)
	cfg.Rate, cfg.Concurrency, cfg.Workers = 25, 3, 6
	// Make the drafts under /private/ look like articles: only robots.txt
	// stands between them and the crawler.
	cfg.Sources[0].Articles = append(cfg.Sources[0].Articles, `/private/`)
	sum, err := Run(context.Background(), cfg, st, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Disallowed != 2 {
		t.Errorf("disallowed = %d, want the 2 drafts", sum.Disallowed)
	}
	hits := rec.taken()
	if len(hits) < 25 {
		t.Fatalf("only %d requests", len(hits))
	}
	// The run as a whole took as long as the rate demands.
	if span, need := hits[len(hits)-1].at.Sub(hits[0].at), time.Duration(float64(len(hits)-1)/cfg.Rate*float64(time.Second)); span < need-60*time.Millisecond {
		t.Errorf("%d requests in %v, need %v at %v/s", len(hits), span, need, cfg.Rate)
	}
	checkRate(t, hits, cfg.Rate)
}

// Requests in flight to one host never exceed the configured concurrency,
// and reach it: the first article requests are held until as many are in
// flight as allowed (a sleep would merely make an overlap likely), so the
// count does not depend on how the machine schedules the workers.
func TestPerHostConcurrency(t *testing.T) {
	const limit = 2
	site, _ := newDemo(t)
	st, _ := openStore(t)
	var mu sync.Mutex
	inFlight, most := 0, 0
	full := make(chan struct{}) // closed when the limit was first reached
	srv, _ := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		inFlight++
		most = max(most, inFlight)
		if inFlight == limit {
			select {
			case <-full:
			default:
				close(full)
			}
		}
		mu.Unlock()
		if strings.HasPrefix(r.URL.Path, "/news/20") {
			select {
			case <-full:
			case <-time.After(time.Minute): // a crawler that never sends two fails below, slowly
			}
		}
		site.ServeHTTP(w, r)
		mu.Lock()
		inFlight--
		mu.Unlock()
	}))
	cfg := demoConfig(t, srv.URL)
	cfg.Concurrency, cfg.Workers = limit, 8
	if _, err := Run(context.Background(), cfg, st, Options{}); err != nil {
		t.Fatal(err)
	}
	if most != cfg.Concurrency {
		t.Errorf("at most %d requests in flight, want exactly %d", most, cfg.Concurrency)
	}
}

// checkRate fails when some window of requests is faster than rate allows
// a token bucket of one: k+1 requests need at least k/rate seconds, less
// the jitter between a request leaving the crawler and its handler starting
// on a busy machine (which can bunch two or three arrivals, but cannot make
// a long run of them faster than the rate).
func checkRate(t *testing.T, hits []hit, rate float64) {
	t.Helper()
	for _, h := range hits {
		if strings.HasPrefix(h.path, "/private/") {
			t.Errorf("disallowed %s was requested", h.path)
		}
	}
	const slack = 60 * time.Millisecond
	for i := range hits {
		for j := i + 1; j < len(hits); j++ {
			need := time.Duration(float64(j-i-1) / rate * float64(time.Second))
			if got := hits[j].at.Sub(hits[i].at); got+slack < need {
				t.Fatalf("requests %d..%d (%d) within %v: faster than %v/s (need %v)", i, j, j-i+1, got, rate, need)
			}
		}
	}
}

// A robots.txt Crawl-delay slows the crawl below the configured rate (here
// none at all).
func TestCrawlDelay(t *testing.T) {
	const delay = 0.15
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "User-agent: *\nCrawl-delay: %v\nDisallow: /private/\n", delay)
	})
	mux.HandleFunc("/list.html", func(w http.ResponseWriter, r *http.Request) {
		for i := range 6 {
			fmt.Fprintf(w, `<a href="/a/%d.html">%d</a> `, i, i)
		}
		fmt.Fprint(w, `<a href="/private/x.html">x</a>`)
	})
	mux.HandleFunc("/a/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, articleHTML("延迟"+r.URL.Path, "utf-8", int(r.URL.Path[3]-'0')))
	})
	srv, rec := serve(t, mux)
	st, _ := openStore(t)
	cfg := faultConfig(srv.URL)
	cfg.Concurrency, cfg.Workers = 4, 4
	sum, err := Run(context.Background(), cfg, st, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.New != 6 || sum.Disallowed != 1 {
		t.Errorf("new %d disallowed %d, want 6 1", sum.New, sum.Disallowed)
	}
	hits := rec.taken()
	checkRate(t, hits, 1/delay)
	if span := hits[len(hits)-1].at.Sub(hits[0].at); span < time.Duration(float64(len(hits)-2)*delay*float64(time.Second)) {
		t.Errorf("%d requests in %v despite Crawl-delay %vs", len(hits), span, delay)
	}
}

// The run record is stored with the summary's counts.
func TestRunRecord(t *testing.T) {
	site, public := newDemo(t)
	srv, _ := serve(t, site)
	st, _ := openStore(t)
	var progress logBuffer
	sum, err := Run(context.Background(), demoConfig(t, srv.URL), st, Options{Progress: &progress})
	if err != nil {
		t.Fatal(err)
	}
	// The progress line is redrawn in place and ends with the final counts.
	p := progress.String()
	if !strings.HasPrefix(p, "\r\033[Kingest: ") || !strings.HasSuffix(p, fmt.Sprintf("new %d · updated 0 · failed 0\n", len(public))) {
		t.Errorf("progress output %q", p)
	}
	runs, err := st.Runs(context.Background(), 1)
	if err != nil || len(runs) != 1 {
		t.Fatalf("runs %v %v", runs, err)
	}
	r := runs[0]
	if r.ID != sum.RunID || r.Counts["new"] != len(public) || r.Counts["fetched"] != sum.Fetched || r.Finished.IsZero() {
		t.Errorf("run record %+v for summary %+v", r, sum)
	}
	var b strings.Builder
	sum.Print(&b)
	if !strings.Contains(b.String(), fmt.Sprintf("new %d,", len(public))) {
		t.Errorf("printed summary:\n%s", b.String())
	}
}

// Cancelling a run (SIGINT) stops it with an error, records how far it got,
// and the next run finishes the job. AfterStore sees each stored document.
func TestInterruptedRun(t *testing.T) {
	site, public := newDemo(t)
	srv, _ := serve(t, site)
	st, _ := openStore(t)
	cfg := demoConfig(t, srv.URL)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var mu sync.Mutex
	var stored []string
	after := func(_ context.Context, d *corpus.Document, res corpus.PutResult) error {
		mu.Lock()
		defer mu.Unlock()
		if res.ID != d.ID || res.Status != corpus.PutNew {
			t.Errorf("AfterStore(%s): result %+v for document %d", d.URL, res, d.ID)
		}
		stored = append(stored, d.URL)
		if len(stored) == 5 {
			cancel()
		}
		return nil
	}
	sum, err := Run(ctx, cfg, st, Options{AfterStore: after})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted run: err %v", err)
	}
	if sum.New < 5 || sum.New >= len(public) || sum.New != len(stored) || sum.FailedTotal() != 0 {
		t.Errorf("interrupted run stored %d (AfterStore saw %d), failed %v", sum.New, len(stored), sum.Failed)
	}
	runs, err := st.Runs(context.Background(), 1)
	if err != nil || len(runs) != 1 || runs[0].Finished.IsZero() || !strings.Contains(strings.Join(runs[0].Errors, " "), "interrupted") {
		t.Fatalf("run record %+v %v", runs, err)
	}
	first := sum.New
	sum, err = Run(context.Background(), cfg, st, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if first+sum.New != len(public) || sum.Skipped != first {
		t.Errorf("after the interruption: new %d skipped %d, first run stored %d of %d", sum.New, sum.Skipped, first, len(public))
	}
}
