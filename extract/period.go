package extract

import (
	"fmt"
	"strings"
	"time"

	"github.com/fednews/fednews/corpus"
)

// A figure's period is the time its value describes: "截至2016年12月，全县
// 会员530多人" counts members at the end of 2016-12, "去年营业收入4860亿元"
// is last year's revenue. It comes from the time expression that governs
// the figure: the nearest one before it in its sentence, else the first one
// after it in its clause. A date governs itself. Resolved:
//
//	截至X, X为止, X之前     → ends at X (no start)
//	X以来, 从X起, 自X开始   → from X to the publication date
//	X之后                  → from X (no end)
//	X (今年上半年, 去年 …)  → X, at X's precision
//	近N年, N年来, N年以来   → the N calendar years to the publication year
//	近N个月, N个月来        → the N months to the publication month
//
// A date after 于 (成立于2005年) dates an event of the subject, not the
// figures around it, so it governs only itself.
//
// A list of dates (2015年、2016年, 2015年和2016年) governs the figures after
// it in its sentence as a list: a list of as many figures
// (分别为1.2亿元、1.5亿元; 分别增长8%和9%) pairs them in order, one period
// each; any other figure there covers them all (2015 to 2016).

// period is a resolved period, ISO at its stated precision; "" is open.
type period struct{ start, end string }

// timePeriod returns the period a match states when it is a time
// expression (a date, or a span counted back from publication), and
// whether it is one.
func timePeriod(rs []rune, m match, pub time.Time) (period, bool) {
	switch m.kind {
	case corpus.KindDate:
		if m.agoYears > 0 {
			return period{}, false
		}
		end := m.date
		if m.dateEnd != "" {
			end = m.dateEnd
		}
		switch m.qual { // the bound the scanner read (asRecorded drops it)
		case qualAtMost, qualUnder:
			return period{end: end}, true
		case qualAtLeast:
			return period{start: m.date, end: isoDay(pub)}, true
		case qualOver:
			return period{start: m.date}, true
		}
		return period{start: m.date, end: end}, true
	case corpus.KindDuration:
		return spanToPublication(rs, m, pub)
	}
	return period{}, false
}

// spanToPublication resolves 近五年, 5年来 and 3个月以来: the span that ends
// with the publication; without a publication date it is no period.
func spanToPublication(rs []rune, m match, pub time.Time) (period, bool) {
	if pub.IsZero() || m.max != nil || !m.val.IsInt() || !m.val.Num().IsInt64() {
		return period{}, false
	}
	n := int(m.val.Num().Int64())
	toNow := rs[m.end-1] == '来' || rs[m.start] == '近' && m.qual == qualUnder // 5年来, 近五年
	if !toNow || n <= 0 || n > 100 {
		return period{}, false
	}
	switch m.unit {
	case "年":
		return period{start: fmt.Sprint(pub.Year() - n + 1), end: fmt.Sprint(pub.Year())}, true
	case "月":
		first := time.Date(pub.Year(), pub.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -(n - 1), 0)
		return period{start: first.Format("2006-01"), end: pub.Format("2006-01")}, true
	}
	return period{}, false
}

func isoDay(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

// periods returns the period of every match of ms (in text order) in rs.
func periods(rs []rune, ms []match, pub time.Time) []period {
	out := make([]period, len(ms))
	sents := sentences(rs)
	type timeExpr struct {
		p       period
		sent    int
		clause  int
		governs bool
	}
	exprs := make([]*timeExpr, len(ms))
	sentOf := make([]int, len(ms))
	clauseOf := make([]int, len(ms))
	si, clause, pos := 0, 0, 0
	for k, m := range ms {
		for si+1 < len(sents) && sents[si+1][0] <= m.start {
			si++
		}
		for ; pos < m.start && pos < len(rs); pos++ {
			if isClauseEnd(rs[pos]) {
				clause++
			}
		}
		sentOf[k], clauseOf[k] = si, clause
		if p, ok := timePeriod(rs, m, pub); ok {
			governs := !(m.start > 0 && rs[m.start-1] == '于')
			exprs[k] = &timeExpr{p, si, clause, governs}
			out[k] = p
		}
	}
	// next[k] is the first governing expression after k in its clause,
	// found from the end so that a long clause costs one pass.
	next := make([]*timeExpr, len(ms))
	for k := len(ms) - 2; k >= 0; k-- {
		if clauseOf[k+1] != clauseOf[k] {
			continue
		}
		if e := exprs[k+1]; e != nil && e.governs {
			next[k] = e
		} else {
			next[k] = next[k+1]
		}
	}
	listed := listedPeriods(rs, ms, func(k int) (period, bool, bool) {
		e := exprs[k]
		return out[k], e != nil, e != nil && e.governs
	}, sentOf)
	var last *timeExpr
	for k := range ms {
		if p, ok := listed[k]; ok {
			out[k] = p
			continue
		}
		if e := exprs[k]; e != nil {
			if e.governs {
				last = e
			}
			continue
		}
		if last != nil && last.sent == sentOf[k] {
			out[k] = last.p
		} else if next[k] != nil {
			out[k] = next[k].p
		}
	}
	return out
}

// listSeparators join the items of a list: 2015年、2016年, 1.2亿元和1.5亿元.
var listSeparators = map[string]bool{"、": true, "和": true, "与": true, "及": true, "以及": true, "、和": true}

// listed reports whether only a list separator stands between matches a and b.
func listed(rs []rune, a, b match) bool {
	return a.end <= b.start && listSeparators[strings.TrimSpace(string(rs[a.end:b.start]))]
}

// listedPeriods returns the periods that lists of dates give the figures
// after them (see the top of this file), by match index. timeAt returns
// match k's period, whether it is a time expression and whether it governs.
func listedPeriods(rs []rune, ms []match, timeAt func(int) (period, bool, bool), sentOf []int) map[int]period {
	out := map[int]period{}
	for k := 0; k < len(ms); {
		if _, _, ok := timeAt(k); !ok {
			k++
			continue
		}
		var dates []period
		e := k // the list is ms[k:e]
		for ; e < len(ms); e++ {
			p, _, ok := timeAt(e)
			if !ok || sentOf[e] != sentOf[k] || e > k && !listed(rs, ms[e-1], ms[e]) {
				break
			}
			dates = append(dates, p)
		}
		if len(dates) < 2 {
			k = e
			continue
		}
		all := period{start: dates[0].start, end: dates[len(dates)-1].end}
		// The figures it governs: to the end of its sentence or the next
		// time expression, in runs of listed figures.
		for i := e; i < len(ms) && sentOf[i] == sentOf[k]; {
			if _, ok, _ := timeAt(i); ok {
				break
			}
			j := i + 1
			for j < len(ms) && sentOf[j] == sentOf[k] && listed(rs, ms[j-1], ms[j]) {
				if _, ok, _ := timeAt(j); ok {
					break
				}
				j++
			}
			for n := i; n < j; n++ {
				if j-i == len(dates) {
					out[n] = dates[n-i]
				} else {
					out[n] = all
				}
			}
			i = j
		}
		k = e
	}
	return out
}

// isClauseEnd reports the punctuation that ends a clause (or a sentence).
func isClauseEnd(r rune) bool {
	switch r {
	case '，', ',', '；', ';', '：', ':', '。', '！', '？', '!', '?', '\n':
		return true
	}
	return false
}
