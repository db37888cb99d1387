package bleveindex

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/index"
)

// covers reports how many spans hold the sortable value u.
func covers(spans []span, u uint64) int {
	n := 0
	for _, s := range spans {
		if p := u >> s.shift; p >= s.lo && p <= s.hi {
			n++
		}
	}
	return n
}

func TestSplitRangeCoversOnce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	edges := []uint64{0, 1, math.MaxUint64, math.MaxUint64 - 1, 1 << 63, 1<<44 - 1, 1 << 44, 1<<60 + 7}
	pick := func() uint64 {
		switch rng.IntN(4) {
		case 0:
			return edges[rng.IntN(len(edges))]
		case 1:
			return sortable(float64(rng.IntN(100000)) * math.Pow10(rng.IntN(12)))
		default:
			return rng.Uint64()
		}
	}
	for range 2000 {
		lo, hi := pick(), pick()
		if lo > hi {
			lo, hi = hi, lo
		}
		spans := splitRange(lo, hi)
		// each level leaves at most two ends, each under 16 prefixes of the next
		if len(spans) > 2*(len(figureShifts)-1)+1 {
			t.Fatalf("%d..%d: %d spans", lo, hi, len(spans))
		}
		probes := []uint64{lo, hi, lo - 1, hi + 1, lo + (hi-lo)/2, pick(), pick()}
		for _, s := range spans {
			probes = append(probes, s.lo<<s.shift, s.hi<<s.shift|(1<<s.shift-1), s.lo<<s.shift-1)
		}
		for _, u := range probes {
			want := 0
			if u >= lo && u <= hi {
				want = 1
			}
			if got := covers(spans, u); got != want {
				t.Fatalf("%d..%d: %d covered %d times, want %d (%v)", lo, hi, u, got, want, spans)
			}
		}
	}
}

func TestFigureTokenizer(t *testing.T) {
	toks := figureTokenizer{}.Tokenize([]byte("18000000 lots -3.5 NaN 2.9054e+10"))
	if len(toks) != 3*len(figureShifts) {
		t.Fatalf("%d tokens, want %d", len(toks), 3*len(figureShifts))
	}
	for i, want := range []float64{18000000, -3.5, 2.9054e10} {
		tok := toks[i*len(figureShifts)]
		if string(tok.Term) != string(figureTerm(0, sortable(want))) {
			t.Errorf("value %d: term %x, want %v's", i, tok.Term, want)
		}
	}
	if got := figureText([]float64{0.1, 2.9054e10, -7}); got != "0.1 2.9054e+10 -7" {
		t.Errorf("figureText = %q", got)
	}
}

// TestFigureRangeExact asks random ranges, open and closed, of an index
// whose documents state amounts of every size, and compares the hits with
// the documents whose values fall in the range.
func TestFigureRangeExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var (
		entries []Entry
		values  = map[int64][]float64{}
		all     []float64
	)
	day := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	for id := int64(1); id <= 300; id++ {
		d := newDoc(id, "第"+strconv.Itoa(int(id))+"期", "南方日报", "工商联通报。", day)
		var figs []corpus.Figure
		for range 1 + rng.IntN(4) {
			v := float64(1+rng.IntN(9999)) * math.Pow10(rng.IntN(11)) / 100
			if rng.IntN(10) == 0 {
				v = -v // declines
			}
			figs = append(figs, corpus.Figure{Kind: corpus.KindMoney, Value: &v, Unit: "CNY"})
			values[id] = append(values[id], v)
			all = append(all, v)
		}
		entries = append(entries, Entry{Doc: d, Figures: figs})
	}
	ix := openTest(t, entries)
	bound := func() *float64 {
		var v float64
		switch rng.IntN(4) {
		case 0:
			return nil
		case 1:
			v = all[rng.IntN(len(all))] // a stated value: the inclusive edge matters
		case 2:
			v = math.Nextafter(all[rng.IntN(len(all))], math.Inf(1))
		default:
			v = (rng.Float64() - 0.1) * math.Pow10(rng.IntN(10))
		}
		return &v
	}
	for i := range 400 {
		n := index.NumberRange{Field: corpus.KindMoney, Min: bound(), Max: bound(), MinInclusive: rng.IntN(2) == 0, MaxInclusive: rng.IntN(2) == 0}
		in := func(v float64) bool {
			if n.Min != nil && (v < *n.Min || v == *n.Min && !n.MinInclusive) {
				return false
			}
			return n.Max == nil || v < *n.Max || v == *n.Max && n.MaxInclusive
		}
		var want []int64
		for id, vs := range values {
			if slices.ContainsFunc(vs, in) {
				want = append(want, id)
			}
		}
		slices.Sort(want)
		req := bleve.NewSearchRequestOptions(newFigureRange(n), 1000, 0, false)
		res, err := ix.bi.SearchInContext(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		var got []int64
		for _, h := range res.Hits {
			id, _ := strconv.ParseInt(h.ID, 10, 64)
			got = append(got, id)
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Fatalf("query %d %s %v..%v (%t, %t): %d hits, want %d", i, n.Field, deref(n.Min), deref(n.Max), n.MinInclusive, n.MaxInclusive, len(got), len(want))
		}
	}
}

