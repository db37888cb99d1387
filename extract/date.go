package extract

import (
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/fednews/fednews/corpus"
)

// dateParts is one date as written: zero fields were not stated.
type dateParts struct {
	y, m, d  int
	yearSaid bool // the year is written, not inferred
}

// format writes d at its precision: 2022, 2022-03, 2022-03-29, --03-29.
func (d dateParts) format() string {
	switch {
	case d.y == 0 && d.m == 0:
		return fmt.Sprintf("---%02d", d.d)
	case d.y == 0 && d.d == 0:
		return fmt.Sprintf("--%02d", d.m)
	case d.y == 0:
		return fmt.Sprintf("--%02d-%02d", d.m, d.d)
	case d.m == 0:
		return fmt.Sprintf("%04d", d.y)
	case d.d == 0:
		return fmt.Sprintf("%04d-%02d", d.y, d.m)
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.y, d.m, d.d)
}

// lastDay is the last day of month m of year y (February of an unknown year has 29).
func lastDay(y, m int) int {
	if y == 0 && m == 2 {
		return 29
	}
	if y == 0 {
		y = 2001
	}
	return time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// smallInt parses a numeral at i whose value is an integer in [lo, hi].
func (s *scanner) smallInt(i, lo, hi int) (int, int, bool) {
	if i >= len(s.rs) {
		return 0, i, false
	}
	n, ok := s.parse(i)
	if !ok || !n.Val.IsInt() || n.HasDecimal || n.Over || n.Max != nil {
		return 0, i, false
	}
	if n.Arabic && n.IntDigits > 2 {
		return 0, i, false
	}
	v := n.Val.Num().Int64()
	if !n.Val.Num().IsInt64() || v < int64(lo) || v > int64(hi) {
		return 0, i, false
	}
	return int(v), n.End, true
}

// yearAt reads a written year (2022年, 二〇二二年, 22年3月) at i and
// returns the year and the offset after 年.
func (s *scanner) yearAt(i int) (int, int, bool) {
	rs := s.rs
	n, ok := s.parse(i)
	if !ok || n.HasDecimal || !n.Val.IsInt() || n.Max != nil {
		return 0, i, false
	}
	j := n.End
	if s.spaces {
		j = skipSpaces(rs, j, true)
	}
	if j >= len(rs) || rs[j] != '年' {
		return 0, i, false
	}
	v := int(n.Val.Num().Int64())
	switch {
	case (n.Arabic || n.Seq) && n.IntDigits == 4 && v >= 1000 && v <= 2999:
		return v, j + 1, true
	case (n.Arabic || n.Seq) && n.IntDigits == 2 && (rs[i] == '0' || rs[i] == '零' || rs[i] == '〇'):
		return 2000 + v, j + 1, true // 08年, 零八年: a leading zero makes a year, never a count of years
	case (n.Arabic || n.Seq) && n.IntDigits == 2:
		// 22年3月, 19年底: a two-digit year only before a month or a part of the year.
		if _, _, ok := s.monthAt(j + 1); ok || s.yearPartAt(j+1) != nil {
			if v < 50 {
				return 2000 + v, j + 1, true
			}
			return 1900 + v, j + 1, true
		}
	}
	return 0, i, false
}

// monthAt reads 3月 or 三月 (and 3月份) at i.
func (s *scanner) monthAt(i int) (int, int, bool) {
	m, j, ok := s.smallInt(i, 1, 12)
	if s.spaces {
		j = skipSpaces(s.rs, j, true)
	}
	if !ok || j >= len(s.rs) || s.rs[j] != '月' {
		return 0, i, false
	}
	j++
	if j < len(s.rs) && s.rs[j] == '份' {
		j++
	}
	return m, j, true
}

// dayAt reads 29日 or 29号 at i (a Chinese day may stand alone after a month: 八月十五).
func (s *scanner) dayAt(i int, afterMonth bool) (int, int, bool) {
	d, j, ok := s.smallInt(i, 1, 31)
	if !ok {
		return 0, i, false
	}
	if j < len(s.rs) && (s.rs[j] == '日' || (afterMonth && s.rs[j] == '号')) {
		if !afterMonth && s.rs[j] == '日' && hasPrefixAt(s.rs, j, []rune("日元")) {
			return 0, i, false // 10日元 is yen (but 1月1日元旦 a day)
		}
		return d, j + 1, true
	}
	if afterMonth && !isASCIIDigit(s.rs[i]) && (j >= len(s.rs) || isBoundary(s.rs[j])) {
		return d, j, true
	}
	return 0, i, false
}

// isBoundary reports punctuation and spaces that end a phrase.
func isBoundary(r rune) bool {
	switch r {
	case '，', ',', '。', '、', '；', ';', '：', ':', '！', '!', '？', '?', ' ', '\n', '\t', '）', ')', '”', '"':
		return true
	}
	return false
}

// yearPart is a part of a year: 上半年, 一季度, 底.
type yearPart struct {
	words    []rune
	from, to int // months; to == 12 and from == 12 for 底 (the last day)
	lastDay  bool
}

var yearParts = []yearPart{
	{[]rune("上半年"), 1, 6, false}, {[]rune("下半年"), 7, 12, false}, {[]rune("前半年"), 1, 6, false}, {[]rune("后半年"), 7, 12, false},
	{[]rune("第一季度"), 1, 3, false}, {[]rune("第二季度"), 4, 6, false}, {[]rune("第三季度"), 7, 9, false}, {[]rune("第四季度"), 10, 12, false},
	{[]rune("一季度"), 1, 3, false}, {[]rune("二季度"), 4, 6, false}, {[]rune("三季度"), 7, 9, false}, {[]rune("四季度"), 10, 12, false},
	{[]rune("1季度"), 1, 3, false}, {[]rune("2季度"), 4, 6, false}, {[]rune("3季度"), 7, 9, false}, {[]rune("4季度"), 10, 12, false},
	{[]rune("前三季度"), 1, 9, false}, {[]rune("前两季度"), 1, 6, false},
	{[]rune("年底"), 12, 12, true}, {[]rune("年末"), 12, 12, true}, {[]rune("底"), 12, 12, true}, {[]rune("末"), 12, 12, true},
	{[]rune("年初"), 1, 1, false}, {[]rune("初"), 1, 1, false},
}

func (s *scanner) yearPartAt(i int) *yearPart {
	for k := range yearParts {
		if hasPrefixAt(s.rs, i, yearParts[k].words) {
			return &yearParts[k]
		}
	}
	return nil
}

// yearPartValue is the date or range of part p of year y.
func (s *scanner) yearPartValue(y int, p *yearPart) dateValue {
	v := dateValue{from: dateParts{y: y, m: p.from, yearSaid: true}}
	switch {
	case p.lastDay:
		v.from.d = 31
	case p.from == p.to:
	default:
		v.to, v.isRange = dateParts{y: y, m: p.to, yearSaid: true}, true
	}
	return v
}

// monthPart is a part of a month: 底, 上旬, 初.
var monthParts = []struct {
	words    []rune
	from, to int // days; 0 = the last day
}{
	{[]rune("上旬"), 1, 10}, {[]rune("中旬"), 11, 20}, {[]rune("下旬"), 21, 0}, {[]rune("上半月"), 1, 15}, {[]rune("下半月"), 16, 0},
	{[]rune("底"), 0, -1}, {[]rune("末"), 0, -1}, {[]rune("初"), 1, 10},
}

// relYears are the year words resolved from the publication date.
var relYears = []struct {
	words []rune
	delta int
}{{[]rune("今年"), 0}, {[]rune("去年"), -1}, {[]rune("明年"), 1}, {[]rune("前年"), -2}}

// dateValue is a date or a date range being read.
type dateValue struct {
	from, to dateParts
	isRange  bool
	// agoYears is N of N年前: a span of years counted back, which a
	// figure records as a duration of N 年.
	agoYears int
}

// matchDate reads a date or a date range at i.
func (s *scanner) matchDate(i int) (match, bool) {
	rs := s.rs
	start := i
	if rs[i] == '从' {
		i++
		if i >= len(rs) {
			return match{}, false
		}
	}
	v, j, ok := s.dateAt(i, dateParts{})
	if !ok {
		return match{}, false
	}
	// A range: 2021年7月11日至15日, 1995-1997年, 2019年6月1日-6月30日,
	// 2015年和2018年之间.
	if k := skipSpaces(rs, j, s.spaces); k < len(rs) && !v.isRange {
		between := rs[k] == '和' || rs[k] == '与'
		if isRangeSep(rs[k]) || between {
			if v2, e, ok := s.dateAt(skipSpaces(rs, k+1, s.spaces), v.from); ok && !v2.isRange {
				switch {
				case between && hasPrefixAt(rs, e, []rune("之间")):
					e += 2
				case between && hasPrefixAt(rs, e, []rune("间")):
					e++
				case between:
					e = -1
				}
				if e > 0 {
					if !v2.from.yearSaid && v.from.y != 0 && v2.from.m != 0 && v2.from.m < v.from.m && v.from.d == 0 {
						v2.from.y = v.from.y + 1 // 8月至2月: into the next year
					}
					v.to, v.isRange, j = v2.from, true, e
				}
			}
		}
	}
	if rs[start] == '从' && !v.isRange {
		start = i
	}
	m := match{kind: corpus.KindDate, start: start, numStart: start, end: j, qual: qualExact, agoYears: v.agoYears}
	m.date = v.from.format()
	if v.isRange {
		m.dateEnd = v.to.format()
	}
	// 10月12号，星期一: the weekday that names the same day.
	if len(m.date) == 10 && m.dateEnd == "" {
		k := m.end
		if k < len(rs) && (rs[k] == '，' || rs[k] == ',' || rs[k] == ' ' || rs[k] == '(' || rs[k] == '（') {
			k++
		}
		for _, w := range []string{"星期", "礼拜", "周"} {
			if e, ok := wordAt(rs, k, []rune(w), false); ok && e < len(rs) && (digitOf(rs[e]) >= 1 && digitOf(rs[e]) <= 6 && !isLiang(rs[e]) || rs[e] == '日' || rs[e] == '天') {
				m.end = e + 1
				if m.end < len(rs) && rs[k-1] == '(' && rs[m.end] == ')' || m.end < len(rs) && rs[k-1] == '（' && rs[m.end] == '）' {
					m.end++
				}
				break
			}
		}
	}
	// 截至4月底, 2018年以来, 2015年之前, 2019年8月6日或之后: the scanner
	// reads the bound (the conformance suites want it); a figure keeps
	// the date alone and the bound as its period's context.
	m.coreStart, m.coreEnd = i, m.end
	s.dateModifiers(&m)
	return m, true
}

// dateSuffixes and datePrefixes bound a date on one side; longest first.
var (
	dateSuffixes = buildQuals([][2]string{
		{"或之后", qualAtLeast}, {"及之后", qualAtLeast}, {"及以后", qualAtLeast}, {"或以后", qualAtLeast},
		{"或之前", qualAtMost}, {"及之前", qualAtMost}, {"及以前", qualAtMost}, {"或以前", qualAtMost},
		{"以来", qualAtLeast}, {"开始", qualAtLeast}, {"起", qualAtLeast},
		{"之前", qualUnder}, {"以前", qualUnder}, {"之后", qualOver}, {"以后", qualOver}, {"为止", qualAtMost},
	})
	datePrefixes = buildQuals([][2]string{
		{"截至", qualAtMost}, {"截止到", qualAtMost}, {"截止", qualAtMost},
		{"自从", qualAtLeast}, {"自", qualAtLeast}, {"从", qualAtLeast},
	})
)

// dateModifiers extends m over the words that bound it on one side.
func (s *scanner) dateModifiers(m *match) {
	rs := s.rs
	k := skipSpaces(rs, m.end, s.spaces)
	for _, q := range dateSuffixes {
		if e, ok := wordAt(rs, k, q.runes, s.spaces); ok {
			if string(q.runes) == "起" && e < len(rs) && (rs[e] == '草' || rs[e] == '诉' || rs[e] == '来') {
				break // 起草, 起诉, 起来
			}
			m.end, m.qual = e, q.qual
			break
		}
	}
	if m.qual == qualExact && k == m.end && k < len(rs) && rs[k] == '来' && rs[k-1] == '年' && !hasPrefixAt(rs, k+1, []rune("自")) {
		m.end, m.qual = k+1, qualAtLeast // 2018年来
	}
	if m.qual == qualExact && k == m.end && k < len(rs) && rs[k] == '前' && rs[k-1] == '年' && m.dateEnd == "" && (k+1 >= len(rs) || rs[k+1] != '后') {
		m.end, m.qual = k+1, qualUnder // 2015年前
	}
	if m.start >= 2 && hasPrefixAt(rs, m.start-2, []rune("农历")) {
		m.start -= 2 // the calendar's name belongs to the date
		m.coreStart = m.start
	}
	if m.dateEnd != "" || m.qual == qualOver || m.qual == qualUnder || m.qual == qualAtMost {
		if q, _, ok := qualBefore(rs, m.start, datePrefixes, false); ok && q.qual == qualAtMost && m.dateEnd == "" && m.qual == qualExact {
			m.start -= len(q.runes)
			m.qual = q.qual
		}
		return
	}
	if q, _, ok := qualBefore(rs, m.start, datePrefixes, false); ok {
		// 从 and 自 bound a date only with 起, 开始 or 以来 after it: 自2018年以来.
		if q.qual == qualAtMost && m.qual == qualExact || q.qual == qualAtLeast && (m.qual == qualAtLeast || string(q.runes) == "自从") {
			m.start -= len(q.runes)
			m.qual = q.qual
		}
	}
}

// dateAt reads one date at i. inherit carries the year and month of the
// start of a range for its end (8月12日至15日).
func (s *scanner) dateAt(i int, inherit dateParts) (dateValue, int, bool) {
	rs := s.rs
	if i >= len(rs) {
		return dateValue{}, i, false
	}
	if v, j, ok := s.isoDateAt(i); ok {
		return v, j, true
	}
	var d dateParts
	j := i
	if v, k, ok := s.relDayAt(i); ok {
		return v, k, true
	}
	if v, k, ok := s.decadeAt(i); ok {
		return v, k, true
	}
	if v, k, ok := s.weekAt(i); ok {
		return v, k, true
	}
	if v, k, ok := s.relMonthAt(i); ok {
		return v, k, true
	}
	if hasPrefixAt(rs, i, []rune("民国")) {
		// The Republic's calendar (Taiwan): 民国110年 is 2021.
		if n, ok := s.parse(i + 2); ok && n.Val.IsInt() && n.End < len(rs) && rs[n.End] == '年' && n.Val.Cmp(big.NewRat(200, 1)) < 0 {
			y := 1911 + int(n.Val.Num().Int64())
			if m, k, ok := s.monthAt(n.End + 1); ok {
				return dateValue{from: dateParts{y: y, m: m, yearSaid: true}}, k, true
			}
			return dateValue{from: dateParts{y: y, yearSaid: true}}, n.End + 1, true
		}
	}
	if v, k, ok := s.agoAt(i); ok {
		return v, k, true
	}
	if v, k, ok := s.periodAt(i); ok {
		return v, k, true
	}
	// 年底, 上半年, 一季度 without a year: the year in context.
	if rs[i] == '年' || rs[i] == '上' || rs[i] == '下' || rs[i] == '第' || rs[i] == '前' || digitOf(rs[i]) > 0 && digitOf(rs[i]) < 5 {
		if p := s.yearPartAt(i); p != nil && len(p.words) > 1 && s.resolveYear() != 0 && (i == 0 || !isRelYearRune(rs[i-1])) {
			return s.yearPartValue(s.resolveYear(), p), i + len(p.words), true
		}
	}
	yearFromWord := false
	for _, ry := range relYears {
		if hasPrefixAt(rs, i, ry.words) {
			if s.pubYear == 0 {
				return dateValue{}, i, false
			}
			d.y, d.yearSaid, j, yearFromWord = s.pubYear+ry.delta, true, i+2, true
			break
		}
	}
	if !yearFromWord {
		if y, k, ok := s.yearAt(i); ok {
			d.y, d.yearSaid, j = y, true, k
		} else if y1, y2, k, ok := s.yearRangeAt(i); ok {
			s.year = y2
			return dateValue{from: dateParts{y: y1, yearSaid: true}, to: dateParts{y: y2, yearSaid: true}, isRange: true}, k, true
		}
	}
	if d.yearSaid {
		if v, k, ok := s.weekOfAt(j, d.y, 1); ok {
			return v, k, true
		}
		if v, k, ok := s.partOfYearAt(j, d.y); ok {
			if !yearFromWord {
				s.year = d.y
			}
			return v, k, true
		}
		if p := s.yearPartAt(j); p != nil {
			if !yearFromWord {
				s.year = d.y
			}
			return s.yearPartValue(d.y, p), j + len(p.words), true
		}
	}
	if d.yearSaid {
		// 2022年4·21
		if v, k, ok := s.isoDateAt(j); ok {
			v.from.y, v.from.yearSaid = d.y, true
			return v, k, true
		}
	}
	if d.yearSaid {
		// 1至7月, 1—7月: the first month of a range has no 月 of its own.
		if m1, k, ok := s.smallInt(j, 1, 12); ok && k < len(rs) && isRangeSep(rs[k]) {
			if m2, k2, ok := s.monthAt(k + 1); ok && m2 > m1 {
				if !yearFromWord {
					s.year = d.y
				}
				s.month = m2
				from, to := d, d
				from.m, to.m = m1, m2
				return dateValue{from: from, to: to, isRange: true}, k2, true
			}
		}
	}
	m, k, ok := s.monthAt(skipSpaces(rs, j, s.spaces && d.yearSaid))
	if !ok {
		if d.yearSaid {
			if !yearFromWord {
				s.year = d.y
			}
			return dateValue{from: d}, j, true
		}
		// A day alone: 15日, or the end of a range: 12—15日.
		if dd, k, ok := s.dayAt(j, inherit.m > 0); ok && (inherit.m > 0 || !isDayQualified(rs, k) && (isASCIIDigit(rs[j]) || dd >= 10)) {
			d.d = dd
			if inherit.m > 0 {
				d.y, d.m = inherit.y, inherit.m
			} else if s.month > 0 {
				d.y, d.m = s.resolveYear(), s.month
			}
			return dateValue{from: d}, k, true
		}
		return dateValue{}, i, false
	}
	d.m = m
	j = k
	if !d.yearSaid {
		if inherit.y != 0 {
			d.y = inherit.y
		} else {
			d.y = s.resolveYear()
		}
	} else if !yearFromWord {
		s.year = d.y
	}
	s.month = m
	if d.y != 0 {
		if v, k, ok := s.weekOfAt(j, d.y, d.m); ok {
			return v, k, true
		}
	}
	// 初一 … 初十: the first ten days by their names.
	if j+1 < len(rs) && rs[j] == '初' {
		if dd, k, ok := s.smallInt(j+1, 1, 10); ok && (k-j-1 == 1 || dd == 10) {
			d.d = dd
			return dateValue{from: d}, k, true
		}
	}
	// Parts of the month: 4月底, 8月上旬.
	for _, p := range monthParts {
		if hasPrefixAt(rs, j, p.words) {
			end := j + len(p.words)
			if p.to == -1 {
				d.d = lastDay(d.y, d.m)
				return dateValue{from: d}, end, true
			}
			to := d
			d.d, to.d = p.from, p.to
			if p.to == 0 {
				to.d = lastDay(d.y, d.m)
			}
			return dateValue{from: d, to: to, isRange: true}, end, true
		}
	}
	if dd, k, ok := s.dayAt(j, true); ok {
		d.d = dd
		if !d.yearSaid && d.y != 0 && dd > lastDay(d.y, d.m) {
			d.y = 0 // 2月29日 in a year without one: the year is unknown
		}
		return dateValue{from: d}, k, true
	}
	// 8月12—15日: the day of the start has no 日 of its own.
	if d1, k, ok := s.smallInt(j, 1, 31); ok && k < len(rs) && isRangeSep(rs[k]) {
		if d2, k2, ok := s.dayAt(k+1, true); ok && d2 > d1 {
			from, to := d, d
			from.d, to.d = d1, d2
			return dateValue{from: from, to: to, isRange: true}, k2, true
		}
	}
	return dateValue{from: d}, j, true
}

// relDays are the day words resolved from the publication date.
var relDays = []struct {
	words []rune
	delta int
}{{[]rune("今天"), 0}, {[]rune("今日"), 0}, {[]rune("昨天"), -1}, {[]rune("昨日"), -1}, {[]rune("明天"), 1}, {[]rune("明日"), 1},
	{[]rune("前天"), -2}, {[]rune("后天"), 2}}

// relDayAt reads 今日, 昨天 and their kin when the publication date is known.
func (s *scanner) relDayAt(i int) (dateValue, int, bool) {
	if s.pub.IsZero() {
		return dateValue{}, i, false
	}
	for _, rd := range relDays {
		if hasPrefixAt(s.rs, i, rd.words) && !hasPrefixAt(s.rs, i+2, []rune("头条")) {
			t := s.pub.AddDate(0, 0, rd.delta)
			return dateValue{from: dateParts{y: t.Year(), m: int(t.Month()), d: t.Day(), yearSaid: true}}, i + 2, true
		}
	}
	return dateValue{}, i, false
}

// weekShifts are the words before 周 that count weeks from the publication
// date's week; longest first.
var weekShifts = []struct {
	words []rune
	delta int
}{
	{[]rune("上上个"), -2}, {[]rune("下下个"), 2}, {[]rune("上上"), -2}, {[]rune("下下"), 2},
	{[]rune("上个"), -1}, {[]rune("下个"), 1}, {[]rune("这个"), 0}, {[]rune("上"), -1}, {[]rune("下"), 1}, {[]rune("本"), 0}, {[]rune("这"), 0},
}

// weekAt reads 上周, 下下周末, 周三, 星期一 and 上上个礼拜三: a week (Monday
// to Sunday), its weekend or one of its days, counted from the week of the
// publication date.
func (s *scanner) weekAt(i int) (dateValue, int, bool) {
	if s.pub.IsZero() || i > 0 && s.rs[i-1] == '每' { // 每周三 recurs: no one date
		return dateValue{}, i, false
	}
	if s.pub.IsZero() {
		return dateValue{}, i, false
	}
	rs := s.rs
	j, delta, shifted := i, 0, false
	for _, w := range weekShifts {
		if hasPrefixAt(rs, i, w.words) {
			j, delta, shifted = i+len(w.words), w.delta, true
			break
		}
	}
	var k int
	switch {
	case hasPrefixAt(rs, j, []rune("星期")), hasPrefixAt(rs, j, []rune("礼拜")):
		k = j + 2
	case j < len(rs) && rs[j] == '周' && !(j+1 < len(rs) && rs[j+1] == '年'):
		k = j + 1
	default:
		return dateValue{}, i, false
	}
	monday := s.pub.AddDate(0, 0, -((int(s.pub.Weekday())+6)%7)+7*delta)
	day := func(t time.Time) dateParts {
		return dateParts{y: t.Year(), m: int(t.Month()), d: t.Day(), yearSaid: true}
	}
	if k < len(rs) {
		wd := -1
		switch r := rs[k]; {
		case r == '日' || r == '天':
			wd = 6
		case digitOf(r) >= 1 && digitOf(r) <= 6 && !isLiang(r):
			wd = digitOf(r) - 1
		case r == '末':
			return dateValue{from: day(monday.AddDate(0, 0, 5)), to: day(monday.AddDate(0, 0, 6)), isRange: true}, k + 1, true
		}
		if wd >= 0 && (k+1 >= len(rs) || !isNumeralRune(rs[k+1])) {
			return dateValue{from: day(monday.AddDate(0, 0, wd))}, k + 1, true
		}
	}
	if !shifted {
		return dateValue{}, i, false // 周 alone is no date
	}
	return dateValue{from: day(monday), to: day(monday.AddDate(0, 0, 6)), isRange: true}, k, true
}

// weekOfAt reads (的)第N周 or (的)前N周 after a year or a month: weeks
// counted from the first Monday of month m of year y.
func (s *scanner) weekOfAt(j, y, m int) (dateValue, int, bool) {
	rs := s.rs
	k := j
	if k < len(rs) && rs[k] == '的' {
		k++
	}
	first := k < len(rs) && rs[k] == '前'
	if k >= len(rs) || (rs[k] != '第' && !first) {
		return dateValue{}, j, false
	}
	n, ok := s.parse(k + 1)
	if !ok || !n.Val.IsInt() || n.Val.Sign() <= 0 || n.Val.Cmp(big.NewRat(53, 1)) > 0 {
		return dateValue{}, j, false
	}
	e := skipSpaces(rs, n.End, s.spaces)
	if e, ok = wordAt(rs, e, []rune("周"), s.spaces); !ok {
		return dateValue{}, j, false
	}
	w := int(n.Val.Num().Int64())
	start := time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC)
	start = start.AddDate(0, 0, (8-int(start.Weekday()))%7)
	from := start.AddDate(0, 0, 7*(w-1))
	weeks := 1
	if first {
		from, weeks = start, w
	}
	to := from.AddDate(0, 0, 7*weeks-1)
	day := func(t time.Time) dateParts {
		return dateParts{y: t.Year(), m: int(t.Month()), d: t.Day(), yearSaid: true}
	}
	return dateValue{from: day(from), to: day(to), isRange: true}, e, true
}

