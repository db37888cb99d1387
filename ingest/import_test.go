package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	xunicode "golang.org/x/text/encoding/unicode"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/zh"
)

func writeTestFile(t testing.TB, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func openStore(t testing.TB) *corpus.Store {
	t.Helper()
	s, err := corpus.Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// storedDocs returns the stored documents by URL and by title (the first
// stored when two share a title).
func storedDocs(t *testing.T, s *corpus.Store) (byURL, byTitle map[string]*corpus.Document) {
	t.Helper()
	byURL, byTitle = map[string]*corpus.Document{}, map[string]*corpus.Document{}
	err := s.EachDocument(context.Background(), func(d *corpus.Document) error {
		byURL[d.URL] = d
		if _, dup := byTitle[d.Title]; !dup {
			byTitle[d.Title] = d
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return byURL, byTitle
}

// importFixtures writes one directory with every format and encoding Import
// reads. The same article appears in several encodings: decoded right, the
// copies are the same text, and the store keeps one document.
func importFixtures(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	simp := readFixture(t, "simplified.txt")
	trad := readFixture(t, "traditional.txt")
	writeTestFile(t, dir, "a/simplified-utf8.txt", []byte(simp))
	writeTestFile(t, dir, "a/simplified-gbk.txt", encode(t, simplifiedchinese.GBK, strings.ReplaceAll(simp, "\n", "\r\n")))
	writeTestFile(t, dir, "a/simplified-bom.TXT", append([]byte{0xEF, 0xBB, 0xBF}, simp...))
	writeTestFile(t, dir, "b/traditional-big5.txt", encode(t, traditionalchinese.Big5, trad))
	writeTestFile(t, dir, "b/traditional-gb18030.txt", encode(t, simplifiedchinese.GB18030, trad))
	writeTestFile(t, dir, "b/traditional-utf16.txt", encode(t, xunicode.UTF16(xunicode.LittleEndian, xunicode.UseBOM), trad))
	// The same story as simplified.txt, as a web page: a near duplicate.
	page := strings.Replace(strings.Replace(readFixture(t, "pages/news.html"), "<!--DATELINE-->", "2023-03-15 10:30", 1),
		"charset=utf-8", "charset=gb2312", 1)
	writeTestFile(t, dir, "c/page.html", encode(t, simplifiedchinese.GBK, page))
	jsonl := strings.Join([]string{
		`{"url":"https://news.example.cn/a/7.html?utm_source=feed","title":"全省商会工作会议召开","published":"2023-04-02","source":"省工商联","author":"周平","text":"全省商会工作会议4月2日召开。会议总结了去年商会改革发展情况，部署了今年重点任务。\n会议表彰了一批先进商会。"}`,
		`{"url": "https://news.example.cn/a/8.html", "title": 3`,
		`{"title":"日期错了","published":"上周三","text":"这一行的日期无法解析，应当报错。"}`,
		``,
		`{"title":"澳門中華總商會舉行會員大會","published":"2023-05-06T10:00:00+08:00","text":"澳門中華總商會日前舉行會員大會，選出新一屆理監事會。會長表示，將帶領會員積極參與經濟適度多元發展。"}`,
	}, "\n")
	writeTestFile(t, dir, "d/feed.jsonl", []byte(jsonl))
	writeTestFile(t, dir, "d/deeper/still/other.txt", []byte("县商会举办法律讲座\n县商会近日邀请律师为会员企业讲解劳动合同法，四十多家企业参加。讲座结束后，律师现场解答了企业提出的问题。"))
	writeTestFile(t, dir, "d/notes.md", []byte("# not imported"))
	return dir
}

func TestImportFormatsAndEncodings(t *testing.T) {
	ctx := context.Background()
	store := openStore(t)
	dir := importFixtures(t)
	var progress []int
	sum, err := Import(ctx, store, []string{dir}, ImportOptions{
		Progress: func(path string, s ImportSummary) { progress = append(progress, s.Files) },
	})
	if err != nil {
		t.Fatal(err)
	}
	// New: simplified, traditional, the page, two jsonl lines, other.txt.
	// Unchanged: the four re-encoded copies. The page joins simplified's cluster.
	want := ImportSummary{Files: 9, New: 6, Unchanged: 4, Clustered: 1}
	failed := sum.Failed
	sum.Failed = nil
	if !reflect.DeepEqual(sum, want) {
		t.Errorf("summary %+v, want %+v", sum, want)
	}
	var lines []int
	for _, f := range failed {
		if !strings.HasSuffix(f.Path, "feed.jsonl") {
			t.Errorf("unexpected failure %v", f)
		}
		lines = append(lines, f.Line)
	}
	if !reflect.DeepEqual(lines, []int{2, 3}) {
		t.Errorf("failed jsonl lines %v (%v), want 2 and 3", lines, failed)
	}
	if !reflect.DeepEqual(progress, []int{1, 2, 3, 4, 5, 6, 7, 8, 9}) {
		t.Errorf("progress calls %v, want one per file", progress)
	}

	byURL, docs := storedDocs(t, store)
	simp := docs["青山县工商联召开民营企业座谈会"]
	trad := docs["綠水市商會舉辦中小企業融資對接會"]
	if simp == nil || trad == nil || len(byURL) != 6 {
		t.Fatalf("stored: %v", keys(byURL))
	}
	// Files are stored in path order: the UTF-8 copy is the one kept.
	if !strings.HasSuffix(simp.URL, "/a/simplified-bom.TXT") || simp.Charset != CharsetUTF8 || simp.Script != zh.ScriptSimplified {
		t.Errorf("simplified: url %s charset %s script %s", simp.URL, simp.Charset, simp.Script)
	}
	if !strings.HasSuffix(trad.URL, "/b/traditional-big5.txt") || trad.Charset != CharsetBig5 || trad.Script != zh.ScriptTraditional {
		t.Errorf("traditional: url %s charset %s script %s", trad.URL, trad.Charset, trad.Script)
	}
	if !strings.HasPrefix(simp.Original, "本报讯（记者 李明）3月15日") || strings.Contains(simp.Original, "\r") {
		t.Errorf("simplified text starts %.40q", simp.Original)
	}
	// The page is the same story; dated, it stands for it (the .txt copy has no date).
	page := byURL[fileURL(filepath.Join(dir, "c/page.html"))]
	if page == nil || page.Cluster != page.ID || simp.Cluster != page.ID || page.Charset != CharsetGB18030 || page.Source != "青山日报" ||
		page.Published.Format(time.DateTime) != "2023-03-15 10:30:00" {
		t.Errorf("page: %+v", page)
	}
	feed := docs["全省商会工作会议召开"]
	if feed == nil || feed.CanonicalURL != "https://news.example.cn/a/7.html" || feed.Source != "省工商联" || feed.Author != "周平" ||
		feed.Published.Format(time.DateOnly) != "2023-04-02" || !strings.Contains(feed.Original, "\n会议表彰") {
		t.Errorf("jsonl record: %+v", feed)
	}
	if macau := docs["澳門中華總商會舉行會員大會"]; macau == nil || macau.Script != zh.ScriptTraditional || macau.URL != "" {
		t.Errorf("traditional jsonl record without URL: %+v", macau)
	}

	// The same files again: nothing new, nothing written.
	seq, _ := store.MaxSeq(ctx)
	again, err := Import(ctx, store, []string{dir}, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if again.New != 0 || again.Updated != 0 || again.Unchanged != 10 {
		t.Errorf("second import: %+v, want all 10 documents unchanged", again)
	}
	if seq2, _ := store.MaxSeq(ctx); seq2 != seq {
		t.Errorf("second import wrote: seq %d → %d", seq, seq2)
	}
}

func keys(m map[string]*corpus.Document) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func TestImportEditedFileUpdates(t *testing.T) {
	ctx := context.Background()
	store := openStore(t)
	dir := t.TempDir()
	p := writeTestFile(t, dir, "a.txt", []byte("标题\n第一版正文。"))
	if s, err := Import(ctx, store, []string{p}, ImportOptions{}); err != nil || s.New != 1 {
		t.Fatalf("first import: %+v, %v", s, err)
	}
	writeTestFile(t, dir, "a.txt", []byte("标题\n第二版正文，改过了。"))
	s, err := Import(ctx, store, []string{p}, ImportOptions{})
	if err != nil || s.Updated != 1 || s.New != 0 {
		t.Fatalf("import after the edit: %+v, %v; want one update", s, err)
	}
	if n, _ := store.Count(ctx); n != 1 {
		t.Errorf("%d documents, want 1", n)
	}
}

func TestImportBadInput(t *testing.T) {
	ctx := context.Background()
	store := openStore(t)
	dir := t.TempDir()
	good := writeTestFile(t, dir, "good.txt", []byte(readFixture(t, "simplified.txt")))
	binary := writeTestFile(t, dir, "binary.txt", append([]byte("\x89PNG\r\n\x1a\n\x00\x00"), bytes.Repeat([]byte{0, 0xff}, 512)...))
	empty := writeTestFile(t, dir, "empty.html", nil)
	titleOnly := writeTestFile(t, dir, "title-only.txt", []byte("只有标题\n\n"))
	full := newsPage(t, "", "2023-03-15")
	truncated := writeTestFile(t, dir, "truncated.html", []byte(full[:len(full)/2]))
	var huge bytes.Buffer
	huge.WriteString("<html><head><meta charset=utf-8><title>大</title></head><body>")
	para := "<p>" + strings.Repeat("这是一个五十兆字节的页面，用来检查大小限制。", 20) + "</p>\n"
	for huge.Len() < 50<<20 {
		huge.WriteString(para)
	}
	huge.WriteString("</body></html>")
	big := writeTestFile(t, dir, "huge.html", huge.Bytes())
	pdf := writeTestFile(t, dir, "report.pdf", []byte("%PDF-1.4"))
	missing := filepath.Join(dir, "missing.txt")

	sum, err := Import(ctx, store, []string{good, binary, empty, titleOnly, truncated, big, pdf, missing}, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.New != 1 || sum.Files != 7 {
		t.Errorf("summary %+v: want the good file imported, 7 files read", sum)
	}
	want := map[string]error{binary: ErrBinary, empty: ErrEmpty, titleOnly: ErrNoTitleBody, truncated: ErrTruncated,
		big: ErrTooLarge, pdf: ErrUnsupported, missing: os.ErrNotExist}
	for _, f := range sum.Failed {
		if w, ok := want[f.Path]; !ok || !errors.Is(f, w) {
			t.Errorf("failure %v, want %v", f, w)
		}
		if f.Error() == "" || !strings.Contains(f.Error(), filepath.Base(f.Path)) {
			t.Errorf("failure message %q does not name the file", f.Error())
		}
		delete(want, f.Path)
	}
	for p, w := range want {
		t.Errorf("%s: not reported as failed (want %v)", p, w)
	}
	if !strings.Contains(fmt.Sprint(sum.Failed), "over 16 MB") {
		t.Errorf("the size error should say the limit: %v", sum.Failed)
	}
}

// A .jsonl line over the size limit is reported and skipped; the lines
// after it are still imported.
func TestImportJSONLLongLine(t *testing.T) {
	ctx := context.Background()
	store := openStore(t)
	long := `{"title":"长","text":"` + strings.Repeat("很长的一行。", 100) + `"}`
	data := `{"title":"第一条","text":"第一条的正文。"}` + "\n" + long + "\n" + `{"title":"第三条","text":"第三条的正文。"}`
	p := writeTestFile(t, t.TempDir(), "feed.jsonl", []byte(data))
	sum, err := Import(ctx, store, []string{p}, ImportOptions{MaxFileBytes: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if sum.New != 2 || len(sum.Failed) != 1 || sum.Failed[0].Line != 2 || !errors.Is(sum.Failed[0], ErrTooLarge) ||
		!strings.Contains(sum.Failed[0].Error(), "feed.jsonl:2: file too large: line over 1000 bytes") {
		t.Errorf("summary %+v", sum)
	}
}

func FuzzJSONLDocument(f *testing.F) {
	f.Add([]byte(`{"url":"https://a.example/1","title":"t","published":"2021-01-18","text":"正文。"}`))
	f.Add([]byte(`{"text":"x","published":"2021年13月1日"}`))
	f.Add([]byte(`{"text":null}`))
	f.Add([]byte{0xff, 0xfe, '{', 0})
	f.Fuzz(func(t *testing.T, line []byte) {
		doc, err := jsonlDocument(line)
		if err == nil && strings.TrimSpace(doc.Original) == "" {
			t.Errorf("document without text accepted")
		}
	})
}

func TestImportEnrich(t *testing.T) {
	ctx := context.Background()
	store := openStore(t)
	p := writeTestFile(t, t.TempDir(), "a.txt", []byte(readFixture(t, "simplified.txt")))
	var seen zh.Result
	_, err := Import(ctx, store, []string{p}, ImportOptions{Enrich: func(doc *corpus.Document, n zh.Result) []corpus.Figure {
		seen = n
		i := strings.Index(doc.Original, "45家")
		start := len([]rune(doc.Original[:i]))
		return []corpus.Figure{{Kind: corpus.KindCount, Text: "45家", Start: start, End: start + 3}}
	}})
	if err != nil {
		t.Fatal(err)
	}
	_, byTitle := storedDocs(t, store)
	d := byTitle["青山县工商联召开民营企业座谈会"]
	if d == nil || seen.Text != d.Normalized || len(seen.Orig) == 0 {
		t.Fatalf("Enrich did not receive the document's normalization")
	}
	figs, err := store.Figures(ctx, d.ID)
	if err != nil || len(figs) != 1 || string([]rune(d.Original)[figs[0].Start:figs[0].End]) != "45家" {
		t.Errorf("figures %+v, %v", figs, err)
	}
}

func TestImportCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	store := openStore(t)
	p := writeTestFile(t, t.TempDir(), "a.txt", []byte(readFixture(t, "simplified.txt")))
	if _, err := Import(ctx, store, []string{p}, ImportOptions{}); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestTextDocumentHeader(t *testing.T) {
	at := func(s string) time.Time {
		tm, _ := time.ParseInLocation("2006-01-02 15:04:05", s, chinaTime)
		return tm
	}
	tests := []struct {
		name, in                      string
		title, source, author, starts string
		published                     time.Time
	}{
		{"plain title line", "县商会举办培训\n正文第一段。\n第二段。", "县商会举办培训", "", "", "正文第一段", time.Time{}},
		{"repost header in traditional", "來源:青山時報\n2021-01-18 01:05:01\n原標題:縣商會舉辦培訓\n來源:青山時報\n正文第一段。",
			"縣商會舉辦培訓", "青山時報", "", "來源:青山時報", at("2021-01-18 01:05:01")},
		{"header without original title", "来源：青山日报\n作者：李明\n县商会举办培训\n正文第一段。",
			"县商会举办培训", "青山日报", "李明", "来源：青山日报", time.Time{}},
		{"a title that starts with a year is a title", "2021年全县工商联工作会议召开\n正文。", "2021年全县工商联工作会议召开", "", "", "正文", time.Time{}},
	}
	for _, tc := range tests {
		doc, err := textDocument([]byte(tc.in))
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if doc.Title != tc.title || doc.Source != tc.source || doc.Author != tc.author ||
			!doc.Published.Equal(tc.published) || !strings.HasPrefix(doc.Original, tc.starts) {
			t.Errorf("%s: got title %q source %q author %q published %v text %.20q", tc.name,
				doc.Title, doc.Source, doc.Author, doc.Published, doc.Original)
		}
	}
}

// JSON-escaped control characters (\u0000 and the like) are dropped from
// every field, not stored raw.
func TestJSONLControlsStripped(t *testing.T) {
	doc, err := jsonlDocument([]byte(`{"url":"https://a.example/1\u0000","title":"标\u0000题\u0007","source":"来\u001b源","text":"正文\u0000第一段。\n\t第二段。\u007f"}`))
	if err != nil {
		t.Fatal(err)
	}
	if doc.URL != "https://a.example/1" || doc.Title != "标题" || doc.Source != "来源" || doc.Original != "正文第一段。\n\t第二段。" {
		t.Errorf("document %q %q %q %q", doc.URL, doc.Title, doc.Source, doc.Original)
	}
	if _, err := jsonlDocument([]byte(`{"text":"\u0000\u0000"}`)); err == nil {
		t.Errorf("a text of control characters only was accepted")
	}
}
