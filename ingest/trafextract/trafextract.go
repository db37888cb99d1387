// Package trafextract registers go-trafilatura as ExtractArticle's second
// extractor (see ingest.RegisterSecondExtractor). Import it for its side
// effect in programs that extract articles:
//
//	import _ "github.com/fednews/fednews/ingest/trafextract"
//
// go-trafilatura itself runs in a helper program, cmd/fednews-trafilatura,
// which this package starts on the first page and talks to over pipes
// (see Pool). It runs apart for two reasons: its date parser compiles
// thousands of locale regexes at package init (0.4 s and 78 MB in every
// process that links it, whether it extracts or not), and a hostile page
// that makes it hang or balloon costs a restart of the helper, not the
// import.
package trafextract

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/fednews/fednews/ingest"
)

// HelperName is the helper program's file name.
const HelperName = "fednews-trafilatura"

// HelperEnv names the environment variable that gives the helper's path.
const HelperEnv = "FEDNEWS_TRAFILATURA"

// ErrNoHelper is returned (wrapped, saying where it looked) when the helper
// program is not found.
var ErrNoHelper = errors.New(HelperName + " not found")

// pool is the registered extractor's pool.
var pool = New(Options{})

func init() { ingest.RegisterSecondExtractor(pool.Extract) }

// Close stops the registered extractor's helpers; a later page starts
// one again.
func Close() { pool.Close() }

// CloseWhenDone stops the registered extractor's helpers when ctx ends.
func CloseWhenDone(ctx context.Context) { context.AfterFunc(ctx, Close) }

// Locate finds the helper program: $FEDNEWS_TRAFILATURA, else beside the
// running program (make build puts both in bin/), else on PATH.
func Locate() (string, error) {
	if p := os.Getenv(HelperEnv); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("%w at $%s=%s: %w (build it with make build, or fix the variable)", ErrNoHelper, HelperEnv, p, err)
		}
		return p, nil
	}
	var beside string
	if exe, err := os.Executable(); err == nil {
		beside = filepath.Join(filepath.Dir(exe), HelperName)
		if _, err := os.Stat(beside); err == nil {
			return beside, nil
		}
	}
	if p, err := exec.LookPath(HelperName); err == nil {
		return p, nil
	}
	return "", fmt.Errorf("%w: not in $%s, not at %s, not on PATH; go-trafilatura, the second article extractor, runs in it: "+
		"build it with make build (bin/%s beside bin/fednews) or go build -o DIR ./cmd/%s, or set $%s to its path",
		ErrNoHelper, HelperEnv, beside, HelperName, HelperName, HelperEnv)
}
