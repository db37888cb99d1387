package crawl

import (
	"net/url"
	"slices"
	"strings"
	"testing"
)

func TestParseTRSPager(t *testing.T) {
	def := `function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt) { }` + "\n"
	for _, tc := range []struct {
		name, script string
		ok           bool
		want         trsPager
	}{
		{"variables", def + "var countPage = 12//共多少页\nvar currentPage = 0;\ncreatePageHTML(countPage, currentPage, \"index\", \"html\");", true, trsPager{12, 0, "index", "html"}},
		{"literals", `createPageHTML(5, 2, 'list', 'shtml');`, true, trsPager{5, 2, "list", "shtml"}},
		{"definition only", def, false, trsPager{}},
		{"unknown variable", `createPageHTML(n, 0, "index", "html");`, false, trsPager{}},
		{"no pages", `createPageHTML(0, 0, "index", "html");`, false, trsPager{}},
		{"spaces", "var countPage=3;var currentPage=1;createPageHTML( countPage , currentPage , \"index\" , \"htm\" )", true, trsPager{3, 1, "index", "htm"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := parseTRSPager(tc.script)
			if ok != tc.ok || got != tc.want {
				t.Errorf("parseTRSPager = %+v, %v; want %+v, %v", got, ok, tc.want, tc.ok)
			}
		})
	}
	names, over := trsPager{Count: 3, Name: "index", Ext: "html"}.pages()
	if !slices.Equal(names, []string{"index.html", "index_1.html", "index_2.html"}) || over {
		t.Errorf("pages = %v, %v", names, over)
	}
	// A pager that claims a billion pages is cut at maxPagerPages.
	names, over = trsPager{Count: 1e9, Name: "index", Ext: "html"}.pages()
	if len(names) != maxPagerPages || !over {
		t.Errorf("%d pages, over %v; want %d, true", len(names), over, maxPagerPages)
	}
}

