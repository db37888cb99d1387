package research

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/index"
	"github.com/fednews/fednews/index/bleveindex"
	"github.com/fednews/fednews/research/researchtest"
)

// benchDataEnv names a data directory (fednews.db and index/, e.g. a copy
// of the shared 100,000-document one) for BenchmarkResearch to read
// instead of building its small collection.
const benchDataEnv = "FEDNEWS_RESEARCH_BENCH_DATA"

// benchDocs is the size of the collection built when benchDataEnv is
// unset: small, so that `make bench` builds it in seconds.
const benchDocs = 1000

func benchEngine(b *testing.B) (*Engine, *bleveindex.Index, string) {
	b.Helper()
	if dir := os.Getenv(benchDataEnv); dir != "" {
		ctx := context.Background()
		st, err := corpus.OpenReadOnly(ctx, dir)
		if err != nil {
			b.Fatalf("%s=%s: %v", benchDataEnv, dir, err)
		}
		b.Cleanup(func() { st.Close() })
		ix, err := bleveindex.OpenReadOnly(filepath.Join(dir, "index"))
		if err != nil {
			b.Fatalf("%s=%s: %v", benchDataEnv, dir, err)
		}
		b.Cleanup(func() { ix.Close() })
		ix.UseTexts(st)
		return New(ix, st), ix, dir
	}
	r := rand.New(rand.NewPCG(1, 2))
	places := []string{"江西省万年县", "山东省郯城县", "湖南省长沙县", "浙江省义乌市"}
	topics := []string{"优化营商环境", "女企业家商会成立", "乡村振兴", "民营经济发展", "会员企业培训"}
	arts := make([]researchtest.Article, benchDocs)
	for i := range arts {
		p, t := places[r.IntN(len(places))], topics[r.IntN(len(topics))]
		v := float64(10 + r.IntN(500))
		text := fmt.Sprintf("%s工商联第%d次会议，围绕%s开展工作，现有会员企业%d家。", p, i, t, int(v))
		arts[i] = researchtest.Article{Day: fmt.Sprintf("20%02d-%02d-%02d", 20+r.IntN(5), 1+r.IntN(12), 1+r.IntN(28)),
			Title: p + t, Text: text, Figures: []corpus.Figure{{Kind: corpus.KindCount, Text: "家", Value: &v, Unit: "家", Topic: "members"}}}
	}
	st, ix := researchtest.New(b, b.TempDir(), arts)
	return New(ix, st), ix, fmt.Sprintf("%d generated", benchDocs)
}

// BenchmarkResearch measures each view of a broad query beside the plain
// search of the same query, in one run, and reports each one's p95 and
// the number of stories the query matched. It reads benchDataEnv's data
// when set (the 100,000 documents), else builds benchDocs.
// The figure explorer's index is read once before the timed runs (as a
// server reads it on the first request after a store change); its cold
// load is the figures-index-load row.
func BenchmarkResearch(b *testing.B) {
	e, ix, what := benchEngine(b)
	ctx := context.Background()
	const q = "工商联"
	ids, err := ix.IDs(ctx, index.Request{Query: q}, 0)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("data: %s; query %s matches %d stories", what, q, len(ids))
	for _, bc := range []struct {
		name string
		run  func() error
	}{
		{"search", func() error { _, err := ix.Search(ctx, index.Request{Query: q, Histogram: true}); return err }},
		{"trend-share", func() error {
			_, err := e.Trend(ctx, TrendRequest{Queries: []string{q, "商会"}, By: "month"})
			return err
		}},
		{"terms", func() error { _, err := e.Terms(ctx, TermsRequest{Query: q}); return err }},
		{"kwic-first-page", func() error {
			_, err := e.KWIC(ctx, KWICRequest{Query: q, Sort: "right", Limit: 50})
			return err
		}},
		{"figures-county-year", func() error { _, err := e.Figures(ctx, FigureRequest{Query: q, Rows: "county"}); return err }},
		{"figures-index-load", func() error {
			x := newFigIndex()
			seq, err := e.st.MaxSeq(ctx)
			if err == nil {
				err = x.update(ctx, e.st, seq)
			}
			return err
		}},
	} {
		if err := bc.run(); err != nil { // warm: caches, the figure index
			b.Fatal(err)
		}
		b.Run(bc.name, func(b *testing.B) {
			var lat []time.Duration
			for b.Loop() {
				t0 := time.Now()
				if err := bc.run(); err != nil {
					b.Fatal(err)
				}
				lat = append(lat, time.Since(t0))
			}
			slices.Sort(lat)
			b.ReportMetric(float64(lat[len(lat)*95/100].Microseconds())/1000, "p95-ms")
			b.ReportMetric(float64(len(ids)), "stories")
		})
	}
}

// BenchmarkTermsSample measures what sampling costs top terms: for a
// query of a few thousand stories, the top 20 of an even sample of n
// stories against the top 20 of every story (overlap, 1 is the same
// words), and the time of each. FEDNEWS_TERMS_QUERY picks the query.
func BenchmarkTermsSample(b *testing.B) {
	e, ix, what := benchEngine(b)
	ctx := context.Background()
	q := os.Getenv("FEDNEWS_TERMS_QUERY")
	if q == "" {
		q = "女企业家"
	}
	ids, err := ix.IDs(ctx, index.Request{Query: q, NoCollapse: true}, 0)
	if err != nil {
		b.Fatal(err)
	}
	exact, err := e.Terms(ctx, TermsRequest{Query: q, Limit: 20, MaxDocs: len(ids)})
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("data: %s; query %s: %d documents, exact top 20 %v", what, q, len(ids), words(exact))
	for _, n := range []int{100, DefaultTermDocs, 400, 2000} {
		b.Run(fmt.Sprintf("sample-%d", n), func(b *testing.B) {
			var got *Terms
			for b.Loop() {
				if got, err = e.Terms(ctx, TermsRequest{Query: q, Limit: 20, MaxDocs: n}); err != nil {
					b.Fatal(err)
				}
			}
			same := 0
			for _, w := range words(got) {
				if slices.Contains(words(exact), w) {
					same++
				}
			}
			b.ReportMetric(float64(same)/float64(max(1, len(exact.Terms))), "top20-overlap")
			b.ReportMetric(float64(got.Read), "docs-read")
		})
	}
}

func words(t *Terms) []string {
	var w []string
	for _, x := range t.Terms {
		w = append(w, x.Word)
	}
	return w
}
