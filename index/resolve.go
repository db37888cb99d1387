package index

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/index/gazetteer"
	"github.com/fednews/fednews/zh"
)

// The leaves of a resolved query: what every backend compiles. Their
// values are final (normalized, case-folded, place names completed,
// numbers and dates parsed), so that two backends given the same tree
// match the same documents.

// Phrase matches the documents whose normalized, case-folded title or
// body contains Text as a substring: exact, not a bag of words.
type Phrase struct {
	Field string // "" (title or body), FieldTitle or FieldBody
	Text  string // normalized and case-folded (Fold)
}

// Keyword matches the documents whose keyword field holds Value.
type Keyword struct{ Field, Value string }

// DateRange matches the documents published in [From, To); a zero bound
// is open.
type DateRange struct{ From, To time.Time }

// NumberRange matches the documents stating a figure of the kind Field
// (one of corpus.IndexedKinds) with a value in the range; a nil bound is
// open.
type NumberRange struct {
	Field                      string
	Min, Max                   *float64
	MinInclusive, MaxInclusive bool
}

func (Phrase) node()      {}
func (Keyword) node()     {}
func (DateRange) node()   {}
func (NumberRange) node() {}

// Highlight is a phrase to mark in snippets, with the field it was
// searched in ("" for both).
type Highlight struct {
	Text  string // normalized and folded
	Field string
}

// Plan is a request resolved for a backend: one tree of the query text,
// the filters and the date bounds, and the phrases to mark in snippets.
type Plan struct {
	Query Node
	Marks []Highlight
}

// PlaceSource gives the gazetteer place fields are resolved with, when a
// plan first needs it: parsing it is ~9 ms of CPU, a tenth of a one-query
// `fednews search` at 100,000 documents, and most queries name no place.
type PlaceSource func() (*gazetteer.Gazetteer, error)

// Places is the PlaceSource of a gazetteer already parsed.
func Places(g *gazetteer.Gazetteer) PlaceSource {
	return func() (*gazetteer.Gazetteer, error) { return g, nil }
}

// NewPlan parses and resolves the query and the filters of req. Its errors
// from the text of the query or a filter match ErrBadQuery.
func NewPlan(req Request, gaz PlaceSource) (*Plan, error) {
	n, err := Parse(req.Query)
	if err != nil {
		return nil, err
	}
	r := &resolver{gaz: gaz}
	q, err := r.node(n, false)
	if err != nil {
		return nil, err
	}
	must := []Node{q}
	for _, f := range req.Filters {
		fq, err := resolveFilter(f, gaz)
		if err != nil {
			return nil, err
		}
		must = append(must, fq)
	}
	if !req.From.IsZero() || !req.To.IsZero() {
		must = append(must, req.dates())
	}
	if len(must) == 1 {
		return &Plan{Query: q, Marks: r.marks}, nil
	}
	return &Plan{Query: And{must}, Marks: r.marks}, nil
}

// resolveFilter resolves one filter: a field clause per value, any of
// which matches, excluded as a whole when f.Not.
func resolveFilter(f Filter, gaz PlaceSource) (Node, error) {
	if _, ok := FieldNames[f.Field]; !ok {
		return nil, &QueryError{Pos: -1, Msg: fmt.Sprintf("filter on unknown field %q (known fields: %s)", f.Field, knownFields())}
	}
	var any []Node
	for _, v := range f.Values() {
		t := Term{Field: f.Field, Pos: -1}
		t.Op, t.Value = cutOp(v)
		// A filter marks nothing in snippets: it narrows, as a negated term does.
		q, err := (&resolver{gaz: gaz}).term(t, true)
		if err != nil {
			return nil, err
		}
		any = append(any, q)
	}
	var n Node = Or{Any: any}
	if len(any) == 1 {
		n = any[0]
	}
	if f.Not {
		return Not{n}, nil
	}
	return n, nil
}

// resolver turns the Terms of a parsed query into leaves.
type resolver struct {
	gaz   PlaceSource
	marks []Highlight
}

