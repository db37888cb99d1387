package main

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/internal/demosite"
)

// buildFednews builds the fednews binary into a temporary directory.
func buildFednews(tb testing.TB) string {
	tb.Helper()
	bin := filepath.Join(tb.TempDir(), "fednews")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		tb.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// heldSite is the demo site, but a request for hold waits until the
// client gives up or the test ends; held receives each such request.
func heldSite(t *testing.T, hold string) (srv *httptest.Server, held <-chan struct{}) {
	t.Helper()
	site, err := demosite.New()
	if err != nil {
		t.Fatal(err)
	}
	ch := make(chan struct{}, 16)
	done := make(chan struct{})
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == hold {
			ch <- struct{}{}
			select {
			case <-r.Context().Done():
			case <-done:
			}
			return
		}
		site.ServeHTTP(w, r)
	}))
	t.Cleanup(func() { close(done); srv.Close() })
	return srv, ch
}

// A real SIGTERM or SIGINT to a running `fednews ingest` (the nightly run,
// which holds the lock and imports the configured folders after its crawl)
// ends it: exit status 3 with "interrupted", what it stored stays stored,
// and the lock is released, so the next run works.
func TestIngestSignalled(t *testing.T) {
	bin := buildFednews(t)
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		t.Run(sig.String(), func(t *testing.T) {
			// The second list page never comes: the articles of the first
			// are stored, then the crawl waits on it.
			srv, held := heldSite(t, "/news/list_2.html")
			folder := t.TempDir()
			if err := os.WriteFile(filepath.Join(folder, "local.txt"), []byte("本地文章\n全省民营企业实现营业收入1.2万亿元。\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			cfg := withImport(t, demoSources(t, srv.URL), folder)
			data := t.TempDir()
			cmd := exec.Command(bin, "ingest", "--config", cfg, "--data", data)
			stdin, err := cmd.StdinPipe() // kept open: nothing ends the run but the signal
			if err != nil {
				t.Fatal(err)
			}
			defer stdin.Close()
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			select {
			case <-held:
			case <-time.After(2 * time.Minute):
				cmd.Process.Kill()
				cmd.Wait()
				t.Fatalf("the crawl never asked for the held page\n%s", stderr.String())
			}
			// The other worker goes on with the first page's articles.
			before := countDocs(t, data)
			for deadline := time.Now().Add(2 * time.Minute); before == 0; before = countDocs(t, data) {
				if time.Now().After(deadline) {
					t.Fatal("nothing stored while the page is held: the test tests nothing")
				}
				time.Sleep(20 * time.Millisecond)
			}
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			waited := make(chan error, 1)
			go func() { waited <- cmd.Wait() }()
			var werr error
			select {
			case werr = <-waited:
			case <-time.After(2 * time.Minute):
				cmd.Process.Kill()
				<-waited
				t.Fatalf("%v did not end the run\n%s", sig, stderr.String())
			}
			var exit *exec.ExitError
			if !errors.As(werr, &exit) || exit.ExitCode() != exitFailed {
				t.Errorf("after %v: %v, want exit status %d", sig, werr, exitFailed)
			}
			if !strings.Contains(stderr.String(), "ingest run interrupted") {
				t.Errorf("after %v the run did not say it was interrupted:\n%s", sig, stderr.String())
			}
			if after := countDocs(t, data); after < before {
				t.Errorf("%d documents stored before %v, %d after", before, sig, after)
			}
			// The lock is free: the next run (the held page now answered
			// by a server that no longer holds it) finishes and imports.
			srv2 := httptest.NewServer(mustDemo(t))
			defer srv2.Close()
			if out, err := exec.Command(bin, "ingest", "--config", withImport(t, demoSources(t, srv2.URL), folder), "--data", data).CombinedOutput(); err != nil {
				t.Fatalf("the run after the signalled one: %v\n%s", err, out)
			}
			if n := countDocs(t, data); n <= before {
				t.Errorf("the next run stored nothing more (%d documents, %d before)", n, before)
			}
		})
	}
}

func mustDemo(t *testing.T) http.Handler {
	t.Helper()
	site, err := demosite.New()
	if err != nil {
		t.Fatal(err)
	}
	return site
}

// withImport rewrites the config at path to import folder on every run.
func withImport(t *testing.T, path, folder string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Replace(string(b), "import = []", "import = ['"+folder+"']", 1)
	out := filepath.Join(t.TempDir(), "sources.toml")
	if err := os.WriteFile(out, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return out
}

// countDocs counts the documents of the store in data, read-only so that
// a running writer is not disturbed.
func countDocs(t *testing.T, data string) int {
	t.Helper()
	st, err := corpus.OpenReadOnly(context.Background(), data)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	n, err := st.Count(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}
