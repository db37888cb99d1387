package ingest

import (
	"encoding/json"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"

	"github.com/fednews/fednews/zh"
)

// chinaTime is the zone of dates Chinese pages print without one.
var chinaTime = zh.China

// pageMeta is what a page declares about itself in <meta> tags and JSON-LD.
type metaDate struct{ value, from string }

type pageMeta struct {
	title  string
	dates  []metaDate // most specific declaration first
	author string
	source string
	// contentSource is the government-site standard <meta
	// name="ContentSource">: the publisher as the site's editors entered
	// it, which wins over a 来源 line.
	contentSource string
}

// metaDateNames are <meta> name/property/itemprop values that carry the
// publication date, most specific first.
var metaDateNames = []string{
	"article:published_time", "og:article:published_time", "og:published_time", "datepublished",
	"publishdate", "publish_date", "publishtime", "publish-time", "pubdate", "published_time",
	"dc.date.issued", "dcterms.created", "dc.date", "sailthru.date", "parsely-pub-date",
	"weibo:article:create_at", "article.published", "date", "created",
}

func readMeta(doc *goquery.Document) pageMeta {
	var m pageMeta
	found := map[string]string{}
	doc.Find("meta").Each(func(_ int, s *goquery.Selection) {
		content := strings.TrimSpace(s.AttrOr("content", ""))
		if content == "" {
			return
		}
		for _, attr := range []string{"name", "property", "itemprop"} {
			if k := strings.ToLower(strings.TrimSpace(s.AttrOr(attr, ""))); k != "" {
				if _, dup := found[k]; !dup {
					found[k] = content
				}
			}
		}
	})
	for _, k := range metaDateNames {
		if v := found[k]; v != "" {
			m.dates = append(m.dates, metaDate{v, "meta"})
		}
	}
	m.title = firstNonEmpty(found["og:title"], found["twitter:title"], found["articletitle"])
	m.author = firstNonEmpty(found["author"], found["article:author"], found["dc.creator"])
	m.source = firstNonEmpty(found["source"], found["og:site_name"])
	m.contentSource = strings.TrimSpace(found["contentsource"])
	doc.Find(`script[type="application/ld+json"]`).Each(func(_ int, s *goquery.Selection) {
		var v any
		if json.Unmarshal([]byte(s.Text()), &v) != nil {
			return
		}
		if d := jsonLDString(v, "datePublished"); d != "" {
			m.dates = append([]metaDate{{d, "json-ld"}}, m.dates...)
		}
		if m.title == "" {
			m.title = jsonLDString(v, "headline")
		}
	})
	return m
}

// jsonLDString finds key anywhere in a decoded JSON-LD value (documents
// nest articles in @graph arrays) and returns its first string value.
func jsonLDString(v any, key string) string {
	switch x := v.(type) {
	case map[string]any:
		if s, ok := x[key].(string); ok && s != "" {
			return s
		}
		for _, c := range x {
			if s := jsonLDString(c, key); s != "" {
				return s
			}
		}
	case []any:
		for _, c := range x {
			if s := jsonLDString(c, key); s != "" {
				return s
			}
		}
	}
	return ""
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}

// titleSeparators split a <title> into the headline and the site's name.
var titleSeparators = regexp.MustCompile(`\s*(?:[_|｜]|--|-\s|\s-|—|–|::)\s*`)

