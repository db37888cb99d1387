// Package demosite serves a small sample news site about federations of
// industry and commerce, written by the fednews team: the target of the
// crawler's tests and of `fednews demo-site` for `make run`.
//
// The articles live in site/articles as UTF-8 text (the source of truth);
// site/manifest.toml says where each is served and in which encoding (UTF-8,
// GBK or Big5, declared in the Content-Type header, only in <meta>, or
// nowhere). Pages carry the chrome of a real county site (navigation,
// related links, footer), list pages are paginated, robots.txt disallows
// /private/, and every page answers conditional requests (ETag and
// Last-Modified, 304).
package demosite

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"net/http"
	"path"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/BurntSushi/toml"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"

	"github.com/fednews/fednews/zh"
)

//go:embed site
var siteFS embed.FS

// PerPage is the number of articles on one list page.
const PerPage = 10

// China Standard Time: the articles' publication times are local times.
var cst = zh.China

// Article is one article of the demo site.
type Article struct {
	Path      string    // URL path, e.g. /news/2021/0318/a01.html
	File      string    // source file in site/articles
	Title     string    // headline
	Source    string    // publisher (来源)
	Author    string    // byline (作者)
	Published time.Time // publication time, China Standard Time
	Body      string    // paragraphs separated by "\n"; HTML when RawHTML
	RawHTML   bool      // Body is markup inserted as is (the inert-script test page)
	Encoding  string    // bytes on the wire: utf-8, gbk or big5
	Label     string    // charset name the page declares
	Declare   string    // where the charset is declared: header, meta or none
	Script    string    // script of the page chrome: hans or hant
	Private   bool      // under /private/, disallowed by robots.txt
	Modified  time.Time // Last-Modified; advanced by SetBody
}

// PublishedText is the publication time as the page prints it.
func (a *Article) PublishedText() string { return a.Published.Format("2006-01-02 15:04") }

// Site is the demo site's http.Handler. It is safe for concurrent use;
// SetBody changes an article while the site is serving.
type Site struct {
	tmpl *template.Template

	mu       sync.RWMutex
	articles []*Article // newest first
	sections []*section // generated sections (sections.go)
	pages    map[string]*page
}

// page is one rendered response.
type page struct {
	body        []byte
	contentType string
	modified    time.Time
	etag        string
}

type manifest struct {
	Article []struct {
		File     string
		Path     string
		Encoding string
		Label    string
		Declare  string
		Script   string
		Private  bool
	}
}

// New loads the embedded articles and renders every page.
func New() (*Site, error) {
	var m manifest
	data, err := siteFS.ReadFile("site/manifest.toml")
	if err != nil {
		return nil, fmt.Errorf("demosite: %w", err)
	}
	if _, err := toml.Decode(string(data), &m); err != nil {
		return nil, fmt.Errorf("demosite: manifest.toml: %w", err)
	}
	tmpl, err := template.ParseFS(siteFS, "site/templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("demosite: templates: %w", err)
	}
	s := &Site{tmpl: tmpl}
	for _, e := range m.Article {
		src, err := siteFS.ReadFile("site/articles/" + e.File)
		if err != nil {
			return nil, fmt.Errorf("demosite: %w", err)
		}
		a, err := parseArticle(string(src))
		if err != nil {
			return nil, fmt.Errorf("demosite: %s: %w", e.File, err)
		}
		a.File, a.Path, a.Encoding, a.Label, a.Declare, a.Script, a.Private =
			e.File, e.Path, e.Encoding, e.Label, e.Declare, e.Script, e.Private
		if a.Label == "" {
			a.Label = a.Encoding
		}
		if a.Script == "" {
			a.Script = "hans"
		}
		a.Modified = a.Published
		s.articles = append(s.articles, a)
	}
	slices.SortStableFunc(s.articles, func(a, b *Article) int { return b.Published.Compare(a.Published) })
	s.sections = newSections(s.articles)
	if err := s.render(); err != nil {
		return nil, err
	}
	return s, nil
}

