package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fednews/fednews/corpus/pgstore"
	"github.com/fednews/fednews/corpus/storetest"
	"github.com/fednews/fednews/index"
	"github.com/fednews/fednews/internal/pgtest"
)

// writeArticles writes n .txt articles with unrelated texts into a new
// directory and returns it.
func writeArticles(t *testing.T, name string, seed uint64, n int) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		text := fmt.Sprintf("%s第%d篇\n来源：%s工商联\n%s\n", name, i, name, storetest.Text(seed+uint64(i), 300))
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%03d.txt", i)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestTwoImportsIntoPostgres runs two `fednews import` processes into one
// PostgreSQL store at once while this process follows the change feed and
// two `fednews serve` replicas follow it, each with its own index: every
// document reaches the follower exactly once (each is written once), none
// is missed, and each server ends up with every document indexed once.
func TestTwoImportsIntoPostgres(t *testing.T) {
	const perImport = 40
	srv := pgtest.Start(t)
	url := srv.NewDatabase(t)
	ctx := context.Background()
	follower, err := pgstore.Open(ctx, url) // migrates before the writers start
	if err != nil {
		t.Fatal(err)
	}
	defer follower.Close()
	storeURL = url // what --store sets; serve runs in this process
	t.Cleanup(func() { storeURL = "" })
	replicas := []string{startServe(t, t.TempDir(), 20*time.Millisecond), startServe(t, t.TempDir(), 20*time.Millisecond)}

	var children []*exec.Cmd
	var outputs []*strings.Builder
	for i, dir := range []string{writeArticles(t, "甲", 1000, perImport), writeArticles(t, "乙", 2000, perImport)} {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), childArgsEnv+"="+strings.Join([]string{"import", "--store=" + url,
			"--data=" + filepath.Join(t.TempDir(), fmt.Sprint("data", i)), "--published=2024-03-01", dir}, "\n"))
		out := &strings.Builder{}
		cmd.Stdout, cmd.Stderr = out, out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		children, outputs = append(children, cmd), append(outputs, out)
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for _, c := range children {
			c.Wait()
		}
		close(done)
	}()

	seen := map[int64]int{}
	var last int64
	finished := false
	for {
		docs, err := follower.Changed(ctx, last, 5)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range docs {
			seen[d.ID]++
			last = d.Seq
		}
		if len(docs) > 0 {
			continue
		}
		if finished {
			break
		}
		select {
		case <-done:
			finished = true // one more pass after both imports ended
		case <-time.After(5 * time.Millisecond):
		}
	}
	wg.Wait()
	for i, c := range children {
		if !c.ProcessState.Success() {
			t.Fatalf("import %d: %v\n%s", i, c.ProcessState, outputs[i])
		}
		if !strings.Contains(outputs[i].String(), fmt.Sprintf("new %d,", perImport)) {
			t.Errorf("import %d: %s; want %d new", i, outputs[i], perImport)
		}
	}
	n, err := follower.Count(ctx)
	if err != nil || n != 2*perImport {
		t.Fatalf("store holds %d documents (%v), want %d", n, err, 2*perImport)
	}
	if len(seen) != n {
		t.Errorf("follower saw %d documents of %d", len(seen), n)
	}
	for id, times := range seen {
		if times != 1 {
			t.Errorf("document %d reached the follower %d times, want once", id, times)
		}
	}

	for i, base := range replicas {
		checkReplica(t, fmt.Sprint("replica ", i), base, seen)
	}
}

// checkReplica waits until the server at base has indexed as many
// documents as seen holds, then checks it lists each of them once and
// nothing else. The bound is for a broken follow, far above the time
// it takes.
func checkReplica(t *testing.T, name, base string, seen map[int64]int) {
	t.Helper()
	var r *index.Response
	var err error
	for deadline := time.Now().Add(2 * time.Minute); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if r, err = searchAPI(t, base, "q=*&all=1&size=1"); err == nil && r.Documents == len(seen) {
			break
		}
	}
	if r == nil || r.Documents != len(seen) {
		t.Fatalf("%s: the index holds %+v documents (%v), the store %d", name, r, err, len(seen))
	}
	all, err := searchAllPages(t, base, "q=*&all=1&size=100")
	if err != nil {
		t.Fatal(err)
	}
	indexed := map[int64]int{}
	for _, h := range all.Hits {
		indexed[h.ID]++
	}
	for id := range seen {
		if indexed[id] != 1 {
			t.Errorf("%s: document %d is indexed %d times, want once", name, id, indexed[id])
		}
	}
	if len(indexed) != len(seen) {
		t.Errorf("%s lists %d documents, the store holds %d", name, len(indexed), len(seen))
	}
}

// TestStoreFlagRefusesOtherURLs keeps --store from being taken for a path.
func TestStoreFlagRefusesOtherURLs(t *testing.T) {
	for _, arg := range []string{"--store=./data", "--store=mysql://x/y", "--store=sqlite:///tmp/x"} {
		_, _, err := runCmd(t, "runs", arg, "--data="+t.TempDir())
		if err == nil || !strings.Contains(err.Error(), "want a PostgreSQL URL") {
			t.Errorf("%s: %v, want a refusal naming PostgreSQL URLs", arg, err)
		}
	}
}