func (r *resolver) node(n Node, neg bool) (Node, error) {
	switch n := n.(type) {
	case All:
		return n, nil
	case Term:
		return r.term(n, neg)
	case Not:
		inner, err := r.node(n.Inner, !neg)
		if err != nil {
			return nil, err
		}
		return Not{inner}, nil
	case Or:
		out := Or{Any: make([]Node, len(n.Any))}
		for i, a := range n.Any {
			q, err := r.node(a, neg)
			if err != nil {
				return nil, err
			}
			out.Any[i] = q
		}
		return out, nil
	case And:
		out := And{Clauses: make([]Node, len(n.Clauses))}
		for i, c := range n.Clauses {
			q, err := r.node(c, neg)
			if err != nil {
				return nil, err
			}
			out.Clauses[i] = q
		}
		return out, nil
	}
	return nil, fmt.Errorf("index: unknown query node %T", n)
}

func (r *resolver) term(t Term, neg bool) (Node, error) {
	switch t.Field {
	case "", FieldTitle, FieldBody:
		return r.text(t, neg)
	case FieldPublished:
		return dateClause(t)
	case FieldYear:
		if t.Op != "" || strings.Contains(t.Value, "..") {
			return dateClause(t)
		}
		if !yearRE.MatchString(t.Value) {
			return nil, qerr(t.Pos, "year: %q is not a year such as 2021", t.Value)
		}
		return Keyword{FieldYear, t.Value}, nil
	}
	if corpus.IsIndexedKind(t.Field) {
		return numberClause(t)
	}
	if t.Op != "" {
		return nil, qerr(t.Pos, "field %s takes a value, not a comparison %q", t.Field, t.Op)
	}
	v := strings.TrimSpace(zh.Normalize(strings.TrimSpace(t.Value), zh.AllSteps).Text)
	var err error
	switch t.Field {
	case FieldProvince, FieldCity, FieldCounty:
		if v, err = r.placeName(v, t.Field); err != nil {
			return nil, err
		}
	case FieldMentionedProvince, FieldMentionedCity, FieldMentionedCounty:
		if v, err = r.placeName(v, strings.TrimPrefix(t.Field, "mentioned_")); err != nil {
			return nil, err
		}
	case FieldScript:
		switch zh.Script(v) {
		case zh.ScriptSimplified, zh.ScriptTraditional, zh.ScriptMixed, zh.ScriptNone:
		default:
			return nil, qerr(t.Pos, "script: %q is not one of simplified, traditional, mixed, none", t.Value)
		}
	case FieldKind:
		if !corpus.IsKind(v) {
			return nil, qerr(t.Pos, "kind: %q is not one of %s", t.Value, strings.Join(corpus.Kinds(), ", "))
		}
	case FieldPeriod:
		if !yearRE.MatchString(v) {
			return nil, qerr(t.Pos, "period: %q is not a year such as 2024", t.Value)
		}
	case FieldMonth:
		if !monthRE.MatchString(v) {
			return nil, qerr(t.Pos, "month: %q is not a month such as 2021-03", t.Value)
		}
	case FieldCluster:
		if _, err := strconv.ParseInt(v, 10, 64); err != nil {
			return nil, qerr(t.Pos, "cluster: %q is not a document id", t.Value)
		}
	case FieldURL:
		v = strings.TrimSpace(t.Value)
	}
	return Keyword{t.Field, v}, nil
}

// placeName turns a short or traditional place name into the full name
// the index holds (江西 → 江西省).
func (r *resolver) placeName(v, field string) (string, error) {
	gaz, err := r.gaz()
	if err != nil {
		return "", fmt.Errorf("resolve %s:%s: %w", field, v, err)
	}
	want := map[string]gazetteer.Level{FieldProvince: gazetteer.Province, FieldCity: gazetteer.City, FieldCounty: gazetteer.County}[field]
	names := map[string]bool{}
	var name string
	for _, d := range gaz.Lookup(v) {
		if d.Level == want || (want == gazetteer.City && d.Level == gazetteer.Province && strings.HasSuffix(d.Name, "市")) {
			names[d.Name] = true
			name = d.Name
		}
	}
	if len(names) == 1 {
		return name, nil
	}
	return v, nil
}

// text resolves a phrase; one that is not excluded is marked in snippets.
func (r *resolver) text(t Term, neg bool) (Node, error) {
	if t.Op != "" {
		return nil, qerr(t.Pos, "%q is a comparison; only published, year and figure fields take one", t.Op)
	}
	norm := Fold(zh.Normalize(t.Value, zh.AllSteps).Text)
	if strings.TrimSpace(norm) == "" {
		return nil, qerr(t.Pos, "empty phrase %q", t.Value)
	}
	if !neg {
		r.marks = append(r.marks, Highlight{norm, t.Field})
	}
	return Phrase{Field: t.Field, Text: norm}, nil
}

