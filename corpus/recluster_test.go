package corpus

import (
	"context"
	"testing"
	"time"
)

// TestRecluster makes a store as an older fednews left it: a story led by
// its first-crawled copy (a later Hong Kong repost) and a mixed-script
// document whose normalized text kept its traditional run. Recluster gives
// the story to the original, renormalizes the mixed document (marking its
// figures and entities for reextract), gives every changed document a new
// distinct change sequence, and a second run changes nothing.
func TestRecluster(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	simp := "6月8日，记者从山东省临沂市郯城县工商联获悉，近五年来，全县各级商会累计引进项目138个，签约总额290.54亿元，到位资金120亿元。"
	trad := "6月8日，記者從山東省臨沂市郯城縣工商聯獲悉，近五年來，全縣各級商會累計引進項目138個，簽約總額290.54億元，到位資金120億元。"
	mixed := "本报讯 近日，县工商联转发了《經濟發展報告》，要求各商会认真学习。"
	day := func(d int) time.Time { return time.Date(2021, 6, d, 9, 0, 0, 0, chinaZone) }
	put := func(url, source, body string, published time.Time) *Document {
		t.Helper()
		d := &Document{URL: url, Title: "郯城商会五年引资290.54亿元", Source: source, Original: body, Published: published, Extractor: 2}
		if _, err := s.Put(ctx, d, nil); err != nil {
			t.Fatal(err)
		}
		return d
	}
	hk := put("https://news.wenweipo.example/2021/06/11/a.html", "香港文匯報", trad, day(11))
	orig := put("https://www.linyi.example/2021/0609/tc.html", "临沂日报", simp, day(9))
	mix := put("https://county.example/notice.html", "县工商联", mixed, day(20))
	// The old rules: the first-crawled copy led, and a mixed text was left
	// unconverted.
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`UPDATE documents SET cluster = ? WHERE cluster = ?`, []any{hk.ID, orig.ID}},
		{`UPDATE documents SET normalized = ?, content_hash = ? WHERE id = ?`, []any{mixed, contentHash(mixed), mix.ID}},
	} {
		if _, err := s.db.ExecContext(ctx, q.sql, q.args...); err != nil {
			t.Fatal(err)
		}
	}
	maxSeq := func() int64 {
		n, err := s.MaxSeq(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := maxSeq()

	res, err := s.Recluster(ctx)
	if err != nil || res != (ReclusterResult{Renormalized: 1, Reelected: 1}) {
		t.Fatalf("recluster: %+v, %v; want 1 renormalized and 1 story re-elected", res, err)
	}
	members, err := s.ClusterMembers(ctx, orig.ID)
	if err != nil || len(members) != 2 {
		t.Fatalf("story %d: %d copies, %v; want 2", orig.ID, len(members), err)
	}
	seqs := map[int64]bool{}
	for _, m := range members {
		if m.StandsForStory() != (m.ID == orig.ID) {
			t.Errorf("copy %d (%s) stands for the story: %v", m.ID, m.Source, m.StandsForStory())
		}
		seqs[m.Seq] = true
	}
	if hkNow, err := s.Get(ctx, hk.ID); err != nil || hkNow.Seq <= before {
		t.Errorf("renumbered repost: seq %d (%v), want one after %d so the index follows", hkNow.Seq, err, before)
	}
	got, err := s.Get(ctx, mix.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := *got
	Prepare(&want)
	if got.Normalized != want.Normalized || got.Normalized == mixed || got.ContentHash != contentHash(want.Normalized) {
		t.Errorf("mixed document normalized %q (hash %s), want %q", got.Normalized, got.ContentHash, want.Normalized)
	}
	if got.Extractor != 0 || got.Seq <= before || seqs[got.Seq] {
		t.Errorf("mixed document: extractor %d seq %d; want 0 (for reextract) and a new distinct seq after %d", got.Extractor, got.Seq, before)
	}
	if older, err := s.CountOlderFigures(ctx, 1, 1); err != nil || older < 1 {
		t.Errorf("documents for reextract: %d, %v", older, err)
	}

	after := maxSeq()
	if res, err := s.Recluster(ctx); err != nil || res != (ReclusterResult{}) || maxSeq() != after {
		t.Errorf("second recluster: %+v, %v, max seq %d → %d; want no change", res, err, after, maxSeq())
	}
}
