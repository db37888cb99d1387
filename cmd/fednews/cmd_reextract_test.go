package main

import (
	"context"
	"strings"
	"testing"

	"github.com/fednews/fednews/corpus"
)

// TestReextractCommand stores an article, takes its figures back to what
// an older extractor left (none, version 0), and redoes them.
func TestReextractCommand(t *testing.T) {
	ctx := context.Background()
	data := t.TempDir()
	file := writeFile(t, t.TempDir(), "a.txt", []byte(importArticle))
	if out, _, err := runCmd(t, "import", "--data", data, file); err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	st, err := corpus.Open(ctx, data)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var id, seq int64
	st.EachDocument(ctx, func(d *corpus.Document) error { id, seq = d.ID, d.Seq; return nil })
	want, err := st.Figures(ctx, id)
	if err != nil || len(want) < 3 {
		t.Fatalf("figures after import: %v, %v", want, err)
	}

	out, _, err := runCmd(t, "reextract", "--data", data)
	if err != nil || out != "" {
		t.Errorf("nothing to redo: output %q, err %v; want no output", out, err)
	}
	if err := st.ReplaceFigures(ctx, id, seq, nil, 0, nil); err != nil {
		t.Fatal(err)
	}
	out, _, err = runCmd(t, "reextract", "--data", data)
	if err != nil || !strings.HasPrefix(out, "figures re-extracted (extractor version ") || !strings.HasSuffix(out, "): 1 documents\n") {
		t.Errorf("reextract: output %q, err %v", out, err)
	}
	got, err := st.Figures(ctx, id)
	if err != nil || len(got) != len(want) {
		t.Errorf("figures after reextract: %d (%v), want %d", len(got), err, len(want))
	}
}