// relMonthAt reads 本月, 上月 and 下个月 (and a day after them), and the
// halves of this month (上半月, 下半月), from the publication date.
func (s *scanner) relMonthAt(i int) (dateValue, int, bool) {
	if s.pub.IsZero() {
		return dateValue{}, i, false
	}
	rs := s.rs
	for _, w := range []struct {
		words string
		delta int
	}{{"本月", 0}, {"上个月", -1}, {"下个月", 1}, {"上月", -1}, {"下月", 1}, {"上半月", 0}, {"下半月", 0}} {
		ws := []rune(w.words)
		if !hasPrefixAt(rs, i, ws) {
			continue
		}
		t := time.Date(s.pub.Year(), s.pub.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, w.delta, 0)
		d := dateParts{y: t.Year(), m: int(t.Month()), yearSaid: true}
		k := i + len(ws)
		if w.words == "上半月" || w.words == "下半月" {
			to := d
			d.d, to.d = 1, 15
			if w.words == "下半月" {
				d.d, to.d = 16, lastDay(d.y, d.m)
			}
			return dateValue{from: d, to: to, isRange: true}, k, true
		}
		if dd, e, ok := s.dayAt(k, true); ok && dd <= lastDay(d.y, d.m) {
			d.d = dd
			k = e
		}
		return dateValue{from: d}, k, true
	}
	return dateValue{}, i, false
}

