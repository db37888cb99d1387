package index

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/fednews/fednews/internal/shared"
	"github.com/fednews/fednews/zh"
)

// domainTerms are queries researchers type, in both scripts, with the
// traps of segmentation (营商环境监测, 工商联系统, 县) and of bigrams
// (和服 inside 和服务, 商会 inside 工商会议: substrings, so they match).
var domainTerms = []string{
	"营商环境", "營商環境", "工商联", "工商聯", "女企业家商会", "女企業家商會", "商会", "商會", "县", "縣",
	"营商环境监测", "工商联系统", "工商聯系統", "民营经济", "民營經濟", "郯城县", "郯城縣", "万年县", "长沙县",
	"安徽省工商联", "和服", "和服务", "工商会议", "两个健康", "兩個健康", "万企兴万村", "GDP", "gdp", "5%",
	"2021年", "乡镇商会", "新生代商会", "深圳市万年商会", "“五好”", "县级工商联", "縣級工商聯",
}

// corpusText is what a phrase query must match: the normalized, folded
// title and body of a document.
type corpusText struct {
	id          int64
	title, body string
}

func harnessCorpus(t *testing.T) ([]Entry, []corpusText) {
	entries := append(fixtureEntries(t), demoEntries(t)...)
	if shared.Dir() != "" {
		entries = append(entries, seedEntries(t)...)
	} else {
		t.Log("shared seeds absent: harness runs on fixtures and the demo corpus only")
	}
	var texts []corpusText
	for _, e := range entries {
		texts = append(texts, corpusText{e.Doc.ID, fold(zh.Normalize(e.Doc.Title, zh.AllSteps).Text), fold(normBody(e.Doc))})
	}
	return entries, texts
}

// harnessQueries draws n random substrings of 1 to 6 characters from the
// original (either script) and normalized texts, then adds the domain terms.
func harnessQueries(entries []Entry, n int, seed uint64) []string {
	rng := rand.New(rand.NewPCG(seed, 7))
	seen := map[string]bool{}
	var out []string
	for len(out) < n {
		e := entries[rng.IntN(len(entries))].Doc
		var src string
		switch rng.IntN(3) {
		case 0:
			src = e.Title
		case 1:
			src = e.Original // traditional articles give traditional queries
		default:
			src = e.Normalized
		}
		rs := []rune(src)
		if len(rs) == 0 {
			continue
		}
		k := 1 + rng.IntN(6)
		i := rng.IntN(len(rs))
		q := string(rs[i:min(len(rs), i+k)])
		if strings.ContainsAny(q, "\"\n\r") || strings.TrimSpace(q) == "" || seen[q] {
			continue
		}
		seen[q] = true
		out = append(out, q)
	}
	return append(out, domainTerms...)
}

func expectedIDs(texts []corpusText, q string) []int64 {
	nq := fold(zh.Normalize(q, zh.AllSteps).Text)
	var out []int64
	for _, d := range texts {
		if strings.Contains(d.title, nq) || strings.Contains(d.body, nq) {
			out = append(out, d.id)
		}
	}
	slices.Sort(out)
	return out
}

type prCount struct{ tp, fp, fn, exact int }

func (c *prCount) add(got, want []int64) {
	ok := true
	for _, g := range got {
		if slices.Contains(want, g) {
			c.tp++
		} else {
			c.fp++
			ok = false
		}
	}
	for _, w := range want {
		if !slices.Contains(got, w) {
			c.fn++
			ok = false
		}
	}
	if ok {
		c.exact++
	}
}

func (c prCount) String() string {
	p := float64(c.tp) / float64(max(1, c.tp+c.fp))
	r := float64(c.tp) / float64(max(1, c.tp+c.fn))
	return fmt.Sprintf("precision %.4f recall %.4f (tp %d fp %d fn %d), queries with the exact set %d", p, r, c.tp, c.fp, c.fn, c.exact)
}

