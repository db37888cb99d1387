package crawl

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
)

// List documents that are wrong in the ways real sites are wrong: each is
// bounded and counted as a failure of its reason, and the run goes on to
// store the articles of the source that works.
func TestBadListDocuments(t *testing.T) {
	site, _ := newDemo(t)
	var repeats, streamed atomic.Int64
	column := func(proxy string) string {
		var b strings.Builder
		b.WriteString(`<html><head><meta charset="utf-8"></head><body><div id="9"><script type="text/xml"><datastore>`)
		fmt.Fprintf(&b, `<nextgroup><![CDATA[<a href="%s?page=1&columnid=7&unitid=9"></a>]]></nextgroup><recordset>`, proxy)
		for i := range 15 {
			fmt.Fprintf(&b, `<record><![CDATA[<li><a href="/gone%s/%d.html">x</a></li>]]></record>`, proxy, i)
		}
		b.WriteString(`</recordset></datastore></script></div><script>$('#9').jpage({perPage: 15, totalRecord: 900});</script></body></html>`)
		return b.String()
	}
	bad := map[string]func(w http.ResponseWriter, r *http.Request){
		"/bad/hw-html/index.html": func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, column("/bad/proxy-html.jsp")) },
		"/bad/proxy-html.jsp": func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, "<html><body>系统繁忙，请稍后再试</body></html>")
		},
		"/bad/hw-repeat/index.html": func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, column("/bad/proxy-repeat.jsp")) },
		// Ignores startrecord: the same full page for ever.
		"/bad/proxy-repeat.jsp": func(w http.ResponseWriter, r *http.Request) {
			repeats.Add(1)
			w.Header().Set("Content-Type", "text/xml")
			b := "<datastore><recordset>"
			for i := range 15 {
				b += fmt.Sprintf(`<record><![CDATA[<a href="/gone/r%d.html">x</a>]]></record>`, i)
			}
			fmt.Fprint(w, b+"</recordset></datastore>")
		},
		"/bad/feed.html": func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, `<html><body><a href="/shzc/2024/001.html">x</a></body></html>`)
		},
		"/bad/feed-cut.xml": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprint(w, `<rss><channel><item><link>/shzc/2024/002.html</link></item><item><link>/shz`)
		},
		// 1 GiB of sitemap, sent until the reader hangs up.
		"/bad/huge.xml": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/xml")
			fmt.Fprint(w, "<urlset>")
			chunk := []byte(strings.Repeat("<url><loc>http://h/a.html</loc></url>\n", 1<<10))
			for sent := 0; sent < 1<<30; sent += len(chunk) {
				if _, err := w.Write(chunk); err != nil {
					return
				}
				streamed.Add(int64(len(chunk)))
			}
		},
		"/bad/self.xml": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/xml")
			fmt.Fprintf(w, `<sitemapindex><sitemap><loc>http://%s/bad/self.xml</loc></sitemap></sitemapindex>`, r.Host)
		},
	}
	srv, _ := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/gone/") {
			fmt.Fprintf(w, `<html><head><meta charset="utf-8"><title>%s</title></head><body><h1>记录%s</h1>
<div id="zoom"><p>县工商联召开民营企业座谈会，听取企业对营商环境的意见建议，现场协调解决融资、用工等问题十余个。编号%s。</p></div></body></html>`,
				r.URL.Path, r.URL.Path, r.URL.Path)
			return
		}
		if h := bad[r.URL.Path]; h != nil {
			h(w, r)
			return
		}
		site.ServeHTTP(w, r)
	}))
	cfg := demoConfigAll(t, srv.URL)
	var good Source
	for _, s := range cfg.Sources {
		if s.Name == "demo-feed" {
			good = s
		}
	}
	good.Start = good.Start[:1] // rss.xml: 10 articles
	cfg.Sources = []Source{good}
	for _, s := range []struct{ name, kind, start string }{
		{"hw-html", KindHanweb, "/bad/hw-html/index.html"},
		{"hw-repeat", KindAuto, "/bad/hw-repeat/index.html"},
		{"feed-html", KindFeed, "/bad/feed.html"},
		{"feed-cut", KindFeed, "/bad/feed-cut.xml"},
		{"sitemap-huge", KindSitemap, "/bad/huge.xml"},
		{"sitemap-self", KindAuto, "/bad/self.xml"},
	} {
		cfg.Sources = append(cfg.Sources, Source{Name: s.name, Kind: s.kind, Start: []string{srv.URL + s.start},
			Articles: []string{`/gone/`}, MaxDepth: 5, AllowPrivate: true})
	}
	cfg.MaxBody = 1 << 20
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	st, _ := openStore(t)
	sum, err := Run(context.Background(), cfg, st, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"list_kind": 2, "pager_repeat": 1, "list_parse": 1, "too_large": 1, "sitemap_loop": 1}
	if !maps.Equal(sum.Failed, want) {
		t.Errorf("failed %v, want %v\n%s", sum.Failed, want, strings.Join(sum.Errors, "\n"))
	}
	// The good feed's 10, the 15 inline records of each column, and the
	// repeating proxy's 15.
	if sum.New != 10+15+15+15 {
		t.Errorf("stored %d articles, want %d", sum.New, 10+15+15+15)
	}
	if n := repeats.Load(); n != 2 {
		t.Errorf("the repeating proxy was asked %d times, want 2", n)
	}
	if n := streamed.Load(); n > 64<<20 {
		t.Errorf("%d MiB of the huge sitemap were sent before the crawler hung up", n>>20)
	}
}
