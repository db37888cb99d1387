package extracteval

import (
	"os"
	"testing"

	"github.com/fednews/fednews/internal/trafhelper"
)

// go-trafilatura, half of the combination under test, runs in its helper
// program (see ingest/trafextract), built here once.
func TestMain(m *testing.M) { os.Exit(trafhelper.Main(m)) }
