// Package zh holds the Chinese text primitives every other package reads
// through: script detection and traditional→simplified conversion, width
// folding, pinyin-annotation stripping, all with a map back to the original
// text, and the gse-based segmenter with the fednews domain dictionary.
package zh

// Script is the writing system detected in a text.
type Script string

// Detected scripts. ScriptNone means the text has no Han characters.
const (
	ScriptSimplified  Script = "simplified"
	ScriptTraditional Script = "traditional"
	ScriptMixed       Script = "mixed"
	ScriptNone        Script = "none"
)

// Steps selects the normalization steps; they always run in the order
// width, pinyin, t2s.
type Steps uint8

// The normalization steps.
const (
	StepWidth  Steps = 1 << iota // Unicode NFC, then width folding
	StepPinyin                   // strip pinyin annotations such as 聯(lián)
	StepT2S                      // traditional → simplified (gated by script)

	AllSteps = StepWidth | StepPinyin | StepT2S
)

// Span is a half-open range of rune offsets [Start, End) in the original text.
type Span struct {
	Start, End int32
}

// Result is a normalized text with the way back to the original.
type Result struct {
	// Text is the normalized text.
	Text string
	// Script is the script detected in the original text.
	Script Script
	// Orig has one entry per rune of Text: the runes of the original text
	// that produced it. Entries are monotonic: Orig[i].Start <= Orig[i+1].Start.
	Orig []Span
}

// OrigSpan maps the rune range [start, end) of r.Text to the rune range of
// the original text that produced it. An empty range maps to an empty range
// at the corresponding position.
func (r *Result) OrigSpan(start, end int) (int, int) {
	if len(r.Orig) == 0 {
		return 0, 0
	}
	if start >= len(r.Orig) {
		last := int(r.Orig[len(r.Orig)-1].End)
		return last, last
	}
	if end <= start {
		s := int(r.Orig[start].Start)
		return s, s
	}
	if end > len(r.Orig) {
		end = len(r.Orig)
	}
	return int(r.Orig[start].Start), int(r.Orig[end-1].End)
}
