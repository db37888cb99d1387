package bleveindex

import (
	"context"
	"testing"
	"time"

	"github.com/fednews/fednews/zh"
)

func TestDocFreqs(t *testing.T) {
	pub := time.Date(2024, 3, 1, 9, 0, 0, 0, zh.China)
	ix := openTest(t, []Entry{
		{Doc: newDoc(1, "甲", "示例日报", "全国工商联召开会议。", pub)},
		{Doc: newDoc(2, "乙", "示例日报", "县工商联走访企业，企业代表发言。", pub)},
		{Doc: newDoc(3, "丙", "示例日报", "乡村振兴，企业参与。APEC", pub)},
	})
	df, n, err := ix.DocFreqs(context.Background(), []string{"工商联", "企业", "召开", "apec", "APEC", "没有的词", "商联", "联召开", "县"})
	if err != nil {
		t.Fatal(err)
	}
	// What a search in the body finds: 工商联 inside 全国工商联 too, and
	// strings that are no words (商联, 联召开); a word counts once per
	// document; case folded.
	want := map[string]int{"工商联": 2, "企业": 2, "召开": 1, "apec": 1, "APEC": 1, "没有的词": 0, "商联": 2, "联召开": 1, "县": 1}
	if n != 3 {
		t.Errorf("documents %d, want 3", n)
	}
	for w, c := range want {
		if df[w] != c {
			t.Errorf("%s: %d documents, want %d", w, df[w], c)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := ix.DocFreqs(ctx, []string{"企业"}); err == nil {
		t.Error("a cancelled context still counted")
	}
}
