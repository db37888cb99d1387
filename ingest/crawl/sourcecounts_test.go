package crawl

import (
	"context"
	"strings"
	"testing"
	"time"
)

// The summary and the run record have each source's counts; a source that
// brings nothing new for longer than stale_after is flagged, from the run
// records, and one that cannot be reached at all is wholly failed.
func TestSourceCountsAndStaleness(t *testing.T) {
	site, public := newDemo(t)
	srv, _ := serve(t, site)
	st, _ := openStore(t)
	ctx := context.Background()
	cfg := demoConfigAll(t, srv.URL)
	// A source whose host refuses connections: wholly failed.
	cfg.Sources = append(cfg.Sources, Source{Name: "down", Start: []string{"http://127.0.0.1:1/list.html"}, Articles: []string{"/a/"}, AllowPrivate: true})
	cfg.Retries = 0
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	clk := &clock{now: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
	opts := Options{Now: clk.Now}
	sum, err := Run(ctx, cfg, st, opts)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"demo": len(public)}
	for _, sec := range site.Sections() {
		want["demo-"+sec.Kind] = len(sec.Articles)
	}
	for name, n := range want {
		ss := sum.Sources[name]
		if ss == nil || ss.New != n || ss.Fetched == 0 || ss.FailedTotal() != 0 || ss.Newest.IsZero() || ss.Stale || ss.WhollyFailed() {
			t.Errorf("source %s: %+v, want %d new", name, ss, n)
		}
	}
	if d := sum.Sources["down"]; d == nil || !d.WhollyFailed() || d.Failed["robots"] != 1 {
		t.Errorf("source down: %+v, want wholly failed (robots.txt unreachable)", d)
	}
	var out strings.Builder
	sum.Print(&out)
	if !strings.Contains(out.String(), "source demo-hanweb: fetched 48, not modified 0, new 45, updated 0, failed 0, newest article 20") ||
		!strings.Contains(out.String(), "WARNING: nothing of source down could be fetched") {
		t.Errorf("summary:\n%s", out.String())
	}
	runs, err := st.Runs(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	back := ParseSourceCounts(runs[0].Counts)
	if b := back["demo-trs"]; b == nil || b.New != want["demo-trs"] || dateNumber(b.Newest) != dateNumber(sum.Sources["demo-trs"].Newest) {
		t.Errorf("run record for demo-trs: %+v", b)
	}

	// 31 days on with nothing new: every source is stale, and says since when.
	clk.advance(31 * 24 * time.Hour)
	cfg.Recheck = Duration{24 * time.Hour}
	sum, err = Run(ctx, cfg, st, opts)
	if err != nil {
		t.Fatal(err)
	}
	for name := range want {
		if ss := sum.Sources[name]; !ss.Stale || ss.LastNew.Format("2006-01-02") != "2026-03-01" || ss.Newest.IsZero() {
			t.Errorf("source %s after 31 days: %+v, want stale since 2026-03-01 with its newest date carried over", name, ss)
		}
	}
	out.Reset()
	sum.Print(&out)
	if !strings.Contains(out.String(), "WARNING: no new article from source demo-feed since 2026-03-01") {
		t.Errorf("summary:\n%s", out.String())
	}
	cfg.StaleAfter = Duration{}
	if sum, _ = Run(ctx, cfg, st, opts); sum.Sources["demo"].Stale {
		t.Error("stale_after = 0 still warns")
	}
}
