package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/fednews/fednews/index"
	"github.com/fednews/fednews/zh"
)

// paramError is a bad request parameter; its message names the parameter.
// The page translates its format (see message).
type paramError struct {
	format string
	args   []any
}

func (e *paramError) Error() string { return fmt.Sprintf(e.format, e.args...) }

func badParam(format string, args ...any) error {
	return &paramError{format: format, args: args}
}

// urlParams parses r's query string strictly. url.URL.Query drops a pair
// it cannot decode, so q=词%zz would silently become no query at all and
// a search or export would widen to the whole corpus; a malformed escape
// is a bad request instead.
func urlParams(r *http.Request) (url.Values, error) {
	v, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return v, badParam("malformed query string (%v): write a literal %% as %%25", err)
	}
	return v, nil
}

// query is a search as the URL states it: q, filter (F=V, F=V1|V2 or
// F!=V, repeated), facet (repeated), more (a facet to list in full,
// repeated), from and to (inclusive days), page, size and sort.
type query struct {
	Q        string // as typed; "" matches every document
	Filters  []index.Filter
	Facets   []string
	More     []string  // facets listed in full (up to index.MaxFacetSize values)
	From, To time.Time // inclusive days, zero when open
	Page     int       // 1-based
	Size     int
	Sort     string // relevance (""), newest or oldest
	All      bool   // all=1: every copy of a story, listed and counted
}

// request is the index request of q. With more it asks for every value
// (the backend counts them all anyway); facetSizes cuts the others back.
func (q query) request() index.Request {
	req := index.Request{Query: q.Q, Filters: q.Filters, Facets: q.Facets, From: q.From,
		To: q.To, Limit: q.Size, Offset: (q.Page - 1) * q.Size, Sort: q.Sort, NoCollapse: q.All}
	if req.Query == "" {
		req.Query = "*"
	}
	if len(q.More) > 0 {
		req.FacetSize = index.MaxFacetSize
	}
	return req
}

// facetSizes cuts each facet of res to size values, but those of q.More.
func (q query) facetSizes(res *index.Response, size int) {
	for f, vals := range res.Facets {
		if !slices.Contains(q.More, f) && len(vals) > size {
			res.Facets[f] = vals[:size]
		}
	}
}

// selects says whether an export of q goes through the index: a query or
// a filter does, dates alone do not (fednews export makes the same choice).
func (q query) selects() bool {
	return q.Q != "" || len(q.Filters) > 0
}

// parseQuery reads a search from URL parameters, enforcing the limits.
func parseQuery(v url.Values, lim Limits, defSize int) (query, error) {
	q := query{Q: strings.TrimSpace(v.Get("q")), Page: 1, Size: defSize}
	if !utf8.ValidString(q.Q) {
		return q, badParam("q is not valid UTF-8")
	}
	if n := utf8.RuneCountInString(q.Q); n > lim.MaxQueryRunes {
		return q, badParam("q is %d characters long; the limit is %d", n, lim.MaxQueryRunes)
	}
	if q.Q == "*" {
		q.Q = ""
	}
	filters := v["filter"]
	if len(filters) > lim.MaxFilters {
		return q, badParam("%d filters; the limit is %d", len(filters), lim.MaxFilters)
	}
	for _, s := range filters {
		f, err := index.ParseFilter(s)
		if err != nil {
			return q, badParam("%s", strings.TrimPrefix(err.Error(), "query: "))
		}
		vals := f.Values()
		for i, one := range vals {
			if vals[i] = strings.TrimSpace(one); vals[i] == "" {
				return q, badParam("filter %q: an empty value", f.Field)
			}
		}
		if f.Value = strings.Join(vals, index.FilterOr); !utf8.ValidString(f.Value) || utf8.RuneCountInString(f.Value) > lim.MaxQueryRunes {
			return q, badParam("filter %q: value too long or not UTF-8", f.Field)
		}
		q.Filters = append(q.Filters, f)
	}
	if len(v["facet"]) > lim.MaxFilters {
		return q, badParam("%d facets; the limit is %d", len(v["facet"]), lim.MaxFilters)
	}
	q.Facets = v["facet"]
	if len(v["more"]) > lim.MaxFilters {
		return q, badParam("%d facets; the limit is %d", len(v["more"]), lim.MaxFilters)
	}
	for _, f := range v["more"] {
		if !index.IsFacet(f) {
			return q, badParam("more %q: not a facet (facets: %s)", f, strings.Join(index.KeywordFields, ", "))
		}
		q.More = append(q.More, f)
	}
	q.All = v.Get("all") == "1"
	var err error
	if q.From, err = parseDay(v, "from"); err != nil {
		return q, err
	}
	if q.To, err = parseDay(v, "to"); err != nil {
		return q, err
	}
	if !q.From.IsZero() && !q.To.IsZero() && q.To.Before(q.From) {
		return q, badParam("to (%s) is before from (%s)", v.Get("to"), v.Get("from"))
	}
	if q.Page, err = parseInt(v, "page", 1, 1, lim.MaxPage); err != nil {
		return q, err
	}
	if q.Size, err = parseInt(v, "size", defSize, 1, lim.MaxPageSize); err != nil {
		return q, err
	}
	switch q.Sort = v.Get("sort"); q.Sort {
	case "", "relevance":
		q.Sort = ""
	case "newest", "oldest":
	default:
		return q, badParam("sort %q: want relevance, newest or oldest", q.Sort)
	}
	return q, nil
}

func parseDay(v url.Values, name string) (time.Time, error) {
	s := strings.TrimSpace(v.Get(name))
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.ParseInLocation(time.DateOnly, s, zh.China)
	if err != nil {
		return time.Time{}, badParam("%s %q: want a date like 2024-01-31", name, s)
	}
	return t, nil
}

func parseInt(v url.Values, name string, def, lo, hi int) (int, error) {
	s := v.Get(name)
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		return 0, badParam("%s %q: want a whole number from %d to %d", name, s, lo, hi)
	}
	return n, nil
}

// values is the inverse of parseQuery for the page's links: the URL
// parameters of q without page, size, facets and more (the page picks
// those).
func (q query) values() url.Values {
	v := url.Values{}
	if q.Q != "" {
		v.Set("q", q.Q)
	}
	for _, f := range q.Filters {
		v.Add("filter", f.String())
	}
	if !q.From.IsZero() {
		v.Set("from", q.From.Format(time.DateOnly))
	}
	if !q.To.IsZero() {
		v.Set("to", q.To.Format(time.DateOnly))
	}
	if q.Sort != "" {
		v.Set("sort", q.Sort)
	}
	if q.All {
		v.Set("all", "1")
	}
	return v
}
