package gazetteer

import (
	"cmp"
	_ "embed"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/fednews/fednews/zh"
)

// The words that end organization names, and the aliases of the words in
// them (see the files for their format).
var (
	//go:embed org_suffixes.txt
	orgSuffixesText string
	//go:embed org_aliases.tsv
	orgAliasesText string
	//go:embed org_heads.txt
	orgHeadsText string
	//go:embed place_words.txt
	placeWordsText string
	//go:embed org_categories.txt
	orgCategoriesText string
)

// orgData is the parsed suffix list and alias table.
type orgData struct {
	suffixes []string // longest first
	// suffixStarts holds each suffix's first rune: suffixAt runs at
	// the positions around every mention, and almost none starts a suffix.
	suffixStarts string
	heads        []string // words a name may start with before its place
	// categories are words that make the name after them a category
	// (等地温州商会).
	categories []string
	aliases    [][2]string // form, canonical; longest form first
	// placeWords are words that start with a place name without being
	// that place (新乡贤, 临沂商城): one word each, whatever the segmenter says.
	placeWords [][]rune
	// seg loads the segmenter; nil: no word-boundary check.
	seg       func() (*zh.Segmenter, error)
	segFailed sync.Once // the load error is logged once
	words     wordCache
}

// wordCache remembers the word boundaries boundaries found in recent
// parts of texts: the few runes around a place name recur from article
// to article (浙江省工商联组织, 市委书记), and segmenting them again was
// most of finding a document's places. At most wordCacheSize parts are
// kept; a full cache starts again empty.
type wordCache struct {
	mu sync.Mutex
	m  map[string][]bool
}

// wordCacheSize bounds the parts a wordCache holds, a few megabytes.
const wordCacheSize = 1 << 15

func (c *wordCache) get(part string) ([]bool, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	at, ok := c.m[part]
	return at, ok
}

func (c *wordCache) put(part string, at []bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= wordCacheSize {
		c.m = make(map[string][]bool, wordCacheSize)
	}
	c.m[part] = at
}

// wordList reads one word a line; # starts a comment line.
func wordList(name, text string) ([]string, error) {
	var out []string
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		if strings.ContainsAny(line, " \t") {
			return nil, fmt.Errorf("%s line %d: want one word, got %q", name, n+1, line)
		}
		out = append(out, line)
	}
	return out, nil
}

func parseOrgData(suffixes, heads, aliases, placeWords, categories string) (*orgData, error) {
	d := &orgData{}
	var err error
	if d.categories, err = wordList("org_categories.txt", categories); err != nil {
		return nil, err
	}
	if d.suffixes, err = wordList("org_suffixes.txt", suffixes); err != nil {
		return nil, err
	}
	for _, suf := range d.suffixes {
		r, _ := utf8.DecodeRuneInString(suf)
		d.suffixStarts += string(r)
	}
	words, err := wordList("place_words.txt", placeWords)
	if err != nil {
		return nil, err
	}
	// As runes: boundaries compares them with every position of a name's
	// stem, and converting each word there was most of its cost.
	for _, w := range words {
		d.placeWords = append(d.placeWords, []rune(w))
	}
	if d.heads, err = wordList("org_heads.txt", heads); err != nil {
		return nil, err
	}
	for n, line := range strings.Split(aliases, "\n") {
		if strings.TrimSpace(line) == "" || line[0] == '#' {
			continue
		}
		form, canonical, ok := strings.Cut(line, "\t")
		if !ok || form == "" || canonical == "" || strings.Contains(canonical, "\t") {
			return nil, fmt.Errorf("org_aliases.tsv line %d: want FORM<TAB>CANONICAL, got %q", n+1, line)
		}
		d.aliases = append(d.aliases, [2]string{form, canonical})
	}
	if len(d.suffixes) == 0 {
		return nil, fmt.Errorf("org_suffixes.txt: no suffixes")
	}
	byLen := func(a, b string) int { return cmp.Compare(utf8.RuneCountInString(b), utf8.RuneCountInString(a)) }
	slices.SortStableFunc(d.suffixes, byLen)
	slices.SortStableFunc(d.aliases, func(a, b [2]string) int { return byLen(a[0], b[0]) })
	return d, nil
}

