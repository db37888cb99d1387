package bleveindex

import (
	"fmt"
	"time"
	"unicode"

	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/fednews/fednews/index"
)

// Boosts: a phrase in the title counts more than one in the body, and a
// title where the phrase is a whole word of the segmentation more than one
// where it is inside a longer word (和服 in 和服 rather than in 和服务).
const (
	titleBoost     = 3
	wordTitleBoost = 2
)

// compiler turns a resolved query (index.NewPlan) into a bleve query.
type compiler struct {
	should []query.Query
}

// compilePlan returns the bleve query of a plan.
func compilePlan(p *index.Plan) (query.Query, error) {
	q, should, err := compileParts(p)
	if err != nil || len(should) == 0 {
		return q, err
	}
	return &boostQuery{exact: q, should: should}, nil
}

// compileParts returns the exact query of a plan (which documents match,
// scored on the bigram postings) and the word-field clauses that raise
// the documents whose title holds a phrase as a whole word.
func compileParts(p *index.Plan) (exact query.Query, should []query.Query, err error) {
	c := &compiler{}
	q, err := c.node(p.Query, false)
	if err != nil {
		return nil, nil, err
	}
	return q, c.should, nil
}

func (c *compiler) node(n index.Node, neg bool) (query.Query, error) {
	switch n := n.(type) {
	case index.All:
		return query.NewMatchAllQuery(), nil
	case index.Phrase:
		return c.text(n, neg), nil
	case index.Keyword:
		return termOn(n.Field, n.Value), nil
	case index.DateRange:
		return dateRange(n.From, n.To), nil
	case index.NumberRange:
		return newFigureRange(n), nil
	case index.Not:
		inner, err := c.node(n.Inner, !neg)
		if err != nil {
			return nil, err
		}
		return query.NewBooleanQuery([]query.Query{query.NewMatchAllQuery()}, nil, []query.Query{inner}), nil
	case index.Or:
		var qs []query.Query
		for _, a := range n.Any {
			q, err := c.node(a, neg)
			if err != nil {
				return nil, err
			}
			qs = append(qs, q)
		}
		return query.NewDisjunctionQuery(qs), nil
	case index.And:
		var must, not []query.Query
		for _, cl := range n.Clauses {
			if nn, ok := cl.(index.Not); ok {
				q, err := c.node(nn.Inner, !neg)
				if err != nil {
					return nil, err
				}
				not = append(not, q)
				continue
			}
			q, err := c.node(cl, neg)
			if err != nil {
				return nil, err
			}
			must = append(must, q)
		}
		if len(must) == 0 {
			must = []query.Query{query.NewMatchAllQuery()}
		}
		if len(not) == 0 {
			return query.NewConjunctionQuery(must), nil
		}
		return query.NewBooleanQuery(must, nil, not), nil
	}
	return nil, fmt.Errorf("bleveindex: unknown query node %T", n)
}

func termOn(field, v string) query.Query {
	q := query.NewTermQuery(v)
	q.SetField(field)
	return q
}

// text compiles a phrase: exact in the n-gram fields, plus a relevance
// boost when it is a whole word of the title's segmentation.
func (c *compiler) text(p index.Phrase, neg bool) query.Query {
	rs := []rune(p.Text)
	var qs []query.Query
	if p.Field != index.FieldBody {
		q := phrase(rs, fTitleBi)
		q.SetBoost(titleBoost)
		qs = append(qs, q)
	}
	if p.Field != index.FieldTitle {
		qs = append(qs, phrase(rs, fBodyBi))
	}
	if wordClause(p, neg) && p.Field != index.FieldBody {
		c.should = append(c.should, boosted(termOn(fTitleWords, p.Text), wordTitleBoost))
	}
	if len(qs) == 1 {
		return qs[0]
	}
	return query.NewDisjunctionQuery(qs)
}

// wordClause says whether a phrase gets word-field clauses: a positive
// phrase of two runes or more with a Han character.
func wordClause(p index.Phrase, neg bool) bool {
	rs := []rune(p.Text)
	return !neg && len(rs) >= 2 && hasHan(rs)
}

type boostable interface {
	query.Query
	SetBoost(float64)
}

func boosted(q query.Query, b float64) query.Query {
	if bq, ok := q.(boostable); ok {
		bq.SetBoost(b)
	}
	return q
}

func hasHan(rs []rune) bool {
	for _, r := range rs {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// phrase matches the documents whose bigram field contains rs: one rune
// begins a term (every rune of a text begins a bigram or is the final
// rune); more are the rune pairs at consecutive positions. Every other
// pair is skipped as long as each rune stays covered: the match is as
// exact and reads half the postings.
func phrase(rs []rune, biField string) boostable {
	if len(rs) == 1 {
		return &runeQuery{fieldQuery: fieldQuery{field: biField, boost: 1}, r: string(rs)}
	}
	if len(rs) == 2 {
		q := query.NewTermQuery(string(rs))
		q.SetField(biField)
		return q
	}
	last := len(rs) - 2
	q := &exactPhrase{fieldQuery: fieldQuery{field: biField, boost: 1}}
	for i := 0; i <= last; i++ {
		if i%2 == 0 || i == last {
			q.terms = append(q.terms, string(rs[i:i+2]))
			q.offs = append(q.offs, uint64(i))
		}
	}
	return q
}

// dateRange matches documents published in [from, to); a zero bound is open.
func dateRange(from, to time.Time) query.Query {
	yes, no := true, false
	q := query.NewDateRangeInclusiveQuery(from, to, &yes, &no)
	q.SetField(fPublished)
	return q
}
