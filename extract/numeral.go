package extract

import (
	"math/big"

	"github.com/fednews/fednews/zh"
)

// The numeral parser lives in zh (zh.ParseNumeral), shared with the query
// language; these are the names the extractor reads it by.

// A number is one numeral found in a rune slice (zh.Numeral).
type number struct {
	val        *big.Rat
	max        *big.Rat // upper end of an adjacent-digit estimate (三四十 → 30…40)
	start, end int      // rune offsets, end exclusive
	over       bool     // an inner 余/多/几 before a multiplier: 500余万
	arabic     bool     // begins with an Arabic digit
	seq        bool     // digit by digit, no place units: 二〇二二, 2022
	single     bool     // exactly one Chinese digit and nothing else: 一, 两
	chinese    bool     // at least one Chinese numeral character
	bigExp     int      // exponent of the last 万/亿/兆 (for 两到三万: the low end inherits it)
	intDigits  int      // digits of an Arabic integer part (for years)
	hasDecimal bool
}

// parseNumber reads the longest numeral starting at rs[i] (zh.ParseNumeral).
func parseNumber(rs []rune, i int, allowSpace bool) (number, bool) {
	n, ok := zh.ParseNumeral(rs, i, allowSpace)
	return number{val: n.Val, max: n.Max, start: n.Start, end: n.End, over: n.Over, arabic: n.Arabic, seq: n.Seq,
		single: n.Single, chinese: n.Chinese, bigExp: n.BigExp, intDigits: n.IntDigits, hasDecimal: n.HasDecimal}, ok
}

// Thin forwards (inlined) to zh's numeral primitives.
func digitOf(r rune) int                                   { return zh.DigitOf(r) }
func smallUnitOf(r rune) int64                             { return zh.SmallUnitOf(r) }
func bigUnitOf(r rune) int                                 { return zh.BigUnitOf(r) }
func isASCIIDigit(r rune) bool                             { return zh.IsASCIIDigit(r) }
func isNumeralRune(r rune) bool                            { return zh.IsNumeralRune(r) }
func isLiang(r rune) bool                                  { return zh.IsLiang(r) }
func pow10(e int) *big.Rat                                 { return zh.Pow10(e) }
func skipSpaces(rs []rune, i int, allow bool) int          { return zh.SkipSpaces(rs, i, allow) }
func arabicAt(rs []rune, i int) (*big.Rat, int, int, bool) { return zh.ArabicAt(rs, i) }
