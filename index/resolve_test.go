package index

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/fednews/fednews/index/gazetteer"
	"github.com/fednews/fednews/zh"
)

func gaz(t *testing.T) *gazetteer.Gazetteer {
	t.Helper()
	g, err := gazetteer.Default()
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func ptr(v float64) *float64 { return &v }

// TestNewPlanPlacesOnNeed: the gazetteer is asked for only by a place
// field, in the query or a filter, and its failure is the plan's error.
func TestNewPlanPlacesOnNeed(t *testing.T) {
	broken := errors.New("gazetteer unreadable")
	for _, tt := range []struct {
		req   Request
		needs bool
	}{
		{Request{Query: "工商联 商会"}, false},
		{Request{Query: `"民营经济" -title:座谈会 year:2021 kind:money`}, false},
		{Request{Query: "*", Filters: []Filter{{Field: "source", Value: "示例日报"}}}, false},
		{Request{Query: "工商联 province:江西"}, true},
		{Request{Query: "*", Filters: []Filter{{Field: "city", Value: "深圳"}}}, true},
		{Request{Query: "mentioned_county:万年"}, true},
	} {
		asked := 0
		src := func() (*gazetteer.Gazetteer, error) { asked++; return gaz(t), nil }
		if _, err := NewPlan(tt.req, src); err != nil || (asked > 0) != tt.needs {
			t.Errorf("%+v: asked for the gazetteer %d times, err %v; want asked %v", tt.req, asked, err, tt.needs)
		}
		_, err := NewPlan(tt.req, func() (*gazetteer.Gazetteer, error) { return nil, broken })
		if tt.needs != errors.Is(err, broken) || !tt.needs && err != nil {
			t.Errorf("%+v with a failing gazetteer: %v", tt.req, err)
		}
	}
}

// TestNewPlan: the resolved tree is what every backend compiles, so its
// leaves carry final values.
func TestNewPlan(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, zh.China) }
	for _, tt := range []struct {
		req   Request
		want  Node
		marks []Highlight
	}{
		{Request{Query: "營商環境"}, Phrase{Text: "营商环境"}, []Highlight{{"营商环境", ""}}},
		{Request{Query: "title:ABC -商会"}, And{[]Node{Phrase{FieldTitle, "abc"}, Not{Phrase{Text: "商会"}}}}, []Highlight{{"abc", FieldTitle}}},
		{Request{Query: "province:江西 OR city:南昌"}, Or{[]Node{Keyword{FieldProvince, "江西省"}, Keyword{FieldCity, "南昌市"}}}, nil},
		{Request{Query: "year:2021"}, Keyword{FieldYear, "2021"}, nil},
		{Request{Query: "published:2021..2022-03"}, DateRange{day(2021, 1, 1), day(2022, 4, 1)}, nil},
		{Request{Query: "money:>=1亿"}, NumberRange{Field: "money", Min: ptr(1e8), MinInclusive: true, MaxInclusive: true}, nil},
		{Request{Query: "money:>=一亿"}, NumberRange{Field: "money", Min: ptr(1e8), MinInclusive: true, MaxInclusive: true}, nil},
		{Request{Query: "money:一千万..1億"}, NumberRange{Field: "money", Min: ptr(1e7), Max: ptr(1e8), MinInclusive: true, MaxInclusive: true}, nil},
		{Request{Query: "percent:<50"}, NumberRange{Field: "percent", Max: ptr(50), MinInclusive: true}, nil},
		{Request{Query: "*", Filters: []Filter{{Field: "kind", Value: "money"}}}, And{[]Node{All{}, Keyword{FieldKind, "money"}}}, nil},
		{Request{Query: "*", Filters: []Filter{{Field: "province", Value: "广东|江苏省"}, {Field: "city", Value: "深圳", Not: true}}},
			And{[]Node{All{}, Or{[]Node{Keyword{FieldProvince, "广东省"}, Keyword{FieldProvince, "江苏省"}}}, Not{Keyword{FieldCity, "深圳市"}}}}, nil},
		{Request{Query: "*", From: day(2021, 1, 1), To: day(2021, 12, 31)}, And{[]Node{All{}, DateRange{day(2021, 1, 1), day(2022, 1, 1)}}}, nil},
	} {
		p, err := NewPlan(tt.req, Places(gaz(t)))
		if err != nil {
			t.Errorf("%+v: %v", tt.req, err)
			continue
		}
		if !reflect.DeepEqual(p.Query, tt.want) || !reflect.DeepEqual(p.Marks, tt.marks) {
			t.Errorf("%+v:\n got %#v %v\nwant %#v %v", tt.req, p.Query, p.Marks, tt.want, tt.marks)
		}
	}
}

