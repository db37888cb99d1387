package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/index"
	"github.com/fednews/fednews/zh"
)

// pageSize is the number of hits on one page of results.
const pageSize = 20

type templates struct {
	search, doc, research, errPage *template.Template
}

func parseTemplates() (*templates, error) {
	funcs := template.FuncMap{
		"label": facetLabel,
		"num":   func(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) },
		"value": groupDigits,
		"add":   func(a, b float64) float64 { return a + b },
		"num0":  func(f float64) string { return groupDigits(&f) },
		"sub":   func(a, b float64) float64 { return a - b },
	}
	parse := func(name string) (*template.Template, error) {
		t, err := template.New(name).Funcs(funcs).ParseFS(assets, "templates/layout.html", "templates/"+name)
		if err != nil {
			return nil, fmt.Errorf("web: parse template %s: %w", name, err)
		}
		return t, nil
	}
	var t templates
	var err error
	if t.search, err = parse("search.html"); err != nil {
		return nil, err
	}
	if t.doc, err = parse("doc.html"); err != nil {
		return nil, err
	}
	if t.research, err = parse("research.html"); err != nil {
		return nil, err
	}
	if t.errPage, err = parse("error.html"); err != nil {
		return nil, err
	}
	return &t, nil
}

// groupDigits formats a figure's value with thousands separators, so that
// 5830000000 reads as 5,830,000,000.
func groupDigits(v *float64) string {
	if v == nil {
		return ""
	}
	s := strconv.FormatFloat(*v, 'f', -1, 64)
	sign, rest := "", s
	if rest[0] == '-' {
		sign, rest = "-", rest[1:]
	}
	whole, frac, _ := strings.Cut(rest, ".")
	if frac != "" {
		frac = "." + frac
	}
	if len(whole) <= 4 || strings.ContainsAny(whole, "eE") {
		return s
	}
	var b strings.Builder
	for i, d := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(d)
	}
	return sign + b.String() + frac
}

// render executes t into a buffer first, so that a template error becomes a
// clean 500 instead of half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, t *template.Template, status int, data any) {
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		s.cfg.Logger.Error("render page", "path", r.URL.Path, "err", err)
		writeError(w, http.StatusInternalServerError, "internal error")
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, err error) {
	status, msg := s.statusOf(r, err)
	if status == 499 {
		return
	}
	s.render(w, r, s.tmpl.errPage, status, map[string]any{"Title": http.StatusText(status), "Status": status, "Message": msg})
}

// segment is a run of text, marked (a search match or a figure) or not.
type segment struct {
	Text string
	Mark bool
	Fig  int // 1-based number of the marked span
}

type hitView struct {
	index.Hit
	TitleText []segment
	Snippet   []segment
}

type facetValueView struct {
	Value  string
	Count  int
	URL    string
	Active bool
}

type facetView struct {
	Field  string
	Values []facetValueView
}

type activeFilter struct {
	Label, RemoveURL string
}

type searchView struct {
	Title      string
	Query      string
	From, To   string
	Sort       string
	Error      string
	Searched   bool
	Total      int    // stories, or every copy with All
	Documents  int    // every copy
	All        bool   // all=1: every copy listed and counted
	CountsURL  string // the same search counted the other way
	First      int
	Last       int
	Hits       []hitView
	Facets     []facetView
	Active     []activeFilter
	Chart      *chart
	PrevURL    string
	NextURL    string
	ExportURL  string
	ExportDocs string
	Hidden     []index.Filter // filters carried by the search form
}

// facetSize is how many values of each facet the page lists.
const facetSize = 12

