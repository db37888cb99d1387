package main

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fednews/fednews/corpus"
)

// importArticle is a short article with figures, written for these tests.
const importArticle = "县工商联召开座谈会\n3月15日，县工商联召开座谈会，45家民营企业负责人参加。全县民营企业实现营业收入128.6亿元，同比增长9.2%。\n"

func TestImportCommand(t *testing.T) {
	dir := t.TempDir()
	data := t.TempDir()
	writeFile(t, dir, "a.txt", []byte(importArticle))
	writeFile(t, dir, "copy.txt", []byte(importArticle))
	writeFile(t, dir, "b.jsonl", []byte(`{"url":"https://a.example/1","title":"商会年会","published":"2023-01-05","text":"商会年会1月5日举行，会员企业200余家。"}`+"\n"))

	out, _, err := runCmd(t, "import", "--data", data, dir)
	if err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	if want := "files 3: new 2, updated 0, unchanged 1, duplicates clustered 0, not an article 0, failed 0\n"; out != want {
		t.Errorf("output %q, want %q", out, want)
	}
	store, err := corpus.Open(context.Background(), data)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	n, figures := 0, 0
	store.EachDocument(context.Background(), func(d *corpus.Document) error { n++; return nil })
	store.EachFigure(context.Background(), nil, func(*corpus.Document, corpus.Figure) error { figures++; return nil })
	if n != 2 {
		t.Errorf("%d documents stored, want 2", n)
	}
	if figures == 0 {
		t.Errorf("no figures stored: import must run the figure extractor")
	}
}

func TestImportCommandReportsFailures(t *testing.T) {
	dir := t.TempDir()
	good := writeFile(t, dir, "good.txt", []byte(importArticle))
	empty := writeFile(t, dir, "empty.txt", nil)
	binary := writeFile(t, dir, "binary.html", []byte("\x00\x01\x02PK\x03\x04"))
	out, _, err := runCmd(t, "import", "--data", t.TempDir(), good, empty, binary)
	if !errors.Is(err, errSomeFailed) {
		t.Fatalf("err = %v, want errSomeFailed (exit status 1)", err)
	}
	for _, want := range []string{"new 1,", "failed 2", "failed  " + empty + ": empty input", "failed  " + binary + ": binary data"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestArticleCommand(t *testing.T) {
	dir := t.TempDir()
	page := `<html><head><meta charset="utf-8"><title>县商会举办培训_某地新闻网</title></head><body>
<div><a href="/">首页</a> <a href="/news">新闻</a></div>
<h1>县商会举办培训</h1><div>2023年06月01日 09:30 来源：某地日报 记者 张华</div>
<div id="c"><p>县商会6月1日举办财务培训，60多名会员企业财务人员参加。</p><p>培训围绕最新税收政策展开，讲师结合案例逐条讲解。</p></div>
</body></html>`
	p := writeFile(t, dir, "page.html", []byte(page))
	bad := filepath.Join(dir, "missing.html")
	out, _, err := runCmd(t, "article", "--url", "https://news.example.cn/x.html", p, bad)
	if !errors.Is(err, errSomeFailed) {
		t.Errorf("err = %v, want errSomeFailed for the missing file", err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("want one JSON object per file, got:\n%s", out)
	}
	var got, missing articleRecord
	if err := json.Unmarshal([]byte(lines[0]), &got); err != nil {
		t.Fatal(err)
	}
	want := articleRecord{File: p, URL: "https://news.example.cn/x.html", Title: "县商会举办培训", Published: "2023-06-01T09:30:00+08:00",
		PublishedFrom: "title_block", PageType: "article", Extractor: "goquery",
		Author: "张华", Source: "某地日报", Charset: "utf-8",
		Text: "县商会6月1日举办财务培训，60多名会员企业财务人员参加。\n培训围绕最新税收政策展开，讲师结合案例逐条讲解。"}
	if got != want {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	if err := json.Unmarshal([]byte(lines[1]), &missing); err != nil || missing.File != bad || !strings.Contains(missing.Error, "no such file") {
		t.Errorf("missing file record %+v, %v", missing, err)
	}
	if _, err := os.Stat(bad); err == nil {
		t.Fatal("test setup: missing file exists")
	}
}

func TestImportPublishedSource(t *testing.T) {
	dir, data := t.TempDir(), t.TempDir()
	p := writeFile(t, dir, "a.txt", []byte(importArticle))
	if _, _, err := runCmd(t, "import", "--data", data, "--published=2024-03-20", "--source=县工商联网站", p); err != nil {
		t.Fatal(err)
	}
	st := mustStore(t, data)
	var got []*corpus.Document
	st.EachDocument(context.Background(), func(d *corpus.Document) error { got = append(got, d); return nil })
	if len(got) != 1 || got[0].Source != "县工商联网站" || got[0].Published.In(time.FixedZone("CST", 8*3600)).Format(time.DateOnly) != "2024-03-20" {
		t.Fatalf("documents %+v", got)
	}
	// 3月15日 in the text is read in the year of --published.
	figs := 0
	st.EachFigure(context.Background(), nil, func(_ *corpus.Document, f corpus.Figure) error {
		if f.Kind == "date" && strings.HasPrefix(f.Date, "2024-03-15") {
			figs++
		}
		return nil
	})
	if figs == 0 {
		t.Error("3月15日 was not dated 2024-03-15 from --published")
	}
	_, _, err := runCmd(t, "import", "--data", data, "--published=20.3.2024", p)
	if exitStatus(err, io.Discard) != exitUsage || !strings.Contains(err.Error(), "--published") {
		t.Errorf("bad --published: %v", err)
	}
}
