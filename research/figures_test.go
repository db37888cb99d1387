package research

import (
	"context"
	"errors"
	"slices"
	"testing"

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
