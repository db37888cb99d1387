package web

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/index"
	"github.com/fednews/fednews/internal/buildinfo"
	"github.com/fednews/fednews/internal/csvtest"
	"github.com/fednews/fednews/zh"
)

func newTestServer(t *testing.T, c *fakeCorpus, lim Limits) *Server {
	t.Helper()
	s, err := New(Config{Searcher: c, Store: c, Limits: lim,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func get(t *testing.T, h http.Handler, target string) *httptest.ResponseRecorder {
	t.Helper()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, target, nil))
	return w
}

func decode[T any](t *testing.T, w *httptest.ResponseRecorder) T {
	t.Helper()
	var v T
	if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("Content-Type = %q, want JSON; body %s", ct, w.Body)
	}
	if err := json.Unmarshal(w.Body.Bytes(), &v); err != nil {
		t.Fatalf("body is not JSON: %v\n%s", err, w.Body)
	}
	return v
}

func hitIDs(r index.Response) []int64 {
	var ids []int64
	for _, h := range r.Hits {
		ids = append(ids, h.ID)
	}
	return ids
}

func TestAPISearch(t *testing.T) {
	s := newTestServer(t, newFakeCorpus(), Limits{})
	for _, tt := range []struct {
		name   string
		query  string
		total  int
		ids    []int64
		facets map[string][]index.FacetValue
	}{
		{"phrase", "q=营商环境", 3, []int64{1, 2, 5}, nil},
		{"filter", "q=营商环境&filter=province=山东省", 1, []int64{2}, nil},
		{"facet", "q=商会&facet=province&facet=year", 2, []int64{2, 4}, map[string][]index.FacetValue{
			"province": {{Value: "山东省", Count: 1}, {Value: "湖南省", Count: 1}}, "year": {{Value: "2023", Count: 1}, {Value: "2024", Count: 1}}}},
		{"dates", "from=2024-01-01&to=2024-01-31", 1, []int64{4}, nil},
		{"page", "page=2&size=2", 4, []int64{4, 5}, nil},
		{"sorted", "q=营商环境&sort=newest", 3, []int64{5, 2, 1}, nil},
		{"star", "q=*&size=100", 4, []int64{1, 2, 4, 5}, nil},
		{"nothing", "q=不存在的词", 0, nil, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			w := get(t, s, "/api/search?"+tt.query)
			if w.Code != http.StatusOK {
				t.Fatalf("status %d: %s", w.Code, w.Body)
			}
			r := decode[index.Response](t, w)
			if r.Total != tt.total || !slices.Equal(hitIDs(r), tt.ids) {
				t.Errorf("total %d ids %v, want %d %v", r.Total, hitIDs(r), tt.total, tt.ids)
			}
			for f, want := range tt.facets {
				if !slices.Equal(r.Facets[f], want) {
					t.Errorf("facet %s = %v, want %v", f, r.Facets[f], want)
				}
			}
		})
	}
	// The duplicate rides with its cluster's first hit.
	r := decode[index.Response](t, get(t, s, "/api/search?q=郯城县"))
	if len(r.Hits) != 1 || len(r.Hits[0].Duplicates) != 1 || r.Hits[0].Duplicates[0].ID != 3 {
		t.Errorf("duplicates not collapsed: %+v", r.Hits)
	}
}

