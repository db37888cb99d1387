package extract

import (
	_ "embed"
	"fmt"
	"strings"

	"github.com/fednews/fednews/corpus"
)

// topicOther is the topic of a money figure or count that no cue names.
const topicOther = "other"

//go:embed data/topics.txt
var topicsData string

// topicCue is one cue word and the topic it names; counted cues name the
// things a count counts, clause cues (activities) name only the figures of
// their own clause; a cue with needs names its topic only when one of them
// follows it in its clause (帮助困难群众, not 帮助企业节约成本; see
// data/topics.txt).
type topicCue struct {
	word    string
	runes   []rune
	topic   string
	counted bool
	clause  bool
	needs   [][]rune
}

// topicPrecedence says that one phrase with cues of both topics is over's.
type topicPrecedence struct{ over, under string }

// topicCues are the cue words of data/topics.txt, longest first; unitCues
// map the cues a count's unit may be (家, 户, 场次) to their topics;
// topicOver are its "over" lines.
var topicCues, unitCues, topicOver = mustParseTopics(topicsData)

func mustParseTopics(data string) ([]topicCue, map[string]topicCue, []topicPrecedence) {
	cues, units, over, err := parseTopics(data)
	if err != nil {
		panic(err) // embedded data: a broken file fails every test at once
	}
	return cues, units, over
}

func parseTopics(data string) ([]topicCue, map[string]topicCue, []topicPrecedence, error) {
	var cues []topicCue
	var over []topicPrecedence
	units := map[string]topicCue{}
	needs := map[string][][]rune{}
	for n, line := range strings.Split(data, "\n") {
		fs := strings.Fields(line)
		if len(fs) == 0 || strings.HasPrefix(fs[0], "#") {
			continue
		}
		if fs[0] == "over" {
			if len(fs) != 3 {
				return nil, nil, nil, fmt.Errorf("extract/data/topics.txt:%d: want \"over topic topic\", got %q", n+1, line)
			}
			over = append(over, topicPrecedence{fs[1], fs[2]})
			continue
		}
		if fs[0] == "needs" {
			if len(fs) < 3 {
				return nil, nil, nil, fmt.Errorf("extract/data/topics.txt:%d: want \"needs cue word...\", got %q", n+1, line)
			}
			needs[fs[1]] = words(strings.Join(fs[2:], " "))
			continue
		}
		if len(fs) < 3 || fs[1] != "any" && fs[1] != "counted" && fs[1] != "clause" {
			return nil, nil, nil, fmt.Errorf("extract/data/topics.txt:%d: want \"topic any|clause|counted cue...\", got %q", n+1, line)
		}
		for _, w := range fs[2:] {
			c := topicCue{word: w, runes: []rune(w), topic: fs[0], counted: fs[1] == "counted", clause: fs[1] == "clause"}
			if _, ok := measureWords[w]; ok || len(c.runes) == 1 {
				units[w] = c
			}
			if len(c.runes) > 1 {
				cues = append(cues, c)
			}
		}
	}
	for w := range needs {
		found := false
		for k := range cues {
			if cues[k].word == w {
				cues[k].needs, found = needs[w], true
			}
		}
		if !found {
			return nil, nil, nil, fmt.Errorf("extract/data/topics.txt: \"needs %s\" names no cue word of a topic line", w)
		}
	}
	for i := 1; i < len(cues); i++ { // insertion sort: stable, longest first
		for j := i; j > 0 && len(cues[j].runes) > len(cues[j-1].runes); j-- {
			cues[j], cues[j-1] = cues[j-1], cues[j]
		}
	}
	return cues, units, over, nil
}

// around is what topic reads around a figure besides its own text.
type around struct {
	after   string // the noun phrase after a count (2140户企业 → 企业)
	subject string // the figure's subject
	// from is where the text that may name the topic starts (the end of
	// the figure before it, when that is in the same clause), upto where
	// the next figure starts.
	from, upto int
	// elided is the topic of the count before it in its sentence with
	// the same unit ("" if none): 会员企业1420家，同比增加126家.
	elided string
}

