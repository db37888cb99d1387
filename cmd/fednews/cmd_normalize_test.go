package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/traditionalchinese"

	"github.com/fednews/fednews/internal/shared"
)

// runWithInput runs fednews with args and stdin, returning its output.
func runWithInput(t *testing.T, stdin string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	root := newRoot()
	var out, errb bytes.Buffer
	root.SetIn(strings.NewReader(stdin))
	root.SetOut(&out)
	root.SetErr(&errb)
	root.SetArgs(args)
	err = root.ExecuteContext(context.Background())
	return out.String(), errb.String(), err
}

func writeInput(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestNormalizeT2SMatchesOpenCC is the oracle for the command: its t2s
// output is byte-identical to opencc's on the traditional test sets and
// seeds.
func TestNormalizeT2SMatchesOpenCC(t *testing.T) {
	bin := shared.Tool(t, "apt-get install opencc", "opencc")
	peers := shared.Path(t, "peers/sighan2005")
	seeds, _ := filepath.Glob(filepath.Join(shared.Path(t, "corpus/seeds"), "00[23]_*.txt"))
	if len(seeds) != 2 {
		t.Fatalf("traditional seeds: %v", seeds)
	}
	for _, path := range append([]string{filepath.Join(peers, "as_test.utf8"), filepath.Join(peers, "cityu_test.utf8")}, seeds...) {
		want, err := exec.Command(bin, "-c", "t2s.json", "-i", path).Output()
		if err != nil {
			t.Fatalf("opencc on %s: %v", path, err)
		}
		got, _, err := runWithInput(t, "", "normalize", "--steps=t2s", path)
		if err != nil {
			t.Fatal(err)
		}
		if got != string(want) {
			t.Errorf("%s: fednews normalize --steps=t2s differs from opencc -c t2s.json", filepath.Base(path))
		}
	}
}

func TestNormalizeCommand(t *testing.T) {
	big5, err := traditionalchinese.Big5.NewEncoder().String("全國工商聯（合肥）會議")
	if err != nil {
		t.Fatal(err)
	}
	big5File := writeInput(t, "big5.txt", []byte(big5))
	// Past the 64 KB head that samples the script: converted as counted,
	// then found not UTF-8.
	longBig5 := writeInput(t, "long-big5.txt", []byte(strings.Repeat(big5+"\n", 4000)))
	// Past largeBufferMin: converted into a buffer of the command's own.
	bigTraditional := writeInput(t, "big.txt", []byte(strings.Repeat("全國工商聯（合肥）會議\n", 5<<20/32)))
	tests := []cmdCase{
		{"5 MB traditional file, t2s only", "", []string{"normalize", "--steps=t2s", bigTraditional},
			strings.Repeat("全国工商联（合肥）会议\n", 5<<20/32), nil},
		{"stdin, all steps", "安徽省工商聯(lián)經(jīng)濟發(fā)優(yōu)環(huán)１８００萬元", []string{"normalize"},
			"安徽省工商联经济发优环1800万元", nil},
		{"t2s only keeps width and pinyin", "工商聯(lián)（合肥）", []string{"normalize", "--steps=t2s"},
			"工商联(lián)（合肥）", nil},
		{"width only", "１８００萬元", []string{"normalize", "--steps", "width"}, "1800萬元", nil},
		{"Big5 file", "", []string{"normalize", big5File}, "全国工商联(合肥)会议", nil},
		{"Big5 file, t2s only", "", []string{"normalize", "--steps=t2s", big5File}, "全国工商联（合肥）会议", nil},
		{"Big5 stdin, t2s only", big5, []string{"normalize", "--steps=t2s"}, "全国工商联（合肥）会议", nil},
		{"long Big5 file, t2s only", "", []string{"normalize", "--steps=t2s", longBig5},
			strings.Repeat("全国工商联（合肥）会议\n", 4000), nil},
		{"empty stdin", "", []string{"normalize"}, "", nil},
		{"binary file is skipped", "", []string{"normalize", writeInput(t, "bin.dat", []byte("\xff\x00\xfe")), big5File},
			"全国工商联(合肥)会议", errSomeFailed},
		{"missing file is skipped", "", []string{"normalize", filepath.Join(t.TempDir(), "none.txt"), big5File},
			"全国工商联(合肥)会议", errSomeFailed},
	}
	runCmdCases(t, tests)
	if _, _, err := runWithInput(t, "", "normalize", "--steps=nfkc"); err == nil || !strings.Contains(err.Error(), "nfkc") {
		t.Errorf("--steps=nfkc: err = %v", err)
	}
}

func TestNormalizeJSON(t *testing.T) {
	out, _, err := runWithInput(t, "業(yè)聯(lián)經(jīng)發(fā)優(yōu)", "normalize", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		File, Text, Script string
		Orig               [][2]int32
	}
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	want := [][2]int32{{0, 1}, {5, 6}, {12, 13}, {19, 20}, {24, 25}}
	if v.File != "-" || v.Text != "业联经发优" || v.Script != "traditional" || len(v.Orig) != len(want) {
		t.Fatalf("got %+v", v)
	}
	for i := range want {
		if v.Orig[i] != want[i] {
			t.Errorf("orig[%d] = %v, want %v", i, v.Orig[i], want[i])
		}
	}
}

// TestNormalizeLongLine: a 50 MB single line through the command.
func TestNormalizeCommandLongLine(t *testing.T) {
	unit := "全國工商聯會議，１８００萬元。"
	n := (50<<20 + len(unit) - 1) / len(unit)
	p := writeInput(t, "long.txt", []byte(strings.Repeat(unit, n)))
	got, _, err := runWithInput(t, "", "normalize", p)
	if err != nil {
		t.Fatal(err)
	}
	if want := strings.Repeat("全国工商联会议,1800万元。", n); got != want {
		t.Errorf("wrong output: %d bytes, want %d", len(got), len(want))
	}
}

// cmdCase is one run of a command with standard input and arguments, and
// the output and error it must give.
type cmdCase struct {
	name, stdin string
	args        []string
	want        string
	wantErr     error
}

func runCmdCases(t *testing.T, tests []cmdCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _, err := runWithInput(t, tt.stdin, tt.args...)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("output %q, want %q", got, tt.want)
			}
		})
	}
}
