package corpus

import (
	"net/url"
	"strings"
)

// trackingParams are query parameters that identify a campaign or a share,
// not a page: two URLs differing only in them are the same document.
var trackingParams = map[string]bool{
	"gclid": true, "fbclid": true, "yclid": true, "msclkid": true,
	"spm": true, "_hsenc": true, "_hsmi": true, "mc_cid": true, "mc_eid": true,
}

// CanonicalURL returns the form of raw under which a document is stored:
// scheme and host lower-cased, default port and fragment dropped, an empty
// path made "/", tracking parameters (utm_*, gclid, spm …) removed and the
// remaining query parameters sorted. A string that does not parse as an
// absolute URL is returned trimmed but otherwise unchanged.
func CanonicalURL(raw string) string {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "" || (u.Host == "" && u.Scheme != "file") {
		return raw
	}
	u.Scheme = strings.ToLower(u.Scheme)
	host := strings.ToLower(u.Hostname())
	port := u.Port()
	if (u.Scheme == "http" && port == "80") || (u.Scheme == "https" && port == "443") {
		port = ""
	}
	if port != "" {
		host += ":" + port
	} else if strings.Contains(host, ":") { // IPv6 literal
		host = "[" + host + "]"
	}
	u.Host = host
	u.Fragment, u.RawFragment = "", ""
	if u.Path == "" && u.Scheme != "file" {
		u.Path = "/"
	}
	if u.RawQuery != "" {
		q := u.Query()
		for k := range q {
			if strings.HasPrefix(strings.ToLower(k), "utm_") || trackingParams[strings.ToLower(k)] {
				delete(q, k)
			}
		}
		u.RawQuery = q.Encode() // Encode sorts by key
	}
	u.ForceQuery = false
	return u.String()
}
