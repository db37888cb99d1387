package extract

import (
	"math/big"
)

// A number is one numeral found in a rune slice: Arabic, Chinese, financial
// or a mixture, with its value computed exactly.
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

// digitOf returns the value of a Chinese digit character, or -1.
func digitOf(r rune) int {
	switch r {
	case '〇', '零':
		return 0
	case '一', '壹':
		return 1
	case '二', '贰', '貳', '两', '兩', '倆', '俩':
		return 2
	case '三', '叁', '參', '叄':
		return 3
	case '四', '肆':
		return 4
	case '五', '伍':
		return 5
	case '六', '陆', '陸':
		return 6
	case '七', '柒':
		return 7
	case '八', '捌':
		return 8
	case '九', '玖':
		return 9
	}
	return -1
}

// smallUnitOf returns 10, 100 or 1000 for 十 百 千 (and their financial forms), else 0.
func smallUnitOf(r rune) int64 {
	switch r {
	case '十', '拾':
		return 10
	case '百', '佰':
		return 100
	case '千', '仟':
		return 1000
	}
	return 0
}

// bigUnitOf returns the power of ten of 万 亿 兆, else 0.
func bigUnitOf(r rune) int {
	switch r {
	case '万', '萬':
		return 4
	case '亿', '億':
		return 8
	case '兆':
		return 12
	}
	return 0
}

func isASCIIDigit(r rune) bool { return r >= '0' && r <= '9' }

// isNumeralRune reports whether r can be part of a numeral.
func isNumeralRune(r rune) bool {
	return isASCIIDigit(r) || digitOf(r) >= 0 || smallUnitOf(r) > 0 || bigUnitOf(r) > 0
}

var (
	pow10s [40]*big.Rat
)

func init() {
	p := big.NewInt(1)
	for i := range pow10s {
		pow10s[i] = new(big.Rat).SetInt(p)
		p = new(big.Int).Mul(p, big.NewInt(10))
	}
}

func pow10(e int) *big.Rat { return pow10s[e] }

// arabicAt reads an Arabic numeral at rs[i:]: digits, optional thousands
// groups (1,100 — only when exactly three digits follow each comma) and an
// optional decimal part. It returns the value, the end offset, the number of
// integer digits and whether a decimal point was read.
func arabicAt(rs []rune, i int) (*big.Rat, int, int, bool) {
	j := i
	var n big.Int
	digits := 0
	for j < len(rs) {
		switch {
		case isASCIIDigit(rs[j]):
			n.Mul(&n, big.NewInt(10))
			n.Add(&n, big.NewInt(int64(rs[j]-'0')))
			j++
			digits++
			continue
		case rs[j] == ',' && digits > 0 && groupOfThree(rs, j+1):
			j++
			continue
		}
		break
	}
	v := new(big.Rat).SetInt(&n)
	dec := false
	if j+1 < len(rs) && rs[j] == '.' && isASCIIDigit(rs[j+1]) {
		dec = true
		j++
		scale := 0
		var f big.Int
		for j < len(rs) && isASCIIDigit(rs[j]) && scale < 30 {
			f.Mul(&f, big.NewInt(10))
			f.Add(&f, big.NewInt(int64(rs[j]-'0')))
			j++
			scale++
		}
		for j < len(rs) && isASCIIDigit(rs[j]) { // digits beyond 30 decimals are dropped
			j++
		}
		v.Add(v, new(big.Rat).SetFrac(&f, pow10(scale).Num()))
	}
	return v, j, digits, dec
}

// groupOfThree reports whether rs[k:] starts with exactly three ASCII digits.
func groupOfThree(rs []rune, k int) bool {
	if k+3 > len(rs) {
		return false
	}
	for _, r := range rs[k : k+3] {
		if !isASCIIDigit(r) {
			return false
		}
	}
	return k+3 == len(rs) || !isASCIIDigit(rs[k+3])
}