func TestAPIErrors(t *testing.T) {
	c := newFakeCorpus()
	s := newTestServer(t, c, Limits{MaxQueryRunes: 10})
	for _, tt := range []struct {
		target string
		status int
		msg    string // part of the error message
	}{
		{"/api/search?q=" + strings.Repeat("商", 11), 400, "limit is 10"},
		{"/api/search?q=%22open", 400, "unbalanced quote"},
		{"/api/search?q=%ff", 400, "UTF-8"},
		{"/api/search?page=0", 400, "page"},
		{"/api/search?page=501", 400, "page"},
		{"/api/search?size=101", 400, "size"},
		{"/api/search?size=x", 400, "size"},
		{"/api/search?filter=province", 400, "FIELD=VALUE"},
		{"/api/search?filter==x", 400, "FIELD=VALUE"},
		{"/api/search?" + strings.Repeat("filter=a=b&", 21), 400, "filters"},
		{"/api/search?from=2024-13-01", 400, "from"},
		{"/api/search?from=2024-02-01&to=2024-01-01", 400, "before"},
		{"/api/search?sort=random", 400, "sort"},
		{"/api/doc/abc", 400, "positive whole number"},
		{"/api/doc/-1", 400, "positive whole number"},
		{"/api/doc/999", 404, "not found"},
		{"/api/export.csv?what=everything", 400, "figures or documents"},
		{"/api/export.csv?page=0", 400, "page"},
		{"/nope", 404, "no such page"},
	} {
		w := get(t, s, tt.target)
		if w.Code != tt.status {
			t.Errorf("GET %s: status %d, want %d (%s)", tt.target, w.Code, tt.status, w.Body)
			continue
		}
		e := decode[apiError](t, w)
		if !strings.Contains(e.Error, tt.msg) {
			t.Errorf("GET %s: error %q, want it to mention %q", tt.target, e.Error, tt.msg)
		}
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/api/search", strings.NewReader("q=x")))
	if w.Code != http.StatusMethodNotAllowed || w.Header().Get("Allow") == "" {
		t.Errorf("POST: status %d, Allow %q", w.Code, w.Header().Get("Allow"))
	}
}

func TestSearchTimeout(t *testing.T) {
	c := newFakeCorpus()
	c.delay = time.Second
	s := newTestServer(t, c, Limits{Timeout: 20 * time.Millisecond})
	start := time.Now()
	w := get(t, s, "/api/search?q=商会")
	if w.Code != http.StatusServiceUnavailable {
		t.Fatalf("status %d, want 503: %s", w.Code, w.Body)
	}
	if el := time.Since(start); el > 500*time.Millisecond {
		t.Errorf("timed-out search took %v", el)
	}
	if e := decode[apiError](t, w); !strings.Contains(e.Error, "too long") {
		t.Errorf("error %q", e.Error)
	}
}

func TestSearchConcurrencyLimit(t *testing.T) {
	c := newFakeCorpus()
	c.delay = 30 * time.Millisecond
	s := newTestServer(t, c, Limits{MaxSearches: 2})
	var wg sync.WaitGroup
	codes := make([]int, 8)
	for i := range codes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i] = get(t, s, "/api/search?q=商会").Code
		}()
	}
	wg.Wait()
	for i, code := range codes {
		if code != http.StatusOK {
			t.Errorf("request %d: status %d", i, code)
		}
	}
	if m := c.maxInflight.Load(); m != 2 {
		t.Errorf("%d searches ran at once, want 2", m)
	}
}

func TestHealthz(t *testing.T) {
	w := get(t, newTestServer(t, newFakeCorpus(), Limits{}), "/healthz")
	if w.Code != 200 || decode[map[string]string](t, w)["status"] != "ok" {
		t.Errorf("healthz: %d %s", w.Code, w.Body)
	}
}

// GET /api/version is the object `fednews version --json` prints.
func TestAPIVersion(t *testing.T) {
	w := get(t, newTestServer(t, newFakeCorpus(), Limits{}), "/api/version")
	if got, want := decode[buildinfo.Info](t, w), buildinfo.Read(); w.Code != 200 || got != want {
		t.Errorf("/api/version: %d %+v, want %+v", w.Code, got, want)
	}
}

