package ingest

import (
	"context"
	"testing"
	"time"
)

// A labelled date line in a .txt header gives its date; fixtures written
// for this test in the style of reposted articles.
func TestTextDocumentDateLine(t *testing.T) {
	for _, tc := range []struct {
		name, text             string
		title, source, publish string // publish: YYYY-MM-DD or ""
	}{
		{"plain title", "县商会举办法律讲座\n县商会近日邀请律师为会员企业讲解劳动合同法。", "县商会举办法律讲座", "", ""},
		{"source and bare date", "來源:海川日報\n2022-06-08 09:30:00\n原標題:海川縣商會換屆\n海川縣商會近日召開換屆大會。", "海川縣商會換屆", "海川日報", "2022-06-08"},
		{"labelled date", "发布时间：2023年3月15日\n来源：青山县工商联\n青山县召开民营经济座谈会\n座谈会上，二十家企业负责人发言。", "青山县召开民营经济座谈会", "青山县工商联", "2023-03-15"},
		{"labelled date, traditional", "發佈時間: 2020/11/02\n商會年會舉行\n年會表彰了十家會員企業。", "商會年會舉行", "", "2020-11-02"},
		{"date word in the text is no header", "日期：待定的会议\n正文。", "日期：待定的会议", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := textDocument([]byte(tc.text))
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			if !doc.Published.IsZero() {
				got = doc.Published.Format(time.DateOnly)
			}
			if doc.Title != tc.title || doc.Source != tc.source || got != tc.publish {
				t.Errorf("title %q source %q published %q, want %q %q %q", doc.Title, doc.Source, got, tc.title, tc.source, tc.publish)
			}
		})
	}
}

// ImportOptions.Published and Source fill in what a file does not say, and
// only that.
func TestImportDefaults(t *testing.T) {
	ctx := context.Background()
	store := openStore(t)
	dir := t.TempDir()
	bare := writeTestFile(t, dir, "bare.txt", []byte("县商会举办法律讲座\n县商会近日邀请律师为会员企业讲解劳动合同法。"))
	dated := writeTestFile(t, dir, "dated.txt", []byte("来源：青山日报\n2023-03-15 10:30\n青山县召开座谈会\n二十家企业负责人发言。"))
	day := time.Date(2024, 5, 6, 0, 0, 0, 0, time.FixedZone("CST", 8*3600))
	if _, err := Import(ctx, store, []string{bare, dated}, ImportOptions{Published: day, Source: "县工商联网站"}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ path, source, published string }{
		{bare, "县工商联网站", "2024-05-06"},
		{dated, "青山日报", "2023-03-15"},
	} {
		d, err := store.GetByURL(ctx, fileURL(tc.path))
		if err != nil {
			t.Fatal(err)
		}
		if d.Source != tc.source || d.Published.Format(time.DateOnly) != tc.published {
			t.Errorf("%s: source %q published %v, want %q %s", tc.path, d.Source, d.Published, tc.source, tc.published)
		}
	}
}
