package bleveindex

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/index"
	"github.com/fednews/fednews/internal/shared"
	"github.com/fednews/fednews/zh"
)

// benchDocs is the size of the benchmark corpus: $FEDNEWS_BENCH_DOCS,
// default 100,000.
func benchDocs(b *testing.B) int {
	if s := os.Getenv("FEDNEWS_BENCH_DOCS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 100 {
			b.Fatalf("FEDNEWS_BENCH_DOCS=%q: want a number >= 100", s)
		}
		return n
	}
	return 100000
}

var (
	benchOnce    sync.Once
	benchEntries []Entry
	benchQueries []string
)

// benchCorpus builds n documents of about 1.5 KB from the paragraphs of
// the fixtures, the demo corpus and (when present) the seeds: each draws
// its own paragraphs, title, source, date and figures, so no two are alike.
func benchCorpus(b *testing.B, n int) ([]Entry, []string) { return benchCorpusT(b, n) }

func benchCorpusT(b testing.TB, n int) ([]Entry, []string) {
	benchOnce.Do(func() {
		src := append(fixtureEntries(b), demoEntries(b)...)
		if shared.Dir() != "" {
			src = append(src, seedEntries(b)...)
		}
		var paras, titles, sources []string
		for _, e := range src {
			for _, p := range strings.Split(e.Doc.Original, "\n") {
				if p = strings.TrimSpace(p); len(p) > 30 {
					paras = append(paras, p)
				}
			}
			titles = append(titles, e.Doc.Title)
			if e.Doc.Source != "" {
				sources = append(sources, e.Doc.Source)
			}
		}
		rng := rand.New(rand.NewPCG(1, 2))
		benchEntries = make([]Entry, n)
		var wg sync.WaitGroup
		workers := 2
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r := rand.New(rand.NewPCG(uint64(w), 99))
				for i := w; i < n; i += workers {
					var body strings.Builder
					for body.Len() < 1400 {
						p := []rune(paras[r.IntN(len(paras))])
						cut := r.IntN(max(1, len(p)/3)) // start mid-paragraph now and then
						body.WriteString(string(p[cut:]))
						body.WriteString("\n")
					}
					fmt.Fprintf(&body, "（第%d期，编号%d）", i%997, i)
					pub := time.Date(2015+r.IntN(11), time.Month(1+r.IntN(12)), 1+r.IntN(28), 9, 0, 0, 0, zh.China)
					d := newDoc(int64(i+1), titles[r.IntN(len(titles))], sources[r.IntN(len(sources))], body.String(), pub)
					var figs []corpus.Figure
					if r.IntN(3) == 0 {
						v := float64(r.IntN(100000)) * 1e4
						figs = append(figs, corpus.Figure{Kind: corpus.KindMoney, Value: &v, Unit: "CNY"})
					}
					benchEntries[i] = Entry{Doc: d, Figures: figs}
				}
			}()
		}
		wg.Wait()
		benchQueries = append([]string{}, domainTerms...)
		for len(benchQueries) < 200 {
			p := []rune(paras[rng.IntN(len(paras))])
			k := 2 + rng.IntN(4)
			i := rng.IntN(max(1, len(p)-k))
			if q := string(p[i:min(len(p), i+k)]); !strings.ContainsAny(q, "\" ") {
				benchQueries = append(benchQueries, q)
			}
		}
	})
	return benchEntries, benchQueries
}