// decadeAt reads 九十年代, 90年代 and 十九世纪七十年代 as a range of years.
func (s *scanner) decadeAt(i int) (dateValue, int, bool) {
	rs := s.rs
	century := 0
	j := i
	if c, k, ok := s.smallInt(i, 1, 21); ok && hasPrefixAt(rs, k, []rune("世纪")) {
		century, j = c, k+2
	}
	n, ok := s.parse(j)
	if !ok || !hasPrefixAt(rs, n.End, []rune("年代")) || !n.Val.IsInt() {
		return dateValue{}, i, false
	}
	d := int(n.Val.Num().Int64())
	if d%10 != 0 || d < 0 || d > 90 {
		return dateValue{}, i, false
	}
	base := 1900
	switch {
	case century > 0:
		base = (century - 1) * 100
	case d <= 20:
		base = 2000 // 10年代, 20年代: this century's
	}
	y := base + d
	return dateValue{from: dateParts{y: y, yearSaid: true}, to: dateParts{y: y + 9, yearSaid: true}, isRange: true}, n.End + 2, true
}

// agoAt reads 5年前, 3个月前 and 5天前: a date counted back from the
// publication date, when it is known.
func (s *scanner) agoAt(i int) (dateValue, int, bool) {
	if s.pub.IsZero() {
		return dateValue{}, i, false
	}
	rs := s.rs
	n, ok := s.parse(i)
	if !ok || !n.Val.IsInt() || n.Over || n.Max != nil || !n.Val.Num().IsInt64() || n.Val.Num().Int64() > 1000 {
		return dateValue{}, i, false
	}
	v := int(n.Val.Num().Int64())
	for _, u := range []struct {
		word    string
		y, m, d int
	}{{"年前", 1, 0, 0}, {"个月前", 0, 1, 0}, {"天前", 0, 0, 1}} {
		ws := []rune(u.word)
		if e, ok := wordAt(rs, n.End, ws, s.spaces); ok && (e >= len(rs) || rs[e] != '后') {
			t := s.pub.AddDate(-v*u.y, -v*u.m, -v*u.d)
			return dateValue{from: dateParts{y: t.Year(), m: int(t.Month()), d: t.Day(), yearSaid: true}, agoYears: v * u.y}, e, true
		}
	}
	return dateValue{}, i, false
}