func (s *Server) searchPage(w http.ResponseWriter, r *http.Request) {
	uv, err := urlParams(r)
	v := &searchView{Title: "fednews", Query: uv.Get("q"), From: uv.Get("from"), To: uv.Get("to"), Sort: uv.Get("sort")}
	var q query
	if err == nil {
		q, err = parseQuery(uv, s.cfg.Limits, pageSize)
	}
	if err != nil {
		v.Error = err.Error()
		s.render(w, r, s.tmpl.search, http.StatusBadRequest, v)
		return
	}
	req := q.request()
	req.Facets, req.FacetSize, req.Histogram = s.cfg.Facets, facetSize, true
	if q.Q == "" && q.Sort == "" {
		req.Sort = "newest" // browsing everything: relevance says nothing
	}
	res, err := s.search(r.Context(), req)
	if err != nil {
		status, msg := s.statusOf(r, err)
		if status == 499 {
			return
		}
		v.Error = msg
		s.render(w, r, s.tmpl.search, status, v)
		return
	}
	if q.Q != "" {
		v.Title = q.Q + " · fednews"
	}
	v.Searched, v.Total, v.Documents, v.All, v.Hidden = true, res.Total, res.Documents, q.All, q.Filters
	base := q.values()
	link := func(mod func(url.Values)) string {
		c := url.Values{}
		for k, vs := range base {
			c[k] = append([]string(nil), vs...)
		}
		mod(c)
		if len(c) == 0 {
			return "/"
		}
		return "/?" + c.Encode()
	}
	for _, h := range res.Hits {
		var titleSpans [][2]int
		for _, m := range h.Matches {
			if m.Field == "title" {
				titleSpans = append(titleSpans, [2]int{m.Start, m.End})
			}
		}
		v.Hits = append(v.Hits, hitView{Hit: h, TitleText: markSpans(h.Title, titleSpans), Snippet: markSpans(h.SnippetRaw, h.Marks)})
	}
	if len(v.Hits) > 0 {
		v.First = (q.Page-1)*q.Size + 1
		v.Last = v.First + len(v.Hits) - 1
	}
	if q.Page > 1 {
		v.PrevURL = link(func(c url.Values) { c.Set("page", strconv.Itoa(q.Page-1)) })
	}
	if v.Last < res.Total && q.Page < s.cfg.Limits.MaxPage {
		v.NextURL = link(func(c url.Values) { c.Set("page", strconv.Itoa(q.Page+1)) })
	}
	for i, f := range q.Filters {
		v.Active = append(v.Active, activeFilter{
			Label: facetLabel(f.Field) + ": " + f.Value,
			RemoveURL: link(func(c url.Values) {
				c.Del("filter")
				for j, g := range q.Filters {
					if j != i {
						c.Add("filter", g.Field+"="+g.Value)
					}
				}
			}),
		})
	}
	for _, field := range s.cfg.Facets {
		fv := facetView{Field: field}
		for _, val := range res.Facets[field] {
			f := index.Filter{Field: field, Value: val.Value}
			active := slices.Contains(q.Filters, f)
			fv.Values = append(fv.Values, facetValueView{Value: val.Value, Count: val.Count, Active: active,
				URL: link(func(c url.Values) {
					if !active {
						c.Add("filter", f.Field+"="+f.Value)
					}
				})})
		}
		if len(fv.Values) > 0 {
			v.Facets = append(v.Facets, fv)
		}
	}
	v.CountsURL = link(func(c url.Values) {
		if q.All {
			c.Del("all")
		} else {
			c.Set("all", "1")
		}
	})
	noun := "stories"
	if q.All {
		noun = "documents"
	}
	v.Chart = monthChart(res.Histogram, noun)
	v.ExportURL = "/api/export.csv?" + withWhat(base, "figures")
	v.ExportDocs = "/api/export.csv?" + withWhat(base, "documents")
	s.render(w, r, s.tmpl.search, http.StatusOK, v)
}

func withWhat(base url.Values, what string) string {
	c := url.Values{"what": {what}}
	for k, vs := range base {
		c[k] = vs
	}
	return c.Encode()
}

var facetLabels = map[string]string{
	"year": "Year", "month": "Month", "province": "Province", "city": "City", "county": "County",
	"org": "Organization", "source": "Source", "kind": "Figure kind", "unit": "Unit", "script": "Script",
	"topic": "Figure topic", "period": "Figure period (year)",
}

func facetLabel(field string) string {
	if l, ok := facetLabels[field]; ok {
		return l
	}
	return field
}

// figRow is one figure in the document page's table.
type figRow struct {
	N int
	corpus.Figure
}

type docPageView struct {
	Title      string
	Doc        *DocView
	Published  string
	Places     string // province, city and county the article is about
	Simplified bool
	ToggleURL  string
	Text       []segment
	Figures    []figRow
	// FiguresTotal is the number of figures of the part shown (of the
	// document when it has one part), FiguresMore those not listed.
	FiguresTotal, FiguresMore int
	// A long text is shown in parts of docPartRunes characters.
	Part, Parts      int
	PrevURL, NextURL string
}

