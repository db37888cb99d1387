package research

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/fednews/fednews/index"
	"github.com/fednews/fednews/zh"
)

// KWICSorts are the values of KWICRequest.Sort: document order (ID, then
// title before body, then position), by the left context read backwards from the match, or
// by the right context.
var KWICSorts = []string{"doc", "left", "right"}

// KWIC limits.
const (
	DefaultKWICWidth = 20
	MaxKWICWidth     = 200
	// DefaultKWICDocs is how many matching documents a concordance reads
	// by default: sorting by context needs every line before the first
	// page, so the documents read are bounded, in ID (ingest) order.
	DefaultKWICDocs = 200
)

// KWICRequest asks for every occurrence of Query with Width characters of
// context either side.
type KWICRequest struct {
	Query string
	Scope
	Width         int    // characters either side; 0 is DefaultKWICWidth
	Sort          string // one of KWICSorts; "" is doc
	Offset, Limit int    // the page of lines; Limit 0 is every line
	MaxDocs       int    // documents read at most; 0 is DefaultKWICDocs
}

// KWIC is a concordance: the lines of one page, with the number of lines
// and documents in all.
type KWIC struct {
	Query string `json:"query"`
	Total int    `json:"total"` // lines in the documents read
	Docs  int    `json:"docs"`  // documents read that hold a line
	// Truncated says more documents matched than were read (MaxDocs).
	Truncated bool       `json:"truncated"`
	Lines     []KWICLine `json:"lines"`
}

// KWICLine is one occurrence, in the article's original script. Start
// and End are rune offsets of the match in the original field.
type KWICLine struct {
	Doc       int64  `json:"doc"`
	Title     string `json:"title"`
	Published string `json:"published"`
	Field     string `json:"field"` // title or body
	Start     int    `json:"start"`
	End       int    `json:"end"`
	Left      string `json:"left"`
	Match     string `json:"match"`
	Right     string `json:"right"`
}

var errEnough = errors.New("enough documents")

// KWIC lists the occurrences of req.Query. The matches are the ones the
// search marks (found on the normalized text and mapped back through its
// offset map), so a simplified query shows a traditional article's own
// characters; line breaks in the context read as spaces.
func (e *Engine) KWIC(ctx context.Context, req KWICRequest) (*KWIC, error) {
	if strings.TrimSpace(req.Query) == "" || strings.TrimSpace(req.Query) == "*" {
		return nil, badRequest("a concordance needs a query: every story has no occurrences to show")
	}
	if req.Width == 0 {
		req.Width = DefaultKWICWidth
	}
	if req.Width < 1 || req.Width > MaxKWICWidth {
		return nil, badRequest("width %d: want 1 to %d characters", req.Width, MaxKWICWidth)
	}
	if req.Sort == "" {
		req.Sort = "doc"
	}
	if !slices.Contains(KWICSorts, req.Sort) {
		return nil, badRequest("sort %q: want %s", req.Sort, strings.Join(KWICSorts, ", "))
	}
	if req.Offset < 0 || req.Limit < 0 {
		return nil, badRequest("offset and limit must not be negative")
	}
	if req.MaxDocs <= 0 {
		req.MaxDocs = DefaultKWICDocs
	}
	k := &KWIC{Query: req.Query, Lines: []KWICLine{}}
	var lines []KWICLine
	read := 0
	err := e.ix.EachHit(ctx, req.request(req.Query), func(h index.Hit) error {
		if read == req.MaxDocs {
			k.Truncated = true
			return errEnough
		}
		read++
		if len(h.Matches) == 0 {
			return nil
		}
		doc, err := e.st.Get(ctx, h.ID)
		if err != nil {
			return err
		}
		text := map[string][]rune{"title": []rune(doc.Title), "body": []rune(doc.Original)}
		k.Docs++
		for _, m := range h.Matches {
			rs := text[m.Field]
			if m.Start < 0 || m.End > len(rs) || m.Start >= m.End {
				continue
			}
			lines = append(lines, KWICLine{Doc: h.ID, Title: doc.Title, Published: h.Published, Field: m.Field,
				Start: m.Start, End: m.End, Match: flat(rs[m.Start:m.End]),
				Left: flat(rs[max(0, m.Start-req.Width):m.Start]), Right: flat(rs[m.End:min(len(rs), m.End+req.Width)])})
		}
		return nil
	})
	if err != nil && !errors.Is(err, errEnough) {
		return nil, err
	}
	sortLines(lines, req.Sort)
	k.Total = len(lines)
	if req.Offset < len(lines) {
		end := len(lines)
		if req.Limit > 0 {
			end = min(end, req.Offset+req.Limit)
		}
		k.Lines = lines[req.Offset:end]
	}
	return k, nil
}

func flat(rs []rune) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' || r == '\t' {
			return ' '
		}
		return r
	}, string(rs))
}

// sortLines orders lines: doc keeps documents in ID order and their
// lines in text order; left compares the left contexts from the match
// outwards (the concordancer's habit: what immediately precedes groups
// together); right compares match and right context. Contexts compare
// normalized (simplified, width-folded), by code point, so that a
// traditional line sorts beside its simplified twin.
func sortLines(lines []KWICLine, by string) {
	docOrder := func(a, b KWICLine) int {
		if c := cmp.Compare(a.Doc, b.Doc); c != 0 {
			return c
		}
		if a.Field != b.Field {
			return cmp.Compare(b.Field, a.Field) // title before body
		}
		return cmp.Compare(a.Start, b.Start)
	}
	if by != "left" && by != "right" {
		slices.SortStableFunc(lines, docOrder)
		return
	}
	type keyed struct {
		key  string
		line KWICLine
	}
	ks := make([]keyed, len(lines))
	for i, l := range lines {
		k := l.Match + l.Right
		if by == "left" {
			k = reversed(l.Left)
		}
		ks[i] = keyed{zh.Normalize(k, zh.AllSteps).Text, l}
	}
	slices.SortStableFunc(ks, func(a, b keyed) int {
		if c := cmp.Compare(a.key, b.key); c != 0 {
			return c
		}
		return docOrder(a.line, b.line)
	})
	for i := range ks {
		lines[i] = ks[i].line
	}
}

func reversed(s string) string {
	rs := []rune(s)
	slices.Reverse(rs)
	return string(rs)
}