func TestAPIDoc(t *testing.T) {
	s := newTestServer(t, newFakeCorpus(), Limits{})
	v := decode[map[string]any](t, get(t, s, "/api/doc/2"))
	if v["original"] != "郯城县商会投资约3亿元，持续优化营商环境。" || v["normalized"] == nil || v["title"] != "郯城县商会助力营商环境建设" {
		t.Errorf("document fields: %v", v)
	}
	figs := v["figures"].([]any)
	if len(figs) != 1 {
		t.Fatalf("figures: %v", figs)
	}
	f := figs[0].(map[string]any)
	if f["text"] != "约3亿元" || f["start"] != 7.0 || f["end"] != 11.0 || f["value"] != 3e8 ||
		f["period_start"] != "2024" || f["period_end"] != "" || f["topic"] != "investment" {
		t.Errorf("figure: %v", f)
	}
	// The page's figure table shows the period (open end: …) and the topic.
	if page := get(t, s, "/doc/2").Body.String(); !strings.Contains(page, `<td data-label="时期">2024–…</td>`) || !strings.Contains(page, `<td data-label="主题">investment</td>`) {
		t.Errorf("document page lacks the figure's period or topic:\n%s", page)
	}
	dups := v["duplicates"].([]any)
	if len(dups) != 1 || dups[0].(map[string]any)["id"] != 3.0 {
		t.Errorf("duplicates: %v", dups)
	}
	// A document without figures or duplicates has empty lists, not null.
	v = decode[map[string]any](t, get(t, s, "/api/doc/3"))
	if v["figures"] == nil {
		t.Errorf("figures of a document without any: %v", v["figures"])
	}
}

func readCSV(t *testing.T, w *httptest.ResponseRecorder) []map[string]string {
	t.Helper()
	if !bytes.HasPrefix(w.Body.Bytes(), []byte("\ufeff")) {
		t.Errorf("CSV download has no BOM (Excel would garble the Chinese)")
	}
	return csvtest.Rows(t, w.Body.Bytes())
}

func TestAPIExport(t *testing.T) {
	s := newTestServer(t, newFakeCorpus(), Limits{})
	w := get(t, s, "/api/export.csv?what=figures&q=营商环境")
	if w.Code != 200 || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/csv") {
		t.Fatalf("status %d type %q: %s", w.Code, w.Header().Get("Content-Type"), w.Body)
	}
	if cd := w.Header().Get("Content-Disposition"); !strings.Contains(cd, "attachment") || !strings.Contains(cd, "fednews-figures.csv") {
		t.Errorf("Content-Disposition %q", cd)
	}
	rows := readCSV(t, w)
	var got []string
	for _, r := range rows {
		got = append(got, r["doc_id"]+":"+r["text"])
	}
	if want := []string{"1:1200家", "1:5.2%", "2:约3亿元", "5:点我"}; !slices.Equal(got, want) {
		t.Errorf("rows %v, want %v", got, want)
	}
	if rows[2]["subject"] != `'=HYPERLINK("http://evil")` || rows[3]["source"] != "'@evil" || rows[0]["province"] != "江西省" {
		t.Errorf("cells not neutralized or joined: %v / %v / %v", rows[2]["subject"], rows[3]["source"], rows[0]["province"])
	}
	if w.Result().Trailer.Get("X-Fednews-Rows") != "4" {
		t.Errorf("trailer rows = %q", w.Result().Trailer.Get("X-Fednews-Rows"))
	}

	rows = readCSV(t, get(t, s, "/api/export.csv?what=documents&filter=province=山东省"))
	if len(rows) != 1 || rows[0]["id"] != "2" || rows[0]["text"] == "" {
		t.Errorf("documents export: %v", rows)
	}
	// Everything: one row per story (documents 2 and 3 are one), every copy with all=1.
	for query, want := range map[string]int{"": 4, "&all=1": 5, "&q=*": 4, "&q=*&all=1": 5} {
		if rows = readCSV(t, get(t, s, "/api/export.csv?what=documents"+query)); len(rows) != want {
			t.Errorf("export of everything%s: %d rows, want %d", query, len(rows), want)
		}
	}
	// A story and its repost (documents 2 and 3) count once, unless all=1.
	for query, want := range map[string][]string{"": {"1", "2", "5"}, "&all=1": {"1", "2", "3", "5"}} {
		var ids []string
		for _, r := range readCSV(t, get(t, s, "/api/export.csv?what=documents&q=营商环境"+query)) {
			ids = append(ids, r["id"])
		}
		if !slices.Equal(ids, want) {
			t.Errorf("documents of 营商环境%s: %v, want %v", query, ids, want)
		}
	}
}

