package crawl

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"strconv"
	"strings"
)

// The parsers of list pages that are not plain links: TRS WCM's script
// pager, Hanweb's jpage datastore, RSS and Atom feeds, and sitemaps. They
// read untrusted text: each is bounded and returns an error, never panics
// (see fuzz_test.go).

// maxListLinks bounds the links taken from one list document: a sitemap
// holds at most 50,000 URLs by its protocol, and a page that claims more
// is not a list of news.
const maxListLinks = 50_000

// maxPagerPages bounds the pages of one script pager or data-proxy walk.
// A site with more list pages than this is better crawled from a sitemap;
// an endless run of pages stops here and is counted as a failure.
const maxPagerPages = 1000

// errPagerLimit is a pager or data proxy that goes on past maxPagerPages.
var errPagerLimit = fmt.Errorf("more than %d list pages: stopped (crawl the site from its sitemap instead?)", maxPagerPages)

// trsPager is a TRS WCM pager: createPageHTML(count, current, name, ext)
// writes links to name.ext, name_1.ext … name_(count-1).ext.
type trsPager struct {
	Count, Current int
	Name, Ext      string
}

// trsCall matches a call of createPageHTML with its four arguments, each a
// number, a variable or a quoted string; the function's own definition
// (parameters such as _nPageCount) matches too and is told apart because
// its last two arguments are not strings.
var trsCall = regexp.MustCompile(`createPageHTML\(\s*([\w.]+)\s*,\s*([\w.]+)\s*,\s*["']([\w.-]*)["']\s*,\s*["'](\w+)["']\s*\)`)

// trsVar matches "var countPage = 12" (with or without var, ;, spaces).
var trsVar = regexp.MustCompile(`(?:\bvar\s+)?\b(\w+)\s*=\s*(\d+)\b`)

// parseTRSPager finds the pager call in the scripts of a page. Arguments
// may be numbers or variables assigned a number earlier in the page.
func parseTRSPager(script string) (trsPager, bool) {
	m := trsCall.FindStringSubmatch(script)
	if m == nil {
		return trsPager{}, false
	}
	vars := map[string]int{}
	for _, v := range trsVar.FindAllStringSubmatch(script[:strings.Index(script, m[0])], -1) {
		if n, err := strconv.Atoi(v[2]); err == nil {
			vars[v[1]] = n
		}
	}
	value := func(s string) (int, bool) {
		if n, err := strconv.Atoi(s); err == nil {
			return n, true
		}
		n, ok := vars[s]
		return n, ok
	}
	count, ok1 := value(m[1])
	current, ok2 := value(m[2])
	if !ok1 || !ok2 || count < 1 || m[3] == "" {
		return trsPager{}, false
	}
	return trsPager{Count: count, Current: current, Name: m[3], Ext: m[4]}, true
}

// pages returns the pager's page names, relative to the page's folder,
// at most maxPagerPages of them; over reports that there were more.
func (p trsPager) pages() (names []string, over bool) {
	n := min(p.Count, maxPagerPages)
	for i := range n {
		if i == 0 {
			names = append(names, p.Name+"."+p.Ext)
		} else {
			names = append(names, fmt.Sprintf("%s_%d.%s", p.Name, i, p.Ext))
		}
	}
	return names, p.Count > maxPagerPages
}

// datastore is a Hanweb jpage datastore: records (HTML fragments), and
// what the page says about the rest.
type datastore struct {
	Records   []string
	NextGroup string // HTML fragment with a link to the data proxy
	Total     int    // totalrecord, 0 when not given
}

