package corpus

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// uniqueText is n characters no other call with another seed shares (in
// 5-grams), drawn from the CJK block.
func uniqueText(seed uint64, n int) string {
	r := rand.New(rand.NewPCG(seed, 7))
	var b strings.Builder
	for range n {
		b.WriteRune(rune(0x4E00 + r.IntN(0x5000)))
	}
	return b.String()
}

// TestPutBatchMatchesPut stores the same documents one by one and in
// batches: IDs, statuses, clusters and what a later document joins must
// not depend on how they were written, including duplicates of documents
// earlier in the same batch.
func TestPutBatchMatchesPut(t *testing.T) {
	ctx := context.Background()
	body := uniqueText(1, 400)
	texts := []string{body, uniqueText(2, 400), body + "（转载）", body, uniqueText(3, 400), "短", uniqueText(2, 400)}
	docs := func() []*Document {
		var out []*Document
		for i, text := range texts {
			out = append(out, sampleDoc(fmt.Sprintf("https://a.example/%d", i), text))
		}
		return out
	}
	one := openTest(t)
	var want []PutResult
	for _, d := range docs() {
		r, err := one.Put(ctx, d, nil)
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, r)
	}
	for _, size := range []int{1, 3, len(texts)} {
		s := openTest(t)
		var got []PutResult
		all := docs()
		for i := 0; i < len(all); i += size {
			var batch []Pending
			for _, d := range all[i:min(len(all), i+size)] {
				batch = append(batch, Pending{Doc: d})
			}
			res, errs, err := s.PutBatch(ctx, batch)
			if err != nil {
				t.Fatal(err)
			}
			for j, e := range errs {
				if e != nil {
					t.Fatalf("batch of %d, document %d: %v", size, i+j, e)
				}
			}
			got = append(got, res...)
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("batches of %d:\n got %v\nwant %v", size, got, want)
		}
	}
	if want[2].Cluster != want[0].ID || !want[2].Joined || want[3].Status != PutUnchanged || want[6].Status != PutUnchanged {
		t.Errorf("the repost, the copy and the same text should join or match the first: %v", want)
	}
}

// TestPutBatchIsolatesFailures: a document that cannot be stored (empty,
// or a figure breaking a constraint) leaves nothing behind and the rest of
// its batch is stored.
func TestPutBatchIsolatesFailures(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	bad := Figure{Kind: KindCount, Text: "x", Start: 5, End: 2} // End before Start violates a CHECK
	good := Figure{Kind: KindCount, Text: "3", Start: 0, End: 1, Value: ptr(3)}
	res, errs, err := s.PutBatch(ctx, []Pending{
		{Doc: sampleDoc("https://a.example/1", "3家企业。"), Figures: []Figure{good}},
		{Doc: sampleDoc("https://a.example/2", uniqueText(4, 300)), Figures: []Figure{good, bad}},
		{Doc: sampleDoc("https://a.example/3", "  ")},
		{Doc: sampleDoc("https://a.example/4", "4家企业。"), Figures: []Figure{good}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if errs[0] != nil || errs[3] != nil || errs[1] == nil || !errors.Is(errs[2], ErrEmptyDocument) {
		t.Fatalf("errs = %v; want failures for the bad figure and the empty text only", errs)
	}
	var docs, figs, bands int
	s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM documents`).Scan(&docs)
	s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM figures`).Scan(&figs)
	s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM sketch_bands WHERE doc_id NOT IN (?, ?)`, res[0].ID, res[3].ID).Scan(&bands)
	if docs != 2 || figs != 2 || bands != 0 {
		t.Errorf("stored %d documents, %d figures, %d sketch rows of failed ones; want 2, 2, 0", docs, figs, bands)
	}
	if res[3].ID != res[0].ID+1 || res[3].Status != PutNew {
		t.Errorf("results %v: the last document should be stored after the first", res)
	}
}

// TestPutBatchCancelledStoresNothing: a batch that does not commit stores
// nothing, and storing it again stores it whole.
func TestPutBatchCancelledStoresNothing(t *testing.T) {
	s := openTest(t)
	batch := []Pending{{Doc: sampleDoc("https://a.example/1", uniqueText(5, 300))}, {Doc: sampleDoc("https://a.example/2", uniqueText(6, 300))}}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := s.PutBatch(ctx, batch); err == nil {
		t.Fatal("PutBatch with a cancelled context succeeded")
	}
	if n, _ := s.Count(context.Background()); n != 0 {
		t.Fatalf("%d documents stored by a cancelled batch", n)
	}
	res, errs, err := s.PutBatch(context.Background(), batch)
	if err != nil || errs[0] != nil || errs[1] != nil || res[0].Status != PutNew || res[1].Status != PutNew {
		t.Fatalf("second PutBatch: %v %v %v", res, errs, err)
	}
}

// TestRepostFoundInCrowdedBands: documents that share a long standing
// passage with an original crowd it out of the LSH bands their shared
// passage decides (more than bandCandidates newer members), yet a repost
// of the original is still found through the bands its own text decides.
func TestRepostFoundInCrowdedBands(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	// The fillers are mostly the standing passage, so a band the passage
	// decides in the original holds nearly all of them; their own text and
	// the original's keep them below nearDuplicate of it (Jaccard about
	// 400/950), though they are near duplicates of one another.
	standing := uniqueText(100, 400)
	original := standing + uniqueText(101, 500)
	first, err := s.Put(ctx, sampleDoc("https://a.example/original", original), nil)
	if err != nil {
		t.Fatal(err)
	}
	var batch []Pending
	for i := range 3 * bandCandidates {
		batch = append(batch, Pending{Doc: sampleDoc(fmt.Sprintf("https://a.example/f%d", i), standing+uniqueText(uint64(1000+i), 50))})
	}
	res, _, err := s.PutBatch(ctx, batch)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range res {
		if r.Cluster == first.ID {
			t.Fatalf("filler %d joined the original's story: the fillers must be below nearDuplicate of it for the test to mean anything", i)
		}
	}
	repost := sampleDoc("https://b.example/repost", original+"（转载自中华工商时报）")
	Prepare(repost)
	crowded := 0
	for band, key := range sketch(repost.Normalized).bandKeys() {
		var members int
		s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM sketch_bands WHERE band = ? AND key = ?`, band, key).Scan(&members)
		if members > bandCandidates {
			crowded++
		}
	}
	if crowded == 0 {
		t.Fatal("no band of the repost holds more than bandCandidates documents: the cap is not exercised")
	}
	r, err := s.Put(ctx, repost, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.Cluster != first.ID || !r.Joined {
		t.Errorf("repost: cluster %d joined %v; want the original's story %d (%d crowded bands)", r.Cluster, r.Joined, first.ID, crowded)
	}
}