func TestAPIExportLimits(t *testing.T) {
	s := newTestServer(t, newFakeCorpus(), Limits{MaxExportDocs: 2, MaxExportRows: 2})
	w := get(t, s, "/api/export.csv?q=营商环境")
	if w.Code != http.StatusRequestEntityTooLarge || !strings.Contains(decode[apiError](t, w).Error, "matches 3 documents") {
		t.Errorf("over the document limit: %d %s", w.Code, w.Body)
	}
	w = get(t, s, "/api/export.csv?what=figures")
	if rows := readCSV(t, w); len(rows) != 2 || w.Result().Trailer.Get("X-Fednews-Truncated") != "true" {
		t.Errorf("row limit: %d rows, trailer %q", len(rows), w.Result().Trailer.Get("X-Fednews-Truncated"))
	}
}

// rawUnsafe finds markup that would run script if article text reached the
// page unescaped.
var rawUnsafe = regexp.MustCompile(`(?i)<script|<img src=x|<svg onload|<[a-z][^<>]*\son\w+\s*=|href="javascript:`)

func TestPagesEscapeArticleText(t *testing.T) {
	s := newTestServer(t, newFakeCorpus(), Limits{})
	for _, target := range []string{"/?q=营商环境", "/doc/5", "/doc/5?text=simplified", "/?q=<script>alert(1)</script>", "/?q=%22"} {
		w := get(t, s, target)
		body := w.Body.String()
		if loc := rawUnsafe.FindStringIndex(body); loc != nil {
			t.Errorf("%s: unescaped markup %q", target, body[max(0, loc[0]-40):min(len(body), loc[1]+40)])
		}
		if csp := w.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || strings.Contains(csp, "script-src") {
			t.Errorf("%s: CSP %q does not forbid script", target, csp)
		}
		if w.Header().Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: no nosniff", target)
		}
	}
	body := get(t, s, "/doc/5").Body.String()
	for _, want := range []string{"&lt;script&gt;window.__pwned=1", "onerror=&#34;window.__pwned=2", "&lt;a href=&#34;javascript:window.__pwned=3&#34;&gt;"} {
		if !strings.Contains(body, want) {
			t.Errorf("document page does not show %q as text", want)
		}
	}
}

func TestUnsafeURLsAreInert(t *testing.T) {
	c := newFakeCorpus()
	c.add(&corpus.Document{Title: "链接测试", URL: "javascript:window.__pwned=5", Original: "链接测试", Normalized: "链接测试", Published: cst(2024, 3, 1)})
	s := newTestServer(t, c, Limits{})
	for _, target := range []string{"/doc/6", "/?q=链接测试"} {
		body := get(t, s, target).Body.String()
		if strings.Contains(body, `href="javascript:`) {
			t.Errorf("%s: javascript: link is live", target)
		}
	}
	if body := get(t, s, "/doc/6").Body.String(); !strings.Contains(body, `href="#ZgotmplZ"`) {
		t.Errorf("document page: unsafe URL not neutralized by html/template")
	}
}

