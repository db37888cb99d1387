package zh

import (
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/go-ego/gse"
)

var updateDict = flag.Bool("update-dict", false, "rewrite "+traditionalKeptFile+" from gse's full dictionary")

// dictSegmenter loads the domain dictionary and one of gse's embedded
// dictionaries.
func dictSegmenter(t testing.TB, dict string) *Segmenter {
	t.Helper()
	s := &Segmenter{}
	s.gse.SkipLog, s.gse.NotLoadHMM = true, true
	s.gse.Dict = gse.NewDict()
	s.gse.Init()
	if err := addDictLines(&s.gse, domainDict, "domain dictionary"); err != nil {
		t.Fatal(err)
	}
	if err := s.gse.LoadDictEmbed(dict); err != nil {
		t.Fatal(err)
	}
	return s
}

// t2sUnchanged reports whether t2s leaves word as it is: whether
// simplified text can hold it.
func t2sUnchanged(word string) bool { return ToSimplified(word) == word }

// traditionalKept computes the file's content: the entries gse's full
// dictionary adds to its simplified one whose text t2s leaves unchanged,
// and the frequency of the others.
func traditionalKept(full, simplified *Segmenter) string {
	var lines []string
	// What the full dictionary's total holds beyond the simplified one
	// and the entries kept (taken from the totals, as gse counts them).
	left := full.gse.Dict.TotalFreq() - simplified.gse.Dict.TotalFreq()
	for i := range full.gse.Dict.Tokens {
		tk := &full.gse.Dict.Tokens[i]
		if _, _, ok := simplified.gse.Find(tk.Text()); ok || !t2sUnchanged(tk.Text()) {
			continue
		}
		lines = append(lines, fmt.Sprintf("%s %s %s", tk.Text(), formatFreq(tk.Freq()), tk.Pos()))
		left -= tk.Freq()
	}
	slices.Sort(lines)
	return fmt.Sprintf("%s%s\n%s\n", leftOutHeader, formatFreq(left), strings.Join(lines, "\n"))
}

func formatFreq(f float64) string { return fmt.Sprint(f) }

// TestTraditionalKept checks the embedded file against gse's dictionary
// (rewrite it with -update-dict after upgrading gse) and that the
// segmenter built from it segments simplified text exactly as the full
// dictionary does: the same words and the same total frequency, hence the
// same word costs. (The traditional test sets of TestSegmentationF1 are
// DefaultSegmenter's: text in any script.)
func TestTraditionalKept(t *testing.T) {
	full := defaultSegmenter(t)
	want := traditionalKept(full, dictSegmenter(t, "zh_s"))
	if *updateDict {
		if err := os.WriteFile(traditionalKeptFile, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Skip("rewrote " + traditionalKeptFile)
	}
	if traditionalKeptDict != want {
		t.Fatalf("%s is out of date with gse's dictionary: run go test ./zh -run TestTraditionalKept -update-dict", traditionalKeptFile)
	}
	s, err := newSegmenter(domainDict, false)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := s.gse.Dict.TotalFreq(), full.gse.Dict.TotalFreq(); got != want {
		t.Errorf("total frequency %v, the full dictionary's %v: word costs differ", got, want)
	}
	if n, m := s.gse.Dict.NumTokens(), full.gse.Dict.NumTokens(); n >= m {
		t.Errorf("%d tokens, the full dictionary %d: nothing left out", n, m)
	}
	for _, text := range []string{
		"全国工商联发布2023中国民营企业500强榜单，制造业企业占比超过六成。",
		"市工商联组织会员企业参加消费市场调研，结合实际提出政策措施。",
		"臺商協會與市工商聯簽署合作協議，雙方將在招商引資方面深化合作。",
		"会议要求提升和服务民营企业的水平，工商会议代表发言。",
	} {
		n := Normalize(text, AllSteps).Text
		for _, mode := range []Mode{ModePrecise, ModeSearch} {
			if got, want := words(s.appendTokens(nil, n, mode)), words(full.appendTokens(nil, n, mode)); !slices.Equal(got, want) {
				t.Errorf("%q mode %d: %v, full dictionary %v", n, mode, got, want)
			}
		}
	}
}

// TestNormalizedSharesWhole checks that a process holding the whole
// dictionary does not load a second one for normalized text.
func TestNormalizedSharesWhole(t *testing.T) {
	whole := defaultSegmenter(t)
	s, err := NormalizedSegmenter()
	if err != nil {
		t.Fatal(err)
	}
	if s != whole {
		t.Error("NormalizedSegmenter loaded its own dictionary although DefaultSegmenter's is loaded")
	}
}
