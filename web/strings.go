package web

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/fednews/fednews/index"
)

// The page's languages: Chinese by default, English by the switch in the
// header (?lang=en, remembered in a cookie).
const (
	langZH = "zh"
	langEN = "en"
)

// langs are the page's languages, the default first.
var langs = []string{langZH, langEN}

// uiStrings is every fixed text of the page: key → Chinese, English. The
// templates read them with {{t "key"}} (or {{tf "key" args…}} for a
// format), Go code with tr.
var uiStrings = map[string][2]string{
	// layout
	"html.lang":     {"zh-CN", "en"},
	"lang.switch":   {"English", "中文"},
	"lang.other":    {"en", "zh-CN"},
	"search":        {"搜索", "Search"},
	"footer":        {"fednews · 工商联新闻 · ", "fednews · news about federations of industry and commerce · "},
	"json.api":      {"JSON 接口", "JSON API"},
	"search.place":  {"营商环境 \"女企业家商会\" -深圳 year:2024", "营商环境 \"女企业家商会\" -深圳 year:2024"},
	"dates.order":   {"日期与排序", "Dates & order"},
	"from":          {"起", "From"},
	"to":            {"止", "To"},
	"order":         {"排序", "Order"},
	"sort.":         {"相关度", "relevance"},
	"sort.newest":   {"最新在前", "newest first"},
	"sort.oldest":   {"最早在前", "oldest first"},
	"sorted.":       {"按相关度排序", "sorted by relevance"},
	"sorted.newest": {"按时间排序，最新在前", "sorted newest first"},
	"sorted.oldest": {"按时间排序，最早在前", "sorted oldest first"},
	// search page
	"facets":          {"分面", "Facets"},
	"results":         {"搜索结果", "Results"},
	"filters":         {"筛选条件", "Filters"},
	"remove.filter":   {"去掉这个条件", "remove this filter"},
	"not":             {"不含", "not"},
	"or":              {"或", "or"},
	"exclude":         {"排除", "exclude"},
	"exclude.title":   {"排除含此值的文章", "leave out the articles with this value"},
	"select.title":    {"加入此值（同一分面内任一值即可）", "add this value (any value of a facet matches)"},
	"unselect.title":  {"取消此值", "remove this value"},
	"more":            {"全部 %d 项…", "all %d…"},
	"fewer":           {"收起", "fewer"},
	"stories":         {"篇报道", "stories"},
	"story":           {"篇报道", "story"},
	"with.reposts":    {"（含转载共 %d 篇文档）", " (%d documents with reposts)"},
	"count.copies":    {"每份转载都计数", "count every copy"},
	"documents.all":   {"篇文档，每份转载都计数", "documents, every copy of each story counted"},
	"count.stories":   {"按报道计数", "count stories"},
	"showing":         {"第 %d–%d 条", "showing %d–%d"},
	"no.match":        {"没有匹配的文章。", "No articles match."},
	"figures.csv":     {"数据 CSV", "Figures CSV"},
	"articles.csv":    {"文章 CSV", "Articles CSV"},
	"per.month":       {"每月", "Per month"},
	"max.month":       {"最多 %d 篇/月", "max %d/month"},
	"untitled":        {"（无标题）", "(untitled)"},
	"duplicates":      {"%d 篇重复", "%d duplicates"},
	"duplicate":       {"%d 篇重复", "%d duplicate"},
	"dup.cluster":     {"重复报道", "duplicate cluster"},
	"same.story":      {"同一报道的其他来源", "Same story elsewhere"},
	"prev":            {"← 上一页", "← Previous"},
	"next":            {"下一页 →", "Next →"},
	"page.of":         {"第 %d 页，共 %d 页", "page %d of %d"},
	"per.page":        {"每页", "Per page"},
	"chart.stories":   {"篇报道", "stories"},
	"chart.documents": {"篇文档", "documents"},
	"chart.summary":   {"%[3]s 至 %[4]s 共 %[1]d %[2]s，单%[6]s最多 %[5]d", "%d %s from %s to %s, at most %d in one %s"},
	"chart.month":     {"月", "month"},
	"chart.year":      {"年", "year"},
	// document page
	"published":       {"发布时间", "Published"},
	"source":          {"来源", "Source"},
	"author":          {"作者", "Author"},
	"places":          {"地区", "Places"},
	"address":         {"网址", "Address"},
	"script":          {"字形", "Script"},
	"document":        {"文档", "Document"},
	"dups.in.cluster": {"本组共 %d 篇重复", "%d duplicates in this cluster"},
	"figures":         {"数据", "Figures"},
	"in.part":         {"（本部分）", " in this part"},
	"figures.first":   {"列出前 %d 项；其余 %d 项见 ", "The first %d are listed; the other %d are in the "},
	"no.figures":      {"本文未找到数据。", "No figures found in this article."},
	"col.n":           {"#", "#"},
	"col.figure":      {"数据", "Figure"},
	"col.kind":        {"类型", "Kind"},
	"col.value":       {"数值", "Value"},
	"col.unit":        {"单位", "Unit"},
	"col.qualifier":   {"限定", "Qualifier"},
	"col.date":        {"日期", "Date"},
	"col.period":      {"时期", "Period"},
	"col.subject":     {"主体", "Subject"},
	"col.topic":       {"主题", "Topic"},
	"text":            {"正文", "Text"},
	"show.original":   {"显示原文", "Show original"},
	"show.simplified": {"显示简体", "Show simplified"},
	"is.simplified":   {"转为简体的正文。", "The text converted to simplified script."},
	"is.original":     {"原文。", "Text as published."},
	"marked":          {"数据已标出。", "Figures are marked."},
	"marked.query":    {"数据与“%s”的匹配处已标出。", "Figures and the matches of “%s” are marked."},
	"part.of":         {"第 %d 部分，共 %d 部分", "Part %d of %d"},
	"prev.part":       {"上一部分", "previous part"},
	"next.part":       {"下一部分", "next part"},
	"back.results":    {"← 返回搜索结果", "← Back to the results"},
	"figure.n":        {"数据 %d", "figure %d"},
	"match":           {"匹配", "match"},
	// research views (research.html)
	"r.views":             {"视图", "Views"},
	"r.trend":             {"趋势", "Trend"},
	"r.kwic":              {"语境", "KWIC"},
	"r.kwic.long":         {"关键词语境", "Keyword in context"},
	"r.terms":             {"特征词", "Top terms"},
	"r.figures":           {"数据", "Figures"},
	"r.explorer":          {"数据浏览", "Figure explorer"},
	"r.queries":           {"查询（最多 5 个，画在同一张图上）", "Queries (up to 5, compared on one chart)"},
	"r.query":             {"查询", "query"},
	"r.per":               {"按", "Per"},
	"r.share":             {"占范围内全部报道的比例", "share of all stories in scope"},
	"r.every.story":       {"全部报道", "every story"},
	"r.context":           {"前后", "Context"},
	"r.characters":        {"个字", "characters"},
	"r.by.article":        {"按文章", "by article"},
	"r.by.left":           {"按左侧语境", "by left context"},
	"r.by.right":          {"按右侧语境", "by right context"},
	"r.left":              {"左", "left"},
	"r.right":             {"右", "right"},
	"r.nterms":            {"词数", "Terms"},
	"r.rows":              {"行", "Rows"},
	"r.min":               {"最小", "min"},
	"r.max":               {"最大", "max"},
	"r.show":              {"显示", "Show"},
	"r.click.bar":         {"点击柱条可缩小到该时段", "click a bar to narrow the dates to it"},
	"r.undated":           {"，%d 篇无日期", ", %d undated"},
	"r.in.scope":          {"范围内", "In scope"},
	"r.occurrences":       {"%d 处，见于 %d 篇文章", "%d occurrences in %d articles"},
	"r.truncated":         {"（仅前面的文章）", " (the first articles only)"},
	"r.terms.match":       {"%d 篇文章匹配", "%d articles match"},
	"r.sampled":           {"（抽样 %d 篇）", " (%d sampled)"},
	"r.terms.of":          {"，共 %d 篇 · 按对数似然比（G²）与其余文章比较排序", ", of %d · ranked by log-likelihood (G²) against the rest"},
	"r.word":              {"词", "Word"},
	"r.docs.query":        {"查询的文章数", "Articles of the query"},
	"r.docs.all":          {"全部文章数", "Articles in all"},
	"r.fig.summary":       {"%d 项数据，合计 %s · 按%s与年份计数求和", "%d figures, sum %s · counts and sums per %s and year"},
	"r.none":              {"（无）", "(none)"},
	"r.chart":             {"图表", "Chart"},
	"chart.trend.n":       {"报道数", "stories"},
	"chart.share":         {"占范围内报道的比例", "share of the stories in scope"},
	"chart.share.of":      {"（%s，共 %d 篇）", " (%s of %d)"},
	"chart.trend.summary": {"%d 个查询，%s，按%s，%s 至 %s", "%d queries, %s per %s, %s to %s"},
	"by.day":              {"日", "day"},
	"by.week":             {"周", "week"},
	"by.month":            {"月", "month"},
	"by.year":             {"年", "year"},
	"chart.m.sum":         {"合计", "sum"},
	"chart.m.mean":        {"平均", "mean"},
	"chart.fig.bar":       {"%s · %s %s（%d 项数据）", "%s · %s %s (%d figures)"},
	"chart.values.sum":    {"数据值的合计", "the sum of the figures' values"},
	"chart.values.mean":   {"数据值的平均", "the mean of the figures' values"},
	"chart.of.row":        {"%s（%s）", "%s of %s"},
	"chart.fig.summary":   {"%s，按年，%s 至 %s", "%s per year, %s to %s"},
	"r.per.year.sum":      {"每年合计", "sum per year"},
	"r.per.year.mean":     {"每年平均", "mean per year"},
	"r.row.series":        {"该行的历年序列", "this row's series"},
	"r.every.row":         {"全部%s", "every %s"},
	"r.click.row":         {"点击某个%s查看其历年序列", "click a %s for its series"},
	"r.fig.first":         {"数据（前 %d 项）", "Figures (the first %d)"},
	"r.place":             {"地区", "Place"},
	"r.article":           {"文章", "Article"},
	// error page
	"back.search": {"返回搜索", "Back to search"},
	"error":       {"错误", "Error"},
	// facets
	"facet.year": {"年份", "Year"}, "facet.month": {"月份", "Month"}, "facet.province": {"省份", "Province"},
	"facet.city": {"城市", "City"}, "facet.county": {"区县", "County"}, "facet.org": {"组织", "Organization"},
	"facet.source": {"来源", "Source"}, "facet.kind": {"数据类型", "Figure kind"}, "facet.unit": {"单位", "Unit"},
	"facet.script": {"字形", "Script"}, "facet.topic": {"数据主题", "Figure topic"}, "facet.period": {"数据年份", "Figure period (year)"},
	"facet.cluster": {"重复组", "Cluster"}, "facet.mentioned_province": {"提及省份", "Province mentioned"},
	"facet.mentioned_city": {"提及城市", "City mentioned"}, "facet.mentioned_county": {"提及区县", "County mentioned"},
	"facet.org_surface": {"组织（原文）", "Organization as written"}, "facet.org_kind": {"组织类别", "Organization kind"},
}

