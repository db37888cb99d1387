package research

import (
	"cmp"
	"context"
	"github.com/fednews/fednews/zh"
	"slices"
	"strings"

	"github.com/fednews/fednews/corpus"
)

// FigureRows are the values of FigureRequest.Rows: what the table's rows
// are (its columns are years).
var FigureRows = []string{"province", "city", "county", "org"}

// Figure explorer limits.
const (
	DefaultFigureList = 100   // figures listed beside the table
	MaxFigureDocs     = 20000 // documents whose figures one table sums
)

// FigureRequest selects the figures of a query's stories. Place and Org
// narrow the stories (as the filters province=… and org=… do); Kind, Unit,
// Topic, Period (a year the figure's period touches) and the value range
// narrow the figures.
type FigureRequest struct {
	Query string
	Scope
	Kind, Unit, Topic string
	Period            string // YYYY
	Min, Max          *float64
	Rows              string // one of FigureRows; "" is province
	List              int    // figures listed; 0 is DefaultFigureList
}

// FigureTable sums and counts figures by place (or organization) × year.
// The year of a figure is the first year of the period it describes, else
// its document's publication year. A document about several places counts
// its figures under each, so rows can add up to more than the total.
type FigureTable struct {
	Rows    string       `json:"rows"`
	Years   []string     `json:"years"`
	Places  []string     `json:"places"` // rows, by falling count; "" is a document about no known place
	Cells   [][]Cell     `json:"cells"`  // [place][year]
	Total   Cell         `json:"total"`
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

// Figures builds the table of req. Only figures with a value count (dates
// have none).
func (e *Engine) Figures(ctx context.Context, req FigureRequest) (*FigureTable, error) {
	if req.Rows == "" {
		req.Rows = "province"
	}
	if !slices.Contains(FigureRows, req.Rows) {
		return nil, badRequest("rows %q: want %s", req.Rows, strings.Join(FigureRows, ", "))
	}
	if req.List == 0 {
		req.List = DefaultFigureList
	}
	if req.Min != nil && req.Max != nil && *req.Max < *req.Min {
		return nil, badRequest("max %g is below min %g", *req.Max, *req.Min)
	}
	ids, err := e.ix.IDs(ctx, req.request(req.Query), MaxFigureDocs)
	if err != nil {
		return nil, err
	}
	t := &FigureTable{Rows: req.Rows, Years: []string{}, Places: []string{}, Cells: [][]Cell{}, Figures: []FigureLine{}}
	cells := map[[2]string]*Cell{}
	rowCount := map[string]int{}
	years := map[string]bool{}
	var places []string
	lastDoc := int64(-1)
	err = e.st.EachFigure(ctx, ids, func(doc *corpus.Document, f corpus.Figure) error {
		if !req.keeps(f) {
			return nil
		}
		if doc.ID != lastDoc {
			places, lastDoc = rowsOf(doc, req.Rows), doc.ID
		}
		year := figureYear(doc, f)
		if year == "" {
			return nil
		}
		years[year] = true
		t.Total.Count++
		t.Total.Sum += *f.Value
		for _, p := range places {
			c := cells[[2]string{p, year}]
			if c == nil {
				c = &Cell{}
				cells[[2]string{p, year}] = c
			}
			c.Count++
			c.Sum += *f.Value
			rowCount[p]++
		}
		if len(t.Figures) < req.List {
			t.Figures = append(t.Figures, FigureLine{Doc: doc.ID, Title: doc.Title, Published: day(doc),
				Place: strings.Join(places, ";"), Year: year, Figure: f})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for y := range years {
		t.Years = append(t.Years, y)
	}
	slices.Sort(t.Years)
	for p := range rowCount {
		t.Places = append(t.Places, p)
	}
	slices.SortFunc(t.Places, func(a, b string) int {
		if c := cmp.Compare(rowCount[b], rowCount[a]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	for _, p := range t.Places {
		row := make([]Cell, len(t.Years))
		for i, y := range t.Years {
			if c := cells[[2]string{p, y}]; c != nil {
				row[i] = *c
			}
		}
		t.Cells = append(t.Cells, row)
	}
	return t, nil
}

func (r FigureRequest) keeps(f corpus.Figure) bool {
	switch {
	case f.Value == nil,
		r.Kind != "" && f.Kind != r.Kind,
		r.Unit != "" && f.Unit != r.Unit,
		r.Topic != "" && f.Topic != r.Topic,
		r.Min != nil && *f.Value < *r.Min,
		r.Max != nil && *f.Value > *r.Max:
		return false
	}
	if r.Period != "" {
		start, end := yearOf(f.PeriodStart), yearOf(f.PeriodEnd)
		if end == "" {
			end = start
		}
		if start == "" {
			start = end
		}
		if start == "" || r.Period < start || r.Period > end {
			return false
		}
	}
	return true
}

func figureYear(doc *corpus.Document, f corpus.Figure) string {
	if y := yearOf(f.PeriodStart); y != "" {
		return y
	}
	if y := yearOf(f.PeriodEnd); y != "" {
		return y
	}
	if doc.Published.IsZero() {
		return ""
	}
	return doc.Published.In(zh.China).Format("2006")
}

func yearOf(iso string) string {
	if len(iso) >= 4 {
		return iso[:4]
	}
	return ""
}

func day(doc *corpus.Document) string {
	if doc.Published.IsZero() {
		return ""
	}
	return doc.Published.In(zh.China).Format("2006-01-02")
}

// rowsOf are the row values of doc: the place it is about (found at
// ingest and stored with it) at the level rows names, or its
// organizations; [""] when it has none.
func rowsOf(doc *corpus.Document, rows string) []string {
	e := doc.Entities
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