// findTitle returns the headline and the index of its block (-1 when the
// headline is not one of the blocks). The headline is the longest block
// the page's <title> (or og:title) contains, since <title> is the
// headline plus the site's name, else the first <h1>, else the first part
// of <title>.
func findTitle(doc *goquery.Document, blocks []block, meta pageMeta, selector string) (string, int) {
	if selector != "" {
		if t := collapseSpace(doc.Find(selector).First().Text()); t != "" {
			return t, blockIndex(blocks, t)
		}
	}
	docTitle := collapseSpace(doc.Find("title").First().Text())
	best, bestAt := "", -1
	for i, b := range blocks {
		n := utf8.RuneCountInString(b.text)
		if n < 4 || n > 100 || b.linkDensity() > 0.5 {
			continue
		}
		if (docTitle != "" && strings.Contains(docTitle, b.text)) || (meta.title != "" && strings.Contains(meta.title, b.text)) {
			if n > utf8.RuneCountInString(best) {
				best, bestAt = b.text, i
			}
		}
	}
	if best != "" {
		return best, bestAt
	}
	if h := collapseSpace(doc.Find("h1").First().Text()); h != "" {
		return h, blockIndex(blocks, h)
	}
	if meta.title != "" {
		return collapseSpace(meta.title), -1
	}
	return titleSeparators.Split(docTitle, 2)[0], -1
}

func blockIndex(blocks []block, text string) int {
	for i, b := range blocks {
		if b.text == text {
			return i
		}
	}
	return -1
}

// metaLines returns the short lines where pages state date, source and
// author: around the headline (near), the first and last few of the text,
// and the few just after it.
func metaLines(near, body, after []block) []block {
	out := append([]block(nil), near...)
	tail := body
	if len(body) > 9 {
		out = append(out, body[:3]...)
		tail = body[len(body)-6:]
	}
	for _, b := range append(tail, after...) {
		if utf8.RuneCountInString(b.text) <= 100 {
			out = append(out, b)
		}
	}
	return out
}

// fieldLabels are the labels of the line under a headline, in both
// scripts: a label's value ends where the next label begins.
const fieldLabels = `[信訊]息[来來]源|[来來]源|作者|[记記]者|通[讯訊][员員]|[责責]任[编編][辑輯]|[责責][编編]|[编編][辑輯]|` +
	`[发發]布[时時][间間]|[发發]布|[时時][间間]|日期|[浏瀏][览覽]次?[数數]?|[点點][击擊][数數量率]?|[阅閱][读讀][数數量]?|字[号號]`

var (
	sourcePattern = regexp.MustCompile(`(?:[来來]源|稿源|出[处處])\s*[：:]\s*([^\s\p{Z}|｜:：]{2,30})`)
	// sourceEnd cuts a source run into the next label of the line
	// (来源：青山日报作者：…, 来源：上饶市工商联浏览次数：): a value ends
	// at the next label, never joining its neighbour.
	sourceEnd  = regexp.MustCompile(`(?:` + fieldLabels + `).*$`)
	labelStart = regexp.MustCompile(`(?:` + fieldLabels + `)\s*[：:]`)
	// names: two to four Han characters (with · for transliterations), or
	// a Latin-script name, several separated by spaces or 、.
	names = `([\p{Han}·]{2,4}(?:[ 、，,]+[\p{Han}·]{2,4})*|[A-Za-z][A-Za-z0-9_. ]{1,30})`
	// authorRules in order of preference: the writer before the editor.
	// Those marked inText also match inside the first and last paragraphs,
	// where reporters are credited: （记者 张三）, （张三 上海报道）.
	authorRules = []struct {
		re     *regexp.Regexp
		inText bool
	}{
		{regexp.MustCompile(`作者\s*(?:[：:/｜|]\s*|\s+)` + names), false},
		{regexp.MustCompile(`[记記]者\s*(?:[：:/｜|]\s*|\s+)` + names), false},
		{regexp.MustCompile(`通[讯訊][员員]\s*(?:[：:/｜|]\s*|\s+)` + names), false},
		{regexp.MustCompile(`[记記]者([\p{Han}·]{2,4})(?:[发發]自|[报報]道)`), true},
		{regexp.MustCompile(`[（(][^（）()]{0,12}?[记記]者\s*` + names + `[^（）()]{0,8}[)）]`), true},
		{regexp.MustCompile(`[（(]\s*` + names + `\s+[\p{Han}]{2,6}[报報]道\s*[)）]`), true},
		{regexp.MustCompile(`(?:撰文|撰稿|文)\s*(?:[：:/｜|]\s*|\s+)` + names), false},
		{regexp.MustCompile(`(?:^|\s)([\p{Han}\w·]{2,20})\s*(?:[发發]表[于於]|[张張][贴貼][于於])`), false},
		{regexp.MustCompile(`(?:[责責]任[编編][辑輯]|[责責][编編]|[编編][辑輯])\s*(?:[：:/｜|]\s*|\s+)` + names), false},
	}
	nameSep = regexp.MustCompile(`[ 、，,]+`)
	// datelineAfter follows a place in a dateline: 张三 上海报道, 北京电.
	datelineAfter = regexp.MustCompile(`^(?:[报報]道|[电電]|[发發]自)`)
	datelineEnd   = regexp.MustCompile(`(?:[报報]道|[电電])$`)
	// notName are words the name pattern catches after a credit: the next
	// label on the line, or the dateline of a report (上海报道, 发自北京).
	notName    = regexp.MustCompile(`^(?:` + fieldLabels + `|[摄攝]影|[摄攝]|[报報]道|[实實][习習]生)$|[报報]道$`)
	nameSuffix = regexp.MustCompile(`(?:[发發]自.*|[报報]道|[摄攝]影?|[电電])$`)
	personName = regexp.MustCompile(`^[\p{Han}·]{2,4}(?:[ 、，,][\p{Han}·]{2,4})*$`)
)