// errorStrings translates the formats of the page's own error messages
// (badParam and statusOf) to Chinese; a message without one stays English.
var errorStrings = map[string]string{
	"malformed query string (%v): write a literal %% as %%25": "查询字符串有误（%v）：百分号请写作 %%25",
	"q is not valid UTF-8":                         "q 不是有效的 UTF-8",
	"q is %d characters long; the limit is %d":     "查询有 %d 个字符，上限为 %d",
	"%d filters; the limit is %d":                  "筛选条件有 %d 个，上限为 %d",
	"%d facets; the limit is %d":                   "分面有 %d 个，上限为 %d",
	"filter %q: an empty value":                    "筛选条件 %q：值为空",
	"filter %q: value too long or not UTF-8":       "筛选条件 %q：值过长或不是 UTF-8",
	"more %q: not a facet (facets: %s)":            "more %q：不是分面（可用：%s）",
	"to (%s) is before from (%s)":                  "止日期（%s）早于起日期（%s）",
	"sort %q: want relevance, newest or oldest":    "排序 %q：应为 relevance、newest 或 oldest",
	"%s %q: want a date like 2024-01-31":           "%s %q：日期应形如 2024-01-31",
	"%s %q: want a whole number from %d to %d":     "%s %q：应为 %d 到 %d 之间的整数",
	"document id %q: want a positive whole number": "文档编号 %q：应为正整数",
	"not found": "未找到",
	"the request took too long; narrow the query": "请求耗时过长，请缩小查询范围",
	"internal error":        "内部错误",
	"no such page: %s":      "没有这个页面：%s",
	"Bad Request":           "请求有误",
	"Not Found":             "未找到",
	"Service Unavailable":   "服务暂不可用",
	"Internal Server Error": "服务器内部错误",
}

