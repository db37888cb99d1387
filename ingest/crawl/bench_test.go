package crawl

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// genSite serves n generated article pages behind paginated list pages,
// with texts built from random sentences of the demo site, so that no two
// are near-duplicates.
type genSite struct {
	pages   []string
	perList int
}

func newGenSite(b testing.TB, n int) *genSite {
	_, public := newDemo(b)
	var sentences []string
	for _, a := range public {
		if a.RawHTML {
			continue
		}
		for s := range strings.SplitSeq(strings.ReplaceAll(a.Body, "\n", ""), "。") {
			if s != "" {
				sentences = append(sentences, s+"。")
			}
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	g := &genSite{perList: 50}
	for i := range n {
		var body strings.Builder
		fmt.Fprintf(&body, `<html><head><meta charset="utf-8"><title>第%d号动态</title></head><body><div class="nav"><a href="/">首页</a></div>`, i)
		fmt.Fprintf(&body, `<h1>第%d号：工商联工作动态</h1><p class="info">发布时间：2024-%02d-%02d 09:00　来源：示例县工商联</p><div id="zoom">`, i, i%12+1, i%28+1)
		for p := range 4 {
			body.WriteString("<p>")
			for range 2 {
				body.WriteString(sentences[rng.IntN(len(sentences))])
			}
			fmt.Fprintf(&body, "（编号%d-%d）</p>", i, p)
		}
		body.WriteString("</div></body></html>")
		g.pages = append(g.pages, body.String())
	}
	return g
}

func (g *genSite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	p := r.URL.Path
	switch {
	case strings.HasPrefix(p, "/list_"):
		k, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(p, "/list_"), ".html"))
		if err != nil || k < 1 || (k-1)*g.perList >= len(g.pages) {
			http.NotFound(w, r)
			return
		}
		for i := (k - 1) * g.perList; i < min(k*g.perList, len(g.pages)); i++ {
			fmt.Fprintf(w, "<a href=\"/a/%d.html\">第%d号</a>\n", i, i)
		}
		fmt.Fprintf(w, `<a href="/list_%d.html">下一页</a>`, k+1)
	case strings.HasPrefix(p, "/a/"):
		i, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(p, "/a/"), ".html"))
		if err != nil || i < 0 || i >= len(g.pages) {
			http.NotFound(w, r)
			return
		}
		fmt.Fprint(w, g.pages[i])
	default:
		http.NotFound(w, r)
	}
}

func genConfig(base string, n int) *Config {
	cfg := Defaults
	cfg.Rate = 0 // politeness delays off: this measures the crawler
	cfg.Workers, cfg.Concurrency = 4, 8
	cfg.Sources = []Source{{
		Name: "gen", Start: []string{base + "/list_1.html"}, MaxDepth: n/50 + 2,
		Articles: []string{`/a/\d+\.html$`}, Lists: []string{`/list_\d+\.html$`},
		AllowPrivate: true,
	}}
	return &cfg
}

// heapObjects is the heap held by objects (live and not yet swept).
func heapObjects() uint64 {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(sample)
	return sample[0].Value.Uint64()
}

// peakHeap samples the heap until stop is called and returns the largest
// value seen.
func peakHeap() (stop func() uint64) {
	var peak uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			peak = max(peak, heapObjects())
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	})
	return func() uint64 { close(done); wg.Wait(); return peak }
}

// benchCrawl crawls a generated site of n articles into a fresh store per
// iteration and reports documents per second, the peak heap the crawl added
// (over the heap before it, which holds the test server's pages) and bytes
// allocated per document.
func benchCrawl(b *testing.B, n int) {
	site := newGenSite(b, n)
	benchSite(b, site, site, n, genConfig)
}

// benchSite runs the crawl benchmark over h, which serves the n articles
// of site, crawled with the config cfg returns for h's address.
func benchSite(b *testing.B, site *genSite, h http.Handler, n int, cfg func(base string, n int) *Config) {
	srv, _ := serve(b, h)
	var total int
	for _, p := range site.pages {
		total += len(p)
	}
	b.SetBytes(int64(total))
	var elapsed time.Duration
	var peak uint64
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		st, _ := openStore(b)
		runtime.GC()
		base := heapObjects()
		b.StartTimer()
		stop := peakHeap()
		start := time.Now()
		sum, err := Run(context.Background(), cfg(srv.URL, n), st, Options{})
		elapsed += time.Since(start)
		p := stop()
		peak = max(peak, p-min(base, p))
		if err != nil || sum.New != n {
			b.Fatalf("new %d of %d, failed %v %v: %v", sum.New, n, sum.Failed, sum.Errors, err)
		}
	}
	b.StopTimer()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(n*b.N)/elapsed.Seconds(), "docs/s")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(n*b.N)/1024, "alloc-KB/doc")
}

// BenchmarkCrawl1k: throughput of fetch, decode, extract, normalize and
// store from a local server with politeness delays off.
func BenchmarkCrawl1k(b *testing.B) { benchCrawl(b, 1000) }

// BenchmarkCrawl10k: the memory of a crawl of 10,000 pages.
func BenchmarkCrawl10k(b *testing.B) { benchCrawl(b, 10000) }
