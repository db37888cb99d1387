package research

import (
	"context"
	"strconv"

	"github.com/fednews/fednews/corpus"
)

// figIndex is every valued figure of the store held in memory, keyed by
// document, in a compact form: what the explorer filters and sums on
// (kind, unit, topic, period years, value) and each document's rows
// (places, organizations) and publication year. It is read in one pass
// over the figures and read again only when the store changes (as the
// trend's dates are), so that a table over a broad query costs a lookup
// per matching document instead of a store read, a JSON decode and a
// gazetteer pass per document.
type figIndex struct {
	docs    map[int64]*figDoc
	strs    []string // interned kind, unit, topic and row names
	codeOf  map[string]uint32
	figures int
}

// figDoc is one document of the figure index.
type figDoc struct {
	year int16 // publication year in China, 0 when unknown
	// rows by FigureRows order (province, city, county, org), interned.
	rows [4][]uint32
	figs []figRow
}

// figRow is one figure with a value.
type figRow struct {
	value             float64
	kind, unit, topic uint32
	start, end        int16 // years of its period, 0 when none
}

// intern returns the code of s in the index's string table.
func (x *figIndex) intern(s string) uint32 {
	if c, ok := x.codeOf[s]; ok {
		return c
	}
	c := uint32(len(x.strs))
	x.strs = append(x.strs, s)
	x.codeOf[s] = c
	return c
}

// code returns the code of s and whether any figure or row has it.
func (x *figIndex) code(s string) (uint32, bool) {
	c, ok := x.codeOf[s]
	return c, ok
}

// row is f in the index's codes, for a figure read from the store after
// the index (a code it lacks matches no filter).
func (x *figIndex) row(f corpus.Figure) figRow {
	code := func(s string) uint32 {
		if c, ok := x.code(s); ok {
			return c
		}
		return ^uint32(0)
	}
	r := figRow{kind: code(f.Kind), unit: code(f.Unit), topic: code(f.Topic), start: yearNum(f.PeriodStart), end: yearNum(f.PeriodEnd)}
	if f.Value != nil {
		r.value = *f.Value
	}
	return r
}

// loadFigIndex reads every valued figure of st.
func loadFigIndex(ctx context.Context, st Store) (*figIndex, error) {
	x := &figIndex{docs: map[int64]*figDoc{}, codeOf: map[string]uint32{}}
	var d *figDoc
	lastDoc := int64(-1)
	err := st.EachFigure(ctx, nil, func(doc *corpus.Document, f corpus.Figure) error {
		if f.Value == nil {
			return nil
		}
		if doc.ID != lastDoc {
			lastDoc = doc.ID
			d = &figDoc{}
			if y := day(doc); y != "" {
				d.year = yearNum(y)
			}
			for i, r := range FigureRows {
				for _, p := range rowsOf(doc, r) {
					d.rows[i] = append(d.rows[i], x.intern(p))
				}
			}
			x.docs[doc.ID] = d
		}
		d.figs = append(d.figs, figRow{value: *f.Value, kind: x.intern(f.Kind), unit: x.intern(f.Unit), topic: x.intern(f.Topic),
			start: yearNum(f.PeriodStart), end: yearNum(f.PeriodEnd)})
		x.figures++
		return nil
	})
	if err != nil {
		return nil, err
	}
	return x, nil
}

// yearNum is the year an ISO date starts with, 0 when it has none.
func yearNum(iso string) int16 {
	if len(iso) < 4 {
		return 0
	}
	y, err := strconv.Atoi(iso[:4])
	if err != nil || y <= 0 || y > 9999 {
		return 0
	}
	return int16(y)
}
