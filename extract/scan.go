package extract

import (
	"math/big"
	"time"
	"unicode"

	"github.com/fednews/fednews/corpus"
)

// A match is one figure found in the normalized text, before its span is
// mapped back to the original.
type match struct {
	kind          string
	start, end    int // normalized rune offsets, end exclusive
	val, max      *big.Rat
	unit          string
	qual          string
	date, dateEnd string
	numStart      int // where the number itself starts (after prefix words)
	numEnd        int // where the number (with 余, 多 and a range's upper end) ends
	// coreStart and coreEnd span a date without the words that bound it
	// (截至, 以来, 之前): those are time context, the date's qual its bound.
	coreStart, coreEnd int
	agoYears           int // N of N年前, read as a date
}

// scanner walks one normalized text.
type scanner struct {
	rs      []rune
	blocked []bool    // URLs, phone numbers, model numbers, slogans
	lex     *lexicon  // words and places numerals may be part of; nil: no check
	pub     time.Time // publication date, zero when unknown
	pubYear int       // its year, 0 when unknown
	year    int       // the last explicit year seen, for month-days without one
	month   int       // the last explicit month seen, for days without one
	// bare makes the scanner report numbers with no unit too (kind ""),
	// for the conformance harness's number suites.
	bare bool
	// spaces lets numerals contain spaces (一百 五 十 二), for the same suites.
	spaces bool
	// cache holds the last numerals parsed: the date and quantity rules
	// read the same position several times.
	cache [4]cachedNumber
	next  int
}

type cachedNumber struct {
	pos int
	n   number
	ok  bool
}

// parse is parseNumber at i with the scanner's rules, cached.
func (s *scanner) parse(i int) (number, bool) {
	for k := range s.cache {
		if c := &s.cache[k]; c.pos == i+1 {
			return c.n, c.ok
		}
	}
	n, ok := parseNumber(s.rs, i, s.spaces)
	s.cache[s.next] = cachedNumber{i + 1, n, ok}
	s.next = (s.next + 1) % len(s.cache)
	return n, ok
}

// startRunes marks the runes a figure can begin with; the scanner tests
// every rune of a text against it.
var startRunes = func() (t [0x10000]bool) {
	for r := range rune(len(t)) {
		t[r] = isStartRune(r)
	}
	return t
}()

// isStart reports whether a figure can begin with r.
func isStart(r rune) bool { return r < 0x10000 && startRunes[r] }

func isStartRune(r rune) bool {
	return isNumeralRune(r) || r == '百' || r == '千' || r == '今' || r == '去' || r == '明' || r == '前' ||
		r == '上' || r == '下' || r == '年' || r == '第' || r == '负' || r == '¥' || r == '￥' || r == '$' || r == '从' ||
		isMinus(r) || r == '对' || r == '半' || r == '佰' || r == '仟' || r == '昨' || r == '后' || r == '自' ||
		r == '周' || r == '星' || r == '礼' || r == '本' || r == '这' || r == '民' || r == '过' || r == '未'
}

// scan returns the matches in text order.
func (s *scanner) scan() []match {
	var out []match
	rs := s.rs
	for i := 0; i < len(rs); {
		r := rs[i]
		if !isStart(r) || s.blocked[i] {
			i++
			continue
		}
		if s.lex != nil && !isASCIIDigit(r) && isNumeralRune(r) {
			// 唯一一家, 百强, 三河市: the numeral belongs to a word or a name.
			if s.lex.inWord(rs, i) {
				i++
				continue
			}
			if n := s.lex.placeLen(rs, i); n > 0 {
				i += n
				continue
			}
		}
		if m, ok := s.matchAt(i); ok {
			if m.kind != corpus.KindDate {
				s.comparison(&m)
				s.joinBounds(&m)
			}
			// Prefix qualifiers and currency signs may reach back before i,
			// but never into the previous figure.
			if len(out) > 0 && m.start < out[len(out)-1].end {
				m.start = out[len(out)-1].end
			}
			out = append(out, m)
			i = m.end
			continue
		}
		// Skip the rest of a numeral that made no figure so that its
		// tail (四五 of 十四五) is not read as a numeral of its own.
		if n, ok := s.parse(i); ok {
			i = n.End
			continue
		}
		i++
	}
	return out
}

