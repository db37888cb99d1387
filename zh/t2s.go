package zh

import (
	_ "embed"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
	"unsafe"
)

// OpenCC's t2s dictionaries (see tables/NOTICE); `make tables` regenerates them.
var (
	//go:embed tables/TSPhrases.txt
	tsPhrasesText string
	//go:embed tables/TSCharacters.txt
	tsCharactersText string
	//go:embed tables/STCharacters.txt
	stCharactersText string
)

// The script gate weighs two counts over a text's Han characters: those
// t2s changes (traditional evidence: 21-32% of a traditional article,
// below 0.003% of a simplified one, where it is the 乾 of a name like
// 王丙乾) and those that exist only in simplified script (会, 们, 联:
// about 30% of a simplified article, below 0.3% of a traditional one,
// where they are variants such as 群 or 峰). A text is traditional when
// the first share reaches traditionalShare and outweighs the second by
// evidenceRatio, simplified when the second outweighs the first or the
// first stays under simplifiedShare, and mixed otherwise (mixed text is
// left unconverted).
const (
	traditionalShare = 0.05
	simplifiedShare  = 0.005
	evidenceRatio    = 10
)

// phrase is one TSPhrases entry, stored under its first rune.
type phrase struct {
	key, value string
}

// t2sTable is OpenCC's t2s conversion: TSPhrases by longest match, then
// TSCharacters. It is built once, on first use, from the embedded text.
type t2sTable struct {
	// bmp holds, per BMP rune, its simplified form (runeBits; 0:
	// unchanged) and its flags: one lookup per character, as conversion
	// speed is bound by memory, not arithmetic.
	bmp []uint32
	// astral holds the characters outside the BMP.
	astral map[rune]rune
	// phrases lists, per first rune, the phrases longest first.
	phrases map[rune][]phrase
}

// The flags of a BMP rune in t2sTable.bmp.
const (
	runeBits = 1<<21 - 1 // the simplified form
	// phraseStart marks the runes that start a phrase.
	phraseStart = 1 << 24
	// simplifiedOnly marks the runes that exist in simplified script only:
	// OpenCC's s2t maps them to one other character and t2s keeps them.
	simplifiedOnly = 1 << 25
	// ambiguous marks the runes that TSCharacters may also keep (乾 → 干 or
	// 乾, 於 → 于 or 於): alone they are no evidence of traditional script.
	ambiguous = 1 << 26
	// han marks the Han characters (isHan), which the script gate counts.
	han = 1 << 27
)

var (
	t2sOnce sync.Once
	t2s     *t2sTable
)

// loadT2S returns the process-wide table. The embedded tables are part of
// the binary and were checked by the tests, so a parse error is a build
// defect and panics.
func loadT2S() *t2sTable {
	t2sOnce.Do(func() {
		t, err := parseT2S(tsPhrasesText, tsCharactersText, stCharactersText)
		if err != nil {
			panic(err)
		}
		t2s = t
	})
	return t2s
}

