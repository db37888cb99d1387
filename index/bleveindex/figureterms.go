package bleveindex

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/numeric"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/fednews/fednews/index"
)

// Figure values are indexed as bleve indexes numbers (the float's sortable
// 64 bits, prefix-coded after a shift), but at six shifts instead of the
// sixteen of bleve's numeric fields. On a float's bits the shifts up to 36
// keep mantissa bits in which almost all distinct values differ (at 100k
// documents each held exactly as many terms and postings as the full
// values), so each cost a term and a posting per value, a sixth of the
// index in all (BENCHMARKS.md, session 15), for range queries that gain
// nothing from them. A range query covers its middle with the coarse prefixes and its
// two ends, less than 1/256 of a binary order of magnitude wide, with the
// full values the dictionary holds there. The shifts are a subset of
// bleve's, so an index of format 4 or before answers the same queries.
var figureShifts = [...]uint{0, 44, 48, 52, 56, 60}

// figureText is the value of a figure field in the bleve document: the
// values in decimal, exact (strconv's shortest round trip), for
// figureTokenizer to encode.
func figureText(vs []float64) string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = strconv.FormatFloat(v, 'g', -1, 64)
	}
	return strings.Join(parts, " ")
}

// figureTokenizer turns figureText into the prefix-coded terms of each
// value. Words that are not numbers, and NaN, are left out.
type figureTokenizer struct{}

func (figureTokenizer) Tokenize(input []byte) analysis.TokenStream {
	var out analysis.TokenStream
	for _, w := range bytes.Fields(input) {
		v, err := strconv.ParseFloat(string(w), 64)
		if err != nil || math.IsNaN(v) {
			continue
		}
		code := numeric.Float64ToInt64(v)
		for _, s := range figureShifts {
			out = append(out, &analysis.Token{Term: numeric.MustNewPrefixCodedInt64(code, s), Position: len(out) + 1, Type: analysis.Numeric})
		}
	}
	return out
}

// sortable is v's place in the order of the prefix-coded terms.
func sortable(v float64) uint64 { return uint64(numeric.Float64ToInt64(v)) ^ 1<<63 }

// figureTerm is the term of the values whose sortable bits shifted by
// shift are prefix.
func figureTerm(shift uint, prefix uint64) []byte {
	return numeric.MustNewPrefixCodedInt64(int64(prefix<<shift^1<<63), shift)
}

// span is the terms at one shift from prefix lo to prefix hi inclusive.
type span struct {
	shift  uint
	lo, hi uint64
}

// splitRange covers the sortable values lo..hi (inclusive) with spans of
// figureShifts' terms: at each shift the ends not covered by a whole
// prefix of the next shift, the middle by the coarsest.
func splitRange(lo, hi uint64) []span {
	var out []span
	for i, s := range figureShifts {
		if i == len(figureShifts)-1 {
			return append(out, span{s, lo >> s, hi >> s})
		}
		next := figureShifts[i+1]
		mask := uint64(1)<<next - 1
		// The whole prefixes of the next shift inside lo..hi; the prefix
		// numbers have at most 20 bits, so int64 neither wraps nor overflows.
		first, last := int64(lo>>next), int64(hi>>next)
		if lo&mask != 0 {
			first++
		}
		if hi&mask != mask {
			last--
		}
		if first > last {
			return append(out, span{s, lo >> s, hi >> s})
		}
		if start := uint64(first) << next; lo < start {
			out = append(out, span{s, lo >> s, (start - 1) >> s})
		}
		if end := uint64(last)<<next | mask; hi > end {
			out = append(out, span{s, (end + 1) >> s, hi >> s})
		}
		lo, hi = uint64(first)<<next, uint64(last)<<next|mask
	}
	return out
}

// figureRange matches the documents with a value of a figure field in a
// range, reading only the terms the dictionary holds in each span.
type figureRange struct {
	fieldQuery
	lo, hi uint64 // sortable, inclusive
	empty  bool
}

// newFigureRange is n as a query; a nil bound is open.
func newFigureRange(n index.NumberRange) *figureRange {
	q := &figureRange{fieldQuery: fieldQuery{field: n.Field, boost: 1}, hi: math.MaxUint64}
	if n.Min != nil {
		q.lo = sortable(*n.Min)
		if !n.MinInclusive {
			q.empty = q.lo == math.MaxUint64
			q.lo++
		}
	}
	if n.Max != nil {
		q.hi = sortable(*n.Max)
		if !n.MaxInclusive {
			q.empty = q.empty || q.hi == 0
			q.hi--
		}
	}
	q.empty = q.empty || q.lo > q.hi
	return q
}

// Searcher is the disjunction of the range's terms, as bleve's numeric
// range searcher is.
func (q *figureRange) Searcher(ctx context.Context, r bindex.IndexReader, _ mapping.IndexMapping, opts search.SearcherOptions) (search.Searcher, error) {
	var terms [][]byte
	if !q.empty {
		for _, sp := range splitRange(q.lo, q.hi) {
			dict, err := r.FieldDictRange(q.field, figureTerm(sp.shift, sp.lo), figureTerm(sp.shift, sp.hi))
			if err != nil {
				return nil, fmt.Errorf("figure range on %s: %w", q.field, err)
			}
			for {
				e, err := dict.Next()
				if err != nil {
					dict.Close()
					return nil, fmt.Errorf("figure range on %s: %w", q.field, err)
				}
				if e == nil {
					break
				}
				terms = append(terms, []byte(e.Term))
			}
			if err := dict.Close(); err != nil {
				return nil, fmt.Errorf("figure range on %s: %w", q.field, err)
			}
		}
	}
	return searcher.NewMultiTermSearcherBytes(ctx, r, terms, q.field, q.boost, opts, true)
}
