// Package shared finds the team's shared data directory (seed articles and
// peers' test suites), which lives beside the repository and is never copied
// into it.
package shared

import (
	"os"
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
		tb.Skipf("shared data directory not found (set FEDNEWS_SHARED or place shared/ beside the repository); needed: %s", rel)
	}
	p := filepath.Join(d, rel)
	if _, err := os.Stat(p); err != nil {
		tb.Skipf("shared data %s is absent: %v", p, err)
	}
	return p
}