// parseT2S builds the table from OpenCC text dictionaries ("KEY\tVALUE
// [VALUE...]" per line; the first value is the default, as in OpenCC):
// TSPhrases, TSCharacters and STCharacters.
func parseT2S(phrases, chars, stChars string) (*t2sTable, error) {
	t := &t2sTable{
		bmp:     make([]uint32, 0x10000),
		astral:  map[rune]rune{},
		phrases: map[rune][]phrase{},
	}
	for r := rune(0x2E80); r < 0x10000; r++ {
		if isHan(r) {
			t.bmp[r] |= han
		}
	}
	err := eachEntry("TSCharacters", chars, func(key, value string, values []string) error {
		k, kn := utf8.DecodeRuneInString(key)
		v, vn := utf8.DecodeRuneInString(value)
		if kn != len(key) || vn != len(value) {
			return fmt.Errorf("%q → %q is not one character to one character", key, value)
		}
		if k < 0x10000 {
			t.bmp[k] = t.bmp[k]&^runeBits | uint32(v) // keeps the han flag set above
			if slices.Contains(values, key) {
				t.bmp[k] |= ambiguous
			}
		} else {
			t.astral[k] = v
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = eachEntry("TSPhrases", phrases, func(key, value string, _ []string) error {
		// Equal rune counts keep the offset map of t2s the identity.
		if utf8.RuneCountInString(key) != utf8.RuneCountInString(value) {
			return fmt.Errorf("%q → %q changes the length", key, value)
		}
		first, _ := utf8.DecodeRuneInString(key)
		t.phrases[first] = append(t.phrases[first], phrase{key, value})
		if first < 0x10000 {
			t.bmp[first] |= phraseStart
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for n, line := range strings.Split(strings.TrimSuffix(stChars, "\n"), "\n") {
		key, values, ok := strings.Cut(line, "\t")
		k, kn := utf8.DecodeRuneInString(key)
		if !ok || kn != len(key) || values == "" {
			return nil, fmt.Errorf("STCharacters line %d: want CHAR<TAB>VALUES, got %q", n+1, line)
		}
		if k < 0x10000 && !strings.Contains(values, " ") && values != key && t.bmp[k]&runeBits == 0 {
			t.bmp[k] |= simplifiedOnly
		}
	}
	for _, ps := range t.phrases {
		sort.Slice(ps, func(i, j int) bool { return len(ps[i].key) > len(ps[j].key) })
	}
	return t, nil
}

// eachEntry calls f with each entry's key, its default value and all its
// values.
func eachEntry(name, text string, f func(key, value string, values []string) error) error {
	for n, line := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		key, values, ok := strings.Cut(line, "\t")
		all := strings.Fields(values)
		if !ok || key == "" || len(all) == 0 {
			return fmt.Errorf("%s line %d: want KEY<TAB>VALUE, got %q", name, n+1, line)
		}
		if err := f(key, all[0], all); err != nil {
			return fmt.Errorf("%s line %d: %w", name, n+1, err)
		}
	}
	return nil
}

// char returns the simplified form of r, or r.
func (t *t2sTable) char(r rune) rune {
	if r < 0x10000 {
		if v := rune(t.bmp[r] & runeBits); v != 0 {
			return v
		}
		return r
	}
	if v, ok := t.astral[r]; ok {
		return v
	}
	return r
}

// unambiguous reports whether r is a character only traditional script
// writes: t2s changes it, to one simplified character only.
func (t *t2sTable) unambiguous(r rune) bool {
	if r < 0x10000 {
		x := t.bmp[r]
		v := rune(x & runeBits)
		return v != 0 && v != r && x&ambiguous == 0
	}
	v, ok := t.astral[r]
	return ok && v != r
}

// convertRuns converts the traditional runs of a mixed text and leaves the
// rest as it is. A run is a stretch of Han characters with no
// simplified-only character (经, 会: they end a run); it is converted, with
// t2s's phrases and defaults, when it holds at least one character only
// traditional script writes. So 经济發展 becomes 经济发展 and 工商聯群組
// becomes 工商联群组, while 王丙乾出席了会议 keeps its 乾: 乾 alone may be
// simplified (a name) or traditional (干).
func (t *t2sTable) convertRuns(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	start, traditional := -1, false
	flush := func(end int) {
		if start < 0 {
			return
		}
		if traditional {
			out, _ := t.convert(s[start:end])
			b.WriteString(out)
		} else {
			b.WriteString(s[start:end])
		}
		start, traditional = -1, false
	}
	for i, r := range s {
		if isHan(r) && (r >= 0x10000 || t.bmp[r]&simplifiedOnly == 0) {
			if start < 0 {
				start = i
			}
			traditional = traditional || t.unambiguous(r)
			continue
		}
		flush(i)
		b.WriteRune(r)
	}
	flush(len(s))
	return b.String()
}

// evidence is what the script gate counts in a text.
type evidence struct {
	han         int // Han characters
	traditional int // characters t2s changes
	simplified  int // characters only simplified script has
	// unambiguous counts the traditional characters t2s may not keep (not
	// 乾 or 於, which may be simplified too).
	unambiguous int
	invalid     int // bytes that are not UTF-8
}

// script classifies a text by its evidence (see evidenceRatio).
func (e evidence) script() Script {
	t, s, han := float64(e.traditional), float64(e.simplified), float64(e.han)
	switch {
	case e.han == 0:
		return ScriptNone
	case t >= traditionalShare*han && t >= evidenceRatio*s:
		return ScriptTraditional
	case t < simplifiedShare*han || s >= evidenceRatio*t:
		return ScriptSimplified
	default:
		return ScriptMixed
	}
}

// convert applies t2s to s and counts its evidence. Each invalid byte of s
// becomes U+FFFD.
func (t *t2sTable) convert(s string) (string, evidence) {
	return t.convertInto(s, nil)
}

// convertInto is convert writing into buf's memory when it has room for
// the text (ConvertRoom): the caller's memory holds the result.
func (t *t2sTable) convertInto(s string, buf []byte) (string, evidence) {
	if cap(buf) < ConvertRoom(len(s)) {
		buf = make([]byte, 0, ConvertRoom(len(s)))
	}
	out, e := t.scan(s, buf[:0])
	// out is not written again: the string takes its bytes without a copy
	// (as strings.Builder does), which for 20 MB is a pass saved.
	return unsafe.String(unsafe.SliceData(out), len(out)), e
}

// ConvertRoom is the capacity NormalizeUTF8's buffer needs for a text of
// n bytes. A few characters grow by a byte (t2s keeps runes, not bytes):
// room for them saves reallocating, and copying, 20 MB at the last one.
func ConvertRoom(n int) int { return n + n/32 + utf8.UTFMax }

// count is convert without the output: the script gate runs it on every
// text, and most texts are simplified and need no conversion.
func (t *t2sTable) count(s string) evidence {
	_, e := t.scan(s, nil)
	return e
}

// scan converts s, appending to out unless out is nil, and counts. What
// t2s leaves as it is reaches out in runs copied from s, not rune by rune;
// each step of the loop does one table lookup for a BMP rune.
func (t *t2sTable) scan(s string, out []byte) (_ []byte, e evidence) {
	build := out != nil
	copied := 0 // s[copied:i] is unchanged and not yet in out
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := decodeRune(s, i)
		if n == 1 {
			e.invalid++ // decoded as U+FFFD
		}
		var x uint32 // r's entry, for a BMP rune
		if r < 0x10000 {
			x = t.bmp[r]
		}
		if x&phraseStart != 0 || (r >= 0x10000 && t.phrases[r] != nil) {
			if p, ok := t.matchPhrase(r, s[i:]); ok {
				if build {
					out = append(out, s[copied:i]...)
					out = append(out, p.value...)
					copied = i + len(p.key)
				}
				t.countPhrase(&e, p)
				i += len(p.key)
				continue
			}
		}
		v := r
		if w := rune(x & runeBits); w != 0 {
			v = w
		} else if r >= 0x10000 {
			v = t.char(r)
		}
		switch {
		case v != r:
			e.traditional++
			if x&ambiguous == 0 && (r < 0x10000 || t.unambiguous(r)) {
				e.unambiguous++
			}
		case x&simplifiedOnly != 0:
			e.simplified++
		}
		if x&han != 0 || (r >= 0x10000 && isHan(r)) {
			e.han++
		}
		// An invalid byte decodes to U+FFFD with n == 1 and is written as it.
		if build && (v != r || n == 1) {
			out = append(out, s[copied:i]...)
			if v >= 0x800 && v < 0x10000 {
				out = append(out, byte(0xE0|v>>12), byte(0x80|v>>6&0x3F), byte(0x80|v&0x3F))
			} else {
				out = utf8.AppendRune(out, v)
			}
			copied = i + n
		}
		i += n
	}
	if build {
		out = append(out, s[copied:]...)
	}
	return out, e
}

// decodeRune decodes the rune at s[i] (not ASCII) as utf8.DecodeRuneInString
// does, inline for the three-byte sequences of Han text.
func decodeRune(s string, i int) (rune, int) {
	if c := s[i]; c&0xF0 == 0xE0 && i+2 < len(s) {
		c1, c2 := s[i+1], s[i+2]
		if c1&0xC0 == 0x80 && c2&0xC0 == 0x80 {
			r := rune(c&0x0F)<<12 | rune(c1&0x3F)<<6 | rune(c2&0x3F)
			if r >= 0x800 && (r < 0xD800 || r > 0xDFFF) {
				return r, 3
			}
		}
	}
	return utf8.DecodeRuneInString(s[i:])
}

func (t *t2sTable) matchPhrase(first rune, s string) (phrase, bool) {
	for _, p := range t.phrases[first] {
		if strings.HasPrefix(s, p.key) {
			return p, true
		}
	}
	return phrase{}, false
}

// countPhrase adds the evidence of a matched phrase.
func (t *t2sTable) countPhrase(e *evidence, p phrase) {
	value := p.value
	for _, r := range p.key {
		v, size := utf8.DecodeRuneInString(value)
		value = value[size:]
		switch {
		case r != v:
			e.traditional++
			if t.unambiguous(r) {
				e.unambiguous++
			}
		case r < 0x10000 && t.bmp[r]&simplifiedOnly != 0:
			e.simplified++
		}
		if isHan(r) {
			e.han++
		}
	}
}

// isHan reports whether r is a Han character, with a fast path for the
// unified ideographs block that most Chinese text stays in.
func isHan(r rune) bool {
	if r >= 0x4E00 && r <= 0x9FFF {
		return true
	}
	return r >= 0x2E80 && unicode.Is(unicode.Han, r)
}

// DetectScript reports the script of s: the share of its Han characters
// that OpenCC's t2s would change, weighed against those that exist only in
// simplified script (see Normalize). A short text has little evidence: 王丙乾
// alone reads as traditional, 王丙乾出席了会议 as mixed.
func DetectScript(s string) Script {
	return loadT2S().count(s).script()
}

// ToSimplified converts s with OpenCC's t2s semantics (longest match over
// TSPhrases, then TSCharacters), whatever its script. Normalize applies it
// only to traditional text.
func ToSimplified(s string) string {
	out, _ := loadT2S().convert(s)
	return out
}
