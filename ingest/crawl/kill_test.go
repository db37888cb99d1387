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
	"sync"
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

func runChild(t *testing.T, cfgPath, dataDir string) {
	if err := startChild(t, cfgPath, dataDir).Wait(); err != nil {
		t.Fatalf("ingest child: %v", err)
	}
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

// killPoint holds the at-th request of the child whose User-Agent carries
// tag until that child is gone, and says so on reached: a kill then lands
// inside the run however busy the machine is (a run cannot finish with a
// request unanswered), while the child's other workers go on fetching and
// storing, so the moment within a write still varies.
type killPoint struct {
	mu      sync.Mutex
	tag     string
	n, at   int // requests of tag so far; 0: hold none
	reached chan struct{}
}

// arm counts the requests of the child tagged tag and holds its at-th.
func (k *killPoint) arm(tag string, at int) <-chan struct{} {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.tag, k.n, k.at, k.reached = tag, 0, at, make(chan struct{})
	return k.reached
}

// requests returns how many requests the current tag has made.
func (k *killPoint) requests() int {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.n
}

func (k *killPoint) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		k.mu.Lock()
		hold := false
		if k.tag != "" && strings.Contains(r.UserAgent(), k.tag) {
			k.n++
			hold = k.n == k.at
		}
		reached := k.reached
		k.mu.Unlock()
		if hold {
			close(reached)
			<-r.Context().Done() // the killed child drops the connection
			return
		}
		h.ServeHTTP(w, r)
	})
}

// Kill -9 the ingest 20 times inside a run, at a request chosen at random,
// then let it finish: the store passes SQLite's integrity check and holds
// exactly the documents of a clean run, each once; the lock never stays
// taken.
func TestKillResume(t *testing.T) {
	if testing.Short() {
		t.Skip("kill test: 20 subprocess runs")
	}
	site, public := newDemo(t)
	var kp killPoint
	srv, _ := serve(t, kp.wrap(site))
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
	// The held request must not time out before the kill.
	text = strings.Replace(text, `timeout = "30s"`, `timeout = "1h"`, 1)
	// Each child names itself in its User-Agent, so that a request of a
	// child already killed is never taken for one of the next.
	config := func(tag string) string {
		ua := `user_agent = "fednews/1.0 (`
		if !strings.Contains(text, ua) {
			t.Fatalf("sources.example.toml has no %s…", ua)
		}
		path := filepath.Join(dir, tag+".toml")
		if err := os.WriteFile(path, []byte(strings.Replace(text, ua, `user_agent = "fednews/1.0 `+tag+` (`, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}

	clean := filepath.Join(dir, "clean")
	kp.arm("clean-run", 0)
	runChild(t, config("clean-run"), clean)
	perRun := kp.requests()
	want := storedURLs(t, clean)
	if len(want) != len(public) {
		t.Fatalf("clean run stored %d documents, want %d", len(want), len(public))
	}

	killed := filepath.Join(dir, "killed")
	seed := uint64(time.Now().UnixNano())
	rng := rand.New(rand.NewPCG(seed, 5))
	const trials = 20
	lastEdit := map[string]string{}
	var at []int
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
		// Every run asks for every page again (recheck 0s), so every run
		// makes at least perRun requests; the kill comes before the last.
		tag := fmt.Sprintf("kill-trial-%d", i)
		at = append(at, 1+rng.IntN(perRun-1))
		reached := kp.arm(tag, at[i])
		cmd := startChild(t, config(tag), killed)
		exited := make(chan error, 1)
		go func() { exited <- cmd.Wait() }()
		select {
		case <-reached:
			cmd.Process.Signal(syscall.SIGKILL)
			<-exited
		case err := <-exited:
			var ee *exec.ExitError
			if errors.As(err, &ee) && ee.ExitCode() == childLocked {
				t.Fatalf("trial %d: the lock of a killed run was still held", i)
			}
			t.Fatalf("trial %d: the run ended (%v) before its request %d of %d", i, err, at[i], perRun)
		}
	}
	t.Logf("seed %d: killed at requests %v of %d", seed, at, perRun)
	kp.arm("", 0)
	integrityCheck(t, killed)
	runChild(t, config("final-run"), killed)
	integrityCheck(t, killed)
	if got := storedURLs(t, killed); !slices.Equal(got, want) {
		t.Errorf("after kills and a final run: %d documents, want %d\n got %v\nwant %v", len(got), len(want), got, want)
	}
	st, err := corpus.Open(context.Background(), killed)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	// Every kill landed inside a run: run records without an end.
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
	if cut != trials || len(runs) != trials+1 {
		t.Errorf("%d runs recorded, %d without an end; want %d, %d", len(runs), cut, trials+1, trials)
	}
	// Every change made during the kills is in the store.
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
