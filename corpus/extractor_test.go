package corpus

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
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
	ents := &Entities{Version: 3, About: Places{Provinces: []string{"山东省"}},
		Mentioned: Places{Provinces: []string{"山东省", "上海市"}}, Orgs: []Org{{Name: "上海市工商联", Surface: "上海工商联"}}}
	if err := s.ReplaceFigures(ctx, a.ID, a.Seq, figs, 7, ents); err != nil {
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
	if !reflect.DeepEqual(doc.Entities, ents) {
		t.Errorf("entities after replace: %+v, want %+v", doc.Entities, ents)
	}
	// nil entities keep the stored ones.
	if err := s.ReplaceFigures(ctx, a.ID, doc.Seq, figs, 8, nil); err != nil {
		t.Fatal(err)
	}
	if doc, err = s.Get(ctx, a.ID); err != nil || !reflect.DeepEqual(doc.Entities, ents) {
		t.Errorf("entities after a replace without them: %+v, %v; want %+v", doc.Entities, err, ents)
	}
	// EachFigure's documents carry them too.
	if err := s.EachFigure(ctx, []int64{a.ID}, func(d *Document, _ Figure) error {
		if !reflect.DeepEqual(d.Entities, ents) {
			t.Errorf("EachFigure's document: entities %+v, want %+v", d.Entities, ents)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	changed, err := s.Changed(ctx, b.Seq, 0)
	if err != nil || len(changed) != 1 || changed[0].ID != a.ID {
		t.Errorf("Changed after %d: %v, %v; want document %d only", b.Seq, changed, err, a.ID)
	}
	if err := s.ReplaceFigures(ctx, 999, 1, figs, 7, nil); !errors.Is(err, ErrNotFound) {
		t.Errorf("replace figures of a missing document: err %v, want ErrNotFound", err)
	}
	// Figures extracted before b was written again do not replace its new ones.
	stale := b.Seq
	b2 := sampleDoc("http://example.com/b", "乙文：增长6%，新的文本。")
	if _, err := s.Put(ctx, b2, []Figure{{Kind: KindPercent, Text: "6%", Start: 5, End: 7}}); err != nil {
		t.Fatal(err)
	}
	if err := s.ReplaceFigures(ctx, b.ID, stale, figs, 7, nil); !errors.Is(err, ErrChanged) {
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
		if i != 5 {
			d.Entities = &Entities{Version: 1} // 5: found by no rules yet
		}
		if _, err := s.Put(ctx, d, nil); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, d.ID)
	}
	if total, err := s.CountOlderFigures(ctx, 2, 1); err != nil || total != 6 {
		t.Errorf("older than version 2 or entities 1: %d documents (%v), want 6", total, err)
	}
	var got []int64
	var after int64
	for {
		docs, err := s.OlderFigures(ctx, 2, 1, after, 2)
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
	want := []int64{ids[0], ids[1], ids[3], ids[4], ids[5], ids[6]}
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
	s = rewind(t, s, dir, append(dropPeriodColumns, `DROP INDEX documents_extractor`, `ALTER TABLE documents DROP COLUMN extractor`, `UPDATE schema_version SET version = 1`))
	got, err := s.Get(ctx, d.ID)
	if err != nil || got.Original != d.Original || got.Extractor != 0 {
		t.Fatalf("after migration: %+v, %v; want the document with extractor 0", got, err)
	}
	older, err := s.OlderFigures(ctx, 1, 0, 0, 10)
	total, cerr := s.CountOlderFigures(ctx, 1, 0)
	if err != nil || cerr != nil || total != 1 || len(older) != 1 || older[0].ID != d.ID {
		t.Errorf("older than version 1: %v (total %d), %v %v", older, total, err, cerr)
	}
}

// dropPeriodColumns undo the migration that added figures' period and
// topic, after the ones that came later (the change counter, the view, the
// entities, the saved searches).
var dropPeriodColumns = []string{`DROP TABLE watches`, `ALTER TABLE documents DROP COLUMN entities`,
	`ALTER TABLE documents DROP COLUMN entities_version`, `DROP VIEW document_figures`, `DROP TABLE change_seq`, `ALTER TABLE figures DROP COLUMN period_start`,
	`ALTER TABLE figures DROP COLUMN period_end`, `ALTER TABLE figures DROP COLUMN topic`}

// TestPeriodMigrationKeepsFigures opens a store written before figures had
// a period and a topic: its figures stay, with both empty.
func TestPeriodMigrationKeepsFigures(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	v := 30000000.0
	d := sampleDoc("http://example.com/period", "旧文：投资3000万元。")
	fig := Figure{Kind: KindMoney, Text: "3000万元", Start: 5, End: 11, Value: &v, Unit: "CNY", Qualifier: "exact",
		PeriodStart: "2024", PeriodEnd: "2024", Topic: "investment"}
	if _, err := s.Put(ctx, d, []Figure{fig}); err != nil {
		t.Fatal(err)
	}
	version := -1
	for i, m := range migrations {
		if strings.Contains(m, "ADD COLUMN period_start") {
			version = i // the version before this migration ran
		}
	}
	if version < 0 {
		t.Fatal("no migration adds period_start")
	}
	s = rewind(t, s, dir, append(dropPeriodColumns, fmt.Sprintf(`UPDATE schema_version SET version = %d`, version)))
	figs, err := s.Figures(ctx, d.ID)
	fig.PeriodStart, fig.PeriodEnd, fig.Topic = "", "", ""
	if err != nil || len(figs) != 1 || figs[0].Text != fig.Text || figs[0].PeriodStart != "" || figs[0].Topic != "" || *figs[0].Value != v {
		t.Fatalf("after migration: %+v, %v; want %+v", figs, err, fig)
	}
}

// rewind runs qs on s, which undo migrations as an older fednews left the
// store, and opens the store in dir again (closed when the test ends).
func rewind(t *testing.T, s *Store, dir string, qs []string) *Store {
	t.Helper()
	ctx := context.Background()
	for _, q := range qs {
		if _, err := s.db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	s.Close()
	s, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}