// matchAt tries every figure pattern at rs[i].
func (s *scanner) matchAt(i int) (match, bool) {
	rs := s.rs
	if rs[i] == '第' {
		// 第十四次, 第一季度: ordinals are no figures, but 第一季度 is a date.
		if m, ok := s.matchDate(i + 1); ok && m.dateEnd != "" {
			m.start, m.coreStart = i, min(m.coreStart, i)
			return m, true
		}
		if n, ok := s.parse(i + 1); ok {
			s.skipTo(n.End)
		}
		return match{}, false
	}
	if i > 0 && (isASCIILetter(rs[i-1]) && rs[i] != '$' || rs[i-1] == '第') {
		return match{}, false
	}
	if m, ok := s.matchDate(i); ok {
		return m, true
	}
	if m, ok := s.matchPercentWord(i); ok {
		return m, true
	}
	if m, ok := s.matchHalf(i); ok {
		return m, true
	}
	return s.matchQuantity(i)
}

// skipTo marks [.., end) as blocked so the tail of an ordinal is not read.
func (s *scanner) skipTo(end int) {
	for k := end - 1; k >= 0 && k < len(s.blocked) && !s.blocked[k]; k-- {
		s.blocked[k] = true
		if k > 0 && !isNumeralRune(s.rs[k-1]) {
			break
		}
	}
}

func isASCIILetter(r rune) bool { return r < 0x80 && unicode.IsLetter(r) }

// numberAt parses a figure's number at i with the scanner's rules: no
// phone numbers or codes (leading 0), no runs of more than ten digits, no
// numerals glued to Latin letters (model numbers).
func (s *scanner) numberAt(i int) (number, bool) {
	rs := s.rs
	if i >= len(rs) {
		return number{}, false
	}
	neg := false
	j := i
	if (rs[i] == '负' || isMinus(rs[i])) && i+1 < len(rs) && (isNumeralRune(rs[i+1]) && rs[i] == '负' || isASCIIDigit(rs[i+1])) &&
		(i == 0 || !isASCIIDigit(rs[i-1]) && !isMinus(rs[i-1]) && !isASCIILetter(rs[i-1])) {
		neg = true
		j++
	}
	n, ok := s.parse(j)
	if !ok {
		return n, false
	}
	if n.Arabic && rs[j] == '0' && n.IntDigits > 1 {
		return n, false
	}
	if k := skipSpaces(rs, n.End, s.spaces); n.Arabic && !n.Chinese && k < len(rs) && (rs[k] == 'k' || rs[k] == 'K') && (k+1 >= len(rs) || !isASCIILetter(rs[k+1])) {
		// 15k: thousands (but 5km and 5kg are units).
		n.Val = new(big.Rat).Mul(n.Val, big.NewRat(1000, 1))
		n.End = k + 1
	}
	if n.Arabic && n.IntDigits > 10 {
		return n, false
	}
	if n.End < len(rs) && isASCIILetter(rs[n.End]) && !hasPrefixAt(rs, n.End, []rune("kg")) && !hasPrefixAt(rs, n.End, []rune("km")) {
		return n, false
	}
	if n.End < len(rs) && n.Chinese && digitOf(rs[n.End]) >= 0 && !n.Seq {
		// 十四五, 十五五: a plan name, not a number.
		return n, false
	}
	if s.bare && n.Max == nil {
		// A bare number may be a fraction (四分之一, 1/2), as Numbers reads
		// it; with a unit, 1/2 is a date or a score.
		if f, ok := numberWithForms(rs, j); ok && f.End > n.End {
			n.Val, n.End = f.Value, f.End
		}
	}
	if neg {
		n.Start = i
		n.Val = new(big.Rat).Neg(n.Val)
		if n.Max != nil {
			n.Max = new(big.Rat).Neg(n.Max)
		}
	}
	return n, true
}

