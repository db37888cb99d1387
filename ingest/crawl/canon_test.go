package crawl

import (
	"net/url"
	"testing"
)

// Tracking parameters and fragments do not make another URL: six variants
// of one article link are one frontier key and one stored URL.
func TestCanonicalURL(t *testing.T) {
	base, _ := url.Parse("http://example.org/news/list_1.html")
	for _, tc := range []struct{ href, want string }{
		{"/a/1.html?utm_source=weixin&utm_medium=share", "http://example.org/a/1.html"},
		{"/a/1.html?UTM_Campaign=x#comments", "http://example.org/a/1.html"},
		{"/a/1.html?spm=a2c4g.11186623", "http://example.org/a/1.html"},
		{"/a/1.html?id=7&utm_source=feed&page=2", "http://example.org/a/1.html?id=7&page=2"},
		{"/a/1.html?fbclid=abc&gclid=def", "http://example.org/a/1.html"},
		{"/a/1.html?utm=1&spmx=2", "http://example.org/a/1.html?utm=1&spmx=2"}, // not tracking names
		{"/a/1.html?utm%5Fsource=x", "http://example.org/a/1.html"},
	} {
		got, ok := normalizeURL(base, tc.href)
		if !ok || got != tc.want {
			t.Errorf("normalizeURL(%q) = %q %v, want %q", tc.href, got, ok, tc.want)
		}
	}
}
