// Package researchtest builds a real store and index of a few articles,
// for the tests of research and of the pages and commands built on it.
package researchtest

import (
	"context"
	"fmt"
	"github.com/fednews/fednews/zh"
	"path/filepath"
	"testing"
	"time"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/extract"
	"github.com/fednews/fednews/index/bleveindex"
)

// Article is a fixture: a day (YYYY-MM-DD, China time), a title and a text
// as a site publishes them.
type Article struct {
	Day, Title, Text string
	Figures          []corpus.Figure
}

// Fixture is a small collection in both scripts: 工商联 in three
// documents (one traditional), 商会 in two, and one about neither.
var Fixture = []Article{
	{"2024-01-05", "省工商联召开执委会", "省工商联召开十二届执委会，部署优化营商环境工作。会议指出，工商联要服务民营企业。", nil},
	{"2024-01-20", "县商会成立大会", "县商会今日成立，会员企业踊跃参加，选举产生首届理事会。", nil},
	{"2024-02-03", "工商联与商会座谈", "市工商联与异地商会座谈，共话民营经济发展。", nil},
	{"2024-03-10", "乡村振兴见成效", "村里种植果树，乡村振兴见成效，农民收入提高。", nil},
	{"2024-03-15", "工商聯訪問團抵達", "臺灣工商聯訪問團抵達，與本地民營企業交流營商環境。", nil},
}

// FigureFixture is three articles with figures, in two counties of two
// provinces over two years: a chamber's member count in 2023 and 2024,
// a donation and an investment.
var FigureFixture = []Article{
	{"2023-05-01", "万年县工商联会员发展", "江西省万年县工商联现有会员企业320家。", []corpus.Figure{
		{Kind: corpus.KindCount, Text: "320家", Start: 15, End: 19, Value: ptr(320), Unit: "家", Qualifier: "exact", Subject: "会员企业", Topic: "members"}}},
	{"2024-05-01", "万年县工商联年度报告", "江西省万年县工商联会员企业达到350家，全年捐款200万元。", []corpus.Figure{
		{Kind: corpus.KindCount, Text: "350家", Start: 15, End: 19, Value: ptr(350), Unit: "家", Qualifier: "exact", Subject: "会员企业", Topic: "members"},
		{Kind: corpus.KindMoney, Text: "200万元", Start: 24, End: 29, Value: ptr(2e6), Unit: "CNY", Qualifier: "exact", Topic: "donation"}}},
	{"2024-06-01", "郯城县商会投资", "山东省郯城县商会投资3亿元建设产业园。", []corpus.Figure{
		{Kind: corpus.KindMoney, Text: "3亿元", Start: 10, End: 13, Value: ptr(3e8), Unit: "CNY", Qualifier: "exact", Topic: "investment", PeriodStart: "2024"}}},
}

func ptr(v float64) *float64 { return &v }

// New stores arts in a store in dir, indexes them, and returns both; they
// are closed when the test ends.
func New(t testing.TB, dir string, arts []Article) (*corpus.Store, *bleveindex.Index) {
	t.Helper()
	ctx := context.Background()
	st, err := corpus.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ix, err := bleveindex.Open(filepath.Join(dir, "index"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	ix.UseTexts(st)
	Add(t, st, ix, arts...)
	return st, ix
}

// Add stores arts and brings the index up to date.
func Add(t testing.TB, st *corpus.Store, ix *bleveindex.Index, arts ...Article) {
	t.Helper()
	ctx := context.Background()
	for _, a := range arts {
		day, err := time.ParseInLocation(time.DateOnly, a.Day, zh.China)
		if err != nil {
			t.Fatal(err)
		}
		n, err := st.Count(ctx)
		if err != nil {
			t.Fatal(err)
		}
		doc := &corpus.Document{URL: fmt.Sprintf("https://www.example-gsl.cn/news/%d.html", n+1), Source: "示例工商联",
			Title: a.Title, Published: day.Add(9 * time.Hour), Original: a.Text}
		// The places and organizations, found as ingest finds them; the
		// figures are the fixture's own.
		extract.OfDocument(doc, corpus.Prepare(doc))
		if _, err := st.Put(ctx, doc, a.Figures); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := ix.Update(ctx, st); err != nil {
		t.Fatal(err)
	}
}
