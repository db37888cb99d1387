package zh

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzToSimplified: t2s maps rune to rune whatever the bytes: the output
// is valid UTF-8 with one rune per rune of the input (an invalid byte
// becomes U+FFFD, as replacing it first gives), its evidence is the same
// whether or not the output is built, and ASCII passes unchanged.
func FuzzToSimplified(f *testing.F) {
	for _, s := range []string{"", "工商聯會議於臺北舉行。", "\xff\xfe工商\xe5\xb7聯\x00", "\xed\xa0\x80發展", "a\xe0\x80\x80b",
		"乾隆皇帝的後裔 ABC", "\U00020BB7與𠮷"} {
		f.Add(s)
	}
	t2s := loadT2S()
	f.Fuzz(func(t *testing.T, in string) {
		out, e := t2s.convert(in)
		if !utf8.ValidString(out) || utf8.RuneCountInString(out) != utf8.RuneCountInString(in) {
			t.Fatalf("ToSimplified(%q) = %q: not one valid rune per rune", in, out)
		}
		if valid := strings.ToValidUTF8(in, "\uFFFD"); valid != in && utf8.RuneCountInString(valid) == utf8.RuneCountInString(in) {
			if want, _ := t2s.convert(valid); out != want {
				t.Fatalf("ToSimplified(%q) = %q, but with U+FFFD for its invalid bytes %q", in, out, want)
			}
		}
		if c := t2s.count(in); c != e {
			t.Fatalf("%q: count says %+v, convert %+v", in, c, e)
		}
		// NormalizeUTF8 refuses exactly the texts that are not UTF-8, and
		// normalizes the others as NormalizeText does.
		for i, steps := range []Steps{StepT2S, 0, AllSteps, StepT2S} {
			var buf []byte // the last round brings a buffer holding garbage
			if i == 3 {
				buf = []byte(strings.Repeat("\xff", ConvertRoom(len(in))))[:0]
			}
			text, script, ok := NormalizeUTF8(in, steps, buf)
			if ok != utf8.ValidString(in) {
				t.Fatalf("NormalizeUTF8(%q, %v): ok %v", in, steps, ok)
			}
			if want, wantScript := NormalizeText(in, steps); ok && (text != want || script != wantScript) {
				t.Fatalf("NormalizeUTF8(%q, %v) = %q %v, NormalizeText %q %v", in, steps, text, script, want, wantScript)
			}
		}
		for i := 0; i < len(in) && i < len(out); i++ {
			if in[i] >= utf8.RuneSelf || out[i] >= utf8.RuneSelf {
				break
			}
			if in[i] != out[i] {
				t.Fatalf("ToSimplified(%q) = %q changed ASCII", in, out)
			}
		}
	})
}

// TestToSimplifiedRuns: unchanged stretches are copied and changed runes
// replaced, at every position of the text.
func TestToSimplifiedRuns(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"abc", "abc"},
		{"聯", "联"},
		{"工商聯", "工商联"},
		{"聯工商", "联工商"},
		{"a聯b聯c", "a联b联c"},
		{"工商聯\xff會議", "工商联\uFFFD会议"},
		{"\xe5\xb7", "\uFFFD\uFFFD"},
		{"經濟發展。", "经济发展。"},
	} {
		if got := ToSimplified(tc.in); got != tc.want {
			t.Errorf("ToSimplified(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestHanCountedWhereConverted: the characters t2s changes are Han too, so
// a short text of nothing but traditional characters is judged traditional
// and converted (a table entry once overwrote the Han flag of every
// character with a simplified form, and such a text stayed as it was).
func TestHanCountedWhereConverted(t *testing.T) {
	for _, in := range []string{"業聯經發優", "經濟發展", "臺灣"} {
		r := Normalize(in, StepT2S)
		if r.Script != ScriptTraditional || r.Text == in {
			t.Errorf("Normalize(%q) = %q, script %v: want it converted as traditional", in, r.Text, r.Script)
		}
	}
}