// tr is the text of key in lang; an unknown key is itself, so that a
// missing string shows instead of vanishing.
func tr(lang, key string) string {
	s, ok := uiStrings[key]
	if !ok {
		return key
	}
	if lang == langEN {
		return s[1]
	}
	return s[0]
}

// trError is the message of err for the page in lang: the page's own
// messages translated, a query's syntax error with a Chinese lead.
func trError(lang, msg string, err error) string {
	if lang == langEN {
		return msg
	}
	var perr *paramError
	if errors.As(err, &perr) {
		if f, ok := errorStrings[perr.format]; ok {
			return fmt.Sprintf(f, perr.args...)
		}
		return msg
	}
	if errors.Is(err, index.ErrBadQuery) {
		return "查询有误：" + strings.TrimPrefix(msg, "query: ")
	}
	if f, ok := errorStrings[msg]; ok {
		return f
	}
	return msg
}

// statusText is http.StatusText in lang.
func statusText(lang string, status int) string {
	s := http.StatusText(status)
	if lang == langEN {
		return s
	}
	if z, ok := errorStrings[s]; ok {
		return z
	}
	return s
}

// langCookie remembers the language chosen with ?lang=.
const langCookie = "lang"

// langOf is the request's language: ?lang=, else the cookie that
// remembers it (see rememberLang), else Chinese.
func langOf(r *http.Request) string {
	if l := r.URL.Query().Get("lang"); l == langZH || l == langEN {
		return l
	}
	if c, err := r.Cookie(langCookie); err == nil && (c.Value == langZH || c.Value == langEN) {
		return c.Value
	}
	return langZH
}

