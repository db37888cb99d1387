package crawl

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// A dry run reads list pages only, says what every link matched, and
// neither fetches an article nor needs a store.
func TestDryRun(t *testing.T) {
	site, _ := newDemo(t)
	srv, rec := serve(t, site)
	cfg := demoConfigAll(t, srv.URL)
	cfg.Sources[0].Exclude = []string{`/news/2021/0318/`}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	failed, err := DryRun(context.Background(), cfg, nil, &out)
	if err != nil || failed != 0 {
		t.Fatalf("dry run: %d failed, %v\n%s", failed, err, out.String())
	}
	for _, want := range []string{
		"source demo: " + srv.URL + "/news/list_1.html\n",
		"  exclude  " + srv.URL + "/news/2021/0318/a01.html\n",
		"  lists    " + srv.URL + "/news/list_2.html\n",
		"  nothing  " + srv.URL + "/about.html\n",
		"source demo-trs: " + srv.URL + "/gzdt/index_11.html\n",
		"  pager    " + srv.URL + "/gzdt/index_11.html\n",
		"  proxy    " + srv.URL + "/module/web/jpage/dataproxy.jsp?endrecord=45&perpage=15&startrecord=31\n",
		"  sitemap  " + srv.URL + "/sitemap/tzgg-2.xml\n",
		"  articles " + srv.URL + "/tzgg/2024/020.html\n",
		"  articles " + srv.URL + "/shzc/2024/016.html\n",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("dry run output lacks %q", want)
		}
	}
	article := regexp.MustCompile(`^/(news/20|art/|tzgg/|shzc/|gzdt/\d{6}/)`)
	lists := 0
	for _, h := range rec.taken() {
		if article.MatchString(h.path) {
			t.Errorf("dry run fetched article %s", h.path)
		} else if h.status == http.StatusOK && h.path != "/robots.txt" {
			lists++
		}
	}
	// demo 3 (max_depth 6 from list_1 reaches list_3… all 3), TRS 12,
	// Hanweb 3, feeds 2, sitemaps 3.
	if lists != 3+12+3+2+3 {
		t.Errorf("%d list documents read", lists)
	}
}
