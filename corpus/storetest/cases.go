package storetest

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/zh"
)

func testPutGet(t *testing.T, e Engine) {
	ctx := context.Background()
	s, _ := open(t, e)
	d := Doc("HTTPS://News.Example.org:443/a/1.html?utm_source=x#top", "安徽省工商联组织企业投资3000万元。"+Text(1, 120), 3)
	figs := []corpus.Figure{
		{Kind: corpus.KindPercent, Text: "12%", Start: 20, End: 23, Value: ptr(12), Unit: "%", Qualifier: "exact"},
		{Kind: corpus.KindMoney, Text: "3000万元", Start: 11, End: 17, Value: ptr(3e7), ValueMax: ptr(4e7), Unit: "CNY",
			Qualifier: "approx", Date: "2024-01", DateEnd: "2024-03", Subject: "企业", Sentence: "组织企业投资3000万元",
			PeriodStart: "2024", PeriodEnd: "2024-03", Topic: "investment"},
		{Kind: corpus.KindCount, Text: "几家", Start: 5, End: 7},
	}
	r := mustPut(t, s, d, figs)
	if r.Status != corpus.PutNew || r.ID == 0 || r.Cluster != r.ID || r.Joined {
		t.Fatalf("put: %+v, want a new document standing for its own story", r)
	}
	got := mustGet(t, s, r.ID)
	want := *d
	want.ID, want.Cluster = r.ID, r.ID
	if got.CanonicalURL != "https://news.example.org/a/1.html" {
		t.Errorf("canonical URL %q", got.CanonicalURL)
	}
	if !got.Published.Equal(want.Published) || !got.FetchedAt.Equal(want.FetchedAt) {
		t.Errorf("times %v %v, want %v %v", got.Published, got.FetchedAt, want.Published, want.FetchedAt)
	}
	got.Published, got.FetchedAt, want.Published, want.FetchedAt = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	if !reflect.DeepEqual(*got, want) {
		t.Errorf("get:\n got %+v\nwant %+v", *got, want)
	}
	if want.Script != zh.ScriptSimplified || want.Normalized == "" || want.ContentHash == "" || want.Seq == 0 {
		t.Errorf("put did not prepare the document: %+v", want)
	}
	byURL, err := s.GetByURL(ctx, "https://news.example.org/a/1.html?utm_medium=y")
	if err != nil || byURL.ID != r.ID {
		t.Errorf("get by URL: %v, %v", byURL, err)
	}
	if _, err := s.Get(ctx, r.ID+100); !errors.Is(err, corpus.ErrNotFound) {
		t.Errorf("get of a missing ID: %v, want ErrNotFound", err)
	}
	if _, err := s.GetByURL(ctx, "https://news.example.org/none"); !errors.Is(err, corpus.ErrNotFound) {
		t.Errorf("get of a missing URL: %v, want ErrNotFound", err)
	}
	stored, err := s.Figures(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	wantFigs := []corpus.Figure{figs[2], figs[1], figs[0]} // text order
	if !reflect.DeepEqual(stored, wantFigs) {
		t.Errorf("figures:\n got %+v\nwant %+v", stored, wantFigs)
	}
	if n, err := s.Count(ctx); err != nil || n != 1 {
		t.Errorf("count %d, %v; want 1", n, err)
	}
	if texts, err := s.Originals(ctx, []int64{r.ID + 100, r.ID}); err != nil || len(texts) != 1 || texts[r.ID] != d.Original {
		t.Errorf("originals of %d and a missing ID: %v, %v; want only %d's text", r.ID, texts, err, r.ID)
	}
	if texts, err := s.Originals(ctx, nil); err != nil || len(texts) != 0 {
		t.Errorf("originals of no IDs: %v, %v", texts, err)
	}
}

func testPutOutcomes(t *testing.T, e Engine) {
	ctx := context.Background()
	s, loc := open(t, e)
	first := mustPut(t, s, Doc("https://a.example/1", Text(2, 200), 0), nil)
	d := mustGet(t, s, first.ID)

	again := mustPut(t, s, Doc("https://a.example/1#again", Text(2, 200), 0), nil)
	if again.Status != corpus.PutUnchanged || again.ID != first.ID {
		t.Errorf("same URL, same text: %+v, want unchanged %d", again, first.ID)
	}
	elsewhere := mustPut(t, s, Doc("https://b.example/copy", Text(2, 200), 1), nil)
	if elsewhere.Status != corpus.PutUnchanged || elsewhere.ID != first.ID {
		t.Errorf("same text at another URL: %+v, want unchanged %d", elsewhere, first.ID)
	}
	if seq, _ := s.MaxSeq(ctx); seq != d.Seq {
		t.Errorf("unchanged puts moved the feed from %d to %d", d.Seq, seq)
	}

	updated := mustPut(t, s, Doc("https://a.example/1", Text(3, 200), 0), nil)
	if updated.Status != corpus.PutUpdated || updated.ID != first.ID {
		t.Errorf("same URL, new text: %+v, want updated %d", updated, first.ID)
	}
	u := mustGet(t, s, first.ID)
	if u.Seq <= d.Seq || u.Original != Text(3, 200) {
		t.Errorf("update: seq %d after %d, text %q", u.Seq, d.Seq, u.Original)
	}
	if n, _ := s.Count(ctx); n != 1 {
		t.Errorf("count %d after an update, want 1", n)
	}
	// The update replaced the old text's band keys (one per band, 32)
	// with the new text's: a near copy of the old text is a story of its
	// own, and one of the new text joins the updated document's story.
	var bands int
	if err := e.SQL(t, loc).QueryRowContext(ctx, `SELECT COUNT(*) FROM sketch_bands`).Scan(&bands); err != nil || bands != 32 {
		t.Errorf("band keys after an update: %d, %v; want the 32 of the new text", bands, err)
	}
	if old := mustPut(t, s, Doc("https://c.example/old", nearCopy(Text(2, 200)), 0), nil); old.Cluster == first.ID {
		t.Errorf("a near copy of the replaced text joined the updated document's story: %+v", old)
	}
	if copied := mustPut(t, s, Doc("https://c.example/new", nearCopy(Text(3, 200)), 1), nil); copied.Cluster != first.ID {
		t.Errorf("a near copy of the new text: %+v, want story %d", copied, first.ID)
	}
}

func testPutRejectsEmpty(t *testing.T, e Engine) {
	s, _ := open(t, e)
	for _, text := range []string{"", " \n\t　"} {
		if _, err := s.Put(context.Background(), Doc("https://a.example/empty", text, 0), nil); !errors.Is(err, corpus.ErrEmptyDocument) {
			t.Errorf("put %q: %v, want ErrEmptyDocument", text, err)
		}
	}
	if n, _ := s.Count(context.Background()); n != 0 {
		t.Errorf("count %d after rejected puts", n)
	}
}

func testFeed(t *testing.T, e Engine) {
	ctx := context.Background()
	s, _ := open(t, e)
	if seq, err := s.MaxSeq(ctx); err != nil || seq != 0 {
		t.Fatalf("empty store: max seq %d, %v", seq, err)
	}
	var ids []int64
	for i := range 7 {
		ids = append(ids, mustPut(t, s, Doc("https://feed.example/"+string(rune('a'+i)), Text(uint64(10+i), 150), i), nil).ID)
	}
	mustPut(t, s, Doc("https://feed.example/b", Text(99, 150), 1), nil) // b changes: it moves to the end
	all := feed(t, s, 0, 0)
	paged := feed(t, s, 0, 3)
	if seqs(all) != seqs(paged) {
		t.Errorf("paged feed %s, whole feed %s", seqs(paged), seqs(all))
	}
	wantOrder := []int64{ids[0], ids[2], ids[3], ids[4], ids[5], ids[6], ids[1]}
	var order []int64
	for i, d := range all {
		order = append(order, d.ID)
		if i > 0 && d.Seq <= all[i-1].Seq {
			t.Errorf("feed out of order: %s", seqs(all))
		}
	}
	if !reflect.DeepEqual(order, wantOrder) {
		t.Errorf("feed order %v, want %v", order, wantOrder)
	}
	maxSeq, err := s.MaxSeq(ctx)
	if err != nil || maxSeq != all[len(all)-1].Seq {
		t.Errorf("max seq %d, %v; want %d", maxSeq, err, all[len(all)-1].Seq)
	}
	tail := feed(t, s, all[4].Seq, 0)
	if seqs(tail) != seqs(all[5:]) {
		t.Errorf("feed after %d: %s, want %s", all[4].Seq, seqs(tail), seqs(all[5:]))
	}
	if rest := feed(t, s, maxSeq, 0); len(rest) != 0 {
		t.Errorf("feed after the last sequence: %s", seqs(rest))
	}
}

func testReplaceFigures(t *testing.T, e Engine) {
	ctx := context.Background()
	s, _ := open(t, e)
	r := mustPut(t, s, Doc("https://r.example/1", "投资5亿元。"+Text(5, 100), 0), []corpus.Figure{{Kind: corpus.KindMoney, Text: "5亿元", Start: 2, End: 5, Value: ptr(5e8)}})
	other := mustPut(t, s, Doc("https://r.example/2", Text(6, 100), 0), nil)
	d := mustGet(t, s, r.ID)
	if n, err := s.CountOlderFigures(ctx, 4, 0); err != nil || n != 2 {
		t.Errorf("older than 4: %d, %v; want 2", n, err)
	}
	if docs, err := s.OlderFigures(ctx, 4, 0, r.ID, 10); err != nil || len(docs) != 1 || docs[0].ID != other.ID {
		t.Errorf("older than 4 after %d: %v, %v", r.ID, docs, err)
	}
	repl := []corpus.Figure{{Kind: corpus.KindMoney, Text: "5亿元", Start: 2, End: 5, Value: ptr(5e8), Topic: "investment"}}
	if err := s.ReplaceFigures(ctx, r.ID, d.Seq, repl, 4, nil); err != nil {
		t.Fatal(err)
	}
	after := mustGet(t, s, r.ID)
	maxSeq, _ := s.MaxSeq(ctx)
	if after.Extractor != 4 || after.Seq <= d.Seq || after.Seq != maxSeq {
		t.Errorf("after replace: extractor %d seq %d (was %d, max %d)", after.Extractor, after.Seq, d.Seq, maxSeq)
	}
	if figs, _ := s.Figures(ctx, r.ID); !reflect.DeepEqual(figs, repl) {
		t.Errorf("figures after replace %+v", figs)
	}
	if err := s.ReplaceFigures(ctx, r.ID, d.Seq, nil, 5, nil); !errors.Is(err, corpus.ErrChanged) {
		t.Errorf("replace from a stale sequence: %v, want ErrChanged", err)
	}
	if err := s.ReplaceFigures(ctx, r.ID+other.ID+10, 1, nil, 5, nil); !errors.Is(err, corpus.ErrNotFound) {
		t.Errorf("replace of a missing document: %v, want ErrNotFound", err)
	}
	if figs, _ := s.Figures(ctx, r.ID); !reflect.DeepEqual(figs, repl) {
		t.Errorf("a refused replace changed the figures: %+v", figs)
	}
}

func testFigures(t *testing.T, e Engine) {
	ctx := context.Background()
	s, _ := open(t, e)
	var ids []int64
	for i := range 3 {
		figs := []corpus.Figure{
			{Kind: corpus.KindCount, Text: "3家", Start: 10, End: 12, Value: ptr(3)},
			{Kind: corpus.KindDate, Text: "3月", Start: 1, End: 3, Date: "2024-03"},
		}
		ids = append(ids, mustPut(t, s, Doc("https://f.example/"+string(rune('a'+i)), Text(uint64(20+i), 80), i), figs[:min(i+1, len(figs))]).ID)
	}
	type row struct {
		doc  int64
		text string
	}
	each := func(sel []int64) []row {
		var out []row
		err := s.EachFigure(ctx, sel, func(d *corpus.Document, f corpus.Figure) error {
			if d.Original != "" || d.URL == "" || d.Published.IsZero() {
				t.Errorf("EachFigure's document %+v: want metadata without text", d)
			}
			out = append(out, row{d.ID, f.Text})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	all := []row{{ids[0], "3家"}, {ids[1], "3月"}, {ids[1], "3家"}, {ids[2], "3月"}, {ids[2], "3家"}}
	if got := each(nil); !reflect.DeepEqual(got, all) {
		t.Errorf("every figure: %v, want %v", got, all)
	}
	if got := each([]int64{ids[2], ids[0]}); !reflect.DeepEqual(got, []row{all[0], all[3], all[4]}) {
		t.Errorf("figures of %d and %d: %v", ids[2], ids[0], got)
	}
	if got := each([]int64{}); len(got) != 0 {
		t.Errorf("figures of no documents: %v", got)
	}
	stop := errors.New("stop")
	if err := s.EachFigure(ctx, nil, func(*corpus.Document, corpus.Figure) error { return stop }); !errors.Is(err, stop) {
		t.Errorf("EachFigure returned %v, want the callback's error", err)
	}
}

func testCrawlStateAndRuns(t *testing.T, e Engine) {
	ctx := context.Background()
	s, _ := open(t, e)
	if _, err := s.CrawlState(ctx, "https://c.example/"); !errors.Is(err, corpus.ErrNotFound) {
		t.Errorf("missing crawl state: %v", err)
	}
	st := corpus.CrawlState{URL: "https://c.example/", ETag: `"x1"`, LastModified: "Mon, 01 Jan 2024 00:00:00 GMT",
		LastStatus: 200, LastFetched: time.Date(2024, 1, 2, 3, 4, 5, 6, time.UTC), NextFetch: time.Date(2024, 1, 3, 0, 0, 0, 0, time.UTC), DocID: 7}
	for _, step := range []corpus.CrawlState{st, func() corpus.CrawlState { st.LastStatus, st.LastError, st.Failures = 503, "busy", 2; return st }()} {
		if err := s.PutCrawlState(ctx, step); err != nil {
			t.Fatal(err)
		}
		got, err := s.CrawlState(ctx, step.URL)
		if err != nil || !reflect.DeepEqual(got, step) {
			t.Errorf("crawl state %+v, %v; want %+v", got, err, step)
		}
	}
	var ids []int64
	for i := range 3 {
		id, err := s.StartRun(ctx)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
		if i < 2 {
			if err := s.FinishRun(ctx, corpus.Run{ID: id, Counts: map[string]int{"new": i}, Errors: []string{"e"}}); err != nil {
				t.Fatal(err)
			}
		}
	}
	runs, err := s.Runs(ctx, 2)
	if err != nil || len(runs) != 2 || runs[0].ID != ids[2] || runs[1].ID != ids[1] {
		t.Fatalf("latest 2 runs %+v, %v", runs, err)
	}
	if !runs[0].Finished.IsZero() || runs[1].Finished.IsZero() || runs[1].Counts["new"] != 1 || len(runs[1].Errors) != 1 {
		t.Errorf("runs %+v", runs)
	}
	if err := s.FinishRun(ctx, corpus.Run{ID: ids[2] + 10}); !errors.Is(err, corpus.ErrNotFound) {
		t.Errorf("finish of a missing run: %v", err)
	}
}

// testReopen opens the store again, as the next command does: everything
// stays and migrating an up-to-date store changes nothing.
func testReopen(t *testing.T, e Engine) {
	ctx := context.Background()
	s, loc := open(t, e)
	r := mustPut(t, s, Doc("https://o.example/1", Text(30, 100), 0), []corpus.Figure{{Kind: corpus.KindCount, Text: "5家", Start: 0, End: 2, Value: ptr(5)}})
	seq, _ := s.MaxSeq(ctx)
	s.Close()
	again := openAt(t, e, loc)
	d := mustGet(t, again, r.ID)
	figs, err := again.Figures(ctx, r.ID)
	if err != nil || len(figs) != 1 || d.Seq != seq {
		t.Fatalf("after reopening: %+v, %v, %v", d, figs, err)
	}
	// The counter goes on from where it was.
	r2 := mustPut(t, again, Doc("https://o.example/2", Text(31, 100), 0), nil)
	if d2 := mustGet(t, again, r2.ID); d2.Seq != seq+1 {
		t.Errorf("first sequence after reopening %d, want %d", d2.Seq, seq+1)
	}
}
