package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/extract"
	"github.com/fednews/fednews/index"
	"github.com/fednews/fednews/index/bleveindex"
)

// testStore writes a few documents (one traditional, two near duplicates)
// into a store in a fresh data directory.
func testStore(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	st, err := corpus.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	body := "江西省万年县工商联不断推动全县营商环境优化。万年县女企业家商会开展活动，服务民营企业发展，助力乡村振兴和共同富裕。"
	v := 150000000.0
	for i, d := range []struct {
		title, body, source string
		figs                []corpus.Figure
	}{
		{"万年县工商联优化营商环境", body, "中华工商时报", []corpus.Figure{{Kind: corpus.KindMoney, Text: "1.5亿元", Value: &v, Unit: "CNY"}}},
		{"萬年縣工商聯優化營商環境（轉載）", "江西省萬年縣工商聯不斷推動全縣營商環境優化。萬年縣女企業家商會開展活動，服務民營企業發展，助力鄉村振興和共同富裕。會議強調要持續優化服務。", "中華工商時報", nil},
		{"安徽省工商联开展进企业活动", "安徽省工商联组织开展进企业、解难题、送政策、促发展活动。", "安徽日报", nil},
	} {
		doc := &corpus.Document{URL: "https://example.org/" + string(rune('a'+i)), Title: d.title, Source: d.source,
			Original: d.body, Published: time.Date(2021, time.Month(3+i), 5, 9, 0, 0, 0, time.UTC)}
		extract.OfDocument(doc, corpus.Prepare(doc)) // its places and organizations, as ingest finds them
		if _, err := st.Put(ctx, doc, d.figs); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestIndexAndSearchCommands(t *testing.T) {
	ctx := context.Background()
	dir := testStore(t)
	var out, errOut bytes.Buffer
	if err := runIndex(ctx, &out, &errOut, dir, "", false); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "3 documents indexed") {
		t.Errorf("index output %q", out.String())
	}
	out.Reset()
	f := searchFlags{dir: dir, limit: 10, sort: "relevance", json: true, facets: []string{"province", "org"}}
	if err := runSearch(ctx, &out, f, "营商环境"); err != nil {
		t.Fatal(err)
	}
	var resp index.Response
	if err := json.Unmarshal(out.Bytes(), &resp); err != nil {
		t.Fatalf("%v in %s", err, out.String())
	}
	// The traditional reprint is a near duplicate: one hit, listed under it.
	if resp.Documents != 2 || resp.Total != 1 || len(resp.Hits) != 1 || len(resp.Hits[0].Duplicates) != 1 {
		t.Fatalf("response %+v", resp)
	}
	// The facet counts the story once, like the total; --all counts both copies.
	if p := resp.Facets["province"]; len(p) == 0 || p[0].Value != "江西省" || p[0].Count != 1 {
		t.Errorf("province facet %+v", p)
	}
	out.Reset()
	f.all = true
	if err := runSearch(ctx, &out, f, "营商环境"); err != nil {
		t.Fatal(err)
	}
	resp = index.Response{}
	if err := json.Unmarshal(out.Bytes(), &resp); err != nil {
		t.Fatalf("%v in %s", err, out.String())
	}
	if p := resp.Facets["province"]; resp.Total != 2 || len(p) == 0 || p[0].Value != "江西省" || p[0].Count != 2 {
		t.Errorf("--all: total %d, province facet %+v", resp.Total, p)
	}
	f.all = false

	// --limit=0: every hit as a JSON line with its snippet; --all lists
	// the reprint as a hit of its own.
	for _, all := range []bool{false, true} {
		out.Reset()
		if err := runSearch(ctx, &out, searchFlags{dir: dir, limit: 0, sort: "relevance", all: all}, "营商环境"); err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
		if want := map[bool]int{false: 1, true: 2}[all]; len(lines) != want {
			t.Fatalf("--limit=0 --all=%v: %d lines, want %d:\n%s", all, len(lines), want, out.String())
		}
		for _, l := range lines {
			var h index.Hit
			if err := json.Unmarshal([]byte(l), &h); err != nil || h.ID == 0 || !strings.Contains(h.Snippet, "<mark>") {
				t.Errorf("--limit=0 line %s: %v", l, err)
			}
		}
	}

	// Incremental: nothing new the second time.
	out.Reset()
	if err := runIndex(ctx, &out, &errOut, dir, "", false); err != nil || !strings.HasPrefix(out.String(), "index is up to date") {
		t.Errorf("second index run: %v %q", err, out.String())
	}

	// Several queries in one process, one of them bad.
	qf := filepath.Join(t.TempDir(), "q.txt")
	os.WriteFile(qf, []byte("# terms\n营商环境\n\n\"unbalanced\n工商聯\n"), 0o644)
	out.Reset()
	f.queries = qf
	err := runSearch(ctx, &out, f, "")
	if !errors.Is(err, errSomeFailed) {
		t.Errorf("queries with a bad one: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 3 || !strings.Contains(lines[1], "unbalanced quotes") || !strings.Contains(lines[2], `"query":"工商聯"`) {
		t.Errorf("lines %q", lines)
	}

	// Human output marks the match in the original script.
	out.Reset()
	f = searchFlags{dir: dir, limit: 10, sort: "relevance", filters: []string{"script=traditional"}}
	if err := runSearch(ctx, &out, f, "营商环境"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "«營商環境»") {
		t.Errorf("human output %q", out.String())
	}
	// The same by exclusion of the other scripts (FIELD!=V1|V2).
	out.Reset()
	f.filters = []string{"script!=simplified|mixed|none"}
	if err := runSearch(ctx, &out, f, "营商环境"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "«營商環境»") || strings.Contains(out.String(), "«营商环境»") {
		t.Errorf("--filter=script!=…: %q", out.String())
	}

	// Rebuild swaps in a new index; search still answers.
	out.Reset()
	if err := runIndex(ctx, &out, &errOut, dir, "", true); err != nil || !strings.Contains(out.String(), "rebuilt") {
		t.Fatalf("rebuild: %v %q", err, out.String())
	}
	dirs, _ := filepath.Glob(filepath.Join(dir, "index", "index-*"))
	if len(dirs) != 1 {
		t.Errorf("index directories after rebuild: %v", dirs)
	}
	out.Reset()
	if err := runSearch(ctx, &out, searchFlags{dir: dir, limit: 10, sort: "relevance", json: true}, "money:>=1亿"); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(out.Bytes(), &resp); err != nil || resp.Total != 1 {
		t.Errorf("after rebuild: %v %s", err, out.String())
	}
}

func TestIndexLockedByServer(t *testing.T) {
	ctx := context.Background()
	dir := testStore(t)
	held, err := bleveindex.Open(filepath.Join(dir, "index")) // stands in for `fednews serve`
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	if _, err := held.Update(ctx, mustStore(t, dir)); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	start := time.Now()
	if err := runIndex(ctx, &out, &errOut, dir, "", false); err != nil || !strings.Contains(out.String(), "Nothing to do") {
		t.Errorf("index while held: %v %q", err, out.String())
	}
	// Searching works on a snapshot of the held index.
	out.Reset()
	if err := runSearch(ctx, &out, searchFlags{dir: dir, limit: 10, sort: "relevance", json: true}, "营商环境"); err != nil {
		t.Fatalf("search while held: %v", err)
	}
	var resp index.Response
	if err := json.Unmarshal(out.Bytes(), &resp); err != nil || resp.Documents != 2 {
		t.Errorf("search while held: %v %s", err, out.String())
	}
	if snaps, _ := filepath.Glob(filepath.Join(dir, "index", ".snapshot-*")); len(snaps) != 0 {
		t.Errorf("snapshots left behind: %v", snaps)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("locked index took %s to report", d)
	}
}

func TestSearchBadInput(t *testing.T) {
	dir := testStore(t)
	ctx := context.Background()
	if err := runIndex(ctx, &bytes.Buffer{}, &bytes.Buffer{}, dir, "", false); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		f    searchFlags
		q    string
		want string
	}{
		{searchFlags{}, `"营商`, "unbalanced quotes"},
		{searchFlags{}, "colour:red", "unknown field"},
		{searchFlags{filters: []string{"province"}}, "x", "FIELD=VALUE"},
		{searchFlags{filters: []string{"province=江西||广东"}}, "x", "empty value"},
		{searchFlags{from: "2021-13-01"}, "x", "--from"},
		{searchFlags{facets: []string{"colour"}}, "x", "cannot facet"},
		{searchFlags{}, strings.Repeat("营", 10000), "too long"},
	} {
		c.f.dir, c.f.limit, c.f.sort = dir, 10, "relevance"
		err := runSearch(ctx, &bytes.Buffer{}, c.f, c.q)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v %.20q: %v, want an error mentioning %q", c.f, c.q, err, c.want)
		}
	}
	noIndex := t.TempDir()
	mustStore(t, noIndex)
	if err := runSearch(ctx, &bytes.Buffer{}, searchFlags{dir: noIndex, limit: 10, sort: "relevance"}, "x"); !errors.Is(err, index.ErrNoIndex) {
		t.Errorf("no index: %v", err)
	}
}

func mustStore(t *testing.T, dir string) *corpus.Store {
	t.Helper()
	st, err := corpus.Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}