// matchPercentWord reads 百分之N, 千分之N, 万分之N (and 百万分之N): N
// parts of a hundred, a thousand, ten thousand, a million.
func (s *scanner) matchPercentWord(i int) (match, bool) {
	rs := s.rs
	// The denominator: units only (百, 千万, 百万万).
	denom := big.NewRat(1, 1)
	j := i
	for {
		k := j
		if j > i {
			k = skipSpaces(rs, j, s.spaces)
		}
		if k >= len(rs) {
			return match{}, false
		}
		if u := smallUnitOf(rs[k]); u > 0 {
			denom.Mul(denom, big.NewRat(u, 1))
		} else if e := bigUnitOf(rs[k]); e > 0 {
			denom.Mul(denom, pow10(e))
		} else {
			break
		}
		j = k + 1
	}
	if j == i {
		return match{}, false
	}
	j, ok := wordAt(rs, j, []rune("分之"), s.spaces)
	if !ok {
		return match{}, false
	}
	j = skipSpaces(rs, j, s.spaces)
	scale := new(big.Rat).Quo(big.NewRat(100, 1), denom)
	var val *big.Rat
	end := j
	if n, ok := s.numberAt(j); ok && n.Max == nil {
		val, end = n.Val, n.End
	} else if j < len(rs) && rs[j] == '百' && denom.Cmp(big.NewRat(100, 1)) == 0 {
		val, end = big.NewRat(100, 1), j+1 // 百分之百
	} else {
		return match{}, false
	}
	m := match{kind: corpus.KindPercent, start: i, numStart: i, end: end, unit: "%", qual: qualExact,
		val: new(big.Rat).Mul(val, scale)}
	// 百分之十至百分之十五
	if end < len(rs) && isRangeSep(rs[end]) && end+1 < len(rs) {
		if m2, ok := s.matchPercentWord(end + 1); ok && m2.val.Cmp(m.val) > 0 {
			m.max, m.end = m2.val, m2.end
		}
	}
	s.suffixQual(&m)
	return m, true
}

// suffixQual extends m over a qualifier word after it (1800万元左右).
func (s *scanner) suffixQual(m *match) {
	if q, e, ok := suffixQualAt(s.rs, m.end, s.spaces); ok {
		if m.qual == qualExact || m.qual == "" {
			m.qual = q.qual
		} else if m.qual != q.qual {
			m.qual = qualApprox
		}
		m.end = e
	}
}

// prefixQual extends m back over a qualifier word before it (近2亿元).
func (s *scanner) prefixQual(m *match) {
	if q, start, ok := qualBefore(s.rs, m.start, prefixQuals, s.spaces); ok {
		// 不超过 ends in 超过 and 约合 in 合: the longest word wins (table order).
		m.start = start
		m.qual = q.qual
	}
}