// isDayQualified reports a day count rather than a day of the month: 90余日.
func isDayQualified(rs []rune, k int) bool {
	return k < len(rs) && (rs[k] == '游' || rs[k] == '内')
}

// isRelYearRune reports the first rune of 今年 去年 明年 前年: 明年初 is not 年初.
func isRelYearRune(r rune) bool { return r == '今' || r == '去' || r == '明' || r == '前' }

// resolveYear is the year of a date that states none.
func (s *scanner) resolveYear() int {
	if s.year != 0 {
		return s.year
	}
	return s.pubYear
}

// yearRangeAt reads 1995-1997年: the first year has no 年 of its own.
func (s *scanner) yearRangeAt(i int) (int, int, int, bool) {
	rs := s.rs
	n, ok := s.parse(i)
	if !ok || !n.Arabic || n.IntDigits != 4 || n.HasDecimal {
		return 0, 0, i, false
	}
	k := skipSpaces(rs, n.End, true)
	if k >= len(rs) || !isRangeSep(rs[k]) {
		return 0, 0, i, false
	}
	y2, e, ok := s.yearAt(skipSpaces(rs, k+1, true))
	y1 := int(n.Val.Num().Int64())
	if !ok || y2 <= y1 || y1 < 1000 {
		return 0, 0, i, false
	}
	return y1, y2, e, true
}

