package web

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/index"
)

func TestToggled(t *testing.T) {
	p := func(field, v string) index.Filter { return index.Filter{Field: field, Value: v} }
	n := func(field, v string) index.Filter { return index.Filter{Field: field, Value: v, Not: true} }
	for _, tt := range []struct {
		in        []index.Filter
		field, v  string
		want      []index.Filter
		wantFound bool
	}{
		{nil, "province", "广东省", []index.Filter{p("province", "广东省")}, false},
		{[]index.Filter{p("province", "广东省")}, "province", "江苏省", []index.Filter{p("province", "广东省|江苏省")}, false},
		{[]index.Filter{p("province", "广东省|江苏省")}, "province", "广东省", []index.Filter{p("province", "江苏省")}, true},
		{[]index.Filter{p("province", "广东省")}, "province", "广东省", []index.Filter{}, true},
		// An exclusion of the field is not where a value is added.
		{[]index.Filter{n("city", "深圳市")}, "city", "广州市", []index.Filter{n("city", "深圳市"), p("city", "广州市")}, false},
		{[]index.Filter{p("year", "2024"), p("province", "广东省")}, "province", "江苏省", []index.Filter{p("year", "2024"), p("province", "广东省|江苏省")}, false},
	} {
		got := toggled(tt.in, tt.field, tt.v)
		if !slices.Equal(got, tt.want) {
			t.Errorf("toggled(%v, %s, %s) = %v, want %v", tt.in, tt.field, tt.v, got, tt.want)
		}
		if selected(tt.in, tt.field, tt.v) != tt.wantFound {
			t.Errorf("selected(%v, %s, %s) = %v", tt.in, tt.field, tt.v, !tt.wantFound)
		}
	}
	in := []index.Filter{p("province", "广东省|江苏省")}
	if toggled(in, "province", "广东省"); in[0].Value != "广东省|江苏省" {
		t.Errorf("toggled changed its input: %v", in)
	}
}

func TestPageNumbers(t *testing.T) {
	for _, tt := range []struct {
		page, pages int
		want        []int
	}{
		{1, 1, nil},
		{1, 3, []int{1, 2, 3}},
		{3, 3, []int{1, 2, 3}},
		{1, 10, []int{1, 2, 3, 0, 10}},
		{6, 10, []int{1, 0, 4, 5, 6, 7, 8, 0, 10}},
		{10, 10, []int{1, 0, 8, 9, 10}},
	} {
		if got := pageNumbers(tt.page, tt.pages); !slices.Equal(got, tt.want) {
			t.Errorf("pageNumbers(%d, %d) = %v, want %v", tt.page, tt.pages, got, tt.want)
		}
	}
}

func esc(s string) string { return strings.ReplaceAll(url.QueryEscape(s), "&", "&amp;") }

