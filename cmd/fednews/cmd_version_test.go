package main

import (
	"encoding/json"
	"testing"

	"github.com/fednews/fednews/internal/buildinfo"
)

func TestVersionJSON(t *testing.T) {
	out, _, err := runCmd(t, "version", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var got buildinfo.Info
	if err := json.Unmarshal([]byte(out), &got); err != nil || got != buildinfo.Read() {
		t.Errorf("version --json: %v\n%s\nwant %+v", err, out, buildinfo.Read())
	}
	out, _, _ = runCmd(t, "version")
	if want := buildinfo.Read().String(); out != want {
		t.Errorf("version:\n%s\nwant\n%s", out, want)
	}
}