// isoDateAt reads 2021-01-18, 2010/01/29 or 2010.01.29, with an optional
// time of day (a page header's 2021-01-18 01:05:01), and 4·21.
func (s *scanner) isoDateAt(i int) (dateValue, int, bool) {
	rs := s.rs
	digits := func(j, min, max int) (int, int) {
		v, k := 0, j
		for k < len(rs) && isASCIIDigit(rs[k]) && k-j < max {
			v = v*10 + int(rs[k]-'0')
			k++
		}
		if k-j < min || (k < len(rs) && isASCIIDigit(rs[k])) {
			return -1, j
		}
		return v, k
	}
	if y, j := digits(i, 4, 4); y >= 1000 && j < len(rs) && (rs[j] == '-' || rs[j] == '/' || rs[j] == '.') {
		sep := rs[j]
		if m, k := digits(j+1, 1, 2); m >= 1 && m <= 12 && k < len(rs) && rs[k] == sep {
			if d, e := digits(k+1, 1, 2); d >= 1 && d <= 31 {
				s.year, s.month = y, m
				return dateValue{from: dateParts{y: y, m: m, d: d, yearSaid: true}}, s.timeAfter(e), true
			}
		}
	}
	// 12/1: a month and a day where a date can stand (after a break, 于, 至
	// …), unless the words around make it a fraction (占全国的1/3, 下降2/3,
	// 1/3以上) or it is part of a longer form (1/2/2020, 07/08年).
	if m, j := digits(i, 1, 2); m >= 1 && m <= 12 && j < len(rs) && rs[j] == '/' && !s.bare && opensDate(rs, i) {
		if d, e := digits(j+1, 1, 2); d >= 1 && d <= 31 && !isFractionContext(rs, i, e) {
			y := s.resolveYear()
			dp := dateParts{y: y, m: m, d: d}
			if y != 0 && d > lastDay(y, m) {
				dp.y = 0
			}
			if e < len(rs) && (rs[e] == '日' || rs[e] == '号') {
				e++
			}
			return dateValue{from: dp}, e, true
		}
	}
	// 4·21: a month and a day named together.
	if m, j := digits(i, 1, 2); m >= 1 && m <= 12 && j < len(rs) && rs[j] == '·' {
		if d, e := digits(j+1, 1, 2); d >= 1 && d <= 31 {
			y := s.resolveYear()
			return dateValue{from: dateParts{y: y, m: m, d: d}}, e, true
		}
	}
	return dateValue{}, i, false
}

