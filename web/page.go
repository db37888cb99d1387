package web

import (
	"bytes"
	"context"
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

// templates are the pages, parsed once per language (Chinese here, the
// others in byLang by file name).
type templates struct {
	search, doc, research, errPage *template.Template
	byLang                         map[string]map[string]*template.Template
}

func parseTemplates() (*templates, error) {
	t := &templates{byLang: map[string]map[string]*template.Template{}}
	for _, lang := range langs {
		funcs := template.FuncMap{
			"num":   func(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) },
			"value": groupDigits,
			"add":   func(a, b float64) float64 { return a + b },
			"num0":  func(f float64) string { return groupDigits(&f) },
			"sub":   func(a, b float64) float64 { return a - b },
		}
		for k, f := range langFuncs(lang) {
			funcs[k] = f
		}
		set := map[string]*template.Template{}
		for _, name := range []string{"search.html", "doc.html", "research.html", "error.html"} {
			p, err := template.New(name).Funcs(funcs).ParseFS(assets, "templates/layout.html", "templates/"+name)
			if err != nil {
				return nil, fmt.Errorf("web: parse template %s: %w", name, err)
			}
			set[name] = p
		}
		t.byLang[lang] = set
	}
	zh := t.byLang[langZH]
	t.search, t.doc, t.research, t.errPage = zh["search.html"], zh["doc.html"], zh["research.html"], zh["error.html"]
	return t, nil
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
// The page is in the request's language (langOf): t is swapped for its
// version in that language, and data that has a chrome gets it.
func (s *Server) render(w http.ResponseWriter, r *http.Request, t *template.Template, status int, data any) {
	lang := langOf(r)
	rememberLang(w, r)
	if lt, ok := s.tmpl.byLang[lang][t.Name()]; ok {
		t = lt
	}
	if c, ok := data.(withChrome); ok {
		*c.chromeOf() = chromeFor(r, lang)
	}
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

type errorView struct {
	chrome
	Title   string
	Status  int
	Message string
}

func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, err error) {
	status, msg := s.statusOf(r, err)
	if status == 499 {
		return
	}
	lang := langOf(r)
	s.render(w, r, s.tmpl.errPage, status, &errorView{Title: statusText(lang, status), Status: status, Message: trError(lang, msg, err)})
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
	DocURL    string // the document page, carrying the search (its marks, the link back)
}

type facetValueView struct {
	Value      string
	Count      int
	URL        string // toggles the value: added to the field's values (OR) or taken out
	ExcludeURL string // leaves out the articles with the value
	Active     bool
}

type facetView struct {
	Field    string
	Values   []facetValueView
	More     int    // values not listed
	MoreURL  string // the facet listed in full
	FewerURL string // back to the first facetSize values
}

type activeFilter struct {
	Field, Value string
	Not          bool
	RemoveURL    string
}

type pageLink struct {
	N       int
	URL     string // "" for the current page
	Current bool
	Gap     bool // an ellipsis between page numbers
}

type searchView struct {
	chrome
	Title      string
	Query      string
	From, To   string
	Sort       string // as the form selects it
	SortKey    string // the order the results are in: "" (relevance), newest or oldest
	Size       int    // hits per page, carried by the form when not the default
	SizeSet    bool
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
	Page       int
	Pages      int // the last page that can be shown
	PageLinks  []pageLink
	PrevURL    string
	NextURL    string
	ExportURL  string
	ExportDocs string
	Hidden     []index.Filter // filters carried by the search form
}

// facetSize is how many values of each facet the page lists, unless more.
const facetSize = 12

// search is the page's state, from which it builds every link: the query
// with page, size and the facets listed in full.
type search struct {
	q       query
	sizeSet bool // size= was given: every link keeps it
}

// url is the results page of s with filters fs (nil: s's own) at page.
func (s search) url(fs []index.Filter, page int, more []string) string {
	q := s.q
	if fs != nil {
		q.Filters = fs
	}
	v := q.values()
	if s.sizeSet {
		v.Set("size", strconv.Itoa(q.Size))
	}
	for _, f := range more {
		v.Add("more", f)
	}
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	if len(v) == 0 {
		return "/"
	}
	return "/?" + v.Encode()
}

func (s search) link(fs []index.Filter) string { return s.url(fs, 1, s.q.More) }

func (s *Server) searchPage(w http.ResponseWriter, r *http.Request) {
	uv, err := urlParams(r)
	v := &searchView{Title: "fednews", Query: uv.Get("q"), From: uv.Get("from"), To: uv.Get("to"), Sort: uv.Get("sort")}
	lang := langOf(r)
	var q query
	if err == nil {
		q, err = parseQuery(uv, s.cfg.Limits, pageSize)
	}
	st := search{q: q, sizeSet: uv.Get("size") != ""}
	// A bad query keeps its filters: the chips and the form still carry them.
	v.Hidden, v.Active = q.Filters, st.chips()
	v.Size, v.SizeSet = q.Size, st.sizeSet
	if err != nil {
		v.Error = trError(lang, err.Error(), err)
		s.render(w, r, s.tmpl.search, http.StatusBadRequest, v)
		return
	}
	req := q.request()
	req.Facets, req.FacetSize, req.Histogram = s.cfg.Facets, index.MaxFacetSize, true
	if q.Q == "" && q.Sort == "" {
		req.Sort = "newest" // browsing everything: relevance says nothing
	}
	v.SortKey = req.Sort
	res, err := s.search(r.Context(), req)
	if err == nil {
		err = s.disjunctiveFacets(r.Context(), req, res)
	}
	if err != nil {
		status, msg := s.statusOf(r, err)
		if status == 499 {
			return
		}
		v.Error = trError(lang, msg, err)
		s.render(w, r, s.tmpl.search, status, v)
		return
	}
	if q.Q != "" {
		v.Title = q.Q + " · fednews"
	}
	v.Searched, v.Total, v.Documents, v.All = true, res.Total, res.Documents, q.All
	here := st.url(nil, q.Page, q.More)
	for _, h := range res.Hits {
		var titleSpans [][2]int
		for _, m := range h.Matches {
			if m.Field == "title" {
				titleSpans = append(titleSpans, [2]int{m.Start, m.End})
			}
		}
		v.Hits = append(v.Hits, hitView{Hit: h, TitleText: markSpans(h.Title, titleSpans), Snippet: markSpans(h.SnippetRaw, h.Marks),
			DocURL: docLink(h.ID, here)})
	}
	if len(v.Hits) > 0 {
		v.First = (q.Page-1)*q.Size + 1
		v.Last = v.First + len(v.Hits) - 1
	}
	v.Page, v.Pages = q.Page, min((res.Total+q.Size-1)/q.Size, s.cfg.Limits.MaxPage)
	if q.Page > 1 {
		v.PrevURL = st.url(nil, q.Page-1, q.More)
	}
	if q.Page < v.Pages {
		v.NextURL = st.url(nil, q.Page+1, q.More)
	}
	for _, n := range pageNumbers(q.Page, v.Pages) {
		switch {
		case n == 0:
			v.PageLinks = append(v.PageLinks, pageLink{Gap: true})
		case n == q.Page:
			v.PageLinks = append(v.PageLinks, pageLink{N: n, Current: true})
		default:
			v.PageLinks = append(v.PageLinks, pageLink{N: n, URL: st.url(nil, n, q.More)})
		}
	}
	for _, field := range s.cfg.Facets {
		if fv := st.facet(field, res.Facets[field]); len(fv.Values) > 0 {
			v.Facets = append(v.Facets, fv)
		}
	}
	other := q
	other.All = !q.All
	v.CountsURL = search{q: other, sizeSet: st.sizeSet}.link(nil)
	noun := tr(lang, "chart.stories")
	if q.All {
		noun = tr(lang, "chart.documents")
	}
	v.Chart = monthChart(lang, res.Histogram, noun)
	base := q.values()
	v.ExportURL = "/api/export.csv?" + withWhat(base, "figures")
	v.ExportDocs = "/api/export.csv?" + withWhat(base, "documents")
	s.render(w, r, s.tmpl.search, http.StatusOK, v)
}

// disjunctiveFacets recounts each facet that a filter of values narrows
// (province=广东省) without that filter, so that the facet still lists the
// other values to add (广东省 OR 江苏省), counted as they would add.
func (s *Server) disjunctiveFacets(ctx context.Context, req index.Request, res *index.Response) error {
	for i, f := range req.Filters {
		if f.Not || !slices.Contains(req.Facets, f.Field) {
			continue
		}
		sub := req
		sub.Filters = slices.Delete(slices.Clone(req.Filters), i, i+1)
		sub.Facets, sub.Histogram, sub.Limit, sub.Offset, sub.SnippetRunes = []string{f.Field}, false, 1, 0, 1
		r, err := s.search(ctx, sub)
		if err != nil {
			return err
		}
		res.Facets[f.Field] = r.Facets[f.Field]
	}
	return nil
}

// facet is the view of one facet's values: the first facetSize (all with
// more=FIELD), years newest first, each value a toggle and an exclusion.
func (s search) facet(field string, vals []index.FacetValue) facetView {
	fv := facetView{Field: field}
	if field == index.FieldYear || field == index.FieldMonth {
		vals = slices.Clone(vals)
		slices.SortFunc(vals, func(a, b index.FacetValue) int { return strings.Compare(b.Value, a.Value) })
	}
	if slices.Contains(s.q.More, field) {
		fv.FewerURL = s.url(nil, 1, slices.DeleteFunc(slices.Clone(s.q.More), func(f string) bool { return f == field }))
	} else if len(vals) > facetSize {
		fv.More = len(vals)
		fv.MoreURL = s.url(nil, 1, append(slices.Clone(s.q.More), field))
		vals = vals[:facetSize]
	}
	// A chosen value the other filters leave without stories stays listed,
	// checked, so that it can be taken out here too.
	for _, f := range s.q.Filters {
		if f.Field != field || f.Not {
			continue
		}
		for _, v := range f.Values() {
			if !slices.ContainsFunc(vals, func(x index.FacetValue) bool { return x.Value == v }) {
				vals = append(slices.Clip(vals), index.FacetValue{Value: v})
			}
		}
	}
	for _, val := range vals {
		fv.Values = append(fv.Values, facetValueView{Value: val.Value, Count: val.Count,
			Active:     selected(s.q.Filters, field, val.Value),
			URL:        s.link(toggled(s.q.Filters, field, val.Value)),
			ExcludeURL: s.link(append(slices.Clone(s.q.Filters), index.Filter{Field: field, Value: val.Value, Not: true}))})
	}
	return fv
}

// chips are the active filters, one per value, each with the link that
// takes that value out.
func (s search) chips() []activeFilter {
	var out []activeFilter
	for i, f := range s.q.Filters {
		for _, val := range f.Values() {
			out = append(out, activeFilter{Field: f.Field, Value: val, Not: f.Not, RemoveURL: s.link(withoutValue(s.q.Filters, i, val))})
		}
	}
	return out
}

// selected says whether a filter of fs asks for field to have value v.
func selected(fs []index.Filter, field, v string) bool {
	for _, f := range fs {
		if f.Field == field && !f.Not && slices.Contains(f.Values(), v) {
			return true
		}
	}
	return false
}

// toggled is fs with value v of field taken out of the field's first
// filter of values when there, else added to it (any of them matches), or
// a new filter.
func toggled(fs []index.Filter, field, v string) []index.Filter {
	for i, f := range fs {
		if f.Field != field || f.Not {
			continue
		}
		if slices.Contains(f.Values(), v) {
			return withoutValue(fs, i, v)
		}
		out := slices.Clone(fs)
		out[i].Value += index.FilterOr + v
		return out
	}
	return append(slices.Clone(fs), index.Filter{Field: field, Value: v})
}

// withoutValue is fs with value v taken out of filter i, which goes when
// it has no value left.
func withoutValue(fs []index.Filter, i int, v string) []index.Filter {
	rest := slices.DeleteFunc(fs[i].Values(), func(x string) bool { return x == v })
	out := slices.Clone(fs)
	if len(rest) == 0 {
		return slices.Delete(out, i, i+1)
	}
	out[i].Value = strings.Join(rest, index.FilterOr)
	return out
}

// pageNumbers are the pages the pager links: the first, the last and two
// either side of the current one; 0 stands for a gap.
func pageNumbers(page, pages int) []int {
	if pages <= 1 {
		return nil
	}
	var out []int
	for n := 1; n <= pages; n++ {
		if n == 1 || n == pages || (n >= page-2 && n <= page+2) {
			if len(out) > 0 && out[len(out)-1] != n-1 {
				out = append(out, 0)
			}
			out = append(out, n)
		}
	}
	return out
}

// docLink is a document's page reached from the results at back: it
// carries the search, so that the page marks the query's matches and links
// back.
func docLink(id int64, back string) string {
	u := "/doc/" + strconv.FormatInt(id, 10)
	if _, rawq, ok := strings.Cut(back, "?"); ok {
		u += "?" + rawq
	}
	return u
}

func withWhat(base url.Values, what string) string {
	c := url.Values{"what": {what}}
	for k, vs := range base {
		c[k] = vs
	}
	return c.Encode()
}

// figRow is one figure in the document page's table.
type figRow struct {
	N int
	corpus.Figure
}

type docPageView struct {
	chrome
	Title      string
	Doc        *DocView
	Published  string
	Places     string // province, city and county the article is about
	Simplified bool
	ToggleURL  string
	Text       []segment
	TitleText  []segment // the title with the query's matches marked
	Query      string    // the search the page was reached from
	BackURL    string    // its results
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
	// Reached from the results, the address carries the search: the
	// query's matches are marked and a link goes back.
	back := searchParams(uv)
	var hl []index.Highlight
	if len(back) > 0 {
		v.BackURL = "/?" + back.Encode()
		if v.Query = strings.TrimSpace(back.Get("q")); v.Query != "" {
			if p, err := index.NewPlan(index.Request{Query: v.Query}, s.gaz); err == nil {
				hl = p.Marks
			}
		}
	}
	// Figure spans are rune offsets into the whole original: shift them to
	// the part. The simplified text is the part converted rune for rune
	// (zh's t2s alone: punctuation and width as published), so the spans
	// hold; the map is still applied, so that a step that changes lengths
	// could not misplace them.
	text := dv.Original
	var marks []numberedSpan
	for i, f := range dv.Figures {
		marks = append(marks, numberedSpan{[2]int{f.Start - dv.TextOffset, f.End - dv.TextOffset}, dv.figureNumbers[i]})
	}
	for _, sp := range index.Mark(dv.Original, hl, index.FieldBody, 0).All {
		marks = append(marks, numberedSpan{sp, 0})
	}
	if simplified {
		n := zh.Normalize(dv.Original, simplifiedSteps)
		spans := make([][2]int, len(marks))
		for i, m := range marks {
			spans[i] = m.span
		}
		for i, sp := range normalizedSpans(n, spans) {
			marks[i].span = sp
		}
		text = n.Text
	}
	v.TitleText = markSpans(dv.Title, index.Mark(dv.Title, hl, index.FieldTitle, 0).All)
	docURL := func(simplified bool, part int) string {
		q := url.Values{}
		for k, vs := range back {
			q[k] = vs
		}
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
	// whole document; the marks carry the same numbers (0: a match of
	// the query).
	for i, f := range dv.Figures {
		v.Figures = append(v.Figures, figRow{N: dv.figureNumbers[i], Figure: f})
	}
	v.Text = markNumbered(text, marks)
	s.render(w, r, s.tmpl.doc, http.StatusOK, v)
}

// simplifiedSteps make the document page's simplified text: traditional
// characters converted, the rest (full-width punctuation，。) as published.
// The index's width folding is for matching, not for reading.
const simplifiedSteps = zh.StepT2S

// searchParams are the parameters of the search a document page was
// reached from (all of its address but its own text, part and lang).
func searchParams(uv url.Values) url.Values {
	out := url.Values{}
	for k, vs := range uv {
		switch k {
		case "text", "part", "lang":
		default:
			out[k] = vs
		}
	}
	return out
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
