package corpus

import (
	"encoding/json"
	"fmt"
)

// Entities are the places and organizations a document names, found once
// when it is stored (extract.Entities) and read by the index and exports,
// so that both show the same values and neither recomputes them.
type Entities struct {
	// Version is the version of the entity rules that found them
	// (extract.EntitiesVersion); stores redo older ones like figures.
	Version int `json:"version"`
	// About is the one province, city and county the document is about.
	About Places `json:"about"`
	// Mentioned is every place the document names, first mention first.
	Mentioned Places `json:"mentioned"`
	// Orgs are the organizations it names, once per canonical name.
	Orgs []Org `json:"orgs,omitempty"`
}

// Places lists divisions by full name, first mention first.
type Places struct {
	Provinces []string `json:"provinces,omitempty"`
	Cities    []string `json:"cities,omitempty"`
	Counties  []string `json:"counties,omitempty"`
}

// Org is an organization as a document names it.
type Org struct {
	Name    string `json:"name"`           // canonical: 深圳市跨境电子商务商会
	Surface string `json:"surface"`        // as first written: 深圳跨境电商商会
	Kind    string `json:"kind,omitempty"` // without the place: 跨境电子商务商会
}

// entityVersion is the version of e, 0 for none.
func entityVersion(e *Entities) int {
	if e == nil {
		return 0
	}
	return e.Version
}

// encodeEntities is the stored form of e: JSON, "" for none (SQLite's
// json_each reads it in SQL). Entities holds only strings, slices and an
// int, which json.Marshal always encodes (invalid UTF-8 becomes U+FFFD),
// so there is no error to return.
func encodeEntities(e *Entities) string {
	if e == nil {
		return ""
	}
	b, _ := json.Marshal(e)
	return string(b)
}

// decodeEntities reads the stored form; "" gives nil.
func decodeEntities(s string, version int) (*Entities, error) {
	if s == "" {
		return nil, nil
	}
	var e Entities
	if err := json.Unmarshal([]byte(s), &e); err != nil {
		return nil, fmt.Errorf("stored entities: %w (run `fednews reextract` after removing them, or re-import the document)", err)
	}
	e.Version = version
	return &e, nil
}
