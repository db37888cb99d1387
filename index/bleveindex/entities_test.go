package bleveindex

import (
	"github.com/fednews/fednews/index"
	"github.com/fednews/fednews/zh"
	"slices"
	"testing"
	"time"
)

// TestEntityFields: the place filters find the place an article is about,
// the mentioned_ filters every place it names (short names resolved), and
// the organization filters its canonical name, its surface form and its
// kind, each from the entities stored with the document.
func TestEntityFields(t *testing.T) {
	pub := time.Date(2024, 5, 8, 9, 0, 0, 0, zh.China)
	tc := newDoc(1, "郯城县工商联召开在外商会座谈会", "临沂日报", "5月8日，山东省临沂市郯城县工商联带领企业家走访上海郯城商会和深圳跨境电商商会。", pub)
	sh := newDoc(2, "上海市工商联召开会议", "解放日报", "上海市工商联召开执委会议。", pub)
	ix := openTest(t, []Entry{{Doc: tc}, {Doc: sh}})
	for _, c := range []struct {
		q    string
		want []int64
	}{
		{"province:上海", []int64{2}},
		{"mentioned_province:上海", []int64{1, 2}},
		{"mentioned_city:深圳", []int64{1}},
		{"mentioned_county:郯城", []int64{1}},
		{"city:深圳", nil},
		{"org:深圳市跨境电子商务商会", []int64{1}},
		{"org_surface:深圳跨境电商商会", []int64{1}},
		{"org_kind:跨境电子商务商会", []int64{1}},
		{"org:跨境电子商务商会", nil}, // a kind is not a name
	} {
		got := ids(doSearch(t, ix, index.Request{Query: c.q}))
		slices.Sort(got)
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.q, got, c.want)
		}
	}
	// A document stored before entities were found has no place fields
	// until reextract: the index does not compute them.
	old := newDoc(3, "上海市工商联", "解放日报", "上海市工商联。", pub)
	old.Entities = nil
	if m := fields(Entry{Doc: old}, fednewsSchema); m[fProvince] != nil || m[fOrg] != nil {
		t.Errorf("document without entities: province %v org %v, want none", m[fProvince], m[fOrg])
	}
}
