package bleveindex

import (
	"context"
	"testing"

	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/fednews/fednews/index"
)

// TestBoostQueryScoresAsBleve: boostQuery finds the documents bleve's
// Boolean query finds, with the very same scores (not merely close ones),
// for one phrase, several, a repeated phrase, the title only (the body has
// no word field, so body:商会 has no boosts to add and is not one), with
// exclusions and alternatives, and with enough phrases that it hands the
// search to bleve (ten optional clauses).
func TestBoostQueryScoresAsBleve(t *testing.T) {
	ix := openTest(t, append(fixtureEntries(t), demoEntries(t)...))
	r, err := snapshot(ix.bi)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	ctx := context.Background()
	type hit struct {
		n     uint64
		score float64
	}
	collect := func(q query.Query) []hit {
		var out []hit
		if err := eachMatch(ctx, ix.bi, r, q, nil, func(n uint64, score float64) { out = append(out, hit{n, score}) }); err != nil {
			t.Fatal(err)
		}
		return out
	}
	for _, s := range []string{
		"工商联", "商会", "民营经济", "营商", "工商聯", "工商联 商会", "工商联 工商联",
		"title:工商联", "工商联 -商会", "民营 OR 企业家", "工商联 province:江西",
		"工商联 商会 民营 企业 经济", "不存在的短语",
	} {
		p, err := index.NewPlan(index.Request{Query: s}, index.Places(mustGaz(t)))
		if err != nil {
			t.Fatal(err)
		}
		q, err := compilePlan(p)
		if err != nil {
			t.Fatal(err)
		}
		bq, ok := q.(*boostQuery)
		if !ok {
			t.Errorf("%s: compiled to %T, not a boostQuery", s, q)
			continue
		}
		got, want := collect(bq), collect(bq.bleve())
		if len(got) != len(want) {
			t.Errorf("%s: %d hits, bleve's Boolean query %d", s, len(got), len(want))
			continue
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("%s: hit %d is %+v, bleve's %+v", s, i, got[i], want[i])
				break
			}
		}
		if s == "工商联" && len(got) == 0 {
			t.Errorf("%s: no hits: the corpus does not exercise the scores", s)
		}
	}
}
