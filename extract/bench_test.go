package extract

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/fednews/fednews/internal/shared"
	"github.com/fednews/fednews/zh"
)

// benchDocs returns the seed articles, normalized, repeated to about 4 MB.
func benchDocs(b *testing.B) ([]string, []zh.Result, int) {
	b.Helper()
	dir := shared.Path(b, "corpus/seeds")
	paths, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(paths) == 0 {
		b.Fatalf("no seeds in %s: %v", dir, err)
	}
	var origs []string
	var norms []zh.Result
	size := 0
	for size < 4<<20 {
		for _, p := range paths {
			data, err := os.ReadFile(p)
			if err != nil {
				b.Fatal(err)
			}
			origs = append(origs, string(data))
			n := zh.Normalize(string(data), zh.AllSteps)
			norms = append(norms, n)
			size += len(n.Text)
		}
	}
	return origs, norms, size
}

// BenchmarkFigures measures extraction on normalized text (MB/s of
// normalized UTF-8) and, in the same run, gse segmentation of the same
// text: x_gse is how many times faster extraction is.
func BenchmarkFigures(b *testing.B) {
	origs, norms, size := benchDocs(b)
	seg, err := zh.DefaultSegmenter()
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	for _, n := range norms {
		seg.Precise(n.Text)
	}
	gse := time.Since(start)
	b.SetBytes(int64(size))
	b.ResetTimer()
	figures := 0
	for b.Loop() {
		figures = 0
		for i := range norms {
			figures += len(Figures(origs[i], norms[i], Options{}))
		}
	}
	perOp := b.Elapsed() / time.Duration(b.N)
	b.ReportMetric(float64(size)/1e6/gse.Seconds(), "gse_MB/s")
	b.ReportMetric(gse.Seconds()/perOp.Seconds(), "x_gse")
	b.ReportMetric(float64(figures), "figures/op")
}

// BenchmarkParseNumber measures the numeral parser alone.
func BenchmarkParseNumber(b *testing.B) {
	inputs := [][]rune{[]rune("16.4亿"), []rune("四亿五千六百四十二万零一十五"), []rune("1,100.9亿"), []rune("二〇二二"), []rune("3万4000")}
	for b.Loop() {
		for _, rs := range inputs {
			parseNumber(rs, 0, false)
		}
	}
}
