package gazetteer

import (
	"cmp"
	"slices"
	"strings"
)

// orgSuffixes end the names of federations, chambers and associations,
// longest first so that 工商业联合会 wins over 联合会.
var orgSuffixes = []string{"工商业联合会", "工商联", "总商会", "联合会", "商会", "协会"}

// nationalAnchors start the names of national bodies (全国工商联).
var nationalAnchors = []string{"中华全国", "全国", "中国"}

// maxStem and maxMiddle bound the name before a suffix: at most maxStem
// characters are searched for a place, and at most maxMiddle may stand
// between the place and the suffix (深圳市|万年|商会, 万年县|女企业家|商会).
const (
	maxStem   = 14
	maxMiddle = 8
)

// stopRunes are function words that never occur inside an organization's
// name: a middle part holding one is a sentence, not a name.
const stopRunes = "的和与及在是了为对等把被将从向于以由到让使给跟同并或也都就还又而且其该这那各每"

// countRunes cannot start the part between place and suffix: 五地工商联 and
// 两地郯城商会 count bodies, they do not name one (万 can: 万年商会).
const countRunes = "一二三四五六七八九十两几多全本此诸"

// verbs that put a sentence, not a name, between place and suffix
// (郯城县擦亮商会建设品牌).
var middleVerbs = strings.Fields(`擦亮 提升 开展 举行 召开 成立 组织 推动 加强 建设 打造 服务 走访 深入 指导 联合
联系 对接 协调 支持 参加 出席 发挥 带领 联动 牵头 举办 共建 助力 推进 落实 鼓励 引导 发起 筹建 创建 获评
荣获 评为 表彰 实现 搭建 完善 健全 签约 签订 召集 动员 邀请 成为 设立 依托 通过 围绕 积极 不断 持续`)

// plausibleMiddle says whether rs can stand between a place and a suffix.
func plausibleMiddle(rs []rune) bool {
	if len(rs) > maxMiddle {
		return false
	}
	m := string(rs)
	if strings.ContainsAny(m, stopRunes) || (len(rs) > 0 && strings.ContainsRune(countRunes, rs[0])) {
		return false
	}
	for _, v := range middleVerbs {
		if strings.Contains(m, v) {
			return false
		}
	}
	return true
}

// Orgs returns the organizations text (normalized, simplified script)
// names, first mention first: a place (or 全国, 中国) followed by at most
// a few characters and an organization suffix (工商联, 工商业联合会, 总商会,
// 商会, 协会, 联合会). Leading higher divisions are dropped (江西省万年县工商联
// → 万年县工商联), and a name with a part between place and suffix is also
// reported without its place (万年县女企业家商会 → 女企业家商会 too), so a
// filter on the kind of chamber finds it in every county.
func (g *Gazetteer) Orgs(text string) []string {
	rs := []rune(text)
	return orgs(rs, g.resolve(text, rs))
}

// Entities returns Find(text) and Orgs(text), scanning text once.
func (g *Gazetteer) Entities(text string) (Places, []string) {
	rs := []rune(text)
	ms := g.resolve(text, rs)
	return collect(ms), orgs(rs, ms)
}

func orgs(rs []rune, ms []mention) []string {
	var out []string
	seen := map[string]bool{}
	add := func(s string) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	prevEnd := 0
	for i := 0; i < len(rs); i++ {
		suf := suffixAt(rs, i)
		if suf == 0 {
			continue
		}
		stem := i
		for stem > prevEnd && i-stem < maxStem && isHan(rs[stem-1]) {
			stem--
		}
		if name, generic, ok := orgName(rs, ms, stem, i, i+suf); ok {
			add(name)
			if generic != "" {
				add(generic)
			}
		}
		i += suf - 1
		prevEnd = i + 1
	}
	return out
}

// suffixAt returns the length in runes of the organization suffix at rs[i:], or 0.
func suffixAt(rs []rune, i int) int {
	for _, s := range orgSuffixes {
		if hasPrefixRunes(rs[i:], s) {
			return len([]rune(s))
		}
	}
	return 0
}

func hasPrefixRunes(rs []rune, s string) bool {
	j := 0
	for _, r := range s {
		if j >= len(rs) || rs[j] != r {
			return false
		}
		j++
	}
	return true
}

// anchor is where an organization's name may start: a resolved place or a
// national prefix.
type anchor struct {
	start, end int
	div        *Division // nil for national anchors
}

// orgName finds the name ending with the suffix at rs[sufStart:sufEnd]
// whose start lies in [stem, sufStart).
func orgName(rs []rune, ms []mention, stem, sufStart, sufEnd int) (name, generic string, ok bool) {
	var anchors []anchor
	for _, m := range ms {
		if m.div != nil && m.start >= stem && m.end <= sufStart {
			anchors = append(anchors, anchor{m.start, m.end, m.div})
		}
	}
	stemText := string(rs[stem:sufStart])
	for _, a := range nationalAnchors {
		if k := strings.Index(stemText, a); k >= 0 {
			s := stem + len([]rune(stemText[:k]))
			anchors = append(anchors, anchor{s, s + len([]rune(a)), nil})
			break
		}
	}
	slices.SortFunc(anchors, func(x, y anchor) int { return cmp.Compare(x.start, y.start) })
	for _, a := range anchors {
		start := a.start
		end := a.end
		// Follow a chain of adjacent places (山东省临沂市郯城县), keeping the lowest.
		for {
			next := placeAt(ms, end, sufStart)
			if next == nil {
				break
			}
			if a.div != nil && next.div.Level > a.div.Level && next.div.prov == a.div.prov && !next.cands[0].short {
				start = next.start
			}
			a = anchor{next.start, next.end, next.div}
			end = next.end
		}
		middle := rs[end:sufStart]
		if !plausibleMiddle(middle) {
			continue
		}
		name = string(rs[start:sufEnd])
		if len(middle) > 0 {
			generic = string(rs[end:sufEnd])
		}
		return name, generic, true
	}
	return "", "", false
}

// placeAt returns the resolved mention starting at rune i and ending by limit.
func placeAt(ms []mention, i, limit int) *mention {
	for k := range ms {
		if ms[k].start == i && ms[k].div != nil && ms[k].end <= limit {
			return &ms[k]
		}
	}
	return nil
}