// chineseFraction reads the digits after 点 (五五四四 → 0.5544).
func chineseFraction(rs []rune, i int) (*big.Rat, int) {
	j := i
	var f big.Int
	scale := 0
	for j < len(rs) && scale < 30 {
		d := digitOf(rs[j])
		if d < 0 || rs[j] == '两' || rs[j] == '兩' || rs[j] == '俩' || rs[j] == '倆' {
			break
		}
		f.Mul(&f, big.NewInt(10))
		f.Add(&f, big.NewInt(int64(d)))
		j++
		scale++
	}
	if scale == 0 {
		return nil, i
	}
	return new(big.Rat).SetFrac(&f, pow10(scale).Num()), j
}

// skipSpaces returns the offset after the ASCII spaces at rs[i:] when
// spaces are allowed and what follows continues a Chinese numeral.
func skipSpaces(rs []rune, i int, allow bool) int {
	if !allow {
		return i
	}
	j := i
	for j < len(rs) && rs[j] == ' ' {
		j++
	}
	return j
}

// parseNumber reads the longest numeral starting at rs[i]. allowSpace lets
// spaces separate the parts of a Chinese numeral (一百 五 十 二), as some
// test suites write them; running text never needs it.
func parseNumber(rs []rune, i int, allowSpace bool) (number, bool) {
	n := number{start: i}
	if i >= len(rs) {
		return n, false
	}
	if n, ok := plainInteger(rs, i); ok {
		return n, true
	}
	p := numParser{rs: rs, allowSpace: allowSpace, section: new(big.Rat), pure: true}
	n.arabic = isASCIIDigit(rs[i])
	if !p.run(i, &n) {
		return n, false
	}
	return n, true
}

// plainInteger is parseNumber's fast path for the common case: up to 15
// ASCII digits, or one Chinese digit, followed by no numeral character.
func plainInteger(rs []rune, i int) (number, bool) {
	j, v := i, int64(0)
	for j < len(rs) && isASCIIDigit(rs[j]) && j-i < 15 {
		v = v*10 + int64(rs[j]-'0')
		j++
	}
	if j > i {
		if j < len(rs) && (isNumeralRune(rs[j]) || rs[j] == '.' || rs[j] == ',' || rs[j] == ' ' || isApproxInner(rs[j])) {
			return number{}, false
		}
		return number{val: big.NewRat(v, 1), start: i, end: j, arabic: true, seq: true, intDigits: j - i}, true
	}
	d := digitOf(rs[i])
	if d < 0 || (i+1 < len(rs) && (isNumeralRune(rs[i+1]) || isApproxInner(rs[i+1]) || rs[i+1] == '点' || rs[i+1] == '點' || rs[i+1] == ' ')) {
		return number{}, false
	}
	return number{val: big.NewRat(int64(d), 1), start: i, end: i + 1, chinese: true, single: true}, true
}

// numParser holds the state of one parseNumber call.
type numParser struct {
	rs         []rune
	allowSpace bool
	parts      []numPart // values at or above a big unit, with its exponent
	section    *big.Rat  // below the last big unit
	cur        *big.Rat  // the pending digit(s)
	curSingle  bool      // cur is one digit right after a unit (一万三 = 13000)
	frac       *big.Rat  // the pending 点 fraction
	lastUnit   int64     // value of the last unit (for 一万三)
	afterUnit  bool
	afterBig   bool
	afterZero  bool
	tokens     int
	pure       bool  // only Chinese digits so far (二〇二二)
	seq        []int // those digits
}

type numPart struct {
	v   *big.Rat
	exp int
}

