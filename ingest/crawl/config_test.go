package crawl

import (
	"errors"
	"io/fs"
	"os"
	"strings"
	"testing"
	"time"
)

func TestExampleConfig(t *testing.T) {
	cfg, err := LoadConfig("../../sources.example.toml")
	if err != nil {
		t.Fatal(err)
	}
	var names, kinds []string
	for _, s := range cfg.Sources {
		names, kinds = append(names, s.Name), append(kinds, s.Kind)
	}
	if strings.Join(names, " ") != "demo demo-trs demo-hanweb demo-feed demo-sitemap" ||
		strings.Join(kinds, " ") != "auto trs hanweb feed sitemap" || len(cfg.Warnings) != 0 {
		t.Fatalf("sources %v, kinds %v, warnings %v", names, kinds, cfg.Warnings)
	}
	if cfg.Rate != 4 || cfg.Recheck.Duration != 168*time.Hour || cfg.MaxBody != 10<<20 {
		t.Errorf("rate %v recheck %v max_body %d", cfg.Rate, cfg.Recheck, cfg.MaxBody)
	}
	if !strings.Contains(cfg.UserAgent, "fednews") || !strings.Contains(cfg.UserAgent, "contact") {
		t.Errorf("user agent %q names no tool or contact", cfg.UserAgent)
	}
	src := &cfg.Sources[0]
	for u, want := range map[string]kind{
		"http://127.0.0.1:8081/news/2021/0318/a01.html": kindArticle,
		"http://127.0.0.1:8081/news/list_2.html":        kindList,
		"http://127.0.0.1:8081/private/draft_01.html":   kindOther,
		"http://127.0.0.1:8081/about.html":              kindOther,
		"http://example.org/news/list_2.html":           kindOther,
	} {
		if got := src.classify(u); got != want {
			t.Errorf("classify(%s) = %v, want %v", u, got, want)
		}
	}
}

func TestConfigDefaults(t *testing.T) {
	cfg, err := ParseConfig(`
[[source]]
name = "x"
start = ["https://example.org/"]
articles = ['/art/']
`)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Workers != Defaults.Workers || cfg.Timeout != Defaults.Timeout || cfg.UserAgent != Defaults.UserAgent {
		t.Errorf("defaults not applied: %+v", cfg)
	}
}

