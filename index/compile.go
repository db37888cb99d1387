package index

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/index/gazetteer"
	"github.com/fednews/fednews/zh"
)

// Boosts: a phrase in the title counts more than one in the body, and a
// phrase that is a whole word of the segmentation more than one inside a
// longer word (和服 in 和服 rather than in 和服务).
const (
	titleBoost     = 3
	wordTitleBoost = 2
	wordBodyBoost  = 1
)

// chinaTime is the zone of dates in filters (published:>=2021-01-01 means
// midnight in China).
var chinaTime = time.FixedZone("CST", 8*3600)

// hlTerm is a phrase to highlight, with the field it was searched in ("" for both).
type hlTerm struct {
	text  string // normalized and folded
	field string
}

// compiler turns a parsed query into a bleve query.
type compiler struct {
	gaz    *gazetteer.Gazetteer
	hl     []hlTerm
	should []query.Query
}

func (c *compiler) compile(n node) (query.Query, error) {
	q, err := c.node(n, false)
	if err != nil {
		return nil, err
	}
	if len(c.should) == 0 {
		return q, nil
	}
	return query.NewBooleanQuery([]query.Query{q}, c.should, nil), nil
}

func (c *compiler) node(n node, neg bool) (query.Query, error) {
	switch n := n.(type) {
	case allNode:
		return query.NewMatchAllQuery(), nil
	case termNode:
		return c.term(n, neg)
	case notNode:
		inner, err := c.node(n.inner, !neg)
		if err != nil {
			return nil, err
		}
		return query.NewBooleanQuery([]query.Query{query.NewMatchAllQuery()}, nil, []query.Query{inner}), nil
	case orNode:
		var qs []query.Query
		for _, a := range n.any {
			q, err := c.node(a, neg)
			if err != nil {
				return nil, err
			}
			qs = append(qs, q)
		}
		return query.NewDisjunctionQuery(qs), nil
	case andNode:
		var must, not []query.Query
		for _, cl := range n.clauses {
			if nn, ok := cl.(notNode); ok {
				q, err := c.node(nn.inner, !neg)
				if err != nil {
					return nil, err
				}
				not = append(not, q)
				continue
			}
			q, err := c.node(cl, neg)
			if err != nil {
				return nil, err
			}
			must = append(must, q)
		}
		if len(must) == 0 {
			must = []query.Query{query.NewMatchAllQuery()}
		}
		if len(not) == 0 {
			return query.NewConjunctionQuery(must), nil
		}
		return query.NewBooleanQuery(must, nil, not), nil
	}
	return nil, fmt.Errorf("index: unknown query node %T", n)
}

func (c *compiler) term(t termNode, neg bool) (query.Query, error) {
	switch t.field {
	case "", "title", "body":
		return c.text(t, neg)
	case "published":
		return dateClause(t)
	case "year":
		if t.op != "" || strings.Contains(t.value, "..") {
			return dateClause(t)
		}
		if !yearRE.MatchString(t.value) {
			return nil, qerr(t.pos, "year: %q is not a year such as 2021", t.value)
		}
		return termOn(fYear, t.value), nil
	case "money", "count", "quantity", "percent", "duration":
		return numberClause(t)
	}
	if t.op != "" {
		return nil, qerr(t.pos, "field %s takes a value, not a comparison %q", t.field, t.op)
	}
	v := strings.TrimSpace(zh.Normalize(strings.TrimSpace(t.value), zh.AllSteps).Text)
	switch t.field {
	case "province", "city", "county":
		v = c.placeName(v, t.field)
	case fMentionedProvince, fMentionedCity, fMentionedCounty:
		v = c.placeName(v, strings.TrimPrefix(t.field, "mentioned_"))
	case "script":
		switch zh.Script(v) {
		case zh.ScriptSimplified, zh.ScriptTraditional, zh.ScriptMixed, zh.ScriptNone:
		default:
			return nil, qerr(t.pos, "script: %q is not one of simplified, traditional, mixed, none", t.value)
		}
	case "kind":
		if !isKind(v) {
			return nil, qerr(t.pos, "kind: %q is not one of money, count, quantity, percent, duration, date", t.value)
		}
	case "period":
		if !yearRE.MatchString(v) {
			return nil, qerr(t.pos, "period: %q is not a year such as 2024", t.value)
		}
	case "month":
		if !monthRE.MatchString(v) {
			return nil, qerr(t.pos, "month: %q is not a month such as 2021-03", t.value)
		}
	case "cluster":
		if _, err := strconv.ParseInt(v, 10, 64); err != nil {
			return nil, qerr(t.pos, "cluster: %q is not a document id", t.value)
		}
	case "url":
		v = strings.TrimSpace(t.value)
	}
	return termOn(t.field, v), nil
}

