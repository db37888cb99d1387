package index

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/fednews/fednews/zh"
)

// SortOrders are the values of Request.Sort: by relevance, newest first,
// oldest first.
var SortOrders = []string{"relevance", "newest", "oldest"}

// Request is one search.
type Request struct {
	// Query in the query language (see Parse); "*" matches every document.
	Query string
	// Filters narrow the result like field clauses of the query, all of
	// them at once (Filter{Field: "province", Value: "江西"} is
	// province:江西).
	Filters []Filter
	// From and To bound the publication date: from the instant From
	// through the whole day of To (China time), both included, as --from
	// and --to, the web API's from and to and export.Options say; zero is
	// open.
	From, To time.Time
	// Facets lists the fields to count values of: source, province, city,
	// county, org, year, month, kind, unit, script, cluster.
	Facets []string
	// FacetSize is the number of values per facet (default 10, at most
	// MaxFacetSize).
	FacetSize int
	// Histogram asks for the number of matching stories per month (every
	// copy with NoCollapse).
	Histogram bool
	// Limit and Offset page through the hits (default limit 10, at most 1000).
	Limit, Offset int
	// Sort is one of SortOrders; "" is relevance.
	Sort string
	// NoCollapse lists and counts every copy. By default a story (a
	// duplicate cluster) is one hit with the other copies as its
	// Duplicates, and the total, the facets and the histogram count stories.
	NoCollapse bool
	// SnippetRunes is the length of a snippet in characters (default 120).
	SnippetRunes int
}

// Filter is a field clause given apart from the query text. Value takes
// the same forms as in the query (">=2021-01-01", "1亿..", "江西");
// several values separated by FilterOr match a document having any of
// them (province:广东省 OR province:江苏省). Not excludes the documents
// the filter matches instead (-province:深圳市).
type Filter struct {
	Field string `json:"field"`
	Value string `json:"value"`
	Not   bool   `json:"not,omitempty"`
}

// FilterOr separates the values of one Filter, any of which matches.
const FilterOr = "|"

// Values lists the values of f, any of which matches.
func (f Filter) Values() []string {
	return strings.Split(f.Value, FilterOr)
}

// String is f as ParseFilter reads it: FIELD=V1|V2 or FIELD!=V.
func (f Filter) String() string {
	if f.Not {
		return f.Field + "!=" + f.Value
	}
	return f.Field + "=" + f.Value
}

// ParseFilter reads "FIELD=VALUE" (the --filter flag), "FIELD=V1|V2" (any
// of the values) or "FIELD!=VALUE" (not that value; "FIELD!=V1|V2" is
// neither).
func ParseFilter(s string) (Filter, error) {
	f, v, ok := strings.Cut(s, "=")
	f = strings.ToLower(strings.TrimSpace(f))
	not := strings.HasSuffix(f, "!")
	f = strings.TrimSpace(strings.TrimSuffix(f, "!"))
	if !ok || f == "" || v == "" {
		return Filter{}, &QueryError{Pos: -1, Msg: fmt.Sprintf("filter %q: want FIELD=VALUE, FIELD=V1|V2 or FIELD!=VALUE, e.g. province=江西", s)}
	}
	for _, one := range strings.Split(v, FilterOr) {
		if strings.TrimSpace(one) == "" {
			return Filter{}, &QueryError{Pos: -1, Msg: fmt.Sprintf("filter %q: an empty value between %q", s, FilterOr)}
		}
	}
	return Filter{Field: f, Value: v, Not: not}, nil
}

// Response is the result of a search; it marshals as the JSON the CLI and
// the web API print.
type Response struct {
	Query     string                  `json:"query,omitempty"`
	Total     int                     `json:"total"`     // stories (every copy with NoCollapse)
	Documents int                     `json:"documents"` // matching documents, every copy
	Hits      []Hit                   `json:"hits"`
	Facets    map[string][]FacetValue `json:"facets"`              // counted like Total
	Histogram []FacetValue            `json:"histogram,omitempty"` // counted like Total, per month, oldest first
	TookMS    float64                 `json:"took_ms"`
}

