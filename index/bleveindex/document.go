package bleveindex

import (
	"slices"
	"strconv"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/index"
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
	// Normalization keeps the length within a few characters (pinyin
	// annotations go), so the capped original yields the indexed prefix.
	return zh.Normalize(capRunes(d.Original, index.MaxIndexedRunes+index.MaxIndexedRunes/10), zh.AllSteps).Text
}

// maxFigureValues bounds the distinct values of one figure kind indexed
// for a document (the figures themselves are all stored and exported).
const maxFigureValues = 1000

// capRunes returns the first max runes of s.
func capRunes(s string, max int) string {
	if len(s) <= max { // bytes ≥ runes: short enough
		return s
	}
	n := 0
	for i := range s {
		if n == max {
			return s[:i]
		}
		n++
	}
	return s
}

// fields builds the bleve document of e.
func fields(e Entry, s schema) map[string]any {
	d := e.Doc
	title := capRunes(zh.Normalize(capRunes(d.Title, index.MaxIndexedRunes), zh.AllSteps).Text, index.MaxIndexedRunes)
	body := capRunes(normBody(d), index.MaxIndexedRunes)
	source := zh.Normalize(d.Source, zh.AllSteps).Text
	m := map[string]any{
		fTitleOrig: capRunes(d.Title, index.MaxIndexedRunes), fURL: d.URL,
	}
	if s.ngrams {
		m[fTitleBi], m[fBodyBi] = title, body
	}
	if s.wordAnalyzer != "" {
		m[fTitleWords] = title
		if s.bodyWords {
			m[fBodyWords] = body
		}
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
	if ents := d.Entities; ents != nil {
		// Found once at ingest (extract.Entities): the place facets hold
		// the place the article is about, the mentioned_ ones every place
		// it names.
		setList(m, fProvince, ents.About.Provinces)
		setList(m, fCity, ents.About.Cities)
		setList(m, fCounty, ents.About.Counties)
		setList(m, fMentionedProvince, ents.Mentioned.Provinces)
		setList(m, fMentionedCity, ents.Mentioned.Cities)
		setList(m, fMentionedCounty, ents.Mentioned.Counties)
		var names, surfaces, kinds []string
		for _, o := range ents.Orgs {
			names = append(names, o.Name)
			if !slices.Contains(surfaces, o.Surface) {
				surfaces = append(surfaces, o.Surface)
			}
			if o.Kind != "" && !slices.Contains(kinds, o.Kind) {
				kinds = append(kinds, o.Kind)
			}
		}
		setList(m, fOrg, names)
		setList(m, fOrgSurface, surfaces)
		setList(m, fOrgKind, kinds)
	}
	var kinds, units, years, topics []string
	values := map[string][]float64{}
	seenKind, seenUnit, seenYear, seenTopic := map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, f := range e.Figures {
		for _, y := range periodYears(f.PeriodStart, f.PeriodEnd) {
			if !seenYear[y] {
				seenYear[y] = true
				years = append(years, y)
			}
		}
		if f.Topic != "" && !seenTopic[f.Topic] {
			seenTopic[f.Topic] = true
			topics = append(topics, f.Topic)
		}
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
			// Each value is one set of numeric terms; a range query needs
			// each distinct value once, and a document whose text repeats
			// a figure 300,000 times needs no more than maxFigureValues.
			if v != nil && len(values[f.Kind]) < maxFigureValues && !slices.Contains(values[f.Kind], *v) {
				values[f.Kind] = append(values[f.Kind], *v)
			}
		}
	}
	setList(m, fKind, kinds)
	setList(m, fUnit, units)
	setList(m, fPeriod, years)
	setList(m, fTopic, topics)
	for _, k := range index.FigureFields {
		if vs := values[k]; len(vs) > 0 {
			m[k] = figureText(vs)
		}
	}
	return m
}

// maxPeriodYears bounds the years one period is indexed under: 近百年 is
// no reason to match every year of a century.
const maxPeriodYears = 30

// periodYears returns the years a figure's period falls in (ISO dates at
// any precision; an open end counts as the other end's year).
func periodYears(start, end string) []string {
	year := func(s string) int {
		if len(s) < 4 {
			return 0
		}
		y, err := strconv.Atoi(s[:4])
		if err != nil {
			return 0
		}
		return y
	}
	from, to := year(start), year(end)
	if from == 0 {
		from = to
	}
	if to == 0 {
		to = from
	}
	if from == 0 || to < from || to-from >= maxPeriodYears {
		return nil
	}
	out := make([]string, 0, to-from+1)
	for y := from; y <= to; y++ {
		out = append(out, strconv.Itoa(y))
	}
	return out
}

func setList(m map[string]any, field string, vs []string) {
	if len(vs) > 0 {
		m[field] = vs
	}
}
