package extract

import (
	_ "embed"
	"math/big"
	"sort"
	"strings"

	"github.com/fednews/fednews/corpus"
)

// unitWord is a word that can follow a number and says what it counts.
type unitWord struct {
	word  string
	runes []rune
	kind  string
	unit  string // what the record's unit column holds
}

// unitTable lists the words after a number, longest first so that 人次
// wins over 人 and 平方公里 over 公里. Written in simplified script: zh
// converts traditional text before extraction.
var unitTable = buildUnits(append(measureRows(), [][3]string{
	// money: ISO 4217
	{"元人民币", corpus.KindMoney, "CNY"}, {"人民币", corpus.KindMoney, "CNY"}, {"元", corpus.KindMoney, "CNY"},
	{"块钱", corpus.KindMoney, "CNY"},
	{"美元", corpus.KindMoney, "USD"}, {"美金", corpus.KindMoney, "USD"}, {"美圆", corpus.KindMoney, "USD"}, {"美刀", corpus.KindMoney, "USD"},
	{"港元", corpus.KindMoney, "HKD"}, {"港币", corpus.KindMoney, "HKD"}, {"欧元", corpus.KindMoney, "EUR"},
	{"日元", corpus.KindMoney, "JPY"}, {"英镑", corpus.KindMoney, "GBP"}, {"韩元", corpus.KindMoney, "KRW"},
	{"新台币", corpus.KindMoney, "TWD"}, {"台币", corpus.KindMoney, "TWD"}, {"澳元", corpus.KindMoney, "AUD"},
	{"加元", corpus.KindMoney, "CAD"}, {"卢布", corpus.KindMoney, "RUB"}, {"瑞士法郎", corpus.KindMoney, "CHF"},
	{"新加坡元", corpus.KindMoney, "SGD"}, {"澳门元", corpus.KindMoney, "MOP"}, {"奈拉", corpus.KindMoney, "NGN"},
	// no ISO 4217 code: the unit stays empty
	{"个比特币", corpus.KindMoney, ""}, {"比特币", corpus.KindMoney, ""},
	// percent
	{"%", corpus.KindPercent, "%"}, {"个百分点", corpus.KindPercent, "百分点"},
	// durations (年, 月 and 日 are decided by the date rules first)
	{"个多小时", corpus.KindDuration, "小时"}, {"个小时", corpus.KindDuration, "小时"}, {"小时", corpus.KindDuration, "小时"},
	{"个多月", corpus.KindDuration, "月"}, {"个月", corpus.KindDuration, "月"},
	{"个工作日", corpus.KindDuration, "工作日"}, {"工作日", corpus.KindDuration, "工作日"},
	{"个星期", corpus.KindDuration, "周"}, {"星期", corpus.KindDuration, "周"}, {"周年", corpus.KindDuration, "年"},
	{"周", corpus.KindDuration, "周"}, {"天", corpus.KindDuration, "天"}, {"分钟", corpus.KindDuration, "分钟"},
	{"年", corpus.KindDuration, "年"}, {"日", corpus.KindDuration, "日"},
	// quantities
	{"平方公里", corpus.KindQuantity, "平方公里"}, {"平方千米", corpus.KindQuantity, "平方公里"},
	{"平方米", corpus.KindQuantity, "平方米"}, {"立方米", corpus.KindQuantity, "立方米"},
	{"公斤", corpus.KindQuantity, "公斤"}, {"千克", corpus.KindQuantity, "公斤"}, {"斤", corpus.KindQuantity, "斤"},
	{"吨", corpus.KindQuantity, "吨"}, {"克", corpus.KindQuantity, "克"}, {"毫升", corpus.KindQuantity, "毫升"},
	{"升", corpus.KindQuantity, "升"}, {"亩", corpus.KindQuantity, "亩"}, {"公顷", corpus.KindQuantity, "公顷"},
	{"公里", corpus.KindQuantity, "公里"}, {"千米", corpus.KindQuantity, "公里"}, {"米", corpus.KindQuantity, "米"},
	{"千瓦时", corpus.KindQuantity, "千瓦时"}, {"千瓦", corpus.KindQuantity, "千瓦"}, {"岁", corpus.KindQuantity, "岁"},
	{"kg", corpus.KindQuantity, "公斤"}, {"km", corpus.KindQuantity, "公里"},
	{"万户", corpus.KindCount, "户"},
}...))