// BenchmarkIndex builds an index of FEDNEWS_BENCH_DOCS documents with the
// fednews schema and three baselines in the same run — the same without the
// n-gram fields that make phrases exact (the cost of exactness), without
// the word fields (the cost of word relevance, TestRanking), and bleve's
// cjk analyzer — and measures indexing speed, size on disk and
// query latency.
func BenchmarkIndex(b *testing.B) {
	n := benchDocs(b)
	entries, queries := benchCorpus(b, n)
	if _, err := segmenter(); err != nil {
		b.Fatal(err)
	}
	results := map[string]map[string]float64{}
	for _, v := range []struct {
		name string
		s    schema
	}{
		{"fednews", fednewsSchema},
		{"words-only", schema{wordAnalyzer: AnalyzerZhSearch, bodyWords: true}},
		{"bigrams-only", bigramSchema},
		{"cjk", cjkSchema},
	} {
		b.Run(v.name, func(b *testing.B) {
			for range b.N {
				results[v.name] = benchSchema(b, v.s, entries, queries)
			}
		})
	}
	// The baseline's time over ours, metric by metric: above 1, fednews is faster.
	b.Run("cjk-over-fednews", func(b *testing.B) {
		ours, base := results["fednews"], results["cjk"]
		if ours == nil || base == nil {
			b.Skip("needs both the fednews and the cjk runs (-bench 'Index/(fednews|cjk)')")
		}
		for _, m := range []string{"phrase-p95-ms", "phrase+4facets+hist-p95-ms", "all+4facets+hist-p95-ms", "cpu-µs/doc"} {
			b.ReportMetric(base[m]/ours[m], m+"-ratio")
		}
	})
}

// benchSchema reports its metrics and returns them by unit.
func benchSchema(b *testing.B, s schema, entries []Entry, queries []string) map[string]float64 {
	got := map[string]float64{}
	report := func(v float64, unit string) {
		b.ReportMetric(v, unit)
		got[unit] = v
	}
	ctx := context.Background()
	dir := filepath.Join(b.TempDir(), "ix")
	bi, err := create(dir, newMapping(s))
	if err != nil {
		b.Fatal(err)
	}
	start, cpu0 := time.Now(), cpuTime()
	i := 0
	next := func() (*pendingBatch, error) { // as Update does, without the store
		if i >= len(entries) {
			return nil, nil
		}
		part := entries[i:min(len(entries), i+batchSize)]
		i += len(part)
		return buildBatch(bi, s, part, len(part), nil)
	}
	if _, err := writeBatches(ctx, bi, next, nil); err != nil {
		b.Fatal(err)
	}
	// Closing waits for the last segments to reach the disk; reopening
	// drops the files merges made obsolete, so the size is the index's.
	if err := bi.Close(); err != nil {
		b.Fatal(err)
	}
	took, cpu := time.Since(start), cpuTime()-cpu0
	if bi, err = openBleve(dir, true); err != nil {
		b.Fatal(err)
	}
	defer bi.Close()
	report(float64(len(entries))/took.Seconds(), "docs/s")
	// CPU time per document does not depend on what else the machine runs.
	report(float64(cpu.Microseconds())/float64(len(entries)), "cpu-µs/doc")
	report(float64(dirSize(dir))/1e6, "MB-on-disk")
	var bytes int64
	for _, e := range entries {
		bytes += int64(len(e.Doc.Original))
	}
	b.SetBytes(bytes / int64(b.N))

	ix := &Index{bi: bi, readOnly: true}
	// matched[q] is the number of documents q matches: latency depends on it.
	matched := map[string]int{}
	search := func(req index.Request) {
		if !s.ngrams {
			cjkSearch(b, bi, s, req)
			return
		}
		res, err := ix.Search(ctx, req)
		if err != nil {
			b.Fatal(err)
		}
		matched[req.Query] = res.Documents
	}
	phrase := func(q string) index.Request { return index.Request{Query: `"` + q + `"`} }
	if s.ngrams {
		// The first faceted search of a snapshot builds its facet columns.
		t0 := time.Now()
		search(index.Request{Query: "*", Facets: []string{"province", "year", "org", "kind"}, Histogram: true})
		report(ms(time.Since(t0)), "first-facet-search-ms")
	}
	for _, q := range queries { // warm the page cache: the index was just reopened
		search(phrase(q))
	}
	run := func(name string, qs []string, selectiveToo bool, req func(q string) index.Request) {
		var lat, selective []time.Duration
		for _, q := range qs {
			t0 := time.Now()
			search(req(q))
			d := time.Since(t0)
			lat = append(lat, d)
			if n := matched[phrase(q).Query]; selectiveToo && s.ngrams && n*20 <= len(entries) {
				selective = append(selective, d)
			}
		}
		slices.Sort(lat)
		report(ms(lat[len(lat)/2]), name+"-p50-ms")
		report(ms(lat[len(lat)*95/100]), name+"-p95-ms")
		if len(selective) > 0 {
			// Queries matching at most 5% of the documents: facets over
			// huge result sets dominate the others.
			slices.Sort(selective)
			report(ms(selective[len(selective)*95/100]), name+"-p95-ms-selective")
			report(float64(len(selective)), name+"-selective-queries")
		}
	}
	run("phrase", queries, true, phrase)
	run("phrase+4facets+hist", queries, true, func(q string) index.Request {
		return index.Request{Query: `"` + q + `"`, Facets: []string{"province", "year", "org", "kind"}, Histogram: true}
	})
	run("all+4facets+hist", queries[:20], false, func(string) index.Request {
		return index.Request{Query: "*", Facets: []string{"province", "year", "org", "kind"}, Histogram: true}
	})
	if s.ngrams {
		// What an export of a broad query waits for: every matching ID.
		t0 := time.Now()
		ids, err := ix.IDs(ctx, index.Request{Query: "工商联"}, 0)
		if err != nil {
			b.Fatal(err)
		}
		report(ms(time.Since(t0)), "ids-工商联-ms")
		report(float64(len(ids)), "ids-工商联-documents")
	}
	return got
}

