// Command testsummary reads `go test -json` on stdin, prints what a plain
// `go test` would have printed (the "ok"/"FAIL" line of each package and
// the output of failed tests, which CI reads), and ends with one line
// counting the tests that ran, passed, were skipped (with the reasons) and
// failed. It exits 1 when a test or package failed, or when the stream held
// no test event at all (go test could not start).
//
//	go test -json ./... 2>&1 | go run ./internal/testsummary
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strings"
)

func main() {
	s, err := summarize(os.Stdin, os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "testsummary:", err)
		os.Exit(1)
	}
	fmt.Println(s.line())
	if !s.ok() {
		os.Exit(1)
	}
}

// event is one line of `go test -json` (cmd/test2json).
type event struct {
	Action  string
	Package string
	Test    string
	Output  string
}

// summary counts the test events of one stream.
type summary struct {
	events, passed, failed, failedPkgs int
	skipped                            map[string]int // reason → tests
}

func (s *summary) ok() bool { return s.events > 0 && s.failed == 0 && s.failedPkgs == 0 }

// line is the one-line summary: "tests: 812 ran, 805 passed, 2 skipped
// (1 loads two gse dictionaries; 1 …), 0 failed".
func (s *summary) line() string {
	skipped := 0
	var reasons []string
	for r, n := range s.skipped {
		skipped += n
		reasons = append(reasons, fmt.Sprintf("%d %s", n, r))
	}
	slices.Sort(reasons)
	why := ""
	if len(reasons) > 0 {
		why = " (" + strings.Join(reasons, "; ") + ")"
	}
	pkgs := ""
	if s.failedPkgs > 0 {
		pkgs = fmt.Sprintf(", %d packages failed", s.failedPkgs)
	}
	return fmt.Sprintf("tests: %d ran, %d passed, %d skipped%s, %d failed%s",
		s.passed+s.failed+skipped, s.passed, skipped, why, s.failed, pkgs)
}

// location is the "file_test.go:12: " that t.Log and t.Skip put first.
var location = regexp.MustCompile(`^\s*[\w.-]+\.go:\d+: `)

// summarize copies to w what plain go test would print and counts the
// events. Lines that are not JSON (a build error on stderr) are copied.
func summarize(r io.Reader, w io.Writer) (*summary, error) {
	s := &summary{skipped: map[string]int{}}
	type key struct{ pkg, test string }
	out := map[key][]string{} // output of tests still running
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		line := sc.Bytes()
		var e event
		if len(line) == 0 || line[0] != '{' || json.Unmarshal(line, &e) != nil {
			fmt.Fprintf(w, "%s\n", line)
			continue
		}
		k := key{e.Package, e.Test}
		switch {
		case e.Action == "output" && e.Test == "":
			if e.Output != "PASS\n" {
				fmt.Fprint(w, e.Output)
			}
		case e.Action == "build-output":
			fmt.Fprint(w, e.Output)
		case e.Action == "output":
			out[k] = append(out[k], e.Output)
		case e.Action == "pass" && e.Test != "":
			s.events++
			s.passed++
			delete(out, k)
		case e.Action == "skip" && e.Test != "":
			s.events++
			s.skipped[skipReason(out[k])]++
			delete(out, k)
		case e.Action == "fail" && e.Test != "":
			s.events++
			s.failed++
			for _, o := range out[k] {
				if !strings.HasPrefix(o, "=== ") {
					fmt.Fprint(w, o)
				}
			}
			delete(out, k)
		case e.Action == "fail": // a package: its tests failed, or it did not build
			s.events++
			s.failedPkgs++
		case e.Action == "pass" || e.Action == "skip": // a package, or one with no tests
			s.events++
		}
	}
	return s, sc.Err()
}

// skipReason is the message a skipped test gave, without its file:line.
func skipReason(output []string) string {
	for _, o := range output {
		if strings.HasPrefix(o, "=== ") || strings.HasPrefix(strings.TrimSpace(o), "--- ") {
			continue
		}
		if loc := location.FindString(o); loc != "" {
			return strings.TrimSpace(o[len(loc):])
		}
	}
	return "no reason given"
}
