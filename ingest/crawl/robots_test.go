package crawl

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// A robots.txt far over max_body is parsed up to its first 500 KiB (RFC
// 9309 §2.5) instead of failing the host as "server error".
func TestHugeRobots(t *testing.T) {
	robots := "User-agent: *\nDisallow: /private/\n" + strings.Repeat("# 这是一行很长的注释，用来把文件撑大。\n", 50<<20/64)
	srv, _ := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			w.Header().Set("Content-Type", "text/plain")
			fmt.Fprint(w, robots)
		default:
			fmt.Fprint(w, articleHTML("文章", "utf-8", 1))
		}
	}))
	cfg := faultConfig(srv.URL)
	f := NewFetcher(cfg, nil)
	defer f.Close()
	if _, err := f.Fetch(context.Background(), Request{URL: srv.URL + "/a/1.html", Source: &cfg.Sources[0]}); err != nil {
		t.Errorf("allowed page: %v", err)
	}
	if _, err := f.Fetch(context.Background(), Request{URL: srv.URL + "/private/1.html", Source: &cfg.Sources[0]}); !errors.Is(err, ErrDisallowed) {
		t.Errorf("disallowed page: %v, want ErrDisallowed", err)
	}
}
