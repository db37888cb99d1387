package web

import (
	"io"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/fednews/fednews/internal/browsertest"
	"github.com/fednews/fednews/research"
	"github.com/fednews/fednews/research/researchtest"
)

const (
	trendRows = `[...document.querySelectorAll('.trendtable tbody tr')].map(r => [...r.cells].map(c => c.textContent).join('|'))`
	kwicRows  = `[...document.querySelectorAll('.kwictable tbody tr')].map(r => [...r.cells].map(c => c.textContent).join('|'))`
	termRows  = `[...document.querySelectorAll('.termstable tbody tr')].map(r => r.cells[0].textContent + '|' + r.cells[1].textContent + '|' + r.cells[2].textContent)`
)

func TestBrowserResearchViews(t *testing.T) {
	b := browsertest.New(t)
	srv := httptest.NewServer(newResearchServer(t))
	defer srv.Close()

	// A trend of two queries with share on, typed into the form.
	b.Do(t, "trend",
		chromedp.Navigate(srv.URL+"/trend"),
		chromedp.SetValue(chromedp.CSS(`form.research input[name=q].s0`), "工商联"),
		chromedp.SetValue(chromedp.CSS(`form.research input[name=q].s1`), "商会"),
		chromedp.Click(chromedp.CSS(`input[name=share]`)),
		browsertest.ClickAndLoad(chromedp.CSS(`form.research button`)),
		chromedp.WaitVisible(chromedp.CSS(`.trendchart svg`)),
	)
	rows := browsertest.Run(t, b, "trend rows", chromedp.Evaluate[[]string](trendRows))
	want := []string{"2024-01|2|1 50%|1 50%", "2024-02|1|1 100%|1 100%", "2024-03|2|1 50%|0 0%"}
	if !slices.Equal(rows, want) {
		t.Errorf("trend table %q, want %q", rows, want)
	}
	if n := browsertest.Run(t, b, "bars", chromedp.Evaluate[int](`document.querySelectorAll('.trendchart a.bar rect').length`)); n != 6 {
		t.Errorf("%d bars, want 3 months × 2 queries", n)
	}
	b.Screenshot(t, "trend.png")

	// A click on the first bar narrows the dates to January, per day.
	b.Do(t, "bar click", browsertest.ClickAndLoad(chromedp.CSS(`.trendchart a.bar rect`)), chromedp.WaitVisible(chromedp.CSS(`.trendtable`)))
	loc := browsertest.Run(t, b, "location", chromedp.Evaluate[string](`location.search`))
	v, _ := url.ParseQuery(strings.TrimPrefix(loc, "?"))
	rows = browsertest.Run(t, b, "narrowed rows", chromedp.Evaluate[[]string](trendRows))
	if v.Get("from") != "2024-01-01" || v.Get("to") != "2024-01-31" || v.Get("by") != "day" || len(v["q"]) != 2 ||
		len(rows) != 16 || rows[0] != "2024-01-05|1|1 100%|0 0%" || rows[15] != "2024-01-20|1|0 0%|1 100%" {
		t.Errorf("after the bar click: %s, rows %q", loc, rows)
	}

	// KWIC sorted by right context.
	b.Do(t, "kwic",
		chromedp.Navigate(srv.URL+"/kwic"),
		chromedp.SetValue(chromedp.CSS(`form.research input[name=q]`), "工商联"),
		chromedp.SetValue(chromedp.CSS(`form.research input[name=width]`), "4"),
		chromedp.SetValue(chromedp.CSS(`select[name=sort]`), "right"),
		browsertest.ClickAndLoad(chromedp.CSS(`form.research button`)),
		chromedp.WaitVisible(chromedp.CSS(`.kwictable`)),
	)
	rows = browsertest.Run(t, b, "kwic rows", chromedp.Evaluate[[]string](kwicRows))
	// By match and right context (normalized, by code point): 与 召开十 召开执 要 訪(访).
	want = []string{"|工商联|与商会座", "市|工商联|与异地商", "省|工商联|召开十二", "省|工商联|召开执委", "议指出，|工商联|要服务民", "|工商聯|訪問團抵", "臺灣|工商聯|訪問團抵"}
	if !slices.Equal(rows, want) {
		t.Errorf("KWIC by right context %q, want %q", rows, want)
	}
	b.Screenshot(t, "kwic.png")

	// Top terms of the same query.
	b.Do(t, "terms",
		chromedp.Navigate(srv.URL+"/terms?q="+url.QueryEscape("工商联")),
		chromedp.WaitVisible(chromedp.CSS(`.termstable`)),
	)
	rows = browsertest.Run(t, b, "term rows", chromedp.Evaluate[[]string](termRows))
	// 工商联 in all three articles of the query and nowhere else; then the
	// words in two of them, tied, by code point.
	if len(rows) < 3 || rows[0] != "工商联|3|3" || rows[1] != "民营企业|2|2" || rows[2] != "营商环境|2|2" {
		t.Errorf("top terms %q, want 工商联 (3 of 3), 民营企业 and 营商环境 (2 of 2) first", rows)
	}
	b.Screenshot(t, "terms.png")
	if bad := b.Inert(t); len(bad) > 0 {
		t.Errorf("the terms page runs script: %v", bad)
	}
}

