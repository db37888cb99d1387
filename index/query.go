package index

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/fednews/fednews/corpus"
)

// Limits on a query: longer or deeper queries are refused with an error
// rather than run.
const (
	MaxQueryRunes = 1000
	maxTerms      = 64
	maxDepth      = 16
)

// ErrBadQuery is matched (errors.Is) by every error that comes from the
// text of a query or a filter: the caller should show it to the user.
var ErrBadQuery = errors.New("bad query")

// QueryError is a problem in a query, at a character position (0-based,
// in runes).
type QueryError struct {
	Pos int
	Msg string
}

func (e *QueryError) Error() string {
	if e.Pos < 0 {
		return "query: " + e.Msg
	}
	return fmt.Sprintf("query: %s (at character %d)", e.Msg, e.Pos+1)
}

// Is makes errors.Is(err, ErrBadQuery) true.
func (e *QueryError) Is(target error) bool { return target == ErrBadQuery }

func qerr(pos int, format string, args ...any) error {
	return &QueryError{Pos: pos, Msg: fmt.Sprintf(format, args...)}
}

// Node is a node of a query's syntax tree. Parse returns a tree of And,
// Or, Not, All and Term; Resolve turns each Term into a leaf a backend
// compiles directly: Phrase, Keyword, DateRange or NumberRange.
type Node interface{ node() }

// And matches the documents every clause matches.
type And struct{ Clauses []Node }

// Or matches the documents any alternative matches.
type Or struct{ Any []Node }

// Not matches the documents Inner does not match.
type Not struct{ Inner Node }

// All matches every document (the query *).
type All struct{}

// Term is a word, a quoted phrase or a field clause as written. Op is one
// of "", ">=", ">", "<=", "<" (Value holds the rest, possibly a range
// a..b); Pos is its character position in the query (-1 for a filter).
type Term struct {
	Field  string
	Op     string
	Value  string
	Quoted bool
	Pos    int
}

func (And) node()  {}
func (Or) node()   {}
func (Not) node()  {}
func (All) node()  {}
func (Term) node() {}

// FieldNames are the fields a query may name, with what they hold.
var FieldNames = map[string]string{
	"title": "phrase in the title", "body": "phrase in the body",
	"source": "publisher", "province": "province", "city": "prefecture city", "county": "county or district",
	"org": "organization (canonical name)", "org_surface": "organization as written", "org_kind": "organization without its place (女企业家商会)",
	"mentioned_province": "a province the text names", "mentioned_city": "a city the text names", "mentioned_county": "a county the text names", "year": "year (2021, >=2020)", "month": "month (2021-03)", "published": "date (>=2021-01-01, 2021..2022)",
	"kind": "figure kind", "unit": "figure unit", "script": "simplified or traditional", "cluster": "duplicate cluster id",
	"url":    "page address",
	"period": "a year some figure describes (截至2024年底 → 2024)", "topic": "what a figure measures (donation, investment, revenue …)",
}

func init() {
	for _, k := range corpus.FigureKinds {
		if k.Indexed {
			FieldNames[k.Name] = k.Doc
		}
	}
}

