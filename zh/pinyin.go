package zh

import (
	"strings"
	"unicode/utf8"

	"github.com/mozillazg/go-pinyin"
	"golang.org/x/text/unicode/norm"
)

// minAnnotations is how many tone-marked readings a text must carry before
// any parenthesized syllable is taken for an annotation: a text with one
// 包括(a)項 is not annotated, a text with 工商聯(lián) 經(jīng)濟 ... is.
const minAnnotations = 5

// maxSyllable bounds the runes of one pinyin syllable ("zhuāng" has six).
const maxSyllable = 6

// annotation is a parenthesized syllable right after a Han character.
type annotation struct {
	start, end int // byte range of "(syllable)"
	runes      int // its length in runes
	toned      bool
}

var pinyinArgs = pinyin.Args{Style: pinyin.Tone, Heteronym: true}

// toneless maps a tone-marked vowel to its bare letter.
var toneless = strings.NewReplacer(
	"ā", "a", "á", "a", "ǎ", "a", "à", "a",
	"ē", "e", "é", "e", "ě", "e", "è", "e",
	"ī", "i", "í", "i", "ǐ", "i", "ì", "i",
	"ō", "o", "ó", "o", "ǒ", "o", "ò", "o",
	"ū", "u", "ú", "u", "ǔ", "u", "ù", "u",
	"ǖ", "ü", "ǘ", "ü", "ǚ", "ü", "ǜ", "ü",
	"ń", "n", "ň", "n", "ǹ", "n", "ḿ", "m",
)

// stripPinyin removes the pinyin annotations glued after characters, as in
// 工商聯(lián) or 業（yè）, when the text carries at least minAnnotations
// tone-marked ones. It returns the text and, when it removed anything, the
// rune index in s of every rune of the result.
func stripPinyin(s string) (string, []Span) {
	if !strings.Contains(s, "(") && !strings.Contains(s, "（") {
		return s, nil
	}
	var found []annotation
	toned := 0
	prev := rune(-1)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if (r == '(' || r == '（') && isHan(prev) {
			if a, ok := readAnnotation(prev, s, i, n); ok {
				found = append(found, a)
				if a.toned {
					toned++
				}
				i = a.end
				prev = ')'
				continue
			}
		}
		prev = r
		i += n
	}
	if toned < minAnnotations {
		return s, nil
	}
	var b strings.Builder
	b.Grow(len(s))
	spans := make([]Span, 0, utf8.RuneCountInString(s))
	idx := int32(0)
	last := 0
	keep := func(part string) {
		b.WriteString(part)
		for range part {
			spans = append(spans, Span{idx, idx + 1})
			idx++
		}
	}
	for _, a := range found {
		keep(s[last:a.start])
		idx += int32(a.runes)
		last = a.end
	}
	keep(s[last:])
	return b.String(), spans
}

// readAnnotation reads "(syllable)" at s[i:] (the opening parenthesis is n
// bytes) and reports whether the syllable is a reading of han.
func readAnnotation(han rune, s string, i, n int) (annotation, bool) {
	j := i + n
	letters := 0
	for j < len(s) && letters <= maxSyllable {
		r, size := utf8.DecodeRuneInString(s[j:])
		if r == ')' || r == '）' {
			if letters == 0 {
				return annotation{}, false
			}
			syl := s[i+n : j]
			toned, ok := isReading(han, syl)
			return annotation{start: i, end: j + size, runes: letters + 2, toned: toned}, ok
		}
		if !isPinyinLetter(r) {
			return annotation{}, false
		}
		letters++
		j += size
	}
	return annotation{}, false
}

// isPinyinLetter accepts lower-case letters and the tone-marked vowels.
func isPinyinLetter(r rune) bool {
	if r >= 'a' && r <= 'z' || r == 'ü' {
		return true
	}
	// Tone marks, composed (NFC ran before) or, without the width step,
	// as combining marks.
	return strings.ContainsRune("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ\u0300\u0301\u0304\u030C", r)
}

// isReading reports whether syl is one of han's readings, and whether it
// carries a tone mark. A toneless syllable matches a reading without its
// tone mark.
func isReading(han rune, syl string) (toned, ok bool) {
	syl = norm.NFC.String(syl)
	bare := toneless.Replace(syl)
	toned = bare != syl
	for _, reading := range pinyin.SinglePinyin(han, pinyinArgs) {
		if reading == syl || !toned && toneless.Replace(reading) == bare {
			return toned, true
		}
	}
	return toned, false
}