func TestBrowserFigureExplorer(t *testing.T) {
	b := browsertest.New(t)
	srv := figureServer(t)
	downloads := t.TempDir()

	// Every story's figures, rows per county, chosen in the form.
	b.Do(t, "explorer",
		chromedp.Navigate(srv.URL+"/figures"),
		chromedp.SetValue(chromedp.CSS(`select[name=rows]`), "county"),
		browsertest.ClickAndLoad(chromedp.CSS(`form.research button`)),
		chromedp.WaitVisible(chromedp.CSS(`.figtable`)),
	)
	rows := browsertest.Run(t, b, "table", chromedp.Evaluate[[]string](`[...document.querySelectorAll('.figtable tr')].map(r => [...r.cells].map(c => c.textContent).join('|'))`))
	want := []string{"county|2023|2024", "万年县|320 (1)|2,000,350 (2)", "郯城县||300,000,000 (1)"}
	if !slices.Equal(rows, want) {
		t.Errorf("place × year table %q, want %q", rows, want)
	}
	b.Screenshot(t, "figures.png")

	// Its CSV is the table shown.
	recs, err := downloadCSV(t, b, `#figures-csv`, downloads)
	wantCSV := [][]string{{"county", "2023 count", "2023 sum", "2024 count", "2024 sum"}, {"万年县", "1", "320", "2", "2000350"}, {"郯城县", "0", "0", "1", "300000000"}}
	if err != nil || !slices.EqualFunc(recs, wantCSV, slices.Equal) {
		t.Errorf("downloaded CSV (%v): %q, want %q", err, recs, wantCSV)
	}
}

// TestBrowserFigureChart: the explorer's chart of values per year, and one
// county's series of one metric reached by a click on its row.
func TestBrowserFigureChart(t *testing.T) {
	b := browsertest.New(t)
	srv := figureServer(t)
	const bars = `[...document.querySelectorAll('.figchart rect')].map(r => r.querySelector('title').textContent + '|' + (r.getAttribute('height') > 0))`
	const ticks = `[...document.querySelectorAll('.figchart .ytick')].map(t => t.textContent)`
	b.Do(t, "members", chromedp.Navigate(srv.URL+"/figures?rows=county&kind=count&topic=members"), chromedp.WaitVisible(chromedp.CSS(`.figchart svg`)))
	if got, want := browsertest.Run(t, b, "bars", chromedp.Evaluate[[]string](bars)), []string{"2023 · 合计 320（1 项数据）|true", "2024 · 合计 350（1 项数据）|true"}; !slices.Equal(got, want) {
		t.Errorf("bars %q, want %q", got, want)
	}
	if got := browsertest.Run(t, b, "y-axis", chromedp.Evaluate[[]string](ticks)); len(got) < 3 || got[0] != "0" {
		t.Errorf("y-axis ticks %q", got)
	}
	// 万年县's row: its series alone, as a mean per year.
	b.Do(t, "row", browsertest.ClickAndLoad(chromedp.CSS(`.figtable tbody a`)), chromedp.WaitVisible(chromedp.CSS(`.figchart svg`)))
	b.Do(t, "mean", browsertest.ClickAndLoad(chromedp.CSS(`p.measure a:not(.on)`)), chromedp.WaitVisible(chromedp.CSS(`.figchart svg`)))
	loc := browsertest.Run(t, b, "location", chromedp.Evaluate[string](`location.search`))
	v, _ := url.ParseQuery(strings.TrimPrefix(loc, "?"))
	rows := browsertest.Run(t, b, "table", chromedp.Evaluate[[]string](`[...document.querySelectorAll('.figtable tr')].map(r => [...r.cells].map(c => c.textContent).join('|'))`))
	if v.Get("row") != "万年县" || v.Get("measure") != "mean" || !slices.Equal(rows, []string{"county|2023|2024", "万年县|320 (1)|350 (1)"}) {
		t.Errorf("series page %s: table %q", loc, rows)
	}
	if got, want := browsertest.Run(t, b, "series bars", chromedp.Evaluate[[]string](bars)), []string{"2023 · 平均 320（1 项数据）|true", "2024 · 平均 350（1 项数据）|true"}; !slices.Equal(got, want) {
		t.Errorf("series bars %q, want %q", got, want)
	}
	if bad := b.Inert(t); len(bad) > 0 {
		t.Errorf("the explorer runs script: %v", bad)
	}
	b.Screenshot(t, "figures-series.png")
}

// figureServer serves the research views of researchtest.FigureFixture
// until the test ends.
func figureServer(t *testing.T) *httptest.Server {
	t.Helper()
	st, ix := researchtest.New(t, t.TempDir(), researchtest.FigureFixture)
	s, err := New(Config{Searcher: ix, Store: st, Research: research.New(ix, st), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return srv
}
