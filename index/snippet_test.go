package index

import (
	"math/rand/v2"
	"testing"
)

// TestBestWindow: the one-pass window choice picks the span the direct
// definition does (every window counted from scratch), on random spans.
func TestBestWindow(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 2000 {
		terms := 1 + r.IntN(4)
		var raw [][2]int
		term := map[int]int{}
		for range 1 + r.IntN(30) {
			start := r.IntN(300)
			raw = append(raw, [2]int{start, start + 1 + r.IntN(6)})
			term[start] = r.IntN(terms)
		}
		spans := mergeSpans(raw)
		width := 1 + r.IntN(80)
		if got, want := bestWindow(spans, term, terms, width), directWindow(spans, term, width); got != want {
			t.Fatalf("spans %v terms %v width %d: window at %d, want %d", spans, term, width, got, want)
		}
	}
}

// directWindow is the definition: for each span, the distinct terms of
// the spans wholly inside the window starting there.
func directWindow(spans [][2]int, term map[int]int, width int) int {
	best, bestCount := spans[0][0], 0
	for _, s := range spans {
		seen := map[int]bool{}
		for _, o := range spans {
			if o[0] >= s[0] && o[1] <= s[0]+width {
				seen[term[o[0]]] = true
			}
		}
		if len(seen) > bestCount {
			best, bestCount = s[0], len(seen)
		}
	}
	return best
}
