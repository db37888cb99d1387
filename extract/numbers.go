package extract

import (
	"math/big"

	"github.com/fednews/fednews/corpus"
)

// Number is one number in a text, with or without a unit: the span of the
// numeral in rune offsets (end exclusive) and its exact value.
type Number struct {
	Start, End int
	Value      *big.Rat
}

// nonNumberWords hold a numeral character that is no number.
var nonNumberWords = words("一看 一切 四川 陆地 登陆 大陆 海陆 伍仁 入伍 退伍 队伍 收拾 拾起 拾取 拾到 夕拾 放肆 肆意 肆无忌惮 " +
	"一些 一起 统一 万一 一体化 一直 一定 一样 唯一 一致 进一步 十足")

// Numbers returns every number a normalized text writes, unit or not:
// Arabic, Chinese and financial numerals and their mixtures, signs (负3,
// -3), fractions (五分之一, 3又一千分之23, 3/5, 1 3/5), scientific forms
// (2e5, 2^5), the suffixes k and M, and 打 (a dozen). Figures reads only
// numbers with units; Numbers is for callers that want the bare numbers.
func Numbers(text string) []Number {
	rs := []rune(text)
	var out []Number
	for i := 0; i < len(rs); {
		if k := startsWord(rs, i, nonNumberWords); k > 0 {
			i += k
			continue
		}
		if i > 0 && startsWord(rs, i-1, nonNumberWords) > 0 {
			i++
			continue
		}
		n, ok := numberWithForms(rs, i)
		if !ok {
			i++
			continue
		}
		if !isAmountOrShare(rs, n.End) {
			out = append(out, n)
		}
		i = n.End
	}
	return out
}

// isAmountOrShare reports whether the number ending at i is an amount of
// money or a percentage (一美元, 二%, 一折): those are figures, not bare numbers.
func isAmountOrShare(rs []rune, i int) bool {
	if i >= len(rs) {
		return false
	}
	if rs[i] == '折' || rs[i] == '%' || rs[i] == '％' {
		return true
	}
	s := scanner{rs: rs}
	u, _, ok := s.unitAt(i)
	return ok && (u.kind == corpus.KindMoney || u.kind == corpus.KindPercent)
}

// isMinus reports whether r is a minus sign in a number: the ASCII
// hyphen-minus or U+2212 MINUS SIGN (typeset pages and Word use it;
// width folding leaves it alone).
func isMinus(r rune) bool { return r == '-' || r == '\u2212' }

// signAt reads a minus sign (负, -, −) at i and returns the offset after it.
func signAt(rs []rune, i int) (bool, int) {
	if i < len(rs) && (rs[i] == '负' || isMinus(rs[i])) && (i == 0 || !isMinus(rs[i-1])) {
		return true, i + 1
	}
	return false, i
}

// numberWithForms reads one number with every form Numbers accepts.
func numberWithForms(rs []rune, i int) (Number, bool) {
	neg, j := signAt(rs, i)
	var val *big.Rat
	var end int
	if j < len(rs) && rs[j] == '.' && j+1 < len(rs) && isASCIIDigit(rs[j+1]) && (j == 0 || !isASCIIDigit(rs[j-1])) {
		v, e, _, _ := arabicAt(append([]rune{'0'}, rs[j:]...), 0)
		val, end = v, j+e-1
	} else {
		n, ok := parseNumber(rs, j, true)
		if !ok {
			return Number{}, false
		}
		val, end = n.Val, n.End
		if n.Arabic && !n.Chinese {
			val, end = arabicForms(rs, val, end)
		}
	}
	// Fractions: 五分之一, 五 分之 一, 二分 之一, 负3分之负157.
	if k, ok := fractionMark(rs, end); ok {
		dneg, dj := signAt(rs, k)
		if d, ok := parseNumber(rs, dj, true); ok && val.Sign() != 0 {
			q := new(big.Rat).Quo(d.Val, val)
			if dneg {
				q.Neg(q)
			}
			val, end = q, d.End
		}
	}
	// 3又一千分之23: a whole number and a fraction.
	if k := skipSpaces(rs, end, true); k < len(rs) && rs[k] == '又' {
		k = skipSpaces(rs, k+1, true)
		if a, ok := parseNumber(rs, k, true); ok && a.Val.Sign() != 0 {
			if k2, ok := fractionMark(rs, a.End); ok {
				if d, ok := parseNumber(rs, k2, true); ok {
					val = new(big.Rat).Add(val, new(big.Rat).Quo(d.Val, a.Val))
					end = d.End
				}
			}
		}
	}
	if end < len(rs) && rs[end] == '打' {
		val = new(big.Rat).Mul(val, big.NewRat(12, 1))
		end++
	}
	if neg {
		val = new(big.Rat).Neg(val)
	}
	return Number{Start: i, End: end, Value: val}, true
}

