package bleveindex

import (
	"context"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	bindex "github.com/blevesearch/bleve_index_api"
)

// The versions internals.go was checked against.
const (
	bleveVersion      = "v2.6.3"
	indexAPIVersion   = "v1.4.1"
	segmentAPIVersion = "v2.4.11"
)

// TestBleveContract pins what internals.go relies on. It fails on any
// bleve upgrade, on purpose: check each assumption below against the new
// version, then raise the versions above.
func TestBleveContract(t *testing.T) {
	// go.mod decides which bleve the build uses (a test binary carries no
	// module versions of its own).
	mod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	for path, v := range map[string]string{"github.com/blevesearch/bleve/v2": bleveVersion, "github.com/blevesearch/bleve_index_api": indexAPIVersion, "github.com/blevesearch/scorch_segment_api/v2": segmentAPIVersion} {
		got := ""
		for _, line := range strings.Split(string(mod), "\n") {
			if f := strings.Fields(line); len(f) >= 2 && f[0] == path {
				got = f[1]
			}
		}
		if got != v {
			t.Errorf("go.mod requires %s %q; internals.go was checked against %s: review docNum, internalID, onEachHit and termPositions against it, then update the versions in internals_test.go", path, got, v)
		}
	}

	bi, err := bleve.NewUsing(t.TempDir(), bleve.NewIndexMapping(), "scorch", "scorch", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer bi.Close()
	const n = 50
	for start := 0; start < n; start += 10 { // several segments
		b := bi.NewBatch()
		for i := start; i < start+10; i++ {
			if err := b.Index(strconv.Itoa(i), map[string]any{"f": "x"}); err != nil {
				t.Fatal(err)
			}
		}
		if err := bi.Batch(b); err != nil {
			t.Fatal(err)
		}
	}

	// onEachHit sees every hit, before ranking, with the snapshot's
	// reader; docNum numbers the documents densely from 0, ascending as
	// searchers return them, and internalID inverts it.
	var nums []uint64
	var reader bindex.IndexReader
	ctx := onEachHit(context.Background(), func(r bindex.IndexReader) (func(*search.DocumentMatch), error) {
		reader = r
		return func(d *search.DocumentMatch) {
			nums = append(nums, docNum(d.IndexInternalID))
			if got := docNum(internalID(nil, docNum(d.IndexInternalID))); got != docNum(d.IndexInternalID) {
				t.Errorf("internalID(docNum(%v)) = %d", d.IndexInternalID, got)
			}
			if ext, err := r.ExternalID(internalID(nil, docNum(d.IndexInternalID))); err != nil || ext == "" {
				t.Errorf("document number %d names no document: %q %v", docNum(d.IndexInternalID), ext, err)
			}
		}, nil
	})
	res, err := bi.SearchInContext(ctx, bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), 1, 0, false))
	if err != nil {
		t.Fatal(err)
	}
	if reader == nil || len(nums) != n || res.Total != n || len(res.Hits) != 1 {
		t.Fatalf("the hook saw %d hits (reader %v), bleve counted %d and returned %d: bleve no longer calls MakeDocumentMatchHandlerKey's handler for every hit", len(nums), reader != nil, res.Total, len(res.Hits))
	}
	if !slices.IsSorted(nums) {
		t.Errorf("document numbers not ascending in search order: %v", nums)
	}
	slices.Sort(nums)
	for i, v := range nums {
		if v != uint64(i) {
			t.Fatalf("document numbers are not dense from 0: %v", nums)
		}
	}
}

// TestTermPositions: termPositions walks the documents, norms and
// positions scorch's TermFieldReader returns, across segments and with
// deleted documents left out, and seeks as its Advance does.
func TestTermPositions(t *testing.T) {
	bi, err := bleve.NewUsing(t.TempDir(), bleve.NewIndexMapping(), "scorch", "scorch", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer bi.Close()
	for start := 0; start < 40; start += 10 { // several segments
		b := bi.NewBatch()
		for i := start; i < start+10; i++ {
			text := strings.Repeat("y ", i%3) + "x" + strings.Repeat(" y x", i%4)
			if err := b.Index(strconv.Itoa(i), map[string]any{"f": text}); err != nil {
				t.Fatal(err)
			}
		}
		if err := bi.Batch(b); err != nil {
			t.Fatal(err)
		}
	}
	for _, id := range []string{"3", "10", "11", "25"} {
		if err := bi.Delete(id); err != nil {
			t.Fatal(err)
		}
	}
	r, err := snapshot(bi)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	type posting struct {
		doc  uint64
		norm float64
		pos  []uint64
	}
	var want []posting
	tfr, err := r.TermFieldReader(context.Background(), []byte("x"), "f", false, true, true)
	if err != nil {
		t.Fatal(err)
	}
	for d, err := tfr.Next(nil); d != nil || err != nil; d, err = tfr.Next(nil) {
		if err != nil {
			t.Fatal(err)
		}
		p := posting{doc: docNum(d.ID), norm: d.Norm}
		for _, v := range d.Vectors {
			p.pos = append(p.pos, v.Pos)
		}
		want = append(want, p)
	}
	count := tfr.Count()
	tfr.Close()
	if len(want) != 36 {
		t.Fatalf("the TermFieldReader returned %d documents, want 36", len(want))
	}

	tp, err := openTermPositions(r, "f", "x", true)
	if err != nil {
		t.Fatal(err)
	}
	if tp.count != count {
		t.Errorf("count %d, the TermFieldReader's %d", tp.count, count)
	}
	var got []posting
	for err = tp.next(false, 0); err == nil && !tp.done; err = tp.next(false, 0) {
		p := posting{doc: tp.doc, norm: tp.norm()}
		for _, l := range tp.locs {
			p.pos = append(p.pos, l.Pos())
		}
		got = append(got, p)
	}
	if err != nil {
		t.Fatal(err)
	}
	if !slices.EqualFunc(got, want, func(a, b posting) bool { return a.doc == b.doc && a.norm == b.norm && slices.Equal(a.pos, b.pos) }) {
		t.Errorf("termPositions walked\n%v\nthe TermFieldReader\n%v", got, want)
	}

	// Seeking lands on the first document at or after the target, in
	// this segment or a later one.
	for _, target := range []uint64{0, 3, 9, 10, 12, 25, uint64(want[len(want)-1].doc)} {
		tp, err := openTermPositions(r, "f", "x", false)
		if err != nil {
			t.Fatal(err)
		}
		if err := tp.next(true, target); err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(want, func(p posting) bool { return p.doc >= target })
		if tp.done || tp.doc != want[i].doc {
			t.Errorf("seek %d: at %d (done %v), want %d", target, tp.doc, tp.done, want[i].doc)
		}
	}
}
