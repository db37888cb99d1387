package corpus

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"
)

// TestReplaceFigures checks that new figures replace the old ones, record
// the extractor's version and give the document a new change sequence.
func TestReplaceFigures(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	a, b := sampleDoc("http://example.com/a", "甲文：投资3000万元。"), sampleDoc("http://example.com/b", "乙文：增长5%。")
	for _, d := range []*Document{a, b} {
		if _, err := s.Put(ctx, d, []Figure{{Kind: KindCount, Text: "甲", Start: 0, End: 1}}); err != nil {
			t.Fatal(err)
		}
	}
	figs := []Figure{{Kind: KindMoney, Text: "3000万元", Start: 5, End: 11, Value: ptr(3e7), Unit: "CNY", Qualifier: "exact"}}
	if err := s.ReplaceFigures(ctx, a.ID, a.Seq, figs, 7); err != nil {
		t.Fatal(err)
	}
	got, err := s.Figures(ctx, a.ID)
	if err != nil || !reflect.DeepEqual(got, figs) {
		t.Errorf("figures after replace: %+v, %v; want %+v", got, err, figs)
	}
	doc, err := s.Get(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if doc.Extractor != 7 || doc.Seq <= b.Seq {
		t.Errorf("after replace: extractor %d seq %d; want 7 and a seq after %d", doc.Extractor, doc.Seq, b.Seq)
	}
	changed, err := s.Changed(ctx, b.Seq, 0)
	if err != nil || len(changed) != 1 || changed[0].ID != a.ID {
		t.Errorf("Changed after %d: %v, %v; want document %d only", b.Seq, changed, err, a.ID)
	}
	if err := s.ReplaceFigures(ctx, 999, 1, figs, 7); !errors.Is(err, ErrNotFound) {
		t.Errorf("replace figures of a missing document: err %v, want ErrNotFound", err)
	}
	// Figures extracted before b was written again do not replace its new ones.
	stale := b.Seq
	b2 := sampleDoc("http://example.com/b", "乙文：增长6%，新的文本。")
	if _, err := s.Put(ctx, b2, []Figure{{Kind: KindPercent, Text: "6%", Start: 5, End: 7}}); err != nil {
		t.Fatal(err)
	}
	if err := s.ReplaceFigures(ctx, b.ID, stale, figs, 7); !errors.Is(err, ErrChanged) {
		t.Errorf("replace figures of a document written since: err %v, want ErrChanged", err)
	}
	if other, err := s.Figures(ctx, b.ID); err != nil || len(other) != 1 || other[0].Text != "6%" {
		t.Errorf("figures of the other document: %+v, %v", other, err)
	}
}

// TestOlderFigures pages through the documents an older extractor wrote.
func TestOlderFigures(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	var ids []int64
	for i := range 7 {
		d := sampleDoc(fmt.Sprintf("http://example.com/%d", i), fmt.Sprintf("第%d篇文章，内容各不相同%d。", i, i*i))
		d.Extractor = i % 3 // versions 0, 1, 2
		if _, err := s.Put(ctx, d, nil); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, d.ID)
	}
	if total, err := s.CountOlderFigures(ctx, 2); err != nil || total != 5 {
		t.Errorf("older than version 2: %d documents (%v), want 5", total, err)
	}
	var got []int64
	var after int64
	for {
		docs, err := s.OlderFigures(ctx, 2, after, 2)
		if err != nil {
			t.Fatal(err)
		}
		if len(docs) == 0 {
			break
		}
		for _, d := range docs {
			got = append(got, d.ID)
			after = d.ID
		}
	}
	want := []int64{ids[0], ids[1], ids[3], ids[4], ids[6]}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("older than version 2: %v, want %v", got, want)
	}
}

// TestMigrationKeepsDocuments opens a store written before extractor
// versions were recorded: its documents stay, with version 0.
func TestMigrationKeepsDocuments(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	d := sampleDoc("http://example.com/old", "旧文：投资3000万元。")
	d.Extractor = 5
	if _, err := s.Put(ctx, d, nil); err != nil {
		t.Fatal(err)
	}
	// Back to schema version 1, as an older fednews left it.
	for _, q := range []string{`DROP INDEX documents_extractor`, `ALTER TABLE documents DROP COLUMN extractor`, `UPDATE schema_version SET version = 1`} {
		if _, err := s.db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	s.Close()
	if s, err = Open(ctx, dir); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, err := s.Get(ctx, d.ID)
	if err != nil || got.Original != d.Original || got.Extractor != 0 {
		t.Fatalf("after migration: %+v, %v; want the document with extractor 0", got, err)
	}
	older, err := s.OlderFigures(ctx, 1, 0, 10)
	total, cerr := s.CountOlderFigures(ctx, 1)
	if err != nil || cerr != nil || total != 1 || len(older) != 1 || older[0].ID != d.ID {
		t.Errorf("older than version 1: %v (total %d), %v %v", older, total, err, cerr)
	}
}
