package research

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/zh"
)

// FigureRows are the values of FigureRequest.Rows: what the table's rows
// are (its columns are years).
var FigureRows = []string{"province", "city", "county", "org"}

// DefaultFigureList is how many figures are listed beside the table.
const DefaultFigureList = 100

// FigureRequest selects the figures of a query's stories. Place and Org
// narrow the stories (as the filters province=… and org=… do); Kind, Unit,
// Topic, Period (a year the figure's period touches) and the value range
// narrow the figures; Row keeps one row of the table (one county's or one
// organization's series).
type FigureRequest struct {
	Query string
	Scope
	Kind, Unit, Topic string
	Period            string // YYYY
	Min, Max          *float64
	Rows              string // one of FigureRows; "" is province
	Row               string // one value of Rows; "" is every row
	List              int    // figures listed; 0 is DefaultFigureList
}

// FigureTable sums and counts figures by place (or organization) × year.
// The year of a figure is the first year of the period it describes, else
// its document's publication year. A document about several places counts
// its figures under each, so rows can add up to more than the total.
type FigureTable struct {
	Rows    string       `json:"rows"`
	Row     string       `json:"row,omitempty"` // the one row kept, if any
	Years   []string     `json:"years"`
	Places  []string     `json:"places"` // rows, by falling count; "" is a document about no known place
	Cells   [][]Cell     `json:"cells"`  // [place][year]
	Total   Cell         `json:"total"`
	ByYear  []Cell       `json:"by_year"` // [year]: every figure of the table once (the chart's series)
	Figures []FigureLine `json:"figures"` // the first List figures, in document order
}

// Cell is the number of figures and the sum of their values.
type Cell struct {
	Count int     `json:"count"`
	Sum   float64 `json:"sum"`
}

// FigureLine is one figure with its document and where it was counted.
type FigureLine struct {
	Doc       int64  `json:"doc"`
	Title     string `json:"title"`
	Published string `json:"published"`
	Place     string `json:"place"`
	Year      string `json:"year"`
	corpus.Figure
}

// Figures builds the table of req from the figure index (figIndex): the
// query's stories are looked up in it, so a broad query costs a map
// lookup per story; only the listed figures are read from the store.
// Only figures with a value count (dates have none).
func (e *Engine) Figures(ctx context.Context, req FigureRequest) (*FigureTable, error) {
	if req.Rows == "" {
		req.Rows = "province"
	}
	level := slices.Index(FigureRows, req.Rows)
	if level < 0 {
		return nil, badRequest("rows %q: want %s", req.Rows, strings.Join(FigureRows, ", "))
	}
	if req.List == 0 {
		req.List = DefaultFigureList
	}
	if req.Min != nil && req.Max != nil && *req.Max < *req.Min {
		return nil, badRequest("max %g is below min %g", *req.Max, *req.Min)
	}
	var period int16
	if req.Period != "" {
		if period = yearNum(req.Period); period == 0 || len(req.Period) != 4 {
			return nil, badRequest("period %q: want a year, YYYY", req.Period)
		}
	}
	ids, err := e.ix.IDs(ctx, req.request(req.Query), 0)
	if err != nil {
		return nil, err
	}
	x, done, err := e.figIndex(ctx)
	if err != nil {
		return nil, err
	}
	defer done()
	t := &FigureTable{Rows: req.Rows, Row: req.Row, Years: []string{}, Places: []string{}, Cells: [][]Cell{}, ByYear: []Cell{}, Figures: []FigureLine{}}
	keep, ok := req.filter(x, period)
	if !ok {
		return t, nil // a kind, unit, topic or row no figure has
	}
	slices.Sort(ids)
	type key struct {
		row  uint32
		year int16
	}
	cells := map[key]*Cell{}
	rowCount := map[uint32]int{}
	years := map[int16]*Cell{}
	var listDocs []int64 // the first documents with kept figures, enough for the list
	listed := 0
	for _, id := range ids {
		d := x.docs[id]
		if d == nil {
			continue
		}
		rows := d.rows[level]
		if req.Row != "" {
			rows = []uint32{keep.row}
			if !slices.Contains(d.rows[level], keep.row) {
				continue
			}
		}
		kept := 0
		for _, f := range d.figs {
			if !keep.keeps(f) {
				continue
			}
			y := figYear(d, f)
			if y == 0 {
				continue
			}
			kept++
			yc := years[y]
			if yc == nil {
				yc = &Cell{}
				years[y] = yc
			}
			yc.Count++
			yc.Sum += f.value
			for _, p := range rows {
				c := cells[key{p, y}]
				if c == nil {
					c = &Cell{}
					cells[key{p, y}] = c
				}
				c.Count++
				c.Sum += f.value
				rowCount[p]++
			}
		}
		if kept > 0 && listed < req.List {
			listDocs = append(listDocs, id)
			listed += kept
		}
	}
	yearList := make([]int16, 0, len(years))
	for y, c := range years {
		yearList = append(yearList, y)
		t.Total.Count += c.Count
		t.Total.Sum += c.Sum
	}
	slices.Sort(yearList)
	for _, y := range yearList {
		t.Years = append(t.Years, strconv.Itoa(int(y)))
		t.ByYear = append(t.ByYear, *years[y])
	}
	rowList := make([]uint32, 0, len(rowCount))
	for p := range rowCount {
		rowList = append(rowList, p)
	}
	slices.SortFunc(rowList, func(a, b uint32) int {
		if c := cmp.Compare(rowCount[b], rowCount[a]); c != 0 {
			return c
		}
		return cmp.Compare(x.strs[a], x.strs[b])
	})
	for _, p := range rowList {
		t.Places = append(t.Places, x.strs[p])
		row := make([]Cell, len(yearList))
		for i, y := range yearList {
			if c := cells[key{p, y}]; c != nil {
				row[i] = *c
			}
		}
		t.Cells = append(t.Cells, row)
	}
	if err := e.listFigures(ctx, t, req, x, keep, listDocs); err != nil {
		return nil, err
	}
	return t, nil
}

