package web

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/fednews/fednews/research"
	"github.com/fednews/fednews/research/researchtest"
)

// newResearchServer serves researchtest.Fixture from a real store and index.
func newResearchServer(t *testing.T) *Server {
	t.Helper()
	st, ix := researchtest.New(t, t.TempDir(), researchtest.Fixture)
	s, err := New(Config{Searcher: ix, Store: st, Research: research.New(ix, st), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestResearchAPI(t *testing.T) {
	s := newResearchServer(t)
	w := get(t, s, "/api/trend?q=工商联&q=商会&by=month")
	var tr research.Trend
	if err := json.Unmarshal(w.Body.Bytes(), &tr); err != nil || w.Code != http.StatusOK {
		t.Fatalf("trend %d (%v): %s", w.Code, err, w.Body)
	}
	if len(tr.Series) != 2 || len(tr.Buckets) != 3 || tr.Series[1].Query != "商会" || tr.Series[0].Share[1] != 1 {
		t.Errorf("trend: %+v", tr)
	}
	w = get(t, s, "/api/trend?q=工商联&by=year&format=csv")
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(w.Body.String(), "\ufeff"))).ReadAll()
	if err != nil || len(recs) != 2 || strings.Join(recs[1], ",") != "2024,2024-01-01,2024-12-31,5,3,0.6000" ||
		!strings.HasPrefix(w.Header().Get("Content-Type"), "text/csv") {
		t.Errorf("trend CSV (%v): %q", err, recs)
	}
	w = get(t, s, "/api/kwic?q=工商联&sort=right&width=2&size=2&page=3")
	var k research.KWIC
	if err := json.Unmarshal(w.Body.Bytes(), &k); err != nil || k.Total != 7 || len(k.Lines) != 2 || k.Lines[0].Right != "要服" {
		t.Errorf("kwic page 3 (%v): %+v", err, k)
	}
	w = get(t, s, "/api/terms?q=工商联&limit=3")
	var tm research.Terms
	if err := json.Unmarshal(w.Body.Bytes(), &tm); err != nil || len(tm.Terms) != 3 || tm.Docs != 3 {
		t.Errorf("terms (%v): %+v", err, tm)
	}
	for _, target := range []string{"/api/trend?q=a&by=fortnight", "/api/kwic?q=", "/api/kwic?q=工商联&width=9999",
		"/api/terms?q=工商联&limit=0", "/api/trend?q=a&q=b&q=c&q=d&q=e&q=f", "/api/trend?q=%22unclosed", "/api/kwic?q=a&format=xml"} {
		w := get(t, s, target)
		var e apiError
		if w.Code != http.StatusBadRequest || json.Unmarshal(w.Body.Bytes(), &e) != nil || e.Error == "" {
			t.Errorf("%s: %d %s, want 400 with a JSON error", target, w.Code, w.Body)
		}
	}
}

func TestResearchPages(t *testing.T) {
	s := newResearchServer(t)
	w := get(t, s, "/trend?q=工商联&q=商会&share=1")
	body := w.Body.String()
	// Bars link to their month, shown per day; the y-axis is in percent.
	for _, want := range []string{`<a href="/trend?by=day&amp;from=2024-01-01&amp;q=%E5%B7%A5%E5%95%86%E8%81%94&amp;q=%E5%95%86%E4%BC%9A&amp;share=1&amp;to=2024-01-31" class="bar">`,
		`class="ytick" text-anchor="end">100%</text>`, ">2024-02</a></td><td>1</td><td>1 <span class=\"share\">100%</span></td>"} {
		if !strings.Contains(body, want) {
			t.Errorf("trend page lacks %s", want)
		}
	}
	if w.Code != http.StatusOK || strings.Contains(body, "<script") {
		t.Errorf("trend page: %d, script: %v", w.Code, strings.Contains(body, "<script"))
	}
	w = get(t, s, "/trend?q=a&by=fortnight")
	if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), `by &#34;fortnight&#34;: want day, week, month, year`) {
		t.Errorf("bad by: %d\n%s", w.Code, w.Body)
	}
	w = get(t, s, "/kwic?q=工商联&sort=left&width=3")
	if !strings.Contains(w.Body.String(), `<td class="left"><bdi></bdi></td><td class="kw"><a href="/doc/3"><mark>工商联</mark></a></td><td class="right"><bdi>与商会</bdi></td>`) {
		t.Errorf("kwic page, first line by left context:\n%s", w.Body)
	}
	w = get(t, s, "/terms?q=工商联")
	if !strings.Contains(w.Body.String(), "<td><bdi>工商联</bdi></td><td>3</td><td>3</td>") {
		t.Errorf("terms page:\n%s", w.Body)
	}
}

func TestFigureExplorer(t *testing.T) {
	st, ix := researchtest.New(t, t.TempDir(), researchtest.FigureFixture)
	s, err := New(Config{Searcher: ix, Store: st, Research: research.New(ix, st), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	w := get(t, s, "/api/figures?q=*&rows=county&format=csv")
	want := "\ufeffcounty,2023 count,2023 sum,2024 count,2024 sum\r\n万年县,1,320,2,2000350\r\n郯城县,0,0,1,300000000\r\n"
	if w.Body.String() != want {
		t.Errorf("table CSV:\n%q\nwant\n%q", w.Body.String(), want)
	}
	w = get(t, s, "/figures?q=*&rows=county&kind=count&topic=members")
	body := w.Body.String()
	if w.Code != http.StatusOK || !strings.Contains(body, `<bdi>万年县</bdi></a></td><td>320 <span class="share">(1)</span></td><td>350 <span class="share">(1)</span></td>`) ||
		!strings.Contains(body, `href="/api/figures?format=csv&amp;kind=count&amp;rows=county&amp;topic=members"`) {
		t.Errorf("explorer page %d:\n%s", w.Code, body)
	}
	// The chart of values over time: one bar per year, on a y-axis.
	if !strings.Contains(body, `<figure class="chart trendchart figchart">`) || strings.Count(body, `<title>20`) != 2 ||
		!strings.Contains(body, `<title>2024 · 合计 350（1 项数据）</title>`) || !strings.Contains(body, `class="ytick"`) {
		t.Errorf("explorer chart:\n%s", body)
	}
	// One county's series, by the link of its row, and its mean.
	w = get(t, s, "/figures?q=*&rows=county&row=万年县&measure=mean")
	body = w.Body.String()
	if w.Code != http.StatusOK || !strings.Contains(body, `<title>2024 · 平均 1000175（2 项数据）</title>`) ||
		!strings.Contains(body, `数据值的平均（万年县），按年，2023 至 2024`) || strings.Contains(body, "郯城县") || !strings.Contains(body, `id="all-rows"`) {
		t.Errorf("one county's series %d:\n%s", w.Code, body)
	}
	for _, target := range []string{"/api/figures?q=*&rows=street", "/api/figures?q=*&min=abc", "/api/figures?q=*&min=5&max=1", "/figures?q=*&measure=max"} {
		if w := get(t, s, target); w.Code != http.StatusBadRequest {
			t.Errorf("%s: %d, want 400", target, w.Code)
		}
	}
}
