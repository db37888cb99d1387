package demosite

import (
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

func get(t *testing.T, h http.Handler, path string, hdr map[string]string) *http.Response {
	t.Helper()
	req := httptest.NewRequest("GET", path, nil)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func readAll(t *testing.T, r *http.Response) []byte {
	t.Helper()
	b, err := io.ReadAll(r.Body)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestCorpusShape(t *testing.T) {
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	scripts := map[string]int{}
	encs := map[string]int{}
	years := map[int]bool{}
	public := 0
	for _, a := range s.Articles() {
		if a.Private {
			continue
		}
		public++
		scripts[a.Script]++
		encs[a.Encoding+"/"+a.Declare]++
		years[a.Published.Year()] = true
		if n := utf8.RuneCountInString(a.Body); !a.RawHTML && (n < 300 || n > 1200) {
			t.Errorf("%s: body has %d characters, want 300–1200", a.Path, n)
		}
		if a.Source == "" || a.Author == "" {
			t.Errorf("%s: no source or author", a.Path)
		}
	}
	if public < 24 {
		t.Errorf("%d public articles, want at least 24", public)
	}
	if scripts["hans"] < 8 || scripts["hant"] < 5 {
		t.Errorf("scripts = %v, want both", scripts)
	}
	for _, want := range []string{"utf-8/header", "gbk/header", "gbk/meta", "gbk/none", "big5/header", "big5/meta"} {
		if encs[want] == 0 {
			t.Errorf("no article served as %s (have %v)", want, encs)
		}
	}
	for y := 2021; y <= 2025; y++ {
		if !years[y] {
			t.Errorf("no article published in %d", y)
		}
	}
}

// Every article page decodes, in the encoding the manifest names, to a page
// that holds its title and every paragraph; the declaration is where the
// manifest says.
func TestArticlePagesEncoded(t *testing.T) {
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	metaRe := regexp.MustCompile(`(?i)<meta[^>]+charset=([a-z0-9-]+)`)
	for _, a := range s.Articles() {
		t.Run(a.File, func(t *testing.T) {
			resp := get(t, s, a.Path, nil)
			if resp.StatusCode != 200 {
				t.Fatalf("status %d", resp.StatusCode)
			}
			raw := readAll(t, resp)
			text := string(raw)
			if e, ok := encoders[a.Encoding]; ok {
				b, err := e.NewDecoder().Bytes(raw)
				if err != nil {
					t.Fatal(err)
				}
				text = string(b)
				if utf8.Valid(raw) {
					t.Errorf("%s page is valid UTF-8: not encoded", a.Encoding)
				}
			}
			text = html.UnescapeString(text)
			if !strings.Contains(text, a.Title) {
				t.Errorf("title %q not on the page", a.Title)
			}
			if !a.RawHTML {
				for p := range strings.SplitSeq(a.Body, "\n") {
					if !strings.Contains(text, p) {
						t.Errorf("paragraph %q not on the page", p)
					}
				}
			}
			ct := resp.Header.Get("Content-Type")
			m := metaRe.FindStringSubmatch(text)
			switch a.Declare {
			case "header":
				if !strings.HasSuffix(ct, "charset="+a.Label) || m == nil {
					t.Errorf("declared in header: Content-Type %q, meta %v", ct, m)
				}
			case "meta":
				if strings.Contains(ct, "charset") || m == nil || m[1] != a.Label {
					t.Errorf("declared in meta only: Content-Type %q, meta %v", ct, m)
				}
			case "none":
				if strings.Contains(ct, "charset") || m != nil {
					t.Errorf("declared nowhere: Content-Type %q, meta %v", ct, m)
				}
			}
		})
	}
}

func TestListsRobotsAndRedirect(t *testing.T) {
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	linkRe := regexp.MustCompile(`href="(/(?:news|private)/[^"]+)"`)
	linked := map[string]bool{}
	for p := 1; ; p++ {
		resp := get(t, s, "/news/list_"+string(rune('0'+p))+".html", nil)
		if resp.StatusCode == 404 {
			if p < 3 {
				t.Fatalf("only %d list pages", p-1)
			}
			break
		}
		for _, m := range linkRe.FindAllStringSubmatch(string(readAll(t, resp)), -1) {
			linked[m[1]] = true
		}
	}
	for _, a := range s.Articles() {
		if !linked[a.Path] {
			t.Errorf("%s is not linked from any list page", a.Path)
		}
	}
	robots := string(readAll(t, get(t, s, "/robots.txt", nil)))
	if !strings.Contains(robots, "Disallow: /private/") {
		t.Errorf("robots.txt = %q", robots)
	}
	if resp := get(t, s, "/news/", nil); resp.StatusCode != http.StatusMovedPermanently {
		t.Errorf("/news/ status %d, want 301", resp.StatusCode)
	}
	if resp := get(t, s, "/nope.html", nil); resp.StatusCode != 404 {
		t.Errorf("missing page status %d", resp.StatusCode)
	}
}

func TestInertScriptPage(t *testing.T) {
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, a := range s.Articles() {
		if !a.RawHTML {
			continue
		}
		found = true
		page := string(readAll(t, get(t, s, a.Path, nil)))
		for _, want := range []string{"<script>alert(1)</script>", `onerror="alert(2)"`, `href="javascript:alert(3)"`, "&lt;script&gt;"} {
			if !strings.Contains(page, want) {
				t.Errorf("page lacks %s", want)
			}
		}
	}
	if !found {
		t.Fatal("no raw-HTML article")
	}
}

func TestConditionalAndSetBody(t *testing.T) {
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	var a, b Article
	for _, x := range s.Articles() {
		if x.Encoding == "utf-8" && !x.RawHTML {
			a, b = b, x
		}
	}
	first := get(t, s, a.Path, nil)
	etag, lm := first.Header.Get("ETag"), first.Header.Get("Last-Modified")
	if etag == "" || lm == "" {
		t.Fatalf("ETag %q Last-Modified %q", etag, lm)
	}
	if r := get(t, s, a.Path, map[string]string{"If-None-Match": etag}); r.StatusCode != 304 || len(readAll(t, r)) != 0 {
		t.Errorf("If-None-Match: status %d", r.StatusCode)
	}
	if r := get(t, s, a.Path, map[string]string{"If-Modified-Since": lm}); r.StatusCode != 304 {
		t.Errorf("If-Modified-Since: status %d", r.StatusCode)
	}
	if err := s.SetBody(a.Path, "新的第一段。\n新的第二段。"); err != nil {
		t.Fatal(err)
	}
	r := get(t, s, a.Path, map[string]string{"If-None-Match": etag})
	if r.StatusCode != 200 || r.Header.Get("ETag") == etag {
		t.Fatalf("after SetBody: status %d ETag %q", r.StatusCode, r.Header.Get("ETag"))
	}
	if r := get(t, s, a.Path, map[string]string{"If-Modified-Since": lm}); r.StatusCode != 200 {
		t.Errorf("after SetBody, If-Modified-Since: status %d", r.StatusCode)
	}
	if b := readAll(t, r); !strings.Contains(string(b), "新的第二段") {
		t.Error("new body not served")
	}
	// Other pages keep their validators.
	if r := get(t, s, b.Path, nil); r.Header.Get("Last-Modified") != b.Modified.UTC().Format(http.TimeFormat) {
		t.Errorf("untouched article Last-Modified %q", r.Header.Get("Last-Modified"))
	}
	if err := s.SetBody("/nope.html", "x"); err == nil {
		t.Error("SetBody of a missing page: no error")
	}
}

// The Hanweb data proxy answers the records asked for, in GBK declared
// only in the XML declaration, POST or GET, and nothing past the last.
func TestHanwebProxy(t *testing.T) {
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		method, query string
		records       int
	}{
		{"POST", "startrecord=16&endrecord=30&perpage=15", 15},
		{"GET", "startrecord=31&endrecord=45&perpage=15&columnid=1234", 15},
		{"POST", "startrecord=40&endrecord=60&perpage=15", 6},
		{"POST", "startrecord=46&endrecord=60&perpage=15", 0},
	} {
		req := httptest.NewRequest(tc.method, HanwebProxy+"?"+tc.query, strings.NewReader("columnid=1234&unitid=5678"))
		if tc.method == "POST" {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		body := readAll(t, rec.Result())
		if !strings.HasPrefix(string(body), `<?xml version="1.0" encoding="GBK"?>`) || rec.Header().Get("Content-Type") != "text/xml" {
			t.Errorf("%s %s: %q %.60q", tc.method, tc.query, rec.Header().Get("Content-Type"), body)
		}
		if n := strings.Count(string(body), "<record>"); n != tc.records {
			t.Errorf("%s %s: %d records, want %d", tc.method, tc.query, n, tc.records)
		}
		if utf8.Valid(body) && tc.records > 0 {
			t.Errorf("%s %s: body is UTF-8, want GBK", tc.method, tc.query)
		}
	}
}
