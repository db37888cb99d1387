package main

import (
	"bufio"
	"bytes"
	"context"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fednews/fednews/corpus"
)

// serveChild runs `fednews serve` on dir in another process (this test
// binary as fednews) at a free port until the test ends. It returns the
// base URL the server prints once it listens, and its log so far.
func serveChild(t *testing.T, dir string) (string, func() string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childArgsEnv+"="+strings.Join([]string{"serve", "--addr", "127.0.0.1:0", "--follow", "100ms", "--data", dir}, "\n"))
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var logs bytes.Buffer
	cmd.Stderr = writerFunc(func(p []byte) (int, error) {
		mu.Lock()
		defer mu.Unlock()
		return logs.Write(p)
	})
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	// The server prints its address when it listens, after bringing the
	// index up to date: then it holds the index.
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "fednews: serving http://") {
		t.Fatalf("serve printed %q (%v); log:\n%s", line, err, logs.String())
	}
	base := strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(line), "fednews: serving "), "/")
	return base, func() string {
		mu.Lock()
		defer mu.Unlock()
		return logs.String()
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

// TestRebuildWhileServing: `fednews index --rebuild` while a server in
// another process holds the index swaps a new index in under it; the
// server switches to it, keeps indexing what the store gains, and answers
// from it. The index it held is removed once it let go of it, never
// before.
func TestRebuildWhileServing(t *testing.T) {
	ctx := context.Background()
	dir := testStore(t)
	base, logs := serveChild(t, dir)
	if r, err := searchAPI(t, base, "q=*&all=1"); err != nil || r.Documents != 3 {
		t.Fatalf("server before the rebuild: %+v %v", r, err)
	}
	held, _ := filepath.Glob(filepath.Join(dir, "index", "index-*"))
	if len(held) != 1 {
		t.Fatalf("index directories before the rebuild: %v", held)
	}

	var out, errOut bytes.Buffer
	if err := runIndex(ctx, &out, &errOut, dir, "", true); err != nil || !strings.Contains(out.String(), "rebuilt") {
		t.Fatalf("rebuild beside the server: %v %q", err, out.String())
	}
	if _, err := os.Stat(filepath.Join(held[0], "store", "root.bolt")); err != nil {
		t.Fatalf("the rebuild removed the index the server holds: %v", err)
	}

	st := mustStore(t, dir)
	add := func(u, title, body string) {
		t.Helper()
		d := &corpus.Document{URL: u, Title: title, Source: "示例日报", Original: body, Published: time.Date(2022, 5, 1, 9, 0, 0, 0, time.UTC)}
		if _, err := st.Put(ctx, d, nil); err != nil {
			t.Fatal(err)
		}
	}
	// found waits for the server to follow the store to q's document: it
	// checks every 100 ms; the deadline only bounds a failure.
	found := func(q string, want int) {
		t.Helper()
		var last string
		for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
			r, err := searchAPI(t, base, "all=1&q="+url.QueryEscape(q))
			if err == nil && r.Documents == want {
				return
			}
			last = strings.TrimSpace(strings.Join([]string{errString(err), logs()}, "\n"))
		}
		t.Fatalf("the server never found %d documents for %q; last: %s", want, q, last)
	}
	add("https://example.org/after-rebuild", "郯城县工商联召开座谈会", "山东省临沂市郯城县工商联提升基层商会建设水平。")
	found("郯城县工商联", 1)
	add("https://example.org/second", "茶叶博览会开幕", "茶叶博览会在杭州开幕，工商联组织企业参展。")
	found("茶叶博览会", 1)
	found("工商联", 5)

	// The server let go of the old index and removed it.
	if _, err := os.Stat(held[0]); !os.IsNotExist(err) {
		t.Errorf("old index %s still there after the switch: %v", held[0], err)
	}
	for _, bad := range []string{"persist err", "no such file", "level=WARN"} {
		if strings.Contains(logs(), bad) {
			t.Errorf("server log has %q:\n%s", bad, logs())
		}
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
