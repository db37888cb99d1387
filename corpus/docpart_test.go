package corpus

import (
	"context"
	"reflect"
	"strings"
	"testing"
)

func TestGetPartAndFigurePage(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	// Full-width digits: the normalized text differs from the original.
	body := strings.Repeat("增长８％，", 10) // 50 runes, a figure every 5
	var figs []Figure
	for i := range 10 {
		figs = append(figs, Figure{Kind: KindPercent, Text: "８％", Start: 5*i + 2, End: 5*i + 4, Value: ptr(8), Unit: "%", Qualifier: "exact"})
	}
	res, err := s.Put(ctx, sampleDoc("https://example.cn/a", body), figs)
	if err != nil {
		t.Fatal(err)
	}
	full, err := s.Get(ctx, res.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ start, n int }{{0, 50}, {0, 7}, {5, 10}, {45, 100}, {60, 10}, {-3, 4}} {
		d, lens, err := s.GetPart(ctx, res.ID, tc.start, tc.n)
		if err != nil {
			t.Fatal(err)
		}
		cut := func(s string) string {
			r := []rune(s)
			from := min(max(tc.start, 0), len(r))
			return string(r[from:min(from+tc.n, len(r))])
		}
		if d.Original != cut(full.Original) || d.Normalized != cut(full.Normalized) {
			t.Errorf("GetPart(%d, %d) = %q, %q; want %q, %q", tc.start, tc.n, d.Original, d.Normalized, cut(full.Original), cut(full.Normalized))
		}
		if lens != (TextLengths{50, len([]rune(full.Normalized))}) || d.Title != full.Title || d.Seq != full.Seq {
			t.Errorf("GetPart(%d, %d): lengths %+v, title %q, seq %d", tc.start, tc.n, lens, d.Title, d.Seq)
		}
	}
	if n, err := s.TextBytes(ctx, res.ID); err != nil || n != int64(len(full.Original)+len(full.Normalized)) {
		t.Errorf("TextBytes = %d, %v; want %d", n, err, len(full.Original)+len(full.Normalized))
	}
	if _, _, err := s.GetPart(ctx, 999, 0, 10); err == nil || !strings.Contains(err.Error(), "not found") {
		t.Errorf("GetPart of a missing document: err = %v", err)
	}

	for _, tc := range []struct {
		w     FigureWindow
		want  []int // numbers
		total int
	}{
		{FigureWindow{Limit: 100}, []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 10},
		{FigureWindow{Limit: 3, Offset: 4}, []int{5, 6, 7}, 10},
		{FigureWindow{From: 10, To: 26, Limit: 100}, []int{3, 4, 5}, 3},    // 22-24 in, 27-29 out
		{FigureWindow{From: 11, To: 50, Limit: 1, Offset: 2}, []int{5}, 8}, // 12-14 is the first
		{FigureWindow{Limit: 0}, nil, 10},
	} {
		p, err := s.FigurePage(ctx, res.ID, tc.w)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(p.Numbers, tc.want) || p.Total != tc.total || len(p.Figures) != len(tc.want) {
			t.Errorf("FigurePage(%+v) = numbers %v, total %d; want %v, %d", tc.w, p.Numbers, p.Total, tc.want, tc.total)
		}
		for i, f := range p.Figures {
			if !reflect.DeepEqual(f, figs[p.Numbers[i]-1]) {
				t.Errorf("FigurePage(%+v) figure %d = %+v, want %+v", tc.w, p.Numbers[i], f, figs[p.Numbers[i]-1])
			}
		}
	}

	heads, err := s.ClusterHeads(ctx, res.Cluster)
	if err != nil || len(heads) != 1 || heads[0].ID != res.ID || heads[0].Original != "" || heads[0].Normalized != "" || heads[0].Title != full.Title {
		t.Errorf("ClusterHeads = %+v, %v; want the document without its texts", heads, err)
	}
}