// listFigures reads the figures of docs from the store and lists the
// first req.List that the table kept.
func (e *Engine) listFigures(ctx context.Context, t *FigureTable, req FigureRequest, x *figIndex, keep figFilter, docs []int64) error {
	if len(docs) == 0 {
		return nil
	}
	err := e.st.EachFigure(ctx, docs, func(doc *corpus.Document, f corpus.Figure) error {
		if len(t.Figures) == req.List {
			return errEnough
		}
		d, r, ok := x.docs[doc.ID], x.row(f), f.Value != nil
		if !ok || d == nil || !keep.keeps(r) || figYear(d, r) == 0 {
			return nil
		}
		places := rowsOf(doc.Entities, req.Rows)
		if req.Row != "" {
			places = []string{req.Row}
		}
		t.Figures = append(t.Figures, FigureLine{Doc: doc.ID, Title: doc.Title, Published: day(doc),
			Place: strings.Join(places, ";"), Year: strconv.Itoa(int(figYear(d, r))), Figure: f})
		return nil
	})
	if err != nil && !errors.Is(err, errEnough) {
		return err
	}
	return nil
}

// figFilter is a FigureRequest in the figure index's codes.
type figFilter struct {
	kind, unit, topic, row uint32
	hasKind, hasUnit       bool
	hasTopic               bool
	period                 int16
	min, max               *float64
}

// filter compiles r against x; false when it names a kind, unit, topic or
// row that no figure has (nothing can match).
func (r FigureRequest) filter(x *figIndex, period int16) (figFilter, bool) {
	f := figFilter{period: period, min: r.Min, max: r.Max}
	for _, c := range []struct {
		s   string
		dst *uint32
		has *bool
	}{{r.Kind, &f.kind, &f.hasKind}, {r.Unit, &f.unit, &f.hasUnit}, {r.Topic, &f.topic, &f.hasTopic}, {r.Row, &f.row, new(bool)}} {
		if c.s == "" {
			continue
		}
		code, ok := x.code(c.s)
		if !ok {
			return f, false
		}
		*c.dst, *c.has = code, true
	}
	return f, true
}

func (k figFilter) keeps(f figRow) bool {
	switch {
	case k.hasKind && f.kind != k.kind,
		k.hasUnit && f.unit != k.unit,
		k.hasTopic && f.topic != k.topic,
		k.min != nil && f.value < *k.min,
		k.max != nil && f.value > *k.max:
		return false
	}
	if k.period != 0 {
		start, end := f.start, f.end
		if end == 0 {
			end = start
		}
		if start == 0 {
			start = end
		}
		if start == 0 || k.period < start || k.period > end {
			return false
		}
	}
	return true
}

// figYear is the year a figure is counted under, as figureYear.
func figYear(d *figDoc, f figRow) int16 {
	if f.start != 0 {
		return f.start
	}
	if f.end != 0 {
		return f.end
	}
	return d.year
}

func day(doc *corpus.Document) string {
	if doc.Published.IsZero() {
		return ""
	}
	return doc.Published.In(zh.China).Format("2006-01-02")
}

// rowsOf are the row values of a document of entities e: the place it is about (found at
// ingest and stored with it) at the level rows names, or its
// organizations; [""] when it has none.
func rowsOf(e *corpus.Entities, rows string) []string {
	if e == nil {
		return []string{""}
	}
	var v []string
	switch rows {
	case "city":
		v = e.About.Cities
	case "county":
		v = e.About.Counties
	case "org":
		for _, o := range e.Orgs {
			v = append(v, o.Name)
		}
	default:
		v = e.About.Provinces
	}
	if len(v) == 0 {
		return []string{""}
	}
	return v
}
