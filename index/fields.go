package index

import "github.com/fednews/fednews/corpus"

// Field names of the query language, the facets and the filters: the
// names every backend answers to (its own fields may differ, as bleve's
// n-gram fields do).
const (
	FieldTitle     = "title"
	FieldBody      = "body"
	FieldURL       = "url"
	FieldSource    = "source"
	FieldPublished = "published"
	FieldYear      = "year"
	FieldMonth     = "month"
	FieldScript    = "script"
	FieldCluster   = "cluster" // only documents of clusters with two or more members
	FieldProvince  = "province"
	FieldCity      = "city"
	FieldCounty    = "county"
	FieldOrg       = "org" // canonical name
	// Every place a document names, beside the place it is about above.
	FieldMentionedProvince = "mentioned_province"
	FieldMentionedCity     = "mentioned_city"
	FieldMentionedCounty   = "mentioned_county"
	FieldOrgSurface        = "org_surface" // organizations as written (深圳跨境电商商会)
	FieldOrgKind           = "org_kind"    // organizations without their place (跨境电子商务商会)
	FieldKind              = "kind"
	FieldUnit              = "unit"
	FieldPeriod            = "period" // years the figures' periods fall in
	FieldTopic             = "topic"  // what the money figures and counts measure
)

// KeywordFields can be faceted and filtered on.
var KeywordFields = []string{FieldSource, FieldYear, FieldMonth, FieldScript, FieldCluster, FieldProvince, FieldCity, FieldCounty, FieldOrg, FieldKind, FieldUnit, FieldPeriod, FieldTopic,
	FieldMentionedProvince, FieldMentionedCity, FieldMentionedCounty, FieldOrgSurface, FieldOrgKind}

// FigureFields are the figure kinds searchable by value, each a numeric
// field of the same name (money only in CNY): corpus.IndexedKinds.
var FigureFields = corpus.IndexedKinds()

// IsFacet reports whether a Request may facet on field.
func IsFacet(field string) bool {
	for _, f := range KeywordFields {
		if f == field {
			return true
		}
	}
	return false
}

// MaxIndexedRunes bounds the characters of one text field (title, body)
// that every backend analyzes and keeps in the index. News articles are a few
// thousand characters; a 15 MB one-line "article" analyzed whole took
// gigabytes (rune pairs with positions, segmenter words, stored copy).
// The rest is still in the store and in exports; searches and snippets
// see the first MaxIndexedRunes characters.
const MaxIndexedRunes = 100_000
