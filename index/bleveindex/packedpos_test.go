package bleveindex

import (
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/fednews/fednews/index"
)

// location is a segment location built from a token location, as zap
// would read it back.
type location struct{ l *bindex.TokenLocation }

func (l location) Field() string            { return l.l.Field }
func (l location) Start() uint64            { return uint64(l.l.Start) }
func (l location) End() uint64              { return uint64(l.l.End) }
func (l location) Pos() uint64              { return uint64(l.l.Position) }
func (l location) ArrayPositions() []uint64 { return l.l.ArrayPositions }
func (l location) Size() int                { return 0 }

func TestPackLocations(t *testing.T) {
	for _, ps := range [][]int{{1}, {7}, {3, 4}, {2, 5, 9}, {1, 2, 3, 4}, {1, 300, 301, 5000, 5001, 70000}} {
		var locs []*bindex.TokenLocation
		for _, p := range ps {
			locs = append(locs, &bindex.TokenLocation{Field: fBodyBi, Position: p})
		}
		tf := &bindex.TokenFreq{Term: []byte("工商"), Locations: locs}
		tf.SetFrequency(len(ps))
		packLocations(bindex.TokenFrequencies{"工商": tf})
		if len(tf.Locations) != 1 || tf.Frequency() != len(ps) {
			t.Errorf("%v: %d locations, frequency %d; want 1 and %d", ps, len(tf.Locations), tf.Frequency(), len(ps))
			continue
		}
		var got []uint64
		got = appendPositions(got, location{tf.Locations[0]})
		want := make([]uint64, len(ps))
		for i, p := range ps {
			want[i] = uint64(p)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%v unpacked to %v", ps, got)
		}
	}
	// The layout of format 5 and earlier, one location per position,
	// reads as it was written.
	for _, p := range []int{1, 2, 129} {
		if got := appendPositions(nil, location{&bindex.TokenLocation{Position: p}}); !slices.Equal(got, []uint64{uint64(p)}) {
			t.Errorf("unpacked location %d read as %v", p, got)
		}
	}
}

// TestPackedAsUnpacked checks that the packed bigram fields answer every
// query with the hits and scores of bleve's own layout, one location per
// position, and that the index really holds packed locations.
func TestPackedAsUnpacked(t *testing.T) {
	entries := append(fixtureEntries(t), seedEntries(t)...)
	packed := variantIndex(t, fednewsSchema, entries)
	plain, err := bleve.NewUsing("", newMapping(fednewsSchema), scorch.Name, scorch.Name, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	for _, e := range entries {
		if err := plain.Index(docID(e.Doc.ID), fields(e, fednewsSchema)); err != nil {
			t.Fatal(err)
		}
	}

	withHits := 0
	for _, q := range []string{"工商联", "会", "商会", "民营经济", "工商联 商会", `"工商联合会"`, "企业 -商会", "title:工商联", "工商联 money:>0"} {
		p, err := index.NewPlan(index.Request{Query: q}, nil)
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		bq, err := compilePlan(p)
		if err != nil {
			t.Fatal(err)
		}
		got, want := scoredHits(t, packed, bq), scoredHits(t, plain, bq)
		if !slices.Equal(got, want) {
			t.Errorf("%q: packed %v\nunpacked %v", q, got, want)
		}
		if len(got) > 0 {
			withHits++
		}
	}
	if withHits < 7 {
		t.Errorf("only %d queries have hits: the test compares too little", withHits)
	}

	// A frequent bigram is found in some document more than once, in one
	// location on the packed index and in one per position on bleve's.
	locations := func(bi bleve.Index) (docs, locs int) {
		r, err := snapshot(bi)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		tp, err := openTermPositions(r, fBodyBi, "商会", false)
		if err != nil {
			t.Fatal(err)
		}
		for err = tp.next(false, 0); err == nil && !tp.done; err = tp.next(false, 0) {
			docs++
			locs += len(tp.locs)
		}
		if err != nil {
			t.Fatal(err)
		}
		return docs, locs
	}
	pd, pl := locations(packed)
	ud, ul := locations(plain)
	if pd != ud || pl != pd || ul <= ud {
		t.Errorf("商会: packed %d documents %d locations; unpacked %d documents %d locations", pd, pl, ud, ul)
	}
}
