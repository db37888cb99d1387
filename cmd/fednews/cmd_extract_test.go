package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runExtract(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	root := newRoot()
	var out, errb bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&errb)
	root.SetArgs(append([]string{"extract"}, args...))
	err = root.ExecuteContext(context.Background())
	return out.String(), errb.String(), err
}

func writeFile(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestExtractJSONL(t *testing.T) {
	dir := t.TempDir()
	p := writeFile(t, dir, "notice.txt", []byte("2022年，商会共捐款16.4亿元。3月29日，受益学子15人。"))
	out, _, err := runExtract(t, p)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 4 {
		t.Fatalf("got %d records, want 4:\n%s", len(lines), out)
	}
	if !strings.HasPrefix(lines[1], `{"doc":"notice","kind":"money","text":"16.4亿元"`) {
		t.Errorf("doc must come first: %s", lines[1])
	}
	if !strings.Contains(lines[1], `"value":1640000000,`) {
		t.Errorf("value must be exact and without exponent: %s", lines[1])
	}
	var rec map[string]any
	if err := json.Unmarshal([]byte(lines[2]), &rec); err != nil {
		t.Fatal(err)
	}
	if rec["date"] != "2022-03-29" || rec["value"] != nil {
		t.Errorf("date record %v", rec)
	}
}

func TestExtractCSV(t *testing.T) {
	dir := t.TempDir()
	p := writeFile(t, dir, "a.txt", []byte("贷款总额达1800万元左右，“六新”工作。"))
	out, _, err := runExtract(t, "--format=csv", "--bom", p)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out, "\ufeff") {
		t.Fatalf("--bom: output starts %q", out[:10])
	}
	if strings.Count(out, "\n") < 2 || strings.Count(out, "\n") != strings.Count(out, "\r\n") {
		t.Errorf("CSV records do not end in CRLF (RFC 4180): %q", out)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != strings.Join(extractColumns, ",") {
		t.Errorf("header %v", rows[0])
	}
	want := []string{"a", "money", "1800万元左右", "5", "13", "18000000", "", "CNY", "approx", "", "", "贷款总额", "贷款总额达1800万元左右，“六新”工作。", "", "", "credit"}
	if len(rows) != 2 || strings.Join(rows[1], "|") != strings.Join(want, "|") {
		t.Errorf("rows %q, want header and %q", rows, want)
	}
}

// TestExtractCSVNeutralizes checks that cells a spreadsheet would run as
// formulas get a leading apostrophe, and that numbers stay numbers.
func TestExtractCSVNeutralizes(t *testing.T) {
	dir := t.TempDir()
	p := writeFile(t, dir, "=cmd.txt", []byte("-气温降到零下-3%，3月29日，@商会"))
	out, _, err := runExtract(t, "--format=csv", p)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 {
		t.Fatalf("got %d rows, want header and 2:\n%s", len(rows), out)
	}
	col := func(row []string, name string) string {
		for i, c := range extractColumns {
			if c == name {
				return row[i]
			}
		}
		t.Fatalf("no column %s", name)
		return ""
	}
	for _, c := range []struct {
		row        int
		name, want string
	}{
		{1, "doc", "'=cmd"},
		{1, "text", "'-3%"},
		{1, "value", "-3"},
		{1, "sentence", "'-气温降到零下-3%，3月29日，@商会"},
		{2, "date", "'--03-29"},
		{2, "text", "3月29日"},
	} {
		if got := col(rows[c.row], c.name); got != c.want {
			t.Errorf("row %d %s = %q, want %q", c.row, c.name, got, c.want)
		}
	}
}

// TestExtractStdin reads "-" as standard input.
func TestExtractStdin(t *testing.T) {
	root := newRoot()
	var out bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&bytes.Buffer{})
	root.SetIn(strings.NewReader("捐赠物资6.5万元。"))
	root.SetArgs([]string{"extract", "-"})
	if err := root.ExecuteContext(context.Background()); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), `{"doc":"-","kind":"money","text":"6.5万元"`) {
		t.Errorf("stdin: %s", out.String())
	}
}

func TestExtractBadFiles(t *testing.T) {
	dir := t.TempDir()
	good := writeFile(t, dir, "good.txt", []byte("捐赠物资6.5万元。"))
	empty := writeFile(t, dir, "empty.txt", nil)
	blank := writeFile(t, dir, "blank.txt", []byte(" \n\t\n"))
	binary := writeFile(t, dir, "binary.txt", []byte{0x7f, 'E', 'L', 'F', 0, 0, 0, 1, 2, 3, 0, 0, 0xff, 0xfe, 0})
	// NUL bytes are valid UTF-8: binary data must be caught all the same.
	nuls := writeFile(t, dir, "nuls.bin", []byte("PK\x03\x04\x00\x00\x00\x00捐赠6.5万元\x00\x00"))
	out, stderr, err := runExtract(t, empty, blank, binary, nuls, filepath.Join(dir, "missing.txt"), good)
	if !errors.Is(err, errSomeFailed) {
		t.Fatalf("err = %v, want errSomeFailed", err)
	}
	if !strings.Contains(out, `"text":"6.5万元"`) {
		t.Errorf("the good file after the bad ones was not processed: %q", out)
	}
	if strings.Count(out, "\n") != 1 {
		t.Errorf("want the good file's one record only:\n%s", out)
	}
	for _, name := range []string{"empty.txt", "blank.txt", "binary.txt", "nuls.bin", "missing.txt"} {
		if !strings.Contains(stderr, name) {
			t.Errorf("stderr does not name %s:\n%s", name, stderr)
		}
	}
	if !strings.Contains(stderr, "empty file") {
		t.Errorf("stderr does not say the file is empty:\n%s", stderr)
	}
}

func TestExtractFlags(t *testing.T) {
	dir := t.TempDir()
	p := writeFile(t, dir, "a.txt", []byte("3月29日"))
	if _, _, err := runExtract(t, "--format=xml", p); err == nil {
		t.Error("--format=xml accepted")
	}
	if _, _, err := runExtract(t, "--published=29/03/2022", p); err == nil {
		t.Error("bad --published accepted")
	}
	out, _, err := runExtract(t, "--published=2023-06-01", p)
	if err != nil || !strings.Contains(out, `"date":"2023-03-29"`) {
		t.Errorf("--published: %v %s", err, out)
	}
}
