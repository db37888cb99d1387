package main

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// TestNoTrafilaturaLinked keeps go-trafilatura and its date parser out of
// the fednews binary: go-dateparser's package init compiles thousands of
// regexes (0.4 s and 78 MB at every start), so go-trafilatura runs in
// cmd/fednews-trafilatura instead (see ingest/trafextract).
func TestNoTrafilaturaLinked(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "github.com/fednews/fednews/cmd/fednews").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 50 || !slices.Contains(deps, "github.com/fednews/fednews/ingest") {
		t.Fatalf("go list -deps listed %d packages, without ingest: not fednews' dependencies", len(deps))
	}
	for _, dep := range deps {
		for _, banned := range []string{"github.com/markusmobius/go-trafilatura", "github.com/markusmobius/go-htmldate",
			"github.com/markusmobius/go-dateparser"} {
			if dep == banned || strings.HasPrefix(dep, banned+"/") {
				t.Errorf("fednews links %s: import it only from cmd/fednews-trafilatura", dep)
			}
		}
	}
}
