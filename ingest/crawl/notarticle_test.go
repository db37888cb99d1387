package crawl

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// A page the source's article pattern matches but which is an index of
// links is counted as not an article: neither stored nor a failure.
func TestCrawlCountsNotArticles(t *testing.T) {
	index := func() string {
		var b strings.Builder
		b.WriteString(`<html><head><meta charset="utf-8"><title>工作动态</title></head><body><ul>`)
		for i := range 12 {
			fmt.Fprintf(&b, `<li><a href="/x/%d.html">县工商联第%d次组织会员企业参加银企对接会</a><span>2024-03-%02d</span></li>`, i, i, i+1)
		}
		b.WriteString(`</ul></body></html>`)
		return b.String()
	}()
	srv, _ := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		switch r.URL.Path {
		case "/robots.txt":
			fmt.Fprint(w, "User-agent: *\n")
		case "/list.html":
			fmt.Fprint(w, `<html><body><a href="/a/ok.html">文章</a> <a href="/a/index.html">目录</a></body></html>`)
		case "/a/ok.html":
			fmt.Fprint(w, articleHTML("县工商联举办银企对接会", "utf-8", 1))
		case "/a/index.html":
			fmt.Fprint(w, index)
		default:
			http.NotFound(w, r)
		}
	}))
	st, _ := openStore(t)
	log, _ := newLog()
	clk := &clock{now: time.Now()}
	cfg := faultConfig(srv.URL)
	cfg.Sources[0].MaxDepth = 1
	sum, err := Run(context.Background(), cfg, st, Options{Log: log, Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	if sum.New != 1 || sum.NotArticles != 1 || sum.FailedTotal() != 0 {
		t.Errorf("new %d, not an article %d, failed %v; want 1, 1, none", sum.New, sum.NotArticles, sum.Failed)
	}
	if c := sum.Counts(); c["not_article"] != 1 {
		t.Errorf("run record counts %v: want not_article 1", c)
	}
}