func knownFields() string {
	names := make([]string, 0, len(FieldNames))
	for n := range FieldNames {
		names = append(names, n)
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}

// Parse parses the query language into its syntax tree:
//
//	营商环境 女企业家商会      both must appear (each as an exact phrase)
//	"营商 环境"              a phrase, spaces included
//	工商联 OR 商会           either (OR binds tighter than the implicit AND)
//	-商会 -(a OR b)          exclusion
//	province:江西 year:2021  field filters
//	published:>=2021-01-01   comparisons (>, >=, <, <=) and ranges (2021..2022)
//	*                        every document
func Parse(q string) (Node, error) {
	rs := []rune(q)
	if len(rs) > MaxQueryRunes {
		return nil, qerr(-1, "query is too long: %d characters (at most %d)", len(rs), MaxQueryRunes)
	}
	if strings.TrimSpace(q) == "" {
		return nil, qerr(-1, "empty query: type words to search for, or * for every document")
	}
	items, err := lex(rs)
	if err != nil {
		return nil, err
	}
	terms := 0
	for _, it := range items {
		if it.kind == itemTerm {
			terms++
		}
	}
	if terms > maxTerms {
		return nil, qerr(-1, "too many terms: %d (at most %d)", terms, maxTerms)
	}
	p := &parser{items: items}
	n, err := p.and(0)
	if err != nil {
		return nil, err
	}
	if p.i < len(p.items) {
		return nil, qerr(p.items[p.i].pos, "unbalanced ')': no '(' before it")
	}
	return n, nil
}

type itemKind int

const (
	itemTerm itemKind = iota
	itemOR
	itemOpen
	itemClose
)

type item struct {
	kind itemKind
	neg  bool
	term Term
	pos  int
}

func isSpace(r rune) bool { return unicode.IsSpace(r) }

func lex(rs []rune) ([]item, error) {
	var out []item
	for i := 0; i < len(rs); {
		r := rs[i]
		if isSpace(r) {
			i++
			continue
		}
		pos := i
		neg := false
		if r == '-' {
			if i+1 == len(rs) || isSpace(rs[i+1]) || rs[i+1] == ')' {
				return nil, qerr(pos, "'-' must be followed by the term to exclude")
			}
			neg = true
			i++
			r = rs[i]
		}
		switch r {
		case '(':
			out = append(out, item{kind: itemOpen, neg: neg, pos: pos})
			i++
			continue
		case ')':
			out = append(out, item{kind: itemClose, pos: pos})
			i++
			continue
		case '"':
			v, next, err := quoted(rs, i)
			if err != nil {
				return nil, err
			}
			out = append(out, item{kind: itemTerm, neg: neg, pos: pos, term: Term{Value: v, Quoted: true, Pos: pos}})
			i = next
			continue
		}
		j := i
		for j < len(rs) && !isSpace(rs[j]) && rs[j] != '(' && rs[j] != ')' && rs[j] != '"' {
			j++
		}
		word := string(rs[i:j])
		if word == "OR" && !neg {
			out = append(out, item{kind: itemOR, pos: pos})
			i = j
			continue
		}
		t := Term{Value: word, Pos: pos}
		if name, rest, ok := strings.Cut(word, ":"); ok && isFieldName(name) {
			name = strings.ToLower(name)
			if _, known := FieldNames[name]; !known {
				return nil, qerr(pos, "unknown field %q (known fields: %s); put the term in quotes to search for it as text", name, knownFields())
			}
			t.Field = name
			t.Op, rest = cutOp(rest)
			t.Value = rest
			if rest == "" && j < len(rs) && rs[j] == '"' {
				v, next, err := quoted(rs, j)
				if err != nil {
					return nil, err
				}
				t.Value, t.Quoted, j = v, true, next
			}
			if t.Value == "" {
				return nil, qerr(pos, "field %s: missing value after %q", name, name+":"+t.Op)
			}
		}
		out = append(out, item{kind: itemTerm, neg: neg, pos: pos, term: t})
		i = j
	}
	return out, nil
}

// quoted reads the phrase whose opening quote is rs[i].
func quoted(rs []rune, i int) (string, int, error) {
	for j := i + 1; j < len(rs); j++ {
		if rs[j] == '"' {
			return string(rs[i+1 : j]), j + 1, nil
		}
	}
	return "", 0, qerr(i, "unbalanced quotes: the '\"' here is never closed")
}

// isFieldName: ASCII letters, and underscores inside (org_kind).
func isFieldName(s string) bool {
	if s == "" || s[0] == '_' || s[len(s)-1] == '_' {
		return false
	}
	for _, r := range s {
		if r > unicode.MaxASCII || !(unicode.IsLetter(r) || r == '_') {
			return false
		}
	}
	return true
}

func cutOp(s string) (op, rest string) {
	for _, o := range []string{">=", "<=", ">", "<", "="} {
		if strings.HasPrefix(s, o) {
			if o == "=" {
				return "", s[1:]
			}
			return o, s[len(o):]
		}
	}
	return "", s
}

type parser struct {
	items []item
	i     int
}

func (p *parser) peek() *item {
	if p.i < len(p.items) {
		return &p.items[p.i]
	}
	return nil
}

// and parses clauses up to the end or a ')'.
func (p *parser) and(depth int) (Node, error) {
	if depth > maxDepth {
		return nil, qerr(-1, "parentheses nested too deeply (at most %d)", maxDepth)
	}
	var clauses []Node
	for it := p.peek(); it != nil && it.kind != itemClose; it = p.peek() {
		if it.kind == itemOR {
			return nil, qerr(it.pos, "OR needs a term before it")
		}
		n, err := p.or(depth)
		if err != nil {
			return nil, err
		}
		clauses = append(clauses, n)
	}
	switch len(clauses) {
	case 0:
		return nil, nil
	case 1:
		return clauses[0], nil
	}
	return And{clauses}, nil
}

func (p *parser) or(depth int) (Node, error) {
	first, err := p.unary(depth)
	if err != nil {
		return nil, err
	}
	alts := []Node{first}
	for it := p.peek(); it != nil && it.kind == itemOR; it = p.peek() {
		p.i++
		next := p.peek()
		if next == nil || next.kind == itemOR || next.kind == itemClose {
			return nil, qerr(it.pos, "OR needs a term after it")
		}
		n, err := p.unary(depth)
		if err != nil {
			return nil, err
		}
		alts = append(alts, n)
	}
	if len(alts) == 1 {
		return first, nil
	}
	return Or{alts}, nil
}

func (p *parser) unary(depth int) (Node, error) {
	it := p.peek()
	p.i++
	var n Node
	switch it.kind {
	case itemTerm:
		if it.term.Field == "" && !it.term.Quoted && it.term.Value == "*" {
			n = All{}
		} else {
			n = it.term
		}
	case itemOpen:
		inner, err := p.and(depth + 1)
		if err != nil {
			return nil, err
		}
		cl := p.peek()
		if cl == nil || cl.kind != itemClose {
			return nil, qerr(it.pos, "unbalanced '(': no ')' after it")
		}
		p.i++
		if inner == nil {
			return nil, qerr(it.pos, "empty parentheses")
		}
		n = inner
	default:
		return nil, qerr(it.pos, "unexpected %s", describe(it))
	}
	if it.neg {
		return Not{n}, nil
	}
	return n, nil
}

func describe(it *item) string {
	switch it.kind {
	case itemOR:
		return "OR"
	case itemOpen:
		return "'('"
	case itemClose:
		return "')'"
	}
	return "term"
}
