package main

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fednews/fednews/ingest/crawl"
	"github.com/fednews/fednews/internal/demosite"
)

// ingest --source, --json, --dry-run and the exit statuses, then runs
// --json and --source over the records those runs left.
func TestIngestSourceJSONDryRunAndRuns(t *testing.T) {
	site, srv := serveDemo(t)
	cfg := demoSources(t, srv.URL)
	data := filepath.Join(t.TempDir(), "data")
	feedArticles := 0
	for _, s := range site.Sections() {
		if s.Kind == demosite.KindFeed {
			feedArticles = len(s.Articles)
		}
	}

	// --dry-run: list pages only, nothing stored (not even a store made).
	out, _, err := runCmd(t, "ingest", "--config", cfg, "--data", data, "--source", "demo-trs", "--dry-run")
	if err != nil || !strings.Contains(out, "source demo-trs: "+srv.URL+"/gzdt/index_11.html\n") ||
		!strings.Contains(out, "  articles "+srv.URL+"/gzdt/") || strings.Contains(out, "source demo:") {
		t.Fatalf("dry run (%v):\n%s", err, out)
	}
	if _, err := os.Stat(data); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the dry run made the data directory (%v)", err)
	}

	// --source with --json: one object, that source only.
	for run := 1; run <= 2; run++ {
		out, _, err = runCmd(t, "ingest", "--config", cfg, "--data", data, "--source", "demo-feed", "--json")
		if err != nil {
			t.Fatal(err)
		}
		var sum crawl.Summary
		if err := json.Unmarshal([]byte(out), &sum); err != nil {
			t.Fatalf("run %d: not one JSON object: %v\n%s", run, err, out)
		}
		want := feedArticles
		if run == 2 {
			want = 0
		}
		if len(sum.Sources) != 1 || sum.Sources["demo-feed"] == nil || sum.Sources["demo-feed"].New != want || sum.New != want {
			t.Errorf("run %d: %s", run, out)
		}
	}
	if _, _, err := runCmd(t, "ingest", "--config", cfg, "--data", data, "--source", "nope"); err == nil ||
		!strings.Contains(err.Error(), "--source=nope: no such source in the sources file (it has demo, demo-trs") {
		t.Errorf("unknown source: %v", err)
	}

	out, _, err = runCmd(t, "runs", "--data", data, "--json", "--source", "demo-feed")
	if err != nil {
		t.Fatal(err)
	}
	var recs []runRecord
	if err := json.Unmarshal([]byte(out), &recs); err != nil {
		t.Fatalf("runs --json: %v\n%s", err, out)
	}
	if len(recs) != 2 || recs[0].ID <= recs[1].ID || recs[1].Sources["demo-feed"].New != feedArticles ||
		recs[0].Sources["demo-feed"].NotModified != 2 || recs[1].Counts["new"] != feedArticles || recs[0].Finished.IsZero() {
		t.Errorf("runs --json --source=demo-feed:\n%s", out)
	}
	if _, ok := recs[0].Counts["source/demo-feed/new"]; ok {
		t.Error("per-source counts left among the totals")
	}
	out, _, err = runCmd(t, "runs", "--data", data, "--source", "demo-trs")
	if err != nil || strings.TrimSpace(out) != "no ingest runs recorded" {
		t.Errorf("runs --source=demo-trs (never crawled): %v %q", err, out)
	}
	out, _, err = runCmd(t, "runs", "--data", data)
	if err != nil || !strings.Contains(out, "run 2  ") || !strings.Contains(out, "  demo-feed: fetched 0, not modified 2, new 0, updated 0, failed 0, newest article 2024-") {
		t.Errorf("runs (%v):\n%s", err, out)
	}
}

// Exit statuses: a run with a failed page returns errSomeFailed (1), one
// where a whole source failed errSourceFailed (3).
func TestIngestExitStatus(t *testing.T) {
	_, srv := serveDemo(t)
	write := func(extra string) string {
		text := "rate = 0.0\nretries = 0\n[[source]]\nname = \"feed\"\nstart = [\"" + srv.URL + "/rss.xml\"]\narticles = ['/shzc/']\nmax_depth = 2\nallow_private = true\n" + extra
		return writeFile(t, t.TempDir(), "sources.toml", []byte(text))
	}
	for _, tc := range []struct {
		name, extra string
		want        error
	}{
		{"clean", "", nil},
		{"a page fails", "[[source]]\nname = \"gone\"\nstart = [\"" + srv.URL + "/rss.xml\", \"" + srv.URL + "/no-such-feed.xml\"]\narticles = ['/nothing/']\nallow_private = true\n", errSomeFailed},
		{"a source fails", "[[source]]\nname = \"down\"\nstart = [\"http://127.0.0.1:1/\"]\narticles = ['/a/']\nallow_private = true\n", errSourceFailed},
	} {
		_, errOut, err := runCmd(t, "ingest", "--config", write(tc.extra), "--data", t.TempDir())
		if !errors.Is(err, tc.want) || (err == nil) != (tc.want == nil) {
			t.Errorf("%s: err %v, want %v", tc.name, err, tc.want)
		}
		if tc.want == errSourceFailed && !strings.Contains(errOut, "nothing of source down could be fetched") {
			t.Errorf("%s: stderr %q", tc.name, errOut)
		}
	}
}
