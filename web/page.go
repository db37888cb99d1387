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
			if p, err := index.NewPlan(index.Request{Query: v.Query}, index.Places(s.gaz)); err == nil {
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
