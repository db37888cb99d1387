package zh

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"unicode/utf8"

	"github.com/fednews/fednews/internal/shared"
)

// openCC runs the opencc command (t2s.json) on path and returns its output,
// skipping the test when the command is not installed.
func openCC(t testing.TB, path string) []byte {
	t.Helper()
	bin := shared.Tool(t, "apt-get install opencc", "opencc")
	out, err := exec.Command(bin, "-c", "t2s.json", "-i", path).Output()
	if err != nil {
		t.Fatalf("opencc -c t2s.json -i %s: %v", path, err)
	}
	return out
}

func seed(t testing.TB, prefix string) string {
	t.Helper()
	m, _ := filepath.Glob(filepath.Join(shared.Path(t, "corpus/seeds"), prefix+"_*.txt"))
	if len(m) != 1 {
		t.Fatalf("seed %s: found %v", prefix, m)
	}
	return m[0]
}

// TestT2SMatchesOpenCC is the oracle: t2s alone gives OpenCC's bytes on
// traditional texts.
func TestT2SMatchesOpenCC(t *testing.T) {
	peers := shared.Path(t, "peers/sighan2005")
	eachFile(t, []string{
		filepath.Join(peers, "as_test.utf8"),
		filepath.Join(peers, "cityu_test.utf8"),
		seed(t, "002"),
		seed(t, "003"),
	}, func(t *testing.T, path, in string) {
		want := openCC(t, path)
		r := Normalize(in, StepT2S)
		if r.Script != ScriptTraditional {
			t.Errorf("script %s, want traditional", r.Script)
		}
		if got := []byte(r.Text); !bytes.Equal(got, want) {
			i := firstDiff(got, want)
			t.Errorf("differs from opencc at byte %d: %q vs %q", i, around(got, i), around(want, i))
		}
	})
}

// eachFile runs f on each file in a subtest named after it.
func eachFile(t *testing.T, paths []string, f func(t *testing.T, path, text string)) {
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			f(t, path, string(b))
		})
	}
}

// TestSimplifiedUntouchedByT2S: simplified texts pass the full
// normalization with no character changed by t2s (t2s-only output equals
// the input, and the full output equals width+pinyin alone).
func TestSimplifiedUntouchedByT2S(t *testing.T) {
	peers := shared.Path(t, "peers/sighan2005")
	eachFile(t, []string{
		filepath.Join(peers, "pku_test.utf8"),
		filepath.Join(peers, "msr_test.utf8"),
		seed(t, "000"),
		seed(t, "001"),
		seed(t, "004"),
	}, func(t *testing.T, _, in string) {
		full := Normalize(in, AllSteps)
		if full.Script != ScriptSimplified {
			t.Errorf("script %s, want simplified", full.Script)
		}
		if noT2S := Normalize(in, StepWidth|StepPinyin); full.Text != noT2S.Text {
			t.Errorf("t2s changed a character")
		}
		if only := Normalize(in, StepT2S); only.Text != in {
			t.Errorf("t2s alone changed the text")
		}
		checkOrig(t, in, full)
	})
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

func around(b []byte, i int) string {
	lo, hi := max(0, i-30), min(len(b), i+30)
	for lo > 0 && !utf8.RuneStart(b[lo]) {
		lo--
	}
	return string(b[lo:hi])
}
