// Package extract finds the figures (money, counts, quantities,
// percentages, durations and dates) a normalized Chinese text states and
// maps each back to its span in the original text.
//
// It reads the text zh.Normalize produced (simplified script, half-width
// digits and punctuation), so its tables hold simplified words only, and it
// reports every span in rune offsets of the original text through the
// normalization's offset map. Numbers are computed exactly (math/big), so
// 16.4亿 is 1640000000, not 1639999999.
//
// A figure with ValueMax is a range. Its Qualifier says how the range was
// stated: exact for a stated range (3至5家, 10%—15%), approx for an
// estimate (二三十个, 三四天), over for two strict bounds (大于10小于20:
// both ends excluded) and at_least for two inclusive ones (不少于20不超过50:
// both ends included). Two bounds of which one is strict and the other not
// (大于等于0并小于230) stay two one-sided figures.
package extract

import (
	"math"
	"math/big"
	"strings"
	"time"
	"unicode"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/zh"
)

// Options carries what extraction needs besides the text.
type Options struct {
	// Published resolves dates that state no year (and 今年, 去年) when the
	// document names no year before them; zero when unknown.
	Published time.Time
}

// Figures returns the figures stated in original, whose normalization is n,
// in text order. Spans, Text and Sentence refer to original.
func Figures(original string, n zh.Result, opts Options) []corpus.Figure {
	orig := []rune(original)
	s := newScanner(n, orig)
	rs := s.rs
	s.setPublished(opts.Published)
	ms := s.scan()
	if len(ms) == 0 {
		return nil
	}
	sents := sentences(rs)
	pers := periods(rs, ms, opts.Published)
	out := make([]corpus.Figure, 0, len(ms))
	si, prevEnd := 0, 0
	cachedSent, sentStart, sentEnd, sentText := -1, 0, 0, ""
	topicSent, unitTopic := -1, map[string]string{} // the topic of the last count of each unit in the sentence
	for k, m := range ms {
		m = asRecorded(m)
		os, oe := n.OrigSpan(m.start, m.end)
		if os < 0 || oe > len(orig) || os >= oe {
			continue
		}
		val, max := ratFloat(m.val), ratFloat(m.max)
		if val != nil && math.IsInf(*val, 0) || max != nil && math.IsInf(*max, 0) {
			continue // 万万万…: past float64, so no amount anyone states
		}
		f := corpus.Figure{
			Kind: m.kind, Text: string(orig[os:oe]), Start: os, End: oe,
			Value: val, ValueMax: max,
			Unit: m.unit, Qualifier: m.qual, Date: m.date, DateEnd: m.dateEnd,
			Subject:     subject(rs, m),
			PeriodStart: pers[k].start, PeriodEnd: pers[k].end,
		}
		for si+1 < len(sents) && sents[si+1][0] <= m.start {
			si++
		}
		if si != topicSent {
			topicSent = si
			clear(unitTopic)
		}
		a := around{subject: f.Subject, from: prevEnd, upto: len(rs), elided: unitTopic[m.unit]}
		if m.kind == corpus.KindCount {
			a.after = subjectAfter(rs, m.end)
		}
		if k+1 < len(ms) {
			a.upto = ms[k+1].start
		}
		f.Topic = topic(rs, m, a)
		if m.kind == corpus.KindCount {
			unitTopic[m.unit] = f.Topic
		}
		prevEnd = m.end
		if f.Qualifier == "" {
			f.Qualifier = qualExact
		}
		if si != cachedSent {
			// One string per sentence, not per figure: a text with no
			// sentence end is one sentence, and copying it for each of its
			// figures would be quadratic.
			cachedSent = si
			sentStart, sentEnd = n.OrigSpan(sents[si][0], sents[si][1])
			sentText = ""
			if sentEnd <= len(orig) && sentStart <= sentEnd {
				sentText = strings.TrimSpace(string(orig[sentStart:sentEnd]))
			}
		}
		if sentStart <= os && sentEnd >= oe && sentEnd <= len(orig) {
			f.Sentence = sentText
		}
		out = append(out, f)
	}
	return out
}

// asRecorded turns what the scanner read into what a record says. The
// words that bound a date (截至, 以来, 起, 之前) are time context, not
// qualifiers: the record keeps the date alone. N年前 is a span of N years
// back, recorded as a duration.
func asRecorded(m match) match {
	if m.kind != corpus.KindDate {
		return m
	}
	m.start, m.end, m.qual = max(m.start, m.coreStart), m.coreEnd, qualExact
	if m.agoYears > 0 {
		m.kind, m.unit, m.date = corpus.KindDuration, "年", ""
		m.val = big.NewRat(int64(m.agoYears), 1)
		m.end-- // 前
	}
	return m
}