// opensDate reports whether a slash date may start at rs[i]: at the start,
// after a break or after a word that leads to a date (于12/1, 至12/5).
func opensDate(rs []rune, i int) bool {
	if i == 0 {
		return true
	}
	switch r := rs[i-1]; r {
	case '于', '在', '自', '从', '至', '到', '(', '（', '【', '[', '~', '～', '—', '-':
		return true
	default:
		return isBoundary(r) && r != ','
	}
}

// isFractionContext reports words around rs[i:e] that make 1/3 a share or
// no date: 超过1/2, 约1/3, 1/3以上, 1/4左右, 1/3的, 07/08年, 3/5/7.
func isFractionContext(rs []rune, i, e int) bool {
	if e < len(rs) && strings.ContainsRune("/.%的年多强弱", rs[e]) || e < len(rs) && isASCIIDigit(rs[e]) {
		return true
	}
	if _, _, ok := qualBefore(rs, i, prefixQuals, false); ok {
		return true
	}
	if i > 0 && (rs[i-1] == '占' || rs[i-1] == '近' || rs[i-1] == '约') {
		return true
	}
	_, _, ok := suffixQualAt(rs, e, false)
	return ok || e < len(rs) && (rs[e] == '多' || rs[e] == '强' || rs[e] == '弱')
}

