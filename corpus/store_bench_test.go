package corpus

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
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

// BenchmarkStorePutGrowth writes 10,000 distinct documents into one store
// and reports the write rate of the thousand ending at 5,000 and of the
// last thousand: with indexed lookups (canonical URL, content hash, LSH
// bands) the rate stays flat as the store doubles, where a scan per Put
// would halve it. (The first few thousand run faster while the database
// still fits in memory caches.)
func BenchmarkStorePutGrowth(b *testing.B) {
	const n, window = 10000, 1000
	ctx := context.Background()
	r := rand.New(rand.NewPCG(5, 6))
	var first, last float64
	for range b.N {
		b.StopTimer()
		s, err := Open(ctx, b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		docs := make([]string, n)
		for i := range docs {
			docs[i] = string([]rune(syntheticArticle(r))[:600])
		}
		b.StartTimer()
		var t0 time.Time
		for i, text := range docs {
			if i == n/2-window || i == n-window {
				t0 = time.Now()
			}
			if _, err := s.Put(ctx, &Document{URL: fmt.Sprintf("https://bench.example/%d", i), Original: text}, nil); err != nil {
				b.Fatal(err)
			}
			switch i {
			case n/2 - 1:
				first = window / time.Since(t0).Seconds()
			case n - 1:
				last = window / time.Since(t0).Seconds()
			}
		}
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
	b.ReportMetric(first, "at-5k-docs/s")
	b.ReportMetric(last, "at-10k-docs/s")
	b.ReportMetric(last/first, "10k/5k")
}