var (
	yearRE  = regexp.MustCompile(`^\d{4}$`)
	monthRE = regexp.MustCompile(`^\d{4}-\d{2}$`)
)

// period parses a date at year, month or day precision and returns the
// instants it starts and ends (exclusive), in China time.
func period(s string) (start, end time.Time, ok bool) {
	for _, f := range []struct {
		layout string
		next   func(time.Time) time.Time
	}{
		{"2006-01-02", func(t time.Time) time.Time { return t.AddDate(0, 0, 1) }},
		{"2006-01", func(t time.Time) time.Time { return t.AddDate(0, 1, 0) }},
		{"2006", func(t time.Time) time.Time { return t.AddDate(1, 0, 0) }},
	} {
		if len(s) != len(f.layout) {
			continue
		}
		if t, err := time.ParseInLocation(f.layout, s, zh.China); err == nil {
			return t, f.next(t), true
		}
	}
	return time.Time{}, time.Time{}, false
}

// dateClause resolves published:OPDATE, published:A..B and year ranges.
func dateClause(t Term) (Node, error) {
	bad := func(s string) error {
		return qerr(t.Pos, "%s: %q is not a date (want YYYY, YYYY-MM or YYYY-MM-DD)", t.Field, s)
	}
	if a, b, ok := strings.Cut(t.Value, ".."); ok {
		if t.Op != "" {
			return nil, qerr(t.Pos, "%s: use either a comparison or a range a..b, not both", t.Field)
		}
		var start, end time.Time
		if a != "" {
			s, _, ok := period(a)
			if !ok {
				return nil, bad(a)
			}
			start = s
		}
		if b != "" {
			_, e, ok := period(b)
			if !ok {
				return nil, bad(b)
			}
			end = e
		}
		return DateRange{start, end}, nil
	}
	s, e, ok := period(t.Value)
	if !ok {
		return nil, bad(t.Value)
	}
	switch t.Op {
	case ">=":
		return DateRange{From: s}, nil
	case ">":
		return DateRange{From: e}, nil
	case "<":
		return DateRange{To: s}, nil
	case "<=":
		return DateRange{To: e}, nil
	}
	return DateRange{s, e}, nil
}

// numberClause resolves money:>=1亿 and the like: documents stating a
// figure of that kind in the range.
func numberClause(t Term) (Node, error) {
	t.Value = zh.Normalize(t.Value, zh.AllSteps).Text // 1億 → 1亿
	num := func(s string) (float64, error) {
		v, ok := parseNumber(s)
		if !ok {
			return 0, qerr(t.Pos, "%s: %q is not a number (such as 5000, 1.5万, 1亿)", t.Field, s)
		}
		return v, nil
	}
	q := NumberRange{Field: t.Field, MinInclusive: true, MaxInclusive: true}
	if a, b, ok := strings.Cut(t.Value, ".."); ok && t.Op == "" {
		if a != "" {
			v, err := num(a)
			if err != nil {
				return nil, err
			}
			q.Min = &v
		}
		if b != "" {
			v, err := num(b)
			if err != nil {
				return nil, err
			}
			q.Max = &v
		}
	} else {
		v, err := num(t.Value)
		if err != nil {
			return nil, err
		}
		switch t.Op {
		case ">=":
			q.Min = &v
		case ">":
			q.Min, q.MinInclusive = &v, false
		case "<=":
			q.Max = &v
		case "<":
			q.Max, q.MaxInclusive = &v, false
		default:
			q.Min, q.Max = &v, &v
		}
	}
	if q.Min == nil && q.Max == nil {
		return nil, qerr(t.Pos, "%s: a range needs at least one bound", t.Field)
	}
	return q, nil
}

// parseNumber reads a query's number: 5000, 1.5万, 1亿, 一亿, 三千万元,
// 1,000, 85%, with zh's numeral parser (the extractor's), so that what a
// figure's text says can be typed as its value.
func parseNumber(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(strings.TrimSuffix(s, "元"), "%")
	rs := []rune(s)
	neg := len(rs) > 1 && rs[0] == '-'
	if neg {
		rs = rs[1:]
	}
	n, ok := zh.ParseNumeral(rs, 0, false)
	if !ok || n.End != len(rs) || n.Max != nil || n.Over {
		return 0, false
	}
	v, _ := n.Val.Float64()
	if v > 1e300 {
		return 0, false
	}
	if neg {
		v = -v
	}
	return v, true
}
