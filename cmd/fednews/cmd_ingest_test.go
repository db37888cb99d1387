package main

import (
	"bytes"
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/extract"
	"github.com/fednews/fednews/ingest/crawl"
	"github.com/fednews/fednews/internal/demosite"
)

func runCmd(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	root := newRoot()
	var out, errb bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&errb)
	root.SetArgs(args)
	err = root.ExecuteContext(context.Background())
	return out.String(), errb.String(), err
}

// demoSources writes sources.example.toml pointed at a test server.
func demoSources(t *testing.T, base string) string {
	t.Helper()
	data, err := os.ReadFile("../../sources.example.toml")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.ReplaceAll(string(data), "http://127.0.0.1:8081", base)
	text = strings.ReplaceAll(text, `127\.0\.0\.1:8081`, strings.ReplaceAll(strings.TrimPrefix(base, "http://"), ".", `\.`))
	text = strings.Replace(text, "rate = 4.0", "rate = 0.0", 1)
	return writeFile(t, t.TempDir(), "sources.toml", []byte(text))
}

// serveDemo serves the demo site on loopback until the test ends.
func serveDemo(t *testing.T) (*demosite.Site, *httptest.Server) {
	t.Helper()
	site, err := demosite.New()
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(site)
	t.Cleanup(srv.Close)
	return site, srv
}

func TestIngestDemoSite(t *testing.T) {
	site, srv := serveDemo(t)
	cfg := demoSources(t, srv.URL)
	data := t.TempDir()

	out, _, err := runCmd(t, "ingest", "--config", cfg, "--data", data)
	if err != nil {
		t.Fatal(err)
	}
	public, starts := 0, 1 // the plain HTML section starts at one list page
	for _, a := range site.Articles() {
		if !a.Private {
			public++
		}
	}
	for _, sec := range site.Sections() {
		public += len(sec.Articles)
		starts += len(sec.Start)
	}
	if !strings.Contains(out, "new "+strconv.Itoa(public)+",") || !strings.Contains(out, "failed 0") {
		t.Errorf("summary:\n%s", out)
	}
	st, err := corpus.Open(context.Background(), data)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if n, _ := st.Count(context.Background()); n != public {
		t.Errorf("%d documents stored, want %d", n, public)
	}
	// The Enrich hook stored figures (a01 states 1800万元左右).
	d, err := st.GetByURL(context.Background(), srv.URL+"/news/2021/0318/a01.html")
	if err != nil {
		t.Fatal(err)
	}
	figs, err := st.Figures(context.Background(), d.ID)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, f := range figs {
		found = found || strings.Contains(f.Text, "1800万元")
	}
	if !found {
		t.Errorf("no figure 1800万元 among %d figures of a01", len(figs))
	}

	// As an older fednews would have left a01: no figures, extractor 0.
	if err := st.ReplaceFigures(context.Background(), d.ID, d.Seq, nil, 0, nil); err != nil {
		t.Fatal(err)
	}

	// Second run: nothing new, nothing downloaded again (each start URL
	// answers 304); a01's figures redone.
	out, _, err = runCmd(t, "ingest", "--config", cfg, "--data", data)
	if err != nil || !strings.Contains(out, "new 0, updated 0") || !strings.Contains(out, "fetched 0, not modified "+strconv.Itoa(starts)+",") {
		t.Errorf("second run (%v):\n%s", err, out)
	}
	if want := "figures re-extracted (extractor version " + strconv.Itoa(extract.Version) + "): 1 documents\n"; !strings.Contains(out, want) {
		t.Errorf("second run does not say %q:\n%s", want, out)
	}
	again, err := st.Figures(context.Background(), d.ID)
	if err != nil || !reflect.DeepEqual(again, figs) {
		t.Errorf("a01 after the second run: %d figures (%v), want the %d of the first run", len(again), err, len(figs))
	}
}

func TestIngestErrors(t *testing.T) {
	data := t.TempDir()
	_, _, err := runCmd(t, "ingest", "--config", filepath.Join(data, "none.toml"), "--data", data)
	if err == nil || !strings.Contains(err.Error(), "sources.example.toml") {
		t.Errorf("missing config: %v", err)
	}
	bad := writeFile(t, data, "bad.toml", []byte("rate = \n"))
	if _, _, err := runCmd(t, "ingest", "--config", bad, "--data", data); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("bad config: %v", err)
	}
	lock, err := crawl.Lock(data)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Unlock()
	cfg := writeFile(t, data, "ok.toml", []byte("[[source]]\nname='x'\nstart=['http://127.0.0.1:1/']\narticles=['/a/']\n"))
	if _, _, err := runCmd(t, "ingest", "--config", cfg, "--data", data); err == nil || !strings.Contains(err.Error(), "another ingest run") {
		t.Errorf("locked: %v", err)
	}
}
