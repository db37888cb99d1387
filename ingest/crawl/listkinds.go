package crawl

import (
	"encoding/xml"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/PuerkitoBio/goquery"
)

// List kinds, the `kind` of a source: how its list pages name the pages
// to crawl. "auto" recognizes each from the page itself.
const (
	KindAuto    = "auto"
	KindHTML    = "html"    // <a href> links
	KindTRS     = "trs"     // links, and TRS WCM's createPageHTML pager
	KindHanweb  = "hanweb"  // links, and Hanweb jpage datastores with their data proxy
	KindFeed    = "feed"    // RSS 2.0, RSS 1.0 or Atom
	KindSitemap = "sitemap" // sitemap.xml and sitemap indexes
)

// ListKinds are the values `kind` may take.
var ListKinds = []string{KindAuto, KindHTML, KindTRS, KindHanweb, KindFeed, KindSitemap}

// errListKind is a list page that is not what its source's kind says.
var errListKind = errors.New("list page is not of the source's kind")

// link is one URL a list page asks the crawler to visit.
type link struct {
	url  string
	kind kind
	// form, when set, is POSTed (a Hanweb data proxy page).
	form string
	walk *hanwebWalk
	// sameDepth: another page of the same list (a pager), not a link
	// deeper into the site; max_depth does not count it.
	sameDepth bool
	// sitemap: a sitemap named by a sitemap index.
	sitemap bool
	// why says what the link matched: articles, lists, exclude, nothing
	// (kindOther: not queued), or how a list page found it: pager, proxy,
	// sitemap. `ingest --dry-run` prints it.
	why string
}

// listPage is what a list page gave: links to queue, and the next page of a
// data-proxy walk, queued only when this page brought new records.
type listPage struct {
	links []link
	next  *link
	// limit is set when the pager went past maxPagerPages.
	limit error
}

// docKind is what a fetched list document is, from its root element.
func docKind(text string) string {
	d := xml.NewDecoder(strings.NewReader(text))
	d.Strict = false
	d.CharsetReader = decoded
	for range 64 {
		tok, err := d.Token()
		if err != nil {
			return KindHTML
		}
		if se, ok := tok.(xml.StartElement); ok {
			switch se.Name.Local {
			case "rss", "feed", "RDF":
				return KindFeed
			case "urlset", "sitemapindex":
				return KindSitemap
			case "datastore":
				return KindHanweb
			}
			return KindHTML
		}
	}
	return KindHTML
}

// readList reads the links of a list page of src, fetched from pageURL,
// whose text is decoded. The document decides how it is read; the source's
// kind, unless auto, must agree.
func readList(src *Source, j job, pageURL, text string) (listPage, error) {
	base, err := url.Parse(pageURL)
	if err != nil {
		return listPage{}, err
	}
	dk := docKind(text)
	if j.walk != nil && dk != KindHanweb {
		return listPage{}, fmt.Errorf("%w: the Hanweb data proxy answered with a %s document, not a datastore", errListKind, dk)
	}
	want := src.Kind
	if want == KindTRS {
		want = KindHTML // TRS list pages are HTML with a script pager
	}
	if want != KindAuto && dk != want && (want != KindHanweb || dk != KindHTML) {
		return listPage{}, fmt.Errorf("%w: kind is %q but the page is %s", errListKind, src.Kind, describeKind(dk))
	}
	switch dk {
	case KindFeed:
		links, err := parseFeed(text)
		if err != nil {
			return listPage{}, err
		}
		return listPage{links: src.classifyAll(base, links)}, nil
	case KindSitemap:
		return readSitemap(src, base, text)
	case KindHanweb:
		return readProxyPage(src, j, base, text)
	}
	return readHTMLList(src, base, text)
}

func describeKind(k string) string {
	switch k {
	case KindFeed:
		return "a feed"
	case KindSitemap:
		return "a sitemap"
	case KindHanweb:
		return "a Hanweb datastore"
	}
	return "an HTML page"
}

// classifyAll resolves hrefs against base and says what each is to the
// source; those of kindOther are not queued.
func (s *Source) classifyAll(base *url.URL, hrefs []string) []link {
	var out []link
	for _, href := range hrefs {
		u, ok := normalizeURL(base, href)
		if !ok {
			continue
		}
		k, why := s.explain(u)
		out = append(out, link{url: u, kind: k, why: why})
	}
	return out
}