func termOn(field, v string) query.Query {
	q := query.NewTermQuery(v)
	q.SetField(field)
	return q
}

// placeName turns a short or traditional place name into the full name
// the index holds (江西 → 江西省).
func (c *compiler) placeName(v, field string) string {
	want := map[string]gazetteer.Level{"province": gazetteer.Province, "city": gazetteer.City, "county": gazetteer.County}[field]
	names := map[string]bool{}
	var name string
	for _, d := range c.gaz.Lookup(v) {
		if d.Level == want || (want == gazetteer.City && d.Level == gazetteer.Province && strings.HasSuffix(d.Name, "市")) {
			names[d.Name] = true
			name = d.Name
		}
	}
	if len(names) == 1 {
		return name
	}
	return v
}

func isKind(k string) bool {
	switch k {
	case corpus.KindMoney, corpus.KindCount, corpus.KindQuantity, corpus.KindPercent, corpus.KindDuration, corpus.KindDate:
		return true
	}
	return false
}

// text compiles a phrase: exact in the n-gram fields, plus a relevance
// boost when it is a whole word of the segmentation.
func (c *compiler) text(t termNode, neg bool) (query.Query, error) {
	if t.op != "" {
		return nil, qerr(t.pos, "%q is a comparison; only published, year and figure fields take one", t.op)
	}
	norm := fold(zh.Normalize(t.value, zh.AllSteps).Text)
	if strings.TrimSpace(norm) == "" {
		return nil, qerr(t.pos, "empty phrase %q", t.value)
	}
	rs := []rune(norm)
	var qs []query.Query
	if t.field != "body" {
		q := phrase(rs, fTitleBi)
		q.SetBoost(titleBoost)
		qs = append(qs, q)
	}
	if t.field != "title" {
		qs = append(qs, phrase(rs, fBodyBi))
	}
	if !neg {
		c.hl = append(c.hl, hlTerm{norm, t.field})
		if len(rs) >= 2 && hasHan(rs) {
			if t.field != "body" {
				c.should = append(c.should, boosted(termOn(fTitleWords, norm), wordTitleBoost))
			}
			if t.field != "title" {
				c.should = append(c.should, boosted(termOn(fBodyWords, norm), wordBodyBoost))
			}
		}
	}
	if len(qs) == 1 {
		return qs[0], nil
	}
	return query.NewDisjunctionQuery(qs), nil
}

type boostable interface {
	query.Query
	SetBoost(float64)
}

func boosted(q query.Query, b float64) query.Query {
	if bq, ok := q.(boostable); ok {
		bq.SetBoost(b)
	}
	return q
}

