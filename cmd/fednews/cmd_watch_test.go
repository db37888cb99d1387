package main

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/fednews/fednews/corpus"
)

// A saved search picks up an article stored and indexed after it was
// saved, once; --peek leaves it new.
func TestWatchCommands(t *testing.T) {
	ctx := context.Background()
	dir := indexedStore(t)
	run := func(args ...string) (string, error) {
		out, _, err := runCmd(t, append([]string{"watch"}, append(args, "--data", dir)...)...)
		return out, err
	}
	if out, err := run("add", "chambers", "女企业家商会"); err != nil || out != "saved search chambers: 女企业家商会\n" {
		t.Fatalf("add (%v): %q", err, out)
	}
	if out, err := run("new"); err != nil || out != "== chambers (女企业家商会): 0 new\n" {
		t.Errorf("new before any article (%v): %q", err, out)
	}
	st := mustStore(t, dir)
	doc := &corpus.Document{URL: "https://www.example-gsl.cn/news/9.html", Title: "县女企业家商会换届", Source: "示例工商联",
		Original: "县女企业家商会召开换届大会，选举产生新一届理事会。", Published: time.Date(2024, 6, 1, 9, 0, 0, 0, time.UTC)}
	if _, err := st.Put(ctx, doc, nil); err != nil {
		t.Fatal(err)
	}
	st.Close()
	if out, err := run("new", "chambers"); err != nil || out != "== chambers (女企业家商会): 0 new\n" {
		t.Errorf("stored but not indexed yet (%v): %q, want nothing new until the index has it", err, out)
	}
	var o, e bytes.Buffer
	if err := runIndex(ctx, &o, &e, dir, "", false); err != nil {
		t.Fatal(err)
	}
	want := "== chambers (女企业家商会): 1 new\n     4  2024-06-01  县女企业家商会换届  https://www.example-gsl.cn/news/9.html\n"
	if out, err := run("new", "--peek", "chambers"); err != nil || out != want {
		t.Errorf("new --peek (%v): %q, want %q", err, out, want)
	}
	if out, err := run("new", "chambers"); err != nil || out != want {
		t.Errorf("new after the ingest (%v): %q, want %q", err, out, want)
	}
	if out, err := run("new", "chambers"); err != nil || out != "== chambers (女企业家商会): 0 new\n" {
		t.Errorf("new again (%v): %q", err, out)
	}
	if out, err := run("list"); err != nil || !strings.HasPrefix(out, "chambers\t女企业家商会\tsince ") {
		t.Errorf("list (%v): %q", err, out)
	}
	_, err := run("add", "chambers", "工商联")
	var se *statusError
	if !errors.As(err, &se) || se.status != exitUsage || !errors.Is(err, corpus.ErrWatchExists) {
		t.Errorf("adding a name twice: %v, want a usage error", err)
	}
	if _, err := run("rm", "chambers"); err != nil {
		t.Fatal(err)
	}
	if _, err := run("rm", "chambers"); !errors.Is(err, corpus.ErrNotFound) {
		t.Errorf("rm twice: %v", err)
	}
	if _, err := run("new", "chambers"); err == nil {
		t.Errorf("new of a removed search succeeded")
	}
}
