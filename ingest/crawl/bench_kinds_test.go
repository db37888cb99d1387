package crawl

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// kindsSite serves the articles of a genSite behind the four kinds of list
// page, a quarter each: a TRS script pager, a Hanweb column with its data
// proxy, RSS feeds and a sitemap index.
type kindsSite struct {
	g       *genSite
	perList int
}

// quarter returns the first article and the count of kind k (0 TRS,
// 1 Hanweb, 2 feed, 3 sitemap).
func (s *kindsSite) quarter(k int) (first, n int) {
	q := len(s.g.pages) / 4
	if k == 3 {
		return 3 * q, len(s.g.pages) - 3*q
	}
	return k * q, q
}

func (s *kindsSite) pages(k int) int {
	_, n := s.quarter(k)
	return (n + s.perList - 1) / s.perList
}

// items returns the article numbers of page p (0-based) of kind k.
func (s *kindsSite) items(k, p int) []int {
	first, n := s.quarter(k)
	var out []int
	for i := first + p*s.perList; i < first+min((p+1)*s.perList, n); i++ {
		out = append(out, i)
	}
	return out
}

func (s *kindsSite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	page := func(prefix, suffix string) int {
		k, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(p, prefix), suffix))
		if err != nil {
			return -1
		}
		return k
	}
	var b strings.Builder
	switch {
	case p == "/trs/index.html" || strings.HasPrefix(p, "/trs/index_"):
		k := 0
		if p != "/trs/index.html" {
			if k = page("/trs/index_", ".html"); k < 1 || k >= s.pages(0) {
				http.NotFound(w, r)
				return
			}
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		for _, i := range s.items(0, k) {
			fmt.Fprintf(&b, "<li><a href=\"../a/%d.html\">第%d号</a></li>\n", i, i)
		}
		fmt.Fprintf(&b, `<script>var countPage = %d;var currentPage = %d;createPageHTML(countPage, currentPage, "index", "html");</script>`, s.pages(0), k)
	case p == "/hw/col/index.html":
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, n := s.quarter(1)
		b.WriteString(`<div id="9"><script type="text/xml"><datastore><nextgroup><![CDATA[<a href="/hw/dataproxy.jsp?page=1&columnid=7&unitid=9"></a>]]></nextgroup><recordset>`)
		for _, i := range s.items(1, 0) {
			fmt.Fprintf(&b, `<record><![CDATA[<li><a href="/a/%d.html">x</a></li>]]></record>`, i)
		}
		fmt.Fprintf(&b, `</recordset></datastore></script></div><script>$('#9').jpage({proxyUrl: '/hw/dataproxy.jsp', perPage: %d, totalRecord: %d});</script>`, s.perList, n)
	case p == "/hw/dataproxy.jsp":
		w.Header().Set("Content-Type", "text/xml")
		start, _ := strconv.Atoi(r.URL.Query().Get("startrecord"))
		b.WriteString("<datastore><recordset>")
		if start >= 1 {
			for _, i := range s.items(1, (start-1)/s.perList) {
				fmt.Fprintf(&b, `<record><![CDATA[<li><a href="/a/%d.html">x</a></li>]]></record>`, i)
			}
		}
		b.WriteString("</recordset></datastore>")
	case strings.HasPrefix(p, "/feed_"):
		k := page("/feed_", ".xml")
		if k < 0 || k >= s.pages(2) {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		b.WriteString("<rss><channel>")
		for _, i := range s.items(2, k) {
			fmt.Fprintf(&b, "<item><title>第%d号</title><link>/a/%d.html</link></item>", i, i)
		}
		b.WriteString("</channel></rss>")
	case p == "/sitemap.xml":
		w.Header().Set("Content-Type", "application/xml")
		b.WriteString("<sitemapindex>")
		for k := range s.pages(3) {
			fmt.Fprintf(&b, "<sitemap><loc>/sitemap_%d.xml</loc></sitemap>", k)
		}
		b.WriteString("</sitemapindex>")
	case strings.HasPrefix(p, "/sitemap_"):
		k := page("/sitemap_", ".xml")
		if k < 0 || k >= s.pages(3) {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/xml")
		b.WriteString("<urlset>")
		for _, i := range s.items(3, k) {
			fmt.Fprintf(&b, "<url><loc>/a/%d.html</loc></url>", i)
		}
		b.WriteString("</urlset>")
	default:
		s.g.ServeHTTP(w, r)
		return
	}
	fmt.Fprint(w, b.String())
}

// kindsConfig crawls a kindsSite with one source per kind, politeness off.
func (s *kindsSite) config(base string, _ int) *Config {
	cfg := Defaults
	cfg.Rate = 0
	cfg.Workers, cfg.Concurrency = 4, 8
	var feeds []string
	for k := range s.pages(2) {
		feeds = append(feeds, fmt.Sprintf("%s/feed_%d.xml", base, k))
	}
	art := []string{`/a/\d+\.html$`}
	cfg.Sources = []Source{
		{Name: "trs", Kind: KindTRS, Start: []string{base + "/trs/index.html"}, Articles: art, MaxDepth: 2, AllowPrivate: true},
		{Name: "hanweb", Kind: KindHanweb, Start: []string{base + "/hw/col/index.html"}, Articles: art, MaxDepth: 2, AllowPrivate: true},
		{Name: "feed", Kind: KindFeed, Start: feeds, Articles: art, MaxDepth: 2, AllowPrivate: true},
		{Name: "sitemap", Kind: KindSitemap, Start: []string{base + "/sitemap.xml"}, Articles: art, MaxDepth: 3, AllowPrivate: true},
	}
	return &cfg
}

// BenchmarkCrawlKinds10k: a crawl of 10,000 articles found through TRS
// pagers, a Hanweb data proxy, feeds and a sitemap index, politeness off.
func BenchmarkCrawlKinds10k(b *testing.B) {
	site := &kindsSite{g: newGenSite(b, 10000), perList: 50}
	benchSite(b, site.g, site, 10000, site.config)
}

// The benchmark's site is what it claims: every article is reached, each
// kind brings its quarter (a small one, for the test run).
func TestKindsBenchSite(t *testing.T) {
	site := &kindsSite{g: newGenSite(t, 403), perList: 20}
	srv, _ := serve(t, site)
	st, _ := openStore(t)
	sum, err := Run(t.Context(), site.config(srv.URL, 403), st, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.New != 403 || sum.FailedTotal() != 0 {
		t.Fatalf("new %d of 403, failed %v", sum.New, sum.Errors)
	}
	for k, name := range []string{"trs", "hanweb", "feed", "sitemap"} {
		if _, n := site.quarter(k); sum.Sources[name].New != n {
			t.Errorf("%s: new %d, want %d", name, sum.Sources[name].New, n)
		}
	}
}
