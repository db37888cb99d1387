package research

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/fednews/fednews/index"
)

func TestTrend(t *testing.T) {
	e := newEngine(t, fixture)
	ctx := context.Background()
	tests := []struct {
		by      string
		labels  []string
		counts  [][]int // per query
		scope   []int
		share0  []float64
		bucket0 Bucket
	}{
		{"month", []string{"2024-01", "2024-02", "2024-03"}, [][]int{{1, 1, 1}, {1, 1, 0}}, []int{2, 1, 2},
			[]float64{0.5, 1, 0.5}, Bucket{"2024-01", "2024-01-01", "2024-01-31"}},
		{"year", []string{"2024"}, [][]int{{3}, {2}}, []int{5}, []float64{0.6}, Bucket{"2024", "2024-01-01", "2024-12-31"}},
		// 2024-01-05 is a Friday: its ISO week starts on Monday 1 January.
		{"week", nil, nil, nil, nil, Bucket{"2024-W01", "2024-01-01", "2024-01-07"}},
	}
	for _, tc := range tests {
		tr, err := e.Trend(ctx, TrendRequest{Queries: []string{"工商联", "商会"}, By: tc.by})
		if err != nil {
			t.Fatalf("%s: %v", tc.by, err)
		}
		if tr.Buckets[0] != tc.bucket0 {
			t.Errorf("%s: first bucket %+v, want %+v", tc.by, tr.Buckets[0], tc.bucket0)
		}
		if tc.labels == nil {
			continue
		}
		var labels []string
		for _, b := range tr.Buckets {
			labels = append(labels, b.Label)
		}
		if !slices.Equal(labels, tc.labels) || !slices.Equal(tr.Scope, tc.scope) {
			t.Errorf("%s: buckets %v scope %v, want %v %v", tc.by, labels, tr.Scope, tc.labels, tc.scope)
		}
		for i, s := range tr.Series {
			if !slices.Equal(s.Counts, tc.counts[i]) {
				t.Errorf("%s %s: counts %v, want %v", tc.by, s.Query, s.Counts, tc.counts[i])
			}
		}
		if !slices.Equal(tr.Series[0].Share, tc.share0) {
			t.Errorf("%s: share %v, want %v", tc.by, tr.Series[0].Share, tc.share0)
		}
	}
}

func TestTrendWeeksSpanEmptyPeriods(t *testing.T) {
	e := newEngine(t, fixture)
	tr, err := e.Trend(context.Background(), TrendRequest{Queries: []string{"工商联"}, By: "week"})
	if err != nil {
		t.Fatal(err)
	}
	// 2024-01-01 … the week of 2024-03-15 (Monday 11 March): 11 weeks.
	if len(tr.Buckets) != 11 || tr.Buckets[10].From != "2024-03-11" || tr.Series[0].Total != 3 {
		t.Errorf("weeks %d, last %+v, total %d; want 11 weeks to 2024-03-11, 3 stories", len(tr.Buckets), tr.Buckets[len(tr.Buckets)-1], tr.Series[0].Total)
	}
}

func TestTrendScopeFilters(t *testing.T) {
	e := newEngine(t, fixture)
	from := mustDay(t, "2024-02-01")
	tr, err := e.Trend(context.Background(), TrendRequest{Queries: []string{"工商联"}, Scope: Scope{From: from}})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(tr.Series[0].Counts, []int{1, 1}) || !slices.Equal(tr.Scope, []int{1, 2}) {
		t.Errorf("from 2024-02: counts %v scope %v, want [1 1] [1 2]", tr.Series[0].Counts, tr.Scope)
	}
}

func TestTrendBadRequests(t *testing.T) {
	e := newEngine(t, fixture[:1])
	for _, req := range []TrendRequest{
		{Queries: []string{"a"}, By: "fortnight"},
		{},
		{Queries: []string{"a", "b", "c", "d", "e", "f"}},
		{Queries: []string{`"unclosed`}},
	} {
		if _, err := e.Trend(context.Background(), req); !errors.Is(err, index.ErrBadQuery) {
			t.Errorf("%+v: err %v, want a bad request", req, err)
		}
	}
}
