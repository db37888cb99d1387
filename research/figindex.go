package research

import (
	"context"
	"strconv"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/zh"
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
	docs   map[int64]*figDoc
	strs   []string // interned kind, unit, topic and row names
	codeOf map[string]uint32
	seq    int64 // the store change sequence it is up to date with
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

func newFigIndex() *figIndex {
	return &figIndex{docs: map[int64]*figDoc{}, codeOf: map[string]uint32{}}
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

// update reads the documents of st changed after x.seq, their
// publication year, rows and valued figures, in two lean passes, and
// replaces what x held of them. A document the store deleted stays, but
// the index never returns its ID again.
func (x *figIndex) update(ctx context.Context, st Store, seq int64) error {
	err := st.EachDocAbout(ctx, x.seq, func(a corpus.DocAbout) error {
		d := &figDoc{}
		if !a.Published.IsZero() {
			d.year = int16(a.Published.In(zh.China).Year())
		}
		for i, r := range FigureRows {
			for _, p := range rowsOf(a.Entities, r) {
				d.rows[i] = append(d.rows[i], x.intern(p))
			}
		}
		x.docs[a.ID] = d
		return nil
	})
	if err != nil {
		return err
	}
	err = st.EachFigureValue(ctx, x.seq, func(f corpus.FigureValue) error {
		d := x.docs[f.Doc]
		if d == nil { // a document stored between the two passes: read at the next change
			return nil
		}
		d.figs = append(d.figs, figRow{value: f.Value, kind: x.intern(f.Kind), unit: x.intern(f.Unit), topic: x.intern(f.Topic),
			start: yearNum(f.PeriodStart), end: yearNum(f.PeriodEnd)})
		return nil
	})
	if err != nil {
		return err
	}
	x.seq = seq
	return nil
}

// figIndex brings the engine's figure index up to date with the store
// and returns it locked for reading; the caller calls done when it has
// read it.
func (e *Engine) figIndex(ctx context.Context) (x *figIndex, done func(), err error) {
	seq, err := e.st.MaxSeq(ctx)
	if err != nil {
		return nil, nil, err
	}
	e.figMu.Lock()
	if e.figs == nil {
		e.figs = newFigIndex()
	}
	if seq != e.figs.seq {
		// A failed update leaves x.seq where it was: the next call reads
		// the same documents again.
		if err := e.figs.update(ctx, e.st, seq); err != nil {
			e.figMu.Unlock()
			return nil, nil, err
		}
	}
	e.figMu.Unlock()
	e.figMu.RLock()
	return e.figs, e.figMu.RUnlock, nil
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
