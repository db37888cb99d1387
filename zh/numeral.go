package zh

import (
	"math/big"
)

// Numeral is one numeral found in a rune slice: Arabic, Chinese,
// financial or a mixture, with its value computed exactly. The figure
// extractor and the query language (money:>=一亿) both read numbers with
// ParseNumeral.
type Numeral struct {
	Val        *big.Rat
	Max        *big.Rat // upper end of an adjacent-digit estimate (三四十 → 30…40)
	Start, End int      // rune offsets, end exclusive
	Over       bool     // an inner 余/多/几 before a multiplier: 500余万
	Arabic     bool     // begins with an Arabic digit
	Seq        bool     // digit by digit, no place units: 二〇二二, 2022
	Single     bool     // exactly one Chinese digit and nothing else: 一, 两
	Chinese    bool     // at least one Chinese numeral character
	BigExp     int      // exponent of the last 万/亿/兆 (for 两到三万: the low end inherits it)
	IntDigits  int      // digits of an Arabic integer part (for years)
	HasDecimal bool
}

// DigitOf returns the value of a Chinese digit character, or -1.
func DigitOf(r rune) int {
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

// SmallUnitOf returns 10, 100 or 1000 for 十 百 千 (and their financial forms), else 0.
func SmallUnitOf(r rune) int64 {
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

// BigUnitOf returns the power of ten of 万 亿 兆, else 0.
func BigUnitOf(r rune) int {
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

// IsASCIIDigit reports whether r is 0 to 9.
func IsASCIIDigit(r rune) bool { return r >= '0' && r <= '9' }

// IsNumeralRune reports whether r can be part of a numeral.
func IsNumeralRune(r rune) bool {
	return IsASCIIDigit(r) || DigitOf(r) >= 0 || SmallUnitOf(r) > 0 || BigUnitOf(r) > 0
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

// Pow10 returns 10^e exactly, for 0 <= e < 40.
func Pow10(e int) *big.Rat { return pow10s[e] }

// ArabicAt reads an Arabic numeral at rs[i:]: digits, optional thousands
// groups (1,100 — only when exactly three digits follow each comma) and an
// optional decimal part. It returns the value, the end offset, the number of
// integer digits and whether a decimal point was read.
func ArabicAt(rs []rune, i int) (*big.Rat, int, int, bool) {
	j := i
	var n big.Int
	digits := 0
	for j < len(rs) {
		switch {
		case IsASCIIDigit(rs[j]):
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
	if j+1 < len(rs) && rs[j] == '.' && IsASCIIDigit(rs[j+1]) {
		dec = true
		j++
		scale := 0
		var f big.Int
		for j < len(rs) && IsASCIIDigit(rs[j]) && scale < 30 {
			f.Mul(&f, big.NewInt(10))
			f.Add(&f, big.NewInt(int64(rs[j]-'0')))
			j++
			scale++
		}
		for j < len(rs) && IsASCIIDigit(rs[j]) { // digits beyond 30 decimals are dropped
			j++
		}
		v.Add(v, new(big.Rat).SetFrac(&f, Pow10(scale).Num()))
	}
	return v, j, digits, dec
}

// groupOfThree reports whether rs[k:] starts with exactly three ASCII digits.
func groupOfThree(rs []rune, k int) bool {
	if k+3 > len(rs) {
		return false
	}
	for _, r := range rs[k : k+3] {
		if !IsASCIIDigit(r) {
			return false
		}
	}
	return k+3 == len(rs) || !IsASCIIDigit(rs[k+3])
}

// chineseFraction reads the digits after 点 (五五四四 → 0.5544).
func chineseFraction(rs []rune, i int) (*big.Rat, int) {
	j := i
	var f big.Int
	scale := 0
	for j < len(rs) && scale < 30 {
		d := DigitOf(rs[j])
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
	return new(big.Rat).SetFrac(&f, Pow10(scale).Num()), j
}

// SkipSpaces returns the offset after the ASCII spaces at rs[i:] when
// spaces are allowed and what follows continues a Chinese numeral.
func SkipSpaces(rs []rune, i int, allow bool) int {
	if !allow {
		return i
	}
	j := i
	for j < len(rs) && rs[j] == ' ' {
		j++
	}
	return j
}

// ParseNumeral reads the longest numeral starting at rs[i]. allowSpace lets
// spaces separate the parts of a Chinese numeral (一百 五 十 二), as some
// test suites write them; running text never needs it.
func ParseNumeral(rs []rune, i int, allowSpace bool) (Numeral, bool) {
	n := Numeral{Start: i}
	if i >= len(rs) {
		return n, false
	}
	if n, ok := plainInteger(rs, i); ok {
		return n, true
	}
	p := numParser{rs: rs, allowSpace: allowSpace, section: new(big.Rat), pure: true}
	n.Arabic = IsASCIIDigit(rs[i])
	if !p.run(i, &n) {
		return n, false
	}
	return n, true
}

// plainInteger is ParseNumeral's fast path for the common case: up to 15
// ASCII digits, or one Chinese digit, followed by no numeral character.
func plainInteger(rs []rune, i int) (Numeral, bool) {
	j, v := i, int64(0)
	for j < len(rs) && IsASCIIDigit(rs[j]) && j-i < 15 {
		v = v*10 + int64(rs[j]-'0')
		j++
	}
	if j > i {
		if j < len(rs) && (IsNumeralRune(rs[j]) || rs[j] == '.' || rs[j] == ',' || rs[j] == ' ' || isApproxInner(rs[j])) {
			return Numeral{}, false
		}
		return Numeral{Val: big.NewRat(v, 1), Start: i, End: j, Arabic: true, Seq: true, IntDigits: j - i}, true
	}
	d := DigitOf(rs[i])
	if d < 0 || (i+1 < len(rs) && (IsNumeralRune(rs[i+1]) || isApproxInner(rs[i+1]) || rs[i+1] == '点' || rs[i+1] == '點' || rs[i+1] == ' ')) {
		return Numeral{}, false
	}
	return Numeral{Val: big.NewRat(int64(d), 1), Start: i, End: i + 1, Chinese: true, Single: true}, true
}

// numParser holds the state of one ParseNumeral call.
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
	p.parts = append(kept, numPart{sub.Mul(sub, Pow10(exp)), exp})
	p.section = new(big.Rat)
	p.cur, p.frac = nil, nil
}

// IsLiang reports whether r is 两 (or 兩, 俩, 倆): two, but never a digit of a fraction.
func IsLiang(r rune) bool { return r == '两' || r == '兩' || r == '俩' || r == '倆' }

func isApproxInner(r rune) bool { return r == '余' || r == '多' || r == '几' || r == '幾' }

// run parses from rs[i], filling n; it reports whether a numeral was read.
func (p *numParser) run(i int, n *Numeral) bool {
	rs := p.rs
	j, end := i, i
loop:
	for j < len(rs) {
		r := rs[j]
		switch {
		case IsASCIIDigit(r):
			if p.cur != nil || (p.tokens > 0 && !p.afterUnit && !p.afterZero) {
				break loop
			}
			v, e, nd, dec := ArabicAt(rs, j)
			p.cur = v
			p.curSingle = p.afterUnit && !p.afterZero && nd == 1 && !dec
			if p.tokens == 0 {
				n.IntDigits, n.HasDecimal = nd, dec
			}
			p.afterUnit, p.afterBig, p.afterZero, p.pure = false, false, false, false
			j, end = e, e
			p.tokens++
		case DigitOf(r) >= 0:
			d := DigitOf(r)
			if d == 0 && p.tokens > 0 && !p.pure {
				// 一千零五: a zero after a unit only marks a gap.
				p.afterZero = true
				j++
				end = j
				continue
			}
			if p.cur != nil && !p.afterUnit {
				// Digits in a row: digit by digit (二〇二二, 五五), never with 两.
				if !p.pure || IsLiang(r) || IsLiang(rs[i]) {
					break loop
				}
			}
			if p.pure {
				p.seq = append(p.seq, d)
			}
			n.Chinese = true
			p.cur = big.NewRat(int64(d), 1)
			p.curSingle = p.afterUnit && !p.afterZero
			p.afterUnit, p.afterBig, p.afterZero = false, false, false
			j++
			end = j
			p.tokens++
			if pt := SkipSpaces(rs, j, p.allowSpace); len(p.seq) <= 1 && pt+1 < len(rs) && (rs[pt] == '点' || rs[pt] == '點') {
				if f, e := chineseFraction(rs, SkipSpaces(rs, pt+1, p.allowSpace)); f != nil {
					p.frac = f
					n.HasDecimal = true
					p.pure = false
					j, end = e, e
				}
			}
		case SmallUnitOf(r) > 0:
			u := SmallUnitOf(r)
			if p.pure && len(p.seq) > 1 {
				// 二三十: an estimate between two neighbouring digits.
				if len(p.seq) == 2 && p.seq[1] == p.seq[0]+1 && p.seq[0] > 0 {
					n.Val = big.NewRat(int64(p.seq[0])*u, 1)
					n.Max = big.NewRat(int64(p.seq[1])*u, 1)
					n.Chinese = true
					j++
					if j < len(rs) && BigUnitOf(rs[j]) > 0 {
						e := BigUnitOf(rs[j])
						n.Val.Mul(n.Val, Pow10(e))
						n.Max.Mul(n.Max, Pow10(e))
						n.BigExp = e
						j++
					}
					n.End = j
					return true
				}
				break loop
			}
			if p.tokens == 0 {
				nx := SkipSpaces(rs, j+1, p.allowSpace)
				// 十五 and 百三 start a numeral; 百分之 and 千万 (as an adverb) do not.
				if u != 10 && (nx >= len(rs) || (DigitOf(rs[nx]) < 0 && !isApproxInner(rs[nx]))) {
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
			n.Chinese = true
			p.lastUnit = u
			p.afterUnit, p.afterBig, p.afterZero, p.pure = true, false, false, false
			j++
			end = j
			p.tokens++
		case BigUnitOf(r) > 0:
			if p.tokens == 0 || (p.pure && len(p.seq) > 1) {
				break loop
			}
			e := BigUnitOf(r)
			p.flushBig(e)
			n.BigExp = e
			n.Chinese = true
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
			k := SkipSpaces(rs, j+1, p.allowSpace)
			if k < len(rs) && BigUnitOf(rs[k]) > 0 && (!p.afterBig || BigUnitOf(rs[k]) > n.BigExp) {
				n.Over = true
				j = k
				continue
			}
			break loop
		case r == ' ' && p.allowSpace && p.tokens > 0:
			k := SkipSpaces(rs, j, true)
			if k < len(rs) && (IsNumeralRune(rs[k]) || isApproxInner(rs[k]) || rs[k] == '点' || rs[k] == '點') &&
				!(IsASCIIDigit(rs[k]) && p.cur != nil) && !(IsASCIIDigit(rs[j-1]) && (IsASCIIDigit(rs[k]) || DigitOf(rs[k]) >= 0)) {
				j = k
				continue
			}
			break loop
		case (r == '点' || r == '點') && p.tokens > 0 && p.afterUnit:
			// 两千万点五五四四, 四百亿点零五零
			f, e := chineseFraction(rs, SkipSpaces(rs, j+1, p.allowSpace))
			if f == nil {
				break loop
			}
			p.frac = f
			n.HasDecimal = true
			j, end = e, e
			p.afterUnit = false
		default:
			break loop
		}
	}
	if p.tokens == 0 {
		return false
	}
	n.End = end
	if p.pure && len(p.seq) > 1 {
		v := int64(0)
		for _, d := range p.seq {
			if v < 1e15 {
				v = v*10 + int64(d)
			}
		}
		n.Val = big.NewRat(v, 1)
		n.Seq = true
		n.IntDigits = len(p.seq)
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
	n.Val = total
	n.Single = p.tokens == 1 && !n.Arabic && !n.HasDecimal
	if n.Arabic && p.tokens == 1 {
		n.Seq = !n.HasDecimal
	}
	return true
}