func TestSearchPage(t *testing.T) {
	s := newTestServer(t, newFakeCorpus(), Limits{})
	w := get(t, s, "/?q=营商环境")
	body := w.Body.String()
	if w.Code != 200 || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/html") {
		t.Fatalf("status %d type %q", w.Code, w.Header().Get("Content-Type"))
	}
	for _, want := range []string{
		`value="营商环境"`, // the query stays in the box
		"<strong>3</strong> 篇报道（含转载共 4 篇文档）",
		`<a href="/?all=1&amp;q=%E8%90%A5%E5%95%86%E7%8E%AF%E5%A2%83">每份转载都计数</a>`,
		`<span class="sortnow">按相关度排序</span>`,
		`<a href="/doc/1?q=%E8%90%A5%E5%95%86%E7%8E%AF%E5%A2%83"><bdi>万年县工商联召开第十一届执委会</bdi></a>`, // the document page carries the search
		"<mark>营商环境</mark>",
		"1 篇重复</span>",
		`<html lang="zh-CN">`,
		`href="/?filter=province%3D%E5%B1%B1%E4%B8%9C%E7%9C%81&amp;q=%E8%90%A5%E5%95%86%E7%8E%AF%E5%A2%83"`, // facet link adds filter
		`href="/api/export.csv?q=%E8%90%A5%E5%95%86%E7%8E%AF%E5%A2%83&amp;what=figures"`,
		"<svg viewBox=",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("search page lacks %s", want)
		}
	}
	// Months 2023-03 .. 2024-02: twelve bars, three of them non-empty.
	if n := strings.Count(body, "<rect "); n != 12 {
		t.Errorf("chart has %d bars, want 12", n)
	}
	// all=1 counts every copy, says so, and its buttons export every copy.
	body = get(t, s, "/?q=营商环境&all=1&lang=en").Body.String()
	for _, want := range []string{
		`<html lang="en">`,
		"<strong>4</strong> documents, every copy of each story counted",
		`href="/?q=%E8%90%A5%E5%95%86%E7%8E%AF%E5%A2%83">count stories</a>`,
		`href="/api/export.csv?all=1&amp;q=%E8%90%A5%E5%95%86%E7%8E%AF%E5%A2%83&amp;what=figures"`,
		" documents from ",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("every-copy page lacks %s", want)
		}
	}
	// Browsing without a query lists the newest first.
	body = get(t, s, "/").Body.String()
	if i, j := strings.Index(body, "/doc/5\""), strings.Index(body, "/doc/1\""); i < 0 || j < 0 || i > j {
		t.Errorf("the front page does not list the newest first")
	}
	// A filtered page shows the filter as a removable chip and keeps it in the form.
	body = get(t, s, "/?q=营商环境&filter=province=山东省").Body.String()
	for _, want := range []string{`class="chip" href="/?q=%E8%90%A5%E5%95%86%E7%8E%AF%E5%A2%83"`, `name="filter" value="province=山东省"`, "<strong>1</strong> 篇报道（含转载共 2 篇文档）"} {
		if !strings.Contains(body, want) {
			t.Errorf("filtered page lacks %s", want)
		}
	}
	// Bad input is shown on the page with the right status, not a crash.
	w = get(t, s, "/?page=abc")
	if w.Code != 400 || !strings.Contains(w.Body.String(), `class="error"`) {
		t.Errorf("bad page number: %d", w.Code)
	}
	w = get(t, s, "/doc/12345")
	if w.Code != 404 || !strings.Contains(w.Body.String(), "404") {
		t.Errorf("missing document page: %d", w.Code)
	}
}

func TestDocPage(t *testing.T) {
	s := newTestServer(t, newFakeCorpus(), Limits{})
	body := get(t, s, "/doc/1").Body.String()
	for _, want := range []string{
		"<h1><bdi>万年县工商联召开第十一届执委会</bdi></h1>",
		`<mark class="fig" id="f1" title="数据 1">1200家</mark>`,
		`<mark class="fig" id="f2" title="数据 2">5.2%</mark>`,
		`<td class="num" data-label="数值">1200</td>`,
		`href="/doc/1?text=simplified"`,
		"<dt>地区</dt><dd>江西省</dd>",
		"数据 <span class=\"count\">2</span>",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("document page lacks %s", want)
		}
	}
	body = get(t, s, "/doc/1?text=simplified").Body.String()
	if !strings.Contains(body, `href="/doc/1">显示原文`) {
		t.Errorf("simplified view has no way back")
	}
}

