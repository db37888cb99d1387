package demosite

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"html/template"
	"math/rand/v2"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"
)

// The sections below imitate the content-management systems most county
// portals run, each with its own list pages: a TRS WCM column whose pager
// is written by script, a Hanweb (大汉) jpage column served in GBK whose
// records come from a data proxy, an RSS 2.0 and an Atom feed, and a
// sitemap index. Their articles are generated from the sentences of the
// hand-written ones, so that they read like news and no two are
// near-duplicates.

// Section kinds, as sources.toml names them.
const (
	KindTRS     = "trs"
	KindHanweb  = "hanweb"
	KindFeed    = "feed"
	KindSitemap = "sitemap"
)

// Section is one generated part of the site.
type Section struct {
	Kind     string
	Start    []string  // where a crawl of the section starts
	Articles []Article // newest first
}

// Section sizes: TRSPages list pages of TRSPerPage articles; HanwebRecords
// records, HanwebPerPage to a page (the first page inline).
const (
	TRSPages      = 12
	TRSPerPage    = 3
	HanwebRecords = 45
	HanwebPerPage = 15
	HanwebColumn  = 1234
	feedRSS       = 10
	feedAtom      = 6
	sitemapParts  = 2
	sitemapPer    = 10
)

// HanwebProxy is the path of the Hanweb data proxy.
const HanwebProxy = "/module/web/jpage/dataproxy.jsp"

// Sections returns the generated sections, articles copied.
func (s *Site) Sections() []Section {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]Section, len(s.sections))
	for i, sec := range s.sections {
		out[i] = Section{Kind: sec.kind, Start: sec.start}
		for _, a := range sec.articles {
			out[i].Articles = append(out[i].Articles, *a)
		}
	}
	return out
}

// section is a generated section as the site keeps it.
type section struct {
	kind     string
	start    []string
	articles []*Article
}

// newSections generates the sections' articles from the sentences of the
// hand-written ones, with a fixed seed: the site is the same every time.
func newSections(written []*Article) []*section {
	var sentences []string
	for _, a := range written {
		if a.RawHTML || a.Script != "hans" {
			continue
		}
		for s := range strings.SplitSeq(strings.ReplaceAll(a.Body, "\n", ""), "。") {
			if s = strings.TrimSpace(s); s != "" {
				sentences = append(sentences, s+"。")
			}
		}
	}
	rng := rand.New(rand.NewPCG(17, 2024))
	places := []string{"东城区", "西湖县", "南山镇", "北岭县", "青山区", "白河县", "临江市", "云溪县", "石桥镇", "凤凰县"}
	events := []string{"召开民营企业座谈会", "开展商会规范化建设调研", "举办企业家培训班", "组织会员企业参加招聘会",
		"走访重点民营企业", "召开执委会议", "开展助企纾困专项行动", "举办政企恳谈会", "推进“万企兴万村”行动", "召开异地商会联席会议"}
	n := 0
	gen := func(pathOf func(i int, t time.Time) string, count int, enc string) []*Article {
		var out []*Article
		for i := range count {
			n++
			t := time.Date(2024, 6, 30, 9, 0, 0, 0, cst).Add(-time.Duration(n) * 37 * time.Hour)
			var body []string
			for p := range 4 {
				var b strings.Builder
				for range 2 + p%2 {
					b.WriteString(sentences[rng.IntN(len(sentences))])
				}
				body = append(body, b.String())
			}
			title := fmt.Sprintf("%s工商联%s（第%d期）", places[rng.IntN(len(places))], events[rng.IntN(len(events))], n)
			a := &Article{Path: pathOf(i, t), Title: title, Source: "示例县工商联", Author: "办公室",
				Published: t, Body: strings.Join(body, "\n"), Encoding: enc, Label: enc, Declare: "meta",
				Script: "hans", Modified: t}
			out = append(out, a)
		}
		return out
	}
	trs := &section{kind: KindTRS, start: []string{"/gzdt/index.html"}}
	trs.articles = gen(func(i int, t time.Time) string {
		return fmt.Sprintf("/gzdt/%s/t%s_%d.html", t.Format("200601"), t.Format("20060102"), 100001+i)
	}, TRSPages*TRSPerPage, "utf-8")
	hw := &section{kind: KindHanweb, start: []string{fmt.Sprintf("/col/col%d/index.html", HanwebColumn)}}
	hw.articles = gen(func(i int, t time.Time) string {
		return fmt.Sprintf("/art/%d/%d/%d/art_%d_%d.html", t.Year(), t.Month(), t.Day(), HanwebColumn, 98001+i)
	}, HanwebRecords, "gbk")
	feed := &section{kind: KindFeed, start: []string{"/rss.xml", "/atom.xml"}}
	feed.articles = gen(func(i int, t time.Time) string {
		return fmt.Sprintf("/shzc/%s/%03d.html", t.Format("2006"), i+1)
	}, feedRSS+feedAtom, "utf-8")
	sm := &section{kind: KindSitemap, start: []string{"/sitemap.xml"}}
	sm.articles = gen(func(i int, t time.Time) string {
		return fmt.Sprintf("/tzgg/%s/%03d.html", t.Format("2006"), i+1)
	}, sitemapParts*sitemapPer, "utf-8")
	return []*section{trs, hw, feed, sm}
}