func (s *Server) docPage(w http.ResponseWriter, r *http.Request) {
	uv, err := urlParams(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	win := docWindow{part: 1, partRunes: docPartRunes, partFigures: true, figLimit: pageFigures}
	if uv.Get("part") != "" {
		if win.part, err = parseInt(uv, "part", 1, 1, 1<<20); err != nil {
			s.errorPage(w, r, err)
			return
		}
	}
	dv, release, err := s.loadDocBounded(r.Context(), r.PathValue("id"), win)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	defer release()
	simplified := uv.Get("text") == "simplified"
	v := &docPageView{Title: dv.Title + " · fednews", Doc: dv, Simplified: simplified, Part: dv.Part, Parts: dv.Parts,
		FiguresTotal: dv.FiguresTotal, FiguresMore: dv.FiguresTotal - len(dv.Figures)}
	if !dv.Published.IsZero() {
		v.Published = dv.Published.Format(time.DateOnly)
	}
	if e := dv.Entities; e != nil {
		// The places stored with the document (found at ingest).
		v.Places = strings.Join(slices.Concat(e.About.Provinces, e.About.Cities, e.About.Counties), " · ")
	}
	// Spans are rune offsets into the whole original: shift them to the
	// part, and for the simplified text map them through the part's
	// normalization (the part is normalized alone, so that both views of
	// a part show the same passage).
	text, spans := dv.Original, make([][2]int, len(dv.Figures))
	for i, f := range dv.Figures {
		spans[i] = [2]int{f.Start - dv.TextOffset, f.End - dv.TextOffset}
	}
	if simplified {
		n := zh.Normalize(dv.Original, zh.AllSteps)
		text, spans = n.Text, normalizedSpans(n, spans)
	}
	docURL := func(simplified bool, part int) string {
		q := url.Values{}
		if simplified {
			q.Set("text", "simplified")
		}
		if part > 1 {
			q.Set("part", strconv.Itoa(part))
		}
		u := "/doc/" + strconv.FormatInt(dv.ID, 10)
		if len(q) > 0 {
			u += "?" + q.Encode()
		}
		return u
	}
	v.ToggleURL = docURL(!simplified, dv.Part)
	if dv.Part > 1 {
		v.PrevURL = docURL(simplified, dv.Part-1)
	}
	if dv.Part < dv.Parts {
		v.NextURL = docURL(simplified, dv.Part+1)
	}
	// The table lists the figures of the part shown, numbered in the
	// whole document; the marks carry the same numbers.
	marks := make([]numberedSpan, len(dv.Figures))
	for i, f := range dv.Figures {
		v.Figures = append(v.Figures, figRow{N: dv.figureNumbers[i], Figure: f})
		marks[i] = numberedSpan{spans[i], dv.figureNumbers[i]}
	}
	v.Text = markNumbered(text, marks)
	s.render(w, r, s.tmpl.doc, http.StatusOK, v)
}

// markSpans cuts text into segments with the rune spans marked and
// numbered 1..n. Spans that are out of range or overlap an earlier one stay
// unmarked.
func markSpans(text string, spans [][2]int) []segment {
	marks := make([]numberedSpan, len(spans))
	for i, sp := range spans {
		marks[i] = numberedSpan{sp, i + 1}
	}
	return markNumbered(text, marks)
}

// numberedSpan is a rune span marked with its number.
type numberedSpan struct {
	span [2]int
	n    int
}

// markNumbered is markSpans with the numbers given.
func markNumbered(text string, spans []numberedSpan) []segment {
	var ss []numberedSpan
	for _, sp := range spans {
		if sp.span[0] >= 0 && sp.span[1] > sp.span[0] {
			ss = append(ss, sp)
		}
	}
	sort.SliceStable(ss, func(i, j int) bool { return ss[i].span[0] < ss[j].span[0] })
	runes := []rune(text)
	var out []segment
	pos := 0
	for _, sp := range ss {
		start, end := sp.span[0], sp.span[1]
		if start < pos || end > len(runes) {
			continue
		}
		if start > pos {
			out = append(out, segment{Text: string(runes[pos:start])})
		}
		out = append(out, segment{Text: string(runes[start:end]), Mark: true, Fig: sp.n})
		pos = end
	}
	if pos < len(runes) {
		out = append(out, segment{Text: string(runes[pos:])})
	}
	return out
}

// normalizedSpans maps rune spans in a text to its normalization n through
// the normalization's offset map.
func normalizedSpans(n zh.Result, spans [][2]int) [][2]int {
	out := make([][2]int, len(spans))
	if len(n.Orig) != utf8.RuneCountInString(n.Text) {
		return out // no offset map: leave unmarked
	}
	for i, sp := range spans {
		// First normalized rune ending after the start; first starting at or after the end.
		start := sort.Search(len(n.Orig), func(k int) bool { return int(n.Orig[k].End) > sp[0] })
		end := sort.Search(len(n.Orig), func(k int) bool { return int(n.Orig[k].Start) >= sp[1] })
		out[i] = [2]int{start, end}
	}
	return out
}

// staticFS is the embedded static directory.
func staticFS() fs.FS {
	sub, _ := fs.Sub(assets, "static")
	return sub
}
