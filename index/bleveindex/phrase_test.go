package bleveindex

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/fednews/fednews/index"
	"github.com/fednews/fednews/zh"
)

// TestPhraseRanking checks the scores of exact phrases: a match in the
// title ranks above matches in the body, more matches above fewer, and a
// match in a short body above one in a long body (the tf-idf of bleve's
// term scorer, applied to the phrase).
func TestPhraseRanking(t *testing.T) {
	pub := time.Date(2022, 3, 1, 9, 0, 0, 0, zh.China)
	filler := strings.Repeat("会议听取了各地的工作汇报并部署下一阶段任务。", 20)
	docs := []struct {
		id          int64
		title, body string
	}{
		{1, "工作简报", filler + "县工商联召开执委会议。" + filler},
		{2, "县工商联召开执委会议", "会议部署了全年工作。"},
		{3, "工作简报", "县工商联召开执委会议。县工商联组织会员企业学习。县工商联开展调研。"},
		{4, "工作简报", "县工商联召开执委会议。市里组织会员企业学习。区里开展调研。"},
		{5, "工作简报", "工商业联合会召开会议。"}, // no match: the runes are there, not the phrase
	}
	var entries []Entry
	for _, d := range docs {
		entries = append(entries, Entry{Doc: newDoc(d.id, d.title, "示例日报", d.body, pub)})
	}
	ix := openTest(t, entries)
	for _, q := range []string{"县工商联", "縣工商聯", `"工商联"`} {
		r := doSearch(t, ix, index.Request{Query: q})
		var got []int64
		for _, h := range r.Hits {
			got = append(got, h.ID)
		}
		if want := []int64{2, 3, 4, 1}; !slices.Equal(got, want) {
			var scores []float64
			for _, h := range r.Hits {
				scores = append(scores, h.Score)
			}
			t.Errorf("%s: ranked %v (scores %v), want %v", q, got, scores, want)
		}
	}
}

// TestPhraseRepeats checks phrases whose bigrams repeat (商商商, 工商联工商联):
// each distinct bigram is read once and checked at every offset.
func TestPhraseRepeats(t *testing.T) {
	pub := time.Date(2022, 3, 1, 9, 0, 0, 0, zh.China)
	bodies := []string{"商商商商商", "商商会", "工商联工商联", "工商联工商", "工商联，工商联", "联工商联工商联工商联"}
	var entries []Entry
	for i, b := range bodies {
		entries = append(entries, Entry{Doc: newDoc(int64(i+1), "简报", "示例日报", b, pub)})
	}
	ix := openTest(t, entries)
	for _, q := range []string{"商商商", "商商商商商", "商商商商商商", "工商联工商联", "工商联工商", "联工商联", "商商会", "商会商",
		"联工商联工商联工商联", "联工商联工商联工商联工", "工商联工商联工商联"} {
		var want []int64
		for i, b := range bodies {
			if strings.Contains(b, q) {
				want = append(want, int64(i+1))
			}
		}
		r := doSearch(t, ix, index.Request{Query: `"` + q + `"`, NoCollapse: true})
		var got []int64
		for _, h := range r.Hits {
			got = append(got, h.ID)
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("%s: got %v, want %v", q, got, want)
		}
	}
}

// TestPhraseStopsOnCancel checks that a phrase whose bigrams are in many
// documents but never next to each other gives up when its context ends,
// although it never reaches a hit (where bleve would check).
func TestPhraseStopsOnCancel(t *testing.T) {
	pub := time.Date(2022, 3, 1, 9, 0, 0, 0, zh.China)
	var entries []Entry
	for i := range 1100 {
		entries = append(entries, Entry{Doc: newDoc(int64(i+1), "简报", "示例日报", "工商、商联", pub)})
	}
	ix := openTest(t, entries)
	adv, err := ix.bi.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	r, err := adv.Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for _, cancelled := range []bool{false, true} {
		ctx, cancel := context.WithCancel(context.Background())
		if cancelled {
			cancel()
		}
		s, err := phrase([]rune("工商联"), fBodyBi).(*exactPhrase).Searcher(ctx, r, nil, search.SearcherOptions{})
		if err != nil {
			t.Fatal(err)
		}
		m, err := s.Next(&search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(1, 0)})
		s.Close()
		cancel()
		if m != nil || cancelled != errors.Is(err, context.Canceled) {
			t.Errorf("cancelled %v: match %v, err %v", cancelled, m, err)
		}
	}
}

