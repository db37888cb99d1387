package research

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/index"
	"github.com/fednews/fednews/research/researchtest"
)

func TestFigures(t *testing.T) {
	e := newEngine(t, researchtest.FigureFixture)
	ctx := context.Background()
	f := func(v float64) *float64 { return &v }
	type row struct {
		place string
		cells []Cell
	}
	tests := []struct {
		name  string
		req   FigureRequest
		years []string
		rows  []row
	}{
		{"every figure by county", FigureRequest{Query: "*", Rows: "county"}, []string{"2023", "2024"},
			[]row{{"万年县", []Cell{{1, 320}, {2, 2e6 + 350}}}, {"郯城县", []Cell{{0, 0}, {1, 3e8}}}}},
		// One chamber's member count over the years.
		{"members of 万年县", FigureRequest{Query: "*", Rows: "county", Kind: "count", Topic: "members", Scope: Scope{Filters: []index.Filter{{Field: "county", Value: "万年县"}}}},
			[]string{"2023", "2024"}, []row{{"万年县", []Cell{{1, 320}, {1, 350}}}}},
		{"money by province from 1e7", FigureRequest{Query: "*", Kind: "money", Min: f(1e7)}, []string{"2024"},
			[]row{{"山东省", []Cell{{1, 3e8}}}}},
		{"period 2024 only", FigureRequest{Query: "商会", Period: "2024"}, []string{"2024"}, []row{{"山东省", []Cell{{1, 3e8}}}}},
	}
	for _, tc := range tests {
		tab, err := e.Figures(ctx, tc.req)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if !slices.Equal(tab.Years, tc.years) || len(tab.Places) != len(tc.rows) {
			t.Errorf("%s: years %v places %v", tc.name, tab.Years, tab.Places)
			continue
		}
		for i, r := range tc.rows {
			if tab.Places[i] != r.place || !slices.Equal(tab.Cells[i], r.cells) {
				t.Errorf("%s: row %d = %s %v, want %s %v", tc.name, i, tab.Places[i], tab.Cells[i], r.place, r.cells)
			}
		}
	}
	for _, req := range []FigureRequest{{Query: "*", Rows: "street"}, {Query: "*", Min: f(5), Max: f(1)}} {
		if _, err := e.Figures(ctx, req); !errors.Is(err, index.ErrBadQuery) {
			t.Errorf("%+v: err %v, want a bad request", req, err)
		}
	}
}

// TestFigureSeries: one county's series of one metric (Row), the column
// totals the chart draws, the listed figures, and a new article counted
// after an ingest (the figure index is read again when the store changes).
func TestFigureSeries(t *testing.T) {
	st, ix := researchtest.New(t, t.TempDir(), researchtest.FigureFixture)
	e := New(ix, st)
	ctx := context.Background()
	req := FigureRequest{Query: "*", Rows: "county", Row: "万年县", Kind: "count", Topic: "members"}
	tab, err := e.Figures(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(tab.Places, []string{"万年县"}) || !slices.Equal(tab.Years, []string{"2023", "2024"}) ||
		!slices.Equal(tab.ByYear, []Cell{{1, 320}, {1, 350}}) || len(tab.Figures) != 2 || tab.Figures[1].Text != "350家" || tab.Figures[1].Place != "万年县" {
		t.Fatalf("series: places %v years %v by year %v figures %+v", tab.Places, tab.Years, tab.ByYear, tab.Figures)
	}
	researchtest.Add(t, st, ix, researchtest.Article{Day: "2025-03-01", Title: "万年县工商联会员增长", Text: "江西省万年县工商联会员企业增至380家。",
		Figures: []corpus.Figure{{Kind: corpus.KindCount, Text: "380家", Start: 13, End: 17, Value: ptr(380), Unit: "家", Topic: "members"}}})
	if tab, err = e.Figures(ctx, req); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(tab.Years, []string{"2023", "2024", "2025"}) || !slices.Equal(tab.ByYear, []Cell{{1, 320}, {1, 350}, {1, 380}}) {
		t.Errorf("after an ingest: years %v by year %v", tab.Years, tab.ByYear)
	}
	// The whole table: every figure once per year, whatever its rows.
	if tab, err = e.Figures(ctx, FigureRequest{Query: "*", Rows: "county"}); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(tab.ByYear, []Cell{{1, 320}, {3, 3e8 + 2e6 + 350}, {1, 380}}) || tab.Total != (Cell{5, 3e8 + 2e6 + 320 + 350 + 380}) {
		t.Errorf("every figure: by year %v total %v", tab.ByYear, tab.Total)
	}
	// A row, kind or unit no figure has is an empty table, not an error.
	for _, r := range []FigureRequest{{Query: "*", Rows: "county", Row: "长沙县"}, {Query: "*", Kind: "nope"}} {
		if tab, err = e.Figures(ctx, r); err != nil || len(tab.Places) != 0 || tab.Total.Count != 0 {
			t.Errorf("%+v: %v %+v", r, err, tab)
		}
	}
	if _, err := e.Figures(ctx, FigureRequest{Query: "*", Period: "24"}); !errors.Is(err, index.ErrBadQuery) {
		t.Errorf("period 24: err %v, want a bad request", err)
	}
}

func ptr(v float64) *float64 { return &v }