// newScanner prepares a scanner over the normalized text n of orig, with
// its blocked positions marked.
func newScanner(n zh.Result, orig []rune) *scanner {
	rs := []rune(n.Text)
	// Width folding turns the Chinese comma into ',', but 1，100 lists two
	// numbers: only an ASCII comma groups thousands.
	for k, r := range rs {
		if r == ',' {
			if os, oe := n.OrigSpan(k, k+1); oe == os+1 && os < len(orig) && orig[os] == '，' &&
				!(os > 0 && isWideDigit(orig[os-1]) && os+1 < len(orig) && isWideDigit(orig[os+1])) {
				rs[k] = '，'
			}
		}
	}
	for k, r := range rs {
		if f, ok := extractionT2S[r]; ok {
			rs[k] = f
		}
	}
	s := &scanner{rs: rs, blocked: make([]bool, len(rs)), lex: theLexicon()}
	s.blockURLs()
	s.blockPhones()
	s.blockSlogans()
	return s
}

// extractionT2S folds the traditional characters of units, numerals and
// date words that zh leaves alone when it judges a text not traditional
// (a simplified article quoting 兩個, a mixed 後天): one rune for one rune,
// so offsets are kept.
var extractionT2S = func() map[rune]rune {
	m := map[rune]rune{}
	pairs := []string{"個个", "點点", "萬万", "億亿", "兩两", "倆俩", "後后", "戶户", "條条", "項项", "場场", "張张", "輛辆",
		"噸吨", "畝亩", "歲岁", "週周", "禮礼", "參叁", "陸陆", "貳贰", "幾几", "餘余", "約约", "於于", "間间", "臺台", "屆届",
		"樣样", "圓圆", "幣币", "鎊镑", "韓韩", "從从", "來来", "時时", "號号", "頃顷", "釐厘"}
	for _, p := range pairs {
		rs := []rune(p)
		m[rs[0]] = rs[1]
	}
	return m
}()

// isWideDigit reports a full-width digit: between two of them the
// full-width comma groups thousands (９，９９９).
func isWideDigit(r rune) bool { return r >= '０' && r <= '９' }

// setPublished sets the date that relative dates (今年, 昨日) resolve from.
func (s *scanner) setPublished(t time.Time) {
	if !t.IsZero() {
		s.pub, s.pubYear = t, t.Year()
	}
}

// ratFloat converts an exact value to the nearest float64 (nil stays nil).
func ratFloat(r *big.Rat) *float64 {
	if r == nil {
		return nil
	}
	f, _ := r.Float64()
	return &f
}

func (s *scanner) block(from, to int) {
	for k := from; k < to && k < len(s.blocked); k++ {
		s.blocked[k] = true
	}
}

// blockURLs marks URLs and e-mail addresses: their digits are no figures.
func (s *scanner) blockURLs() {
	rs := s.rs
	for i := 0; i < len(rs); i++ {
		if rs[i] != 'h' && rs[i] != 'w' && rs[i] != '@' {
			continue
		}
		if !hasPrefixAt(rs, i, []rune("http://")) && !hasPrefixAt(rs, i, []rune("https://")) && !hasPrefixAt(rs, i, []rune("www.")) && rs[i] != '@' {
			continue
		}
		from := i
		for from > 0 && rs[i] == '@' && rs[from-1] < 0x80 && !unicode.IsSpace(rs[from-1]) {
			from--
		}
		j := i
		for j < len(rs) && rs[j] < 0x80 && !unicode.IsSpace(rs[j]) && rs[j] != ')' {
			j++
		}
		s.block(from, j)
		i = j
	}
}

// blockPhones marks telephone numbers: 0531-66661234, 400-800-1234,
// 13912345678.
func (s *scanner) blockPhones() {
	rs := s.rs
	for i := 0; i < len(rs); i++ {
		if !isASCIIDigit(rs[i]) || (i > 0 && (isASCIIDigit(rs[i-1]) || rs[i-1] == '-')) {
			continue
		}
		j, digits, dashes := i, 0, 0
		for j < len(rs) && (isASCIIDigit(rs[j]) || (rs[j] == '-' && j+1 < len(rs) && isASCIIDigit(rs[j+1]))) {
			if rs[j] == '-' {
				dashes++
			} else {
				digits++
			}
			j++
		}
		if (rs[i] == '0' && digits >= 7) || (dashes == 0 && digits >= 11) || (dashes >= 2 && digits >= 10) {
			s.block(i, j)
		}
		i = j
	}
}

