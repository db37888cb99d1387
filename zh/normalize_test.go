package zh

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/width"

	"github.com/fednews/fednews/internal/shared"
)

// checkOrig fails t unless r's offset map has one span per rune of r.Text,
// monotonic and inside the original text.
func checkOrig(t testing.TB, original string, r Result) {
	t.Helper()
	n := int32(utf8.RuneCountInString(original))
	if got := utf8.RuneCountInString(r.Text); got != len(r.Orig) {
		t.Fatalf("Orig has %d spans for %d runes", len(r.Orig), got)
	}
	for i, sp := range r.Orig {
		if sp.Start < 0 || sp.End > n || sp.Start >= sp.End {
			t.Fatalf("Orig[%d] = %v outside [0,%d] or empty", i, sp, n)
		}
		if i > 0 && (sp.Start < r.Orig[i-1].Start || sp.End < r.Orig[i-1].End) {
			t.Fatalf("Orig[%d] = %v goes back from %v", i, sp, r.Orig[i-1])
		}
	}
}

// origText returns the runes of original that the runes [i, j) of r.Text
// came from.
func origText(original string, r Result, i, j int) string {
	s, e := r.OrigSpan(i, j)
	rs := []rune(original)
	return string(rs[s:e])
}

// annotated is a made-up text in the style of the sites that glue pinyin
// after traditional characters (six tone-marked readings).
const annotated = "安徽省工商聯(lián)組織開展活動，推動經(jīng)濟發(fā)展，優(yōu)化營商環(huán)境，服務企業(yè)。"

// simplifiedParagraph is a made-up simplified paragraph (72 Han characters).
const simplifiedParagraph = "会议指出，各级工商联要深入学习贯彻党的二十大精神，坚持“两个毫不动摇”，促进民营经济健康发展和民营经济人士健康成长，持续优化营商环境。"

