package extract

import (
	"math/big"
	"testing"
	"unicode/utf8"
)

func TestParseNumber(t *testing.T) {
	tests := []struct {
		in    string
		text  string // the part read
		value string // exact, as a big.Rat string
		over  bool
	}{
		{"16.4亿", "16.4亿", "1640000000", false},
		{"1.2万", "1.2万", "12000", false},
		{"3万4000", "3万4000", "34000", false},
		{"25万6千", "25万6千", "256000", false},
		{"13万2", "13万2", "132000", false},
		{"1,100万", "1,100万", "11000000", false},
		{"1,100.9亿", "1,100.9亿", "110090000000", false},
		{"1,050,000,000", "1,050,000,000", "1050000000", false},
		{"1, 234", "1", "1", false},
		{"一千二百", "一千二百", "1200", false},
		{"十五", "十五", "15", false},
		{"十", "十", "10", false},
		{"二〇二二年", "二〇二二", "2022", false},
		{"二零零四年", "二零零四", "2004", false},
		{"两千四百五", "两千四百五", "2450", false},
		{"一万三", "一万三", "13000", false},
		{"九十二万四", "九十二万四", "924000", false},
		{"一千零五", "一千零五", "1005", false},
		{"一千零十二", "一千零十二", "1012", false},
		{"一万零二百五十", "一万零二百五十", "10250", false},
		{"五亿零六", "五亿零六", "500000006", false},
		{"四万万", "四万万", "400000000", false},
		{"10万万", "10万万", "1000000000", false},
		{"四万亿", "四万亿", "4000000000000", false},
		{"一万五千亿", "一万五千亿", "1500000000000", false},
		{"五兆六十二亿四万五千二", "五兆六十二亿四万五千二", "5006200045200", false},
		{"4.78万亿", "4.78万亿", "4780000000000", false},
		{"壹佰伍拾", "壹佰伍拾", "150", false},
		{"肆佰陆拾", "肆佰陆拾", "460", false},
		{"拾万零五十六", "拾万零五十六", "100056", false},
		{"十万柒仟捌佰伍拾肆", "十万柒仟捌佰伍拾肆", "107854", false},
		{"兩千兩百貳拾二", "兩千兩百貳拾二", "2222", false},
		{"四億五千六百四十二萬零壹十五", "四億五千六百四十二萬零壹十五", "456420015", false},
		{"百三", "百三", "130", false},
		{"五十千", "五十", "50", false},
		{"二点五", "二点五", "5/2", false},
		{"十五点七", "十五点七", "157/10", false},
		{"两千三点一", "两千三点一", "23001/10", false},
		{"两千万点五五四四", "两千万点五五四四", "200000005544/10000", false},
		{"四百亿点零五零", "四百亿点零五零", "800000000001/20", false},
		{"一点两小时", "一", "1", false},
		{"三点五万元", "三点五万", "35000", false},
		{"500余万", "500余万", "5000000", true},
		{"十多万", "十多万", "100000", true},
		{"二十几万", "二十几万", "200000", true},
		{"一百零几万", "一百零几万", "1000000", true},
		{"300多万元", "300多万", "3000000", true},
		{"20余件", "20", "20", false},
		{"百余家", "百", "100", false},
		{"6.5万元", "6.5万", "65000", false},
		{"0.1", "0.1", "1/10", false},
		{"二三十个", "二三十", "20", false},
	}
	for _, tc := range tests {
		rs := []rune(tc.in)
		n, ok := parseNumber(rs, 0, false)
		if !ok {
			t.Errorf("parseNumber(%q): no number", tc.in)
			continue
		}
		if got := string(rs[n.Start:n.End]); got != tc.text {
			t.Errorf("parseNumber(%q) read %q, want %q", tc.in, got, tc.text)
		}
		want, _ := new(big.Rat).SetString(tc.value)
		if n.Val.Cmp(want) != 0 {
			t.Errorf("parseNumber(%q) = %s, want %s", tc.in, n.Val.RatString(), want.RatString())
		}
		if n.Over != tc.over {
			t.Errorf("parseNumber(%q).over = %v, want %v", tc.in, n.Over, tc.over)
		}
	}
}

func TestParseNumberEstimate(t *testing.T) {
	n, ok := parseNumber([]rune("三四十万家"), 0, false)
	if !ok || n.Val.RatString() != "300000" || n.Max == nil || n.Max.RatString() != "400000" || n.End != 4 {
		t.Fatalf("三四十万 = %+v", n)
	}
}

func TestParseNumberRejects(t *testing.T) {
	for _, in := range []string{"万", "万万", "百分之五", "千万不要", "亿元", "abc", ""} {
		if n, ok := parseNumber([]rune(in), 0, false); ok {
			t.Errorf("parseNumber(%q) = %s over %d runes, want none", in, n.Val.RatString(), n.End)
		}
	}
}

func TestParseNumberSpaces(t *testing.T) {
	tests := []struct{ in, value string }{
		{"一百 五 十 二", "152"},
		{"7 万5 千4 百", "75400"},
		{"1000  万", "10000000"},
		{"十 余 万", "100000"},
	}
	for _, tc := range tests {
		rs := []rune(tc.in)
		n, ok := parseNumber(rs, 0, true)
		if !ok || n.Val.RatString() != tc.value || n.End != len(rs) {
			t.Errorf("parseNumber(%q, spaces) = %v over %d runes, want %s over all", tc.in, n.Val, n.End, tc.value)
		}
	}
}

// FuzzParseNumber checks that any input parses without panic into a span
// inside the input and a finite value.
func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"16.4亿", "二〇二二", "五兆六十二亿四万五千二", "1,100.9亿", "三四十万", "一 百 点 五", "万万万", "500余万", "9999999999999999999999999亿亿亿兆"} {
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, s string, spaces bool) {
		if !utf8.ValidString(s) {
			return
		}
		rs := []rune(s)
		for i := range rs {
			n, ok := parseNumber(rs, i, spaces)
			if !ok {
				continue
			}
			if n.Start != i || n.End <= n.Start || n.End > len(rs) {
				t.Fatalf("parseNumber(%q, %d): span [%d,%d)", s, i, n.Start, n.End)
			}
			if n.Val == nil {
				t.Fatalf("parseNumber(%q, %d): nil value", s, i)
			}
		}
	})
}
