package extract

import (
	"context"
	"reflect"
	"testing"

	"github.com/fednews/fednews/corpus"
)

// TestEntitiesStored: OfDocument finds a document's places and
// organizations, the Store keeps them, and a document whose entities
// older rules found is redone by Refresh even when its figures are
// current.
func TestEntitiesStored(t *testing.T) {
	ctx := context.Background()
	st, err := corpus.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	d := &corpus.Document{URL: "http://example.com/tancheng.html", Title: "郯城县工商联赴上海对接",
		Source:   "郯城县工商联",
		Original: "5月8日，郯城县工商联带领企业家走访上海郯城商会和深圳跨境电商商会。\n山东省临沂市郯城县位于鲁南。"}
	n := corpus.Prepare(d)
	figs := OfDocument(d, n)
	if _, err := st.Put(ctx, d, figs); err != nil {
		t.Fatal(err)
	}
	want := &corpus.Entities{
		Version:   EntitiesVersion,
		About:     corpus.Places{Provinces: []string{"山东省"}, Cities: []string{"临沂市"}, Counties: []string{"郯城县"}},
		Mentioned: corpus.Places{Provinces: []string{"山东省", "上海市", "广东省"}, Cities: []string{"临沂市", "上海市", "深圳市"}, Counties: []string{"郯城县"}},
		Orgs: []corpus.Org{{Name: "郯城县工商联", Surface: "郯城县工商联"}, {Name: "上海郯城商会", Surface: "上海郯城商会", Kind: "郯城商会"},
			{Name: "深圳市跨境电子商务商会", Surface: "深圳跨境电商商会", Kind: "跨境电子商务商会"}},
	}
	got, err := st.Get(ctx, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Entities, want) {
		t.Errorf("stored entities:\n got %+v\nwant %+v", got.Entities, want)
	}
	// As older rules left it: the figures current, the entities version 0.
	old := *got.Entities
	old.Version, old.Orgs = 0, nil
	if err := st.ReplaceFigures(ctx, got.ID, got.Seq, figs, Version, &old); err != nil {
		t.Fatal(err)
	}
	if done, err := Refresh(ctx, st, nil); err != nil || done != 1 {
		t.Fatalf("refresh: %d documents, %v; want 1", done, err)
	}
	if got, err = st.Get(ctx, d.ID); err != nil || !reflect.DeepEqual(got.Entities, want) {
		t.Errorf("after refresh: %+v, %v; want %+v", got.Entities, err, want)
	}
}
