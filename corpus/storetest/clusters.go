package storetest

import (
	"context"
	"reflect"
	"testing"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/zh"
)

func testNearDuplicates(t *testing.T, e Engine) {
	ctx := context.Background()
	s, _ := open(t, e)
	text := Text(40, 300)
	a := mustPut(t, s, Doc("https://n.example/a", text, 0), nil)
	b := mustPut(t, s, Doc("https://m.example/b", nearCopy(text), 1), nil)
	c := mustPut(t, s, Doc("https://n.example/c", Text(41, 300), 2), nil)
	if b.Status != corpus.PutNew || b.Cluster != a.ID || !b.Joined {
		t.Errorf("near copy: %+v, want a new document joining story %d", b, a.ID)
	}
	if c.Cluster != c.ID || c.Joined {
		t.Errorf("unrelated text: %+v, want its own story", c)
	}
	sizes, err := s.StorySizes(ctx)
	if err != nil || !reflect.DeepEqual(sizes, map[int64]int{a.ID: 2}) {
		t.Errorf("story sizes %v, %v; want {%d: 2}", sizes, err, a.ID)
	}
	members, err := s.ClusterMembers(ctx, a.ID)
	if err != nil || len(members) != 2 || members[0].ID != a.ID || members[1].ID != b.ID {
		t.Errorf("members of %d: %v, %v", a.ID, members, err)
	}
}

// testOriginalStandsForStory stores a repost first and the original,
// published earlier, after it: the original becomes the story's ID and
// the repost is renumbered with a new sequence, so the index follows.
func testOriginalStandsForStory(t *testing.T, e Engine) {
	ctx := context.Background()
	s, _ := open(t, e)
	text := Text(50, 300)
	repost := mustPut(t, s, Doc("https://hk.example/repost", nearCopy(text), 5), nil)
	before := mustGet(t, s, repost.ID)
	orig := mustPut(t, s, Doc("https://gsl.example/original", text, 2), nil)
	if orig.Cluster != orig.ID || !orig.Joined {
		t.Errorf("original: %+v, want it to stand for the story it joined", orig)
	}
	after := mustGet(t, s, repost.ID)
	o := mustGet(t, s, orig.ID)
	if after.Cluster != orig.ID || after.Seq <= o.Seq || after.Seq <= before.Seq {
		t.Errorf("repost after the original: cluster %d seq %d (was %d; original's seq %d), want cluster %d and the newest sequence",
			after.Cluster, after.Seq, before.Seq, o.Seq, orig.ID)
	}
	if tail := feed(t, s, before.Seq, 0); seqs(tail) != seqs([]*corpus.Document{o, after}) {
		t.Errorf("feed after the repost: %s, want the original then the renumbered repost", seqs(tail))
	}
	if sizes, _ := s.StorySizes(ctx); !reflect.DeepEqual(sizes, map[int64]int{orig.ID: 2}) {
		t.Errorf("story sizes %v", sizes)
	}
}

// testOtherScript stores a story in simplified and its repost in
// traditional characters: both are kept, in one story.
func testOtherScript(t *testing.T, e Engine) {
	s, _ := open(t, e)
	simp := "工商联组织会员企业参加乡村振兴项目签约仪式，投资总额达到三亿元，带动当地就业两千人。会长表示将继续推动民营经济发展。"
	trad := "工商聯組織會員企業參加鄉村振興項目簽約儀式，投資總額達到三億元，帶動當地就業兩千人。會長表示將繼續推動民營經濟發展。"
	a := mustPut(t, s, Doc("https://cn.example/1", simp, 0), nil)
	b := mustPut(t, s, Doc("https://tw.example/1", trad, 1), nil)
	if b.Status != corpus.PutNew || b.ID == a.ID || b.Cluster != a.ID || !b.Joined {
		t.Errorf("traditional repost: %+v, want a new document in story %d", b, a.ID)
	}
	if d := mustGet(t, s, b.ID); d.Script != zh.ScriptTraditional || d.Original != trad {
		t.Errorf("traditional repost stored as %q in script %q", d.Original, d.Script)
	}
}