// canonical replaces the aliases in name, longest first, each place once.
func (d *orgData) canonical(name string) string {
	for _, a := range d.aliases {
		name = strings.ReplaceAll(name, a[0], a[1])
	}
	return name
}

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
荣获 评为 表彰 实现 搭建 完善 健全 签约 签订 召集 动员 邀请 成为 设立 依托 通过 围绕 积极 不断 持续
现有 共有 拥有 新增 累计 已有 包括 其中 以及`)

// plausibleMiddle says whether rs can stand between a place and a suffix.
func plausibleMiddle(rs []rune) bool {
	if len(rs) > maxMiddle {
		return false
	}
	m := string(rs)
	if strings.ContainsAny(m, stopRunes) || (len(rs) > 0 && strings.ContainsRune(countRunes, rs[0])) {
		return false
	}
	// An ordinal (第六次, 第三届) counts events: 温州市第六次海外温州商会 is
	// a sentence, not a name.
	if strings.ContainsRune(m, '第') {
		return false
	}
	for _, v := range middleVerbs {
		if strings.Contains(m, v) {
			return false
		}
	}
	return true
}

// Org is an organization a text names.
type Org struct {
	// Name is the canonical name: the place in full (深圳 → 深圳市) and
	// the aliases applied (电商 → 电子商务), the value facets group by.
	Name string `json:"name"`
	// Surface is the name as the text first writes it (深圳跨境电商商会).
	Surface string `json:"surface"`
	// Kind is the name without its place (跨境电子商务商会 of
	// 深圳市跨境电子商务商会), "" when the name is only a place and a
	// suffix or starts with no place.
	Kind string `json:"kind,omitempty"`
}

// Orgs returns the canonical names of the organizations text names, first
// mention first (see Organizations).
func (g *Gazetteer) Orgs(text string) []string {
	var out []string
	for _, o := range g.Organizations(text) {
		out = append(out, o.Name)
	}
	return out
}

// Organizations returns the organizations text (normalized, simplified
// script) names, once per canonical name, first mention first: a place
// (or 全国, 中国) followed by at most a few characters and an
// organization suffix (工商联, 工商业联合会, 总商会, 商会, 协会, 联合会).
// Leading higher divisions are dropped (江西省万年县工商联 → 万年县工商联).
// The place must be a word of the name: it starts and ends where the
// segmenter's words do (新乡贤商会 is no 新乡 chamber, 临沂商城商会 no
// chamber of 临沂市); a name that starts with a word beginning with a
// place name keeps the name as written.
func (g *Gazetteer) Organizations(text string) []Org {
	rs := []rune(text)
	var out []Org
	seen := map[string]bool{}
	for _, m := range g.orgs(rs, g.resolve(text, rs)) {
		if !seen[m.name] {
			seen[m.name] = true
			out = append(out, Org{Name: m.name, Surface: m.surface, Kind: m.kind})
		}
	}
	return out
}

// orgMatch is one organization a text names: its canonical name, the name
// without its place (the kind of body, "" when the name is only a place
// and a suffix), the name as written, the rune where it starts and the
// rune where its place ends (placeEnd == start when it starts with no
// place), and whether the place it starts with is borrowed (see
// borrowedPlaces).
type orgMatch struct {
	name, kind, surface string
	start, placeEnd     int
	borrowed            bool // its place is not where it is (上海郯城商会)
}

func (g *Gazetteer) orgs(rs []rune, ms []mention) []orgMatch {
	var out []orgMatch
	prevEnd := 0
	for i := 0; i < len(rs); i++ {
		suf := g.suffixAt(rs, i)
		if suf == 0 {
			continue
		}
		stem := i
		for stem > prevEnd && i-stem < maxStem && isHan(rs[stem-1]) {
			stem--
		}
		if m, ok := g.org.name(rs, ms, stem, i, i+suf); ok && !endsWith(rs, m.start, g.org.categories) {
			m.name, m.kind = g.org.canonical(m.name), g.org.canonical(m.kind)
			out = append(out, m)
		}
		i += suf - 1
		prevEnd = i + 1
	}
	return out
}

// suffixAt returns the length in runes of the organization suffix at rs[i:], or 0.
func (g *Gazetteer) suffixAt(rs []rune, i int) int {
	if i >= len(rs) || !strings.ContainsRune(g.org.suffixStarts, rs[i]) {
		return 0
	}
	for _, s := range g.org.suffixes {
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

// name finds the name ending with the suffix at rs[sufStart:sufEnd] whose
// start lies in [stem, sufStart). The place it starts with is written in
// full (see fullOf), unless a head word (海外) stands before it.
func (d *orgData) name(rs []rune, ms []mention, stem, sufStart, sufEnd int) (orgMatch, bool) {
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
	word := d.boundaries(rs, stem, sufStart)
	for _, a := range anchors {
		if !word(a.start) {
			continue // the place begins inside a word (全新乡镇)
		}
		if !word(a.end) {
			// A word that starts with a place name (新乡贤, 临沂商城): the
			// name starts there, as written, and has no place.
			if !plausibleMiddle(rs[a.end:sufStart]) {
				continue
			}
			surface := string(rs[a.start:sufEnd])
			return orgMatch{name: surface, surface: surface, start: a.start, placeEnd: a.start}, true
		}
		first := a // the place the name starts with
		end := a.end
		// Follow a chain of adjacent places (山东省临沂市郯城县), keeping the lowest.
		for {
			next := placeAt(ms, end, sufStart)
			if next == nil || !word(next.end) {
				break
			}
			if a.div != nil && next.div.Level > a.div.Level && next.div.prov == a.div.prov && !next.cands[0].short {
				first = anchor{next.start, next.end, next.div}
			}
			a = anchor{next.start, next.end, next.div}
			end = next.end
		}
		middle := rs[end:sufStart]
		if !plausibleMiddle(middle) {
			continue
		}
		start, place := first.start, string(rs[first.start:first.end])
		if head := d.headBefore(rs, stem, first.start); head != "" {
			start -= utf8.RuneCountInString(head)
			place = head + place // 海外温州商会: the place stays as written
		} else if div := first.div; div != nil && (div.Level != Province || first.end == sufStart) && fullOf(div, place) {
			place = div.Name
		}
		m := orgMatch{name: place + string(rs[first.end:sufEnd]), surface: string(rs[start:sufEnd]), start: start, placeEnd: end}
		// 上海|郯城|商会: the place is followed, inside the name, by a word
		// that names another province's place or an unresolved one.
		for _, n := range ms {
			if n.start == first.end && n.end <= sufStart && word(n.end) && first.div != nil &&
				(n.div == nil || n.div.prov != first.div.prov) {
				m.borrowed = true
			}
		}
		if len(middle) > 0 {
			m.kind = string(rs[end:sufEnd])
		}
		if m.borrowed {
			m.kind = string(rs[first.end:sufEnd]) // 上海郯城商会 is a 郯城商会
		}
		return m, true
	}
	return orgMatch{}, false
}

// boundaries returns whether a word of rs[stem:sufStart] starts or ends
// at a rune, as the segmenter splits that part of the name (without its
// suffix: the segmenter's 县工商联 would swallow 万年县's 县), with each
// place word (新乡贤) one word. Without a segmenter every rune is a
// boundary.
func (d *orgData) boundaries(rs []rune, stem, sufStart int) func(int) bool {
	if d.seg == nil {
		return func(int) bool { return true }
	}
	seg, err := d.seg()
	if err != nil {
		// Only a broken build fails here, and whoever extracts
		// organizations segments the text too and reports it there.
		d.segFailed.Do(func() { slog.Error("gazetteer: organizations without word boundaries", "err", err) })
		return func(int) bool { return true }
	}
	part := rs[stem:sufStart]
	text := string(part)
	at, ok := d.words.get(text)
	if !ok {
		at = d.segmentBoundaries(seg, part, text)
		d.words.put(text, at)
	}
	return func(i int) bool {
		j := i - stem
		return j >= 0 && j < len(at) && at[j]
	}
}

// segmentBoundaries returns, for each rune of part (and its end), whether
// a word starts or ends there (see boundaries); text is part as a string.
func (d *orgData) segmentBoundaries(seg *zh.Segmenter, part []rune, text string) []bool {
	// Slices, not maps: boundaries runs for every place and organization
	// mention, and the maps were a tenth of extracting a document.
	at := make([]bool, len(part)+1)
	at[0], at[len(part)] = true, true
	byteToRune := make([]int, len(text)+1)
	n := 0
	for i := range text {
		byteToRune[i] = n
		n++
	}
	byteToRune[len(text)] = n
	for _, t := range seg.Precise(text) {
		at[byteToRune[t.Start]], at[byteToRune[t.End]] = true, true
	}
	for _, w := range d.placeWords {
		for k := 0; k+len(w) <= len(part); k++ {
			if slices.Equal(part[k:k+len(w)], w) {
				at[k], at[k+len(w)] = true, true
				for j := k + 1; j < k+len(w); j++ {
					at[j] = false
				}
			}
		}
	}
	return at
}

// fullOf says whether place is div's name without its 省, 市, 县 or 区,
// which a canonical name writes (深圳 → 深圳市). A province is written in
// full only before the suffix itself (安徽工商联 → 安徽省工商联, but
// 香港中华总商会 and 台湾区电机电子工业同业公会 keep their names).
func fullOf(div *Division, place string) bool {
	rest, ok := strings.CutPrefix(div.Name, place)
	return ok && (rest == "省" || rest == "市" || rest == "县" || rest == "区")
}

// headBefore returns the head word (海外) that ends at rs[at], within the
// stem, or "".
func (d *orgData) headBefore(rs []rune, stem, at int) string {
	for _, h := range d.heads {
		n := utf8.RuneCountInString(h)
		if at-n >= stem && string(rs[at-n:at]) == h {
			return h
		}
	}
	return ""
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