// rememberLang sets the cookie of a language chosen with ?lang=, so that
// the following pages keep it without carrying the parameter.
func rememberLang(w http.ResponseWriter, r *http.Request) {
	if l := r.URL.Query().Get("lang"); l == langZH || l == langEN {
		http.SetCookie(w, &http.Cookie{Name: langCookie, Value: l, Path: "/", MaxAge: 365 * 24 * 3600, SameSite: http.SameSiteLaxMode, HttpOnly: true})
	}
}

// chrome is what the layout shows around every page: the language and the
// link that switches it (the same address with lang= the other one).
type chrome struct {
	Lang        string
	SwitchURL   string
	SwitchLabel string
}

// withChrome is a page's data that the layout can give its chrome.
type withChrome interface{ chromeOf() *chrome }

func (c *chrome) chromeOf() *chrome { return c }

// chromeFor fills in c for r in lang.
func chromeFor(r *http.Request, lang string) chrome {
	other := langEN
	if lang == langEN {
		other = langZH
	}
	u := *r.URL
	q := u.Query()
	q.Set("lang", other)
	u.RawQuery = q.Encode()
	return chrome{Lang: lang, SwitchURL: u.RequestURI(), SwitchLabel: tr(lang, "lang.switch")}
}

// langFuncs are the template functions of lang: t (a string of the
// table), tf (a format of the table) and label (a facet's name).
func langFuncs(lang string) map[string]any {
	return map[string]any{
		"t":     func(key string) string { return tr(lang, key) },
		"tf":    func(key string, args ...any) string { return fmt.Sprintf(tr(lang, key), args...) },
		"label": func(field string) string { return facetLabel(lang, field) },
		"chrome": func(data any) *chrome {
			if c, ok := data.(withChrome); ok {
				return c.chromeOf()
			}
			return nil
		},
	}
}

// facetLabel is the name of a facet's field in lang.
func facetLabel(lang, field string) string {
	if _, ok := uiStrings["facet."+field]; ok {
		return tr(lang, "facet."+field)
	}
	return field
}
