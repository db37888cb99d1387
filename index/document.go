package index

import (
	"strconv"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/index/gazetteer"
	"github.com/fednews/fednews/zh"
)

// Entry is one document with its figures, as the index takes it.
type Entry struct {
	Doc     *corpus.Document
	Figures []corpus.Figure
	// InCluster says the document's duplicate cluster has other members;
	// only then is the cluster indexed (and the hit collapsed).
	InCluster bool
}

// docID is the bleve identifier of a document.
func docID(id int64) string { return strconv.FormatInt(id, 10) }

// normBody returns the normalized body, computing it when the document
// does not carry it.
func normBody(d *corpus.Document) string {
	if d.Normalized != "" || d.Original == "" {
		return d.Normalized
	}
	return zh.Normalize(d.Original, zh.AllSteps).Text
}

// fields builds the bleve document of e.
func fields(e Entry, gaz *gazetteer.Gazetteer, s schema) map[string]any {
	d := e.Doc
	title := zh.Normalize(d.Title, zh.AllSteps).Text
	body := normBody(d)
	source := zh.Normalize(d.Source, zh.AllSteps).Text
	m := map[string]any{
		fTitleWords: title, fBodyWords: body,
		fTitleOrig: d.Title, fBodyOrig: d.Original,
		fURL: d.URL,
	}
	if s.ngrams {
		m[fTitleBi], m[fBodyBi] = title, body
	}
	if source != "" {
		m[fSource] = source
	}
	if d.Script != "" {
		m[fScript] = string(d.Script)
	}
	if !d.Published.IsZero() {
		m[fPublished] = d.Published
		m[fYear] = d.Published.Format("2006")
		m[fMonth] = d.Published.Format("2006-01")
	}
	if e.InCluster && d.Cluster != 0 {
		m[fCluster] = docID(d.Cluster)
	}
	if gaz != nil {
		// The place facets hold the place the article is about, not every
		// place it mentions (see gazetteer.About).
		orgs := gaz.Orgs(title + "\n" + body + "\n" + source)
		places := gaz.About(title, body)
		setList(m, fProvince, places.Provinces)
		setList(m, fCity, places.Cities)
		setList(m, fCounty, places.Counties)
		setList(m, fOrg, orgs)
	}
	var kinds, units []string
	values := map[string][]float64{}
	seenKind, seenUnit := map[string]bool{}, map[string]bool{}
	for _, f := range e.Figures {
		if !seenKind[f.Kind] {
			seenKind[f.Kind] = true
			kinds = append(kinds, f.Kind)
		}
		if f.Unit != "" && !seenUnit[f.Unit] {
			seenUnit[f.Unit] = true
			units = append(units, f.Unit)
		}
		if f.Kind == corpus.KindMoney && f.Unit != "" && f.Unit != "CNY" {
			continue // amounts in other currencies are not comparable
		}
		for _, v := range []*float64{f.Value, f.ValueMax} {
			if v != nil {
				values[f.Kind] = append(values[f.Kind], *v)
			}
		}
	}
	setList(m, fKind, kinds)
	setList(m, fUnit, units)
	for _, k := range figureKinds {
		if vs := values[k]; len(vs) > 0 {
			m[k] = vs
		}
	}
	return m
}

func setList(m map[string]any, field string, vs []string) {
	if len(vs) > 0 {
		m[field] = vs
	}
}