// TestFacetOrNot: a facet value adds itself to the field's values (OR), the
// facet still offers the others, an exclusion leaves a value out, and the
// chips say which values are in and which are not.
func TestFacetOrNot(t *testing.T) {
	s := newTestServer(t, newFakeCorpus(), Limits{})
	body := get(t, s, "/?filter=province=山东省").Body.String()
	for _, want := range []string{
		// 山东省 is on; 江西省 is still offered, counted as it would add.
		`<li class="on"><a class="pick" href="/" role="checkbox" aria-checked="true"`,
		`href="/?filter=` + esc("province=山东省|江西省") + `" role="checkbox" aria-checked="false"`,
		`<span class="v"><bdi>江西省</bdi></span><span class="n">1</span>`,
		`<a class="ex" href="/?filter=` + esc("province=山东省") + `&amp;filter=` + esc("province!=江西省") + `"`,
		"<strong>1</strong> 篇报道",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("one province lacks %s", want)
		}
	}
	// A chosen value that the other filters leave without stories stays, checked.
	body = get(t, s, "/?filter=province=山东省&filter=source=万年县工商联").Body.String()
	if !strings.Contains(facetSection(body, "province"), `<span class="v"><bdi>山东省</bdi></span><span class="n">0</span>`) {
		t.Errorf("a chosen province without stories is not listed: %s", facetSection(body, "province"))
	}
	body = get(t, s, "/?filter="+url.QueryEscape("province=山东省|江西省")).Body.String()
	for _, want := range []string{
		"<strong>2</strong> 篇报道",
		`<bdi>省份: 山东省</bdi>`, `<bdi>省份: 江西省</bdi>`,
		`<a class="chip" href="/?filter=province%3D%E6%B1%9F%E8%A5%BF%E7%9C%81"`, // removing 山东省 keeps 江西省
		`name="filter" value="province=山东省|江西省"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("two provinces lack %s", want)
		}
	}
	body = get(t, s, "/?q=营商环境&filter="+url.QueryEscape("province!=山东省")).Body.String()
	for _, want := range []string{`<a class="chip not"`, `<bdi>不含 省份: 山东省</bdi>`, "<strong>2</strong> 篇报道", "2023-03 至 2024-02 共 2 篇报道，单月最多 1"} {
		if !strings.Contains(body, want) {
			t.Errorf("an exclusion lacks %s", want)
		}
	}
	if strings.Contains(body, "郯城县商会") {
		t.Errorf("an excluded province's story is listed")
	}
	// The API takes the same filters.
	w := get(t, s, "/api/search?filter="+url.QueryEscape("province=山东省|江西省")+"&filter="+url.QueryEscape("source!=万年县工商联"))
	if r := decode[index.Response](t, w); r.Total != 1 || len(r.Hits) != 1 || r.Hits[0].ID != 2 {
		t.Errorf("API with OR and NOT: %+v", r)
	}
	for _, bad := range []string{"province=", "province=山东省||江西省", "province!="} {
		if w := get(t, s, "/api/search?filter="+url.QueryEscape(bad)); w.Code != http.StatusBadRequest {
			t.Errorf("filter %q: status %d, want 400", bad, w.Code)
		}
	}
}

// TestFacetMore: a facet lists facetSize values and a link to all of
// them; more=FIELD (page and API) lists them all; years are newest first.
func TestFacetMore(t *testing.T) {
	c := newFakeCorpus()
	for i := range facetSize + 3 {
		c.add(&corpus.Document{Title: "来源", Source: "来源" + string(rune('A'+i)), Original: "正文", Published: cst(2020+i%3, 1, 1)})
	}
	s := newTestServer(t, c, Limits{})
	body := get(t, s, "/?q=来源").Body.String()
	if !strings.Contains(body, `<a class="morelink" href="/?more=source&amp;q=%E6%9D%A5%E6%BA%90">全部 15 项…</a>`) {
		t.Errorf("no link to every source")
	}
	if n := strings.Count(facetSection(body, "source"), `class="pick"`); n != facetSize {
		t.Errorf("%d sources listed, want %d", n, facetSize)
	}
	body = get(t, s, "/?q=来源&more=source").Body.String()
	if n := strings.Count(facetSection(body, "source"), `class="pick"`); n != facetSize+3 || !strings.Contains(body, ">收起</a>") {
		t.Errorf("more=source lists %d sources, want %d and a link back", n, facetSize+3)
	}
	years := facetSection(body, "year")
	if i, j, k := strings.Index(years, ">2022<"), strings.Index(years, ">2021<"), strings.Index(years, ">2020<"); i < 0 || !(i < j && j < k) {
		t.Errorf("years not newest first: %s", years)
	}
	r := decode[index.Response](t, get(t, s, "/api/search?q=来源&facet=source&facet=year&more=source"))
	if len(r.Facets["source"]) != facetSize+3 || len(r.Facets["year"]) != 3 {
		t.Errorf("API more=source: %d sources, %d years", len(r.Facets["source"]), len(r.Facets["year"]))
	}
	r = decode[index.Response](t, get(t, s, "/api/search?q=来源&facet=source"))
	if len(r.Facets["source"]) != 10 {
		t.Errorf("API without more: %d sources, want 10", len(r.Facets["source"]))
	}
	if w := get(t, s, "/api/search?more=colour"); w.Code != http.StatusBadRequest {
		t.Errorf("more=colour: status %d", w.Code)
	}
}

// facetSection is the part of a search page that lists one facet.
func facetSection(body, field string) string {
	i := strings.Index(body, `data-field="`+field+`"`)
	if i < 0 {
		return ""
	}
	j := strings.Index(body[i:], "</details>")
	return body[i : i+j]
}

// TestPager: the pager numbers the pages, has no next on the last one and
// keeps the page size in its links; the sort is named beside the total.
func TestPager(t *testing.T) {
	s := newTestServer(t, newFakeCorpus(), Limits{})
	body := get(t, s, "/?q=营商环境&size=1&sort=newest").Body.String()
	for _, want := range []string{`rel="next" href="/?page=2&amp;q=%E8%90%A5%E5%95%86%E7%8E%AF%E5%A2%83&amp;size=1&amp;sort=newest"`,
		"第 1 页，共 3 页", `<span class="current" aria-current="page">1</span>`, `name="size" value="1"`, "按时间排序，最新在前"} {
		if !strings.Contains(body, want) {
			t.Errorf("page 1 lacks %s", want)
		}
	}
	body = get(t, s, "/?q=营商环境&size=1&sort=newest&page=3").Body.String()
	if strings.Contains(body, `rel="next"`) || !strings.Contains(body, "第 3 页，共 3 页") ||
		!strings.Contains(body, `rel="prev" href="/?page=2&amp;q=%E8%90%A5%E5%95%86%E7%8E%AF%E5%A2%83&amp;size=1&amp;sort=newest"`) {
		t.Errorf("the last page: %s", body[strings.Index(body, `<ol class="hits">`):])
	}
	// The facet links and chips keep the size too.
	if !strings.Contains(body, `href="/?filter=province%3D%E5%B1%B1%E4%B8%9C%E7%9C%81&amp;q=%E8%90%A5%E5%95%86%E7%8E%AF%E5%A2%83&amp;size=1&amp;sort=newest"`) {
		t.Errorf("a facet link drops the size")
	}
	// One page: no pager.
	if body := get(t, s, "/?q=营商环境").Body.String(); strings.Contains(body, `class="pager"`) {
		t.Errorf("a single page has a pager")
	}
}

// TestBadQueryKeepsFilters: the error is shown with the filters still
// there, as chips and in the form.
func TestBadQueryKeepsFilters(t *testing.T) {
	s := newTestServer(t, newFakeCorpus(), Limits{})
	for _, target := range []string{"/?q=" + url.QueryEscape(`"营商`) + "&filter=province=山东省", "/?q=营商&filter=province=山东省&sort=random"} {
		w := get(t, s, target)
		body := w.Body.String()
		if w.Code != http.StatusBadRequest || !strings.Contains(body, `class="error"`) || !strings.Contains(body, `<bdi>省份: 山东省</bdi>`) ||
			!strings.Contains(body, `name="filter" value="province=山东省"`) {
			t.Errorf("%s: status %d, the error or the filter is missing", target, w.Code)
		}
	}
	if body := get(t, s, "/?q=营商&sort=random").Body.String(); !strings.Contains(body, "排序 &#34;random&#34;：应为 relevance、newest 或 oldest") {
		t.Errorf("the error is not in Chinese")
	}
}