// topic returns what the money figure or count m measures, "" for the
// other kinds, by the precedence of data/topics.txt.
func topic(rs []rune, m match, a around) string {
	if m.kind != corpus.KindCount && m.kind != corpus.KindMoney {
		return ""
	}
	counted := m.kind == corpus.KindCount
	// The words before the figure in its clause: 全县共有会员企业862家,
	// 培训企业家1800余人次, 累计投入帮扶资金1260万元.
	lo := max(a.from, m.start-phraseWindow)
	for k := m.start; k > lo; k-- {
		if isClauseEnd(rs[k-1]) {
			lo = k
			break
		}
	}
	mark := -1 // where the beneficiary mark before a count ends
	if counted {
		mark = beneficiary(rs, lo, m.start)
	}
	before := string(rs[max(lo, mark):m.start]) // 32家会员企业为|158名学生: the givers are no topic
	if counted {
		if t := phraseTopic(a.after, window(rs, m.end+len([]rune(a.after))), true, true); t != "" {
			return t
		}
	}
	if t := phraseTopic(before, window(rs, m.start), false, counted); t != "" {
		return t
	}
	if !counted {
		if t := cueBefore(rs, m.start, isClauseEnd, false); t != "" {
			return t
		}
		// 送去价值3万元的慰问品: what the money buys may follow it.
		if t := cueAfter(rs, m.end, a.upto); t != "" {
			return t
		}
		if a.subject == "" || isWholeWord(a.subject, elidedHeads) {
			// 捐赠物资6.5万元，价值合计96万元
			if t := cueBefore(rs, m.start, isSentenceEnd, false); t != "" {
				return t
			}
		}
		return topicOther
	}
	if a.after == "" || mark >= 0 {
		// 举办两期“…”专题讲座: the thing counted; 为86名困难学生发放助学金:
		// whom the purpose serves. With a noun phrase of its own and no
		// beneficiary, what follows is what the counted do (三所律师事务所
		// 成功签约 is no investment). A beneficiary's purpose may follow a
		// figure of what is given (为120名环卫女工送去价值3万元的慰问品).
		upto := a.upto
		if mark >= 0 {
			upto = len(rs)
		}
		if t := cueAfter(rs, m.end, upto); t != "" {
			return t
		}
	}
	if a.subject == "" && a.elided != "" && a.elided != topicOther {
		return a.elided
	}
	c, ok := unitCues[m.unit]
	if ok && (len(c.runes) > 1 || a.after == "" && !hasHan(before)) {
		return c.topic // 53场次; 100户 with nothing else to go by
	}
	return topicOther // 133户受惠家庭: households, not enterprises
}

// elidedHeads are the subjects that say how much but not of what (价值合计
// 96万元): such money takes its topic from earlier in its sentence, as
// money with no subject does; money with a subject of its own reads only
// its clause (争取贷款3.6亿元，减免税费1200万元: the taxes are no credit).
var elidedHeads = append(words("价值 总价值 资金 款项 款物"), subjectHeads...)

// phraseWindow bounds the words before a figure read for its topic, in runes.
const phraseWindow = 24

func hasHan(s string) bool {
	for _, r := range s {
		if isHan(r) {
			return true
		}
	}
	return false
}

// topicWindow bounds how far before a figure its cue is looked for, in runes.
const topicWindow = 60

// isSentenceEnd reports the punctuation that ends a sentence.
func isSentenceEnd(r rune) bool {
	switch r {
	case '。', '！', '？', '!', '?', '\n':
		return true
	}
	return false
}