func TestParseFeed(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       []string
		err        string
	}{
		{"rss", `<?xml version="1.0" encoding="gb2312"?><rss version="2.0"><channel><link>http://s/</link>
<item><title>甲 &amp; 乙</title><link> http://s/a/1.html </link></item><item><link>/a/2.html</link><guid>x</guid></item></channel></rss>`,
			[]string{"http://s/a/1.html", "/a/2.html"}, ""},
		{"atom", `<feed xmlns="http://www.w3.org/2005/Atom"><link href="http://s/"/><entry><link rel="self" href="/self"/><link href="/a/1.html"/></entry>
<entry><link rel="alternate" type="text/html" href="/a/2.html"/></entry></feed>`, []string{"/a/1.html", "/a/2.html"}, ""},
		{"rdf", `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><item><link>/a/1.html</link></item></rdf:RDF>`, []string{"/a/1.html"}, ""},
		{"html entities", `<rss><channel><item><title>&nbsp;x&mdash;</title><link>/a/1.html</link></item></channel></rss>`, []string{"/a/1.html"}, ""},
		{"html", `<!DOCTYPE html><html><body><a href="/a/1.html">x</a></body></html>`, nil, "not a feed"},
		{"not xml", `这不是XML`, nil, "not XML"},
		{"cut", `<rss><channel><item><link>/a/1.html</link></item><item><link>/a/2`, nil, "not well-formed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parseFeed(tc.text)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Errorf("err = %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil || !slices.Equal(got, tc.want) {
				t.Errorf("parseFeed = %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}

func TestParseSitemap(t *testing.T) {
	locs, index, err := parseSitemap(`<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>http://s/sm-1.xml</loc></sitemap><sitemap><loc> http://s/sm-2.xml </loc><lastmod>2024-01-01</lastmod></sitemap></sitemapindex>`)
	if err != nil || !index || !slices.Equal(locs, []string{"http://s/sm-1.xml", "http://s/sm-2.xml"}) {
		t.Errorf("index: %q %v %v", locs, index, err)
	}
	locs, index, err = parseSitemap(`<urlset><url><loc>http://s/a/1.html</loc><image:image><image:loc>http://s/1.jpg</image:loc></image:image></url></urlset>`)
	if err != nil || index || !slices.Equal(locs, []string{"http://s/a/1.html"}) {
		t.Errorf("urlset: %q %v %v", locs, index, err)
	}
	if _, _, err := parseSitemap(`<html><body>404</body></html>`); err == nil || !strings.Contains(err.Error(), "not a sitemap") {
		t.Errorf("html: %v", err)
	}
}

func TestParseDatastore(t *testing.T) {
	ds, err := parseDatastore(`<datastore><nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&columnid=7&unitid=9"></a>]]></nextgroup>
<totalrecord> 31 </totalrecord><recordset><record><![CDATA[<li><a href="/art/1.html">一</a></li>]]></record>
<record><![CDATA[<li><a href='/art/2.html'>二</a></li>]]></record></recordset></datastore>`)
	if err != nil || len(ds.Records) != 2 || ds.Total != 31 || !strings.Contains(ds.NextGroup, "columnid=7") {
		t.Fatalf("datastore = %+v, %v", ds, err)
	}
	base, _ := url.Parse("http://s/col/col7/index.html")
	w, ok := newHanwebWalk(base, ds.NextGroup, "$('#9').jpage({ proxyUrl: '/module/web/jpage/dataproxy.jsp', perPage: 10, totalRecord: 31 })")
	if !ok || w.PerPage != 10 || w.Total != 31 || w.Form != "columnid=7&unitid=9" || w.Proxy != "http://s/module/web/jpage/dataproxy.jsp" {
		t.Errorf("walk = %+v, %v", w, ok)
	}
	if got := w.page(11); got != "http://s/module/web/jpage/dataproxy.jsp?endrecord=20&perpage=10&startrecord=11" {
		t.Errorf("page(11) = %s", got)
	}
	if _, ok := newHanwebWalk(base, "", "perPage: 10"); ok {
		t.Error("a walk without a column")
	}
	if _, err := parseDatastore(`<html><body>系统繁忙</body></html>`); err == nil {
		t.Error("HTML accepted as a datastore")
	}
}

// A data-proxy walk ends when the records run out, and is cut at
// maxPagerPages.
func TestReadProxyPageEnds(t *testing.T) {
	src := &Source{Kind: KindHanweb}
	records := func(n int) string {
		var b strings.Builder
		b.WriteString("<datastore><recordset>")
		for i := range n {
			b.WriteString(`<record><![CDATA[<a href="/art/` + string(rune('a'+i%26)) + `.html">x</a>]]></record>`)
		}
		b.WriteString("</recordset></datastore>")
		return b.String()
	}
	walk := &hanwebWalk{Proxy: "http://s/p.jsp", Form: "columnid=1", PerPage: 15}
	at := func(start int) string { return walk.page(start) }
	for _, tc := range []struct {
		name      string
		start, n  int
		total     int
		pages     int
		wantNext  bool
		wantLimit bool
	}{
		{"full page", 16, 15, 0, 1, true, false},
		{"short page", 16, 7, 0, 1, false, false},
		{"empty page", 16, 0, 0, 1, false, false},
		{"total reached", 31, 15, 45, 1, false, false},
		{"limit", 16, 15, 0, maxPagerPages - 1, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := *walk
			w.Total, w.Pages = tc.total, tc.pages
			base, _ := url.Parse(at(tc.start))
			lp, err := readProxyPage(src, job{walk: &w}, base, records(tc.n))
			if err != nil {
				t.Fatal(err)
			}
			if (lp.next != nil) != tc.wantNext || (lp.limit != nil) != tc.wantLimit {
				t.Errorf("next %v, limit %v", lp.next, lp.limit)
			}
			if lp.next != nil && lp.next.url != at(tc.start+15) {
				t.Errorf("next %s, want %s", lp.next.url, at(tc.start+15))
			}
		})
	}
}

func FuzzTRSPager(f *testing.F) {
	f.Add(`var countPage = 12;var currentPage = 0;createPageHTML(countPage, currentPage, "index", "html");`)
	f.Add(`createPageHTML(99999999999999999999, 0, "index", "html")`)
	f.Add(`createPageHTML(3, x, "", "html")`)
	f.Fuzz(func(t *testing.T, script string) {
		p, ok := parseTRSPager(script)
		if !ok {
			return
		}
		names, _ := p.pages()
		if p.Count < 1 || len(names) > maxPagerPages || len(names) != min(p.Count, maxPagerPages) {
			t.Fatalf("pager %+v gave %d pages", p, len(names))
		}
	})
}

func FuzzDatastore(f *testing.F) {
	f.Add(`<datastore><nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&columnid=7"></a>]]></nextgroup><recordset><record><![CDATA[<li><a href="/art/1.html">一</a></li>]]></record></recordset></datastore>`)
	f.Add(`<?xml version="1.0" encoding="GBK"?><datastore><totalrecord>-5</totalrecord></datastore>`)
	f.Add(`<datastore><record><record>`)
	base, _ := url.Parse("http://s/col/index.html")
	src := &Source{Kind: KindHanweb}
	f.Fuzz(func(t *testing.T, text string) {
		ds, err := parseDatastore(text)
		if err != nil {
			return
		}
		if len(ds.Records) > maxListLinks {
			t.Fatalf("%d records", len(ds.Records))
		}
		if w, ok := newHanwebWalk(base, ds.NextGroup, text); ok && (w.PerPage < 1 || w.Proxy == "") {
			t.Fatalf("walk %+v", w)
		}
		src.recordLinks(base, ds.Records)
	})
}

func FuzzFeed(f *testing.F) {
	f.Add(`<rss><channel><item><link>/a/1.html</link></item></channel></rss>`)
	f.Add(`<feed><entry><link href="/a/1.html"/></entry></feed>`)
	f.Add(`<rss><item><link><link>x</link></link></item>`)
	f.Fuzz(func(t *testing.T, text string) {
		links, err := parseFeed(text)
		if err == nil && len(links) > maxListLinks {
			t.Fatalf("%d links", len(links))
		}
	})
}

func FuzzSitemap(f *testing.F) {
	f.Add(`<sitemapindex><sitemap><loc>http://s/1.xml</loc></sitemap></sitemapindex>`)
	f.Add(`<urlset><url><loc>http://s/a.html</loc></url></urlset>`)
	f.Add(`<urlset><url><loc>`)
	f.Fuzz(func(t *testing.T, text string) {
		locs, _, err := parseSitemap(text)
		if err == nil && len(locs) > maxListLinks {
			t.Fatalf("%d locs", len(locs))
		}
	})
}
