package storetest

import (
	"context"
	"reflect"
	"testing"

	"github.com/fednews/fednews/corpus"
)

// analystQuery is README's example ("Querying the store in SQL"): money
// donated per source, each story counted once.
const analystQuery = `SELECT source, SUM(value) AS cny FROM document_figures
WHERE kind = 'money' AND topic = 'donation' AND stands_for_story
GROUP BY source ORDER BY cny DESC`

// testAnalystView runs README's query on the document_figures view.
func testAnalystView(t *testing.T, e Engine) {
	if e.SQL == nil {
		t.Fatal("storetest.Engine.SQL is nil: every engine must be readable in SQL")
	}
	ctx := context.Background()
	s, loc := open(t, e)
	donation := func(start int, v float64) corpus.Figure {
		return corpus.Figure{Kind: corpus.KindMoney, Text: "捐款", Start: start, End: start + 2, Value: &v, Unit: "CNY", Topic: "donation"}
	}
	text := Text(60, 300)
	for _, p := range []struct {
		url, source, text string
		day               int
		figs              []corpus.Figure
	}{
		{"https://a.example/1", "甲工商联", text, 0, []corpus.Figure{donation(0, 100)}},
		{"https://b.example/1", "乙日报", nearCopy(text), 1, []corpus.Figure{donation(0, 100)}}, // a repost: not counted again
		{"https://a.example/2", "甲工商联", Text(61, 300), 2, []corpus.Figure{donation(3, 50), {Kind: corpus.KindCount, Text: "5家", Start: 9, End: 11, Value: ptr(5)}}},
		{"https://c.example/1", "丙网", Text(62, 300), 3, []corpus.Figure{donation(0, 30)}},
	} {
		d := Doc(p.url, p.text, p.day)
		d.Source = p.source
		mustPut(t, s, d, p.figs)
	}
	db := e.SQL(t, loc)
	rows, err := db.QueryContext(ctx, analystQuery)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	type total struct {
		source string
		cny    float64
	}
	var got []total
	for rows.Next() {
		var r total
		if err := rows.Scan(&r.source, &r.cny); err != nil {
			t.Fatal(err)
		}
		got = append(got, r)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if want := []total{{"甲工商联", 150}, {"丙网", 30}}; !reflect.DeepEqual(got, want) {
		t.Errorf("README's query: %v, want %v", got, want)
	}
}