func TestConfigErrors(t *testing.T) {
	const src = "\n[[source]]\nname = \"x\"\nstart = [\"https://example.org/\"]\narticles = ['/a/']\n"
	for _, tc := range []struct {
		name, text string
		want       []string // substrings of the error
	}{
		{"syntax", "rate = 1\nworkers = = 3\n" + src, []string{"line 2"}},
		{"type", "rate = 1\nworkers = \"many\"\n" + src, []string{"line 2", "workers"}},
		{"duration", "recheck = \"a week\"\n" + src, []string{"line 1", "recheck"}},
		{"misspelt required key", "[[source]]\nname = \"y\"\nstart = [\"http://h/\"]\narticle = ['/a/']\n", []string{"articles lists no URL pattern"}},
		{"bad kind", src + "kind = \"rss\"\n", []string{`source "x": kind "rss" is not one of auto, html, trs, hanweb, feed, sitemap`}},
		{"bad regexp", src + "lists = ['(unclosed']\n", []string{`source "x": lists: [0] "(unclosed"`, "missing closing )"}},
		{"no start", "[[source]]\nname = \"y\"\narticles = ['/a/']\n", []string{`source "y": start lists no URL`}},
		{"bad start", "[[source]]\nname = \"y\"\nstart = [\"ftp://h/\"]\narticles = ['/a/']\n", []string{`start[0] "ftp://h/" is not an http(s) URL`}},
		{"no name", "[[source]]\nstart = [\"http://h/\"]\narticles = ['/a/']\n", []string{"source[0]: name is missing"}},
		{"twice", src + src, []string{`source "x": the name is used twice`}},
		{"negative", "rate = -1\nworkers = 0\n" + src, []string{"rate: -1 is negative", "workers: must be from 1 to 256, not 0"}},
		{"no articles", "[[source]]\nname = \"y\"\nstart = [\"http://h/\"]\n", []string{"articles lists no URL pattern"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseConfig(tc.text)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

// An unknown key is a warning naming its line and key; the sources are
// all kept.
func TestConfigUnknownKeys(t *testing.T) {
	text := `rates = 1
[[source]]
name = "a"
start = ["https://a.example/"]
articles = ['/art/']
pagination = "trs"

[[source]]
name = "b"
start = ["https://b.example/"]
articles = ['/art/']
[source.selectors]
title = "h1"
titel = "h2"
[source.extra]
x = 1
`
	cfg, err := ParseConfig(text)
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Sources) != 2 {
		t.Fatalf("%d sources kept, want 2", len(cfg.Sources))
	}
	want := []string{
		"line 1: unknown setting rates ignored (misspelt?)",
		"line 6: unknown setting source.pagination ignored (misspelt?)",
		"line 14: unknown setting source.selectors.titel ignored (misspelt?)",
		"line 15: unknown table [source.extra] ignored (misspelt?)",
	}
	if strings.Join(cfg.Warnings, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(cfg.Warnings, "\n"), strings.Join(want, "\n"))
	}
}

func TestLoadConfigMissing(t *testing.T) {
	_, err := LoadConfig(t.TempDir() + "/nope.toml")
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("err = %v, want a not-exist error", err)
	}
}

func FuzzParseConfig(f *testing.F) {
	data, err := os.ReadFile("../../sources.example.toml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(data))
	f.Add("[[source]]\nname='a'\nstart=['http://x/']\narticles=['(']")
	f.Add("rate = 1e400\n")
	f.Fuzz(func(t *testing.T, text string) {
		cfg, err := ParseConfig(text)
		if err == nil && cfg.Validate() != nil {
			t.Fatal("accepted a config that does not validate")
		}
	})
}

func TestBoundsValidated(t *testing.T) {
	const src = "\n[[source]]\nname = \"x\"\nstart = [\"https://example.org/\"]\narticles = ['/a/']\n"
	for _, tt := range []struct{ text, want string }{
		{"max_pages = 0" + src, "max_pages: must be from 1 to"},
		{"max_run_time = \"0s\"" + src, "max_run_time"},
		{"max_host_failures = 0" + src, "max_host_failures"},
		{src + "max_pages = -1\n", `source "x": max_pages is negative`},
	} {
		if _, err := ParseConfig(tt.text); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: err %v, want %q", tt.text, err, tt.want)
		}
	}
	cfg, err := ParseConfig(src)
	if err != nil || cfg.Sources[0].MaxPages != DefaultSourcePages || cfg.MaxPages != Defaults.MaxPages {
		t.Errorf("defaults: %v, source max_pages %d", err, cfg.Sources[0].MaxPages)
	}
}

// Every value has a range: what once allocated gigabytes, overflowed or
// passed every comparison is refused with the setting named.
func TestRangesValidated(t *testing.T) {
	const src = "\n[[source]]\nname = \"x\"\nstart = [\"https://example.org/\"]\narticles = ['/a/']\n"
	for _, tt := range []struct{ text, want string }{
		{"workers = 100000000" + src, "workers: must be from 1 to 256"},
		{"concurrency = 1000" + src, "concurrency"},
		{"max_body = 9223372036854775807" + src, "max_body: must be from 1 to"},
		{"rate = nan" + src, "rate: must be"},
		{"rate = inf" + src, "rate: must be"},
		{"user_agent = \"fednews\\r\\nX-Injected: 1\"" + src, "user_agent: must be one line"},
		{"timeout = \"1000h\"" + src, "timeout"},
		{"retries = 1000" + src, "retries"},
		{src + "rate = nan\n", `source "x": rate`},
	} {
		if _, err := ParseConfig(tt.text); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: err %v, want %q", tt.text, err, tt.want)
		}
	}
}
