package extract

import (
	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/index/gazetteer"
	"github.com/fednews/fednews/zh"
)

// EntitiesVersion identifies what Entities finds. Raise it with any change
// of the gazetteer's rules or data that alters the places or
// organizations found in the same text: stores then redo older ones
// (Refresh), and the index and exports follow.
// 1: places about and mentioned, organizations with surface and kind.
// 2: places only where they are words of the text; About reads venues,
// delegations, province-wide and joint stories, a chamber of origin's seat.
const EntitiesVersion = 2

// Entities returns the places and organizations of a document whose body
// normalizes to body: the places its title and body are about
// (gazetteer.About), every place they mention, and the organizations its
// title, body and source name.
func Entities(g *gazetteer.Gazetteer, doc *corpus.Document, body string) *corpus.Entities {
	title := zh.Normalize(doc.Title, zh.AllSteps).Text
	source := zh.Normalize(doc.Source, zh.AllSteps).Text
	about := g.About(title, body)
	mentioned := g.Find(title + "\n" + body)
	e := &corpus.Entities{
		Version:   EntitiesVersion,
		About:     corpus.Places(about),
		Mentioned: corpus.Places(mentioned),
	}
	for _, o := range g.Organizations(title + "\n" + body + "\n" + source) {
		e.Orgs = append(e.Orgs, corpus.Org(o))
	}
	return e
}

// entitiesOf finds doc's entities with the default gazetteer; without one
// (its data failed to load) the document keeps none, and a later Refresh
// finds them.
func entitiesOf(doc *corpus.Document, n zh.Result) *corpus.Entities {
	g, err := gazetteer.Default()
	if err != nil {
		theLexicon() // logs the gazetteer's failure once
		return nil
	}
	return Entities(g, doc, n.Text)
}
