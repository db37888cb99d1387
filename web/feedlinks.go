package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// Links says how the server writes absolute links (the Atom feeds'):
// behind a TLS-terminating proxy the request itself says http:// and the
// proxy's own host name is not the one readers use.
type Links struct {
	// BaseURL is the public address of the server, such as
	// https://news.example.org/fednews; links are BaseURL + path. Empty
	// takes the scheme and host of each request.
	BaseURL string
	// TrustProxy takes the scheme and host from X-Forwarded-Proto and
	// X-Forwarded-Host when BaseURL is empty. Set it only behind a proxy
	// that sets (or strips) both: otherwise any client picks the links the
	// server hands out.
	TrustProxy bool
}

// check returns an error when BaseURL is not an absolute http(s) URL
// without a query; the message says what to pass instead.
func (l Links) check() error {
	if l.BaseURL == "" {
		return nil
	}
	u, err := url.Parse(l.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return fmt.Errorf("base URL %q: want an absolute http:// or https:// address with no query, such as https://news.example.org/fednews", l.BaseURL)
	}
	return nil
}

// base is the scheme, host and path prefix of absolute links to the
// server for r, with no trailing slash.
func (l Links) base(r *http.Request) string {
	if l.BaseURL != "" {
		return strings.TrimRight(l.BaseURL, "/")
	}
	scheme, host := "http", r.Host
	if r.TLS != nil {
		scheme = "https"
	}
	if l.TrustProxy {
		if p := strings.ToLower(firstValue(r.Header.Get("X-Forwarded-Proto"))); p == "http" || p == "https" {
			scheme = p
		}
		if h := firstValue(r.Header.Get("X-Forwarded-Host")); h != "" && validHost(h) {
			host = h
		}
	}
	return scheme + "://" + host
}

// firstValue is the first of a comma-separated header's values: the one
// the proxy nearest the client set.
func firstValue(h string) string {
	v, _, _ := strings.Cut(h, ",")
	return strings.TrimSpace(v)
}

// validHost accepts a host[:port] with no path, user or space, so that a
// forwarded header cannot turn a link into another URL.
func validHost(h string) bool {
	u, err := url.Parse("http://" + h)
	return err == nil && u.Host == h && u.User == nil && u.Path == "" && !strings.ContainsAny(h, " \t")
}
