package web

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// paramError is a bad request parameter; its message names the parameter.
type paramError struct{ msg string }

func (e *paramError) Error() string { return e.msg }

func badParam(format string, args ...any) error {
	return &paramError{msg: fmt.Sprintf(format, args...)}
}

// parseRequest reads a search request from URL parameters q, filter (F=V,
// repeated), facet (repeated), from, to (YYYY-MM-DD), page, size and sort,
// enforcing the limits.
func parseRequest(v url.Values, lim Limits, defSize int) (Request, error) {
	req := Request{Query: strings.TrimSpace(v.Get("q")), Page: 1, Size: defSize}
	if !utf8.ValidString(req.Query) {
		return req, badParam("q is not valid UTF-8")
	}
	if n := utf8.RuneCountInString(req.Query); n > lim.MaxQueryRunes {
		return req, badParam("q is %d characters long; the limit is %d", n, lim.MaxQueryRunes)
	}
	filters := v["filter"]
	if len(filters) > lim.MaxFilters {
		return req, badParam("%d filters; the limit is %d", len(filters), lim.MaxFilters)
	}
	for _, f := range filters {
		field, value, ok := strings.Cut(f, "=")
		field, value = strings.TrimSpace(field), strings.TrimSpace(value)
		if !ok || field == "" || value == "" {
			return req, badParam("filter %q: want FIELD=VALUE", f)
		}
		if !utf8.ValidString(value) || utf8.RuneCountInString(value) > lim.MaxQueryRunes {
			return req, badParam("filter %q: value too long or not UTF-8", field)
		}
		req.Filters = append(req.Filters, Filter{Field: field, Value: value})
	}
	facets := v["facet"]
	if len(facets) > lim.MaxFilters {
		return req, badParam("%d facets; the limit is %d", len(facets), lim.MaxFilters)
	}
	req.Facets = append(req.Facets, facets...)
	var err error
	if req.From, err = parseDate(v, "from"); err != nil {
		return req, err
	}
	if req.To, err = parseDate(v, "to"); err != nil {
		return req, err
	}
	if !req.From.IsZero() && !req.To.IsZero() && req.To.Before(req.From) {
		return req, badParam("to (%s) is before from (%s)", v.Get("to"), v.Get("from"))
	}
	if req.Page, err = parseInt(v, "page", 1, 1, lim.MaxPage); err != nil {
		return req, err
	}
	if req.Size, err = parseInt(v, "size", defSize, 1, lim.MaxPageSize); err != nil {
		return req, err
	}
	switch req.Sort = v.Get("sort"); req.Sort {
	case "", "relevance":
		req.Sort = ""
	case "date", "-date":
	default:
		return req, badParam("sort %q: want relevance, date or -date", req.Sort)
	}
	return req, nil
}

func parseDate(v url.Values, name string) (time.Time, error) {
	s := strings.TrimSpace(v.Get(name))
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, s)
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

// values is the inverse of parseRequest for the page's links: the query
// string of req, without page, size and facets (the page picks those).
func values(req Request) url.Values {
	v := url.Values{}
	if req.Query != "" {
		v.Set("q", req.Query)
	}
	for _, f := range req.Filters {
		v.Add("filter", f.Field+"="+f.Value)
	}
	if !req.From.IsZero() {
		v.Set("from", req.From.Format(time.DateOnly))
	}
	if !req.To.IsZero() {
		v.Set("to", req.To.Format(time.DateOnly))
	}
	if req.Sort != "" {
		v.Set("sort", req.Sort)
	}
	return v
}