// TestDocPageMarks: reached from the results, the document page marks the
// query's matches and links back; the simplified view keeps them.
func TestDocPageMarks(t *testing.T) {
	s := newTestServer(t, newFakeCorpus(), Limits{})
	body := get(t, s, "/doc/1?q=营商环境&filter=province=江西省&page=1").Body.String()
	for _, want := range []string{
		`<mark class="qm" title="匹配">营商环境</mark>`,
		`<mark class="fig" id="f1" title="数据 1">1200家</mark>`,
		`<a id="back-results" href="/?filter=province%3D%E6%B1%9F%E8%A5%BF%E7%9C%81&amp;page=1&amp;q=%E8%90%A5%E5%95%86%E7%8E%AF%E5%A2%83">`,
		`href="/doc/1?filter=province%3D%E6%B1%9F%E8%A5%BF%E7%9C%81&amp;page=1&amp;q=%E8%90%A5%E5%95%86%E7%8E%AF%E5%A2%83&amp;text=simplified"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("document from a result lacks %s", want)
		}
	}
	if body := get(t, s, "/doc/1").Body.String(); strings.Contains(body, `class="qm"`) || strings.Contains(body, "back-results") {
		t.Errorf("a document reached directly has marks or a link back")
	}
}

// TestSimplifiedKeepsPunctuation: the simplified view is the original
// converted to simplified script, with its punctuation and widths as
// published (not the index's width-folded text).
func TestSimplifiedKeepsPunctuation(t *testing.T) {
	c := newFakeCorpus()
	text := "臺灣工商聯：「營商環境」，成長１２％。"
	doc := &corpus.Document{Title: "工商聯", Original: text, Normalized: "台湾工商联:「营商环境」,成长12%。"}
	c.add(doc)
	s := newTestServer(t, c, Limits{})
	body := get(t, s, "/doc/"+strconv.FormatInt(doc.ID, 10)+"?text=simplified&q=营商环境").Body.String()
	want := `<div class="text">台湾工商联：「<mark class="qm" title="匹配">营商环境</mark>」，成长１２％。</div>`
	if !strings.Contains(body, want) {
		i := strings.Index(body, `<div class="text">`)
		t.Errorf("simplified view:\n got %.200s\nwant %s", body[max(i, 0):], want)
	}
}

// TestLanguage: Chinese by default, English by ?lang=en, remembered in a
// cookie; the switch link keeps the page's parameters.
func TestLanguage(t *testing.T) {
	s := newTestServer(t, newFakeCorpus(), Limits{})
	w := get(t, s, "/?q=营商环境&lang=en")
	body := w.Body.String()
	if !strings.Contains(body, `<html lang="en">`) || !strings.Contains(body, "<strong>3</strong> stories") ||
		!strings.Contains(body, `<a class="lang" id="lang-switch" href="/?lang=zh&amp;q=%E8%90%A5%E5%95%86%E7%8E%AF%E5%A2%83"`) {
		t.Errorf("lang=en: not English or no switch back")
	}
	cookies := w.Result().Cookies()
	if len(cookies) != 1 || cookies[0].Name != langCookie || cookies[0].Value != langEN {
		t.Fatalf("lang=en sets cookies %v", cookies)
	}
	req, _ := http.NewRequest(http.MethodGet, "/doc/1", nil)
	req.AddCookie(cookies[0])
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	if b := rec.Body.String(); !strings.Contains(b, `<html lang="en">`) || !strings.Contains(b, "<dt>Places</dt>") {
		t.Errorf("the cookie does not keep English")
	}
	if b := get(t, s, "/doc/12345?lang=en").Body.String(); !strings.Contains(b, "404 · Not Found") {
		t.Errorf("English error page: %.300s", b)
	}
	if b := get(t, s, "/doc/12345").Body.String(); !strings.Contains(b, "404 · 未找到") || !strings.Contains(b, `<html lang="zh-CN">`) {
		t.Errorf("Chinese error page: %.300s", b)
	}
	// Every key has both languages.
	for k, v := range uiStrings {
		if v[0] == "" || v[1] == "" {
			t.Errorf("string %q lacks a language: %q", k, v)
		}
	}
}