// histogramBuckets is the size of the month facet of the baselines: every month.
const histogramBuckets = 10000

// cjkSearch runs a baseline request: the phrase on the word fields with
// their analyzer (no snippets, no collapsing: the baselines are lower bounds).
func cjkSearch(b *testing.B, bi bleve.Index, s schema, req index.Request) {
	var q query.Query = query.NewMatchAllQuery()
	if req.Query != "*" {
		var qs []query.Query
		for _, f := range []string{fTitleWords, fBodyWords} {
			mq := query.NewMatchPhraseQuery(strings.Trim(req.Query, `"`))
			mq.SetField(f)
			if s.wordAnalyzer == cjk.AnalyzerName {
				mq.Analyzer = cjk.AnalyzerName
			} else {
				mq.Analyzer = AnalyzerZhPrecise
			}
			qs = append(qs, mq)
		}
		q = query.NewDisjunctionQuery(qs)
	}
	sr := bleve.NewSearchRequestOptions(q, 10, 0, false)
	sr.Fields = []string{fTitleOrig, fURL, fSource, fPublished}
	for _, f := range req.Facets {
		sr.AddFacet(f, bleve.NewFacetRequest(f, 10))
	}
	if req.Histogram {
		sr.AddFacet("_month", bleve.NewFacetRequest(fMonth, histogramBuckets))
	}
	if _, err := bi.Search(sr); err != nil {
		b.Fatal(err)
	}
}

// cpuTime is the CPU time (user and system) the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func dirSize(dir string) int64 {
	var n int64
	filepath.Walk(dir, func(_ string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			n += fi.Size()
		}
		return nil
	})
	return n
}

// BenchmarkSearchProcess measures one `fednews search` process from start
// to answer (binary built beforehand) on a small index: what a researcher
// waits for at the terminal.
func BenchmarkSearchProcess(b *testing.B) {
	tmp := b.TempDir()
	bin := filepath.Join(tmp, "fednews")
	build := exec.Command("go", "build", "-o", bin, "../../cmd/fednews")
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("build: %v\n%s", err, out)
	}
	data := filepath.Join(tmp, "data")
	ix, err := Open(filepath.Join(data, "index"))
	if err != nil {
		b.Fatal(err)
	}
	if err := ix.Add(context.Background(), append(fixtureEntries(b), demoEntries(b)...)); err != nil {
		b.Fatal(err)
	}
	ix.Close()
	var lat []time.Duration
	b.ResetTimer()
	for range b.N {
		for range 5 {
			t0 := time.Now()
			out, err := exec.Command(bin, "search", "--data="+data, "--json", "--facet=province", "營商環境").Output()
			if err != nil || !strings.Contains(string(out), `"total"`) {
				b.Fatalf("search: %v\n%s", err, out)
			}
			lat = append(lat, time.Since(t0))
		}
	}
	slices.Sort(lat)
	b.ReportMetric(ms(lat[len(lat)/2]), "wall-p50-ms")
	b.ReportMetric(ms(lat[len(lat)-1]), "wall-max-ms")
}