// parseDatastore reads a <datastore> document. Its text must already be
// UTF-8 (the caller decodes the bytes): a declared encoding is ignored.
func parseDatastore(text string) (datastore, error) {
	var ds datastore
	var root bool
	err := walkXML(text, func(d *xml.Decoder, se xml.StartElement, depth int) (bool, error) {
		if depth == 0 {
			if se.Name.Local != "datastore" {
				return false, fmt.Errorf("not a Hanweb datastore: the root element is <%s>", se.Name.Local)
			}
			root = true
			return false, nil
		}
		switch se.Name.Local {
		case "record", "nextgroup", "totalrecord":
		default:
			return false, nil
		}
		t, err := elementText(d)
		if err != nil {
			return true, err
		}
		switch se.Name.Local {
		case "record":
			if len(ds.Records) < maxListLinks {
				ds.Records = append(ds.Records, t)
			}
		case "nextgroup":
			ds.NextGroup = t
		case "totalrecord":
			ds.Total, _ = strconv.Atoi(strings.TrimSpace(t))
		}
		return true, nil
	})
	if err == nil && !root {
		err = errors.New("not a Hanweb datastore: no <datastore> element")
	}
	return ds, err
}

// parseFeed returns the article links of an RSS 2.0, RSS 1.0 (RDF) or
// Atom feed, in the feed's order.
func parseFeed(text string) ([]string, error) {
	var links []string
	inItem := -1 // depth of the open <item> or <entry>, -1 outside
	err := walkXML(text, func(d *xml.Decoder, se xml.StartElement, depth int) (bool, error) {
		name := se.Name.Local
		if depth <= inItem {
			inItem = -1 // a sibling of the item: the item has ended
		}
		switch {
		case depth == 0 && name != "rss" && name != "feed" && name != "RDF":
			return false, fmt.Errorf("not a feed: the root element is <%s>", name)
		case name == "item" || name == "entry":
			inItem = depth
		case name == "link" && inItem >= 0 && depth == inItem+1:
			if href := attr(se, "href"); href != "" {
				// Atom: the alternate link (rel absent or "alternate").
				if rel := attr(se, "rel"); (rel == "" || rel == "alternate") && len(links) < maxListLinks {
					links = append(links, strings.TrimSpace(href))
				}
				return true, d.Skip()
			}
			s, err := elementText(d)
			if s = strings.TrimSpace(s); err == nil && s != "" && len(links) < maxListLinks {
				links = append(links, s)
			}
			return true, err
		}
		return false, nil
	})
	return links, err
}

// parseSitemap returns the <loc> URLs of a sitemap: article pages for a
// <urlset>, further sitemaps for a <sitemapindex> (index true).
func parseSitemap(text string) (locs []string, index bool, err error) {
	err = walkXML(text, func(d *xml.Decoder, se xml.StartElement, depth int) (bool, error) {
		switch name := se.Name.Local; {
		case depth == 0 && name == "sitemapindex":
			index = true
		case depth == 0 && name != "urlset":
			return false, fmt.Errorf("not a sitemap: the root element is <%s>", name)
		case name == "loc" && depth == 2:
			s, err := elementText(d)
			if s = strings.TrimSpace(s); err == nil && s != "" && len(locs) < maxListLinks {
				locs = append(locs, s)
			}
			return true, err
		}
		return false, nil
	})
	return locs, index, err
}

// walkXML calls f for each start element of an XML document with its
// depth (0 for the root). f may consume the element, up to its end
// (elementText, Skip), and then says so.
// The document must be UTF-8 text; any declared encoding is accepted as
// such, because the caller has already decoded the bytes.
func walkXML(text string, f func(d *xml.Decoder, se xml.StartElement, depth int) (consumed bool, err error)) error {
	d := xml.NewDecoder(strings.NewReader(text))
	d.Strict = false // real feeds carry bare & and HTML entities
	d.Entity = xml.HTMLEntity
	d.CharsetReader = decoded
	depth, seen := 0, false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			if !seen {
				return errors.New("not XML: no element")
			}
			return nil
		}
		if err != nil {
			return fmt.Errorf("not well-formed XML: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			seen = true
			consumed, err := f(d, t, depth)
			if err != nil {
				return err
			}
			if !consumed {
				depth++
			}
		case xml.EndElement:
			depth--
			if depth == 0 {
				return nil // the root is closed: ignore trailing junk
			}
		}
	}
}

