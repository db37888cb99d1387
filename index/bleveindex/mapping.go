package bleveindex

import (
	"github.com/blevesearch/bleve/v2"
	keywordAnalyzer "github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/fednews/fednews/index"
)

// Field names in the bleve index: the query language's (package index)
// and the analyzed and stored twins of the text fields.
const (
	fTitleWords        = index.FieldTitle // zh search-mode words: relevance
	fBodyWords         = index.FieldBody  // zh search-mode words: only in the baselines' schemas
	fTitleBi           = "title_b"        // rune pairs with positions: exact phrases; prefixes: single runes
	fBodyBi            = "body_b"
	fTitleOrig         = "otitle" // stored original title, for display and snippets
	fBodyOrig          = "obody"  // the original body: stored by indexes of format 3 and before, else read from the store (bodies.go)
	fURL               = index.FieldURL
	fSource            = index.FieldSource
	fPublished         = index.FieldPublished
	fYear              = index.FieldYear
	fMonth             = index.FieldMonth
	fScript            = index.FieldScript
	fCluster           = index.FieldCluster
	fProvince          = index.FieldProvince
	fCity              = index.FieldCity
	fCounty            = index.FieldCounty
	fOrg               = index.FieldOrg
	fMentionedProvince = index.FieldMentionedProvince
	fMentionedCity     = index.FieldMentionedCity
	fMentionedCounty   = index.FieldMentionedCounty
	fOrgSurface        = index.FieldOrgSurface
	fOrgKind           = index.FieldOrgKind
	fKind              = index.FieldKind
	fUnit              = index.FieldUnit
	fPeriod            = index.FieldPeriod
	fTopic             = index.FieldTopic
)

// storedKeywords are returned with each hit.
var storedKeywords = map[string]bool{fSource: true, fURL: true, fCluster: true, fProvince: true, fCity: true, fCounty: true, fOrg: true, fScript: true, fMentionedProvince: true, fMentionedCity: true, fMentionedCounty: true}

// schema says which text fields an index holds: the fednews index, or the
// baselines the tests and benchmarks compare it with.
type schema struct {
	wordAnalyzer  string // analyzer of the word fields; "": none
	wordPositions bool   // keep positions in the word fields (phrase queries on them)
	bodyWords     bool   // a word field on the body too, not only on the title
	ngrams        bool   // the bigram fields of exact phrases
}

// FormatVersion identifies the fields and mapping fednews writes into an
// index (what `fednews version` reports). Raise it with any change that
// needs `fednews index --rebuild`.
const FormatVersion = 6 // 2: mentioned_province, mentioned_city, mentioned_county, org_surface, org_kind; 3: no body word field; 4: no stored body (bodies.go); 5: figure values at six shifts (figureterms.go), no doc values on keywords; 6: a term's positions in one bigram location (packedpos.go)

// fednewsSchema is the schema of every index fednews builds. Words are
// indexed on the title only: they raise a title where the phrase is a
// whole word (ranking), and on the body they cost most of the analysis
// time for no measurable gain (BENCHMARKS.md, sessions 7 and 10).
var fednewsSchema = schema{wordAnalyzer: AnalyzerZhSearch, ngrams: true}

// newMapping describes the documents: data, not code, as bleve stores it
// with the index.
func newMapping(s schema) *mapping.IndexMappingImpl {
	m := bleve.NewIndexMapping()
	m.DefaultAnalyzer = keywordAnalyzer.Name
	doc := bleve.NewDocumentStaticMapping()

	// text is an analyzed, unstored field; positions only where phrases need them.
	text := func(analyzer string, positions bool) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = analyzer
		f.Store = false
		f.IncludeTermVectors = positions
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	if s.wordAnalyzer != "" {
		doc.AddFieldMappingsAt(fTitleWords, text(s.wordAnalyzer, s.wordPositions))
		if s.bodyWords {
			doc.AddFieldMappingsAt(fBodyWords, text(s.wordAnalyzer, s.wordPositions))
		}
	}
	if s.ngrams {
		doc.AddFieldMappingsAt(fTitleBi, text(AnalyzerBigramPacked, true))
		doc.AddFieldMappingsAt(fBodyBi, text(AnalyzerBigramPacked, true))
	}

	// stored holds the original text for display, not searched.
	stored := func() *mapping.FieldMapping {
		f := text(keywordAnalyzer.Name, false)
		f.Index = false
		f.Store = true
		return f
	}
	doc.AddFieldMappingsAt(fTitleOrig, stored())

	for _, name := range append([]string{fURL}, index.KeywordFields...) {
		f := bleve.NewKeywordFieldMapping()
		f.Store = storedKeywords[name]
		f.IncludeTermVectors = false
		f.IncludeInAll = false
		f.DocValues = false // facets and collapsing read columns built from the postings (facets.go)
		doc.AddFieldMappingsAt(name, f)
	}
	date := bleve.NewDateTimeFieldMapping()
	date.Store = true
	date.IncludeInAll = false
	doc.AddFieldMappingsAt(fPublished, date)
	// Figure values are searched by range only (their terms, figureterms.go),
	// never returned: the store keeps the figures.
	for _, k := range index.FigureFields {
		doc.AddFieldMappingsAt(k, text(AnalyzerFigure, false))
	}
	m.DefaultMapping = doc
	m.StoreDynamic = false
	m.IndexDynamic = false
	m.DocValuesDynamic = false
	return m
}
