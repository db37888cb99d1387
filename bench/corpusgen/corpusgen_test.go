package corpusgen

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// The corpus is what the benchmarks claim: the same for the same seed,
// about 1.5 KB a document, a third borrowing from an earlier document,
// and a borrowed paragraph really in the document it came from.
func TestGenerator(t *testing.T) {
	const n = 3000
	var a, b bytes.Buffer
	kinds, err := WriteJSONL(&a, 7, n)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := WriteJSONL(&b, 7, n); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("the same seed wrote two different corpora")
	}
	if borrowed := float64(kinds[Shares]+kinds[Repost]) / n; borrowed < 0.28 || borrowed > 0.38 {
		t.Errorf("%.2f of the documents borrow from another; want about a third (%v)", borrowed, kinds)
	}
	var docs []Document
	dec := json.NewDecoder(&a)
	for dec.More() {
		var d Document
		if err := dec.Decode(&d); err != nil {
			t.Fatal(err)
		}
		docs = append(docs, d)
	}
	total, broad := 0, 0
	for _, d := range docs {
		total += len(d.Text)
		if strings.Contains(d.Text, "工商联") {
			broad++
		}
	}
	if avg := total / len(docs); avg < 1300 || avg > 2600 {
		t.Errorf("average text %d bytes; want about 1.5 KB", avg)
	}
	if broad < len(docs)*8/10 {
		t.Errorf("工商联 in %d of %d documents; the broad query wants most", broad, len(docs))
	}
	g := New(7)
	for i := range n {
		d, kind, from := g.Next()
		if kind == Own {
			continue
		}
		if from < 0 || from >= i {
			t.Fatalf("document %d borrows from %d", i, from)
		}
		in := 0
		src := strings.Split(docs[from].Text, "\n")
		for _, p := range src {
			if strings.Contains(d.Text, p) {
				in++
			}
		}
		if kind == Repost && in != len(src) || kind == Shares && in == 0 {
			t.Errorf("document %d (kind %d) holds %d of the %d paragraphs of %d", i, kind, in, len(src), from)
		}
	}
}
