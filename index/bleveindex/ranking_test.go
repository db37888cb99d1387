package bleveindex

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/fednews/fednews/index"
	"github.com/fednews/fednews/index/gazetteer"
)

// The judged ranking set (testdata/ranking): documents written in the
// style of federation and government news sites, and for each query the
// graded relevance of every document holding it. The judgments were
// committed before any ranking was run.

type judgedQuery struct {
	Q   string         `json:"q"`
	Rel map[string]int `json:"rel"`
}

func judgedSet(t testing.TB) ([]Entry, []judgedQuery) {
	t.Helper()
	entries := fixtureFile(t, "testdata/ranking/docs.json")
	b, err := os.ReadFile("testdata/ranking/judgments.json")
	if err != nil {
		t.Fatal(err)
	}
	var j struct {
		Queries []judgedQuery `json:"queries"`
	}
	if err := json.Unmarshal(b, &j); err != nil {
		t.Fatal(err)
	}
	return entries, j.Queries
}

// rankVariant is one way of indexing and scoring: a schema and the
// compilation of a plan into a bleve query.
type rankVariant struct {
	name    string
	s       schema
	compile func(*index.Plan) (query.Query, error)
}

// bigramSchema is the fednews schema without the gse word fields.
var bigramSchema = schema{ngrams: true}

// bodyWordsSchema is the fednews schema with a word field on the body
// too: what fednews indexed until session 10.
var bodyWordsSchema = schema{wordAnalyzer: AnalyzerZhSearch, bodyWords: true, ngrams: true}

// rankVariants are compared on the judged set; the first is what fednews
// does.
var rankVariants = []rankVariant{
	{"A title words+bigrams", fednewsSchema, compilePlan},
	{"B bigrams", bigramSchema, compileExact},
	{"C bigrams+delimited", bigramSchema, compileDelimited},
	{"D title+body words", bodyWordsSchema, compileBodyWords},
}

// compileExact is the exact query alone: bigram tf-idf, the title boost.
func compileExact(p *index.Plan) (query.Query, error) {
	q, _, err := compileParts(p)
	return q, err
}

// wordBodyBoost is the weight of a body word clause (D), half the title's.
const wordBodyBoost = 1

// compileBodyWords adds to the fednews query a should clause on the body
// word field for each phrase that gets word clauses.
func compileBodyWords(p *index.Plan) (query.Query, error) {
	q, should, err := compileParts(p)
	if err != nil {
		return nil, err
	}
	for _, ph := range positivePhrases(p.Query, false) {
		if wordClause(ph, false) && ph.Field != index.FieldTitle {
			should = append(should, boosted(termOn(fBodyWords, ph.Text), wordBodyBoost))
		}
	}
	if len(should) == 0 {
		return q, nil
	}
	return query.NewBooleanQuery([]query.Query{q}, should, nil), nil
}

// delimiters are the runes that end a word whatever the words are:
// punctuation and spaces of normalized text.
var delimiters = []string{",", "。", "、", ";", ":", "(", ")", "“", "”", "《", "》", " ", "\n", "!", "?"}

// compileDelimited adds to the exact query a should clause for each
// phrase found with a delimiter on either side: a general signal that the
// phrase is a whole word, from the bigram postings alone.
func compileDelimited(p *index.Plan) (query.Query, error) {
	q, err := compileExact(p)
	if err != nil {
		return nil, err
	}
	var should []query.Query
	for _, ph := range positivePhrases(p.Query, false) {
		for _, d := range delimiters {
			for _, s := range []string{ph.Text + d, d + ph.Text} {
				dq, err := compileExact(&index.Plan{Query: index.Phrase{Field: ph.Field, Text: s}})
				if err != nil {
					return nil, err
				}
				should = append(should, dq)
			}
		}
	}
	if len(should) == 0 {
		return q, nil
	}
	return query.NewBooleanQuery([]query.Query{q}, should, nil), nil
}

