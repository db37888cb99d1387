package main

import (
	"context"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fednews/fednews/web"
)

// Every command ends with the documented exit status, and its message
// says what to do next.
func TestExitStatus(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nonexist")
	inputs := t.TempDir()
	writeFile(t, inputs, "good.txt", []byte(importArticle))
	writeFile(t, inputs, "bad.jsonl", []byte("{not json\n"))
	data := t.TempDir()
	if _, _, err := runCmd(t, "import", "--data", data, filepath.Join(inputs, "good.txt")); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args   []string
		status int
		says   []string // in the error message
	}{
		{[]string{"version"}, exitOK, nil},
		{[]string{"nosuchcommand"}, exitUsage, []string{`unknown command "nosuchcommand"`}},
		{[]string{"export"}, exitUsage, []string{"accepts 1 arg(s), received 0", "fednews export figures|documents", "fednews export --help"}},
		{[]string{"export", "figure", "--data", data}, exitUsage, []string{`invalid argument "figure"`, "figures|documents"}},
		{[]string{"export", "figures", "--format=xls", "--data", data}, exitUsage, []string{"--format", "csv or jsonl"}},
		{[]string{"search", "--bogus", "x"}, exitUsage, []string{"unknown flag: --bogus", "fednews search --help"}},
		{[]string{"search", "--limit=ten", "x"}, exitUsage, []string{`"--limit"`}},
		{[]string{"search", "--sort=date", "x", "--data", data}, exitUsage, []string{`--sort "date": want relevance, newest, oldest`}},
		{[]string{"search", "--data", data}, exitUsage, []string{"give a QUERY"}},
		{[]string{"version", "extra"}, exitUsage, []string{"unknown command \"extra\""}},
		{[]string{"index", "--data", missing}, exitFailed, []string{"no store in " + missing, "fednews import"}},
		{[]string{"export", "figures", "--data", missing}, exitFailed, []string{"no store in " + missing}},
		{[]string{"reextract", "--data", missing}, exitFailed, []string{"no store in " + missing}},
		{[]string{"search", "工商联", "--data", missing}, exitFailed, []string{"no store in " + missing}},
		{[]string{"import", "--data", data, inputs}, exitSomeFailed, nil},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			_, _, err := runCmd(t, tc.args...)
			var msg strings.Builder
			if got := exitStatus(err, &msg); got != tc.status {
				t.Errorf("exit status %d, want %d (%v)", got, tc.status, err)
			}
			for _, s := range tc.says {
				if !strings.Contains(msg.String(), s) {
					t.Errorf("message lacks %q:\n%s", s, msg.String())
				}
			}
		})
	}
	// Refusing a missing store does not create one.
	if _, err := os.Stat(missing); !os.IsNotExist(err) {
		t.Errorf("%s was created (%v)", missing, err)
	}
}

func TestServeRefusesMissingStore(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nonexist")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	err = runServe(context.Background(), io.Discard, ln, missing, "", time.Second, web.Links{})
	if got := exitStatus(err, io.Discard); got != exitFailed || !strings.Contains(err.Error(), "no store in "+missing) {
		t.Errorf("serve of a missing store: status %d, %v", got, err)
	}
}

func TestDataFlagHelp(t *testing.T) {
	t.Setenv("FEDNEWS_DATA", "")
	out, _, err := runCmd(t, "index", "--help")
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(out, "fednews-data"); n != 1 {
		t.Errorf("index --help names the default data directory %d times, want once:\n%s", n, out)
	}
}
