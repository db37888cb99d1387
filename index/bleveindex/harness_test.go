package bleveindex

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

	"github.com/fednews/fednews/index"
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
	entries := append(append(fixtureEntries(t), mixedEntries(t)...), demoEntries(t)...)
	if shared.Dir() != "" {
		entries = append(entries, seedEntries(t)...)
	} else {
		t.Log("shared seeds absent: harness runs on fixtures and the demo corpus only")
	}
	var texts []corpusText
	for _, e := range entries {
		texts = append(texts, corpusText{e.Doc.ID, index.Fold(zh.Normalize(e.Doc.Title, zh.AllSteps).Text), index.Fold(normBody(e.Doc))})
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

// mixedQuery is a query typed in mixed script and the simplified text it
// stands for.
type mixedQuery struct{ query, simplified string }

// mixedTerms are mixed-script queries researchers type, each with its
// simplified form.
var mixedTerms = []mixedQuery{
	{"经济發展", "经济发展"}, {"經濟发展", "经济发展"}, {"民营經濟", "民营经济"}, {"郯城縣工商联", "郯城县工商联"},
	{"兩岸经济", "两岸经济"}, {"與会台商", "与会台商"}, {"商會群组", "商会群组"}, {"营商環境", "营商环境"},
}

// harnessMixedQueries draws n substrings of 2 to 8 characters from the
// traditional and mixed texts and writes one part of each as the source
// wrote it and the other as normalized (经济發展), then adds mixedTerms. The
// simplified form is the normalized substring itself. A query is converted
// only where that is unambiguous, so the part as written must hold a
// character that converts alone (發, not 覆 or 乾, which simplified script
// writes too).
func harnessMixedQueries(entries []Entry, n int, seed uint64) []mixedQuery {
	rng := rand.New(rand.NewPCG(seed, 9))
	var srcs []string
	for _, e := range entries {
		for _, s := range []string{e.Doc.Title, e.Doc.Original} {
			if sc := zh.DetectScript(s); sc == zh.ScriptTraditional || sc == zh.ScriptMixed {
				srcs = append(srcs, s)
			}
		}
	}
	seen := map[string]bool{}
	var out []mixedQuery
	for tries := 0; len(out) < n && tries < 100*n; tries++ {
		src := srcs[rng.IntN(len(srcs))]
		written := []rune(zh.Normalize(src, zh.StepWidth|zh.StepPinyin).Text)
		norm := []rune(zh.Normalize(src, zh.AllSteps).Text)
		if len(written) != len(norm) || len(norm) < 2 {
			continue // t2s maps rune to rune
		}
		k := 2 + rng.IntN(7)
		i := rng.IntN(len(norm) - 1)
		j := min(len(norm), i+k)
		cut := i + 1 + rng.IntN(j-i-1)
		q, asWritten := string(norm[i:cut])+string(written[cut:j]), written[cut:j]
		if rng.IntN(2) == 0 {
			q, asWritten = string(written[i:cut])+string(norm[cut:j]), written[i:cut]
		}
		simp := string(norm[i:j])
		if !convertsAlone(asWritten) || strings.ContainsAny(q, "\"\n\r") || strings.TrimSpace(q) != q || seen[q] {
			continue
		}
		seen[q] = true
		out = append(out, mixedQuery{q, simp})
	}
	return append(out, mixedTerms...)
}

// convertsAlone reports whether one of rs is a character that t2s changes
// even with no context.
func convertsAlone(rs []rune) bool {
	for _, r := range rs {
		if c := string(r); zh.Normalize(c, zh.StepT2S).Text != c {
			return true
		}
	}
	return false
}

func expectedIDs(texts []corpusText, q string) []int64 {
	nq := index.Fold(zh.Normalize(q, zh.AllSteps).Text)
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
	if err := addEntries(ctx, cjkIx, cjkSchema, entries, nil); err != nil {
		t.Fatal(err)
	}
	queries := harnessQueries(entries, 320, 2026)
	var ours, base prCount
	for _, q := range queries {
		want := expectedIDs(texts, q)
		got, err := phraseIDs(ctx, ix, q)
		if err != nil {
			t.Error(err)
			continue
		}
		ours.add(got, want)
		if !slices.Equal(got, want) {
			t.Errorf("query %q: got %v, want %v", q, got, want)
		}
		base.add(cjkPhrase(t, cjkIx, q), want)
	}
	t.Logf("%d phrase queries over %d documents", len(queries), len(entries))
	t.Logf("fednews (n-gram phrases): %s", ours)
	t.Logf("bleve cjk analyzer      : %s", base)

	// A query in mixed script finds what its simplified form finds.
	var mixed prCount
	mqs := harnessMixedQueries(entries, 120, 2026)
	for _, mq := range mqs {
		want := expectedIDs(texts, mq.simplified)
		got, err := phraseIDs(ctx, ix, mq.query)
		if err != nil {
			t.Error(err)
			continue
		}
		mixed.add(got, want)
		if !slices.Equal(got, want) {
			t.Errorf("mixed query %q (simplified %q): got %v, want %v", mq.query, mq.simplified, got, want)
		}
	}
	t.Logf("%d mixed-script queries: %s", len(mqs), mixed)
}

// phraseIDs returns the sorted IDs of every document holding the phrase q,
// each copy of a story counted.
func phraseIDs(ctx context.Context, ix *Index, q string) ([]int64, error) {
	res, err := ix.Search(ctx, index.Request{Query: `"` + q + `"`, NoCollapse: true, Limit: index.MaxLimit})
	if err != nil {
		return nil, fmt.Errorf("query %q: %w", q, err)
	}
	var got []int64
	for _, h := range res.Hits {
		got = append(got, h.ID)
	}
	slices.Sort(got)
	return got, nil
}

// cjkSchema is what bleve offers out of the box: the cjk analyzer (width
// folding, bigrams) on title and body, phrases by position.
var cjkSchema = schema{wordAnalyzer: cjk.AnalyzerName, wordPositions: true, bodyWords: true}

func cjkPhrase(t *testing.T, bi bleve.Index, q string) []int64 {
	nq := zh.Normalize(q, zh.AllSteps).Text
	var qs []query.Query
	for _, f := range []string{fTitleWords, fBodyWords} {
		mq := query.NewMatchPhraseQuery(nq)
		mq.SetField(f)
		mq.Analyzer = cjk.AnalyzerName
		qs = append(qs, mq)
	}
	res, err := bi.Search(bleve.NewSearchRequestOptions(query.NewDisjunctionQuery(qs), index.MaxLimit, 0, false))
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
			res, err := ix.Search(ctx, index.Request{Query: c.query, NoCollapse: true, Limit: index.MaxLimit})
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

// TestMixedDocumentsFound checks that simplified queries find the mixed
// documents in their traditional runs, and that the simplified name in a
// mixed text keeps its 乾.
func TestMixedDocumentsFound(t *testing.T) {
	ix := openTest(t, mixedEntries(t))
	for _, tt := range []struct {
		query string
		want  []int64
	}{
		{"商会群组", []int64{9101}},
		{"经济发展要靠实业", []int64{9102}},
		{"两岸经济发展", []int64{9103}},
		{"與会台商", []int64{9103}},
		{"王丙乾同志", []int64{9102}},
		{"王丙干", nil},
	} {
		got, err := phraseIDs(context.Background(), ix, tt.query)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: got %v, want %v", tt.query, got, tt.want)
		}
	}
}
