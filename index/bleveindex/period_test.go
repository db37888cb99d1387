package bleveindex

import (
	"slices"
	"testing"
	"time"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/index"
	"github.com/fednews/fednews/zh"
)

// TestPeriodAndTopic: period:YYYY finds the documents with a figure whose
// period falls in that year (not the year they were published), and
// topic: what a figure measures; both facet.
func TestPeriodAndTopic(t *testing.T) {
	v := 1.0
	doc := func(id int64, text string) *corpus.Document {
		return &corpus.Document{ID: id, Seq: id, Cluster: id, URL: "https://example.org/" + text, Title: text,
			Original: text, Normalized: text, Published: time.Date(2025, 3, 1, 0, 0, 0, 0, zh.China)}
	}
	ix := openTest(t, []Entry{
		{Doc: doc(1, "截至2023年底会员企业530家"), Figures: []corpus.Figure{
			{Kind: corpus.KindCount, Text: "530家", Value: &v, Unit: "家", PeriodEnd: "2023-12-31", Topic: "members"}}},
		{Doc: doc(2, "2022年以来累计捐款50万元"), Figures: []corpus.Figure{
			{Kind: corpus.KindMoney, Text: "50万元", Value: &v, Unit: "CNY", PeriodStart: "2022", PeriodEnd: "2025-03-01", Topic: "donation"}}},
		{Doc: doc(3, "捐款10万元"), Figures: []corpus.Figure{
			{Kind: corpus.KindMoney, Text: "10万元", Value: &v, Unit: "CNY", Topic: "donation"}}},
		{Doc: doc(4, "近百年来"), Figures: []corpus.Figure{
			{Kind: corpus.KindDuration, Text: "百年", Value: &v, Unit: "年", PeriodStart: "1926", PeriodEnd: "2025"}}},
	})
	tests := []struct {
		query string
		want  []int64
	}{
		{"period:2023", []int64{1, 2}},
		{"period:2022", []int64{2}},
		{"period:2025", []int64{2}}, // a century is not indexed under every year
		{"period:2021", nil},
		{"topic:donation", []int64{2, 3}},
		{"topic:donation period:2024", []int64{2}},
		{"topic:members", []int64{1}},
	}
	for _, tc := range tests {
		if got := ids(doSearch(t, ix, index.Request{Query: tc.query})); !slices.Equal(got, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.query, got, tc.want)
		}
	}
	r := doSearch(t, ix, index.Request{Query: "*", Facets: []string{"period", "topic"}})
	if got := facet(r, "topic"); got["donation"] != 2 || got["members"] != 1 {
		t.Errorf("topic facet %v, want donation 2, members 1", got)
	}
	if got := facet(r, "period"); got["2023"] != 2 || got["2022"] != 1 || got["1926"] != 0 {
		t.Errorf("period facet %v, want 2023: 2, 2022: 1, none for the century", got)
	}
	if _, err := ix.Search(t.Context(), index.Request{Query: "period:last", Limit: 10}); err == nil {
		t.Error("period:last: want an error naming a year")
	}
}
