package extract

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/zh"
)

// TestRefresh stores documents as an older extractor left them (no
// figures, version 0), then refreshes: the first run is interrupted after
// one batch and keeps what it did, the second finishes, a third has
// nothing to do. Every document ends with the figures OfDocument gives.
func TestRefresh(t *testing.T) {
	ctx := context.Background()
	st, err := corpus.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	n := refreshBatch + 50
	pub := time.Date(2023, 5, 1, 9, 0, 0, 0, time.FixedZone("CST", 8*3600))
	for i := range n {
		d := &corpus.Document{URL: fmt.Sprintf("http://example.com/%d.html", i), Title: "简报", Published: pub,
			Original: fmt.Sprintf("第%d号文：县工商联组织%d家企业，投资%d万元左右，同比增长%d.5%%。", i, i+10, 3*i+100, i%40)}
		if _, err := st.Put(ctx, d, nil); err != nil {
			t.Fatal(err)
		}
	}
	interrupted, cancel := context.WithCancel(ctx)
	done, err := Refresh(interrupted, st, func(done, total int) {
		if done != refreshBatch || total != n {
			t.Errorf("progress %d of %d, want %d of %d", done, total, refreshBatch, n)
		}
		cancel()
	})
	if !errors.Is(err, context.Canceled) || done != refreshBatch {
		t.Fatalf("interrupted refresh: %d documents, err %v; want %d and context.Canceled", done, err, refreshBatch)
	}
	if done, err = Refresh(ctx, st, nil); err != nil || done != n-refreshBatch {
		t.Fatalf("second refresh: %d documents, err %v; want %d", done, err, n-refreshBatch)
	}
	if done, err = Refresh(ctx, st, nil); err != nil || done != 0 {
		t.Fatalf("third refresh: %d documents, err %v; want 0", done, err)
	}
	err = st.EachDocument(ctx, func(d *corpus.Document) error {
		stored, storedEnts := d.Extractor, d.Entities
		want := OfDocument(d, zh.Normalize(d.Original, zh.AllSteps))
		if storedEnts == nil || storedEnts.Version != EntitiesVersion || !reflect.DeepEqual(storedEnts, d.Entities) {
			t.Errorf("document %d: stored entities %+v, want %+v", d.ID, storedEnts, d.Entities)
		}
		got, err := st.Figures(ctx, d.ID)
		if err != nil {
			return err
		}
		if stored != Version || len(got) < 3 || !reflect.DeepEqual(got, want) {
			t.Errorf("document %d (extractor %d):\n got %+v\nwant %+v", d.ID, stored, got, want)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