func deref(p *float64) any {
	if p == nil {
		return "open"
	}
	return *p
}

// format4Mapping is the mapping of an index of format 4: bleve's numeric
// fields (every fourth shift) for the figure values.
func format4Mapping() *mapping.IndexMappingImpl {
	m := newMapping(fednewsSchema)
	for _, k := range index.FigureFields {
		f := bleve.NewNumericFieldMapping()
		f.Store, f.IncludeInAll, f.DocValues = false, false, false
		m.DefaultMapping.Properties[k].Fields = []*mapping.FieldMapping{f}
	}
	return m
}

// TestFormat4FiguresAlike: an index of format 4 answers a figure range with
// the same documents as one of the current format, and the rest of a query
// with the same scores to the bit (a range scores by the terms it reads,
// and format 4 has others).
func TestFormat4FiguresAlike(t *testing.T) {
	entries := append(fixtureEntries(t), seedEntries(t)...)
	current := variantIndex(t, fednewsSchema, entries)
	old, err := bleve.NewUsing("", format4Mapping(), scorch.Name, scorch.Name, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	for _, e := range entries {
		m := fields(e, fednewsSchema)
		for _, k := range index.FigureFields {
			if s, ok := m[k].(string); ok {
				var vs []float64
				for _, w := range strings.Fields(s) {
					v, err := strconv.ParseFloat(w, 64)
					if err != nil {
						t.Fatal(err)
					}
					vs = append(vs, v)
				}
				m[k] = vs
			}
		}
		if err := old.Index(docID(e.Doc.ID), m); err != nil {
			t.Fatal(err)
		}
	}
	withHits := 0
	for _, c := range []struct {
		q      string
		scored bool
	}{
		{"money:>=1亿", false}, {"money:<1亿 工商联", false}, {"money:1000万..5亿", false}, {"count:>=100", false},
		{"percent:>50", false}, {"money:>0 -count:>=10", false}, {"工商联 商会", true}, {"会", true},
	} {
		p, err := index.NewPlan(index.Request{Query: c.q}, nil)
		if err != nil {
			t.Fatalf("%q: %v", c.q, err)
		}
		bq, err := compilePlan(p)
		if err != nil {
			t.Fatal(err)
		}
		got, want := scoredHits(t, current, bq), scoredHits(t, old, bq)
		if !c.scored {
			got, want = idsOf(got), idsOf(want)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%q: current format %v\nformat 4 %v", c.q, got, want)
		}
		if len(got) > 0 {
			withHits++
		}
	}
	if withHits < 6 {
		t.Errorf("only %d queries have hits: the test compares too little", withHits)
	}
}

// scoredHits returns the hits of q on bi as "id:score", in ID order.
func scoredHits(t *testing.T, bi bleve.Index, q query.Query) []string {
	t.Helper()
	res, err := bi.Search(bleve.NewSearchRequestOptions(q, index.MaxLimit, 0, false))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.ID+":"+strconv.FormatFloat(h.Score, 'g', -1, 64))
	}
	slices.Sort(out)
	return out
}

func idsOf(hits []string) []string {
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i], _, _ = strings.Cut(h, ":")
	}
	return out
}
