package extract

import (
	"math/big"

	"github.com/fednews/fednews/zh"
)

// The numeral parser lives in zh (zh.ParseNumeral), shared with the query
// language; these are the names the extractor reads it by.

// number is a numeral found in a rune slice.
type number = zh.Numeral

// parseNumber reads the longest numeral starting at rs[i].
func parseNumber(rs []rune, i int, allowSpace bool) (number, bool) {
	return zh.ParseNumeral(rs, i, allowSpace)
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