// matchQuantity reads number [余|多] [range] unit [qualifier].
func (s *scanner) matchQuantity(i int) (match, bool) {
	rs := s.rs
	// Currency signs before the number: ¥300, $20.
	sign, signed := "", false
	start := i
	switch rs[i] {
	case '¥', '￥':
		sign, signed = "CNY", true
	case '$':
		// A bare $ is any dollar; US$, HK$ and NT$ name theirs.
		signed = true
		switch {
		case i >= 2 && hasPrefixAt(rs, i-2, []rune("US")):
			sign, start = "USD", i-2
		case i >= 2 && hasPrefixAt(rs, i-2, []rune("HK")):
			sign, start = "HKD", i-2
		case i >= 2 && hasPrefixAt(rs, i-2, []rune("NT")):
			sign, start = "TWD", i-2
		}
	}
	if signed {
		i++
		if i >= len(rs) {
			return match{}, false
		}
	}
	n, ok := s.numberAt(i)
	if !ok {
		return match{}, false
	}
	m := match{start: start, numStart: start, end: n.End, val: n.Val, max: n.Max, qual: qualExact}
	if n.Over {
		m.qual = qualOver
	}
	if n.Max != nil {
		m.qual = qualApprox
	}
	j := n.End
	if j < len(rs) && (rs[j] == '余' || rs[j] == '多') {
		m.qual = qualOver
		j++
	}
	// A range: 3至5家, 1万-5万元, 两到三万元, 10000与20000之间.
	sep := skipSpaces(rs, j, s.spaces)
	between := sep < len(rs) && (rs[sep] == '与' || rs[sep] == '和')
	if sep+1 < len(rs) && (isRangeSep(rs[sep]) || between) && m.max == nil {
		k := skipSpaces(rs, sep+1, s.spaces)
		if n2, ok := s.numberAt(k); ok && (!between || hasPrefixAt(rs, n2.End, []rune("之间")) || hasPrefixAt(rs, n2.End, []rune("间"))) {
			lo := n.Val
			if n.BigExp == 0 && n2.BigExp > 0 {
				lo = new(big.Rat).Mul(lo, pow10(n2.BigExp))
			}
			if n2.Val.Cmp(lo) > 0 && (n.Arabic == n2.Arabic || n.Chinese == n2.Chinese || rs[j] == '至' || rs[j] == '到') {
				m.val, m.max = lo, n2.Val
				j = n2.End
				if j < len(rs) && (rs[j] == '余' || rs[j] == '多') {
					j++
				}
				if between {
					j, _ = wordAt(rs, j, []rune("之"), false)
					j++ // 间
					// 位于20和30之间: the preposition belongs to the range.
					if _, st, ok := qualBefore(rs, m.start, betweenPrefixes, s.spaces); ok {
						m.start, m.numStart = st, st
					}
				}
			}
		}
	}
	m.numEnd = j
	if signed {
		m.kind, m.unit, m.end = corpus.KindMoney, sign, j
		if u, e, ok := s.unitAt(j); ok && u.kind == corpus.KindMoney {
			m.end = e
		}
		s.prefixQual(&m)
		s.suffixQual(&m)
		return m, true
	}
	// Percent-like words the unit table cannot hold: 成 and 折.
	if f := skipSpaces(rs, j, s.spaces); f < len(rs) && (rs[f] == '成' || rs[f] == '折') && m.max == nil && (f+1 >= len(rs) || !isFoldFollower(rs[f+1])) {
		j = f
		v, ok := tenthsValue(n, rs[j] == '折')
		if ok {
			m.kind, m.unit, m.val, m.end = corpus.KindPercent, "%", v, j+1
			if rs[j] == '成' && j+1 < len(rs) && rs[j+1] == '半' {
				m.val = new(big.Rat).Add(m.val, big.NewRat(5, 1))
				m.end++
			}
			s.prefixQual(&m)
			s.suffixQual(&m)
			return m, true
		}
	}
	u, uend, ok := s.unitAt(j)
	if !ok && j < len(rs) && rs[j] == '块' && (j+1 == len(rs) || isBoundary(rs[j+1]) || rs[j+1] == '钱') {
		// 三块, 三块钱: yuan in speech; 三块牌匾 stays a non-figure.
		u, uend, ok = unitWord{word: "块", kind: corpus.KindMoney, unit: "CNY"}, j+1, true
		if uend < len(rs) && rs[uend] == '钱' {
			uend++
		}
	}
	if !ok {
		if s.bare {
			m.end = j
			s.prefixQual(&m)
			s.suffixQual(&m)
			return m, true
		}
		return match{}, false
	}
	if u.word == "日" && m.qual == qualExact {
		return match{}, false // a day of the month that the date rules did not take
	}
	if u.word == "年" && n.Arabic && n.IntDigits >= 3 {
		return match{}, false // 202年: a year the date rules did not take, not 202 years
	}
	if (u.word == "次" || u.word == "届") && startsWord(rs, uend, meetingWords) > 0 {
		return match{}, false // 十三次全国代表大会: a meeting's number
	}
	if u.kind == corpus.KindCount && n.Single && n.Val.Cmp(big.NewRat(1, 1)) == 0 && m.max == nil {
		// 一个, 一起, 一批, 一家: with the numeral 一 these are determiners.
		return match{}, false
	}
	if u.kind == corpus.KindCount && n.Single && rs[n.Start] == '二' && m.max == nil {
		// Counting says 两次, 两家; 二次, 二类, 二期 are "second".
		return match{}, false
	}
	if u.word == "个" && j+1 < len(rs) && rs[j+1] == '半' {
		// 一个半月 is not a count: leave it.
		return match{}, false
	}
	if n.Seq && !n.Arabic && n.IntDigits == 2 && m.max == nil && n.Val.IsInt() {
		// 三四天, 五六家: two adjacent digits estimate a range, as 二三十 does.
		if v := n.Val.Num().Int64(); v/10 >= 1 && v%10 == v/10+1 {
			m.val, m.max, m.qual = big.NewRat(v/10, 1), big.NewRat(v%10, 1), qualApprox
		}
	}
	m.kind, m.unit = u.kind, u.unit
	m.end = uend
	if u.word == "个多月" || u.word == "个多小时" {
		m.qual = qualOver
	}
	if u.kind == corpus.KindDuration && m.max == nil && m.end < len(rs) && rs[m.end] == '多' && !s.countsAfter(m.end+1) {
		// 6年多, 两天多: more than the number says (but 3年多次: 多次 counts).
		m.qual = qualOver
		m.end++
	}
	// 10%—15%: the unit repeats after the upper end.
	if m.max == nil && m.end+1 < len(rs) && isRangeSep(rs[m.end]) {
		if n2, ok := s.numberAt(m.end + 1); ok {
			if u2, e2, ok := s.unitAt(n2.End); ok && u2.unit == u.unit && n2.Val.Cmp(m.val) > 0 {
				m.max = n2.Val
				m.end = e2
			}
		}
	}
	if u.kind == corpus.KindMoney && hasPrefixAt(rs, m.end, []rune("人民币")) && u.word != "人民币" {
		m.end += 3
	}
	if u.kind == corpus.KindMoney && m.max == nil {
		s.moneyParts(&m)
	}
	if u.kind == corpus.KindDuration {
		// 5年来, 3年以来: the time up to now.
		switch {
		case hasPrefixAt(rs, m.end, []rune("以来")):
			m.end += 2
		case hasPrefixAt(rs, m.end, []rune("来")) && !hasPrefixAt(rs, m.end, []rune("来自")):
			m.end++
		}
	}
	if m.start > 0 && (rs[m.start-1] == '几' || rs[m.start-1] == '数') && m.qual == qualExact && !n.Arabic {
		// 几十万元, 数十家: some tens of ten thousands, more than the number says.
		m.start--
		m.qual = qualOver
	}
	if u.kind == corpus.KindMoney && m.start == m.numStart {
		// 人民币 before the number: 人民币50元.
		if k := m.start - 3; k >= 0 && hasPrefixAt(rs, k, []rune("人民币")) {
			m.start = k
		}
	}
	s.prefixQual(&m)
	s.suffixQual(&m)
	return m, true
}

