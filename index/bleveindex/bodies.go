package bleveindex

import (
	"context"
	"fmt"
	"strconv"

	"github.com/blevesearch/bleve/v2/search"

	"github.com/fednews/fednews/index"
)

// An index of format 4 keeps no copy of the bodies: snippets and body
// matches are made from the store's text (index.Texts), read for the hits
// shown only. The copy was a tenth of the index (BENCHMARKS.md, session
// 14). A hit of an older index still has its stored body.

// UseTexts sets where hits read the original bodies the index does not
// store (what index.Options.Texts sets through the Driver).
func (ix *Index) UseTexts(t index.Texts) { ix.texts = t }

// withBodies gives each of ms that has no stored body the store's, capped
// as the index caps what it indexes. Without a text source those hits
// keep none: their snippets are empty.
func (ix *Index) withBodies(ctx context.Context, ms []*search.DocumentMatch) error {
	if ix.texts == nil {
		return nil
	}
	missing := func(m *search.DocumentMatch) (int64, bool) {
		if m.Fields == nil {
			m.Fields = map[string]any{}
		}
		if _, ok := m.Fields[fBodyOrig]; ok {
			return 0, false
		}
		id, err := strconv.ParseInt(m.ID, 10, 64)
		return id, err == nil
	}
	var ids []int64
	for _, m := range ms {
		if id, ok := missing(m); ok {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	texts, err := ix.texts.Originals(ctx, ids)
	if err != nil {
		return fmt.Errorf("search: the texts of %d hits from the store: %w", len(ids), err)
	}
	for _, m := range ms {
		if id, ok := missing(m); ok {
			if t, ok := texts[id]; ok {
				m.Fields[fBodyOrig] = capRunes(t, index.MaxIndexedRunes)
			}
		}
	}
	return nil
}
