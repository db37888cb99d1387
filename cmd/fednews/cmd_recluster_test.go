package main

import (
	"context"
	"database/sql"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/fednews/fednews/corpus"
)

// TestReclusterCommand runs recluster on a store as the old rules left it
// (the later repost leading its story, a mixed document unconverted, no
// entities): the original leads, the mixed text is converted, and its
// figures and entities are redone; a second run does nothing.
func TestReclusterCommand(t *testing.T) {
	ctx := context.Background()
	data := t.TempDir()
	st, err := corpus.Open(ctx, data)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	simp := "6月8日，记者从山东省临沂市郯城县工商联获悉，近五年来，全县各级商会累计引进项目138个，签约总额290.54亿元。"
	trad := "6月8日，記者從山東省臨沂市郯城縣工商聯獲悉，近五年來，全縣各級商會累計引進項目138個，簽約總額290.54億元。"
	mixed := "本报讯 近日，万年县工商联转发了《經濟發展報告》，各商会捐款30万元。"
	var ids []int64
	for i, d := range []struct{ url, source, body string }{
		{"https://hk.example/a.html", "香港文匯報", trad},
		{"https://linyi.example/a.html", "临沂日报", simp},
		{"https://county.example/n.html", "县工商联", mixed},
	} {
		doc := &corpus.Document{URL: d.url, Source: d.source, Title: "简报", Original: d.body,
			Published: time.Date(2021, 6, []int{11, 9, 20}[i], 9, 0, 0, 0, time.UTC)}
		if _, err := st.Put(ctx, doc, nil); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, doc.ID)
	}
	// As an older fednews wrote them.
	db, err := sql.Open("sqlite", "file:"+filepath.Join(data, corpus.DBFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`UPDATE documents SET cluster = ` + strconv.FormatInt(ids[0], 10) + ` WHERE cluster = ` + strconv.FormatInt(ids[1], 10),
		`UPDATE documents SET normalized = original, entities = '', entities_version = 0 WHERE id = ` + strconv.FormatInt(ids[2], 10),
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()

	out, _, err := runCmd(t, "recluster", "--data", data)
	if err != nil || !strings.HasPrefix(out, "normalized again: 1 documents; stories with a new canonical copy: 1\n") ||
		!strings.Contains(out, "figures re-extracted") {
		t.Fatalf("recluster: %q, %v", out, err)
	}
	hk, err := st.Get(ctx, ids[0])
	if err != nil || hk.Cluster != ids[1] {
		t.Errorf("repost: cluster %d (%v), want the original %d", hk.Cluster, err, ids[1])
	}
	mix, err := st.Get(ctx, ids[2])
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(mix.Normalized, "经济发展报告") || mix.Entities == nil || len(mix.Entities.Orgs) == 0 || mix.Entities.Orgs[0].Name != "万年县工商联" {
		t.Errorf("mixed document: normalized %q, entities %+v", mix.Normalized, mix.Entities)
	}
	if figs, err := st.Figures(ctx, ids[2]); err != nil || len(figs) == 0 {
		t.Errorf("mixed document's figures after recluster: %v, %v", figs, err)
	}
	if out, _, err := runCmd(t, "recluster", "--data", data); err != nil || out != "normalized again: 0 documents; stories with a new canonical copy: 0\n" {
		t.Errorf("second recluster: %q, %v", out, err)
	}
}
