package bleveindex

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/index"
	"github.com/fednews/fednews/zh"
)

func TestCapRunes(t *testing.T) {
	for _, tt := range []struct {
		s    string
		max  int
		want string
	}{
		{"工商联", 5, "工商联"}, {"工商联", 2, "工商"}, {"abc", 0, ""}, {"a工b", 2, "a工"}, {"", 3, ""},
	} {
		if got := capRunes(tt.s, tt.max); got != tt.want {
			t.Errorf("capRunes(%q, %d) = %q, want %q", tt.s, tt.max, got, tt.want)
		}
	}
}

// A huge article is indexed up to index.MaxIndexedRunes characters: what comes
// first is found, what lies beyond is not (it stays in the store), and the
// index keeps no copy of the body: a hit's body matches come from the
// store's text, capped as the index is.
func TestHugeArticleCapped(t *testing.T) {
	filler := strings.Repeat("会议强调要持续优化服务。", index.MaxIndexedRunes/12+10)
	body := "开头写到乡村振兴。" + filler + "结尾写到共同富裕。"
	d := newDoc(1, "超长文章", "测试", body, time.Date(2024, 1, 2, 0, 0, 0, 0, zh.China))
	ix := openTest(t, []Entry{{Doc: d}})
	for q, want := range map[string]int{`"乡村振兴"`: 1, `"共同富裕"`: 0} {
		r := doSearch(t, ix, index.Request{Query: q})
		if r.Total != want {
			t.Errorf("%s: %d hits, want %d", q, r.Total, want)
		}
	}
	if m := fields(Entry{Doc: d}, fednewsSchema); m[fBodyOrig] != nil {
		t.Errorf("the index stores a copy of the body (%d bytes)", len(m[fBodyOrig].(string)))
	}
	var matches, last int
	err := ix.EachHit(context.Background(), index.Request{Query: "会议"}, func(h index.Hit) error {
		for _, s := range h.Matches {
			if s.Field == index.FieldBody {
				matches, last = matches+1, max(last, s.End)
			}
		}
		return nil
	})
	if err != nil || matches == 0 || last > index.MaxIndexedRunes {
		t.Errorf("会议: %d body matches ending by rune %d, %v; want some, none past %d", matches, last, err, index.MaxIndexedRunes)
	}
}

// A figure repeated throughout a huge text is indexed once per distinct
// value, and at most maxFigureValues values per kind.
func TestFigureValuesBounded(t *testing.T) {
	d := newDoc(1, "重复", "测试", "投资3亿元。", time.Date(2024, 1, 2, 0, 0, 0, 0, zh.China))
	var figs []corpus.Figure
	for i := range 5000 {
		same, other := 3e8, float64(i)
		figs = append(figs, corpus.Figure{Kind: corpus.KindMoney, Value: &same, Unit: "CNY"},
			corpus.Figure{Kind: corpus.KindCount, Value: &other, Unit: "家"})
	}
	m := fields(Entry{Doc: d, Figures: figs}, fednewsSchema)
	if money := m[corpus.KindMoney].(string); money != "3e+08" {
		t.Errorf("money values %q, want 3e+08", money)
	}
	if counts := strings.Fields(m[corpus.KindCount].(string)); len(counts) != maxFigureValues {
		t.Errorf("%d count values, want %d", len(counts), maxFigureValues)
	}
}
