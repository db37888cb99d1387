package crawl

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/fednews/fednews/corpus"
)

// The kill test re-runs this test binary as the ingest process: with
// FEDNEWS_CRAWL_CHILD set to a sources file, TestMain runs what `fednews
// ingest` runs (lock, open the store, Run) instead of the tests.
const childEnv = "FEDNEWS_CRAWL_CHILD"

func TestMain(m *testing.M) {
	if cfg := os.Getenv(childEnv); cfg != "" {
		os.Exit(childIngest(cfg, os.Getenv("FEDNEWS_DATA")))
	}
	os.Exit(m.Run())
}

// Exit codes of the child.
const (
	childOK     = 0
	childFailed = 2
	childLocked = 3
)

func childIngest(cfgPath, dataDir string) int {
	cfg, err := LoadConfig(cfgPath)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return childFailed
	}
	lock, err := Lock(dataDir)
	if errors.Is(err, ErrLocked) {
		fmt.Fprintln(os.Stderr, err)
		return childLocked
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return childFailed
	}
	defer lock.Unlock()
	ctx := context.Background()
	st, err := corpus.Open(ctx, dataDir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return childFailed
	}
	defer st.Close()
	sum, err := Run(ctx, cfg, st, Options{})
	if err != nil || sum.FailedTotal() > 0 {
		fmt.Fprintln(os.Stderr, err, sum.Errors)
		return childFailed
	}
	return childOK
}

func startChild(t *testing.T, cfgPath, dataDir string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+cfgPath, "FEDNEWS_DATA="+dataDir)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd
}

func runChild(t *testing.T, cfgPath, dataDir string) time.Duration {
	start := time.Now()
	if err := startChild(t, cfgPath, dataDir).Wait(); err != nil {
		t.Fatalf("ingest child: %v", err)
	}
	return time.Since(start)
}

