package web

import (
	"context"
	"unicode/utf8"

	"golang.org/x/sync/semaphore"
)

// docPartRunes is how much of a document's text one document page shows.
// Articles are a few thousand characters and fit one part; a 15 MB
// one-line "article" rendered whole was a 169 MB page taking 70 s.
const docPartRunes = 20_000

// textPart is one part of a document's text with the figure spans that
// fall in it, shifted to the part (the others set to -1, so that they stay
// unmarked while the figures keep their numbers).
type textPart struct {
	Text   string
	Spans  [][2]int
	In     []bool // figure i lies in this part
	Part   int    // 1-based
	Parts  int
	Offset int // rune offset of the part in the whole text
}

// partOf cuts part (1-based, clamped to the text) of text.
func partOf(text string, spans [][2]int, part int) textPart {
	total := utf8.RuneCountInString(text)
	parts := max(1, (total+docPartRunes-1)/docPartRunes)
	part = min(max(part, 1), parts)
	start, end := (part-1)*docPartRunes, min(part*docPartRunes, total)
	p := textPart{Part: part, Parts: parts, Offset: start, Spans: make([][2]int, len(spans)), In: make([]bool, len(spans))}
	from, to, n := len(text), len(text), 0
	for i := range text {
		if n == start {
			from = i
		}
		if n == end {
			to = i
			break
		}
		n++
	}
	if start == 0 {
		from = 0
	}
	p.Text = text[from:to]
	for i, sp := range spans {
		p.Spans[i] = [2]int{-1, -1}
		if sp[0] >= start && sp[1] <= end && sp[1] > sp[0] {
			p.Spans[i] = [2]int{sp[0] - start, sp[1] - start}
			p.In[i] = true
		}
	}
	return p
}

// heavyBytes is the weight of rendering a document: its text in both
// forms, which the JSON encoder and the page each copy several times.
func heavyBytes(dv *DocView) int64 {
	return int64(len(dv.Original) + len(dv.Normalized) + len(dv.Title))
}

// acquireHeavy waits until n more bytes of documents may be rendered at
// once (a document larger than the whole budget takes all of it), within
// the request's context.
func acquireHeavy(ctx context.Context, sem *semaphore.Weighted, budget, n int64) (release func(), err error) {
	n = min(max(n, 1), budget)
	if err := sem.Acquire(ctx, n); err != nil {
		return nil, err
	}
	return func() { sem.Release(n) }, nil
}
