package research

import (
	"context"
	"errors"
	"fmt"
	"math"
	"testing"

	"github.com/fednews/fednews/index"
)

func TestG2(t *testing.T) {
	// 2·Σ k·ln(k·N/(row·col)) worked by hand for [[10 90] [10 890]]:
	// N=1000; expected cells 2, 98, 18, 882.
	want := 2 * (10*math.Log(10.0/2) + 90*math.Log(90.0/98) + 10*math.Log(10.0/18) + 890*math.Log(890.0/882))
	if got := g2(10, 90, 10, 890); math.Abs(got-want) > 1e-9 {
		t.Errorf("g2 = %v, want %v", got, want)
	}
	if got := g2(5, 5, 50, 50); math.Abs(got) > 1e-9 {
		t.Errorf("g2 of independent rows = %v, want 0", got)
	}
	if got := g2(0, 10, 0, 10); got != 0 {
		t.Errorf("g2 with an empty column = %v, want 0", got)
	}
}

func TestTerms(t *testing.T) {
	arts := append([]article{}, fixture...)
	// Filler that never mentions 工商联, so that 民营企业 and 营商环境
	// are characteristic of it while 会议 is common everywhere.
	filler := []string{"果树种植", "道路修建", "水利设施", "文化广场", "垃圾分类", "养老服务"}
	for i, topic := range filler {
		arts = append(arts, article{Day: fmt.Sprintf("2024-04-%02d", i+1), Title: "乡村会议", Text: "村里召开会议，讨论" + topic + "，村民代表发言。"})
	}
	e := newEngine(t, arts)
	tm, err := e.Terms(context.Background(), TermsRequest{Query: "工商联"})
	if err != nil {
		t.Fatal(err)
	}
	if tm.Docs != 3 || tm.Read != 3 || tm.Corpus != len(arts) {
		t.Fatalf("docs %d read %d corpus %d, want 3 3 %d", tm.Docs, tm.Read, tm.Corpus, len(arts))
	}
	byWord := map[string]Term{}
	for i, w := range tm.Terms {
		byWord[w.Word] = w
		if i > 0 && w.G2 > tm.Terms[i-1].G2 {
			t.Errorf("terms not in falling G² at %d: %+v", i, tm.Terms)
		}
		if len([]rune(w.Word)) < 2 || stopwords()[w.Word] {
			t.Errorf("term %q: single characters and stop words are left out", w.Word)
		}
	}
	// 工商联 is in all three (the traditional one normalized) and nowhere else.
	if w := byWord["工商联"]; w.Docs != 3 || w.CorpusDoc != 3 || tm.Terms[0].Word != "工商联" {
		t.Errorf("工商联: %+v, first %+v; want 3 of 3 documents, first", w, tm.Terms[0])
	}
	if w := byWord["民营企业"]; w.Docs != 2 || w.CorpusDoc != 2 {
		t.Errorf("民营企业: %+v, want in 2 documents, 2 in the corpus", w)
	}
	if _, ok := byWord["会议"]; ok {
		t.Errorf("会议 is more frequent outside the query, yet ranked: %+v", byWord["会议"])
	}
	for _, req := range []TermsRequest{{Query: "*"}, {Query: "工商联", Limit: 10000}} {
		if _, err := e.Terms(context.Background(), req); !errors.Is(err, index.ErrBadQuery) {
			t.Errorf("%+v: err %v, want a bad request", req, err)
		}
	}
}

func TestEvenSample(t *testing.T) {
	ids := []int64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	got := evenSample(ids, 4)
	if len(got) != 4 || got[0] != 1 || got[3] != 8 {
		t.Errorf("evenSample = %v, want 4 spread over 1..10", got)
	}
}
