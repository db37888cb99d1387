package web

import (
	"context"
	"errors"
	"time"
)

// Searcher answers search requests. The server calls it from many
// goroutines at once.
type Searcher interface {
	Search(ctx context.Context, req Request) (*Response, error)
}

// ErrBadQuery marks a Searcher error caused by the request (a malformed
// query, an unknown field): the API answers it with 400 and its message.
var ErrBadQuery = errors.New("bad query")

// Filter restricts results to documents whose Field has Value.
type Filter struct {
	Field, Value string
}

// Request is one search.
type Request struct {
	Query    string    // query language of fednews search; empty matches everything
	Filters  []Filter  // all must hold
	Facets   []string  // fields to count values of
	From, To time.Time // publication date bounds, inclusive; zero means open
	Page     int       // 1-based
	Size     int       // hits per page
	Sort     string    // "" (relevance), "date" or "-date"
}

// Response is one page of results; its JSON form is what fednews search
// --json prints.
type Response struct {
	Total  int                     `json:"total"`
	Hits   []Hit                   `json:"hits"`
	Facets map[string][]FacetValue `json:"facets"`
}

// Hit is one search result: a document, or a duplicate cluster's
// representative with the other members listed.
type Hit struct {
	ID         int64       `json:"id"`
	Title      string      `json:"title"`
	URL        string      `json:"url"`
	Source     string      `json:"source"`
	Published  string      `json:"published"`
	Snippet    string      `json:"snippet"`
	Duplicates []Duplicate `json:"duplicates"`
}

// Duplicate is another member of a hit's duplicate cluster.
type Duplicate struct {
	ID    int64  `json:"id"`
	Title string `json:"title"`
	URL   string `json:"url"`
}

// FacetValue is one value of a facet and how many results have it.
type FacetValue struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}
