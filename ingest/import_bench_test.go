package ingest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fednews/fednews/corpus"
)

// benchArticle returns paragraphs of text drawn from the frequent
// characters, so that every benchmark article is distinct and none is a
// near duplicate of another.
func benchArticle(r *rand.Rand, paragraphs int) []string {
	pool := []rune(commonHan)
	out := make([]string, paragraphs)
	for p := range out {
		var b strings.Builder
		for i := 0; i < 180; i++ {
			b.WriteRune(pool[r.IntN(len(pool))])
			switch {
			case i%30 == 29:
				b.WriteString("。")
			case i%10 == 9:
				b.WriteString("，")
			}
		}
		out[p] = b.String()
	}
	return out
}

// BenchmarkImport imports 400 files (half .txt, half .html pages with
// navigation and footer around the article) into a new store, and reports
// documents/s, input MB/s and the store's size per document.
func BenchmarkImport(b *testing.B) {
	const files = 400
	dir := b.TempDir()
	r := rand.New(rand.NewPCG(3, 4))
	tmpl := readFixture(b, "pages/news.html")
	var total int64
	for i := 0; i < files; i++ {
		paras := benchArticle(r, 8)
		var data string
		name := fmt.Sprintf("%03d/article-%d", i%10, i)
		if i%2 == 0 {
			data = fmt.Sprintf("第%d篇文章\n%s\n", i, strings.Join(paras, "\n"))
			name += ".txt"
		} else {
			start := strings.Index(tmpl, `<div class="content"`)
			end := strings.Index(tmpl, `<div class="related">`)
			data = tmpl[:start] + `<div class="content"><p>` + strings.Join(paras, "</p>\n<p>") + "</p></div>\n" + tmpl[end:]
			name += ".html"
		}
		writeTestFile(b, dir, name, []byte(data))
		total += int64(len(data))
	}
	b.SetBytes(total)
	var perDoc float64
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		data := b.TempDir()
		store, err := corpus.Open(context.Background(), data)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		sum, err := Import(context.Background(), store, []string{dir}, ImportOptions{})
		if err != nil || sum.New != files || len(sum.Failed) != 0 {
			b.Fatalf("import: %+v, %v", sum, err)
		}
		b.StopTimer()
		store.Close() // checkpoints the WAL into the database file
		fi, err := os.Stat(filepath.Join(data, corpus.DBFile))
		if err != nil {
			b.Fatal(err)
		}
		perDoc = float64(fi.Size()) / files
		b.StartTimer()
	}
	b.ReportMetric(float64(files*b.N)/b.Elapsed().Seconds(), "docs/s")
	b.ReportMetric(perDoc, "store-bytes/doc")
	b.ReportMetric(float64(total)/files, "file-bytes/doc")
}
