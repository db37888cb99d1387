package corpus

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// syntheticArticle returns a ~2,000-character text of Han characters drawn
// from the 3,000 most frequent code points' range, with Chinese punctuation,
// so that every benchmark document is distinct.
func syntheticArticle(r *rand.Rand) string {
	var b strings.Builder
	for p := 0; p < 8; p++ {
		for i := 0; i < 250; i++ {
			b.WriteRune(rune(0x4e00 + r.IntN(3000)))
			if i%25 == 24 {
				b.WriteString("，")
			}
		}
		b.WriteString("。\n")
	}
	return b.String()
}

// BenchmarkStorePut writes 1,000 distinct 2,000-character documents with
// five figures each, and reports documents/s and the database size per
// document (text, normalized copy, sketch, indexes).
func BenchmarkStorePut(b *testing.B) {
	const n = 1000
	ctx := context.Background()
	r := rand.New(rand.NewPCG(1, 2))
	docs := make([]string, n)
	for i := range docs {
		docs[i] = syntheticArticle(r)
	}
	figs := make([]Figure, 5)
	for i := range figs {
		figs[i] = Figure{Kind: KindMoney, Text: "1.2万元", Start: 10 * i, End: 10*i + 5, Value: ptr(12000), Unit: "CNY", Sentence: "全省民营企业实现营业收入1.2万元。"}
	}
	var perDoc float64
	b.ResetTimer()
	for it := 0; it < b.N; it++ {
		b.StopTimer()
		dir := b.TempDir()
		s, err := Open(ctx, dir)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		for i, text := range docs {
			if _, err := s.Put(ctx, &Document{URL: fmt.Sprintf("https://bench.example/%d", i), Title: "标题", Original: text}, figs); err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		if _, err := s.db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
			b.Fatal(err)
		}
		s.Close()
		fi, err := os.Stat(filepath.Join(dir, DBFile))
		if err != nil {
			b.Fatal(err)
		}
		perDoc = float64(fi.Size()) / n
		b.StartTimer()
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "docs/s")
	b.ReportMetric(perDoc, "bytes/doc")
	b.ReportMetric(float64(len(docs[0])), "text-bytes/doc")
}

// BenchmarkStorePutGrowth writes 10,000 distinct 600-character documents
// into one store (FEDNEWS_BENCH_DOCS=100000 for the long run) and reports
// the write rate of the thousand ending at half that number and of the
// last thousand: with indexed lookups (canonical URL, content hash, LSH
// bands) the rate stays flat as the store doubles, where a scan per Put
// would halve it. It then stores an edited copy of the first document and
// reports how long finding its cluster among all the others took.
func BenchmarkStorePutGrowth(b *testing.B) {
	n, window := 10000, 1000
	if v, err := strconv.Atoi(os.Getenv("FEDNEWS_BENCH_DOCS")); err == nil && v >= 2*window {
		n = v
	}
	ctx := context.Background()
	var half, last float64
	var nearDup time.Duration
	for range b.N {
		b.StopTimer()
		s, err := Open(ctx, b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		r := rand.New(rand.NewPCG(5, 6))
		article := func() string { return string([]rune(syntheticArticle(r))[:600]) }
		first := article()
		b.StartTimer()
		var t0 time.Time
		for i := 0; i < n; i++ {
			text := first
			if i > 0 {
				text = article()
			}
			if i == n/2-window || i == n-window {
				t0 = time.Now()
			}
			if _, err := s.Put(ctx, &Document{URL: fmt.Sprintf("https://bench.example/%d", i), Original: text}, nil); err != nil {
				b.Fatal(err)
			}
			switch i {
			case n/2 - 1:
				half = float64(window) / time.Since(t0).Seconds()
			case n - 1:
				last = float64(window) / time.Since(t0).Seconds()
			}
		}
		edited := []rune(first)
		copy(edited[100:110], []rune("这里被编辑改写过了的句"))
		t0 = time.Now()
		res, err := s.Put(ctx, &Document{URL: "https://bench.example/edited", Original: string(edited)}, nil)
		nearDup = time.Since(t0)
		if err != nil || res.Cluster != 1 {
			b.Fatalf("edited copy of document 1: %+v, %v; want cluster 1", res, err)
		}
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(n), "docs")
	b.ReportMetric(half, "at-half-docs/s")
	b.ReportMetric(last, "at-end-docs/s")
	b.ReportMetric(last/half, "end/half")
	b.ReportMetric(float64(nearDup.Microseconds()), "near-dup-put-us")
}
