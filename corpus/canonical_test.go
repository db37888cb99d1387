package corpus

import (
	"context"
	"maps"
	"testing"
	"time"
)

// chinaZone is the zone Chinese sites date their articles in.
var chinaZone = time.FixedZone("CST", 8*3600)

// TestOriginalStandsForStory stores the reposts of a story before its
// original: the original becomes the story's ID when it arrives, every copy
// is renumbered with a new change sequence, and a later repost does not
// take its place.
func TestOriginalStandsForStory(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	simp := "6月8日，记者从山东省临沂市郯城县工商联获悉，近五年来，全县各级商会累计引进项目138个，签约总额290.54亿元，到位资金120亿元。"
	trad := "6月8日，記者從山東省臨沂市郯城縣工商聯獲悉，近五年來，全縣各級商會累計引進項目138個，簽約總額290.54億元，到位資金120億元。"
	day := func(d, hour int) time.Time { return time.Date(2021, 6, d, hour, 0, 0, 0, chinaZone) }
	joined := map[string]bool{}
	put := func(url, source, body string, published time.Time) *Document {
		t.Helper()
		d := &Document{URL: url, Title: "郯城商会五年引资290.54亿元", Source: source, Original: body, Published: published}
		r, err := s.Put(ctx, d, nil)
		if err != nil {
			t.Fatal(err)
		}
		joined[source] = r.Joined
		return d
	}
	hk := put("https://news.wenweipo.example/2021/06/11/a.html", "香港文匯報", trad, day(11, 8))
	tw := put("https://tw.example/news/0612.html", "台灣商報", trad+"（轉載）", day(12, 9))
	if hk.Cluster != hk.ID || tw.Cluster != hk.ID {
		t.Fatalf("reposts: clusters %d and %d, want %d", hk.Cluster, tw.Cluster, hk.ID)
	}
	before := map[int64]int64{}
	for _, d := range []*Document{hk, tw} {
		got, err := s.Get(ctx, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		before[d.ID] = got.Seq
	}
	orig := put("https://www.linyi.example/2021/0609/tc.html", "临沂日报", simp, day(9, 7))
	if orig.Cluster != orig.ID {
		t.Errorf("original: cluster %d, want its own ID %d", orig.Cluster, orig.ID)
	}
	members, err := s.ClusterMembers(ctx, orig.ID)
	if err != nil || len(members) != 3 {
		t.Fatalf("story %d: %d copies, %v", orig.ID, len(members), err)
	}
	seqs := map[int64]bool{}
	for _, m := range members {
		if m.StandsForStory() != (m.ID == orig.ID) {
			t.Errorf("copy %d (%s) stands for the story: %v", m.ID, m.Source, m.StandsForStory())
		}
		if m.ID != orig.ID && m.Seq <= before[m.ID] {
			t.Errorf("renumbered copy %d kept its change sequence %d", m.ID, m.Seq)
		}
		seqs[m.Seq] = true
	}
	if len(seqs) != 3 {
		t.Errorf("change sequences of the copies are not distinct: %v", seqs)
	}
	if old, _ := s.ClusterMembers(ctx, hk.ID); len(old) != 0 {
		t.Errorf("%d copies left under the repost's ID", len(old))
	}
	// A later repost joins the original's story.
	late := put("https://mo.example/0615.html", "澳門日報", trad+"澳門。", day(15, 9))
	if late.Cluster != orig.ID {
		t.Errorf("late repost in story %d, want %d", late.Cluster, orig.ID)
	}
	// Every copy but the first stored joined a story, the original too.
	if want := map[string]bool{"香港文匯報": false, "台灣商報": true, "临沂日报": true, "澳門日報": true}; !maps.Equal(joined, want) {
		t.Errorf("joined %v, want %v", joined, want)
	}
}

func TestStandsBefore(t *testing.T) {
	d := time.Date(2021, 6, 9, 0, 0, 0, 0, chinaZone)
	for _, c := range []struct {
		name string
		a, b storyCopy
		want bool
	}{
		{"earlier day", storyCopy{id: 9, published: d}, storyCopy{id: 1, published: d.AddDate(0, 0, 2)}, true},
		{"earlier hour on one day", storyCopy{id: 9, published: d.Add(8 * time.Hour)}, storyCopy{id: 1, published: d.Add(10 * time.Hour)}, true},
		{"a date before none", storyCopy{id: 9, published: d}, storyCopy{id: 1}, true},
		{"the federation's own site on a tie", storyCopy{id: 9, published: d, source: "郯城县工商联"}, storyCopy{id: 1, published: d, source: "临沂日报"}, true},
		{"a federation host", storyCopy{id: 9, published: d, url: "http://www.ahgsl.gov.cn/a.html"}, storyCopy{id: 1, published: d, url: "https://news.example.com/a"}, true},
		{"then fetched first", storyCopy{id: 9, published: d, fetched: d}, storyCopy{id: 1, published: d, fetched: d.Add(time.Hour)}, true},
		{"then the lower ID", storyCopy{id: 9, published: d}, storyCopy{id: 1, published: d}, false},
	} {
		if got := standsBefore(c.a, c.b); got != c.want {
			t.Errorf("%s: standsBefore = %v, want %v", c.name, got, c.want)
		}
		if c.want && standsBefore(c.b, c.a) {
			t.Errorf("%s: both stand before the other", c.name)
		}
	}
}
