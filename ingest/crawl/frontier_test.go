package crawl

import (
	"net/url"
	"testing"
)

func TestNormalizeURL(t *testing.T) {
	base, _ := url.Parse("http://Example.ORG/news/list_1.html?p=1")
	for _, tc := range []struct {
		href, want string
		ok         bool
	}{
		{"2021/a.html", "http://example.org/news/2021/a.html", true},
		{"/news/a.html#top", "http://example.org/news/a.html", true},
		{"https://OTHER.org", "https://other.org/", true},
		{"?p=2", "http://example.org/news/list_1.html?p=2", true},
		{"#top", "", false},
		{"javascript:alert(3)", "", false},
		{"mailto:a@b.c", "", false},
		{"  ", "", false},
		{"http://[::1", "", false},
	} {
		got, ok := normalizeURL(base, tc.href)
		if got != tc.want || ok != tc.ok {
			t.Errorf("normalizeURL(%q) = %q %v, want %q %v", tc.href, got, ok, tc.want, tc.ok)
		}
	}
}

func TestFrontierOnce(t *testing.T) {
	f := newFrontier()
	if !f.push(job{url: "http://h/a"}) || f.push(job{url: "http://h/a"}) {
		t.Fatal("a URL must be queued once")
	}
	j, ok := f.pop()
	if !ok || j.url != "http://h/a" {
		t.Fatalf("pop = %v %v", j, ok)
	}
	f.done()
	if _, ok := f.pop(); ok {
		t.Error("pop after all work is done must report false")
	}
}

// A normalized URL normalizes to itself: the frontier and the crawl state
// never see two spellings of one page.
func FuzzNormalizeURL(f *testing.F) {
	for _, s := range []string{"a.html", "/x/../y?q=1#f", "HTTP://H/", "//other/p", "http://h:80/%zz", "\x00"} {
		f.Add(s)
	}
	base, _ := url.Parse("http://example.org/news/list_1.html")
	f.Fuzz(func(t *testing.T, href string) {
		u, ok := normalizeURL(base, href)
		if !ok {
			return
		}
		pu, err := url.Parse(u)
		if err != nil {
			t.Fatalf("normalized %q to unparsable %q", href, u)
		}
		if again, ok := normalizeURL(pu, u); !ok || again != u {
			t.Fatalf("not idempotent: %q → %q → %q", href, u, again)
		}
	})
}
