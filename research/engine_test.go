package research

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/index"
)

// article is a fixture: a day, a title and a text as a site publishes them.
type article struct {
	day, title, text string
}

// fixture is a small collection in both scripts: 工商联 in three
// documents (one traditional), 商会 in two, and one about neither.
var fixture = []article{
	{"2024-01-05", "省工商联召开执委会", "省工商联召开十二届执委会，部署优化营商环境工作。会议指出，工商联要服务民营企业。"},
	{"2024-01-20", "县商会成立大会", "县商会今日成立，会员企业踊跃参加，选举产生首届理事会。"},
	{"2024-02-03", "工商联与商会座谈", "市工商联与异地商会座谈，共话民营经济发展。"},
	{"2024-03-10", "乡村振兴见成效", "村里种植果树，乡村振兴见成效，农民收入提高。"},
	{"2024-03-15", "工商聯訪問團抵達", "臺灣工商聯訪問團抵達，與本地民營企業交流營商環境。"},
}

// newEngine stores arts, indexes them and returns an Engine over both,
// with the store and the index for tests that add more.
func newEngine(t *testing.T, arts []article) (*Engine, *corpus.Store, *index.Index) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	st, err := corpus.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ix, err := index.Open(filepath.Join(dir, "index"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	for i, a := range arts {
		putArticle(t, st, i, a)
	}
	if _, err := ix.Update(ctx, st); err != nil {
		t.Fatal(err)
	}
	return New(ix, st), st, ix
}

func putArticle(t *testing.T, st *corpus.Store, i int, a article) {
	t.Helper()
	day, err := time.ParseInLocation(time.DateOnly, a.day, china)
	if err != nil {
		t.Fatal(err)
	}
	doc := &corpus.Document{URL: fmt.Sprintf("https://www.example-gsl.cn/news/%d.html", i+1), Source: "示例工商联",
		Title: a.title, Published: day.Add(9 * time.Hour), Original: a.text}
	if _, err := st.Put(context.Background(), doc, nil); err != nil {
		t.Fatal(err)
	}
}

func mustDay(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.ParseInLocation(time.DateOnly, s, china)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
