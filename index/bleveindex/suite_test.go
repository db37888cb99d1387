package bleveindex

import (
	"testing"

	"github.com/fednews/fednews/index"
	"github.com/fednews/fednews/index/indextest"
)

// TestBackendSuite: the bleve adapter passes the suite every backend does.
func TestBackendSuite(t *testing.T) {
	indextest.Run(t, func(t *testing.T, texts index.Texts) index.Backend {
		b, err := Driver{}.Open(t.TempDir(), index.Options{Texts: texts})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { b.Close() })
		return b
	})
}
