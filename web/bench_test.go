package web

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/index/bleveindex"
	"github.com/fednews/fednews/index/indextest"
	"github.com/fednews/fednews/internal/demosite"
)

// benchIndex builds an index of n documents of about 1.5 KB each, drawn
// from the paragraphs, titles and sources of the demo site's articles.
func benchIndex(b *testing.B, n int) (*bleveindex.Index, []string) {
	site, err := demosite.New()
	if err != nil {
		b.Fatal(err)
	}
	var paras, titles, sources []string
	for _, a := range site.Articles() {
		for _, p := range strings.Split(a.Body, "\n") {
			if len([]rune(p)) > 20 {
				paras = append(paras, p)
			}
		}
		titles, sources = append(titles, a.Title), append(sources, a.Source)
	}
	ix, err := bleveindex.Open(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { ix.Close() })
	r := rand.New(rand.NewPCG(7, 11))
	cst := time.FixedZone("CST", 8*3600)
	start := time.Now()
	var batch []bleveindex.Entry
	texts := indextest.Texts{} // the bodies snippets read, as from the store
	ix.UseTexts(texts)
	for i := range n {
		var body strings.Builder
		for body.Len() < 1500 {
			body.WriteString(paras[r.IntN(len(paras))])
			body.WriteByte('\n')
		}
		id := int64(i + 1)
		doc := &corpus.Document{ID: id, Seq: id, Cluster: id, URL: fmt.Sprintf("http://bench.example/%d.html", id),
			Title: titles[r.IntN(len(titles))], Source: sources[r.IntN(len(sources))], Original: body.String(),
			Published: time.Date(2015+r.IntN(11), time.Month(1+r.IntN(12)), 1+r.IntN(28), 9, 0, 0, 0, cst), Script: "simplified"}
		batch = append(batch, bleveindex.Entry{Doc: doc})
		texts[id] = doc.Original
		if len(batch) == 1000 || i == n-1 {
			if err := ix.Add(context.Background(), batch); err != nil {
				b.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	b.Logf("indexed %d documents in %v", n, time.Since(start).Round(time.Second))
	queries := []string{"工商联", "营商环境", "民营企业", "商会", "女企业家商会", "万企兴万村", "工商聯", "融资", "县工商联", "光彩事业"}
	return ix, queries
}

// BenchmarkServe16Clients measures the server over loopback: 16 clients
// at once, each sending requests back to back, against an index of
// FEDNEWS_BENCH_DOCS documents; the JSON API with two facets, and the
// search page (six facets and the month histogram, rendered to HTML).
func BenchmarkServe16Clients(b *testing.B) {
	docs, err := strconv.Atoi(cmp.Or(os.Getenv("FEDNEWS_BENCH_DOCS"), "100000"))
	if err != nil || docs < 1 {
		b.Fatalf("FEDNEWS_BENCH_DOCS=%q: want a positive number", os.Getenv("FEDNEWS_BENCH_DOCS"))
	}
	ix, queries := benchIndex(b, docs)
	s, err := New(Config{Searcher: ix, Store: newFakeCorpus(), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(s)
	defer srv.Close()
	const clients, perClient = 16, 40
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients}}
	for _, v := range []struct {
		name string
		path func(q string) string
	}{
		{"api", func(q string) string { return "/api/search?facet=province&facet=year&q=" + url.QueryEscape(q) }},
		{"page", func(q string) string { return "/?q=" + url.QueryEscape(q) }},
		// Two years (OR: the year facet is counted again without them) and an exclusion.
		{"page-or-not", func(q string) string {
			return "/?q=" + url.QueryEscape(q) + "&filter=" + url.QueryEscape("year=2020|2021") + "&filter=" + url.QueryEscape("year!=2019")
		}},
	} {
		b.Run(v.name, func(b *testing.B) {
			var lat []time.Duration
			var errs int
			var firstErr error
			var elapsed time.Duration
			for range b.N {
				var mu sync.Mutex
				var wg sync.WaitGroup
				start := time.Now()
				for c := range clients {
					wg.Add(1)
					go func() {
						defer wg.Done()
						mine := make([]time.Duration, 0, perClient)
						bad := 0
						var mineErr error
						for k := range perClient {
							t0 := time.Now()
							resp, err := client.Get(srv.URL + v.path(queries[(c+k)%len(queries)]))
							if err == nil {
								_, err = io.Copy(io.Discard, resp.Body)
								resp.Body.Close()
								if resp.StatusCode != http.StatusOK {
									err = fmt.Errorf("status %d after %v", resp.StatusCode, time.Since(t0).Round(time.Millisecond))
								}
							}
							if err != nil {
								bad++
								mineErr = cmp.Or(mineErr, err)
							}
							mine = append(mine, time.Since(t0))
						}
						mu.Lock()
						lat, errs = append(lat, mine...), errs+bad
						firstErr = cmp.Or(firstErr, mineErr)
						mu.Unlock()
					}()
				}
				wg.Wait()
				elapsed += time.Since(start)
			}
			if errs > 0 {
				b.Errorf("%d of %d requests failed; first: %v", errs, len(lat), firstErr)
			}
			slices.Sort(lat)
			b.ReportMetric(float64(len(lat))/elapsed.Seconds(), "queries/s")
			b.ReportMetric(msOf(lat[len(lat)/2]), "p50-ms")
			b.ReportMetric(msOf(lat[len(lat)*95/100]), "p95-ms")
			b.ReportMetric(float64(errs), "errors")
		})
	}
}

func msOf(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
