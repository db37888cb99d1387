package zh

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/width"
)

// Normalize runs the selected steps over s and returns the normalized text,
// the detected script and the offset map back to s. Each invalid UTF-8 byte
// of s counts as one rune and becomes U+FFFD, so the map stays aligned with
// the runes of s as Go ranges over them.
//
// The script is detected on every call; t2s converts a ScriptTraditional
// text whole (unless its only evidence is characters such as 乾 that
// simplified script writes too) and the traditional runs of a ScriptMixed
// one (see convertRuns), so a simplified text is never altered.
func Normalize(s string, steps Steps) Result {
	r := normalize(s, steps)
	if r.Orig == nil {
		r.Orig = identity(utf8.RuneCountInString(r.Text))
	}
	return r
}

// NormalizeText is Normalize for callers that need only the text and its
// script: it skips the offset map, which for t2s alone (rune for rune) is
// the identity, yet costs eight bytes per character to build; the
// normalize command prints megabytes without one.
func NormalizeText(s string, steps Steps) (string, Script) {
	r := normalize(s, steps)
	return r.Text, r.Script
}

// NormalizeUTF8 is NormalizeText for a text that may not be UTF-8 at
// all (a file in GBK, say): when s is not valid UTF-8, ok is false and
// nothing is normalized, and the caller decodes s and calls NormalizeText.
// With t2s alone the check is part of the script count's pass over the
// text, not a pass of its own: on 20 MB that pass cost a sixth of the
// normalize command. A text converted whole by t2s is written into buf
// when its capacity is at least ConvertRoom(len(s)), so that a caller can
// bring memory that is cheaper to fault in than the heap's; text then
// shares buf's bytes. A nil buf is fine.
func NormalizeUTF8(s string, steps Steps, buf []byte) (text string, script Script, ok bool) {
	r, ok := normalizeChecked(s, steps, true, buf)
	return r.Text, r.Script, ok
}

// normalize is Normalize with a nil Orig for the identity.
func normalize(s string, steps Steps) Result {
	r, _ := normalizeChecked(s, steps, false, nil)
	return r
}

// normalizeChecked is normalize; with onlyValid, a text that is not valid
// UTF-8 gets ok false instead of its invalid bytes replaced by U+FFFD.
func normalizeChecked(s string, steps Steps, onlyValid bool, buf []byte) (_ Result, ok bool) {
	text := s
	// t2s alone maps rune to rune: its scan counts the invalid bytes (as
	// U+FFFD), so with onlyValid the text need not be checked first.
	if !onlyValid || steps&^StepT2S != 0 {
		if !utf8.ValidString(text) {
			if onlyValid {
				return Result{}, false
			}
			text = replaceInvalid(text)
		}
	}
	var orig []Span // nil: the identity
	apply := func(out string, spans []Span) {
		text = out
		orig = compose(orig, spans)
	}
	if steps&StepWidth != 0 {
		apply(foldWidth(text))
	}
	if steps&StepPinyin != 0 {
		apply(stripPinyin(text))
	}
	// t2s maps rune to rune, so the offset map is unchanged.
	t := loadT2S()
	var e evidence
	var converted string
	haveConverted := false
	if steps&StepT2S != 0 && len(text) > headBytes && t.count(head(text)).script() == ScriptTraditional {
		// A long text that starts traditional is converted as it is
		// counted, in one pass instead of two; the whole text's evidence
		// still decides.
		converted, e = t.convertInto(text, buf)
		haveConverted = true
	} else {
		e = t.count(text)
	}
	if e.invalid > 0 {
		return Result{}, false // onlyValid: any other text is valid by now
	}
	script := e.script()
	if steps&StepT2S != 0 {
		switch script {
		case ScriptTraditional:
			// With only 乾 or 於 for evidence (王丙乾 alone) the text may as
			// well be simplified: it is left as it is.
			if e.unambiguous > 0 {
				if !haveConverted {
					converted, _ = t.convertInto(text, buf)
				}
				text = converted
			}
		case ScriptMixed:
			text = t.convertRuns(text)
		}
	}
	return Result{Text: text, Script: script, Orig: orig}, true
}

// headBytes is how much of a text head samples for its script.
const headBytes = 64 << 10

// head returns the first headBytes of s, cut at a rune boundary.
func head(s string) string {
	if len(s) <= headBytes {
		return s
	}
	end := headBytes
	for end > 0 && !utf8.RuneStart(s[end]) {
		end--
	}
	return s[:end]
}