// blockSlogans marks fixed slogans and short quoted names (“六新”, “十五五”):
// their numerals name things.
func (s *scanner) blockSlogans() {
	rs := s.rs
	for i := 0; i < len(rs); i++ {
		switch rs[i] {
		case '《':
			// A title names a work: 《明日之后》, 《十四五规划》.
			for j := i + 1; j < len(rs) && j <= i+40 && rs[j] != '\n'; j++ {
				if rs[j] == '》' {
					s.block(i+1, j)
					break
				}
			}
		case '“', '「', '『', '"', '‘':
			close := map[rune]rune{'“': '”', '「': '」', '『': '』', '"': '"', '‘': '’'}[rs[i]]
			for j := i + 1; j < len(rs) && j <= i+9; j++ {
				if rs[j] == close {
					s.block(i+1, j)
					break
				}
				if rs[j] == '\n' {
					break
				}
			}
		}
		if sloganStarts[rs[i]] {
			for _, sl := range slogans {
				if sl[0] == rs[i] && hasPrefixAt(rs, i, sl) {
					s.block(i, i+len(sl))
				}
			}
		}
	}
}

// sentences splits rs into [start, end) rune ranges ending after 。！？!?
// or at a line break.
func sentences(rs []rune) [][2]int {
	var out [][2]int
	start := 0
	for i, r := range rs {
		switch r {
		case '。', '！', '？', '!', '?':
			// Keep a closing quote with its sentence: ……”。
			end := i + 1
			for end < len(rs) && (rs[end] == '”' || rs[end] == '’' || rs[end] == '」') {
				end++
			}
			out = append(out, [2]int{start, end})
			start = end
		case '\n':
			if i > start {
				out = append(out, [2]int{start, i})
			}
			start = i + 1
		}
	}
	if start < len(rs) || len(out) == 0 {
		out = append(out, [2]int{start, len(rs)})
	}
	return out
}

// Subject heuristics: a noun phrase right after a count (2140户企业) or
// right before the figure (受益学子15人, 贷款总额达1800万元左右), cut at
// particles and at the verbs news sentences put around figures.
var (
	subjectStops = []rune("的了和与及等在对向从把被由将并也都还或是为达共约近超逾每他她它我你们只仍要能以就让这那很更再又而但却使给个几数")
	// wordOpeners are the stop runes that may open a content word, which
	// is then part of the phrase (个体工商户, 在建项目, 数字经济, 对口帮扶);
	// the function words they open (stopWords) end it like the rune
	// (对于年纳税额 → 年纳税额). 每 and the pronouns open no subject (每股).
	wordOpeners = map[rune]bool{'个': true, '在': true, '数': true, '共': true, '对': true}
	stopWords   = words("对于 对此 对象 对外 在于 在内 共计 共有 个别 数据显示")
	// subjectVerbsAfter cut a phrase after a count (10余名律师组建了 → 律师).
	subjectVerbsAfter = words("提出 纳入 反映 发布 刊登 调解 放款 组建 成功 签约 进入 派人 参加 参与 获得 得到 开展 走访 前往 组成 实现 完成 提供 带来 接受 进行 捐赠 捐资 捐款 发放 介绍 逐步 不断 正在 已经 已 参观 举办 召开")
	// subjectHeads keep the verb before them: 捐赠金额, not 金额.
	subjectHeads = words("金额 总额 数额 总数 数量 规模 人数 次数")
	subjectVerbs = words("提出 纳入 反映 发布 刊登 调解 放款 增长 提高 下降 增加 减少 上升 参会 流转 确定 捐赠 捐资 捐款 捐物 发放 收集 接收 服务 实现 完成 获得 带动 吸纳 解决 提供 新增 帮助 认购 采购 " +
		"举办 开展 召开 推荐 走访 慰问 筹集 累计 共计 合计 总计 选取 组建 成立 涵盖 观摩 拥有 培训 参加 参与 吸引 签约 投资 " +
		"接到 改造 救治 新建 建成 保障 " +
		"身陷 入驻 建立 签订 帮扶 面临 安排 协调 发动 筹资 代办 避免 结对 投入 " +
		"募集 达到 超过 陆续 先后 接待 办理 成功 得到 献血 争取 涉及 覆盖 安置 带来 减免 发展 召集 组成 走进 设立")
	subjectLinks = words("达到 共计 共有 累计 合计 总计 达 为 是 共 计 有 约 近 超过 超 逾 多达 高达 长达")
)

