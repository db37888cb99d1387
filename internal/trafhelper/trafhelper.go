// Package trafhelper builds cmd/fednews-trafilatura for the tests of
// packages that extract articles with go-trafilatura (which runs in that
// helper, see ingest/trafextract), once per test binary:
//
//	func TestMain(m *testing.M) { os.Exit(trafhelper.Main(m)) }
package trafhelper

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/fednews/fednews/ingest/trafextract"
)

// Main builds the helper into a temporary directory, points
// $FEDNEWS_TRAFILATURA at it (child processes of the tests inherit it),
// runs the tests and removes the directory. A build that fails fails the
// whole test binary with the compiler's output.
func Main(m *testing.M) int {
	dir, err := os.MkdirTemp("", "fednews-trafilatura-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "trafhelper:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	bin, err := Build(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "trafhelper:", err)
		return 1
	}
	os.Setenv(trafextract.HelperEnv, bin)
	return m.Run()
}

// Build compiles cmd/fednews-trafilatura into dir and returns its path,
// with the go command on PATH (go test puts its own first).
func Build(dir string) (string, error) {
	bin := filepath.Join(dir, trafextract.HelperName)
	cmd := exec.Command("go", "build", "-o", bin, "github.com/fednews/fednews/cmd/"+trafextract.HelperName)
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build %s: %w\n%s", trafextract.HelperName, err, out)
	}
	return bin, nil
}
