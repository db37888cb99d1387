package main

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestSegmentCommand(t *testing.T) {
	file := writeInput(t, "news.txt", []byte("民营经济增长85%\n"))
	tests := []cmdCase{
		{"one line per line", "全国工商联召开会议\n\n优化营商环境\r\n增长290.54亿元",
			[]string{"segment"}, "全国工商联 召开 会议\n\n优化 营商环境\n增长 290.54 亿元\n", nil},
		{"search mode", "全国工商联召开会议", []string{"segment", "--mode=search"},
			"全国工商联 全国 工商联 工商 召开 会议\n", nil},
		{"spaces collapse", "工商联  商会\t会员", []string{"segment"}, "工商联 商会 会员\n", nil},
		{"file", "", []string{"segment", file}, "民营经济 增长 85%\n", nil},
		{"empty", "", []string{"segment"}, "", nil},
		{"missing file", "", []string{"segment", filepath.Join(t.TempDir(), "none.txt"), file},
			"民营经济 增长 85%\n", errSomeFailed},
	}
	runCmdCases(t, tests)
	if _, _, err := runWithInput(t, "x", "segment", "--mode=full"); err == nil {
		t.Error("--mode=full accepted")
	}
}

// TestSegmentCommandLongLine: a 50 MB single line comes out as one line
// holding every character.
func TestSegmentCommandLongLine(t *testing.T) {
	if testing.Short() {
		t.Skip("segments 50 MB (several seconds); skipped with -short")
	}
	unit := "全国工商联召开会议研究民营经济发展增长290.54亿元"
	n := (50<<20 + len(unit) - 1) / len(unit)
	p := writeInput(t, "long.txt", []byte(strings.Repeat(unit, n)))
	got, _, err := runWithInput(t, "", "segment", p)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(got, "\n") != 1 || strings.ReplaceAll(strings.TrimSuffix(got, "\n"), " ", "") != strings.Repeat(unit, n) {
		t.Fatalf("output is not the input's words on one line (%d bytes)", len(got))
	}
	if !strings.HasPrefix(got, "全国工商联 召开 会议 研究 民营经济 发展 增长 290.54 亿元 ") {
		t.Errorf("starts %q", got[:120])
	}
}