func words(s string) [][]rune {
	var out [][]rune
	for _, w := range strings.Fields(s) {
		out = append(out, []rune(w))
	}
	return out
}

func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }

func isStopRune(r rune) bool {
	for _, x := range subjectStops {
		if x == r {
			return true
		}
	}
	return false
}

// The longest subjects read after and before a figure, in runes.
const (
	maxSubjectAfter  = 12
	maxSubjectBefore = 16
)

// subject returns the noun phrase m measures, or "".
func subject(rs []rune, m match) string {
	switch m.kind {
	case corpus.KindDate, corpus.KindDuration:
		return ""
	case corpus.KindCount, corpus.KindQuantity:
		if sub := subjectAfter(rs, m.end); sub != "" {
			return sub
		}
		return subjectBefore(rs, m.start)
	}
	if sub := subjectBefore(rs, m.start); sub != "" {
		return sub
	}
	return ""
}

// subjectAfter reads the noun phrase after a figure (户企业 → 企业).
func subjectAfter(rs []rune, i int) string {
	j := i
	for j < len(rs) && j-i < maxSubjectAfter && isHan(rs[j]) && !isStopRune(rs[j]) && (!isNumeralRune(rs[j]) || theLexicon().inWord(rs, j)) {
		if (startsWord(rs, j, subjectVerbsAfter) > 0 || startsWord(rs, j, subjectVerbs) > 0 && !hasPrefixAt(rs, j, []rune("服务"))) &&
			(j == i || rs[j-1] != '受') {
			break
		}
		j++
	}
	if j-i == maxSubjectAfter {
		if a := theLexicon().wordAcross(rs, j, i); a > i {
			j = a // cut at the length limit: never inside a word
		}
	}
	if j-i < 2 {
		return ""
	}
	return string(rs[i:j])
}

// subjectBefore reads the noun phrase before a figure (受益学子15人 → 受益学子).
func subjectBefore(rs []rune, i int) string {
	// Skip linking words: 贷款总额达 → 贷款总额.
	for moved := true; moved; {
		moved = false
		for _, w := range subjectLinks {
			if i >= len(w) && hasPrefixAt(rs, i-len(w), w) {
				i -= len(w)
				moved = true
				break
			}
		}
	}
	j := i
	// A stop rune that starts a word is part of the phrase: 个体工商户, 在建项目.
	for j > 0 && i-j < maxSubjectBefore && isHan(rs[j-1]) && (!isStopRune(rs[j-1]) || wordOpeners[rs[j-1]] && theLexicon().startsWord(rs[:i], j-1)) && (!isNumeralRune(rs[j-1]) || theLexicon().inWord(rs, j-1)) {
		j--
	}
	// Cut after the last verb: 陆续接收隔离人员 → 隔离人员.
	cut := false
	for k := i - 1; k >= j; k-- {
		if n := startsWord(rs, k, subjectVerbs); n > 0 && k+n <= i {
			switch h := startsWord(rs, k+n, subjectHeads); {
			case h > 0 && k+n+h == i && k > j:
				j = k // 捐赠金额
			case k+n == i && isTopicCue(rs[k:i]):
				// 累计捐款50万元: the verb names what is counted, and so do
				// the cues before it (企业捐款捐物), unless one is the end of
				// a longer word (民营|企业结对帮扶).
				for j = k; j-2 >= 0 && isTopicCue(rs[j-2:j]) && theLexicon().wordAcross(rs, j-2, j) == j-2; j -= 2 {
				}
			default:
				// After the verb, unless the dictionary has the verb and the
				// noun as one word (解决问题): a subject never cuts a word.
				j = k + n
				if theLexicon().wordFrom(rs[:i], k, j) || j < i && theLexicon().isWord(rs[k:i]) {
					j = k // 发放贷款: gse keeps even a rare word whole
				}
			}
			cut = true
			break
		}
	}
	if b := theLexicon().wordAcross(rs, j, i); b > j && !cut && (i-j == maxSubjectBefore || j > 0 && isStopRune(rs[j-1])) {
		j = b // the walk stopped inside a word (对|于年纳税额, or at the limit): drop its part
	}
	if i-j < 2 {
		return ""
	}
	return string(rs[j:i])
}

// startsWord returns the length of the word of ws at rs[i:], or 0.
func startsWord(rs []rune, i int, ws [][]rune) int {
	for _, w := range ws {
		if hasPrefixAt(rs, i, w) {
			return len(w)
		}
	}
	return 0
}