// phraseTopic returns the topic a noun phrase names: its words (gse)
// hold an "any" cue, nearest the count (the phrase's start when the phrase
// follows it), or a "counted" cue as their head: the last words (the first
// after a count), past measure nouns (会员总数 → 会员).
func phraseTopic(phrase string, tail []rune, follows, counted bool) string {
	if phrase == "" {
		return ""
	}
	if !anyCueIn(phrase, counted) {
		return "" // most phrases: no need to segment them
	}
	ws := phraseWords(phrase)
	if !follows {
		ws = dropListBeforeDeng(ws)
		// 会员总数达: the head is 会员.
		for len(ws) > 1 && (isWholeWord(ws[len(ws)-1], subjectHeads) || isWholeWord(ws[len(ws)-1], subjectLinks) ||
			isWholeWord(ws[len(ws)-1], prefixWords) || len([]rune(ws[len(ws)-1])) == 1 && isStopRune([]rune(ws[len(ws)-1])[0])) {
			ws = ws[:len(ws)-1]
		}
	}
	best, bestDist, bestLen := "", len(ws)+1, 0
	found := map[string]bool{}
	for _, c := range topicCues {
		if c.counted && !counted || !strings.Contains(phrase, c.word) {
			continue
		}
		for k := range ws {
			n := wordsSpell(ws, k, c.word, !c.counted)
			if n == 0 {
				continue
			}
			dist := len(ws) - (k + n) // words after the cue
			if follows {
				dist = k
			}
			if c.counted && dist != 0 {
				continue // not the head: 企业诉求
			}
			if c.needs != nil && !needsAfter(c, append([]rune(strings.Join(ws[k+n:], "")), tail...), 0) {
				continue // 帮助企业节约成本: no aid
			}
			found[c.topic] = true
			if dist < bestDist || dist == bestDist && len(c.runes) > bestLen {
				best, bestDist, bestLen = c.topic, dist, len(c.runes)
			}
		}
	}
	for _, o := range topicOver {
		if best == o.under && found[o.over] {
			return o.over // 捐赠助学款: a donation for a purpose
		}
	}
	return best
}

// dropListBeforeDeng drops the items listed before 等 from a phrase's
// words: they name kinds of its head, not what a figure measures
// (解决融资、用工等问题48个 counts problems, not jobs).
func dropListBeforeDeng(ws []string) []string {
	e := len(ws) - 1
	for e >= 0 && ws[e] != "等" && ws[e] != "等等" {
		e--
	}
	if e < 1 {
		return ws
	}
	s := e - 1
	for s >= 2 && ws[s-1] == "、" {
		s -= 2
	}
	return append(ws[:s:s], ws[e+1:]...)
}

// anyCueIn reports whether some cue (counted ones only with counted)
// occurs in phrase.
func anyCueIn(phrase string, counted bool) bool {
	for _, c := range topicCues {
		if (counted || !c.counted) && strings.Contains(phrase, c.word) {
			return true
		}
	}
	return false
}

// isWholeWord reports whether w is one of ws.
func isWholeWord(w string, ws [][]rune) bool {
	for _, x := range ws {
		if string(x) == w {
			return true
		}
	}
	return false
}

// phraseWords segments a noun phrase; without the segmenter, every rune
// is a word.
func phraseWords(phrase string) []string {
	var ws []string
	if seg := theLexicon().seg; seg != nil {
		for _, tk := range seg.Precise(phrase) {
			ws = append(ws, tk.Text)
		}
		return ws
	}
	for _, r := range phrase {
		ws = append(ws, string(r))
	}
	return ws
}

// wordsSpell returns how many words from ws[k] spell cue (会员+企业), or 0.
// One word may also end with it (总产值, 企业会员: the cue is its head) or,
// with prefix, start with it (投资额; but 企业家 are no enterprises).
func wordsSpell(ws []string, k int, cue string, prefix bool) int {
	if strings.HasSuffix(ws[k], cue) || prefix && strings.HasPrefix(ws[k], cue) {
		return 1
	}
	off := 0 // how much of cue the words so far spell
	for n := 1; k+n <= len(ws) && strings.HasPrefix(cue[off:], ws[k+n-1]); n++ {
		if off += len(ws[k+n-1]); off == len(cue) {
			return n
		}
	}
	return 0
}