// replaceInvalid replaces each invalid byte with U+FFFD, keeping one rune
// per rune of s.
func replaceInvalid(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 8)
	for _, r := range s {
		b.WriteRune(r)
	}
	return b.String()
}

func identity(n int) []Span {
	spans := make([]Span, n)
	for i := range spans {
		spans[i] = Span{int32(i), int32(i + 1)}
	}
	return spans
}

// compose maps a step's spans (rune offsets of its input) through the map
// the earlier steps built (nil means the identity for either).
func compose(orig, step []Span) []Span {
	if step == nil {
		return orig
	}
	if orig == nil {
		return step
	}
	for i, sp := range step {
		step[i] = Span{orig[sp.Start].Start, orig[sp.End-1].End}
	}
	return step
}

// foldWidth applies Unicode NFC, then width folding (fullwidth ASCII to
// ASCII, halfwidth katakana and symbols to their wide forms). It returns
// spans only when NFC changed the number of runes.
func foldWidth(s string) (string, []Span) {
	var spans []Span
	if !stableNFC(s) && !norm.NFC.IsNormalString(s) {
		s, spans = nfc(s)
	}
	i := indexFoldable(s)
	if i < 0 {
		return s, spans
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for _, r := range s[i:] {
		b.WriteRune(fold(r))
	}
	return b.String(), spans
}

// stableNFC reports whether s holds only runes that NFC leaves alone
// whatever their neighbours (ASCII and Latin-1, CJK punctuation, unified
// ideographs, fullwidth forms): a cheaper check than norm's for Chinese
// text, which falls back to norm when it says no.
func stableNFC(s string) bool {
	for _, r := range s {
		if !stableStarter(r) {
			return false
		}
	}
	return true
}

func stableStarter(r rune) bool {
	if r < 0x300 || (r >= 0x4E00 && r <= 0x9FFF) {
		return true
	}
	for _, rg := range stableRanges {
		if r < rg[0] {
			return false
		}
		if r <= rg[1] {
			return true
		}
	}
	return false
}

// stableRanges are the other blocks of Chinese news text whose runes NFC
// leaves alone (TestStableStarter checks them), in order: Greek letters,
// punctuation, currency, letterlike symbols (℃), number forms, arrows,
// circled numbers, box drawing, shapes, symbols, CJK symbols, kana,
// bopomofo, CJK extension A, vertical and small forms, fullwidth forms.
var stableRanges = [][2]rune{
	{0x0391, 0x03C9}, {0x2002, 0x20CF}, {0x2100, 0x2125}, {0x2150, 0x2328}, {0x232B, 0x27FF},
	{0x3000, 0x3029}, {0x3030, 0x3098}, {0x309B, 0x30FF}, {0x3105, 0x312F},
	{0x3400, 0x4DBF}, {0xFE30, 0xFE6F}, {0xFF00, 0xFF9D},
}

// indexFoldable returns the byte index of the first rune width folding
// changes, or -1.
func indexFoldable(s string) int {
	for i, r := range s {
		if fold(r) != r {
			return i
		}
	}
	return -1
}

func fold(r rune) rune {
	// Only East Asian Fullwidth and Halfwidth characters fold; all of them
	// are at U+20A9 or above, and none is a unified ideograph.
	if r < 0x20A9 || (r >= 0x4E00 && r <= 0x9FFF) {
		return r
	}
	if f := width.LookupRune(r).Folded(); f != 0 {
		return f
	}
	return r
}

// nfc composes s and maps every output rune to the runes of s it came
// from: the rune itself where a normalization segment is unchanged, the
// whole segment where it was recomposed.
func nfc(s string) (string, []Span) {
	var b strings.Builder
	b.Grow(len(s))
	spans := make([]Span, 0, len(s))
	pos := int32(0)
	for len(s) > 0 {
		n := norm.NFC.NextBoundaryInString(s, true)
		if n <= 0 {
			n = len(s)
		}
		in := s[:n]
		s = s[n:]
		out := norm.NFC.String(in)
		b.WriteString(out)
		nIn := int32(utf8.RuneCountInString(in))
		if out == in {
			for k := range nIn {
				spans = append(spans, Span{pos + k, pos + k + 1})
			}
		} else {
			for range utf8.RuneCountInString(out) {
				spans = append(spans, Span{pos, pos + nIn})
			}
		}
		pos += nIn
	}
	return b.String(), spans
}