func TestNormalize(t *testing.T) {
	tests := []struct {
		name, in string
		steps    Steps
		want     string
		script   Script
	}{
		{"fullwidth digits", "１８００万元", StepWidth, "1800万元", ScriptSimplified},
		{"fullwidth parens", "联宝（合肥）", StepWidth, "联宝(合肥)", ScriptSimplified},
		{"not NFKC", "面积120㎡，①号楼，10²", StepWidth, "面积120㎡,①号楼,10²", ScriptSimplified},
		{"not Narrow", "会议。报告、「发展」", StepWidth, "会议。报告、「发展」", ScriptSimplified},
		{"halfwidth katakana widens", "ｶﾀｶﾅ", StepWidth, "カタカナ", ScriptNone},
		{"NFC", "Cafe\u0301", StepWidth, "Café", ScriptNone},
		{"pinyin stripped", annotated, StepPinyin,
			"安徽省工商聯組織開展活動，推動經濟發展，優化營商環境，服務企業。", ScriptTraditional},
		{"fullwidth pinyin parens", strings.ReplaceAll(strings.ReplaceAll(annotated, "(", "（"), ")", "）"), StepPinyin,
			"安徽省工商聯組織開展活動，推動經濟發展，優化營商環境，服務企業。", ScriptTraditional},
		{"real parentheses stay", annotated + "聯寶(合肥)(@齊魯網)(https://example.com/a)包括(a)項,中國(PC)", StepPinyin,
			"安徽省工商聯組織開展活動，推動經濟發展，優化營商環境，服務企業。聯寶(合肥)(@齊魯網)(https://example.com/a)包括(a)項,中國(PC)", ScriptTraditional},
		{"not a reading of the character", "工商聯(lián)經(jīng)濟發(fā)優(yōu)環(huán)國(lián)", StepPinyin,
			"工商聯經濟發優環國(lián)", ScriptTraditional},
		{"fewer than five annotations", "工商聯(lián)經(jīng)濟發(fā)展優(yōu)", StepPinyin,
			"工商聯(lián)經(jīng)濟發(fā)展優(yōu)", ScriptTraditional},
		{"t2s", "安徽省工商聯組織開展活動", StepT2S, "安徽省工商联组织开展活动", ScriptTraditional},
		{"t2s phrase", "乾隆皇帝的後裔", StepT2S, "乾隆皇帝的后裔", ScriptTraditional},
		{"simplified never altered", "原财政部部长王丙乾出席了全国工商联的会议并讲话。" + strings.Repeat(simplifiedParagraph, 3), StepT2S,
			"原财政部部长王丙乾出席了全国工商联的会议并讲话。" + strings.Repeat(simplifiedParagraph, 3), ScriptSimplified},
		{"short simplified text with 乾", "王丙乾出席了会议", AllSteps, "王丙乾出席了会议", ScriptMixed},
		// With no simplified-only character there is only the evidence of
		// 乾, which simplified script writes too: the text reads as
		// traditional and is left as it is.
		{"a name alone", "王丙乾", AllSteps, "王丙乾", ScriptTraditional},
		{"a name in a short query", "王丙乾同志", AllSteps, "王丙乾同志", ScriptTraditional},
		{"an ambiguous character beside traditional evidence", "於是他們來到臺北", AllSteps, "于是他们来到台北", ScriptTraditional},
		{"mixed converts its traditional runs", "全国工商联召开会议。全國工商聯召開會議。", AllSteps,
			"全国工商联召开会议。全国工商联召开会议。", ScriptMixed},
		{"mixed query", "经济發展", AllSteps, "经济发展", ScriptMixed},
		{"a run converts its ambiguous characters by t2s's default", "会议於臺北举行", AllSteps, "会议于台北举行", ScriptMixed},
		{"a run with only ambiguous characters stays", "王丙乾同志的讲话", AllSteps, "王丙乾同志的讲话", ScriptMixed},
		{"a phrase inside a run", "经济乾淨", AllSteps, "经济干净", ScriptMixed},
		{"short traditional text with a simplified-only variant", "工商聯群組", AllSteps, "工商联群组", ScriptMixed},
		{"mixed without the t2s step", "经济發展", StepWidth | StepPinyin, "经济發展", ScriptMixed},
		{"simplified quoting a traditional name", strings.Repeat("全国工商联召开会议研究民营经济发展。", 6) + "工商聯",
			AllSteps, strings.Repeat("全国工商联召开会议研究民营经济发展。", 6) + "工商聯", ScriptSimplified},
		{"no Han", "GDP 1,100", AllSteps, "GDP 1,100", ScriptNone},
		{"empty", "", AllSteps, "", ScriptNone},
		{"all steps", "安徽省工商聯(lián)（合肥）經(jīng)濟發(fā)優(yōu)環(huán)１８００萬元", AllSteps,
			"安徽省工商联(合肥)经济发优环1800万元", ScriptTraditional},
		{"invalid UTF-8", "工商聯\xff\xfe會", AllSteps, "工商联\uFFFD\uFFFD会", ScriptTraditional},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Normalize(tt.in, tt.steps)
			if r.Text != tt.want {
				t.Errorf("Normalize(%q) = %q, want %q", tt.in, r.Text, tt.want)
			}
			if r.Script != tt.script {
				t.Errorf("script %s, want %s", r.Script, tt.script)
			}
			checkOrig(t, tt.in, r)
			if text, script := NormalizeText(tt.in, tt.steps); text != tt.want || script != tt.script {
				t.Errorf("NormalizeText(%q) = %q, %s; want %q, %s", tt.in, text, script, tt.want, tt.script)
			}
		})
	}
}

// TestOffsetsPointBack checks that spans after a removed annotation and
// after NFC point at the original characters.
func TestOffsetsPointBack(t *testing.T) {
	r := Normalize(annotated, AllSteps)
	i := strings.Index(r.Text, "发展")
	ri := utf8.RuneCountInString(r.Text[:i])
	if got := origText(annotated, r, ri, ri+2); got != "發(fā)展" {
		t.Errorf("发展 maps to %q", got)
	}
	if got := origText(annotated, r, 0, 6); got != "安徽省工商聯" {
		t.Errorf("安徽省工商联 maps to %q", got)
	}
	in := "e\u0301工商\uFF08a\uFF09"
	r = Normalize(in, StepWidth)
	if r.Text != "é工商(a)" {
		t.Fatalf("got %q", r.Text)
	}
	for i, want := range []string{"e\u0301", "工", "商", "\uFF08", "a", "\uFF09"} {
		if got := origText(in, r, i, i+1); got != want {
			t.Errorf("rune %d maps to %q, want %q", i, got, want)
		}
	}
}

