package research

import (
	"github.com/fednews/fednews/zh"
	"testing"
	"time"

	"github.com/fednews/fednews/research/researchtest"
)

// article and fixture are researchtest's, by shorter names.
type article = researchtest.Article

var fixture = researchtest.Fixture

// newEngine stores and indexes arts and returns an Engine over them.
func newEngine(t *testing.T, arts []article) *Engine {
	t.Helper()
	st, ix := researchtest.New(t, t.TempDir(), arts)
	return New(ix, st)
}

func mustDay(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.ParseInLocation(time.DateOnly, s, zh.China)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
