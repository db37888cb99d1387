package bleveindex

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/fednews/fednews/corpus"
)

// Batches are bounded by the bytes of their documents' text as well as by
// their number, and together they cover every change once, in order.
func TestChangedBounded(t *testing.T) {
	ctx := context.Background()
	st, err := corpus.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	// 8 documents of 0.9 MB (counted as far as they are indexed), then
	// 300 of 1.5 KB.
	const big = 8
	var sizes []int
	bigBytes := 0
	for i := range big + 300 {
		n := 250
		if i < big {
			n = 150_000
		}
		text := fmt.Sprintf("第%d篇。", i) + strings.Repeat("企业", n)
		if _, err := st.Put(ctx, &corpus.Document{URL: fmt.Sprintf("https://example.cn/%d", i), Title: "标题", Original: text}, nil); err != nil {
			t.Fatal(err)
		}
		sizes = append(sizes, len("标题")+len(text))
		if i == 0 {
			bigBytes = docBytes(&corpus.Document{Title: "标题", Original: text})
		}
	}
	var seq int64
	avg, seen := 0, 0
	var counts []int
	for {
		docs, err := changedBounded(ctx, st, seq, &avg)
		if err != nil {
			t.Fatal(err)
		}
		if len(docs) == 0 {
			break
		}
		bytes := 0
		for _, d := range docs {
			if d.Seq <= seq {
				t.Fatalf("document seq %d after %d: out of order or twice", d.Seq, seq)
			}
			seq = d.Seq
			bytes += docBytes(d)
			seen++
		}
		if len(docs) > 1 && bytes > batchBytes || len(docs) > batchSize {
			t.Errorf("a batch of %d documents, %d bytes: over the bounds", len(docs), bytes)
		}
		counts = append(counts, len(docs))
	}
	if seen != len(sizes) {
		t.Errorf("the batches cover %d documents, want %d", seen, len(sizes))
	}
	// As many big ones as fit go to a batch; the small ones fill batches
	// of more than the first call's 64 once their size is known.
	if counts[0] != batchBytes/bigBytes || slices.Max(counts) <= 64 {
		t.Errorf("batch sizes %v (a big document counts %d bytes)", counts, bigBytes)
	}
}
