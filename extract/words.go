package extract

import (
	"log/slog"
	"sync"

	"github.com/fednews/fednews/index/gazetteer"
	"github.com/fednews/fednews/zh"
)

// A Chinese numeral is often no number but part of a word (唯一, 统一,
// 零售额, 百强) or of a place name (三河市, 六安, 三台县, 七台河). Segmenting
// the whole text would cost more than extraction itself, so the scanner
// asks the segmenter's dictionary about the few runes around a numeral,
// and the gazetteer about the names that start with one.

// lexicon holds the word and place dictionaries; either may be nil when
// it failed to load, and then its check is skipped (figures are still
// read, as before the check existed).
type lexicon struct {
	seg *zh.Segmenter
	gaz *gazetteer.Gazetteer
}

var (
	lexOnce sync.Once
	lex     lexicon
)

// theLexicon loads the dictionaries on first use.
func theLexicon() *lexicon {
	lexOnce.Do(func() {
		seg, err := zh.DefaultSegmenter()
		if err != nil {
			slog.Warn("extract: no word dictionary, numerals inside words may be read as figures", "err", err)
		} else {
			lex.seg = seg
		}
		gaz, err := gazetteer.Default()
		if err != nil {
			slog.Warn("extract: no gazetteer, numerals in place names may be read as figures", "err", err)
		} else {
			lex.gaz = gaz
		}
	})
	return &lex
}

// numeralContext are the runes that may stand right before a numeral in a
// dictionary word without making the numeral part of that word: 近百,
// 上千, 数十, 第一, 每一.
var numeralContext = map[rune]bool{}

func init() {
	for _, r := range "近约超逾余多几数上第每共计达有为是过破仅单前后" {
		numeralContext[r] = true
	}
}

// minWordFreq is the least dictionary frequency of a word that swallows
// a numeral: rarer entries are often phrases the dictionary picked up.
const minWordFreq = 5

// isWordWindow bounds the runes a dictionary word around a numeral is
// looked for in, on each side.
const isWordWindow = 3

// inWord reports whether the numeral rune at rs[i] belongs to a word
// that holds other runes: a word starting before it with a rune that is
// no numeral (唯一, 统一, 零售), or a word starting at it that goes on past
// its numeral into runes that are no unit (百强, 九江, 五指山).
func (l *lexicon) inWord(rs []rune, i int) bool {
	if l.seg == nil || i >= len(rs) || isASCIIDigit(rs[i]) {
		return false
	}
	for a := i - 1; a >= 0 && a >= i-isWordWindow; a-- {
		if !isHan(rs[a]) || isNumeralRune(rs[a]) || numeralContext[rs[a]] {
			break
		}
		for b := i + 1; b <= len(rs) && b <= i+isWordWindow; b++ {
			if f, ok := l.seg.Known(string(rs[a:b])); ok && f >= minWordFreq {
				return true
			}
		}
	}
	end := i
	for end < len(rs) && end-i <= isWordWindow && isNumeralRune(rs[end]) && !isASCIIDigit(rs[end]) {
		end++
	}
	if end-i > isWordWindow {
		return false // a long numeral is a number, not a name (and is read once)
	}
	if end >= len(rs) || !isHan(rs[end]) || startsUnit(rs, end) {
		return false
	}
	for b := end + 1; b <= len(rs) && b <= end+isWordWindow; b++ {
		if f, ok := l.seg.Known(string(rs[i:b])); ok && f >= minWordFreq {
			return true
		}
	}
	return false
}

// startsUnit reports whether a unit, a qualifier or a date word follows
// a numeral at rs[k]: then the dictionary's 三家, 三年 and 十多 are figures.
func startsUnit(rs []rune, k int) bool {
	switch rs[k] {
	case '余', '多', '几', '来', '前', '后', '以', '之', '左', '上', '月', '日', '号', '季', '分', '成', '折', '点', '块':
		return true
	}
	s := scanner{rs: rs}
	_, _, ok := s.unitAt(k)
	return ok
}

// placeLen returns the length of a place name starting at rs[i] whose
// first rune is a numeral (三河市, 三台县, 七台河, 五家渠), or 0. Two-rune
// short forms (三台, 五家) count only as full names: 三台设备 are machines.
func (l *lexicon) placeLen(rs []rune, i int) int {
	if l.gaz == nil || i >= len(rs) || isASCIIDigit(rs[i]) || !isNumeralRune(rs[i]) {
		return 0
	}
	for n := 6; n >= 2; n-- {
		if i+n > len(rs) {
			continue
		}
		name := string(rs[i : i+n])
		for _, d := range l.gaz.Lookup(name) {
			if d.Name == name || n >= 3 {
				return n
			}
		}
	}
	return 0
}

// wordAcross returns where a dictionary word that spans position j
// (starting before it, ending after it) ends, looking no further than
// limit: for a subject's start (对于|年 → the word ends after 于) or,
// called with limit below j, where it starts, for a subject's end. It
// returns j when no word spans it.
func (l *lexicon) wordAcross(rs []rune, j, limit int) int {
	if l.seg == nil || j <= 0 || j >= len(rs) || !isHan(rs[j-1]) || !isHan(rs[j]) {
		return j
	}
	if limit < j { // a subject's end at j, which starts at limit
		for a := j - 1; a > limit && a >= j-isWordWindow; a-- {
			for b := j + isWordWindow; b > j; b-- {
				if b <= len(rs) && l.known(rs[a:b]) {
					return a
				}
			}
		}
		return j
	}
	for a := j - 1; a >= 0 && a >= j-isWordWindow && isHan(rs[a]); a-- {
		for b := min(limit, j+isWordWindow); b > j; b-- {
			if l.known(rs[a:b]) {
				return b
			}
		}
	}
	return j
}

// known reports a dictionary word of at least minWordFreq.
func (l *lexicon) known(w []rune) bool {
	f, ok := l.seg.Known(string(w))
	return ok && f >= minWordFreq
}

// wordFrom reports whether a dictionary word starts at rs[k] and ends past
// rs[j] (解决问题 past the verb 解决), within rs.
func (l *lexicon) wordFrom(rs []rune, k, j int) bool {
	if l.seg == nil {
		return false
	}
	for b := j + 1; b <= len(rs) && b <= j+isWordWindow; b++ {
		if l.known(rs[k:b]) {
			return !isWholeWord(string(rs[k:b]), stopWords)
		}
	}
	return false
}

// isWord reports whether w is a dictionary word of any frequency and no
// function word: the segmenter keeps a rare word such as 发放贷款 whole
// when it spans the whole phrase.
func (l *lexicon) isWord(w []rune) bool {
	if l.seg == nil || len(w) < 2 {
		return false
	}
	_, ok := l.seg.Known(string(w))
	return ok && !isWholeWord(string(w), stopWords)
}

// startsWord reports whether a dictionary word of two runes or more
// starts at rs[k] and ends within rs, the shortest such word no function
// word (stopWords): then a stop rune there (个 of 个体, 在 of 在建) opens a
// word rather than ending a phrase.
func (l *lexicon) startsWord(rs []rune, k int) bool {
	if l.seg == nil {
		return false
	}
	for b := k + 2; b <= len(rs) && b <= k+1+isWordWindow; b++ {
		if !isHan(rs[b-1]) {
			return false
		}
		if l.known(rs[k:b]) {
			return !isWholeWord(string(rs[k:b]), stopWords)
		}
	}
	return false
}
