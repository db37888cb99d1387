package ingest

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// TestPageTypes runs ExtractArticle on team-written pages, one per page
// type, in the style of Chinese forums, blogs, encyclopedias, county news
// sites and index pages.
func TestPageTypes(t *testing.T) {
	tests := []struct {
		file, url string
		err       error
		pageType  PageType
		prefix    string   // the article text starts so
		contains  []string // and holds these
		absent    []string // and not these (replies, other entries, furniture)
		date      string   // 2006-01-02 15:04, "" for none
		from      string   // PublishedFrom
		source    string
		author    string
	}{
		{file: "forum_replies.html", pageType: PageForum,
			prefix:   "今年的减税政策覆盖面更广",
			contains: []string{"研发费用加计扣除"},
			absent:   []string{"感谢楼主分享", "来得及的", "顶一个", "欢迎批评指正"},
			date:     "2024-03-15 09:30", from: "entry_stamp"},
		{file: "blog_entries.html", pageType: PageBlog,
			prefix:   "上周商会组织了二十多家会员企业去邻县考察",
			contains: []string{"把小作坊联合起来"},
			absent:   []string{"粽子", "小镇经济", "个人简介", "夜市"},
			date:     "2023-06-12 21:40", from: "entry_stamp"},
		{file: "wiki_toc.html", pageType: PageWiki,
			prefix:   "工商业联合会，简称工商联",
			contains: []string{"最初由各地的工商界人士自愿组成", "四级组织", "营商环境评价"},
			absent:   []string{"本词条由网友共同编辑", "1 历史沿革"}},
		{file: "news_comments.html", url: "http://www.qinghe.example.cn/news/202403/t20240315_1001.html", pageType: PageArticle,
			prefix:   "3月14日，县工商联召开民营企业座谈会",
			contains: []string{"开设订单班"},
			absent:   []string{"相关新闻", "万企兴万村", "贷款贴息", "数控机床", "责任编辑", "浏览次数"},
			date:     "2024-03-15 09:30", from: "meta", source: "清河日报", author: "王晓东"},
		{file: "list_index.html", err: ErrNotArticle, pageType: PageList},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			a, err := ExtractArticle([]byte(readFixture(t, "pages/"+tc.file)), tc.url, ExtractOptions{Now: testNow})
			if !errors.Is(err, tc.err) {
				t.Fatalf("err = %v, want %v", err, tc.err)
			}
			if a.PageType != tc.pageType {
				t.Errorf("page type %q, want %q", a.PageType, tc.pageType)
			}
			if tc.err != nil {
				return
			}
			if !strings.HasPrefix(a.Text, tc.prefix) {
				t.Errorf("text starts %q, want %q", firstRunes(a.Text, 40), tc.prefix)
			}
			for _, s := range tc.contains {
				if !strings.Contains(a.Text, s) {
					t.Errorf("text lacks %q:\n%s", s, a.Text)
				}
			}
			for _, s := range tc.absent {
				if strings.Contains(a.Text, s) {
					t.Errorf("text holds %q:\n%s", s, a.Text)
				}
			}
			got := ""
			if !a.Published.IsZero() {
				got = a.Published.Format("2006-01-02 15:04")
			}
			if got != tc.date || a.PublishedFrom != tc.from {
				t.Errorf("published %q from %q, want %q from %q", got, a.PublishedFrom, tc.date, tc.from)
			}
			if tc.source != "" && a.Source != tc.source {
				t.Errorf("source %q, want %q", a.Source, tc.source)
			}
			if tc.author != "" && a.Author != tc.author {
				t.Errorf("author %q, want %q", a.Author, tc.author)
			}
		})
	}
}

func firstRunes(s string, n int) string {
	r := []rune(s)
	return string(r[:min(n, len(r))])
}

