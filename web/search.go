package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/fednews/fednews/index"
)

// Searcher answers search requests; every index.Backend is one. The server calls
// it from many goroutines at once.
type Searcher interface {
	Search(ctx context.Context, req index.Request) (*index.Response, error)
	// IDs lists every document req matches (what an export covers), or
	// returns an *index.TooManyError when there are more than limit.
	IDs(ctx context.Context, req index.Request, limit int) ([]int64, error)
}

// The search page (/): results, facets, chips and pager.

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
