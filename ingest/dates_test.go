package ingest

import (
	"fmt"
	"testing"
)

// datePage is a small news page with the given head, the line under the
// headline, and a body paragraph.
func datePage(head, byline, body string) []byte {
	return []byte(fmt.Sprintf(`<html><head><meta charset="utf-8"><title>商会召开年度会员大会_某地新闻网</title>%s</head><body>
<div class="nav"><a href="/">首页</a> <a href="/n">新闻</a></div>
<h1>商会召开年度会员大会</h1><div class="info">%s</div>
<div class="content"><p>%s</p><p>会议审议通过了理事会工作报告和财务报告，选举产生了新一届理事会，会员代表一百二十余人参加了会议。</p></div>
</body></html>`, head, byline, body))
}

// TestPublishedEvidence: each date form, and which evidence wins when a
// page offers several.
func TestPublishedEvidence(t *testing.T) {
	const body = "商会日前召开年度会员大会，总结一年来的工作并部署新一年的任务。"
	tests := []struct {
		name, url, head, byline, body string
		want, from                    string // 2006-01-02 15:04
	}{
		{name: "year month day", byline: "2004年9月17日 来源：某地日报", want: "2004-09-17 00:00", from: "title_block"},
		{name: "with time", byline: "2004-09-17 09:30", want: "2004-09-17 09:30", from: "title_block"},
		{name: "month first AM", byline: "9/17/2004 5:54:13 AM", want: "2004-09-17 05:54", from: "title_block"},
		{name: "month first PM", byline: "发布日期：9/17/2004 5:54:13 PM", want: "2004-09-17 17:54", from: "title_block"},
		{name: "one line of labels", byline: "发布时间：2024-03-15 09:30 来源：县工商联 浏览次数：", want: "2024-03-15 09:30", from: "title_block"},
		{name: "stamp beats the body's quoted date", byline: "2005-07-05 10:20 来源：某地日报",
			body: "【某报2005年07月03日报道】" + body, want: "2005-07-05 10:20", from: "title_block"},
		{name: "government meta", head: `<meta name="ArticleTitle" content="商会召开年度会员大会"><meta name="PubDate" content="2024-03-15 09:30">`,
			byline: "来源：县工商联", want: "2024-03-15 09:30", from: "meta"},
		{name: "url /2004/0917/", url: "http://news.example.cn/2004/0917/a123.html", want: "2004-09-17 00:00", from: "url"},
		{name: "url /202403/t20240315_", url: "http://www.example.gov.cn/xw/202403/t20240315_123456.html", want: "2024-03-15 00:00", from: "url"},
		{name: "url /art/2024/3/15/", url: "http://www.example.gov.cn/art/2024/3/15/art_1234_98765.html", want: "2024-03-15 00:00", from: "url"},
		{name: "url /20230601/", url: "http://www.example.cn/news/20230601/77.html", want: "2023-06-01 00:00", from: "url"},
		{name: "future date rejected", url: "http://news.example.cn/2004/0917/a.html", byline: "2030-01-01 08:00", want: "2004-09-17 00:00", from: "url"},
		{name: "before 1990 rejected", byline: "1985-05-01", want: ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := tc.body
			if b == "" {
				b = body
			}
			a, err := ExtractArticle(datePage(tc.head, tc.byline, b), tc.url, ExtractOptions{Now: testNow})
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			if !a.Published.IsZero() {
				got = a.Published.In(chinaTime).Format("2006-01-02 15:04")
			}
			if got != tc.want || a.PublishedFrom != tc.from {
				t.Errorf("published %q from %q, want %q from %q", got, a.PublishedFrom, tc.want, tc.from)
			}
		})
	}
}

// TestSourceAuthorLabels: labels in any order on one line, in both
// scripts, in adjoining elements; ContentSource meta wins.
func TestSourceAuthorLabels(t *testing.T) {
	tests := []struct {
		name, head, byline, source, author string
	}{
		{name: "adjoining spans", byline: "<span>来源：上饶市工商联</span><span>浏览次数：</span>", source: "上饶市工商联"},
		{name: "author first", byline: "作者：王晓东 来源：某地日报 2024-03-15", source: "某地日报", author: "王晓东"},
		{name: "no spaces", byline: "<span>记者：李明</span><span>通讯员：赵亮</span><span>来源：县融媒体中心</span>", source: "县融媒体中心", author: "李明"},
		{name: "correspondent", byline: "通讯员：赵亮 编辑：孙红", author: "赵亮"},
		{name: "traditional", byline: "來源：綠水日報 記者：陳志明 編輯：林美玲", source: "綠水日報", author: "陳志明"},
		{name: "information source", byline: "信息来源：县商务局 发布时间：2024-03-15", source: "县商务局"},
		{name: "ContentSource meta wins", head: `<meta name="ContentSource" content="某省工商联">`,
			byline: "来源：本网 作者：张华", source: "某省工商联", author: "张华"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, err := ExtractArticle(datePage(tc.head, tc.byline, "商会日前召开年度会员大会，总结一年来的工作并部署新一年的任务。"), "",
				ExtractOptions{Now: testNow})
			if err != nil {
				t.Fatal(err)
			}
			if a.Source != tc.source || a.Author != tc.author {
				t.Errorf("source %q author %q, want %q %q", a.Source, a.Author, tc.source, tc.author)
			}
		})
	}
}
