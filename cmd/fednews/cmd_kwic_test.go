package main

import (
	"encoding/csv"
	"errors"
	"strings"
	"testing"
)

func TestKWICCommand(t *testing.T) {
	dir := indexedStore(t)
	out, _, err := runCmd(t, "kwic", "--data", dir, "--sort=right", "--width=6", "工商联")
	want := "4 lines in 2 documents\n" +
		"     1  江西省万年县【工商联】不断推动全县\n" +
		"     1  万年县【工商联】优化营商环境\n" +
		"     3  安徽省【工商联】开展进企业活\n" +
		"     3  安徽省【工商联】组织开展进企\n"
	if err != nil || out != want {
		t.Errorf("kwic --sort=right (%v):\n%s\nwant:\n%s", err, out, want)
	}
	// Every copy: the traditional repost shows its own characters.
	out, _, err = runCmd(t, "kwic", "--data", dir, "--all", "--csv", "--width=3", "--limit=0", "工商联")
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(recs) != 7 || strings.Join(recs[0], ",") != "doc,published,title,field,start,end,left,match,right" {
		t.Fatalf("CSV (%v): %q", err, recs)
	}
	var trad []string
	for _, r := range recs[1:] {
		if r[0] == "2" {
			trad = append(trad, r[6]+"|"+r[7]+"|"+r[8])
		}
	}
	if strings.Join(trad, " ") != "萬年縣|工商聯|優化營 萬年縣|工商聯|不斷推" {
		t.Errorf("lines of the traditional copy: %q", trad)
	}
	out, _, err = runCmd(t, "kwic", "--data", dir, "--limit=1", "--offset=3", "工商联")
	if err != nil || !strings.HasPrefix(out, "4 lines in 2 documents\n") || strings.Count(out, "\n") != 2 {
		t.Errorf("page of one line (%v):\n%s", err, out)
	}
	for _, args := range [][]string{{"kwic", "--data", dir}, {"kwic", "--data", dir, "--sort=middle", "工商联"}, {"kwic", "--data", dir, "--width=500", "工商联"}} {
		_, _, err := runCmd(t, args...)
		var se *statusError
		if !errors.As(err, &se) || se.status != exitUsage {
			t.Errorf("%q: %v, want a usage error", args, err)
		}
	}
}
