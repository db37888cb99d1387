package storetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/fednews/fednews/corpus"
)

// testPutBatch: a batch stores its documents as single Puts would, a bad
// document fails alone (its savepoint rolled back), a repost inside the
// batch joins the story of a document earlier in the same batch, and the
// feed lists the batch in order.
func testPutBatch(t *testing.T, e Engine) {
	ctx := context.Background()
	s, _ := open(t, e)
	orig := Text(40, 400)
	batch := []corpus.Pending{
		{Doc: Doc("https://b.example/1", orig, 0), Figures: []corpus.Figure{{Kind: corpus.KindCount, Text: "3家", Start: 0, End: 2, Value: ptr(3)}}},
		{Doc: Doc("https://b.example/empty", " ", 0)},
		{Doc: Doc("https://b.example/2", Text(41, 300), 1)},
		{Doc: Doc("https://c.example/1", nearCopy(orig), 2)},
	}
	res, errs, err := s.PutBatch(ctx, batch)
	if err != nil {
		t.Fatal(err)
	}
	if !errors.Is(errs[1], corpus.ErrEmptyDocument) {
		t.Errorf("empty document in a batch: %v, want ErrEmptyDocument", errs[1])
	}
	for _, i := range []int{0, 2, 3} {
		if errs[i] != nil || res[i].Status != corpus.PutNew {
			t.Errorf("batch item %d: %+v, %v", i, res[i], errs[i])
		}
	}
	if res[3].Cluster != res[0].ID || !res[3].Joined {
		t.Errorf("repost in the batch: cluster %d joined %v, want %d", res[3].Cluster, res[3].Joined, res[0].ID)
	}
	if n, _ := s.Count(ctx); n != 3 {
		t.Errorf("count %d after the batch, want 3", n)
	}
	if figs, _ := s.Figures(ctx, res[0].ID); len(figs) != 1 || figs[0].Text != "3家" {
		t.Errorf("figures of the first batch item: %+v", figs)
	}
	all := feed(t, s, 0, 0)
	var ids []int64
	for _, d := range all {
		ids = append(ids, d.ID)
	}
	if want := []int64{res[0].ID, res[2].ID, res[3].ID}; !reflect.DeepEqual(ids, want) {
		t.Errorf("feed after the batch %v, want %v", ids, want)
	}
	// The same batch again changes nothing: a rerun after a crash resumes.
	res2, errs2, err := s.PutBatch(ctx, []corpus.Pending{{Doc: Doc("https://b.example/1", orig, 0)}, {Doc: Doc("https://b.example/2", Text(41, 300), 1)}})
	if err != nil || errs2[0] != nil || errs2[1] != nil || res2[0].Status != corpus.PutUnchanged || res2[1].Status != corpus.PutUnchanged {
		t.Errorf("batch again: %+v %v %v", res2, errs2, err)
	}
}

// testEntities: the places and organizations stored with a document come
// back with it, and ReplaceFigures replaces them (nil keeps them).
func testEntities(t *testing.T, e Engine) {
	ctx := context.Background()
	s, _ := open(t, e)
	d := Doc("https://e.example/1", Text(50, 200), 0)
	d.Entities = &corpus.Entities{Version: 2, About: corpus.Places{Provinces: []string{"山东省"}, Cities: []string{"临沂市"}},
		Mentioned: corpus.Places{Provinces: []string{"山东省", "上海市"}},
		Orgs:      []corpus.Org{{Name: "郯城县工商联", Surface: "郯城县工商联", Kind: "工商联"}}}
	r := mustPut(t, s, d, nil)
	got := mustGet(t, s, r.ID)
	if !reflect.DeepEqual(got.Entities, d.Entities) {
		t.Fatalf("entities read back %+v, want %+v", got.Entities, d.Entities)
	}
	if err := s.ReplaceFigures(ctx, r.ID, got.Seq, nil, 9, nil); err != nil {
		t.Fatal(err)
	}
	kept := mustGet(t, s, r.ID)
	if !reflect.DeepEqual(kept.Entities, d.Entities) {
		t.Errorf("ReplaceFigures with nil entities changed them: %+v", kept.Entities)
	}
	repl := &corpus.Entities{Version: 3, About: corpus.Places{Provinces: []string{"上海市"}}}
	if err := s.ReplaceFigures(ctx, r.ID, kept.Seq, nil, 9, repl); err != nil {
		t.Fatal(err)
	}
	if after := mustGet(t, s, r.ID); !reflect.DeepEqual(after.Entities, repl) {
		t.Errorf("entities after replace %+v, want %+v", after.Entities, repl)
	}
	if n, err := s.CountOlderFigures(ctx, 9, 3); err != nil || n != 0 {
		t.Errorf("older than extractor 9 / entities 3: %d, %v; want 0", n, err)
	}
	if n, err := s.CountOlderFigures(ctx, 9, 4); err != nil || n != 1 {
		t.Errorf("older than entities 4: %d, %v; want 1", n, err)
	}
}