// Hit is one matching document (or duplicate cluster).
type Hit struct {
	ID         int64       `json:"id"`
	Title      string      `json:"title"`      // original script
	TitleHTML  string      `json:"title_html"` // HTML-escaped, matches in <mark>
	URL        string      `json:"url"`
	Source     string      `json:"source"`
	Published  string      `json:"published"` // YYYY-MM-DD or ""
	Script     string      `json:"script,omitempty"`
	Score      float64     `json:"score"`
	Snippet    string      `json:"snippet"`      // HTML-escaped original text, matches in <mark>
	SnippetRaw string      `json:"snippet_text"` // the same without markup
	Marks      [][2]int    `json:"marks"`        // rune ranges of the matches in snippet_text
	Matches    []Span      `json:"matches"`      // matches in the original title and body (rune offsets)
	Provinces  []string    `json:"provinces,omitempty"`
	Cities     []string    `json:"cities,omitempty"`
	Counties   []string    `json:"counties,omitempty"`
	Orgs       []string    `json:"orgs,omitempty"`
	Cluster    int64       `json:"cluster,omitempty"`
	Duplicates []Duplicate `json:"duplicates"`

	// The places the document names, about or in passing (the
	// mentioned_* fields), first mention first.
	MentionedProvinces []string `json:"mentioned_province,omitempty"`
	MentionedCities    []string `json:"mentioned_city,omitempty"`
	MentionedCounties  []string `json:"mentioned_county,omitempty"`
}

// Span is a match in the original text of a field, in runes, end exclusive.
type Span struct {
	Field string `json:"field"` // title or body
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// Duplicate is another member of a hit's duplicate cluster.
type Duplicate struct {
	ID    int64  `json:"id"`
	Title string `json:"title"`
	URL   string `json:"url"`
}

// FacetValue is one value of a facet with the number of hits having it.
type FacetValue struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// MaxLimit is the most hits one page holds.
const MaxLimit = 1000

// MaxFacetSize is the most values one facet lists ("all of them" on the
// page's "more" link).
const MaxFacetSize = 1000

// WithDefaults returns req with the defaults filled in (limit 10, 10
// values per facet, snippets of 120 characters), or an error matching
// ErrBadQuery when its paging, facets or sort order are not valid.
func (req Request) WithDefaults() (Request, error) {
	if req.Limit == 0 {
		req.Limit = 10
	}
	if req.Limit < 0 || req.Limit > MaxLimit || req.Offset < 0 {
		return req, &QueryError{Pos: -1, Msg: fmt.Sprintf("limit must be 1..%d and offset >= 0", MaxLimit)}
	}
	if req.FacetSize <= 0 {
		req.FacetSize = 10
	}
	if req.FacetSize > MaxFacetSize {
		return req, &QueryError{Pos: -1, Msg: fmt.Sprintf("facet size must be at most %d", MaxFacetSize)}
	}
	if req.SnippetRunes <= 0 {
		req.SnippetRunes = 120
	}
	for _, f := range req.Facets {
		if !IsFacet(f) {
			return req, &QueryError{Pos: -1, Msg: fmt.Sprintf("cannot facet on %q (facets: %s)", f, strings.Join(KeywordFields, ", "))}
		}
	}
	if req.Sort != "" && !slices.Contains(SortOrders, req.Sort) {
		return req, &QueryError{Pos: -1, Msg: fmt.Sprintf("sort %q: want %s", req.Sort, strings.Join(SortOrders, ", "))}
	}
	return req, nil
}

// dates is the publication range of From and To: To's day is included.
func (req Request) dates() DateRange {
	r := DateRange{From: req.From}
	if !req.To.IsZero() {
		y, m, d := req.To.In(zh.China).Date()
		r.To = time.Date(y, m, d+1, 0, 0, 0, 0, zh.China)
	}
	return r
}

// SetMarks fills in the marked title, the snippet and the matches of h
// from the original title and body and the phrases of a Plan.
func (h *Hit) SetMarks(title, body string, hl []Highlight, snippetRunes int) {
	t := Mark(title, hl, FieldTitle, 0)
	h.TitleHTML = t.HTML
	h.Matches = []Span{}
	for _, s := range t.All {
		h.Matches = append(h.Matches, Span{FieldTitle, s[0], s[1]})
	}
	b := Mark(body, hl, FieldBody, snippetRunes)
	h.Snippet, h.SnippetRaw, h.Marks = b.HTML, b.Text, b.Marks
	for _, s := range b.All {
		h.Matches = append(h.Matches, Span{FieldBody, s[0], s[1]})
	}
	if h.Marks == nil {
		h.Marks = [][2]int{}
	}
}
