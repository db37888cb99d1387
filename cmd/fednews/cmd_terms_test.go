package main

import (
	"encoding/csv"
	"errors"
	"strings"
	"testing"
)

func TestTermsCommand(t *testing.T) {
	dir := indexedStore(t)
	out, _, err := runCmd(t, "terms", "--data", dir, "--csv", "安徽省")
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(recs) < 3 || strings.Join(recs[0], ",") != "word,docs,corpus_docs,g2" {
		t.Fatalf("CSV (%v): %q", err, recs)
	}
	// One article of three: its own words (in 1 of 1, 1 of 3) all tie
	// at the top; 工商联, in every article, does not rank.
	for _, r := range recs[1:] {
		if r[0] == "工商联" || r[1] != "1" || r[2] != "1" {
			t.Errorf("term %q: want only words of the 安徽 article alone", r)
		}
	}
	words := map[string]bool{}
	for _, r := range recs[1:] {
		words[r[0]] = true
	}
	if !words["安徽"] || words["开展"] || words["活动"] {
		t.Errorf("安徽 should rank, 开展 and 活动 (in the other story too) not: %q", recs)
	}
	out, _, err = runCmd(t, "terms", "--data", dir, "--limit=2", "安徽省")
	if err != nil || !strings.HasPrefix(out, "1 articles match (1 read) of 3\nword") || strings.Count(out, "\n") != 4 {
		t.Errorf("terms --limit=2 (%v):\n%s", err, out)
	}
	for _, args := range [][]string{{"terms", "--data", dir}, {"terms", "--data", dir, "--limit=100000", "商会"}, {"terms", "--data", dir, "*"}} {
		_, _, err := runCmd(t, args...)
		var se *statusError
		if !errors.As(err, &se) || se.status != exitUsage {
			t.Errorf("%q: %v, want a usage error", args, err)
		}
	}
}
