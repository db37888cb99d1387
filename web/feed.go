package web

import (
	"context"
	"encoding/xml"
	"net/http"
	"strconv"

	"github.com/fednews/fednews/corpus"
)

// WatchSource looks saved searches up by name; *corpus.Store is one.
type WatchSource interface {
	Watch(ctx context.Context, name string) (corpus.Watch, error)
}

// noDate is the Atom date (required) of an undated story.
const noDate = "1970-01-01T00:00:00Z"

// feedSize is the number of newest stories an Atom feed carries.
const feedSize = 20

// atomFeed is an Atom 1.0 (RFC 4287) feed of a query's newest stories.
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomEntry struct {
	Title   string     `xml:"title"`
	ID      string     `xml:"id"`
	Updated string     `xml:"updated"`
	Links   []atomLink `xml:"link"`
	Author  string     `xml:"author>name"`
	Summary string     `xml:"summary"`
}

// feed serves /feed.atom?q=… (with the search parameters) or
// /feed.atom?watch=NAME: the newest stories of the query, so that any
// feed reader is an alert. Entry IDs are stable (the document's), so a
// reader shows each story once.
func (s *Server) feed(w http.ResponseWriter, r *http.Request) {
	v, err := urlParams(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	title := "fednews"
	if name := v.Get("watch"); name != "" {
		if s.cfg.Watches == nil {
			s.fail(w, r, badParam("this server has no saved searches"))
			return
		}
		wt, err := s.cfg.Watches.Watch(r.Context(), name)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		v.Set("q", wt.Query)
		title = "fednews · " + wt.Name + ": " + wt.Query
	} else if q := v.Get("q"); q != "" {
		title = "fednews · " + q
	}
	q, err := parseQuery(v, s.cfg.Limits, feedSize)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	req := q.request()
	req.Sort, req.Limit, req.Offset = "newest", feedSize, 0
	res, err := s.search(r.Context(), req)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	base := s.cfg.Links.base(r)
	self := base + r.URL.RequestURI()
	f := atomFeed{Title: title, ID: self, Updated: noDate,
		Links: []atomLink{{Rel: "self", Href: self}, {Rel: "alternate", Href: base + "/?" + q.values().Encode()}}}
	for _, h := range res.Hits {
		updated := noDate
		if h.Published != "" {
			updated = h.Published + "T00:00:00+08:00"
			if f.Updated == noDate { // hits come newest first
				f.Updated = updated
			}
		}
		doc := base + "/doc/" + strconv.FormatInt(h.ID, 10)
		f.Entries = append(f.Entries, atomEntry{Title: h.Title, ID: doc, Updated: updated,
			Links:  []atomLink{{Rel: "alternate", Href: h.URL}, {Rel: "related", Href: doc}},
			Author: h.Source, Summary: h.SnippetRaw})
	}
	out, err := xml.MarshalIndent(f, "", " ")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write([]byte(xml.Header))
	w.Write(out)
}