func TestNewPlanErrors(t *testing.T) {
	for _, q := range []string{"kind:gold", "year:21", "money:lots", "month:2021", "colour:red", "\"open", "cluster:x", "url:>a"} {
		if _, err := NewPlan(Request{Query: q}, Places(gaz(t))); !errors.Is(err, ErrBadQuery) {
			t.Errorf("%q: %v, want a bad-query error", q, err)
		}
	}
}

func TestCollapse(t *testing.T) {
	type hit struct {
		id, cluster string
		score       float64
	}
	key := func(h hit) (string, string) { return h.id, h.cluster }
	promote := func(head, best hit) hit { head.score = best.score; return head }
	hits := []hit{{"5", "3", 9}, {"7", "", 8}, {"3", "3", 7}, {"6", "3", 6}, {"9", "8", 5}}
	want := []hit{{"3", "3", 9}, {"7", "", 8}, {"9", "8", 5}}
	if got := Collapse(hits, false, key, promote); !reflect.DeepEqual(got, want) {
		t.Errorf("collapse: %v, want %v", got, want)
	}
	if got := Collapse(hits, true, key, promote); !reflect.DeepEqual(got, hits) {
		t.Errorf("off: %v, want every hit", got)
	}
}

func TestParseNumber(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want float64
		ok   bool
	}{
		{"5000", 5000, true}, {"1.5万", 15000, true}, {"1亿", 1e8, true}, {"3000万元", 3e7, true}, {"85%", 85, true},
		{"1,000", 1000, true}, {"-5", -5, true}, {"一亿", 1e8, true}, {"三千万元", 3e7, true}, {"两百", 200, true},
		{"壹佰万", 1e6, true}, {"一百二十", 120, true}, {"1.5亿元", 1.5e8, true},
		{"lots", 0, false}, {"", 0, false}, {"5000家", 0, false}, {"三四十", 0, false}, {"500余万", 0, false}, {"1e5", 0, false},
	} {
		got, ok := parseNumber(tt.in)
		if ok != tt.ok || got != tt.want {
			t.Errorf("parseNumber(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestParseFilter(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want Filter
	}{
		{"province=江西", Filter{Field: "province", Value: "江西"}},
		{" Province =广东省|江苏省", Filter{Field: "province", Value: "广东省|江苏省"}},
		{"city!=深圳市", Filter{Field: "city", Value: "深圳市", Not: true}},
		{"city != 深圳市|广州市", Filter{Field: "city", Value: " 深圳市|广州市", Not: true}},
		{"money=>=1亿", Filter{Field: "money", Value: ">=1亿"}},
		{"money!=>=1亿", Filter{Field: "money", Value: ">=1亿", Not: true}},
	} {
		got, err := ParseFilter(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseFilter(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
		}
		if back, err := ParseFilter(got.String()); err != nil || back != got {
			t.Errorf("ParseFilter(%q.String()) = %+v, %v; want %+v", tt.in, back, err, got)
		}
	}
	for _, in := range []string{"province", "=江西", "province=", "province!=", "province=江西||江苏", "province=江西|", "!=江西"} {
		if _, err := ParseFilter(in); !errors.Is(err, ErrBadQuery) {
			t.Errorf("ParseFilter(%q): %v, want a bad-query error", in, err)
		}
	}
}
