package export

import (
	"context"
	"fmt"
	"strings"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/index/gazetteer"
	"github.com/fednews/fednews/zh"
)

// GazetteerPlaces returns a PlaceFunc that finds the province, city and
// county a document is about from its title and body with g
// (gazetteer.About), and the organizations its title, body and source
// name, as the index does for its facets. Documents that come without text (from EachFigure) are read from
// src first.
func GazetteerPlaces(src DocumentSource, g *gazetteer.Gazetteer) PlaceFunc {
	return func(ctx context.Context, d *corpus.Document) (Place, error) {
		if d.Original == "" && d.Normalized == "" {
			full, err := src.Get(ctx, d.ID)
			if err != nil {
				return Place{}, fmt.Errorf("read document %d: %w", d.ID, err)
			}
			d = full
		}
		body := d.Normalized
		if body == "" {
			body = zh.Normalize(d.Original, zh.AllSteps).Text
		}
		title := zh.Normalize(d.Title, zh.AllSteps).Text
		p := g.About(title, body)
		orgs := g.Orgs(title + "\n" + body + "\n" + zh.Normalize(d.Source, zh.AllSteps).Text)
		return Place{Province: strings.Join(p.Provinces, ";"), City: strings.Join(p.Cities, ";"),
			County: strings.Join(p.Counties, ";"), Org: strings.Join(orgs, ";")}, nil
	}
}