// positivePhrases lists the phrases of n that are not under a negation.
func positivePhrases(n index.Node, neg bool) []index.Phrase {
	switch n := n.(type) {
	case index.Phrase:
		if !neg {
			return []index.Phrase{n}
		}
	case index.Not:
		return positivePhrases(n.Inner, !neg)
	case index.Or:
		var out []index.Phrase
		for _, a := range n.Any {
			out = append(out, positivePhrases(a, neg)...)
		}
		return out
	case index.And:
		var out []index.Phrase
		for _, c := range n.Clauses {
			out = append(out, positivePhrases(c, neg)...)
		}
		return out
	}
	return nil
}

// rankedIDs returns the IDs of the documents matching q, best first (ties
// by ID, as the index orders them).
func rankedIDs(t testing.TB, bi bleve.Index, gaz *gazetteer.Gazetteer, v rankVariant, q string) []int64 {
	t.Helper()
	p, err := index.NewPlan(index.Request{Query: `"` + q + `"`}, index.Places(gaz))
	if err != nil {
		t.Fatal(err)
	}
	bq, err := v.compile(p)
	if err != nil {
		t.Fatal(err)
	}
	req := bleve.NewSearchRequestOptions(bq, index.MaxLimit, 0, false)
	res, err := bi.Search(req)
	if err != nil {
		t.Fatalf("%s %q: %v", v.name, q, err)
	}
	type hit struct {
		id    int64
		score float64
	}
	var hits []hit
	for _, h := range res.Hits {
		id, err := strconv.ParseInt(h.ID, 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		hits = append(hits, hit{id, h.Score})
	}
	slices.SortStableFunc(hits, func(a, b hit) int {
		if a.score != b.score {
			if a.score > b.score {
				return -1
			}
			return 1
		}
		return int(a.id - b.id)
	})
	out := make([]int64, len(hits))
	for i, h := range hits {
		out[i] = h.id
	}
	return out
}

// variantIndex builds an in-memory index of entries with v's schema.
func variantIndex(t testing.TB, s schema, entries []Entry) bleve.Index {
	t.Helper()
	bi, err := bleve.NewUsing("", newMapping(s), scorch.Name, scorch.Name, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { bi.Close() })
	if err := addEntries(context.Background(), bi, s, entries, nil); err != nil {
		t.Fatal(err)
	}
	return bi
}

// ndcg is nDCG@k of ranked against the graded judgments (gain 2^g − 1).
func ndcg(ranked []int64, rel map[int64]int, k int) float64 {
	dcg := 0.0
	for i, id := range ranked[:min(k, len(ranked))] {
		dcg += (math.Pow(2, float64(rel[id])) - 1) / math.Log2(float64(i+2))
	}
	var grades []int
	for _, g := range rel {
		grades = append(grades, g)
	}
	slices.SortFunc(grades, func(a, b int) int { return b - a })
	ideal := 0.0
	for i, g := range grades[:min(k, len(grades))] {
		ideal += (math.Pow(2, float64(g)) - 1) / math.Log2(float64(i+2))
	}
	if ideal == 0 {
		return 1
	}
	return dcg / ideal
}

// averagePrecision counts a document relevant from grade 2 (at least a
// substantial part of it about the query): the grade-1 mentions and the
// grade-0 traps are what it must rank below.
func averagePrecision(ranked []int64, rel map[int64]int) float64 {
	relevant := 0
	for _, g := range rel {
		if g >= 2 {
			relevant++
		}
	}
	if relevant == 0 {
		return 1
	}
	found, sum := 0, 0.0
	for i, id := range ranked {
		if rel[id] >= 2 {
			found++
			sum += float64(found) / float64(i+1)
		}
	}
	return sum / float64(relevant)
}

type rankScores struct{ ndcg, ap []float64 }

func mean(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(max(1, len(xs)))
}

// rankingMargin is how far below another variant the fednews ranking (A)
// may fall on mean nDCG@10 over the set's queries before the test fails;
// it was fixed before the first run. Measured (27 queries, session 7):
// title and body words 0.981, bigrams only 0.932, C 0.932, title words
// only 0.980: the title word field stays, the body's went in session 10
// (most of the analysis time, for 0.001).
const rankingMargin = 0.01

// TestRanking scores every variant on the judged set, prints nDCG@10 and
// MAP, and holds the fednews ranking (A) to the best other variant within
// rankingMargin. Every document holding a query must be judged: the
// judgments are complete for what exact matching returns.
func TestRanking(t *testing.T) {
	entries, queries := judgedSet(t)
	gaz, err := gazetteer.Default()
	if err != nil {
		t.Fatal(err)
	}
	scores := make([]rankScores, len(rankVariants))
	for vi, v := range rankVariants {
		bi := variantIndex(t, v.s, entries)
		for _, jq := range queries {
			rel := map[int64]int{}
			for k, g := range jq.Rel {
				id, err := strconv.ParseInt(k, 10, 64)
				if err != nil {
					t.Fatal(err)
				}
				rel[id] = g
			}
			ranked := rankedIDs(t, bi, gaz, v, jq.Q)
			for _, id := range ranked {
				if _, ok := rel[id]; !ok {
					t.Errorf("%q: document %d matches and is not judged", jq.Q, id)
				}
			}
			if len(ranked) != len(rel) {
				t.Errorf("%s %q: %d documents match, %d judged", v.name, jq.Q, len(ranked), len(rel))
			}
			scores[vi].ndcg = append(scores[vi].ndcg, ndcg(ranked, rel, 10))
			scores[vi].ap = append(scores[vi].ap, averagePrecision(ranked, rel))
		}
	}
	for vi, v := range rankVariants {
		t.Logf("%-22s nDCG@10 %.4f  MAP %.4f  (%d queries)", v.name, mean(scores[vi].ndcg), mean(scores[vi].ap), len(queries))
	}
	// Per query, where the variants differ.
	for qi, jq := range queries {
		var parts []string
		for vi := range rankVariants {
			parts = append(parts, strconv.FormatFloat(scores[vi].ndcg[qi], 'f', 3, 64))
		}
		if slices.ContainsFunc(parts, func(s string) bool { return s != parts[0] }) {
			t.Logf("  %-8s nDCG@10 A/B/C/D %s", jq.Q, strings.Join(parts, " / "))
		}
	}
	for vi, v := range rankVariants[1:] {
		if a, o := mean(scores[0].ndcg), mean(scores[vi+1].ndcg); a < o-rankingMargin {
			t.Errorf("fednews ranking nDCG@10 %.4f is below %s's %.4f by more than %.2f", a, v.name, o, rankingMargin)
		}
	}
}

// TestRankingSeedOverlap compares the fednews ranking (A) with bigrams
// alone (B) on the shared seed articles and the demo site's: both must
// match the same documents (the word fields never decide what matches),
// and it prints how often their top 10 are in the same order.
func TestRankingSeedOverlap(t *testing.T) {
	entries := append(seedEntries(t), demoEntries(t)...)
	gaz, err := gazetteer.Default()
	if err != nil {
		t.Fatal(err)
	}
	a, b := rankVariants[0], rankVariants[1]
	ia, ib := variantIndex(t, a.s, entries), variantIndex(t, b.s, entries)
	var queries, sameOrder, sameTop int
	for _, q := range harnessQueries(entries, 300, 3) {
		if strings.ContainsAny(q, `"\`) || strings.TrimSpace(q) != q {
			continue
		}
		ra, rb := rankedIDs(t, ia, gaz, a, q), rankedIDs(t, ib, gaz, b, q)
		if !slices.Equal(sortedCopy(ra), sortedCopy(rb)) {
			t.Errorf("%q: A matches %v, B %v", q, ra, rb)
		}
		if len(ra) < 2 {
			continue
		}
		queries++
		ta, tb := ra[:min(10, len(ra))], rb[:min(10, len(rb))]
		if slices.Equal(ta, tb) {
			sameOrder++
		}
		if ta[0] == tb[0] {
			sameTop++
		}
	}
	t.Logf("%d documents, %d queries matching 2 or more: top 10 in the same order %d (%.0f%%), same first hit %d (%.0f%%)",
		len(entries), queries, sameOrder, 100*float64(sameOrder)/float64(max(1, queries)), sameTop, 100*float64(sameTop)/float64(max(1, queries)))
}

func sortedCopy(ids []int64) []int64 {
	out := slices.Clone(ids)
	slices.Sort(out)
	return out
}