// measures lists the measure words of counts, one a line.
//
//go:embed data/measures.txt
var measures string

// measureWords holds the words of measures.
var measureWords = func() map[string]bool {
	m := map[string]bool{}
	for _, line := range strings.Split(measures, "\n") {
		if w := strings.TrimSpace(line); w != "" && !strings.HasPrefix(w, "#") {
			m[w] = true
		}
	}
	return m
}()

// measureRows turns measureWords into unit table rows.
func measureRows() [][3]string {
	var rows [][3]string
	for w := range measureWords {
		rows = append(rows, [3]string{w, corpus.KindCount, w})
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i][0] < rows[j][0] }) // map order is random
	return rows
}

func buildUnits(rows [][3]string) []unitWord {
	out := make([]unitWord, 0, len(rows))
	for _, r := range rows {
		out = append(out, unitWord{word: r[0], runes: []rune(r[0]), kind: r[1], unit: r[2]})
	}
	sort.SliceStable(out, func(i, j int) bool { return len(out[i].runes) > len(out[j].runes) })
	return out
}

// hasPrefixAt reports whether rs[i:] starts with w.
func hasPrefixAt(rs []rune, i int, w []rune) bool {
	if i+len(w) > len(rs) {
		return false
	}
	for k, r := range w {
		if rs[i+k] != r {
			return false
		}
	}
	return true
}

// wordAt matches w at rs[i:] and returns the offset after it; with spaces
// (the conformance suites' 百 分 之) spaces may come before each rune.
func wordAt(rs []rune, i int, w []rune, spaces bool) (int, bool) {
	if !spaces {
		if hasPrefixAt(rs, i, w) {
			return i + len(w), true
		}
		return i, false
	}
	j := i
	for _, r := range w {
		j = skipSpaces(rs, j, true)
		if j >= len(rs) || rs[j] != r {
			return i, false
		}
		j++
	}
	return j, true
}

// unitAt returns the unit word at rs[i:] and the offset after it.
func (s *scanner) unitAt(i int) (unitWord, int, bool) {
	rs := s.rs
	k := skipSpaces(rs, i, s.spaces)
	if k >= len(rs) {
		return unitWord{}, i, false
	}
	for _, u := range unitTable {
		if u.runes[0] == rs[k] {
			if e, ok := wordAt(rs, k, u.runes, s.spaces); ok {
				return u, e, true
			}
		}
	}
	return unitWord{}, i, false
}

// qualWord is an approximation word and the qualifier it gives.
type qualWord struct {
	runes []rune
	qual  string
}

func buildQuals(rows [][2]string) []qualWord {
	out := make([]qualWord, 0, len(rows))
	for _, r := range rows {
		out = append(out, qualWord{[]rune(r[0]), r[1]})
	}
	sort.SliceStable(out, func(i, j int) bool { return len(out[i].runes) > len(out[j].runes) })
	return out
}

// Qualifiers.
const (
	qualExact   = "exact"
	qualApprox  = "approx"
	qualOver    = "over"
	qualUnder   = "under"
	qualAtLeast = "at_least"
	qualAtMost  = "at_most"
)

// prefixQuals come before the number (近2亿元); suffixQuals after the unit
// (1800万元左右).
var (
	prefixQuals = buildQuals([][2]string{
		{"大约", qualApprox}, {"约", qualApprox}, {"大概", qualApprox}, {"约合", qualApprox},
		{"将近", qualUnder}, {"接近", qualUnder}, {"近", qualUnder}, {"不到", qualUnder}, {"不足", qualUnder},
		{"逾", qualOver}, {"超过", qualOver}, {"超", qualOver}, {"多达", qualOver},
		{"至少", qualAtLeast}, {"不少于", qualAtLeast}, {"不低于", qualAtLeast},
		{"最多", qualAtMost}, {"至多", qualAtMost}, {"不超过", qualAtMost}, {"不高于", qualAtMost},
		{"≥", qualAtLeast}, {"≤", qualAtMost}, {"大于", qualOver}, {"高于", qualOver}, {"多于", qualOver}, {"超过了", qualOver},
		{"小于", qualUnder}, {"低于", qualUnder}, {"少于", qualUnder}, {"不到", qualUnder},
		{"大于等于", qualAtLeast}, {"大于或等于", qualAtLeast}, {"大于或者等于", qualAtLeast}, {"不小于", qualAtLeast},
		{"至少有", qualAtLeast}, {"至少是", qualAtLeast}, {"至少为", qualAtLeast},
		{"小于等于", qualAtMost}, {"小于或等于", qualAtMost}, {"不大于", qualAtMost}, {"最多为", qualAtMost}, {"最多是", qualAtMost},
		{"最少", qualAtLeast}, {"最低", qualAtLeast}, {"最高", qualAtMost},
		{">=", qualAtLeast}, {"<=", qualAtMost}, {">", qualOver}, {"<", qualUnder},
		// 等于 states the number exactly; it is part of the figure's text.
		{"等于", qualExact},
	})
	suffixQuals = buildQuals([][2]string{
		{"左右", qualApprox}, {"上下", qualApprox}, {"前后", qualApprox},
		{"或以上", qualAtLeast}, {"或者以上", qualAtLeast}, {"及以上", qualAtLeast}, {"或更多", qualAtLeast}, {"或者更多", qualAtLeast},
		{"及以下", qualAtMost}, {"或以下", qualAtMost},
		{"以上", qualOver}, {"之多", qualOver},
		{"以下", qualUnder}, {"以内", qualAtMost},
		{"之上", qualOver}, {"之下", qualUnder},
	})
)