// countsAfter reports a measure word at rs[k] (多 before it then means
// "many": 多次, 多家).
func (s *scanner) countsAfter(k int) bool {
	u, _, ok := s.unitAt(k)
	return ok && u.kind == corpus.KindCount
}

// meetingWords after N次 make N an ordinal.
var meetingWords = words("全国代表大会 代表大会 全体会议 全会 党代会 常委会 会议 执委会 理事会 会员大会")

// matchHalf reads 半成 (5%), 半折 and 打对折 (50%).
func (s *scanner) matchHalf(i int) (match, bool) {
	rs := s.rs
	if i+1 >= len(rs) || (i+2 < len(rs) && isFoldFollower(rs[i+2])) {
		return match{}, false
	}
	var v int64
	switch {
	case rs[i] == '半' && rs[i+1] == '成':
		v = 5
	case rs[i] == '半' && rs[i+1] == '折', rs[i] == '对' && rs[i+1] == '折' && i > 0 && rs[i-1] == '打':
		v = 50
	default:
		return match{}, false
	}
	return match{kind: corpus.KindPercent, start: i, numStart: i, end: i + 2, unit: "%", qual: qualExact, val: big.NewRat(v, 1)}, true
}

// moneyParts adds the subunits of the amount's currency after it: 角, 毛
// and 分 after 元, 又…美分 after 美元.
func (s *scanner) moneyParts(m *match) {
	rs := s.rs
	j := m.end
	if j < len(rs) && rs[j] == '又' {
		j++
	}
	for _, p := range moneyParts {
		if p.iso != m.unit {
			continue
		}
		n, ok := parseNumber(rs, j, false)
		if !ok || n.HasDecimal || n.Val.Cmp(big.NewRat(10, 1)) >= 0 && p.scale.Cmp(big.NewRat(1, 10)) == 0 {
			return
		}
		e, ok := wordAt(rs, n.End, p.runes, false)
		if !ok || (p.runes[0] == '分' && e < len(rs) && (rs[e] == '之' || rs[e] == '钟')) {
			continue
		}
		m.val = new(big.Rat).Add(m.val, new(big.Rat).Mul(n.Val, p.scale))
		m.end, j = e, e
	}
}

// isFoldFollower reports words that make 成 or 折 no percentage: 成为,
// 成立, 折合, 折算.
func isFoldFollower(r rune) bool {
	switch r {
	case '为', '立', '员', '功', '本', '果', '绩', '合', '算', '旧', '扣', '交', '效', '品', '年', '熟':
		return true
	}
	return false
}

// tenthsValue turns the number before 成 or 折 into percent points:
// 七成 = 70, 7.5折 = 75, 九五折 = 95, 75折 = 75.
func tenthsValue(n number, fold bool) (*big.Rat, bool) {
	v := n.Val
	if n.Seq && n.IntDigits == 2 && (n.Chinese || fold) {
		return new(big.Rat).Set(v), true
	}
	if v.Sign() <= 0 || v.Cmp(big.NewRat(10, 1)) > 0 {
		return nil, false
	}
	if fold && v.Cmp(big.NewRat(10, 1)) == 0 {
		return nil, false // 十折 is no discount
	}
	return new(big.Rat).Mul(v, big.NewRat(10, 1)), true
}