// decoded is an xml.Decoder CharsetReader for text already decoded to
// UTF-8: whatever the declaration says, the bytes are read as they are.
func decoded(_ string, r io.Reader) (io.Reader, error) { return r, nil }

// elementText reads the character data of the element just started, up
// to its end, CDATA included.
func elementText(d *xml.Decoder) (string, error) {
	var b strings.Builder
	for depth := 1; depth > 0; {
		tok, err := d.Token()
		if err != nil {
			return "", fmt.Errorf("not well-formed XML: %w", err)
		}
		switch t := tok.(type) {
		case xml.CharData:
			if depth == 1 {
				b.Write(t)
			}
		case xml.StartElement:
			depth++
		case xml.EndElement:
			depth--
		}
	}
	return b.String(), nil
}

func attr(se xml.StartElement, name string) string {
	for _, a := range se.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// hanwebWalk is how to ask a Hanweb data proxy for the records after the
// first ones: its URL, the form it is POSTed, and the page size.
type hanwebWalk struct {
	Proxy   string // absolute URL of dataproxy.jsp
	Form    string // url-encoded body: columnid, unitid, webid, …
	PerPage int
	Total   int // totalRecord from the page, 0 when not said
	Pages   int // proxy pages asked for so far
}

// hanwebScript reads the jpage call's settings: proxyUrl, perPage,
// totalRecord.
var (
	hanwebProxyRe = regexp.MustCompile(`proxyUrl\s*:\s*['"]([^'"]+)['"]`)
	hanwebPerRe   = regexp.MustCompile(`(?i)perPage\s*:\s*['"]?(\d+)`)
	hanwebTotalRe = regexp.MustCompile(`(?i)totalRecord\s*:\s*['"]?(\d+)`)
)

// defaultHanwebProxy is where Hanweb serves its data proxy when a page
// does not say.
const defaultHanwebProxy = "/module/web/jpage/dataproxy.jsp"

// newHanwebWalk takes the proxy's parameters from a column page: the query
// of the nextgroup link (the form fields, page number dropped) and the
// jpage settings in the page's scripts. ok is false when the page names no
// column to ask for.
func newHanwebWalk(base *url.URL, nextGroup, scripts string) (hanwebWalk, bool) {
	w := hanwebWalk{PerPage: 15}
	proxy := defaultHanwebProxy
	var form url.Values
	if m := regexp.MustCompile(`href\s*=\s*["']([^"']+)["']`).FindStringSubmatch(nextGroup); m != nil {
		if u, err := base.Parse(m[1]); err == nil {
			proxy = u.Path
			form = u.Query()
			form.Del("page")
		}
	}
	if m := hanwebProxyRe.FindStringSubmatch(scripts); m != nil {
		proxy = m[1]
	}
	if m := hanwebPerRe.FindStringSubmatch(scripts); m != nil {
		if n, err := strconv.Atoi(m[1]); err == nil && n > 0 && n <= 1000 {
			w.PerPage = n
		}
	}
	if m := hanwebTotalRe.FindStringSubmatch(scripts); m != nil {
		w.Total, _ = strconv.Atoi(m[1])
	}
	if form.Get("columnid") == "" {
		return w, false
	}
	pu, err := base.Parse(proxy)
	if err != nil {
		return w, false
	}
	w.Proxy, w.Form = pu.String(), form.Encode()
	return w, true
}

// page returns the URL of the proxy page of records start … start+PerPage-1.
func (w hanwebWalk) page(start int) string {
	u, _ := url.Parse(w.Proxy) // newHanwebWalk built it
	q := u.Query()
	q.Set("startrecord", strconv.Itoa(start))
	q.Set("endrecord", strconv.Itoa(start+w.PerPage-1))
	q.Set("perpage", strconv.Itoa(w.PerPage))
	u.RawQuery = q.Encode()
	return u.String()
}
