package extracteval

import (
	"strings"
	"testing"
	"time"

	"github.com/fednews/fednews/ingest"
	_ "github.com/fednews/fednews/ingest/trafextract" // the combination under test
	"github.com/markusmobius/go-trafilatura"
)

// BenchmarkExtractors runs, on the same 39 cwced pages in the same
// iteration, the combined extractor (ExtractArticle), the old goquery path
// alone (GoqueryOnly), go-trafilatura alone as the combination runs it
// (fallbacks on, its date search off) and go-trafilatura as the test's
// baseline (fallbacks and date search on), and reports pages per second for
// each and the combination's cost over go-trafilatura's (goal <= 2).
// go-trafilatura is given the decoded page; ExtractArticle decodes its own.
//
//	go test -run '^$' -bench Extractors -benchtime 1x ./ingest/extracteval/
func BenchmarkExtractors(b *testing.B) {
	pages := readCWCED(b)
	decoded := make([]string, len(pages))
	for i, pg := range pages {
		text, _, err := ingest.Decode(pg.raw, "")
		if err != nil {
			b.Fatal(err)
		}
		decoded[i] = text
	}
	now := time.Date(2022, 3, 1, 0, 0, 0, 0, time.UTC)
	var combined, old, traf, trafDates time.Duration
	timeIt := func(d *time.Duration, f func(i int)) {
		start := time.Now()
		for i := range pages {
			f(i)
		}
		*d += time.Since(start)
	}
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		timeIt(&combined, func(i int) { ingest.ExtractArticle(pages[i].raw, "", ingest.ExtractOptions{Now: now}) })
		timeIt(&old, func(i int) {
			ingest.ExtractArticle(pages[i].raw, "", ingest.ExtractOptions{Now: now, GoqueryOnly: true})
		})
		timeIt(&traf, func(i int) {
			trafilatura.Extract(strings.NewReader(decoded[i]), trafilatura.Options{EnableFallback: true,
				ExcludeComments: true, HtmlDateMode: trafilatura.Disabled})
		})
		timeIt(&trafDates, func(i int) {
			trafilatura.Extract(strings.NewReader(decoded[i]), trafilatura.Options{EnableFallback: true})
		})
	}
	perSec := func(d time.Duration) float64 { return float64(b.N*len(pages)) / d.Seconds() }
	b.ReportMetric(perSec(combined), "combined_pages/s")
	b.ReportMetric(perSec(old), "goquery_pages/s")
	b.ReportMetric(perSec(traf), "trafilatura_pages/s")
	b.ReportMetric(perSec(trafDates), "trafilatura+dates_pages/s")
	b.ReportMetric(combined.Seconds()/traf.Seconds(), "combined/trafilatura_cost")
}