// qualBefore returns the word of qs that ends right before rs[i] and
// where it starts; with spaces, spaces may come before each of its runes
// (小于 或 等于100, < = 100).
func qualBefore(rs []rune, i int, qs []qualWord, spaces bool) (qualWord, int, bool) {
	for _, q := range qs {
		j := i
		k := len(q.runes) - 1
		for ; k >= 0; k-- {
			for spaces && j > 0 && rs[j-1] == ' ' {
				j--
			}
			if j == 0 || rs[j-1] != q.runes[k] {
				break
			}
			j--
		}
		if k < 0 {
			return q, j, true
		}
	}
	return qualWord{}, i, false
}

// suffixQualAt returns the qualifier word at rs[i:] and the offset after
// it; with spaces, spaces may come before each of its runes (170 之下).
func suffixQualAt(rs []rune, i int, spaces bool) (qualWord, int, bool) {
	for _, q := range suffixQuals {
		if e, ok := wordAt(rs, i, q.runes, spaces); ok {
			return q, e, true
		}
	}
	return qualWord{}, i, false
}

// isRangeSep reports whether r joins the two ends of a range (3至5家, 8月12—15日).
func isRangeSep(r rune) bool {
	switch r {
	case '至', '到', '—', '–', '-', '~', '～', '〜', '－':
		return true
	}
	return false
}

// moneyParts are the subunits a whole amount may carry, in order, with the
// currency they belong to: 五元三毛, 50元6角3分, 两美元又三美分, 10日元5日本銭
// (銭, sen, is the yen's hundredth).
var moneyParts = []struct {
	iso   string
	runes []rune
	scale *big.Rat
}{
	{"CNY", []rune("角"), big.NewRat(1, 10)}, {"CNY", []rune("毛"), big.NewRat(1, 10)}, {"CNY", []rune("分"), big.NewRat(1, 100)},
	{"USD", []rune("美分"), big.NewRat(1, 100)},
	{"JPY", []rune("日本銭"), big.NewRat(1, 100)}, {"JPY", []rune("日本钱"), big.NewRat(1, 100)}, {"JPY", []rune("銭"), big.NewRat(1, 100)},
}

// slogans are fixed phrases whose numerals are names, not figures.
var slogans = [][]rune{
	[]rune("两个健康"), []rune("三个高地"), []rune("四好商会"), []rune("万企兴万村"), []rune("两个毫不动摇"),
	[]rune("两个确立"), []rune("两个维护"), []rune("四个意识"), []rune("四个自信"), []rune("两个维护"),
	[]rune("三个代表"), []rune("四个全面"), []rune("五位一体"), []rune("两学一做"), []rune("一带一路"),
	[]rune("三个务必"), []rune("一号工程"), []rune("两个大局"), []rune("两个结合"), []rune("三个一批"),
	// idioms whose numerals count nothing
	[]rune("四处"), []rune("三番五次"), []rune("五湖四海"), []rune("四面八方"), []rune("七上八下"), []rune("一五一十"),
}

// sloganStarts holds the first rune of every slogan.
var sloganStarts = func() map[rune]bool {
	m := map[rune]bool{}
	for _, sl := range slogans {
		m[sl[0]] = true
	}
	return m
}()
