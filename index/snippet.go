package index

import (
	"html"
	"slices"
	"strings"

	"github.com/fednews/fednews/zh"
)

const maxMarks = 200

// Marked is a text with its matches found on the normalized text and
// mapped back to the original.
type Marked struct {
	Text  string   // the original (or a window of it), newlines as spaces
	HTML  string   // Text HTML-escaped with <mark> around matches
	Marks [][2]int // matches in Text, rune offsets
	All   [][2]int // every match in the whole original, rune offsets
}

// Mark finds the phrases of hl that apply to field in original (via its
// normalization, so that a simplified query marks a traditional text) and
// cuts a window of width runes around the best group of matches (width 0:
// the whole text).
func Mark(original string, hl []Highlight, field string, width int) Marked {
	n := zh.Normalize(original, zh.AllSteps)
	norm := []rune(Fold(n.Text))
	var spans [][2]int
	distinct := map[int]int{} // span start → term index, for choosing the window
	for ti, t := range hl {
		if t.Field != "" && t.Field != field {
			continue
		}
		for _, s := range occurrences(norm, []rune(t.Text), maxMarks) {
			spans = append(spans, s)
			distinct[s[0]] = ti
		}
	}
	spans = mergeSpans(spans)
	var m Marked
	for _, s := range spans {
		a, b := n.OrigSpan(s[0], s[1])
		m.All = append(m.All, [2]int{a, b})
	}
	orig := []rune(original)
	ws, we := 0, len(orig)
	if width > 0 && len(orig) > width {
		start := 0
		if len(spans) > 0 {
			best := bestWindow(spans, distinct, len(hl), width)
			start, _ = n.OrigSpan(best, best+1)
			start -= width / 5
		}
		ws = max(0, min(start, len(orig)-width))
		we = ws + width
	}
	var b strings.Builder
	var h strings.Builder
	prefix := 0
	if ws > 0 {
		b.WriteString("…")
		h.WriteString("…")
		prefix = 1
	}
	pos := ws
	for _, s := range m.All {
		a, e := max(s[0], ws), min(s[1], we)
		if a >= e || a < pos {
			continue
		}
		writeBoth(&b, &h, orig[pos:a])
		b.WriteString(string(orig[a:e]))
		h.WriteString("<mark>" + html.EscapeString(flat(orig[a:e])) + "</mark>")
		m.Marks = append(m.Marks, [2]int{a - ws + prefix, e - ws + prefix})
		pos = e
	}
	writeBoth(&b, &h, orig[pos:we])
	if we < len(orig) {
		b.WriteString("…")
		h.WriteString("…")
	}
	m.Text = strings.ReplaceAll(b.String(), "\n", " ")
	m.HTML = h.String()
	return m
}

func writeBoth(b, h *strings.Builder, rs []rune) {
	b.WriteString(string(rs))
	h.WriteString(html.EscapeString(flat(rs)))
}

func flat(rs []rune) string { return strings.ReplaceAll(string(rs), "\n", " ") }

// occurrences returns up to limit [start, end) rune ranges where pat occurs in text.
func occurrences(text, pat []rune, limit int) [][2]int {
	var out [][2]int
	if len(pat) == 0 {
		return nil
	}
	for i := 0; i+len(pat) <= len(text) && len(out) < limit; i++ {
		if text[i] == pat[0] && slices.Equal(text[i:i+len(pat)], pat) {
			out = append(out, [2]int{i, i + len(pat)})
		}
	}
	return out
}

// mergeSpans sorts spans and joins overlapping ones.
func mergeSpans(spans [][2]int) [][2]int {
	slices.SortFunc(spans, func(a, b [2]int) int { return a[0] - b[0] })
	var out [][2]int
	for _, s := range spans {
		if k := len(out) - 1; k >= 0 && s[0] <= out[k][1] {
			out[k][1] = max(out[k][1], s[1])
			continue
		}
		out = append(out, s)
	}
	return out
}

// bestWindow returns the start of the first span whose window of width
// runes holds the spans of the most distinct terms (term: span start →
// index of its term, below terms). Spans are sorted and disjoint (merged),
// so the spans inside the window from spans[i] are spans[i:j] with j
// moving forward only: one pass, not one per span.
func bestWindow(spans [][2]int, term map[int]int, terms, width int) int {
	best, bestCount := spans[0][0], 0
	in, inCount, j := make([]int, terms), 0, 0
	for i, s := range spans {
		j = max(j, i)
		for ; j < len(spans) && spans[j][1] <= s[0]+width; j++ {
			t := term[spans[j][0]]
			if in[t] == 0 {
				inCount++
			}
			in[t]++
		}
		if inCount > bestCount {
			best, bestCount = s[0], inCount
		}
		if i < j { // spans[i] leaves the window
			t := term[s[0]]
			if in[t]--; in[t] == 0 {
				inCount--
			}
		}
	}
	return best
}
