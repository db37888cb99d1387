package ingest

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

var testNow = time.Date(2024, 6, 1, 12, 0, 0, 0, chinaTime)

// newsParagraphs is the article text of testdata/pages/news.html.
var newsParagraphs = []string{
	"3月15日，青山县工商联召开2023年民营企业发展座谈会，县内45家民营企业负责人参加会议。",
	"会议通报了去年全县民营经济运行情况。全县民营企业实现营业收入128.6亿元，同比增长9.2%，新增市场主体3200余户。",
	"与会企业家围绕融资难、用工难、物流成本高等问题踊跃发言，提出意见建议27条。县工商联表示，将把这些意见建议逐条梳理，及时转交有关部门办理，并在一个月内反馈办理结果。",
	"县工商联主席在总结讲话中指出，要持续优化营商环境，发挥商会桥梁纽带作用，帮助企业稳订单、拓市场、强创新，推动民营经济高质量发展。",
}

func newsPage(t *testing.T, head, dateline string) string {
	t.Helper()
	p := readFixture(t, "pages/news.html")
	return strings.Replace(strings.Replace(p, "<!--HEAD-->", head, 1), "<!--DATELINE-->", dateline, 1)
}

func TestExtractArticleNews(t *testing.T) {
	tests := []struct {
		name, head, dateline string
		want                 string // published, RFC 3339, "" for none
	}{
		{"dateline with seconds", "", "2023-03-15 10:30:05", "2023-03-15T10:30:05+08:00"},
		{"Chinese dateline", "", "2023年03月15日 10:30", "2023-03-15T10:30:00+08:00"},
		{"dateline with slashes, no time", "", "发布时间：2023/3/15", "2023-03-15T00:00:00+08:00"},
		{"meta tag beats the dateline", `<meta property="article:published_time" content="2023-03-14T09:00:00+08:00">`,
			"2023-03-15 10:30", "2023-03-14T09:00:00+08:00"},
		{"meta in UTC shown in China's time", `<meta name="pubdate" content="2023-03-14T20:00:00Z">`, "", "2023-03-15T04:00:00+08:00"},
		{"JSON-LD", `<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"NewsArticle","headline":"x","datePublished":"2023-03-13T08:00:00+08:00"}]}</script>`,
			"", "2023-03-13T08:00:00+08:00"},
		{"time element", "", `<time datetime="2023-03-12T07:00:00+08:00">3月12日</time>`, "2023-03-12T07:00:00+08:00"},
		{"future date rejected", "", "2031-01-01 10:00", ""},
		{"impossible date rejected", "", "2023-02-30 10:00", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			html := newsPage(t, tc.head, tc.dateline)
			for _, enc := range []struct {
				data    []byte
				charset string
			}{
				{[]byte(html), CharsetUTF8},
				{encode(t, simplifiedchinese.GBK, strings.Replace(html, "charset=utf-8", "charset=gbk", 1)), CharsetGB18030},
			} {
				a, err := ExtractArticle(enc.data, "https://news.example.cn/a/1.html", ExtractOptions{Now: testNow})
				if err != nil {
					t.Fatal(err)
				}
				got := ""
				if !a.Published.IsZero() {
					got = a.Published.Format(time.RFC3339)
				}
				if got != tc.want {
					t.Errorf("%s: published %q, want %q", enc.charset, got, tc.want)
				}
				if a.Charset != enc.charset {
					t.Errorf("charset %q, want %q", a.Charset, enc.charset)
				}
				if a.Title != "青山县工商联召开民营企业座谈会" || a.Source != "青山日报" || a.Author != "李明 王芳" {
					t.Errorf("%s: title %q source %q author %q", enc.charset, a.Title, a.Source, a.Author)
				}
				if !reflect.DeepEqual(a.Paragraphs, newsParagraphs) {
					t.Errorf("%s: paragraphs\n%q\nwant\n%q", enc.charset, a.Paragraphs, newsParagraphs)
				}
				if a.Text != strings.Join(newsParagraphs, "\n") {
					t.Errorf("Text is not the paragraphs joined with newlines")
				}
			}
		})
	}
}

