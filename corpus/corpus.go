// Package corpus holds the documents and the figures found in them, and the
// Store that keeps both: the single source of truth from which the search
// index is rebuilt.
package corpus

import (
	"time"

	"github.com/fednews/fednews/zh"
)

// Document is one article. Original is never modified; Normalized is
// zh.Normalize(Original, zh.AllSteps).Text, and the offset map is recomputed
// from Original when it is needed rather than stored.
type Document struct {
	ID           int64     `json:"id"`
	URL          string    `json:"url"`
	CanonicalURL string    `json:"canonical_url"`
	Source       string    `json:"source"` // publisher as the page names it (来源：…), else the site
	Title        string    `json:"title"`  // original script
	Author       string    `json:"author"`
	Published    time.Time `json:"published"` // zero when unknown
	FetchedAt    time.Time `json:"fetched_at"`
	Charset      string    `json:"charset"`
	Script       zh.Script `json:"script"`
	Original     string    `json:"original"`   // body text as published, paragraphs separated by "\n"
	Normalized   string    `json:"normalized"` // body after zh.Normalize
	ContentHash  string    `json:"content_hash"`
	Cluster      int64     `json:"cluster"` // duplicate cluster (story): the ID of the copy that stands for it
	Seq          int64     `json:"seq"`     // store change sequence of the last write, for incremental indexing
	// Extractor is the version of the figure extractor that wrote the
	// document's figures (extract.Version); 0 for figures written before
	// versions were recorded.
	Extractor int `json:"extractor"`
	// Entities are its places and organizations; nil when they were never
	// found (stored before they were, until `fednews reextract`).
	Entities *Entities `json:"entities,omitempty"`
}

// StandsForStory reports whether d is the copy that stands for its story:
// the one a count of stories counts and a collapsed export lists.
func (d *Document) StandsForStory() bool { return d.Cluster == 0 || d.Cluster == d.ID }

// Figure is one number the text states, as a record analysts can sum,
// filter and chart. Start and End are rune offsets into the document's
// original text (End exclusive); Text is exactly that slice.
type Figure struct {
	Kind      string   `json:"kind"` // money, count, quantity, percent, duration, date
	Text      string   `json:"text"`
	Start     int      `json:"start"`
	End       int      `json:"end"`
	Value     *float64 `json:"value"`
	ValueMax  *float64 `json:"value_max"`
	Unit      string   `json:"unit"`
	Qualifier string   `json:"qualifier"` // exact, approx, over, under, at_least, at_most
	Date      string   `json:"date"`
	DateEnd   string   `json:"date_end"`
	Subject   string   `json:"subject"`
	Sentence  string   `json:"sentence"`
	// PeriodStart and PeriodEnd bound the time the figure describes (ISO
	// at the stated precision, like Date; "" when open or not stated):
	// 截至2016年12月 gives only an end, 2022年以来 a start and the
	// publication date.
	PeriodStart string `json:"period_start"`
	PeriodEnd   string `json:"period_end"`
	// Topic is what a money figure or a count measures (donation,
	// investment, revenue …; "" for other kinds): see extract's topics.
	Topic string `json:"topic"`
}

// Figure kinds.
const (
	KindMoney    = "money"
	KindCount    = "count"
	KindQuantity = "quantity"
	KindPercent  = "percent"
	KindDuration = "duration"
	KindDate     = "date"
)
