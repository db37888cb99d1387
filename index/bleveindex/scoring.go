package bleveindex

import "math"

// fieldQuery holds what bleve asks of a query on one field with a boost;
// the n-gram queries of this package embed it.
type fieldQuery struct {
	field string
	boost float64
}

func (q *fieldQuery) SetBoost(b float64) { q.boost = b }
func (q *fieldQuery) Boost() float64     { return q.boost }
func (q *fieldQuery) SetField(f string)  { q.field = f }
func (q *fieldQuery) Field() string      { return q.field }

// tfidf scores matches as bleve's term scorer does, so that our searchers
// rank alongside bleve's: √freq × idf × field norm × query weight, the
// query weight being boost × idf × the query norm bleve sets.
type tfidf struct {
	idf, boost, queryNorm float64
}

// newTFIDF weighs a match found in df of docs documents.
func newTFIDF(boost float64, docs, df uint64) tfidf {
	return tfidf{idf: 1 + math.Log(float64(docs)/float64(df+1)), boost: boost, queryNorm: 1}
}

func (t *tfidf) score(freq uint64, norm float64) float64 {
	return math.Sqrt(float64(freq)) * t.idf * norm * t.boost * t.idf * t.queryNorm
}

func (t *tfidf) Weight() float64 {
	w := t.boost * t.idf
	return w * w
}

func (t *tfidf) SetQueryNorm(n float64) { t.queryNorm = n }