// parseArticle reads an article source file: "key: value" header lines, a
// line "---", then paragraphs separated by blank lines.
func parseArticle(src string) (*Article, error) {
	head, body, ok := strings.Cut(src, "\n---\n")
	if !ok {
		return nil, fmt.Errorf("no --- line between header and body")
	}
	a := &Article{}
	for line := range strings.SplitSeq(head, "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			return nil, fmt.Errorf("header line %q is not key: value", line)
		}
		v = strings.TrimSpace(v)
		switch strings.TrimSpace(k) {
		case "title":
			a.Title = v
		case "source":
			a.Source = v
		case "author":
			a.Author = v
		case "raw_html":
			a.RawHTML = v == "true"
		case "published":
			t, err := time.ParseInLocation("2006-01-02 15:04", v, cst)
			if err != nil {
				return nil, fmt.Errorf("published: %w", err)
			}
			a.Published = t
		default:
			return nil, fmt.Errorf("unknown header %q", k)
		}
	}
	a.Body = joinParagraphs(body)
	if a.Title == "" || a.Published.IsZero() || a.Body == "" {
		return nil, fmt.Errorf("title, published and body are required")
	}
	return a, nil
}

// joinParagraphs turns text with paragraphs separated by blank lines (or
// single newlines) into paragraphs separated by one "\n".
func joinParagraphs(text string) string {
	var paras []string
	for line := range strings.SplitSeq(text, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			paras = append(paras, line)
		}
	}
	return strings.Join(paras, "\n")
}

// Articles returns a copy of every article, newest first, private ones
// included (see Article.Private).
func (s *Site) Articles() []Article {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]Article, len(s.articles))
	for i, a := range s.articles {
		out[i] = *a
	}
	return out
}

// SetBody replaces the body of the article at path (paragraphs separated
// by newlines) and advances its Last-Modified, so that its ETag changes and
// a conditional request for it gets the new page. Tests use it to change
// one article between two crawls.
func (s *Site) SetBody(urlPath, body string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, a := range s.articles {
		if a.Path != urlPath {
			continue
		}
		a.Body = joinParagraphs(body)
		// Last-Modified has one-second resolution: make sure it moves.
		a.Modified = later(time.Now().Truncate(time.Second), a.Modified.Add(time.Second))
		return s.render()
	}
	return fmt.Errorf("demosite: no article at %s", urlPath)
}

// labels is the page chrome in one script.
type labels struct {
	Lang, Site, Keywords, Welcome, About, AboutText, Search, Home, News, Chambers, Business, Contact string
	Here, Body, Date, Source, Author, Font, Share, Related, Latest, More                             string
	First, Prev, Next, Last, Host, Address, Copyright, ICP                                           string
}

// Total is the pagination summary of a list page.
func (l labels) Total(count, pages int) string {
	if l.Lang == "zh-HK" {
		return fmt.Sprintf("共%d條 %d頁", count, pages)
	}
	return fmt.Sprintf("共%d条 %d页", count, pages)
}

var chrome = map[string]labels{
	"hans": {
		Lang: "zh-CN", Site: "示例工商联新闻网", Keywords: "工商联,商会,民营经济,营商环境",
		Welcome: "欢迎访问示例工商联新闻网！", About: "关于本站", Search: "站内搜索",
		AboutText: "本站是 fednews 项目自带的示例站点，文章均为示例文字，仅供测试抓取与检索使用。",
		Home:      "首页", News: "工作动态", Chambers: "商会之窗", Business: "营商环境", Contact: "联系我们",
		Here: "当前位置：", Body: "正文", Date: "发布时间：", Source: "来源：", Author: "作者：",
		Font: "字号：大 中 小", Share: "分享到：微信 微博 QQ空间", Related: "相关新闻", Latest: "最新动态", More: "更多>>",
		First: "首页", Prev: "上一页", Next: "下一页", Last: "尾页",
		Host: "主办单位：示例工商业联合会", Address: "地址：示例市人民路88号　电话：0793-0000000",
		Copyright: "版权所有", ICP: "赣ICP备00000000号-1",
	},
	"hant": {
		Lang: "zh-HK", Site: "示例工商聯新聞網", Keywords: "工商聯,商會,民營經濟,營商環境",
		Welcome: "歡迎瀏覽示例工商聯新聞網！", About: "關於本站", Search: "站內搜尋",
		AboutText: "本站是 fednews 專案附帶的示例網站，文章均為示例文字，僅供測試擷取與檢索使用。",
		Home:      "首頁", News: "工作動態", Chambers: "商會之窗", Business: "營商環境", Contact: "聯絡我們",
		Here: "當前位置：", Body: "正文", Date: "發佈時間：", Source: "來源：", Author: "作者：",
		Font: "字型：大 中 小", Share: "分享到：微信 微博 Facebook", Related: "相關新聞", Latest: "最新動態", More: "更多>>",
		First: "首頁", Prev: "上一頁", Next: "下一頁", Last: "尾頁",
		Host: "主辦單位：示例工商業聯合會", Address: "地址：示例市人民路88號　電話：0793-0000000",
		Copyright: "版權所有", ICP: "贛ICP備00000000號-1",
	},
}

