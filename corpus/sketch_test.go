package corpus

import (
	"slices"
	"strings"
	"testing"
)

// TestSketchOfRepeats: the signature of a text whose 5-grams repeat is
// the MinHash of its distinct 5-grams, and a text of many 5-grams but
// fewer than minShingles distinct ones gets none.
func TestSketchOfRepeats(t *testing.T) {
	para := uniqueText(3, 120)
	for _, text := range []string{para, para + "\n" + para + para, strings.Repeat("工商联", 40) + para} {
		want := make(signature, sketchHashes)
		for i := range want {
			want[i] = ^uint64(0)
			for h := range shingleSet(text) {
				want[i] = min(want[i], splitmix64(h^sketchSeeds[i]))
			}
		}
		if got := sketch(text); !slices.Equal(got, want) {
			t.Errorf("sketch of a %d-rune text is not the MinHash of its distinct 5-grams", len([]rune(text)))
		}
	}
	// 18 distinct characters in a cycle: 18 distinct 5-grams, 500 in all.
	cyclic := strings.Repeat(uniqueText(4, 18), 28)
	if n := len(shingleSet(cyclic)); n != 18 {
		t.Fatalf("the cyclic text has %d distinct 5-grams, want 18", n)
	}
	if sig := sketch(cyclic); sig != nil {
		t.Error("a text of 18 distinct 5-grams got a signature")
	}
}
