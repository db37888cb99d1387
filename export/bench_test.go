package export

import (
	"testing"
	"time"
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
