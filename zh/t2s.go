package zh

import (
	_ "embed"
	"fmt"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// OpenCC's t2s dictionaries (see tables/NOTICE); `make tables` regenerates them.
var (
	//go:embed tables/TSPhrases.txt
	tsPhrasesText string
	//go:embed tables/TSCharacters.txt
	tsCharactersText string
)

// Script thresholds on the share of Han characters that t2s changes:
// traditional articles measure 21-32%, simplified ones below 0.003%. A
// share in between is a simplified text quoting traditional (or the
// reverse); it is reported as mixed and left unconverted.
const (
	traditionalShare = 0.05
	simplifiedShare  = 0.005
)

// phrase is one TSPhrases entry, stored under its first rune.
type phrase struct {
	key, value string
}

// t2sTable is OpenCC's t2s conversion: TSPhrases by longest match, then
// TSCharacters. It is built once, on first use, from the embedded text.
type t2sTable struct {
	// bmp maps a BMP rune to its simplified form (0: unchanged).
	bmp []rune
	// astral holds the characters outside the BMP.
	astral map[rune]rune
	// phrases lists, per first rune, the phrases longest first.
	phrases map[rune][]phrase
	// phraseStart marks the BMP runes that start a phrase.
	phraseStart []bool
}

var (
	t2sOnce sync.Once
	t2s     *t2sTable
)

// loadT2S returns the process-wide table. The embedded tables are part of
// the binary and were checked by the tests, so a parse error is a build
// defect and panics.
func loadT2S() *t2sTable {
	t2sOnce.Do(func() {
		t, err := parseT2S(tsPhrasesText, tsCharactersText)
		if err != nil {
			panic(err)
		}
		t2s = t
	})
	return t2s
}

// parseT2S builds the table from OpenCC text dictionaries ("KEY\tVALUE
// [VALUE...]" per line; the first value is the default, as in OpenCC).
func parseT2S(phrases, chars string) (*t2sTable, error) {
	t := &t2sTable{
		bmp:         make([]rune, 0x10000),
		astral:      map[rune]rune{},
		phrases:     map[rune][]phrase{},
		phraseStart: make([]bool, 0x10000),
	}
	err := eachEntry("TSCharacters", chars, func(key, value string) error {
		k, kn := utf8.DecodeRuneInString(key)
		v, vn := utf8.DecodeRuneInString(value)
		if kn != len(key) || vn != len(value) {
			return fmt.Errorf("%q → %q is not one character to one character", key, value)
		}
		if k < 0x10000 {
			t.bmp[k] = v
		} else {
			t.astral[k] = v
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = eachEntry("TSPhrases", phrases, func(key, value string) error {
		// Equal rune counts keep the offset map of t2s the identity.
		if utf8.RuneCountInString(key) != utf8.RuneCountInString(value) {
			return fmt.Errorf("%q → %q changes the length", key, value)
		}
		first, _ := utf8.DecodeRuneInString(key)
		t.phrases[first] = append(t.phrases[first], phrase{key, value})
		if first < 0x10000 {
			t.phraseStart[first] = true
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, ps := range t.phrases {
		sort.Slice(ps, func(i, j int) bool { return len(ps[i].key) > len(ps[j].key) })
	}
	return t, nil
}

func eachEntry(name, text string, f func(key, value string) error) error {
	for n, line := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		key, values, ok := strings.Cut(line, "\t")
		value, _, _ := strings.Cut(values, " ")
		if !ok || key == "" || value == "" {
			return fmt.Errorf("%s line %d: want KEY<TAB>VALUE, got %q", name, n+1, line)
		}
		if err := f(key, value); err != nil {
			return fmt.Errorf("%s line %d: %w", name, n+1, err)
		}
	}
	return nil
}

// char returns the simplified form of r, or r.
func (t *t2sTable) char(r rune) rune {
	if r < 0x10000 {
		if v := t.bmp[r]; v != 0 {
			return v
		}
		return r
	}
	if v, ok := t.astral[r]; ok {
		return v
	}
	return r
}

// convert applies t2s to s and counts the Han characters of s and those the
// conversion changed. Each invalid byte of s becomes U+FFFD.
func (t *t2sTable) convert(s string) (out string, han, changed int) {
	var b strings.Builder
	b.Grow(len(s))
	han, changed = t.scan(s, &b)
	return b.String(), han, changed
}

// count is convert without the output: the script gate runs it on every
// text, and most texts are simplified and need no conversion.
func (t *t2sTable) count(s string) (han, changed int) {
	return t.scan(s, nil)
}

// scan converts s into b (when b is not nil) and counts.
func (t *t2sTable) scan(s string, b *strings.Builder) (han, changed int) {
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			if b != nil {
				b.WriteByte(s[i])
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if isHan(r) {
			han++
		}
		if (r < 0x10000 && t.phraseStart[r]) || (r >= 0x10000 && t.phrases[r] != nil) {
			if p, ok := t.matchPhrase(r, s[i:]); ok {
				if b != nil {
					b.WriteString(p.value)
				}
				changed += countChanged(p.key, p.value)
				// The phrase's first rune was counted above.
				han += countHan(p.key[n:])
				i += len(p.key)
				continue
			}
		}
		v := t.char(r)
		if v != r {
			changed++
		}
		if b != nil {
			b.WriteRune(v)
		}
		i += n
	}
	return han, changed
}

func (t *t2sTable) matchPhrase(first rune, s string) (phrase, bool) {
	for _, p := range t.phrases[first] {
		if strings.HasPrefix(s, p.key) {
			return p, true
		}
	}
	return phrase{}, false
}

// countChanged counts the runes that differ between two strings of equal
// rune count.
func countChanged(a, b string) int {
	n := 0
	for _, r := range a {
		v, size := utf8.DecodeRuneInString(b)
		b = b[size:]
		if r != v {
			n++
		}
	}
	return n
}

func countHan(s string) int {
	n := 0
	for _, r := range s {
		if isHan(r) {
			n++
		}
	}
	return n
}

// isHan reports whether r is a Han character, with a fast path for the
// unified ideographs block that most Chinese text stays in.
func isHan(r rune) bool {
	if r >= 0x4E00 && r <= 0x9FFF {
		return true
	}
	return r >= 0x2E80 && unicode.Is(unicode.Han, r)
}

// classify turns the counts of a text into its script.
func classify(han, changed int) Script {
	switch {
	case han == 0:
		return ScriptNone
	case float64(changed) >= traditionalShare*float64(han):
		return ScriptTraditional
	case float64(changed) >= simplifiedShare*float64(han):
		return ScriptMixed
	default:
		return ScriptSimplified
	}
}

// DetectScript reports the script of s from the share of its Han characters
// that OpenCC's t2s would change.
func DetectScript(s string) Script {
	return classify(loadT2S().count(s))
}

// ToSimplified converts s with OpenCC's t2s semantics (longest match over
// TSPhrases, then TSCharacters), whatever its script. Normalize applies it
// only to traditional text.
func ToSimplified(s string) string {
	out, _, _ := loadT2S().convert(s)
	return out
}