// anchors returns the hrefs of a document's <a> elements, resolved against
// its <base href> when it has one.
func anchors(doc *goquery.Document, base *url.URL) (*url.URL, []string) {
	if href, ok := doc.Find("base[href]").Attr("href"); ok {
		if b, err := base.Parse(href); err == nil {
			base = b
		}
	}
	var hrefs []string
	doc.Find("a[href]").Each(func(_ int, a *goquery.Selection) {
		href, _ := a.Attr("href")
		hrefs = append(hrefs, href)
	})
	return base, hrefs
}

// readHTMLList reads an HTML list page: its links, and, unless the kind
// says otherwise, a TRS script pager and Hanweb datastores.
func readHTMLList(src *Source, base *url.URL, text string) (listPage, error) {
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(text))
	if err != nil {
		return listPage{}, err
	}
	base, hrefs := anchors(doc, base)
	lp := listPage{links: src.classifyAll(base, hrefs)}
	if src.Kind == KindHTML {
		return lp, nil
	}
	var scripts strings.Builder
	doc.Find("script").Each(func(_ int, s *goquery.Selection) {
		scripts.WriteString(s.Text())
		scripts.WriteByte('\n')
	})
	if src.Kind == KindAuto || src.Kind == KindTRS {
		if p, ok := parseTRSPager(scripts.String()); ok {
			names, over := p.pages()
			for _, name := range names {
				if u, ok := normalizeURL(base, name); ok {
					lp.links = append(lp.links, link{url: u, kind: kindList, sameDepth: true, why: "pager"})
				}
			}
			if over {
				lp.limit = errPagerLimit
			}
		}
	}
	if src.Kind == KindAuto || src.Kind == KindHanweb {
		var records int
		var next string
		doc.Find(`script[type="text/xml"]`).Each(func(_ int, s *goquery.Selection) {
			ds, err := parseDatastore(strings.TrimSpace(s.Text()))
			if err != nil {
				return // another use of an XML island
			}
			records += len(ds.Records)
			lp.links = append(lp.links, src.recordLinks(base, ds.Records)...)
			if next == "" {
				next = ds.NextGroup
			}
		})
		if w, ok := newHanwebWalk(base, next, scripts.String()); ok && records > 0 && (w.Total == 0 || records < w.Total) {
			lp.next = w.link(records + 1)
		}
	}
	return lp, nil
}

// recordLinks returns the links in Hanweb records (HTML fragments).
func (s *Source) recordLinks(base *url.URL, records []string) []link {
	var hrefs []string
	for _, r := range records {
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(r))
		if err != nil {
			continue
		}
		_, h := anchors(doc, base)
		hrefs = append(hrefs, h...)
	}
	return s.classifyAll(base, hrefs)
}

// link returns the job link for the proxy page starting at record start.
func (w hanwebWalk) link(start int) *link {
	return &link{url: w.page(start), kind: kindList, form: w.Form, walk: &w, sameDepth: true, why: "proxy"}
}

// readProxyPage reads a data proxy's answer and says which page comes
// next: none when the records run out (fewer than a page, or the total
// reached).
func readProxyPage(src *Source, j job, base *url.URL, text string) (listPage, error) {
	ds, err := parseDatastore(text)
	if err != nil {
		return listPage{}, err
	}
	lp := listPage{links: src.recordLinks(base, ds.Records)}
	w := j.walk
	if w == nil {
		return lp, nil // a datastore as a start URL: no walk to go on with
	}
	start, _ := strconv.Atoi(base.Query().Get("startrecord"))
	total := w.Total
	if ds.Total > 0 {
		total = ds.Total
	}
	nextStart := start + w.PerPage
	if len(ds.Records) < w.PerPage || (total > 0 && nextStart > total) {
		return lp, nil
	}
	if w.Pages+1 >= maxPagerPages {
		lp.limit = errPagerLimit
		return lp, nil
	}
	nw := *w
	nw.Pages++
	nw.Total = total
	lp.next = nw.link(nextStart)
	return lp, nil
}

// readSitemap reads a urlset (article links) or a sitemap index (further
// sitemaps, followed whatever the source's patterns say).
func readSitemap(src *Source, base *url.URL, text string) (listPage, error) {
	locs, index, err := parseSitemap(text)
	if err != nil {
		return listPage{}, err
	}
	if !index {
		return listPage{links: src.classifyAll(base, locs)}, nil
	}
	var lp listPage
	for _, loc := range locs {
		if u, ok := normalizeURL(base, loc); ok {
			lp.links = append(lp.links, link{url: u, kind: kindList, sitemap: true, why: "sitemap"})
		}
	}
	return lp, nil
}