// TestRuneRanking checks one-character queries: more occurrences rank
// higher, a text's last character counts (it begins no bigram), and a
// document without the character is no hit.
func TestRuneRanking(t *testing.T) {
	pub := time.Date(2022, 3, 1, 9, 0, 0, 0, zh.China)
	bodies := []string{"全县召开会议，县里部署，县工商联参加。", "全市召开会议，县里部署，市工商联参加。", "全市召开会议，市里部署，市工商联参加。", "会议在郯城召开县"}
	var entries []Entry
	for i, b := range bodies {
		entries = append(entries, Entry{Doc: newDoc(int64(i+1), "简报", "示例日报", b, pub)})
	}
	ix := openTest(t, entries)
	for _, q := range []string{"县", "縣"} {
		r := doSearch(t, ix, index.Request{Query: q, NoCollapse: true})
		var got []int64
		for _, h := range r.Hits {
			got = append(got, h.ID)
		}
		if len(got) != 3 || got[0] != 1 || !slices.Contains(got, 2) || !slices.Contains(got, 4) {
			t.Errorf("%s: ranked %v, want 1 first, then 2 and 4 (4 ends with 县, 3 has none)", q, got)
		}
	}
}

// FuzzPhraseExact indexes a text and checks the phrase searchers on it:
// a substring of the text (and of its normalized form) always matches,
// and any query matches exactly when the normalized text contains it.
func FuzzPhraseExact(f *testing.F) {
	for _, s := range []struct {
		text, query string
	}{
		{"县工商联召开执委会议。", "工商联"}, {"商商商商商", "商商商"}, {"工商联工商联", "联工商联"},
		{"全縣民營企業實現營業收入128.6億元", "民营企业"}, {"ＧＤＰ增长5%", "gdp"}, {"a", "a"}, {"和服务", "和服"},
		{"工商聯(lián)", "工商联"}, {"县", "縣"}, {"  ", " "},
		{"工商、商联", "工商联"}, {"商会议，在工商", "工商会议"}, // every bigram there, not the phrase
	} {
		f.Add(s.text, s.query)
	}
	ix := &Index{}
	defer func() {
		if ix.bi != nil {
			ix.bi.Close()
		}
	}()
	pub := time.Date(2022, 3, 1, 9, 0, 0, 0, zh.China)
	var next int64
	f.Fuzz(func(t *testing.T, text, q string) {
		if !utf8.ValidString(text) || !utf8.ValidString(q) || len(text) > 2000 || strings.ContainsAny(q, "\"\n\r") {
			return
		}
		// A fresh in-memory index now and then: one that only grows slows
		// every search down.
		if next%100 == 0 {
			if ix.bi != nil {
				ix.bi.Close()
			}
			bi, err := bleve.NewUsing("", newMapping(fednewsSchema), scorch.Name, scorch.Name, nil)
			if err != nil {
				t.Fatal(err)
			}
			ix.bi = bi
		}
		next++
		bi := ix.bi
		d := newDoc(next, "", "", text, pub)
		if strings.TrimSpace(d.Normalized) == "" {
			return
		}
		if err := ix.Add(context.Background(), []Entry{{Doc: d}}); err != nil {
			t.Fatal(err)
		}
		body := index.Fold(normBody(d))
		check := func(q string) {
			nq := index.Fold(zh.Normalize(q, zh.AllSteps).Text)
			if strings.TrimSpace(nq) == "" {
				return
			}
			pq, _, err := ix.compileRequest(index.Request{Query: `"` + q + `"`})
			if err != nil {
				return // not a phrase the query language takes (a field name, OR ...)
			}
			sreq := bleve.NewSearchRequest(query.NewConjunctionQuery([]query.Query{pq, query.NewDocIDQuery([]string{docID(next)})}))
			res, err := bi.Search(sreq)
			if err != nil {
				t.Fatalf("%q in %q: %v", q, text, err)
			}
			if want := strings.Contains(body, nq); (res.Total == 1) != want {
				t.Errorf("%q (normalized %q) in %q (normalized %q): matched %v, want %v", q, nq, text, body, res.Total == 1, want)
			}
		}
		check(q)
		rs := []rune(body)
		if len(rs) > 0 {
			i := int(uint(len(q)) % uint(len(rs)))
			check(string(rs[i:min(len(rs), i+1+len(q)%7)])) // a substring: must match
		}
	})
}