// cueBefore returns the topic of the cue nearest before rs[i], back to
// where stop says (a clause or a sentence) and at most topicWindow runes;
// counted cues only with counted. A cue whose start cuts a dictionary word
// is none (务工 in 服务|工作).
func cueBefore(rs []rune, i int, stop func(rune) bool, counted bool) string {
	from := i
	for from > 0 && !stop(rs[from-1]) && i-from < topicWindow {
		from--
	}
	clauseFrom := i // clause cues count only from here on
	for clauseFrom > from && !isClauseEnd(rs[clauseFrom-1]) {
		clauseFrom--
	}
	best, bestPos, bestLen := "", -1, 0
	for _, c := range topicCues {
		if c.counted && !counted {
			continue
		}
		for k := from; k+len(c.runes) <= i; k++ {
			if !hasPrefixAt(rs, k, c.runes) || c.clause && k < clauseFrom {
				continue // 开展活动3场，帮助销售42万元: no events money
			}
			end := k + len(c.runes)
			if theLexicon().wordAcross(rs, k, end-1) != k || !needsAfter(c, rs, end) {
				continue
			}
			if end > bestPos || end == bestPos && len(c.runes) > bestLen {
				best, bestPos, bestLen = c.topic, end, len(c.runes)
			}
		}
	}
	return best
}

// beneficiaryMarks stand before the people or things a purpose serves:
// 为86名困难学生发放助学金, 帮助120名高校毕业生实现就业, 带动1.2万名农民
// 就业.
var beneficiaryMarks = words("为 给 向 帮助 帮 替 带动 吸纳 安置 扶持")

// beneficiary returns where the last beneficiary mark in rs[lo:i] on word
// boundaries (not the 为 of 作为 or 成为) ends, or -1.
func beneficiary(rs []rune, lo, i int) int {
	end := -1
	for k := lo; k < i; k++ {
		if n := startsWord(rs, k, beneficiaryMarks); n > 0 && k+n <= i && theLexicon().wordAcross(rs, k, k+n) == k &&
			theLexicon().wordAcross(rs, k+n, i) == k+n {
			end = k + n
		}
	}
	return end
}

// cueAfter returns the topic of the first cue after a count that ends at
// rs[i], in its clause, before upto (the next figure) and at most
// topicWindow runes on: the purpose a count of people or things serves
// (为86名困难学生发放助学金, 帮助120名高校毕业生实现就业). Counted cues are
// no purpose (组织32人走访企业: the count is no enterprises).
func cueAfter(rs []rune, i, upto int) string {
	to := i
	for to < len(rs) && to < upto && !isClauseEnd(rs[to]) && to-i < topicWindow {
		to++
	}
	best, bestPos, bestLen := "", len(rs)+1, 0
	for _, c := range topicCues {
		if c.counted {
			continue
		}
		for k := i; k+len(c.runes) <= to && k <= bestPos; k++ {
			if !hasPrefixAt(rs, k, c.runes) || theLexicon().wordAcross(rs, k, k+len(c.runes)-1) != k || !needsAfter(c, rs, k+len(c.runes)) {
				continue
			}
			if k < bestPos || len(c.runes) > bestLen {
				best, bestPos, bestLen = c.topic, k, len(c.runes)
			}
		}
	}
	return best
}

// window returns at most topicWindow runes of rs from i: the text after
// a phrase that needsAfter reads.
func window(rs []rune, i int) []rune {
	i = min(i, len(rs))
	return rs[i:min(i+topicWindow, len(rs))]
}

// needsAfter reports whether cue c, ending at rs[i], has what it needs
// after it in its clause (within topicWindow runes): one of its needs
// words, or c has none.
func needsAfter(c topicCue, rs []rune, i int) bool {
	if c.needs == nil {
		return true
	}
	for k := i; k < len(rs) && k-i < topicWindow && !isClauseEnd(rs[k]); k++ {
		if startsWord(rs, k, c.needs) > 0 {
			return true
		}
	}
	return false
}

// isTopicCue reports whether w is a cue word of some topic (捐款, 投资).
func isTopicCue(w []rune) bool {
	for _, c := range topicCues {
		if c.word == string(w) {
			return true
		}
	}
	return false
}
