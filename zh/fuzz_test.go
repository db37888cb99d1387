package zh

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzNormalize: normalization never panics and its offset map is always
// one span per rune, monotonic and inside the original, on arbitrary bytes
// and on mixed-script text with annotations, fullwidth forms and
// combining marks.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{
		"",
		annotated,
		"安徽省工商聯(lián)（合肥）經(jīng)濟發(fā)優(yōu)環(huán)１８００萬元",
		"全国工商联召开会议，王丙乾出席。工商聯會議於臺北舉行。",
		"聯寶(合肥)(@齊魯網)(https://example.com/a)包括(a)項,中國(PC)",
		"e\u0301\u0323工商\uFF08a\uFF09ｶﾞ",
		"業(ye\u0300)聯(lia\u0301n)經(ji\u0304ng)發(fa\u0304)優(yo\u0304u)環(hua\u0301n)",
		"\xff\xfe工商\xe5\xb7聯\x00",
		"乾隆皇帝的後裔",
		"经济發展，工商聯群組，王丙乾出席了会议",
	} {
		f.Add([]byte(s), uint8(AllSteps))
	}
	f.Fuzz(func(t *testing.T, data []byte, steps uint8) {
		in := string(data)
		r := Normalize(in, Steps(steps)&AllSteps)
		checkOrig(t, in, r)
		if !utf8.ValidString(r.Text) {
			t.Fatalf("Normalize(%q) = %q: invalid UTF-8", in, r.Text)
		}
		if r.Text != "" && r.Script == "" {
			t.Fatalf("no script for %q", in)
		}
	})
}

// FuzzSegment: segmentation never panics, and its tokens slice the text.
func FuzzSegment(f *testing.F) {
	for _, s := range []string{"", "全国工商联增长290.54亿元，1,100家，85%。", "\xff工商\xe5\xb7", "１,２３４．５％", " \r\n"} {
		f.Add(s)
	}
	seg := defaultSegmenter(f)
	f.Fuzz(func(t *testing.T, text string) {
		checkTokens(t, text, seg.Precise(text))
		checkTokens(t, text, seg.Search(text))
	})
}

// TestNormalizeLongLine: a 50 MB single line (traditional, annotated,
// fullwidth) is normalized correctly, with a complete offset map.
func TestNormalizeLongLine(t *testing.T) {
	unit := "安徽省工商聯(lián)經(jīng)濟（１８００萬元）發展。"
	in := strings.Repeat(unit, (50<<20+len(unit)-1)/len(unit))
	start := time.Now()
	r := Normalize(in, AllSteps)
	t.Logf("%d MB in %v", len(in)>>20, time.Since(start))
	want := strings.Repeat("安徽省工商联经济(1800万元)发展。", (50<<20+len(unit)-1)/len(unit))
	if r.Text != want {
		t.Fatalf("wrong text (%d bytes, want %d)", len(r.Text), len(want))
	}
	if r.Script != ScriptTraditional || len(r.Orig) != utf8.RuneCountInString(want) {
		t.Fatalf("script %s, %d spans", r.Script, len(r.Orig))
	}
	// The last character maps to the last character of the original.
	last := r.Orig[len(r.Orig)-1]
	if n := int32(utf8.RuneCountInString(in)); last != (Span{n - 1, n}) {
		t.Errorf("last span %v, want [%d,%d)", last, n-1, n)
	}
}
