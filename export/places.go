package export

import (
	"context"
	"fmt"
	"strings"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/index/gazetteer"
	"github.com/fednews/fednews/zh"
)

// GazetteerPlaces returns a PlaceFunc that finds the province and county a
// document is about from its title and body with g (gazetteer.About), as
// the index does for its facets. Documents that come without text (from EachFigure) are read from
// src first.
func GazetteerPlaces(src DocumentSource, g *gazetteer.Gazetteer) PlaceFunc {
	return func(ctx context.Context, d *corpus.Document) (string, string, error) {
		if d.Original == "" && d.Normalized == "" {
			full, err := src.Get(ctx, d.ID)
			if err != nil {
				return "", "", fmt.Errorf("read document %d: %w", d.ID, err)
			}
			d = full
		}
		body := d.Normalized
		if body == "" {
			body = zh.Normalize(d.Original, zh.AllSteps).Text
		}
		p := g.About(zh.Normalize(d.Title, zh.AllSteps).Text, body)
		return strings.Join(p.Provinces, ";"), strings.Join(p.Counties, ";"), nil
	}
}
