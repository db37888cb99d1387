package crawl

import (
	"net/url"
	"strings"
)

// trackingParams are query parameters that say where a reader came from,
// not which page it is: links to one article with six utm_ variants were
// fetched six times and stored under a tracking URL. utm_* is matched as a
// prefix. Domain list: kept here, in one place.
var trackingParams = []string{"utm_", "spm", "gclid", "fbclid"}

func isTrackingParam(name string) bool {
	name = strings.ToLower(name)
	for _, p := range trackingParams {
		if name == p || (strings.HasSuffix(p, "_") && strings.HasPrefix(name, p)) {
			return true
		}
	}
	return false
}

// dropTracking removes the tracking parameters from u's query, keeping the
// others in their order and spelling (a site may need both).
func dropTracking(u *url.URL) {
	if u.RawQuery == "" {
		return
	}
	var kept []string
	for _, pair := range strings.Split(u.RawQuery, "&") {
		name, _, _ := strings.Cut(pair, "=")
		if n, err := url.QueryUnescape(name); err == nil {
			name = n
		}
		if pair != "" && !isTrackingParam(name) {
			kept = append(kept, pair)
		}
	}
	u.RawQuery = strings.Join(kept, "&")
	u.ForceQuery = false
}
