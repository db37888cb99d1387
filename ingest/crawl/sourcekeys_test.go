package crawl

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// A bad selector or exclude pattern is an error that names the line and
// the source; since reads a TOML date.
func TestSourceKeysConfig(t *testing.T) {
	const head = "[[source]]\nname = \"a\"\nstart = [\"https://a.example/\"]\narticles = ['/art/']\n"
	for _, tc := range []struct{ text, want string }{
		{head + "[source.selectors]\nbody = \"div#zoom\"\nauthor = \"span[\"\n", `line 7: source "a": selectors.author "span[" is not a CSS selector`},
		{head + "[source.selectors]\ntitle = \"h1 >> p\"\n", `line 6: source "a": selectors.title "h1 >> p" is not a CSS selector`},
		{head + "exclude = ['(']\n", `line 5: source "a": exclude: [0] "("`},
		{head + head + "kind = \"rss\"\n", `line 9: source "a": kind "rss"`},
	} {
		_, err := ParseConfig(tc.text)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("error %v, want %q", err, tc.want)
		}
	}
	cfg, err := ParseConfig(head + "since = 2024-06-01\nrecheck = \"24h\"\nuser_agent = \"x/1 (contact: a@b)\"\nexclude = ['/art/old/']\n")
	if err != nil {
		t.Fatal(err)
	}
	s := cfg.Sources[0]
	if s.Since.Format("2006-01-02") != "2024-06-01" || s.Recheck.Duration != 24*time.Hour || s.UserAgent != "x/1 (contact: a@b)" {
		t.Errorf("source %+v", s)
	}
	if s.classify("https://a.example/art/old/1.html") != kindOther || s.classify("https://a.example/art/1.html") != kindArticle {
		t.Error("exclude does not win over articles")
	}
}

// uaSite records the User-Agent of every request.
type uaSite struct {
	*tinySite
	mu  sync.Mutex
	uas map[string]string
}

func (s *uaSite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.uas[r.URL.Path] = r.UserAgent()
	s.mu.Unlock()
	s.tinySite.ServeHTTP(w, r)
}

func TestSourceKeysCrawl(t *testing.T) {
	ctx := context.Background()
	t.Run("selectors and user agent", func(t *testing.T) {
		site := &uaSite{tinySite: &tinySite{hits: map[string]int{}}, uas: map[string]string{}}
		srv, _ := serve(t, site)
		st, _ := openStore(t)
		cfg := tinyConfig(t, srv.URL, "user_agent = \"county-bot/2 (contact: ops@example.org)\"\n[source.selectors]\nsource = \"span.src\"\nauthor = \".au\"\n")
		if _, err := Run(ctx, cfg, st, Options{}); err != nil {
			t.Fatal(err)
		}
		d, err := st.GetByURL(ctx, srv.URL+"/a/1.html")
		if err != nil {
			t.Fatal(err)
		}
		if d.Source != "示例县工商联" || d.Author != "李明" {
			t.Errorf("source %q author %q, want 示例县工商联 and 李明", d.Source, d.Author)
		}
		if ua := site.uas["/a/1.html"]; ua != "county-bot/2 (contact: ops@example.org)" {
			t.Errorf("article asked for as %q", ua)
		}
	})
	t.Run("since", func(t *testing.T) {
		site := &tinySite{hits: map[string]int{}}
		srv, _ := serve(t, site)
		st, _ := openStore(t)
		sum, err := Run(ctx, tinyConfig(t, srv.URL, "since = 2024-06-01\n"), st, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if n, _ := st.Count(ctx); sum.TooOld != 1 || n != 0 || sum.FailedTotal() != 0 {
			t.Errorf("too old %d, stored %d, failed %v; want 1, 0, none", sum.TooOld, n, sum.Errors)
		}
		// Before the date: stored.
		st2, _ := openStore(t)
		if sum, _ := Run(ctx, tinyConfig(t, srv.URL, "since = 2024-03-01\n"), st2, Options{}); sum.New != 1 || sum.TooOld != 0 {
			t.Errorf("since 2024-03-01: new %d, too old %d", sum.New, sum.TooOld)
		}
	})
	t.Run("exclude and recheck", func(t *testing.T) {
		site := &tinySite{hits: map[string]int{}}
		srv, _ := serve(t, site)
		st, _ := openStore(t)
		clk := &clock{now: time.Now()}
		cfg := tinyConfig(t, srv.URL, "recheck = \"1h\"\nfollow_article_links = true\nexclude = ['/a/2\\.html$']\n")
		sum, err := Run(ctx, cfg, st, Options{Now: clk.Now})
		if err != nil {
			t.Fatal(err)
		}
		if hits := site.taken(); sum.New != 1 || hits["/a/2.html"] != 0 {
			t.Errorf("new %d, excluded page asked %d times", sum.New, hits["/a/2.html"])
		}
		clk.advance(2 * time.Hour) // past the source's recheck, not the file's
		if _, err := Run(ctx, cfg, st, Options{Now: clk.Now}); err != nil {
			t.Fatal(err)
		}
		if hits := site.taken(); hits["/a/1.html"] != 1 {
			t.Errorf("after the source's recheck: /a/1.html asked %d times, want 1", hits["/a/1.html"])
		}
	})
}