// betweenPrefixes may open a range that ends in 之间: 位于20和30之间.
var betweenPrefixes = buildQuals([][2]string{{"位于", ""}, {"介于", ""}, {"在", ""}})

// comparison reads 比X大 and 比X小 (高, 低) around a number: more than X,
// less than X.
func (s *scanner) comparison(m *match) {
	rs := s.rs
	if m.max != nil || m.qual != qualExact {
		return
	}
	b := m.start - 1
	for s.spaces && b > 0 && rs[b] == ' ' {
		b--
	}
	e := skipSpaces(rs, m.end, s.spaces)
	if b < 0 || rs[b] != '比' || e >= len(rs) {
		return
	}
	// The comparative ends the phrase: not 比十所大学.
	if f := e + 1; f < len(rs) && isHan(rs[f]) && rs[f] != '的' && rs[f] != '了' && !hasPrefixAt(rs, f, []rune("一些")) && !hasPrefixAt(rs, f, []rune("一点")) {
		return
	}
	switch rs[e] {
	case '大', '高':
		m.qual = qualOver
	case '小', '低':
		m.qual = qualUnder
	default:
		return
	}
	m.start, m.end = b, e+1
}

// rangeJoiners may stand between the two bounds of a range: 大于10小于20,
// 大于100并且小于300, 1000以上，1500以下.
var rangeJoiners = words("并且 而且 的同时 同时 并 且 ， , 、")

// joinBounds turns a lower and an upper bound stated one after the other
// (大于10小于20, 不大于50不小于20) into one range: value and value_max. Our
// record has one qualifier for both ends, so bounds join only when their
// ends agree: both strict gives over (10 < x < 20), both inclusive gives
// at_least (20 ≤ x ≤ 50). 大于等于0并小于230 stays two records.
func (s *scanner) joinBounds(m *match) {
	lower, upper := isLowerBound(m.qual), isUpperBound(m.qual)
	if m.max != nil || m.val == nil || !lower && !upper {
		return
	}
	rs := s.rs
	k := skipSpaces(rs, m.end, s.spaces)
	if n := startsWord(rs, k, rangeJoiners); n > 0 {
		k = skipSpaces(rs, k+n, s.spaces)
	}
	if k >= len(rs) {
		return
	}
	num := k // the second bound's number, after its word
	if rs[k] == '比' {
		num = k + 1
	} else if n := startsWord(rs, k, prefixWords); n > 0 {
		num = k + n
	}
	num = skipSpaces(rs, num, s.spaces)
	if num >= len(rs) || s.blocked[num] {
		return
	}
	m2, ok := s.matchQuantity(num)
	if !ok {
		return
	}
	s.comparison(&m2)
	if m2.start != k || m2.max != nil || m2.val == nil ||
		!(lower && isUpperBound(m2.qual) || upper && isLowerBound(m2.qual)) ||
		m2.kind != m.kind && m.kind != "" && m2.kind != "" || m2.unit != m.unit && m.kind != "" && m2.kind != "" {
		return
	}
	lo, hi := m, &m2
	if upper {
		lo, hi = &m2, m
	}
	strict := lo.qual == qualOver && hi.qual == qualUnder
	inclusive := lo.qual == qualAtLeast && hi.qual == qualAtMost
	if lo.val.Cmp(hi.val) >= 0 || !strict && !inclusive {
		return
	}
	val, max := lo.val, hi.val
	if m.kind == "" {
		m.kind, m.unit = m2.kind, m2.unit
	}
	m.val, m.max, m.end, m.numEnd = val, max, m2.end, m2.numEnd
	m.qual = qualOver
	if inclusive {
		m.qual = qualAtLeast
	}
}

// prefixWords holds the words of prefixQuals, for reading them forward.
var prefixWords = func() [][]rune {
	out := make([][]rune, len(prefixQuals))
	for k, q := range prefixQuals {
		out[k] = q.runes
	}
	return out
}()

func isLowerBound(q string) bool { return q == qualOver || q == qualAtLeast }
func isUpperBound(q string) bool { return q == qualUnder || q == qualAtMost }