// timeAfter extends a date over a following time of day (" 01:05:01").
func (s *scanner) timeAfter(j int) int {
	rs := s.rs
	k := j
	if k < len(rs) && (rs[k] == ' ' || rs[k] == 'T') {
		k++
	}
	hh := 0
	for hh < 2 && k+hh < len(rs) && isASCIIDigit(rs[k+hh]) {
		hh++
	}
	if hh == 0 || k+hh+2 >= len(rs) || rs[k+hh] != ':' || !isASCIIDigit(rs[k+hh+1]) || !isASCIIDigit(rs[k+hh+2]) {
		return j
	}
	e := k + hh + 3
	if e+2 < len(rs) && rs[e] == ':' && isASCIIDigit(rs[e+1]) && isASCIIDigit(rs[e+2]) {
		e += 3
	}
	return e
}

// periodWords open a period counted from the publication date: 过去十年
// runs up to it, 未来三年 from it.
var periodWords = []struct {
	words []rune
	past  bool
}{
	{[]rune("过去的"), true}, {[]rune("过去"), true}, {[]rune("前"), true},
	{[]rune("未来的"), false}, {[]rune("未来"), false}, {[]rune("今后"), false}, {[]rune("后"), false},
}

// periodUnits are the units a period counts in.
var periodUnits = []struct {
	words   []rune
	y, m, d int
}{{[]rune("个星期"), 0, 0, 7}, {[]rune("星期"), 0, 0, 7}, {[]rune("个月"), 0, 1, 0}, {[]rune("周"), 0, 0, 7}, {[]rune("年"), 1, 0, 0}, {[]rune("天"), 0, 0, 1}}

