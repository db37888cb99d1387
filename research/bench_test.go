package research

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/index"
	"github.com/fednews/fednews/index/bleveindex"
	"github.com/fednews/fednews/research/researchtest"
)

// benchDocs is the size of the benchmark collection: small, so that it
// builds in seconds on a shared machine (the 100,000 are not
// measured here).
const benchDocs = 1000

func benchEngine(b *testing.B) (*Engine, *bleveindex.Index) {
	b.Helper()
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
	return New(ix, st), ix
}

// BenchmarkResearch measures each view of a broad query (every document)
// beside the plain search of the same query, on benchDocs documents.
func BenchmarkResearch(b *testing.B) {
	e, ix := benchEngine(b)
	ctx := context.Background()
	const q = "工商联"
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
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				if err := bc.run(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
