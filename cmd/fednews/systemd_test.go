package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The shipped systemd units pass `systemd-analyze verify`, and the ingest
// and the server run as the same user on the same data directory.
func TestSystemdUnits(t *testing.T) {
	units := []string{"fednews-ingest.service", "fednews-ingest.timer", "fednews-serve.service"}
	dir := t.TempDir()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	settings := map[string]map[string]string{}
	for _, u := range units {
		data, err := os.ReadFile(filepath.Join("../../docs/systemd", u))
		if err != nil {
			t.Fatal(err)
		}
		settings[u] = map[string]string{}
		for _, m := range regexp.MustCompile(`(?m)^(User|Environment|ExecStart)=(.*)$`).FindAllStringSubmatch(string(data), -1) {
			settings[u][m[1]] = m[2]
		}
		// verify checks that ExecStart names an executable: this test's
		// own binary stands in for the installed fednews.
		text := strings.ReplaceAll(string(data), "/usr/local/bin/fednews", self)
		if err := os.WriteFile(filepath.Join(dir, u), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	in, srv := settings["fednews-ingest.service"], settings["fednews-serve.service"]
	if in["User"] == "" || in["User"] != srv["User"] || in["Environment"] != srv["Environment"] {
		t.Errorf("ingest runs as %q with %q, serve as %q with %q: want one user and one data directory",
			in["User"], in["Environment"], srv["User"], srv["Environment"])
	}
	if !strings.Contains(in["ExecStart"], " ingest ") || !strings.Contains(srv["ExecStart"], " serve ") {
		t.Errorf("ExecStart: ingest %q, serve %q", in["ExecStart"], srv["ExecStart"])
	}
	tool, err := exec.LookPath("systemd-analyze")
	if err != nil {
		t.Skip("systemd-analyze is not installed here: the units' syntax is not verified (apt-get install systemd)")
	}
	args := []string{"verify", "--man=no"}
	for _, u := range units {
		args = append(args, filepath.Join(dir, u))
	}
	out, err := exec.Command(tool, args...).CombinedOutput()
	if err != nil || len(strings.TrimSpace(string(out))) > 0 {
		t.Errorf("systemd-analyze verify: %v\n%s", err, out)
	}
}