// TestFoldMatchesWidthFold checks the fast path of fold against x/text's
// width.Fold on every rune.
func TestFoldMatchesWidthFold(t *testing.T) {
	for r := rune(0); r <= utf8.MaxRune; r++ {
		if r >= 0xD800 && r <= 0xDFFF {
			continue
		}
		want := width.Fold.String(string(r))
		if got := string(fold(r)); got != want {
			t.Fatalf("fold(%U) = %q, width.Fold = %q", r, got, want)
		}
	}
}

func TestDetectScript(t *testing.T) {
	for in, want := range map[string]Script{
		"工商聯":         ScriptTraditional,
		"工商联":         ScriptSimplified,
		"abc":         ScriptNone,
		"":            ScriptNone,
		"乾隆":          ScriptSimplified, // TSPhrases keeps 乾隆
		"於是他們來到臺北市政府": ScriptTraditional,
		"王丙乾同志的讲话":    ScriptMixed,
		"工商聯群組":       ScriptMixed, // 群 is simplified-only for OpenCC (羣)
	} {
		if got := DetectScript(in); got != want {
			t.Errorf("DetectScript(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestParseT2SRejectsBadTables(t *testing.T) {
	for _, tc := range []struct{ phrases, chars, st string }{
		{"乾隆\t乾隆", "無", "会\t會"},
		{"乾隆\t乾隆", "無\t无无", "会\t會"},
		{"乾隆\t乾", "無\t无", "会\t會"},
		{"乾隆\t乾隆", "無\t无", "会會"},
	} {
		if _, err := parseT2S(tc.phrases, tc.chars, tc.st); err == nil {
			t.Errorf("parseT2S(%q, %q, %q) accepted a bad table", tc.phrases, tc.chars, tc.st)
		}
	}
	if _, err := parseT2S("乾隆\t乾隆", "無\t无", "会\t會"); err != nil {
		t.Errorf("good tables: %v", err)
	}
}

// pinyinAnnotation matches a Han character with a parenthesized tone-marked
// syllable after it.
var pinyinAnnotation = regexp.MustCompile(`\p{Han}[(（][a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*[)）]`)

func TestSeedAnnotationsStripped(t *testing.T) {
	matches, _ := filepath.Glob(filepath.Join(shared.Path(t, "corpus/seeds"), "002_*.txt"))
	if len(matches) != 1 {
		t.Fatalf("seed 002: found %v", matches)
	}
	b, err := os.ReadFile(matches[0])
	if err != nil {
		t.Fatal(err)
	}
	in := string(b)
	if n := len(pinyinAnnotation.FindAllString(in, -1)); n != 246 {
		t.Fatalf("seed 002 has %d annotations, the issue counted 246", n)
	}
	r := Normalize(in, AllSteps)
	checkOrig(t, in, r)
	if left := pinyinAnnotation.FindAllString(r.Text, -1); len(left) > 0 {
		t.Errorf("%d annotations left: %v", len(left), left)
	}
	if !strings.Contains(r.Text, "联宝(合肥)") {
		t.Errorf("(合肥) lost")
	}
	if r.Script != ScriptTraditional {
		t.Errorf("script %s", r.Script)
	}
}

func TestParseSteps(t *testing.T) {
	for in, want := range map[string]Steps{
		"width,pinyin,t2s": AllSteps,
		"t2s":              StepT2S,
		" pinyin , width ": StepWidth | StepPinyin,
	} {
		got, err := ParseSteps(in)
		if err != nil || got != want {
			t.Errorf("ParseSteps(%q) = %v, %v; want %v", in, got, err, want)
		}
		if back, _ := ParseSteps(got.String()); back != got {
			t.Errorf("%v does not round-trip through String", got)
		}
	}
	for _, bad := range []string{"", "nfkc", "width,,t2s"} {
		if _, err := ParseSteps(bad); err == nil {
			t.Errorf("ParseSteps(%q) accepted", bad)
		}
	}
}

// TestStableStarter checks the NFC fast path against norm: every rune it
// accepts is a starter that NFC keeps and that never composes with the rune
// before it, so a string of them is NFC.
func TestStableStarter(t *testing.T) {
	for r := rune(0); r <= utf8.MaxRune; r++ {
		if !stableStarter(r) || (r >= 0xD800 && r <= 0xDFFF) {
			continue
		}
		p := norm.NFC.PropertiesString(string(r))
		if p.CCC() != 0 || !p.BoundaryBefore() || norm.NFC.String(string(r)) != string(r) {
			t.Fatalf("%U is not a stable starter", r)
		}
	}
}