// renderSections renders the sections' articles and list pages into pages.
// The caller holds s.mu (or owns s).
func (s *Site) renderSections(pages map[string]*page) error {
	for _, sec := range s.sections {
		for _, a := range sec.articles {
			p, err := s.renderArticle(a, nil)
			if err != nil {
				return fmt.Errorf("demosite: %s: %w", a.Path, err)
			}
			pages[a.Path] = p
		}
		var err error
		switch sec.kind {
		case KindTRS:
			err = s.renderTRS(pages, sec.articles)
		case KindHanweb:
			err = s.renderHanweb(pages, sec.articles)
		case KindFeed:
			renderFeeds(pages, sec.articles)
		case KindSitemap:
			renderSitemaps(pages, sec.articles)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func newestOf(arts []*Article) time.Time {
	var t time.Time
	for _, a := range arts {
		t = later(t, a.Modified)
	}
	return t
}

// renderTRS renders index.html, index_1.html … with relative article links
// (./202403/t20240315_100001.html), as TRS WCM publishes them.
func (s *Site) renderTRS(pages map[string]*page, arts []*Article) error {
	for p := range TRSPages {
		var items []listItem
		for _, a := range arts[p*TRSPerPage : (p+1)*TRSPerPage] {
			items = append(items, listItem{"./" + strings.TrimPrefix(a.Path, "/gzdt/"), a.Title, a.Published.Format("2006-01-02")})
		}
		data := map[string]any{"Title": chrome["hans"].News, "Items": items, "Pages": TRSPages, "Page": p}
		pg, err := s.renderPage("trs_list.html", data, "hans", "utf-8", "utf-8", "header", newestOf(arts))
		if err != nil {
			return fmt.Errorf("demosite: TRS list %d: %w", p, err)
		}
		name := "/gzdt/index.html"
		if p > 0 {
			name = fmt.Sprintf("/gzdt/index_%d.html", p)
		}
		pages[name] = pg
	}
	return nil
}

// renderHanweb renders the column page in GBK with the first page of
// records inline; the data proxy serves the others (see serveProxy).
func (s *Site) renderHanweb(pages map[string]*page, arts []*Article) error {
	// The datastore is XML inside a script element: html/template would
	// escape its CDATA sections, so it is written here.
	var ds strings.Builder
	fmt.Fprintf(&ds, `<datastore>
<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid=2&path=/&columnid=%d&unitid=5678&webname=示例工商联&permissiontype=0"></a>]]></nextgroup>
<recordset>
`, HanwebColumn)
	for _, a := range arts[:HanwebPerPage] {
		fmt.Fprintf(&ds, "<record><![CDATA[%s]]></record>\n", hanwebRecord(a))
	}
	ds.WriteString("</recordset>\n</datastore>")
	data := map[string]any{"Title": chrome["hans"].Chambers, "DataStore": template.HTML(ds.String()),
		"Unit": "5678", "Column": HanwebColumn, "WebName": "示例工商联", "PerPage": HanwebPerPage, "Count": len(arts)}
	pg, err := s.renderPage("hanweb_col.html", data, "hans", "gbk", "gbk", "meta", newestOf(arts))
	if err != nil {
		return fmt.Errorf("demosite: Hanweb column: %w", err)
	}
	pages[fmt.Sprintf("/col/col%d/index.html", HanwebColumn)] = pg
	return nil
}

// hanwebRecord is one record of a Hanweb list: an HTML fragment.
func hanwebRecord(a *Article) string {
	var rec bytes.Buffer
	fmt.Fprintf(&rec, `<li><a href="%s" target="_blank" title="`, a.Path)
	xml.EscapeText(&rec, []byte(a.Title))
	rec.WriteString(`">`)
	xml.EscapeText(&rec, []byte(a.Title))
	fmt.Fprintf(&rec, "</a><span>%s</span></li>", a.Published.Format("2006-01-02"))
	return rec.String()
}

// serveProxy answers the Hanweb data proxy: records startrecord to
// endrecord (1-based, inclusive) of the column named in the form or the
// query, as GBK XML that says so only in its declaration. Like the real
// one it is dynamic: no validators, a fresh answer every time.
func (s *Site) serveProxy(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	var arts []*Article
	s.mu.RLock()
	for _, sec := range s.sections {
		if sec.kind == KindHanweb && r.Form.Get("columnid") == strconv.Itoa(HanwebColumn) {
			arts = sec.articles
		}
	}
	s.mu.RUnlock()
	start, _ := strconv.Atoi(r.URL.Query().Get("startrecord"))
	end, _ := strconv.Atoi(r.URL.Query().Get("endrecord"))
	start, end = max(start, 1), min(end, len(arts))
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="GBK"?>` + "\n<datastore>\n")
	fmt.Fprintf(&b, "<totalrecord>%d</totalrecord>\n<recordset>\n", len(arts))
	for i := start; i <= end; i++ {
		fmt.Fprintf(&b, "<record><![CDATA[%s]]></record>\n", hanwebRecord(arts[i-1]))
	}
	b.WriteString("</recordset>\n</datastore>\n")
	body, err := encoders["gbk"].NewEncoder().Bytes(b.Bytes())
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/xml")
	w.Write(body)
}

// renderFeeds renders /rss.xml (RSS 2.0) and /atom.xml (Atom) over the
// feed section's articles.
func renderFeeds(pages map[string]*page, arts []*Article) {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<rss version="2.0"><channel><title>商会之窗</title><link>/shzc/</link>` + "\n")
	for _, a := range arts[:feedRSS] {
		b.WriteString("<item><title>")
		xml.EscapeText(&b, []byte(a.Title))
		fmt.Fprintf(&b, "</title><link>%s%s</link><pubDate>%s</pubDate><description>", absHost, a.Path, a.Published.Format(time.RFC1123Z))
		xml.EscapeText(&b, []byte(strings.Split(a.Body, "\n")[0]))
		b.WriteString("</description></item>\n")
	}
	b.WriteString("</channel></rss>\n")
	// The feed names the site by the address it was published under;
	// ServeHTTP rewrites it to the one the request came in on.
	pages["/rss.xml"] = newPage(bytes.Clone(b.Bytes()), "application/rss+xml; charset=utf-8", newestOf(arts[:feedRSS]))

	b.Reset()
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?>` + "\n" + `<feed xmlns="http://www.w3.org/2005/Atom"><title>营商环境</title><id>urn:demo:atom</id>` + "\n")
	for _, a := range arts[feedRSS:] {
		b.WriteString("<entry><title>")
		xml.EscapeText(&b, []byte(a.Title))
		fmt.Fprintf(&b, `</title><link rel="alternate" type="text/html" href="%s"/><id>urn:demo:%s</id><updated>%s</updated></entry>`+"\n",
			a.Path, path.Base(a.Path), a.Published.Format(time.RFC3339))
	}
	b.WriteString("</feed>\n")
	pages["/atom.xml"] = newPage(b.Bytes(), "application/atom+xml", newestOf(arts[feedRSS:]))
}

// renderSitemaps renders /sitemap.xml, an index of sitemap parts, each a
// urlset of articles that no list page links.
func renderSitemaps(pages map[string]*page, arts []*Article) {
	var idx bytes.Buffer
	idx.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for p := range sitemapParts {
		part := arts[p*sitemapPer : (p+1)*sitemapPer]
		name := fmt.Sprintf("/sitemap/tzgg-%d.xml", p+1)
		fmt.Fprintf(&idx, "<sitemap><loc>%s%s</loc><lastmod>%s</lastmod></sitemap>\n", absHost, name, part[0].Published.Format("2006-01-02"))
		var b bytes.Buffer
		b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
		for _, a := range part {
			fmt.Fprintf(&b, "<url><loc>%s%s</loc><lastmod>%s</lastmod></url>\n", absHost, a.Path, a.Published.Format(time.RFC3339))
		}
		b.WriteString("</urlset>\n")
		pages[name] = newPage(b.Bytes(), "application/xml", newestOf(part))
	}
	idx.WriteString("</sitemapindex>\n")
	pages["/sitemap.xml"] = newPage(idx.Bytes(), "text/xml; charset=utf-8", newestOf(arts))
}

// absHost is the placeholder host of absolute URLs in feeds and sitemaps,
// which must name the site: ServeHTTP puts in the request's host.
const absHost = "http://demo.invalid"