// testBatchMatchesSinglePuts: documents stored in one batch get the IDs,
// stories and near-duplicate band rows that the same documents stored one
// Put at a time get, where the batch's reposts find their originals both
// in the store and earlier in the batch, a document created in the batch
// is changed again in it, and more reposts of one text arrive than a band
// lends candidates.
func testBatchMatchesSinglePuts(t *testing.T, e Engine) {
	ctx := context.Background()
	stored, fresh, changed := Text(60, 400), Text(61, 400), Text(62, 400)
	docs := func() []*corpus.Document {
		out := []*corpus.Document{
			Doc("https://m.example/repost-of-stored", nearCopy(stored), 1),
			Doc("https://m.example/fresh", fresh, 1),
			Doc("https://m.example/repost-of-fresh", nearCopy(fresh), 2),
			Doc("https://m.example/fresh", changed, 3), // the same URL, new text
			Doc("https://m.example/repost-of-changed", nearCopy(changed), 4),
		}
		// A dozen edits of one text: more than any band's candidates.
		for i := range 12 {
			rs := []rune(stored)
			rs[10+i] = '變'
			out = append(out, Doc(fmt.Sprintf("https://m.example/edit-%d", i), string(rs), 5+i))
		}
		return out
	}
	type outcome struct {
		results []corpus.PutResult
		bands   [][3]int64
	}
	run := func(batched bool) outcome {
		s, loc := open(t, e)
		mustPut(t, s, Doc("https://m.example/stored", stored, 0), nil)
		var o outcome
		if batched {
			var batch []corpus.Pending
			for _, d := range docs() {
				batch = append(batch, corpus.Pending{Doc: d})
			}
			res, errs, err := s.PutBatch(ctx, batch)
			if err != nil {
				t.Fatal(err)
			}
			for i, err := range errs {
				if err != nil {
					t.Fatalf("batch item %d: %v", i, err)
				}
			}
			o.results = res
		} else {
			for _, d := range docs() {
				o.results = append(o.results, mustPut(t, s, d, nil))
			}
		}
		rows, err := e.SQL(t, loc).QueryContext(ctx, `SELECT band, key, doc_id FROM sketch_bands ORDER BY band, key, doc_id`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var r [3]int64
			if err := rows.Scan(&r[0], &r[1], &r[2]); err != nil {
				t.Fatal(err)
			}
			o.bands = append(o.bands, r)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		return o
	}
	single, batched := run(false), run(true)
	if !reflect.DeepEqual(batched.results, single.results) {
		t.Errorf("batch results\n%+v\nsingle Puts\n%+v", batched.results, single.results)
	}
	if !reflect.DeepEqual(batched.bands, single.bands) {
		t.Errorf("batch left %d band rows, single Puts %d, or other ones", len(batched.bands), len(single.bands))
	}
	// The outcomes themselves, so that both cannot be wrong alike.
	r := single.results
	if !r[0].Joined || r[0].Cluster != 1 {
		t.Errorf("repost of the stored text: %+v, want story 1", r[0])
	}
	if r[2].Cluster != r[1].ID || r[3].Status != corpus.PutUpdated || r[4].Cluster != r[3].Cluster || !r[4].Joined {
		t.Errorf("fresh, its repost, its change and the change's repost: %+v", r[1:5])
	}
	for i, res := range r[5:] {
		if res.Cluster != 1 {
			t.Errorf("edit %d of the stored text: story %d, want 1", i, res.Cluster)
		}
	}
	if want := 32 * (1 + len(r) - 1); len(single.bands) != want {
		t.Errorf("%d band rows, want %d (32 for each document)", len(single.bands), want)
	}
}
