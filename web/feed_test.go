package web

import (
	"crypto/tls"
	"encoding/xml"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/fednews/fednews/research"
	"github.com/fednews/fednews/research/researchtest"
)

func TestAtomFeed(t *testing.T) {
	st, ix := researchtest.New(t, t.TempDir(), researchtest.Fixture)
	s, err := New(Config{Searcher: ix, Store: st, Research: research.New(ix, st), Watches: st,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	parse := func(target string) atomFeed {
		t.Helper()
		w := get(t, s, target)
		var f atomFeed
		if w.Code != http.StatusOK || w.Header().Get("Content-Type") != "application/atom+xml; charset=utf-8" {
			t.Fatalf("%s: %d %s", target, w.Code, w.Body)
		}
		if err := xml.Unmarshal(w.Body.Bytes(), &f); err != nil {
			t.Fatalf("%s: not Atom: %v\n%s", target, err, w.Body)
		}
		return f
	}
	f := parse("/feed.atom?q=工商联")
	var titles []string
	for _, e := range f.Entries {
		titles = append(titles, e.Title)
	}
	// Newest first, in the articles' own script.
	want := []string{"工商聯訪問團抵達", "工商联与商会座谈", "省工商联召开执委会"}
	if len(titles) != 3 || titles[0] != want[0] || titles[1] != want[1] || titles[2] != want[2] ||
		f.Updated != "2024-03-15T00:00:00+08:00" || f.Entries[0].ID != "http://example.com/doc/5" || f.Entries[0].Links[0].Href != "https://www.example-gsl.cn/news/5.html" {
		t.Errorf("feed: updated %s, entries %+v", f.Updated, f.Entries)
	}
	// A saved search's feed is its query's.
	if _, err := st.AddWatch(t.Context(), "chambers", "商会"); err != nil {
		t.Fatal(err)
	}
	f = parse("/feed.atom?watch=chambers")
	if f.Title != "fednews · chambers: 商会" || len(f.Entries) != 2 || f.Entries[0].Title != "工商联与商会座谈" {
		t.Errorf("watch feed %q: %+v", f.Title, f.Entries)
	}
	// After an ingest the new story leads the feed.
	researchtest.Add(t, st, ix, researchtest.Article{Day: "2024-04-01", Title: "县女企业家商会换届", Text: "县女企业家商会召开换届大会，选举产生新一届理事会。"})
	f = parse("/feed.atom?watch=chambers")
	if len(f.Entries) != 3 || f.Entries[0].Title != "县女企业家商会换届" || f.Updated != "2024-04-01T00:00:00+08:00" {
		t.Errorf("watch feed after an ingest: %s %+v", f.Updated, f.Entries)
	}
	if w := get(t, s, "/feed.atom?watch=nope"); w.Code != http.StatusNotFound {
		t.Errorf("unknown saved search: %d", w.Code)
	}
}

// TestFeedLinks: the feed's absolute links follow the configured base URL,
// else the request (TLS included), and the forwarded headers only when
// the proxy is trusted.
func TestFeedLinks(t *testing.T) {
	st, ix := researchtest.New(t, t.TempDir(), researchtest.Fixture)
	tests := []struct {
		name    string
		links   Links
		tls     bool
		headers map[string]string
		want    string // the base of every link
	}{
		{"request", Links{}, false, nil, "http://example.com"},
		{"request over TLS", Links{}, true, nil, "https://example.com"},
		{"forwarded, untrusted", Links{}, false, map[string]string{"X-Forwarded-Proto": "https", "X-Forwarded-Host": "news.example.org"}, "http://example.com"},
		{"forwarded, trusted", Links{TrustProxy: true}, false, map[string]string{"X-Forwarded-Proto": "https", "X-Forwarded-Host": "news.example.org, inner:8080"}, "https://news.example.org"},
		{"forwarded, trusted, bad values", Links{TrustProxy: true}, false, map[string]string{"X-Forwarded-Proto": "javascript", "X-Forwarded-Host": "evil.example/path"}, "http://example.com"},
		{"base URL wins", Links{BaseURL: "https://news.example.org/fednews/", TrustProxy: true}, false, map[string]string{"X-Forwarded-Host": "other.example"}, "https://news.example.org/fednews"},
	}
	for _, tc := range tests {
		s, err := New(Config{Searcher: ix, Store: st, Links: tc.links, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			t.Fatal(err)
		}
		r := httptest.NewRequest("GET", "/feed.atom?q=%E5%95%86%E4%BC%9A", nil)
		if tc.tls {
			r.TLS = &tls.ConnectionState{}
		}
		for k, v := range tc.headers {
			r.Header.Set(k, v)
		}
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		var f atomFeed
		if err := xml.Unmarshal(w.Body.Bytes(), &f); err != nil || len(f.Entries) == 0 {
			t.Fatalf("%s: %d %v\n%s", tc.name, w.Code, err, w.Body)
		}
		hrefs := []string{f.ID, f.Links[0].Href, f.Links[1].Href, f.Entries[0].ID, f.Entries[0].Links[1].Href}
		for _, h := range hrefs {
			if !strings.HasPrefix(h, tc.want+"/") {
				t.Errorf("%s: link %s, want it under %s/", tc.name, h, tc.want)
			}
		}
		if f.ID != tc.want+"/feed.atom?q=%E5%95%86%E4%BC%9A" {
			t.Errorf("%s: self %s", tc.name, f.ID)
		}
	}
	for _, bad := range []string{"news.example.org", "ftp://news.example.org", "https://news.example.org/?x=1", "https://"} {
		if _, err := New(Config{Searcher: ix, Store: st, Links: Links{BaseURL: bad}}); err == nil || !strings.Contains(err.Error(), "base URL") {
			t.Errorf("base URL %q: err %v, want it refused", bad, err)
		}
	}
}
