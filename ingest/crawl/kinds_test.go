package crawl

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/fednews/fednews/internal/demosite"
)

// Each list kind of sources.example.toml crawls its section of the demo
// site completely; a second run costs a 304 per start URL and nothing
// else; past the re-check interval the list pages are read again and
// every article answers 304.
func TestDemoKinds(t *testing.T) {
	site, _ := newDemo(t)
	sections := map[string]demosite.Section{}
	for _, sec := range site.Sections() {
		sections[sec.Kind] = sec
	}
	for _, tc := range []struct {
		source, kind string
		lists        int // list documents read on the first run
		proxy        int // data-proxy requests (POST) among them
	}{
		{"demo-trs", demosite.KindTRS, demosite.TRSPages, 0},
		// The column page, then records 16–30 and 31–45.
		{"demo-hanweb", demosite.KindHanweb, 3, 2},
		{"demo-feed", demosite.KindFeed, 2, 0},
		// The index and its two parts.
		{"demo-sitemap", demosite.KindSitemap, 3, 0},
	} {
		t.Run(tc.source, func(t *testing.T) {
			sec := sections[tc.kind]
			srv, rec := serve(t, site)
			st, _ := openStore(t)
			ctx := context.Background()
			cfg := demoConfigAll(t, srv.URL)
			cfg.Sources = slices.DeleteFunc(cfg.Sources, func(s Source) bool { return s.Name != tc.source })
			if len(cfg.Sources) != 1 {
				t.Fatalf("sources.example.toml has no source %s", tc.source)
			}
			clk := &clock{now: time.Now()}
			opts := Options{Now: clk.Now}
			isArticle := map[string]bool{}
			for _, a := range sec.Articles {
				isArticle[a.Path] = true
			}
			split := func(hits []hit) (bodies, notModified, lists, proxy int) {
				for _, h := range hits {
					switch {
					case h.path == "/robots.txt":
					case isArticle[h.path] && h.status == http.StatusOK:
						bodies++
					case isArticle[h.path] && h.status == http.StatusNotModified:
						notModified++
					case h.status == http.StatusNotModified:
						lists++
						notModified++
					default:
						lists++
						if h.path == demosite.HanwebProxy {
							proxy++
						}
					}
				}
				return
			}

			sum, err := Run(ctx, cfg, st, opts)
			if err != nil {
				t.Fatal(err)
			}
			if sum.New != len(sec.Articles) || sum.FailedTotal() != 0 {
				t.Fatalf("first run: new %d, want %d; failed %v %v", sum.New, len(sec.Articles), sum.Failed, sum.Errors)
			}
			for _, a := range sec.Articles {
				doc, err := st.GetByURL(ctx, srv.URL+a.Path)
				if err != nil {
					t.Fatalf("%s: %v", a.Path, err)
				}
				if doc.Title != a.Title {
					t.Errorf("%s: title %q, want %q", a.Path, doc.Title, a.Title)
				}
			}
			bodies, _, lists, proxy := split(rec.taken())
			if bodies != len(sec.Articles) || lists != tc.lists || proxy != tc.proxy {
				t.Errorf("first run: %d article bodies (want %d), %d list documents (want %d), %d proxy pages (want %d)",
					bodies, len(sec.Articles), lists, tc.lists, proxy, tc.proxy)
			}

			sum, err = Run(ctx, cfg, st, opts)
			if err != nil {
				t.Fatal(err)
			}
			hits := rec.taken()
			bodies, nm, lists, _ := split(hits)
			if bodies != 0 || nm != len(cfg.Sources[0].Start) || lists != len(cfg.Sources[0].Start) || sum.New+sum.Updated != 0 {
				t.Errorf("second run: %d article bodies, %d answers 304, %d list requests; want 0 and one 304 per start URL (%d)\n%v",
					bodies, nm, lists, len(cfg.Sources[0].Start), hits)
			}

			clk.advance(cfg.Recheck.Duration + time.Minute)
			sum, err = Run(ctx, cfg, st, opts)
			if err != nil {
				t.Fatal(err)
			}
			bodies, nm, lists, _ = split(rec.taken())
			if bodies != 0 || nm != len(sec.Articles) || lists != tc.lists || sum.FailedTotal() != 0 {
				t.Errorf("past recheck: %d article bodies, %d articles 304 (want %d), %d list documents read (want %d), failed %v",
					bodies, nm, len(sec.Articles), lists, tc.lists, sum.Errors)
			}
		})
	}
}

// The last Hanweb record is reached through the data proxy, and the proxy
// is asked for exactly the pages the column has.
func TestHanwebPagingToLastRecord(t *testing.T) {
	site, _ := newDemo(t)
	var queries []string
	srv, _ := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == demosite.HanwebProxy {
			r.ParseForm()
			queries = append(queries, r.Method+" "+r.URL.Query().Get("startrecord")+"-"+r.URL.Query().Get("endrecord")+
				" columnid="+r.PostForm.Get("columnid"))
		}
		site.ServeHTTP(w, r)
	}))
	st, _ := openStore(t)
	cfg := demoConfigAll(t, srv.URL)
	cfg.Sources = slices.DeleteFunc(cfg.Sources, func(s Source) bool { return s.Name != "demo-hanweb" })
	cfg.Workers = 1 // the queries in order
	if _, err := Run(context.Background(), cfg, st, Options{}); err != nil {
		t.Fatal(err)
	}
	want := []string{"POST 16-30 columnid=1234", "POST 31-45 columnid=1234"}
	if !slices.Equal(queries, want) {
		t.Errorf("proxy queries %v, want %v", queries, want)
	}
	var sec demosite.Section
	for _, s := range site.Sections() {
		if s.Kind == demosite.KindHanweb {
			sec = s
		}
	}
	last := sec.Articles[len(sec.Articles)-1]
	doc, err := st.GetByURL(context.Background(), srv.URL+last.Path)
	if err != nil || doc.Title != last.Title || !strings.Contains(doc.Original, strings.Split(last.Body, "\n")[1]) {
		t.Errorf("last record %s: %v, %+v", last.Path, err, doc)
	}
}