// TestImportCountsListPages: a list page is read, counted as not an
// article, and neither stored nor reported as a failure.
func TestImportCountsListPages(t *testing.T) {
	ctx := context.Background()
	store := openStore(t)
	dir := t.TempDir()
	writeTestFile(t, dir, "list.html", []byte(readFixture(t, "pages/list_index.html")))
	writeTestFile(t, dir, "news.html", []byte(readFixture(t, "pages/news_comments.html")))
	s, err := Import(ctx, store, []string{dir}, ImportOptions{})
	if err != nil || s.NotArticles != 1 || s.New != 1 || len(s.Failed) != 0 {
		t.Fatalf("import: %+v, %v; want 1 new, 1 not an article, no failures", s, err)
	}
	if n, _ := store.Count(ctx); n != 1 {
		t.Errorf("%d documents stored, want 1", n)
	}
}

// TestExtractArticleBadInput: pages no site serves as an article get a
// clear error or a result, never a panic.
func TestExtractArticleBadInput(t *testing.T) {
	const para = "<p>商会召开会员大会，总结一年来的工作并部署新一年的任务。</p>\n"
	tests := []struct {
		name    string
		page    []byte
		want    error  // nil: a result whose text starts with para's
		errText string // when want is nil and an error is expected, what it says
	}{
		{name: "50 MB page", page: []byte("<html><body><h1>标题</h1>" + strings.Repeat(para, 50<<20/len(para)+1) + "</body></html>"), want: ErrPageTooLarge},
		// The HTML parser refuses nesting this deep: an error that says so.
		{name: "100,000 nested divs", page: []byte("<html><body>" + strings.Repeat("<div>", 100000) + "正文，一句话。" + strings.Repeat("</div>", 100000) + "</body></html>"), errText: "parse html"},
		{name: "only scripts", page: []byte("<html><head><script>var a=1;</script></head><body>" + strings.Repeat("<script>document.write('商会召开会员大会，总结工作。');</script>", 1000) + "</body></html>"), want: ErrNoArticle},
		{name: "binary bytes", page: []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00\x5c\x72\xa8\x66"), want: ErrBinary},
		// Over trafilaturaMaxBytes: the goquery extractor answers alone.
		{name: "3 MB page", page: []byte("<html><body><h1>标题</h1>" + strings.Repeat(para, 3<<20/len(para)) + "</body></html>")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, err := ExtractArticle(tc.page, "", ExtractOptions{Now: testNow})
			switch {
			case tc.want != nil:
				if !errors.Is(err, tc.want) {
					t.Errorf("err = %v, want %v", err, tc.want)
				}
			case tc.errText != "":
				if err == nil || !strings.Contains(err.Error(), tc.errText) {
					t.Errorf("err = %v, want one saying %q", err, tc.errText)
				}
			case err != nil || a.Extractor != ExtractorGoquery || !strings.HasPrefix(a.Text, "商会召开会员大会"):
				t.Errorf("err %v, extractor %q, text %q", err, a.Extractor, firstRunes(a.Text, 20))
			}
		})
	}
}

// TestTimelineIsNoThread: an article whose paragraphs open with times is
// one article, not a thread of posts.
func TestTimelineIsNoThread(t *testing.T) {
	page := `<html><head><meta charset="utf-8"><title>县工商联第五届会员代表大会开幕</title></head><body>
<h1>县工商联第五届会员代表大会开幕</h1><div class="info">2024-03-15 08:00 来源：清河日报</div><div class="content">
<p>2024-03-15 09:00，代表们步入会场。<br>大会在庄严的国歌声中开幕，县委有关负责同志到会祝贺并讲话，希望工商联团结带领广大会员企业，全体代表起立鼓掌。</p>
<p>2024-03-15 10:30，大会审议报告。<br>代表们听取并审议了第四届执行委员会工作报告和财务工作报告，并分组讨论了今后五年的工作任务和发展目标。</p>
<p>2024-03-15 14:00，大会选举。<br>大会选举产生了第五届执行委员会和新一届领导班子，新当选的主席作了表态发言，大会在下午圆满完成各项议程后闭幕。</p>
</div></body></html>`
	a, err := ExtractArticle([]byte(page), "", ExtractOptions{Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	if a.PageType != PageArticle || !strings.Contains(a.Text, "全体代表起立鼓掌") || !strings.Contains(a.Text, "大会在下午圆满完成") {
		t.Errorf("page type %q, text:\n%s", a.PageType, a.Text)
	}
}