func hasHan(rs []rune) bool {
	for _, r := range rs {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// phrase matches the documents whose bigram field contains rs: one rune
// begins a term (every rune of a text begins a bigram or is the final
// rune); more are the rune pairs at consecutive positions. Every other
// pair is skipped as long as each rune stays covered: the match is as
// exact and reads half the postings.
func phrase(rs []rune, biField string) boostable {
	if len(rs) == 1 {
		return &runeQuery{fieldQuery: fieldQuery{field: biField, boost: 1}, r: string(rs)}
	}
	if len(rs) == 2 {
		q := query.NewTermQuery(string(rs))
		q.SetField(biField)
		return q
	}
	last := len(rs) - 2
	q := &exactPhrase{fieldQuery: fieldQuery{field: biField, boost: 1}}
	for i := 0; i <= last; i++ {
		if i%2 == 0 || i == last {
			q.terms = append(q.terms, string(rs[i:i+2]))
			q.offs = append(q.offs, uint64(i))
		}
	}
	return q
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
		if t, err := time.ParseInLocation(f.layout, s, chinaTime); err == nil {
			return t, f.next(t), true
		}
	}
	return time.Time{}, time.Time{}, false
}

// dateClause compiles published:OPDATE, published:A..B and year ranges.
func dateClause(t termNode) (query.Query, error) {
	bad := func(s string) error {
		return qerr(t.pos, "%s: %q is not a date (want YYYY, YYYY-MM or YYYY-MM-DD)", t.field, s)
	}
	if a, b, ok := strings.Cut(t.value, ".."); ok {
		if t.op != "" {
			return nil, qerr(t.pos, "%s: use either a comparison or a range a..b, not both", t.field)
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
		return DateRange(start, end), nil
	}
	s, e, ok := period(t.value)
	if !ok {
		return nil, bad(t.value)
	}
	switch t.op {
	case ">=":
		return DateRange(s, time.Time{}), nil
	case ">":
		return DateRange(e, time.Time{}), nil
	case "<":
		return DateRange(time.Time{}, s), nil
	case "<=":
		return DateRange(time.Time{}, e), nil
	}
	return DateRange(s, e), nil
}

// DateRange matches documents published in [from, to); a zero bound is open.
func DateRange(from, to time.Time) query.Query {
	yes, no := true, false
	q := query.NewDateRangeInclusiveQuery(from, to, &yes, &no)
	q.SetField(fPublished)
	return q
}

// numberClause compiles money:>=1亿 and the like: documents stating a
// figure of that kind in the range.
func numberClause(t termNode) (query.Query, error) {
	t.value = zh.Normalize(t.value, zh.AllSteps).Text // 1億 → 1亿
	num := func(s string) (float64, error) {
		v, ok := parseNumber(s)
		if !ok {
			return 0, qerr(t.pos, "%s: %q is not a number (such as 5000, 1.5万, 1亿)", t.field, s)
		}
		return v, nil
	}
	var lo, hi *float64
	yes, no := true, false
	loIncl, hiIncl := &yes, &yes
	if a, b, ok := strings.Cut(t.value, ".."); ok && t.op == "" {
		if a != "" {
			v, err := num(a)
			if err != nil {
				return nil, err
			}
			lo = &v
		}
		if b != "" {
			v, err := num(b)
			if err != nil {
				return nil, err
			}
			hi = &v
		}
	} else {
		v, err := num(t.value)
		if err != nil {
			return nil, err
		}
		switch t.op {
		case ">=":
			lo = &v
		case ">":
			lo, loIncl = &v, &no
		case "<=":
			hi = &v
		case "<":
			hi, hiIncl = &v, &no
		default:
			lo, hi = &v, &v
		}
	}
	if lo == nil && hi == nil {
		return nil, qerr(t.pos, "%s: a range needs at least one bound", t.field)
	}
	q := query.NewNumericRangeInclusiveQuery(lo, hi, loIncl, hiIncl)
	q.SetField(t.field)
	return q, nil
}

var multipliers = []struct {
	suffix string
	factor float64
}{{"万亿", 1e12}, {"亿", 1e8}, {"万", 1e4}, {"千", 1e3}, {"百", 1e2}}

// parseNumber reads 5000, 1.5万, 1亿, 3000万元, 85%.
func parseNumber(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(strings.TrimSuffix(s, "元"), "%")
	factor := 1.0
	for _, m := range multipliers {
		if strings.HasSuffix(s, m.suffix) {
			s, factor = strings.TrimSuffix(s, m.suffix), m.factor
			break
		}
	}
	v, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", ""), 64)
	if err != nil || v != v || v > 1e300 || v < -1e300 {
		return 0, false
	}
	return v * factor, true
}