// storedURLs returns the URLs of the stored documents, checking that each
// is stored once and that its crawl state points at it.
func storedURLs(t *testing.T, dataDir string) []string {
	t.Helper()
	ctx := context.Background()
	st, err := corpus.Open(ctx, dataDir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var urls []string
	err = st.EachDocument(ctx, func(d *corpus.Document) error {
		urls = append(urls, d.URL)
		cs, err := st.CrawlState(ctx, d.URL)
		if err == nil && cs.DocID != d.ID {
			t.Errorf("%s: crawl state points at document %d, not %d", d.URL, cs.DocID, d.ID)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(urls)
	if c := slices.Compact(slices.Clone(urls)); len(c) != len(urls) {
		t.Errorf("%d documents for %d URLs: duplicated", len(urls), len(c))
	}
	return urls
}

func integrityCheck(t *testing.T, dataDir string) {
	t.Helper()
	db, err := sql.Open("sqlite", filepath.Join(dataDir, corpus.DBFile))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var res string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&res); err != nil || res != "ok" {
		t.Fatalf("integrity_check: %q %v", res, err)
	}
}

// Kill -9 the ingest at random moments, 20 times, then let it finish: the
// store passes SQLite's integrity check and holds exactly the documents of
// a clean run, each once; the lock never stays taken.
func TestKillResume(t *testing.T) {
	if testing.Short() {
		t.Skip("kill test: 20 subprocess runs")
	}
	site, public := newDemo(t)
	// A little latency per page widens the window in which a kill lands
	// mid-crawl.
	srv, _ := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(2 * time.Millisecond)
		site.ServeHTTP(w, r)
	}))
	dir := t.TempDir()
	data, err := os.ReadFile("../../sources.example.toml")
	if err != nil {
		t.Fatal(err)
	}
	// The plain HTML section only: the other kinds have tests of their own.
	text, _, _ := strings.Cut(string(data), "# The demo site's other sections")
	text = strings.ReplaceAll(text, "http://127.0.0.1:8081", srv.URL)
	text = strings.ReplaceAll(text, `127\.0\.0\.1:8081`, strings.ReplaceAll(strings.TrimPrefix(srv.URL, "http://"), ".", `\.`))
	text = strings.Replace(text, "rate = 4.0", "rate = 0.0", 1)
	// Every run asks for every article again (conditional GET) and finds
	// the one changed before it: each run writes, wherever the kill lands.
	text = strings.Replace(text, `recheck = "168h"`, `recheck = "0s"`, 1)
	cfgPath := filepath.Join(dir, "sources.toml")
	if err := os.WriteFile(cfgPath, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}

	clean := filepath.Join(dir, "clean")
	full := runChild(t, cfgPath, clean)
	want := storedURLs(t, clean)
	if len(want) != len(public) {
		t.Fatalf("clean run stored %d documents, want %d", len(want), len(public))
	}

	killed := filepath.Join(dir, "killed")
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 5))
	const trials = 30
	interrupted := 0
	lastEdit := map[string]string{}
	// Kills are timed at random within span. A run over a filled store (all
	// 304s) is shorter than a clean one, so span shrinks after each run that
	// finished before its kill.
	span := full
	for i := range trials {
		a := public[rng.IntN(len(public))]
		if !a.RawHTML {
			// The edit goes inside a paragraph: an extractor may rightly drop
			// a short parenthesized paragraph as page furniture.
			marker := fmt.Sprintf("第%d次修改：", i)
			if err := site.SetBody(a.Path, strings.Replace(a.Body, "\n", "\n"+marker, 1)); err != nil {
				t.Fatal(err)
			}
			lastEdit[a.Path] = marker
		}
		cmd := startChild(t, cfgPath, killed)
		time.Sleep(time.Duration(rng.Int64N(int64(span))))
		cmd.Process.Signal(syscall.SIGKILL)
		err := cmd.Wait()
		var ee *exec.ExitError
		switch {
		case errors.As(err, &ee) && ee.ExitCode() == childLocked:
			t.Fatalf("trial %d: the lock of a killed run was still held", i)
		case errors.As(err, &ee) && ee.ExitCode() == -1:
			interrupted++ // killed mid-run
		case err != nil:
			t.Fatalf("trial %d: %v", i, err)
		default:
			span = max(span*2/3, full/6)
		}
	}
	t.Logf("%d of %d runs killed mid-run (a clean run takes %v; kills timed within %v at the end)", interrupted, trials, full, span)
	integrityCheck(t, killed)
	runChild(t, cfgPath, killed)
	integrityCheck(t, killed)
	if got := storedURLs(t, killed); !slices.Equal(got, want) {
		t.Errorf("after kills and a final run: %d documents, want %d\n got %v\nwant %v", len(got), len(want), got, want)
	}
	// Every change made during the kills is in the store.
	st, err := corpus.Open(context.Background(), killed)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	// Kills that landed after the run had started: run records without an end.
	runs, err := st.Runs(context.Background(), 100)
	if err != nil {
		t.Fatal(err)
	}
	cut := 0
	for _, r := range runs {
		if r.Finished.IsZero() {
			cut++
		}
	}
	t.Logf("%d runs were killed after they had started crawling", cut)
	if cut < 5 {
		t.Errorf("only %d kills landed inside a run", cut)
	}
	for p, marker := range lastEdit {
		d, err := st.GetByURL(context.Background(), srv.URL+p)
		if err != nil || !strings.Contains(d.Original, marker) {
			t.Errorf("%s: latest edit %s not stored (%v)", p, marker, err)
		}
	}
}

func TestLockExclusive(t *testing.T) {
	dir := t.TempDir()
	l, err := Lock(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Lock(dir); !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), fmt.Sprint(os.Getpid())) {
		t.Errorf("second lock: %v, want ErrLocked naming pid %d", err, os.Getpid())
	}
	if err := l.Unlock(); err != nil {
		t.Fatal(err)
	}
	l, err = Lock(dir)
	if err != nil {
		t.Fatalf("lock after unlock: %v", err)
	}
	l.Unlock()
}
