// Package shared finds the team's shared data directory (seed articles and
// peers' test suites), which lives beside the repository and is never copied
// into it.
package shared

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// Dir returns the shared directory: $FEDNEWS_SHARED, else the first
// "shared" directory holding DESIGN.md found beside the working directory or
// one of its parents. It returns "" when there is none.
func Dir() string {
	if d := os.Getenv("FEDNEWS_SHARED"); d != "" {
		return d
	}
	wd, err := os.Getwd()
	if err != nil {
		return ""
	}
	for d := wd; ; d = filepath.Dir(d) {
		c := filepath.Join(filepath.Dir(d), "shared")
		if _, err := os.Stat(filepath.Join(c, "DESIGN.md")); err == nil {
			return c
		}
		if filepath.Dir(d) == d {
			return ""
		}
	}
}

// Path returns the path of rel inside the shared directory, or skips the
// test with a message naming what is missing.
func Path(tb testing.TB, rel string) string {
	tb.Helper()
	d := Dir()
	if d == "" {
		Missing(tb, "shared data directory not found (set FEDNEWS_SHARED or place shared/ beside the repository); needed: "+rel)
	}
	p := filepath.Join(d, rel)
	if _, err := os.Stat(p); err != nil {
		Missing(tb, "shared data "+p+" is absent: "+err.Error())
	}
	return p
}

// Tool returns the path of an external command a test compares against
// (opencc, chromium), or reports it missing; install says how to get it.
func Tool(tb testing.TB, install string, names ...string) string {
	tb.Helper()
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	Missing(tb, "the test needs `"+names[0]+"` ("+install+"; .ci/run installs it)")
	return ""
}

// Missing skips the test with msg, except in CI ($CI set), where .ci/run
// installs every tool and the shared directory is always present: there a
// missing one fails the test, so a skip is never reported as a pass.
func Missing(tb testing.TB, msg string) {
	tb.Helper()
	if os.Getenv("CI") != "" {
		tb.Fatal("CI: " + msg)
	}
	tb.Skip(msg)
}