// periodAt reads 过去十年, 前1周, 后1年 and 今后5年 when the publication date
// is known: the days up to it (the publication day left out) or after it.
// Without a publication date they stay durations. 近5年 stays a duration
// too: 近 is also "nearly".
func (s *scanner) periodAt(i int) (dateValue, int, bool) {
	rs := s.rs
	if s.pub.IsZero() {
		return dateValue{}, i, false
	}
	for _, w := range periodWords {
		if !hasPrefixAt(rs, i, w.words) {
			continue
		}
		// 前 and 后 alone must open the phrase (not 此前3年, 最后3年, 其后1年),
		// and count weeks or years: 前一天 and 前两个月 count from an event
		// the story tells far more often than from the publication date.
		single := len(w.words) == 1
		if single && i > 0 && isHan(rs[i-1]) {
			return dateValue{}, i, false
		}
		j := skipSpaces(rs, i+len(w.words), s.spaces)
		n, ok := s.parse(j)
		if !ok || !n.Val.IsInt() || n.Val.Sign() <= 0 || n.Over || n.Max != nil || n.Val.Cmp(big.NewRat(200, 1)) > 0 || n.Seq && !n.Arabic {
			return dateValue{}, i, false // 未来三四天 is an estimate, no period
		}
		v := int(n.Val.Num().Int64())
		k := skipSpaces(rs, n.End, s.spaces)
		for _, u := range periodUnits {
			e, ok := wordAt(rs, k, u.words, s.spaces)
			if !ok || single && u.d == 1 || single && u.m == 1 {
				continue
			}
			if e < len(rs) && (rs[e] == '前' || rs[e] == '后' || rs[e] == '来' || isRangeSep(rs[e])) {
				return dateValue{}, i, false // 5年前, 5年来, 五年到十年: not a period from now
			}
			from, to := s.pub.AddDate(-v*u.y, -v*u.m, -v*u.d), s.pub.AddDate(0, 0, -1)
			if !w.past {
				from, to = s.pub.AddDate(0, 0, 1), s.pub.AddDate(v*u.y, v*u.m, v*u.d)
			}
			return dateValue{from: dayParts(from), to: dayParts(to), isRange: true}, e, true
		}
		return dateValue{}, i, false
	}
	return dateValue{}, i, false
}

// dayParts is the day t as a stated date.
func dayParts(t time.Time) dateParts {
	return dateParts{y: t.Year(), m: int(t.Month()), d: t.Day(), yearSaid: true}
}

// partOfYearAt reads a part of year y counted in months or days after it:
// (的)第三个月, 最后4个月, 前10天, 最后3天.
func (s *scanner) partOfYearAt(j, y int) (dateValue, int, bool) {
	rs := s.rs
	k := skipSpaces(rs, j, s.spaces)
	if k < len(rs) && rs[k] == '的' {
		k = skipSpaces(rs, k+1, s.spaces)
	}
	var which string
	for _, w := range []string{"第", "前", "最后", "最初", "头"} {
		if e, ok := wordAt(rs, k, []rune(w), s.spaces); ok {
			which, k = w, skipSpaces(rs, e, s.spaces)
			break
		}
	}
	if which == "" {
		return dateValue{}, j, false
	}
	n, ok := s.parse(k)
	if !ok || !n.Val.IsInt() || n.Val.Sign() <= 0 || n.Over || n.Max != nil || n.Val.Cmp(big.NewRat(366, 1)) > 0 {
		return dateValue{}, j, false
	}
	v := int(n.Val.Num().Int64())
	k = skipSpaces(rs, n.End, s.spaces)
	if e, ok := wordAt(rs, k, []rune("个月"), s.spaces); ok && v <= 12 {
		switch which {
		case "第":
			return dateValue{from: dateParts{y: y, m: v, yearSaid: true}}, e, true
		case "最后":
			return dateValue{from: dateParts{y: y, m: 13 - v, yearSaid: true}, to: dateParts{y: y, m: 12, yearSaid: true}, isRange: v > 1}, e, true
		default:
			return dateValue{from: dateParts{y: y, m: 1, yearSaid: true}, to: dateParts{y: y, m: v, yearSaid: true}, isRange: v > 1}, e, true
		}
	}
	if e, ok := wordAt(rs, k, []rune("周"), s.spaces); ok && which == "最后" && v <= 53 {
		// The last N whole weeks (Monday to Sunday) inside the year.
		last := time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC)
		last = last.AddDate(0, 0, -int(last.Weekday())) // back to a Sunday
		return dateValue{from: dayParts(last.AddDate(0, 0, 1-7*v)), to: dayParts(last), isRange: true}, e, true
	}
	if e, ok := wordAt(rs, k, []rune("天"), s.spaces); ok && which != "第" {
		first := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
		from, to := first, first.AddDate(0, 0, v-1)
		if which == "最后" {
			from, to = first.AddDate(1, 0, -v), first.AddDate(1, 0, -1)
		}
		return dateValue{from: dayParts(from), to: dayParts(to), isRange: v > 1}, e, true
	}
	return dateValue{}, j, false
}