var encoders = map[string]encoding.Encoding{
	"gbk":  simplifiedchinese.GBK,
	"big5": traditionalchinese.Big5,
}

// listItem is one link on a list page.
type listItem struct{ Path, Title, Day string }

// render renders every page. The caller holds s.mu (or owns s).
func (s *Site) render() error {
	pages := map[string]*page{}
	var public []*Article
	for _, a := range s.articles {
		if !a.Private {
			public = append(public, a)
		}
	}
	for _, a := range s.articles {
		p, err := s.renderArticle(a, related(public, a))
		if err != nil {
			return fmt.Errorf("demosite: %s: %w", a.Path, err)
		}
		pages[a.Path] = p
	}
	if err := s.renderLists(pages, public); err != nil {
		return err
	}
	if err := s.renderSections(pages); err != nil {
		return err
	}
	robots, err := siteFS.ReadFile("site/robots.txt")
	if err != nil {
		return fmt.Errorf("demosite: %w", err)
	}
	epoch := time.Date(2021, 1, 1, 0, 0, 0, 0, cst)
	pages["/robots.txt"] = newPage(robots, "text/plain; charset=utf-8", epoch)
	css, err := siteFS.ReadFile("site/static/site.css")
	if err != nil {
		return fmt.Errorf("demosite: %w", err)
	}
	pages["/static/site.css"] = newPage(css, "text/css; charset=utf-8", epoch)
	s.pages = pages
	return nil
}

// related picks three other public articles in the same script to link
// below an article, as real sites do; it gives the crawler links between
// article pages too.
func related(public []*Article, a *Article) []*Article {
	var same []*Article
	for _, b := range public {
		if b != a && b.Script == a.Script {
			same = append(same, b)
		}
	}
	var out []*Article
	for k := 0; len(out) < min(3, len(same)); k++ {
		if b := same[(len(a.Path)+k*5)%len(same)]; !slices.Contains(out, b) {
			out = append(out, b)
		}
	}
	return out
}

func (s *Site) renderArticle(a *Article, rel []*Article) (*page, error) {
	data := map[string]any{"A": a, "Title": a.Title, "Related": rel}
	if a.RawHTML {
		data["Raw"] = template.HTML(a.Body) // the inert-script test page: markup on purpose
	} else {
		data["Paras"] = strings.Split(a.Body, "\n")
	}
	return s.renderPage("article.html", data, a.Script, a.Encoding, a.Label, a.Declare, a.Modified)
}