// flushBig multiplies what is pending (and every part below exp) by 10^exp.
func (p *numParser) flushBig(exp int) {
	sub := new(big.Rat).Set(p.section)
	if p.cur != nil {
		sub.Add(sub, p.cur)
	}
	if p.frac != nil {
		sub.Add(sub, p.frac)
	}
	// 万万, 万亿: a big unit right after another multiplies the whole.
	inclusive := p.afterBig && p.cur == nil && p.section.Sign() == 0
	kept := p.parts[:0]
	for _, pt := range p.parts {
		if pt.exp < exp || (inclusive && pt.exp <= exp) {
			sub.Add(sub, pt.v)
		} else {
			kept = append(kept, pt)
		}
	}
	p.parts = append(kept, numPart{sub.Mul(sub, pow10(exp)), exp})
	p.section = new(big.Rat)
	p.cur, p.frac = nil, nil
}

func isLiang(r rune) bool { return r == '两' || r == '兩' || r == '俩' || r == '倆' }

func isApproxInner(r rune) bool { return r == '余' || r == '多' || r == '几' || r == '幾' }

// run parses from rs[i], filling n; it reports whether a numeral was read.
func (p *numParser) run(i int, n *number) bool {
	rs := p.rs
	j, end := i, i
loop:
	for j < len(rs) {
		r := rs[j]
		switch {
		case isASCIIDigit(r):
			if p.cur != nil || (p.tokens > 0 && !p.afterUnit && !p.afterZero) {
				break loop
			}
			v, e, nd, dec := arabicAt(rs, j)
			p.cur = v
			p.curSingle = p.afterUnit && !p.afterZero && nd == 1 && !dec
			if p.tokens == 0 {
				n.intDigits, n.hasDecimal = nd, dec
			}
			p.afterUnit, p.afterBig, p.afterZero, p.pure = false, false, false, false
			j, end = e, e
			p.tokens++
		case digitOf(r) >= 0:
			d := digitOf(r)
			if d == 0 && p.tokens > 0 && !p.pure {
				// 一千零五: a zero after a unit only marks a gap.
				p.afterZero = true
				j++
				end = j
				continue
			}
			if p.cur != nil && !p.afterUnit {
				// Digits in a row: digit by digit (二〇二二, 五五), never with 两.
				if !p.pure || isLiang(r) || isLiang(rs[i]) {
					break loop
				}
			}
			if p.pure {
				p.seq = append(p.seq, d)
			}
			n.chinese = true
			p.cur = big.NewRat(int64(d), 1)
			p.curSingle = p.afterUnit && !p.afterZero
			p.afterUnit, p.afterBig, p.afterZero = false, false, false
			j++
			end = j
			p.tokens++
			if pt := skipSpaces(rs, j, p.allowSpace); len(p.seq) <= 1 && pt+1 < len(rs) && (rs[pt] == '点' || rs[pt] == '點') {
				if f, e := chineseFraction(rs, skipSpaces(rs, pt+1, p.allowSpace)); f != nil {
					p.frac = f
					n.hasDecimal = true
					p.pure = false
					j, end = e, e
				}
			}
		case smallUnitOf(r) > 0:
			u := smallUnitOf(r)
			if p.pure && len(p.seq) > 1 {
				// 二三十: an estimate between two neighbouring digits.
				if len(p.seq) == 2 && p.seq[1] == p.seq[0]+1 && p.seq[0] > 0 {
					n.val = big.NewRat(int64(p.seq[0])*u, 1)
					n.max = big.NewRat(int64(p.seq[1])*u, 1)
					n.chinese = true
					j++
					if j < len(rs) && bigUnitOf(rs[j]) > 0 {
						e := bigUnitOf(rs[j])
						n.val.Mul(n.val, pow10(e))
						n.max.Mul(n.max, pow10(e))
						n.bigExp = e
						j++
					}
					n.end = j
					return true
				}
				break loop
			}
			if p.tokens == 0 {
				nx := skipSpaces(rs, j+1, p.allowSpace)
				// 十五 and 百三 start a numeral; 百分之 and 千万 (as an adverb) do not.
				if u != 10 && (nx >= len(rs) || (digitOf(rs[nx]) < 0 && !isApproxInner(rs[nx]))) {
					return false
				}
			}
			if p.pure && p.cur != nil && p.cur.Sign() == 0 {
				p.cur = nil // 零十 = 10
			}
			if p.cur == nil {
				if p.tokens > 0 && !p.afterZero && !p.afterBig && !(p.pure && len(p.seq) == 1) {
					break loop // 十十, 百千
				}
				p.cur = big.NewRat(1, 1)
			} else if p.lastUnit != 0 && p.lastUnit <= u && !p.afterBig && !p.afterZero {
				break loop // 五十千: a unit no smaller than the last ends the numeral
			}
			if p.frac != nil {
				p.cur = new(big.Rat).Add(p.cur, p.frac)
				p.frac = nil
			}
			p.section.Add(p.section, new(big.Rat).Mul(p.cur, big.NewRat(u, 1)))
			p.cur = nil
			n.chinese = true
			p.lastUnit = u
			p.afterUnit, p.afterBig, p.afterZero, p.pure = true, false, false, false
			j++
			end = j
			p.tokens++
		case bigUnitOf(r) > 0:
			if p.tokens == 0 || (p.pure && len(p.seq) > 1) {
				break loop
			}
			e := bigUnitOf(r)
			p.flushBig(e)
			n.bigExp = e
			n.chinese = true
			p.lastUnit = 1
			for k := 0; k < e && k < 12; k++ {
				p.lastUnit *= 10
			}
			p.afterUnit, p.afterBig, p.afterZero, p.pure = true, true, false, false
			j++
			end = j
			p.tokens++
		case isApproxInner(r) && p.tokens > 0:
			// 500余万, 十多万, 二十几万: the approximation sits before a multiplier.
			k := skipSpaces(rs, j+1, p.allowSpace)
			if k < len(rs) && bigUnitOf(rs[k]) > 0 && (!p.afterBig || bigUnitOf(rs[k]) > n.bigExp) {
				n.over = true
				j = k
				continue
			}
			break loop
		case r == ' ' && p.allowSpace && p.tokens > 0:
			k := skipSpaces(rs, j, true)
			if k < len(rs) && (isNumeralRune(rs[k]) || isApproxInner(rs[k]) || rs[k] == '点' || rs[k] == '點') &&
				!(isASCIIDigit(rs[k]) && p.cur != nil) && !(isASCIIDigit(rs[j-1]) && (isASCIIDigit(rs[k]) || digitOf(rs[k]) >= 0)) {
				j = k
				continue
			}
			break loop
		case (r == '点' || r == '點') && p.tokens > 0 && p.afterUnit:
			// 两千万点五五四四, 四百亿点零五零
			f, e := chineseFraction(rs, skipSpaces(rs, j+1, p.allowSpace))
			if f == nil {
				break loop
			}
			p.frac = f
			n.hasDecimal = true
			j, end = e, e
			p.afterUnit = false
		default:
			break loop
		}
	}
	if p.tokens == 0 {
		return false
	}
	n.end = end
	if p.pure && len(p.seq) > 1 {
		v := int64(0)
		for _, d := range p.seq {
			if v < 1e15 {
				v = v*10 + int64(d)
			}
		}
		n.val = big.NewRat(v, 1)
		n.seq = true
		n.intDigits = len(p.seq)
		return true
	}
	total := new(big.Rat)
	for _, pt := range p.parts {
		total.Add(total, pt.v)
	}
	total.Add(total, p.section)
	if p.cur != nil {
		c := p.cur
		if p.curSingle && p.lastUnit >= 10 {
			c = new(big.Rat).Mul(c, big.NewRat(p.lastUnit/10, 1))
		}
		total.Add(total, c)
	}
	if p.frac != nil {
		total.Add(total, p.frac)
	}
	n.val = total
	n.single = p.tokens == 1 && !n.arabic && !n.hasDecimal
	if n.arabic && p.tokens == 1 {
		n.seq = !n.hasDecimal
	}
	return true
}