func TestMarkSpans(t *testing.T) {
	for _, tt := range []struct {
		text  string
		spans [][2]int
		want  []segment
	}{
		{"增长5.2%。", [][2]int{{2, 6}}, []segment{{Text: "增长"}, {Text: "5.2%", Mark: true, Fig: 1}, {Text: "。"}}},
		{"甲乙丙丁", [][2]int{{2, 4}, {0, 1}}, []segment{{Text: "甲", Mark: true, Fig: 2}, {Text: "乙"}, {Text: "丙丁", Mark: true, Fig: 1}}},
		{"甲乙丙", [][2]int{{0, 2}, {1, 3}}, []segment{{Text: "甲乙", Mark: true, Fig: 1}, {Text: "丙"}}}, // overlap dropped
		{"甲乙", [][2]int{{1, 9}, {-1, 1}, {1, 1}}, []segment{{Text: "甲乙"}}},                          // out of range
	} {
		if got := markSpans(tt.text, tt.spans); !slices.Equal(got, tt.want) {
			t.Errorf("markSpans(%q, %v) = %v, want %v", tt.text, tt.spans, got, tt.want)
		}
	}
}

func TestGroupDigits(t *testing.T) {
	for _, tt := range []struct {
		in   float64
		want string
	}{
		{5.2, "5.2"}, {1200, "1200"}, {12000, "12,000"}, {5830000000, "5,830,000,000"}, {-400000000, "-400,000,000"}, {2300000.5, "2,300,000.5"},
	} {
		if got := groupDigits(&tt.in); got != tt.want {
			t.Errorf("groupDigits(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if groupDigits(nil) != "" {
		t.Error("nil value not empty")
	}
}

func TestMonthChart(t *testing.T) {
	if c := monthChart(langEN, nil, "stories"); c != nil {
		t.Errorf("empty chart: %+v", c)
	}
	c := monthChart(langEN, []index.FacetValue{{Value: "2023-11", Count: 2}, {Value: "2024-02", Count: 4}, {Value: "bad", Count: 9}, {Value: "2023-12", Count: 0}}, "stories")
	if len(c.Bars) != 4 || c.Max != 4 {
		t.Fatalf("bars %d max %d, want 4 and 4", len(c.Bars), c.Max)
	}
	if c.Bars[0].Label != "2023-11: 2" || c.Bars[1].H != 0 || c.Bars[3].Y != chartTop {
		t.Errorf("bars: %+v", c.Bars)
	}
	if c.Bars[0].H*2 != c.Bars[3].H {
		t.Errorf("heights not proportional: %v vs %v", c.Bars[0].H, c.Bars[3].H)
	}
	if len(c.Ticks) != 2 || c.Ticks[1].Text != "2024" {
		t.Errorf("ticks: %+v", c.Ticks)
	}
	if !strings.HasPrefix(c.Summary, "6 stories from 2023-11 to 2024-02") {
		t.Errorf("summary %q", c.Summary)
	}
	// Thirty years are drawn per year.
	c = monthChart(langEN, []index.FacetValue{{Value: "1990-05", Count: 1}, {Value: "2019-12", Count: 3}}, "documents")
	if len(c.Bars) != 30 || c.Bars[29].Label != "2019: 3" {
		t.Errorf("yearly chart: %d bars, last %+v", len(c.Bars), c.Bars[len(c.Bars)-1])
	}
}

func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{"q=营商环境&filter=province=江西省&page=2", "from=2024-01-01&to=2023-01-01", "size=-1", "filter==", "q=%ff", "sort=newest&facet=year&to=2024-02-29"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		q, err := parseQuery(v, DefaultLimits, pageSize)
		if err != nil {
			return
		}
		if q.Page < 1 || q.Page > DefaultLimits.MaxPage || q.Size < 1 || q.Size > DefaultLimits.MaxPageSize {
			t.Fatalf("limits not enforced: %+v", q)
		}
		if req := q.request(); req.Query == "" || req.Offset < 0 || !req.To.Equal(q.To) { // To is the last day included, in the index too
			t.Fatalf("index request %+v of %+v", req, q)
		}
		// Links built from a query parse back to the same query.
		again, err := parseQuery(q.values(), DefaultLimits, pageSize)
		if err != nil || again.Q != q.Q || !slices.Equal(again.Filters, q.Filters) || !again.From.Equal(q.From) || !again.To.Equal(q.To) || again.Sort != q.Sort {
			t.Fatalf("round trip %+v -> %+v, %v", q, again, err)
		}
	})
}

