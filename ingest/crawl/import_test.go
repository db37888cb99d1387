package crawl

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRunImportsFolders(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("notice.txt", "县工商联召开执委会议\n会议审议通过了年度工作报告，全县新增会员企业120户，商会组织达到35家。")
	write("feed.jsonl", `{"url":"https://example.org/a/1.html","title":"商会年会召开","published":"2024-01-15","source":"示例日报","text":"商会年会召开，会员企业去年纳税超过45亿元，同比增长9.2%。"}`+"\n")
	write("broken.txt", "\x00\x01\x02binary")
	cfg := Defaults
	cfg.Import = []string{dir}
	st, _ := openStore(t)

	sum, err := Run(context.Background(), &cfg, st, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.New != 2 || sum.Imported != 2 || sum.Failed["import"] != 1 {
		t.Fatalf("first run: new %d imported %d failed %v", sum.New, sum.Imported, sum.Failed)
	}
	if len(sum.Errors) != 1 || !strings.Contains(sum.Errors[0], "broken.txt") {
		t.Errorf("errors %v, want one naming broken.txt", sum.Errors)
	}
	sum, err = Run(context.Background(), &cfg, st, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.New != 0 || sum.Unchanged != 2 || sum.Imported != 0 {
		t.Errorf("second run: new %d unchanged %d imported %d, want 0 2 0", sum.New, sum.Unchanged, sum.Imported)
	}
}
