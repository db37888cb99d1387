package ingest

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
)

// chinaTime is the zone of dates Chinese pages print without one.
var chinaTime = time.FixedZone("CST", 8*3600)

// pageMeta is what a page declares about itself in <meta> tags and JSON-LD.
type metaDate struct{ value, from string }

type pageMeta struct {
	title  string
	dates  []metaDate // most specific declaration first
	author string
	source string
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

// datePattern matches the dates Chinese pages print: 2021-01-18 01:05:01,
// 2021年01月18日 10:30, 2021/1/18, 2021.01.18.
var datePattern = regexp.MustCompile(`((?:19|20)\d{2})\s*(?:年|[-/.])\s*(\d{1,2})\s*(?:月|[-/.])\s*(\d{1,2})(?:\s*日)?` +
	`(?:\s*(?:T\s*)?(\d{1,2})\s*[:：时]\s*(\d{1,2})(?:\s*[:：分]\s*(\d{1,2}))?)?`)

// compactDate matches 20210118 in meta values and URLs.
var compactDate = regexp.MustCompile(`(?:^|[^0-9])((?:19|20)\d{2})(\d{2})(\d{2})(?:[^0-9]|$)`)

// labelledDate is a date after a label saying it is the publication date.
var labelledDate = regexp.MustCompile(`(?:发布|发表|时间|日期)[^0-9]{0,8}` + datePattern.String())

// parseDate reads one date in any of the forms above or RFC 3339, in
// China's zone unless it names its own.
func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05.000Z0700"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.In(chinaTime), true
		}
	}
	if m := datePattern.FindStringSubmatch(s); m != nil {
		return dateFromParts(m[1:])
	}
	if m := compactDate.FindStringSubmatch(s); m != nil {
		return dateFromParts(m[1:])
	}
	return time.Time{}, false
}

// dateFromParts builds a date from year, month, day and optional hour,
// minute, second strings, rejecting impossible ones (2021-02-30).
func dateFromParts(p []string) (time.Time, bool) {
	v := make([]int, 6)
	for i := range v {
		if i < len(p) && p[i] != "" {
			v[i], _ = strconv.Atoi(p[i])
		}
	}
	t := time.Date(v[0], time.Month(v[1]), v[2], v[3], v[4], v[5], 0, chinaTime)
	if t.Year() != v[0] || int(t.Month()) != v[1] || t.Day() != v[2] || v[3] > 23 || v[4] > 59 || v[5] > 59 {
		return time.Time{}, false
	}
	return t, true
}

// plausible rejects dates in the future and before the web.
func plausible(t time.Time, now time.Time) bool {
	return t.Year() >= 1990 && !t.After(now.Add(24*time.Hour))
}

// findPublished tries, in order: the caller's selector, meta tags and
// JSON-LD, <time>, the lines around the headline (byTitle: empty when the
// headline was not found among the blocks), the first date labelled as a
// publication date anywhere (发布时间, 发表于 …), the other short lines
// around the text (lines, see metaLines), and the page URL. It returns the
// date, when the date came from a line of the page that line, and which
// evidence it was (Article.PublishedFrom).
func findPublished(doc *goquery.Document, meta pageMeta, byTitle, lines, blocks []block, pageURL string, opts ExtractOptions) (time.Time, string, string) {
	var cands []metaDate
	if opts.DateSelector != "" {
		cands = append(cands, metaDate{collapseSpace(doc.Find(opts.DateSelector).First().Text()), "selector"})
	}
	cands = append(cands, meta.dates...)
	doc.Find("time").Each(func(_ int, s *goquery.Selection) {
		cands = append(cands, metaDate{s.AttrOr("datetime", ""), "time"}, metaDate{s.Text(), "time"})
	})
	for _, c := range cands {
		if t, ok := parseDate(c.value); ok && plausible(t, opts.Now) {
			return t, "", c.from
		}
	}
	firstDate := func(lines []block) (time.Time, string) {
		for _, b := range lines {
			if t, ok := parseDate(b.text); ok && plausible(t, opts.Now) {
				return t, b.text
			}
		}
		return time.Time{}, ""
	}
	if t, line := firstDate(byTitle); !t.IsZero() {
		return t, line, "title_block"
	}
	for _, b := range blocks {
		if m := labelledDate.FindString(b.text); m != "" {
			if t, ok := parseDate(m); ok && plausible(t, opts.Now) {
				return t, b.text, "labelled"
			}
		}
	}
	if t, line := firstDate(lines); !t.IsZero() {
		return t, line, "text"
	}
	for _, re := range []*regexp.Regexp{compactDate, datePattern} {
		if m := re.FindStringSubmatch(pageURL); m != nil {
			if t, ok := dateFromParts(m[1:4]); ok && plausible(t, opts.Now) {
				return t, "", "url"
			}
		}
	}
	return time.Time{}, "", ""
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

var (
	sourcePattern = regexp.MustCompile(`(?:[来來]源|稿源|出[处處])\s*[：:]\s*([^\s\p{Z}|｜:：]{2,30})`)
	// sourceEnd cuts a source run into the next label: 来源：青山日报作者：….
	sourceEnd = regexp.MustCompile(`(?:作者|[记記]者|[责責]任[编編][辑輯]|[编編][辑輯]|[时時][间間]|[发發]布|日期).*$`)
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
	notName    = regexp.MustCompile(`^(?:[时時][间間]|日期|[来來]源|[发發]布|[编編][辑輯]|作者|[记記]者|通[讯訊][员員]|[摄攝]影|[摄攝]|[报報]道|[实實][习習]生|[浏瀏][览覽]次?[数數]?|[点點][击擊][数數量率]?|[阅閱][读讀][数數量]?|字[号號])$|[报報]道$`)
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
	for _, b := range lines {
		if utf8.RuneCountInString(b.text) > 80 {
			continue
		}
		if m := sourcePattern.FindStringSubmatch(b.text); m != nil {
			if source = sourceEnd.ReplaceAllString(m[1], ""); source != "" {
				break
			}
		}
	}
	var text []block
	if len(body) > 0 {
		text = []block{body[0], body[len(body)-1]}
	}
	for _, rule := range authorRules {
		for _, b := range lines {
			if utf8.RuneCountInString(b.text) > 80 {
				continue
			}
			if a := matchNames(rule.re, b.text); a != "" {
				return pick(source, meta.source), a
			}
		}
		if !rule.inText {
			continue
		}
		for _, b := range text {
			if a := matchNames(rule.re, b.text); a != "" {
				return pick(source, meta.source), a
			}
		}
	}
	if personName.MatchString(meta.author) {
		author = strings.Join(nameSep.Split(meta.author, -1), " ")
	}
	return pick(source, meta.source), author
}

func pick(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
