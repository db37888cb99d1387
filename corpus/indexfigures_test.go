package corpus

import (
	"context"
	"reflect"
	"testing"
)

// TestFiguresForIndex: the lean read gives, per document in text order,
// exactly the indexed fields of what Figures gives, and nothing for a
// document without figures or an unknown one.
func TestFiguresForIndex(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	a, err := s.Put(ctx, sampleDoc("https://example.com/a", "全省民营企业实现营业收入1.2万亿元，同比增长8.5%。"), []Figure{
		{Kind: KindPercent, Text: "8.5%", Start: 24, End: 28, Value: ptr(8.5), Unit: "%", Qualifier: "exact", Sentence: "同比增长8.5%"},
		{Kind: KindMoney, Text: "1.2万亿元", Start: 10, End: 16, Value: ptr(1.2e12), ValueMax: ptr(1.3e12), Unit: "CNY", Subject: "民营企业",
			PeriodStart: "2021", PeriodEnd: "2021-06", Topic: "revenue"},
		{Kind: KindCount, Text: "若干", Start: 30, End: 32},
	})
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.Put(ctx, sampleDoc("https://example.com/b", "没有数字的文章。"), nil)
	if err != nil {
		t.Fatal(err)
	}
	full, err := s.Figures(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	var want []Figure
	for _, f := range full {
		want = append(want, Figure{Kind: f.Kind, Value: f.Value, ValueMax: f.ValueMax, Unit: f.Unit, PeriodStart: f.PeriodStart, PeriodEnd: f.PeriodEnd, Topic: f.Topic})
	}
	got, err := s.FiguresForIndex(ctx, []int64{a.ID, b.ID, 999})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || !reflect.DeepEqual(got[a.ID], want) {
		t.Errorf("FiguresForIndex =\n%+v\nwant only document %d:\n%+v", got, a.ID, want)
	}
	if got, err := s.FiguresForIndex(ctx, nil); len(got) != 0 || err != nil {
		t.Errorf("FiguresForIndex(nil) = %v, %v", got, err)
	}
}
