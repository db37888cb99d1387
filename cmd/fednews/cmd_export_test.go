package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/index/bleveindex"
	"github.com/fednews/fednews/internal/csvtest"
	"github.com/fednews/fednews/internal/demosite"
)

// ingestDemo crawls the demo site into a fresh data directory (the ingest
// also builds the index) and returns the directory and the site's address.
func ingestDemo(t *testing.T) (data, base string) {
	t.Helper()
	site, err := demosite.New()
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(site)
	t.Cleanup(srv.Close)
	data = t.TempDir()
	if out, _, err := runCmd(t, "ingest", "--config", demoSources(t, srv.URL), "--data", data); err != nil {
		t.Fatalf("ingest: %v\n%s", err, out)
	}
	return data, srv.URL
}

func readCSVFile(t *testing.T, path string) []map[string]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return csvtest.Rows(t, b)
}

func TestExportCommand(t *testing.T) {
	data, base := ingestDemo(t)
	dir := t.TempDir()

	// Every figure, with its article's metadata and places.
	// The file is created as any other would be: 0666 less the umask.
	all := filepath.Join(dir, "figures.csv")
	umask := syscall.Umask(0o027)
	_, _, err := runCmd(t, "export", "figures", "--bom", "-o", all, "--data", data)
	syscall.Umask(umask)
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(all); err != nil || fi.Mode().Perm() != 0o640 {
		t.Errorf("-o file under umask 027: mode %v (%v), want -rw-r-----", fi.Mode(), err)
	}
	if b, _ := os.ReadFile(all); !bytes.HasPrefix(b, []byte("\ufeffdoc_id,url,title")) {
		t.Errorf("--bom export starts %q", b[:min(len(b), 30)])
	}
	rows := readCSVFile(t, all)
	if len(rows) < 50 {
		t.Fatalf("only %d figure rows from the demo site", len(rows))
	}
	var a01 []map[string]string
	for _, r := range rows {
		if r["url"] == base+"/news/2021/0318/a01.html" {
			a01 = append(a01, r)
		}
	}
	if len(a01) == 0 {
		t.Fatal("no figures of a01")
	}
	if r := a01[0]; r["province"] != "江西省" || !strings.Contains(r["county"], "万年县") || r["published"] != "2021-03-18" || r["title"] == "" {
		t.Errorf("a01 row lacks its document's metadata: %v", r)
	}

	// A query exports only what it finds.
	var out bytes.Buffer
	root := newRoot()
	root.SetOut(&out)
	root.SetArgs([]string{"export", "figures", "--format=jsonl", "--query=万年县", "--data", data})
	if err := root.ExecuteContext(context.Background()); err != nil {
		t.Fatal(err)
	}
	n := 0
	mentions := map[int64]bool{} // documents whose rows do not say 万年
	for sc := bufio.NewScanner(&out); sc.Scan(); n++ {
		var row map[string]any
		if err := json.Unmarshal(sc.Bytes(), &row); err != nil {
			t.Fatalf("line %d: %v", n+1, err)
		}
		// The county column is the place the article is about; an article
		// about another county may still name 万年县 in its text.
		if !strings.Contains(row["title"].(string)+row["sentence"].(string)+row["county"].(string), "万年") {
			mentions[int64(row["doc_id"].(float64))] = true
		}
	}
	if n == 0 || n >= len(rows) {
		t.Errorf("query export: %d rows of %d", n, len(rows))
	}
	if len(mentions) > 0 {
		st, err := corpus.Open(context.Background(), data)
		if err != nil {
			t.Fatal(err)
		}
		for id := range mentions {
			doc, err := st.Get(context.Background(), id)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(doc.Normalized, "万年") {
				t.Errorf("document %d (%s) was exported for 万年县 but does not contain it", id, doc.Title)
			}
		}
		st.Close()
	}

	// While a server holds the index, a query export reads a snapshot of it.
	ix, err := bleveindex.Open(filepath.Join(data, "index"))
	if err != nil {
		t.Fatal(err)
	}
	held := filepath.Join(dir, "held.csv")
	_, _, err = runCmd(t, "export", "figures", "--query=万年县", "-o", held, "--data", data)
	ix.Close()
	if err != nil {
		t.Fatalf("query export while the index is held: %v", err)
	}
	if got := len(readCSVFile(t, held)); got != n {
		t.Errorf("query export while the index is held: %d rows, %d before", got, n)
	}

	// A query export takes one document per duplicate cluster; --all takes every copy.
	one, every := filepath.Join(dir, "one.csv"), filepath.Join(dir, "every.csv")
	for _, args := range [][]string{{"-o", one}, {"-o", every, "--all"}} {
		if _, _, err := runCmd(t, append([]string{"export", "documents", "--query=工商联", "--data", data}, args...)...); err != nil {
			t.Fatal(err)
		}
	}
	clusters := map[string]bool{}
	everyRows := readCSVFile(t, every)
	for _, r := range everyRows {
		clusters[r["cluster"]] = true
	}
	if oneRows := readCSVFile(t, one); len(oneRows) != len(clusters) || len(everyRows) <= len(oneRows) {
		t.Errorf("工商联: %d documents, %d with --all in %d clusters", len(oneRows), len(everyRows), len(clusters))
	}

	// Every copy: each story has one canonical copy, published first, and
	// cluster_size counts its copies. The demo's reposts were crawled first.
	copiesFile := filepath.Join(dir, "copies.csv")
	if _, _, err := runCmd(t, "export", "documents", "--all", "-o", copiesFile, "--data", data); err != nil {
		t.Fatal(err)
	}
	byStory := map[string][]map[string]string{}
	for _, r := range readCSVFile(t, copiesFile) {
		byStory[r["cluster"]] = append(byStory[r["cluster"]], r)
	}
	reposted := 0
	for story, copies := range byStory {
		var canonical []map[string]string
		for _, r := range copies {
			if r["is_canonical"] == "1" {
				canonical = append(canonical, r)
			}
			if r["cluster_size"] != strconv.Itoa(len(copies)) {
				t.Errorf("story %s: cluster_size %s, %d copies", story, r["cluster_size"], len(copies))
			}
		}
		if len(canonical) != 1 || canonical[0]["id"] != story {
			t.Errorf("story %s: canonical copies %v", story, canonical)
			continue
		}
		for _, r := range copies {
			if r["published"] != "" && r["published"] < canonical[0]["published"] {
				t.Errorf("story %s: copy %s (%s, %s) published before the canonical %s (%s, %s)", story,
					r["id"], r["source"], r["published"], story, canonical[0]["source"], canonical[0]["published"])
			}
		}
		if len(copies) > 1 {
			reposted++
		}
	}
	if reposted < 3 {
		t.Errorf("only %d stories with reposts in the demo", reposted)
	}

	// Dates bound the documents export.
	docs := filepath.Join(dir, "docs.csv")
	if _, _, err := runCmd(t, "export", "documents", "--from=2024-01-01", "--to=2024-12-31", "-o", docs, "--data", data); err != nil {
		t.Fatal(err)
	}
	drows := readCSVFile(t, docs)
	if len(drows) == 0 {
		t.Fatal("no documents of 2024")
	}
	for _, r := range drows {
		if !strings.HasPrefix(r["published"], "2024-") || r["text"] == "" {
			t.Errorf("document %s published %q in a 2024 export", r["id"], r["published"])
		}
	}
}

func TestExportErrors(t *testing.T) {
	data := t.TempDir()
	mustStore(t, data) // an empty store, no index
	out := filepath.Join(t.TempDir(), "x.csv")
	for _, tt := range []struct {
		args []string
		msg  string
	}{
		{[]string{"export", "everything"}, "figures|documents"},
		{[]string{"export", "figures", "--format=xlsx"}, "xlsx"},
		{[]string{"export", "figures", "--from=2024-13-01"}, "--from"},
		{[]string{"export", "figures", "--filter=province"}, "FIELD=VALUE"},
		{[]string{"export", "figures", "--query=万年县"}, "fednews index"},
		{[]string{"export", "figures", "-o", filepath.Join(data, "no", "such", "dir", "x.csv")}, "create output"},
	} {
		args := append(tt.args, "--data", data)
		if !strings.Contains(strings.Join(tt.args, " "), "-o") {
			args = append(args, "-o", out)
		}
		_, _, err := runCmd(t, args...)
		if err == nil || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("%v: error %v, want it to mention %q", tt.args, err, tt.msg)
		}
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("a failed export left %s behind", out)
	}

}
