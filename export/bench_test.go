package export

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/fednews/fednews/corpus"
)

// BenchmarkExportFigures1M exports 1,000,000 figure rows (generated, so the
// numbers are the export's own) and reports rows/s and the peak heap growth.
func BenchmarkExportFigures1M(b *testing.B) {
	const rows = 1_000_000
	for _, format := range []Format{CSV, JSONL} {
		b.Run(string(format), func(b *testing.B) {
			var peak uint64
			var out int64
			start := time.Now()
			for range b.N {
				p, o := exportPeakHeap(b, rows, format)
				peak, out = max(peak, p), o
			}
			el := time.Since(start).Seconds()
			b.SetBytes(out)
			b.ReportMetric(float64(rows*b.N)/el, "rows/s")
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
		})
	}
}

// BenchmarkExportStore exports the figures of a real store (SQLite) with
// places from the gazetteer: what `fednews export figures` does. The store
// holds $FEDNEWS_EXPORT_BENCH_DOCS documents (default 2,000) of 20 figures.
func BenchmarkExportStore(b *testing.B) {
	docs := 2000
	if s := os.Getenv("FEDNEWS_EXPORT_BENCH_DOCS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			b.Fatalf("FEDNEWS_EXPORT_BENCH_DOCS=%q: want a positive number", s)
		}
		docs = n
	}
	const perDoc = 20
	ctx := context.Background()
	st, err := corpus.Open(ctx, b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	v := 12.5
	for i := range docs {
		doc := &corpus.Document{URL: fmt.Sprintf("https://example.org/a/%d.html", i), Title: fmt.Sprintf("安徽省工商联召开第%d次常委会议", i),
			Source: "安徽省工商联", Published: time.Date(2022, 5, 6, 0, 0, 0, 0, cst),
			Original: strings.Repeat(fmt.Sprintf("全年民营企业投资达12.5亿元，第%d项同比增长百分之八。", i), perDoc),
			// As ingest stores them (extract.Entities).
			Entities: &corpus.Entities{Version: 1, About: corpus.Places{Provinces: []string{"安徽省"}},
				Mentioned: corpus.Places{Provinces: []string{"安徽省"}}, Orgs: []corpus.Org{{Name: "安徽省工商联", Surface: "安徽省工商联"}}}}
		corpus.Prepare(doc)
		figs := make([]corpus.Figure, perDoc)
		for j := range figs {
			figs[j] = corpus.Figure{Kind: corpus.KindMoney, Text: "12.5亿元", Start: j * 30, End: j*30 + 6, Value: &v, Unit: "CNY", Subject: "民营企业投资"}
		}
		if _, err := st.Put(ctx, doc, figs); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	var peak uint64
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc
	src := sampledStore{st, func(d *corpus.Document) {
		if d.ID%500 == 0 {
			runtime.ReadMemStats(&ms)
			if ms.HeapAlloc > base {
				peak = max(peak, ms.HeapAlloc-base)
			}
		}
	}}
	start := time.Now()
	rows := 0
	for range b.N {
		n, err := Figures(ctx, io.Discard, src, nil, Options{})
		if err != nil {
			b.Fatal(err)
		}
		rows += n
	}
	b.ReportMetric(float64(rows)/time.Since(start).Seconds(), "rows/s")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
}

// sampledStore calls sample with each document EachFigure passes on.
type sampledStore struct {
	*corpus.Store
	sample func(*corpus.Document)
}

func (s sampledStore) EachFigure(ctx context.Context, ids []int64, fn func(*corpus.Document, corpus.Figure) error) error {
	return s.Store.EachFigure(ctx, ids, func(d *corpus.Document, f corpus.Figure) error {
		s.sample(d)
		return fn(d, f)
	})
}
