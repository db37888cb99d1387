package web

import (
	"encoding/xml"
	"io"
	"log/slog"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/fednews/fednews/internal/browsertest"
	"github.com/fednews/fednews/research"
	"github.com/fednews/fednews/research/researchtest"
)

// TestBrowserSavedSearch: a saved search's Atom feed, opened in the
// browser (as a feed reader's link) and parsed with encoding/xml, picks up an
// article ingested after the search was saved; `watch new`'s listing
// (research.NewStories) holds it once.
func TestBrowserSavedSearch(t *testing.T) {
	b := browsertest.New(t)
	st, ix := researchtest.New(t, t.TempDir(), researchtest.Fixture)
	e := research.New(ix, st)
	s, err := New(Config{Searcher: ix, Store: st, Research: e, Watches: st, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	defer srv.Close()
	ctx := t.Context()
	w, err := st.AddWatch(ctx, "chambers", "商会")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.NewStories(ctx, st, w, true); err != nil { // what was there when it was saved is seen
		t.Fatal(err)
	}
	feed := func(what string) atomFeed {
		t.Helper()
		b.Do(t, what, chromedp.Navigate(srv.URL+"/feed.atom?watch=chambers"))
		// Chromium shows a feed as text (a text/plain document); an XML
		// document is serialized back.
		body := browsertest.Run(t, b, what, chromedp.Evaluate[string](
			`document.contentType == 'text/plain' ? document.body.textContent : new XMLSerializer().serializeToString(document)`))
		var f atomFeed
		if err := xml.Unmarshal([]byte(body), &f); err != nil {
			t.Fatalf("%s: not Atom: %v\n%s", what, err, body)
		}
		return f
	}
	titles := func(f atomFeed) []string {
		var out []string
		for _, e := range f.Entries {
			out = append(out, e.Title)
		}
		return out
	}
	before := feed("feed before")
	if got, want := titles(before), []string{"工商联与商会座谈", "县商会成立大会"}; !slices.Equal(got, want) || before.Title != "fednews · chambers: 商会" {
		t.Fatalf("feed %q before the ingest: %q, want %q", before.Title, got, want)
	}

	// The nightly ingest brings one more chamber story.
	researchtest.Add(t, st, ix, researchtest.Article{Day: "2024-04-01", Title: "县女企业家商会换届", Text: "县女企业家商会召开换届大会，选举产生新一届理事会。"})
	after := feed("feed after")
	if got := titles(after); len(got) != 3 || got[0] != "县女企业家商会换届" || after.Updated != "2024-04-01T00:00:00+08:00" ||
		!strings.HasPrefix(after.Entries[0].ID, srv.URL+"/doc/") {
		t.Errorf("feed after the ingest: updated %s, %q, first id %s", after.Updated, got, after.Entries[0].ID)
	}
	// The feed's entry leads to the article's page.
	b.Do(t, "entry", chromedp.Navigate(after.Entries[0].Links[1].Href))
	if h := browsertest.Run(t, b, "doc title", chromedp.Evaluate[string](`document.querySelector('h1') ? document.querySelector('h1').textContent : ''`)); !strings.Contains(h, "县女企业家商会换届") {
		t.Errorf("the entry's page has title %q", h)
	}
	// watch new lists the new story, once.
	if w, err = st.Watch(ctx, "chambers"); err != nil {
		t.Fatal(err)
	}
	docs, err := e.NewStories(ctx, st, w, true)
	if err != nil || len(docs) != 1 || docs[0].Title != "县女企业家商会换届" {
		t.Fatalf("watch new: %v %d stories", err, len(docs))
	}
	if w, err = st.Watch(ctx, "chambers"); err != nil {
		t.Fatal(err)
	}
	if docs, err = e.NewStories(ctx, st, w, true); err != nil || len(docs) != 0 {
		t.Errorf("watch new again: %v %d stories, want none", err, len(docs))
	}
}
