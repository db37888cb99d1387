package main

import (
	"errors"
	"io"
	"os"
	"strings"
	"testing"
)

// An input that never ends (/dev/zero, a pipe) stops at the limit with an
// error that says so, for every command that reads whole inputs.
func TestInputSizeLimit(t *testing.T) {
	endless := io.MultiReader(strings.NewReader("营商环境"), zeros{})
	if _, err := readAllLimited(endless, 1<<20); !errors.Is(err, errInputTooLarge) || !strings.Contains(err.Error(), "over 1 MB") {
		t.Errorf("endless reader: %v", err)
	}
	if b, err := readAllLimited(strings.NewReader("营商环境"), 12); err != nil || string(b) != "营商环境" {
		t.Errorf("input at the limit: %q %v", b, err)
	}
	// A regular file is read at its size: one at the limit whole, one a
	// byte over it refused.
	dir := t.TempDir()
	for _, tt := range []struct {
		text    string
		tooLong bool
	}{{"营商环境", false}, {"营商环境。", true}} {
		path := dir + "/f.txt"
		if err := os.WriteFile(path, []byte(tt.text), 0o644); err != nil {
			t.Fatal(err)
		}
		b, err := readFileLimited(path, nil, 12)
		if tt.tooLong != errors.Is(err, errInputTooLarge) || !tt.tooLong && string(b) != tt.text {
			t.Errorf("file %q with a 12-byte limit: %q %v", tt.text, b, err)
		}
	}
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero here:", err)
	}
	old := maxTextBytes
	maxTextBytes = 1 << 20
	defer func() { maxTextBytes = old }()
	for _, args := range [][]string{{"normalize", "/dev/zero"}, {"segment", "/dev/zero"}, {"extract", "/dev/zero"},
		{"article", "/dev/zero"}, {"search", "--queries", "/dev/zero", "--data", t.TempDir(), "x"}} {
		stdout, stderr, err := runCmd(t, args...)
		if err == nil || !strings.Contains(err.Error()+stdout+stderr, "input too large") {
			t.Errorf("fednews %s: %v %q, want input too large", strings.Join(args, " "), err, stderr)
		}
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}
