package gazetteer

import (
	"reflect"
	"testing"
)

// TestFindWordBoundaries checks that a place counts in running text only
// when it is a word of the text: it starts and ends where the segmenter's
// words do, place words (新乡贤, 临沂商城) kept whole, while a closing
// 县/市 shared with the next word (县委, 市场) keeps the place.
func TestFindWordBoundaries(t *testing.T) {
	g := gaz(t)
	for _, c := range []struct {
		text string
		want Places
	}{
		{"发挥新乡贤作用，助力乡村振兴", Places{}},
		{"今年前三季度临沂商城实现外贸进出口额286亿元", Places{}},
		{"义乌小商品城商户增多", Places{}},
		{"新乡市工商联举办培训班", Places{Provinces: []string{"河南省"}, Cities: []string{"新乡市"}}},
		{"发挥新乡贤作用，新乡市工商联参加", Places{Provinces: []string{"河南省"}, Cities: []string{"新乡市"}}},
		{"郯城县委书记会见考察团", Places{Provinces: []string{"山东省"}, Cities: []string{"临沂市"}, Counties: []string{"郯城县"}}},
		{"上海市场主体持续增长", Places{Provinces: []string{"上海市"}, Cities: []string{"上海市"}}},
		{"上海市工商联召开会议", Places{Provinces: []string{"上海市"}, Cities: []string{"上海市"}}},
		{"江西万年县工商联召开会议", Places{Provinces: []string{"江西省"}, Cities: []string{"上饶市"}, Counties: []string{"万年县"}}},
	} {
		if got := g.Find(c.text); !reflect.DeepEqual(got, c.want) {
			t.Errorf("Find(%q) = %+v, want %+v", c.text, got, c.want)
		}
	}
}

// TestAboutWordBoundaries checks that About, too, reads no place that
// starts or ends inside a word: 新乡贤 in the title and body is no evidence
// for 新乡市, and the story is 柯城区's.
func TestAboutWordBoundaries(t *testing.T) {
	g := gaz(t)
	p := g.About("发挥新乡贤作用 助力乡村振兴", "近日，柯城区工商联邀请新乡贤代表座谈。\n新乡贤表示愿意回乡投资。")
	want := Places{Provinces: []string{"浙江省"}, Cities: []string{"衢州市"}, Counties: []string{"柯城区"}}
	if !reflect.DeepEqual(p, want) {
		t.Errorf("About = %+v, want %+v (新乡贤 is not 新乡市)", p, want)
	}
}