// The search form only offers values the server accepts.
func TestFormOptionsParse(t *testing.T) {
	s := newTestServer(t, newFakeCorpus(), Limits{})
	body := get(t, s, "/?q=商会").Body.String()
	opts := regexp.MustCompile(`<option value="([^"]*)"`).FindAllStringSubmatch(body, -1)
	if len(opts) != 3 {
		t.Fatalf("form has %d sort options", len(opts))
	}
	for _, o := range opts {
		if w := get(t, s, "/?q=商会&sort="+o[1]); w.Code != http.StatusOK {
			t.Errorf("sort option %q: status %d", o[1], w.Code)
		}
	}
}

func TestNormalizedSpans(t *testing.T) {
	for _, tt := range []struct {
		original, figure string
		want             string // the figure as marked in the normalized text
	}{
		{"郯城縣商會投資約3億元，帶動就業1.2萬人。", "約3億元", "约3亿元"},
		{"郯城縣商會投資約3億元，帶動就業1.2萬人。", "1.2萬人", "1.2万人"},
		{"工商聯(lián)投資３億元。", "３億元", "3亿元"},
	} {
		doc := &corpus.Document{Original: tt.original}
		corpus.Prepare(doc)
		rs := []rune(tt.original)
		start := strings.Index(tt.original, tt.figure)
		startRunes := utf8.RuneCountInString(tt.original[:start])
		fig := corpus.Figure{Start: startRunes, End: startRunes + utf8.RuneCountInString(tt.figure)}
		if string(rs[fig.Start:fig.End]) != tt.figure {
			t.Fatalf("bad fixture")
		}
		spans := normalizedSpans(zh.Normalize(doc.Original, zh.AllSteps), [][2]int{{fig.Start, fig.End}})
		got := string([]rune(doc.Normalized)[spans[0][0]:spans[0][1]])
		if got != tt.want {
			t.Errorf("%q in %q: marked %q in the normalized %q, want %q", tt.figure, tt.original, got, doc.Normalized, tt.want)
		}
	}
}

// A malformed percent-escape is a 400 naming the problem, not a query with
// the bad pair dropped (which widened a search or export to everything).
func TestMalformedEscape(t *testing.T) {
	s := newTestServer(t, newFakeCorpus(), Limits{})
	none := url.QueryEscape("不存在的词")
	for _, target := range []string{
		"/api/search?q=" + none + "%zz",
		"/api/search?q=" + none + "&filter=province%3D" + url.QueryEscape("江西") + "%zz",
		"/api/search?q=" + none + ";x=1",
		"/api/export.csv?what=documents&q=" + none + "%zz",
		"/api/export.csv?what=figures&filter=province%3D%E6%B1%9F%zz",
	} {
		w := get(t, s, target)
		if w.Code != http.StatusBadRequest {
			t.Errorf("GET %s: status %d, want 400 (%.200s)", target, w.Code, w.Body)
			continue
		}
		if e := decode[apiError](t, w); !strings.Contains(e.Error, "malformed query string") {
			t.Errorf("GET %s: error %q", target, e.Error)
		}
	}
	for _, target := range []string{"/?q=" + none + "%zz", "/doc/1?text=simplified%zz"} {
		w := get(t, s, target)
		if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "查询字符串有误") ||
			strings.Contains(w.Body.String(), `class="hit"`) {
			t.Errorf("GET %s: status %d, want 400 with the error on the page", target, w.Code)
		}
	}
}