func TestExtractArticleCanonicalAndURLDate(t *testing.T) {
	html := newsPage(t, `<link rel="canonical" href="https://news.example.cn/2023/0316/a.html">`, "")
	a, err := ExtractArticle([]byte(html), "https://m.news.example.cn/x?id=1", ExtractOptions{Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	if a.URL != "https://news.example.cn/2023/0316/a.html" {
		t.Errorf("URL %q, want the canonical link", a.URL)
	}
	a, err = ExtractArticle([]byte(newsPage(t, "", "")), "https://news.example.cn/20230316/a.html", ExtractOptions{Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	if got := a.Published.Format(time.DateOnly); got != "2023-03-16" {
		t.Errorf("date from the URL: %s, want 2023-03-16", got)
	}
}

func TestExtractArticleBig5Forum(t *testing.T) {
	data := encode(t, traditionalchinese.Big5, readFixture(t, "pages/forum_big5.html"))
	a, err := ExtractArticle(data, "", ExtractOptions{Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	want := Article{
		Title:     "綠水市商會舉辦中小企業融資對接會",
		Published: time.Date(2022, 11, 8, 16, 45, 0, 0, chinaTime),
		Author:    "陳志明",
		Charset:   CharsetBig5,
		Paragraphs: []string{
			"綠水市商會日前舉辦中小企業融資對接會，邀請六家銀行與八十餘家會員企業面對面交流。",
			"會上，各銀行介紹了針對小微企業的信貸產品，現場達成融資意向金額約三億五千萬元，較去年同期增長兩成。",
			"商會會長表示，商會將建立常態化的銀企對接機制，每季度舉辦一次對接活動，協助會員企業解決資金周轉問題。",
			"與會企業家普遍認為，這類活動讓企業與銀行直接溝通，減少了中間環節，提高了融資效率。",
		},
	}
	want.Text = strings.Join(want.Paragraphs, "\n")
	if !a.Published.Equal(want.Published) {
		t.Errorf("published %v, want %v", a.Published, want.Published)
	}
	a.Published = want.Published
	// One post and no replies: an article, as both extractors agree.
	if a.PageType != PageArticle || a.PublishedFrom != "title_block" {
		t.Errorf("page type %q from %q, want article from title_block", a.PageType, a.PublishedFrom)
	}
	a.PageType, a.PublishedFrom, a.Extractor, a.Agreement = "", "", "", 0
	if !reflect.DeepEqual(a, want) {
		t.Errorf("got\n%+v\nwant\n%+v", a, want)
	}
}

// A page whose sidebar outweighs a short article: the selectors given for
// its site override every heuristic.
func TestExtractArticleSelectors(t *testing.T) {
	page := `<html><head><title>站点</title></head><body>
<div id="side"><p>侧栏里是一段很长的介绍文字，它有完整的句子，也有标点符号，比正文还要长一些，所以启发式会选它。</p>
<p>侧栏的第二段文字，同样很长，同样有句子和标点，继续把分数拉高，让启发式选错。</p></div>
<div id="main"><span class="h">短讯标题</span><span class="d">2022-05-06</span><div class="c">正文只有一句话。</div></div>
</body></html>`
	a, err := ExtractArticle([]byte(page), "", ExtractOptions{Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(a.Text, "侧栏") {
		t.Fatalf("without selectors the sidebar should win on this page; got %q", a.Text)
	}
	a, err = ExtractArticle([]byte(page), "", ExtractOptions{Now: testNow,
		TitleSelector: "#main .h", DateSelector: "#main .d", BodySelector: "#main .c"})
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "短讯标题" || a.Text != "正文只有一句话。" || a.Published.Format(time.DateOnly) != "2022-05-06" {
		t.Errorf("with selectors: title %q, text %q, published %v", a.Title, a.Text, a.Published)
	}
}

func TestExtractArticleErrors(t *testing.T) {
	full := newsPage(t, "", "2023-03-15")
	tests := []struct {
		name string
		data []byte
		want error
	}{
		{"empty", nil, ErrEmpty},
		{"binary", []byte("\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00"), ErrBinary},
		{"truncated download", []byte(full[:len(full)*2/3]), ErrTruncated},
		{"no text", []byte(`<html><body><ul><li><a href="/">首页</a></li><li><a href="/a">新闻</a></li></ul></body></html>`), ErrNoArticle},
	}
	for _, tc := range tests {
		if _, err := ExtractArticle(tc.data, "", ExtractOptions{}); !errors.Is(err, tc.want) {
			t.Errorf("%s: err = %v, want %v", tc.name, err, tc.want)
		}
	}
}

func FuzzExtractArticle(f *testing.F) {
	f.Add([]byte(readFixture(f, "pages/news.html")), "https://a.example/2021/0118/x.html")
	f.Add(encode(f, traditionalchinese.Big5, readFixture(f, "pages/forum_big5.html")), "")
	f.Add([]byte(`<html><head><script type="application/ld+json">{"datePublished":[1,{"a":null}]}</script><meta name=date content="2021年13月40日"></head><body><time datetime="x">`), "")
	f.Add([]byte("<p>2021-01-18 25:61:99 来源：作者：<a>x</a></p></body>"), "%zz")
	f.Add([]byte(readFixture(f, "pages/forum_replies.html")), "")
	f.Add([]byte(readFixture(f, "pages/list_index.html")), "http://x.example/202403/t20240315_1.html")
	f.Add([]byte(strings.Repeat("<div>", 600)+"正文。"), "")
	f.Fuzz(func(t *testing.T, page []byte, pageURL string) {
		opts := []ExtractOptions{{Now: testNow, BodySelector: "p", DateSelector: "time"}}
		if len(page) < 8<<10 { // the page types and the choice too (go-trafilatura is not linked here), on small pages
			opts = append(opts, ExtractOptions{Now: testNow})
		}
		for _, o := range opts {
			a, err := ExtractArticle(page, pageURL, o)
			if err == nil && a.Text == "" {
				t.Errorf("no error and no text")
			}
			if a.Published.After(testNow.Add(24 * time.Hour)) {
				t.Errorf("future date %v accepted", a.Published)
			}
		}
	})
}

func TestFindSourceAuthor(t *testing.T) {
	blocks := func(texts ...string) []block {
		var out []block
		for _, s := range texts {
			out = append(out, block{text: s})
		}
		return out
	}
	tests := []struct {
		name           string
		lines, body    []string
		metaAuthor     string
		source, author string
	}{
		{"labels on one line", []string{"2023-03-15 来源：青山日报　作者：李明 王芳"}, nil, "", "青山日报", "李明 王芳"},
		{"next label is not a name", []string{"作者：云上小鹿 时间：2005-08-22 19:13"}, nil, "", "", "云上小鹿"},
		{"place before 报道", []string{"晨报记者 周青 江苏南通报道"}, nil, "", "", "周青"},
		{"labels run together", []string{"来源：青山日报作者：李明"}, nil, "", "青山日报", "李明"},
		{"writer before editor", []string{"责任编辑：赵敏", "记者 李明"}, nil, "", "", "李明"},
		{"forum poster", []string{"lanshan88 发表于 2005-9-15 11:46:00"}, nil, "", "", "lanshan88"},
		{"credit in parentheses", nil, []string{"第一段。", "企业可以免费加入，定期交流信息。(晚报记者 钱文静)"}, "", "", "钱文静"},
		{"dateline credit in parentheses", nil, []string{"第一段。", "“改革就是利益再分配的过程。”（孙立 北京报道）"}, "", "", "孙立"},
		{"reporter run into 发自", nil, []string{"本报记者欧阳明发自广州 昨日下午，会议在广州举行。", "最后一段。"}, "", "", "欧阳明"},
		{"记者 in a sentence is no credit", nil, []string{"就在本刊记者联系采访的时候，他正在住院。", "完。"}, "", "", ""},
		{"two-character place before 报道", []string{"记者 周青 北京报道"}, nil, "", "", "周青"},
		{"traditional labels", []string{"發佈時間：2021-06-11 09:00　來源：香港文匯報　作者：通訊員 劉長青 記者 孫敏"}, nil, "", "香港文匯報", "劉長青 孫敏"},
		{"traditional editor and dateline", []string{"責任編輯：趙敏", "本報記者 周青 香港報道"}, nil, "", "", "周青"},
		{"site name in meta author", nil, nil, "云南网,云南日报报业集团", "", ""},
		{"person in meta author", nil, nil, "张华", "", "张华"},
	}
	for _, tc := range tests {
		source, author := findSourceAuthor(pageMeta{author: tc.metaAuthor}, blocks(tc.lines...), blocks(tc.body...))
		if source != tc.source || author != tc.author {
			t.Errorf("%s: source %q author %q, want %q %q", tc.name, source, author, tc.source, tc.author)
		}
	}
}
