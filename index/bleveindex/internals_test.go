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
	bleveVersion    = "v2.6.3"
	indexAPIVersion = "v1.4.1"
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
	for path, v := range map[string]string{"github.com/blevesearch/bleve/v2": bleveVersion, "github.com/blevesearch/bleve_index_api": indexAPIVersion} {
		got := ""
		for _, line := range strings.Split(string(mod), "\n") {
			if f := strings.Fields(line); len(f) >= 2 && f[0] == path {
				got = f[1]
			}
		}
		if got != v {
			t.Errorf("go.mod requires %s %q; internals.go was checked against %s: review docNum, internalID and onEachHit against it, then update the versions in internals_test.go", path, got, v)
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