func (s *Site) renderLists(pages map[string]*page, public []*Article) error {
	n := (len(public) + PerPage - 1) / PerPage
	var private []*Article
	for _, a := range s.articles {
		if a.Private {
			private = append(private, a)
		}
	}
	var newest time.Time
	for _, a := range s.articles {
		newest = later(newest, a.Modified)
	}
	for p := 1; p <= n; p++ {
		var items []listItem
		for _, a := range public[(p-1)*PerPage : min(p*PerPage, len(public))] {
			items = append(items, listItem{a.Path, a.Title, a.Published.Format("2006-01-02")})
		}
		// Drafts are linked from page 2 onwards: only robots.txt keeps a
		// crawler away from them.
		if p >= 2 && len(private) > 0 {
			a := private[0]
			private = private[1:]
			items = append(items, listItem{a.Path, a.Title, a.Published.Format("2006-01-02")})
		}
		var numbers []int
		for k := 1; k <= n; k++ {
			numbers = append(numbers, k)
		}
		data := map[string]any{
			"Title": chrome["hans"].News, "Items": items, "Count": len(public), "Pages": n, "Page": p,
			"Numbers": numbers, "Prev": prevNext(p-1, n), "Next": prevNext(p+1, n),
		}
		pg, err := s.renderPage("list.html", data, "hans", "utf-8", "utf-8", "header", newest)
		if err != nil {
			return fmt.Errorf("demosite: list %d: %w", p, err)
		}
		pages[fmt.Sprintf("/news/list_%d.html", p)] = pg
	}
	var latest []listItem
	for _, a := range public[:min(5, len(public))] {
		latest = append(latest, listItem{a.Path, a.Title, a.Published.Format("2006-01-02")})
	}
	for name, data := range map[string]map[string]any{
		"/":           {"Title": chrome["hans"].Home, "Items": latest},
		"/about.html": {"Title": chrome["hans"].About},
	} {
		tmpl := "index.html"
		if name == "/about.html" {
			tmpl = "about.html"
		}
		pg, err := s.renderPage(tmpl, data, "hans", "utf-8", "utf-8", "header", newest)
		if err != nil {
			return fmt.Errorf("demosite: %s: %w", name, err)
		}
		pages[name] = pg
	}
	return nil
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// prevNext returns k when it is a page number, else 0 (no link).
func prevNext(k, n int) int {
	if k < 1 || k > n {
		return 0
	}
	return k
}

// renderPage executes a template and encodes the result as the page is
// served: in enc, declaring label where declare says.
func (s *Site) renderPage(name string, data map[string]any, script, enc, label, declare string, modified time.Time) (*page, error) {
	data["L"] = chrome[script]
	if declare != "none" {
		data["Meta"] = label
	}
	var buf bytes.Buffer
	if err := s.tmpl.ExecuteTemplate(&buf, name, data); err != nil {
		return nil, err
	}
	body := buf.Bytes()
	if e, ok := encoders[enc]; ok {
		var err error
		if body, err = e.NewEncoder().Bytes(body); err != nil {
			return nil, fmt.Errorf("encode as %s: %w", enc, err)
		}
	} else if enc != "utf-8" {
		return nil, fmt.Errorf("unknown encoding %q", enc)
	}
	ct := "text/html"
	if declare == "header" {
		ct += "; charset=" + label
	}
	return newPage(body, ct, modified), nil
}

func newPage(body []byte, contentType string, modified time.Time) *page {
	sum := sha256.Sum256(body)
	return &page{body: body, contentType: contentType, modified: modified,
		etag: `"` + hex.EncodeToString(sum[:8]) + `"`}
}

// ServeHTTP serves the site. /news/ redirects to the first list page.
func (s *Site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == HanwebProxy && (r.Method == http.MethodPost || r.Method == http.MethodGet) {
		s.serveProxy(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	p := path.Clean("/" + r.URL.Path)
	if p == "/news" {
		http.Redirect(w, r, "/news/list_1.html", http.StatusMovedPermanently)
		return
	}
	s.mu.RLock()
	pg := s.pages[p]
	s.mu.RUnlock()
	if pg == nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", pg.contentType)
	w.Header().Set("ETag", pg.etag)
	w.Header().Set("Cache-Control", "no-cache")
	body := pg.body
	if bytes.Contains(body, []byte(absHost)) {
		body = bytes.ReplaceAll(body, []byte(absHost), []byte("http://"+r.Host))
	}
	// ServeContent answers If-None-Match and If-Modified-Since with 304.
	http.ServeContent(w, r, p, pg.modified, bytes.NewReader(body))
}
