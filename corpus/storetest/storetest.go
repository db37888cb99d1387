// Package storetest is the suite every store implementation passes, so
// that SQLite and PostgreSQL (and any engine after them) keep the same
// contract: what Put decides, what the feed promises (corpus.Feed), and
// what the readers see. It is modelled on restic's backend test suite: an
// engine's test calls Run with a way to make and open its stores.
package storetest

import (
	"context"
	"database/sql"
	"fmt"
	"github.com/fednews/fednews/zh"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/fednews/fednews/corpus"
)

// Engine is a store implementation under test.
type Engine struct {
	// New makes a new, empty store for one test and returns where it is
	// (a directory, a database URL), removing it when t ends.
	New func(t *testing.T) string
	// Open opens the store at loc. Several handles opened on one store
	// behave as several processes sharing it.
	Open func(ctx context.Context, loc string) (corpus.Contract, error)
	// SQL opens the database at loc for plain SQL, as an analyst would,
	// closed when t ends.
	SQL func(t *testing.T, loc string) *sql.DB
}

// Run runs the suite against e, each case on a store of its own.
func Run(t *testing.T, e Engine) {
	for _, c := range []struct {
		name string
		fn   func(t *testing.T, e Engine)
	}{
		{"PutGet", testPutGet},
		{"PutOutcomes", testPutOutcomes},
		{"PutRejectsEmpty", testPutRejectsEmpty},
		{"PutBatch", testPutBatch},
		{"BatchMatchesSinglePuts", testBatchMatchesSinglePuts},
		{"Entities", testEntities},
		{"Feed", testFeed},
		{"ReplaceFigures", testReplaceFigures},
		{"Figures", testFigures},
		{"NearDuplicatesCluster", testNearDuplicates},
		{"OriginalStandsForStory", testOriginalStandsForStory},
		{"OtherScriptJoinsCluster", testOtherScript},
		{"CrawlStateAndRuns", testCrawlStateAndRuns},
		{"ReopenKeepsEverything", testReopen},
		{"ConcurrentWritersAndFollower", testConcurrent},
		{"AnalystView", testAnalystView},
	} {
		t.Run(c.name, func(t *testing.T) { c.fn(t, e) })
	}
}

// open opens a new store of e, closed when t ends.
func open(t *testing.T, e Engine) (corpus.Contract, string) {
	t.Helper()
	loc := e.New(t)
	return openAt(t, e, loc), loc
}

// openAt opens another handle on the store at loc, closed when t ends.
func openAt(t *testing.T, e Engine, loc string) corpus.Contract {
	t.Helper()
	s, err := e.Open(context.Background(), loc)
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// hanzi are the characters generated texts are made of: common enough to
// read like news, many enough that unrelated texts share few 5-grams.
var hanzi = []rune("工商联企业民营经济发展会员商会投资项目合作协议签约仪式举行省市县区委书记主席副会长秘书长" +
	"调研座谈交流服务中小微创新科技产业园区招商引资就业帮扶乡村振兴助力公益慈善捐赠资金物资" +
	"年月日亿万元家个人次同比增长百分点全国代表大会改革开放高质量营商环境法治建设培训")

// Text returns a deterministic text of n characters in sentences, the
// same for the same seed and unrelated for different seeds.
func Text(seed uint64, n int) string {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	var b strings.Builder
	for i := 1; i <= n; i++ {
		b.WriteRune(hanzi[r.IntN(len(hanzi))])
		if i%23 == 0 {
			b.WriteString("。")
		}
	}
	b.WriteString("。")
	return b.String()
}

// nearCopy changes one character in every fifty of text: a repost with
// small edits, still well above the near-duplicate threshold.
func nearCopy(text string) string {
	rs := []rune(text)
	for i := 25; i < len(rs); i += 50 {
		rs[i] = '改'
	}
	return string(rs)
}

// Doc returns a document at url with body text, published at day days
// after 2024-01-01 (China time).
func Doc(url, text string, day int) *corpus.Document {
	return &corpus.Document{
		URL: url, Source: "测试来源", Title: "标题" + url[strings.LastIndex(url, "/")+1:], Author: "记者",
		Published: time.Date(2024, 1, 1, 9, 30, 0, 0, zh.China).AddDate(0, 0, day),
		FetchedAt: time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC), Charset: "utf-8", Original: text, Extractor: 3,
	}
}

func ptr(f float64) *float64 { return &f }

func mustPut(t *testing.T, s corpus.Contract, d *corpus.Document, figs []corpus.Figure) corpus.PutResult {
	t.Helper()
	r, err := s.Put(context.Background(), d, figs)
	if err != nil {
		t.Fatalf("put %s: %v", d.URL, err)
	}
	return r
}

func mustGet(t *testing.T, s corpus.Contract, id int64) *corpus.Document {
	t.Helper()
	d, err := s.Get(context.Background(), id)
	if err != nil {
		t.Fatalf("get %d: %v", id, err)
	}
	return d
}

// feed reads the whole feed after seq in pages of page.
func feed(t *testing.T, s corpus.Feed, after int64, page int) []*corpus.Document {
	t.Helper()
	var out []*corpus.Document
	for {
		docs, err := s.Changed(context.Background(), after, page)
		if err != nil {
			t.Fatalf("changed after %d: %v", after, err)
		}
		if len(docs) == 0 {
			return out
		}
		out = append(out, docs...)
		after = docs[len(docs)-1].Seq
	}
}

func seqs(docs []*corpus.Document) string {
	parts := make([]string, len(docs))
	for i, d := range docs {
		parts[i] = fmt.Sprintf("%d@%d", d.ID, d.Seq)
	}
	return strings.Join(parts, " ")
}