// TestPhraseHarness checks that every phrase query returns exactly the
// documents whose normalized title or body contains it, and prints the
// same measure for bleve's cjk analyzer (not asserted).
func TestPhraseHarness(t *testing.T) {
	ctx := context.Background()
	entries, texts := harnessCorpus(t)
	ix := openTest(t, entries)
	cjkIx, err := create(filepath.Join(t.TempDir(), "cjk"), newMapping(cjkSchema))
	if err != nil {
		t.Fatal(err)
	}
	defer cjkIx.Close()
	if err := addEntries(ctx, cjkIx, nil, cjkSchema, entries, nil); err != nil {
		t.Fatal(err)
	}
	queries := harnessQueries(entries, 320, 2026)
	var ours, base prCount
	for _, q := range queries {
		want := expectedIDs(texts, q)
		res, err := ix.Search(ctx, Request{Query: `"` + q + `"`, NoCollapse: true, Limit: maxLimit})
		if err != nil {
			t.Errorf("query %q: %v", q, err)
			continue
		}
		var got []int64
		for _, h := range res.Hits {
			got = append(got, h.ID)
		}
		slices.Sort(got)
		ours.add(got, want)
		if !slices.Equal(got, want) {
			t.Errorf("query %q: got %v, want %v", q, got, want)
		}
		base.add(cjkPhrase(t, cjkIx, q), want)
	}
	t.Logf("%d phrase queries over %d documents", len(queries), len(entries))
	t.Logf("fednews (n-gram phrases): %s", ours)
	t.Logf("bleve cjk analyzer      : %s", base)
}

// cjkSchema is what bleve offers out of the box: the cjk analyzer (width
// folding, bigrams) on title and body, phrases by position.
var cjkSchema = schema{wordAnalyzer: cjk.AnalyzerName, wordPositions: true}

func cjkPhrase(t *testing.T, bi bleve.Index, q string) []int64 {
	nq := zh.Normalize(q, zh.AllSteps).Text
	var qs []query.Query
	for _, f := range []string{fTitleWords, fBodyWords} {
		mq := query.NewMatchPhraseQuery(nq)
		mq.SetField(f)
		mq.Analyzer = cjk.AnalyzerName
		qs = append(qs, mq)
	}
	res, err := bi.Search(bleve.NewSearchRequestOptions(query.NewDisjunctionQuery(qs), maxLimit, 0, false))
	if err != nil {
		t.Fatalf("cjk %q: %v", q, err)
	}
	var out []int64
	for _, h := range res.Hits {
		var id int64
		fmt.Sscan(h.ID, &id)
		out = append(out, id)
	}
	slices.Sort(out)
	return out
}

// TestPhraseCombinations checks phrases combined with AND, OR and
// exclusion against the same sets combined: the phrase searcher is then
// driven by bleve's conjunction and boolean searchers, which skip ahead.
func TestPhraseCombinations(t *testing.T) {
	ctx := context.Background()
	entries, texts := harnessCorpus(t)
	ix := openTest(t, entries)
	var qs []string
	for _, q := range harnessQueries(entries, 400, 11) {
		if strings.TrimSpace(q) == q {
			qs = append(qs, q)
		}
	}
	rng := rand.New(rand.NewPCG(5, 5))
	for range 150 {
		a, b := qs[rng.IntN(len(qs))], qs[rng.IntN(len(qs))]
		wa, wb := expectedIDs(texts, a), expectedIDs(texts, b)
		for _, c := range []struct {
			query string
			keep  func(inA, inB bool) bool
		}{
			{`"` + a + `" "` + b + `"`, func(x, y bool) bool { return x && y }},
			{`"` + a + `" OR "` + b + `"`, func(x, y bool) bool { return x || y }},
			{`"` + a + `" -"` + b + `"`, func(x, y bool) bool { return x && !y }},
		} {
			var want []int64
			for _, d := range texts {
				if c.keep(slices.Contains(wa, d.id), slices.Contains(wb, d.id)) {
					want = append(want, d.id)
				}
			}
			slices.Sort(want)
			res, err := ix.Search(ctx, Request{Query: c.query, NoCollapse: true, Limit: maxLimit})
			if err != nil {
				t.Fatalf("%s: %v", c.query, err)
			}
			var got []int64
			for _, h := range res.Hits {
				got = append(got, h.ID)
			}
			slices.Sort(got)
			if !slices.Equal(got, want) || res.Documents != len(want) {
				t.Errorf("%s: got %v (%d documents), want %v", c.query, got, res.Documents, want)
			}
		}
	}
}
