package main

import (
	"os"
	"strings"
	"testing"
)

// testdata/go-test.jsonl is `go test -json ./...` of a module written for
// this test: a package that does not build and one with a passing, a
// failing, two skipped tests and subtests.
func TestSummarize(t *testing.T) {
	f, err := os.Open("testdata/go-test.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out strings.Builder
	s, err := summarize(f, &out)
	if err != nil {
		t.Fatal(err)
	}
	const want = "tests: 7 ran, 3 passed, 3 skipped (1 slow; skipped with -short; 2 chromium not installed), 1 failed, 2 packages failed"
	if got := s.line(); got != want {
		t.Errorf("summary\n got %s\nwant %s", got, want)
	}
	if s.ok() {
		t.Error("a stream with failures is ok")
	}
	for _, line := range []string{
		"broken/broken.go:3:12: undefined: undefined\n",
		"FAIL\texample.org/sample/broken [build failed]\n",
		"    sample_test.go:7: got 2, want 1\n--- FAIL: TestFail",
		"FAIL\texample.org/sample/sample\t",
	} {
		if !strings.Contains(out.String(), line) {
			t.Errorf("output lacks %q:\n%s", line, out.String())
		}
	}
	for _, line := range []string{"=== RUN", "a log line that is not shown", "PASS\n", "--- SKIP"} {
		if strings.Contains(out.String(), line) {
			t.Errorf("output has %q, which plain go test does not print:\n%s", line, out.String())
		}
	}
}

func TestSummarizeEmpty(t *testing.T) {
	var out strings.Builder
	s, err := summarize(strings.NewReader("go: cannot find main module\n"), &out)
	if err != nil {
		t.Fatal(err)
	}
	if s.ok() || out.String() != "go: cannot find main module\n" {
		t.Errorf("no events: ok %v, output %q", s.ok(), out.String())
	}
}

func TestSkipReason(t *testing.T) {
	for _, tc := range []struct {
		out  []string
		want string
	}{
		{[]string{"=== RUN   TestX\n", "    x_test.go:12: needs chromium\n", "--- SKIP: TestX (0.00s)\n"}, "needs chromium"},
		{[]string{"=== RUN   TestX\n", "--- SKIP: TestX (0.00s)\n"}, "no reason given"},
		{[]string{"    --- SKIP: TestX/a (0.00s)\n", "        x_test.go:3: no font\n"}, "no font"},
	} {
		if got := skipReason(tc.out); got != tc.want {
			t.Errorf("skipReason(%q) = %q, want %q", tc.out, got, tc.want)
		}
	}
}
