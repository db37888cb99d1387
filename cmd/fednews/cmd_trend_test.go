package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"strings"
	"testing"
)

// indexedStore is testStore with its index built.
func indexedStore(t *testing.T) string {
	t.Helper()
	dir := testStore(t)
	var out, errOut bytes.Buffer
	if err := runIndex(context.Background(), &out, &errOut, dir, "", false); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestTrendCommand(t *testing.T) {
	dir := indexedStore(t)
	// The reposted story (2021-03, its traditional copy 2021-04) counts
	// once, at the copy that stands for it; --all counts the copy too.
	tests := []struct {
		args []string
		want string
	}{
		// Right-aligned columns (tabwriter counts a Han character as one).
		{[]string{"工商联", "女企业家商会"}, "   period  scope  工商联  女企业家商会\n  2021-03      1    1       1\n" +
			"  2021-04      0    0       0\n  2021-05      1    1       0\n"},
		{[]string{"--share", "--all", "女企业家商会"}, "   period  scope  女企业家商会\n  2021-03      1  100.0%\n  2021-04      1  100.0%\n"},
		{[]string{"--by=year", "--csv", "工商联"}, "period,from,to,scope,工商联,工商联 share\r\n2021,2021-01-01,2021-12-31,2,2,1.0000\r\n"},
	}
	for _, tc := range tests {
		out, _, err := runCmd(t, append([]string{"trend", "--data", dir}, tc.args...)...)
		if err != nil || out != tc.want {
			t.Errorf("trend %q (%v):\n%s\nwant:\n%s", tc.args, err, out, tc.want)
		}
	}
	out, _, err := runCmd(t, "trend", "--data", dir, "--csv", "--by=day", "工商联", "商会")
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(recs) != 1+62 || len(recs[0]) != 8 {
		t.Errorf("daily CSV from 2021-03-05 to 2021-05-05 (%v): %d rows, header %q", err, len(recs), recs[0])
	}
}

func TestTrendCommandErrors(t *testing.T) {
	dir := indexedStore(t)
	for _, args := range [][]string{
		{"trend", "--data", dir},
		{"trend", "--data", dir, "--by=fortnight", "工商联"},
		{"trend", "--data", dir, "a", "b", "c", "d", "e", "f"},
		{"trend", "--data", dir, "--from=yesterday", "工商联"},
	} {
		_, _, err := runCmd(t, args...)
		var se *statusError
		if !errors.As(err, &se) || se.status != exitUsage {
			t.Errorf("%q: %v, want a usage error", args, err)
		}
	}
	if _, _, err := runCmd(t, "trend", "--data", t.TempDir(), "工商联"); err == nil || !strings.Contains(err.Error(), "no store in") {
		t.Errorf("no store: %v", err)
	}
}
