package bleveindex

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/search"

	"github.com/fednews/fednews/index"
	"github.com/fednews/fednews/index/indextest"
)

// failingTexts is a store that cannot be read.
type failingTexts struct{ err error }

func (f failingTexts) Originals(context.Context, []int64) (map[int64]string, error) {
	return nil, f.err
}

// TestWithBodies: a hit of an older index keeps the body it stored, the
// others get the store's, capped as the index caps what it indexes; a
// document the store no longer holds gets none, and a store that fails
// fails the search with its error.
func TestWithBodies(t *testing.T) {
	long := strings.Repeat("商", index.MaxIndexedRunes+5)
	ix := &Index{}
	ix.UseTexts(indextest.Texts{2: "来自存储的正文", 3: long, 9: "未命中"})
	ms := []*search.DocumentMatch{
		{ID: "1", Fields: map[string]any{fBodyOrig: "索引里存的正文"}},
		{ID: "2", Fields: map[string]any{fTitleOrig: "标题"}},
		{ID: "3"},
		{ID: "4", Fields: map[string]any{}},
	}
	if err := ix.withBodies(context.Background(), ms); err != nil {
		t.Fatal(err)
	}
	want := []any{"索引里存的正文", "来自存储的正文", capRunes(long, index.MaxIndexedRunes), nil}
	for i, m := range ms {
		if got := m.Fields[fBodyOrig]; got != want[i] {
			t.Errorf("hit %s: body %.20v, want %.20v", m.ID, got, want[i])
		}
	}
	if ms[1].Fields[fTitleOrig] != "标题" {
		t.Errorf("hit 2 lost its title: %v", ms[1].Fields)
	}
	broken := errors.New("disk gone")
	ix.UseTexts(failingTexts{broken})
	if err := ix.withBodies(context.Background(), []*search.DocumentMatch{{ID: "5"}}); !errors.Is(err, broken) {
		t.Errorf("a failing store: %v, want its error", err)
	}
}