// matchNames applies re to text and returns the credited names, separated
// by spaces, or "".
func matchNames(re *regexp.Regexp, text string) string {
	m := re.FindStringSubmatchIndex(text)
	if m == nil {
		return ""
	}
	ns := nameSep.Split(strings.TrimSpace(text[m[2]:m[3]]), -1)
	// A place right before 报道/电/发自 is the dateline, not a name:
	// 记者 张三 上海报道, whether the name pattern stopped before 报道
	// (a four-character place) or took it in (北京报道).
	if last := len(ns) - 1; last > 0 && (datelineAfter.MatchString(text[m[3]:]) || datelineEnd.MatchString(ns[last])) {
		ns = ns[:last]
	}
	var out []string
	for _, n := range ns {
		if n = nameSuffix.ReplaceAllString(n, ""); utf8.RuneCountInString(n) >= 2 && !notName.MatchString(n) {
			out = append(out, n)
		}
	}
	return strings.Join(out, " ")
}

// findSourceAuthor reads 来源：… from the short lines around the text, and
// the author by authorRules from those lines and (for credits) the first
// and last paragraphs. The meta author is used only when it reads as a
// person's name: sites fill it with their own name.
func findSourceAuthor(meta pageMeta, lines, body []block) (source, author string) {
	var short []string
	for _, b := range lines {
		if utf8.RuneCountInString(b.text) <= 80 {
			// Pages print the labels in adjoining elements with nothing
			// between: a space before each label ends the value before.
			short = append(short, labelStart.ReplaceAllString(b.text, " $0"))
		}
	}
	for _, l := range short {
		if m := sourcePattern.FindStringSubmatch(l); m != nil {
			if source = sourceEnd.ReplaceAllString(m[1], ""); source != "" {
				break
			}
		}
	}
	source = pick(meta.contentSource, pick(source, meta.source))
	var text []string
	if len(body) > 0 {
		text = []string{body[0].text, body[len(body)-1].text}
	}
	for _, rule := range authorRules {
		for _, l := range short {
			if a := matchNames(rule.re, l); a != "" {
				return source, a
			}
		}
		if !rule.inText {
			continue
		}
		for _, l := range text {
			if a := matchNames(rule.re, l); a != "" {
				return source, a
			}
		}
	}
	if personName.MatchString(meta.author) {
		author = strings.Join(nameSep.Split(meta.author, -1), " ")
	}
	return source, author
}

func pick(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