// fractionMark reads 分之 (with spaces around it) at i.
func fractionMark(rs []rune, i int) (int, bool) {
	k := skipSpaces(rs, i, true)
	if k >= len(rs) || rs[k] != '分' {
		return i, false
	}
	k = skipSpaces(rs, k+1, true)
	if k >= len(rs) || rs[k] != '之' {
		return i, false
	}
	return skipSpaces(rs, k+1, true), true
}

// arabicForms extends an Arabic number over 3/5, 1 3/5, 2e5, 2^5, 40k, 2.5 M.
func arabicForms(rs []rune, v *big.Rat, end int) (*big.Rat, int) {
	digitsAt := func(k int) (*big.Rat, int, bool) {
		if k < len(rs) && isASCIIDigit(rs[k]) {
			d, e, _, _ := arabicAt(rs, k)
			return d, e, true
		}
		return nil, k, false
	}
	switch {
	case end+1 < len(rs) && rs[end] == '/':
		if d, e, ok := digitsAt(end + 1); ok && d.Sign() != 0 {
			return new(big.Rat).Quo(v, d), e
		}
	case end+1 < len(rs) && rs[end] == ' ' && v.IsInt():
		// 1 3/5
		if a, e, ok := digitsAt(end + 1); ok && e+1 < len(rs) && rs[e] == '/' {
			if d, e2, ok := digitsAt(e + 1); ok && d.Sign() != 0 {
				return new(big.Rat).Add(v, new(big.Rat).Quo(a, d)), e2
			}
		}
	case end < len(rs) && (rs[end] == 'e' || rs[end] == 'E' || rs[end] == '^'):
		pow := rs[end] == '^'
		k := end + 1
		neg := false
		for k < len(rs) && (rs[k] == '-' || rs[k] == '+') {
			neg = neg != (rs[k] == '-')
			k++
		}
		x, e, ok := digitsAt(k)
		if !ok || !x.IsInt() || x.Num().BitLen() > 9 {
			return v, end
		}
		p := int(x.Num().Int64())
		if pow {
			return ratPow(v, p, neg), e
		}
		return new(big.Rat).Mul(v, ratPow(big.NewRat(10, 1), p, neg)), e
	}
	k := skipSpaces(rs, end, true)
	if k < len(rs) && (k+1 >= len(rs) || !isASCIILetter(rs[k+1])) {
		switch rs[k] {
		case 'k', 'K':
			return new(big.Rat).Mul(v, big.NewRat(1000, 1)), k + 1
		case 'M':
			return new(big.Rat).Mul(v, big.NewRat(1000000, 1)), k + 1
		}
	}
	return v, end
}

// ratPow is v^p (v^-p when neg), for p below 512.
func ratPow(v *big.Rat, p int, neg bool) *big.Rat {
	r := big.NewRat(1, 1)
	for range p {
		r.Mul(r, v)
	}
	if neg && r.Sign() != 0 {
		r.Inv(r)
	}
	return r
}
