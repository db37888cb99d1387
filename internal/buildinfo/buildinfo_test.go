package buildinfo

import (
	"strings"
	"testing"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/extract"
	"github.com/fednews/fednews/index/bleveindex"
)

func TestRead(t *testing.T) {
	in := Read()
	if in.Module != "github.com/fednews/fednews" || in.GoVersion == "" || in.Version == "" {
		t.Errorf("module %q version %q go %q", in.Module, in.Version, in.GoVersion)
	}
	if in.Extractor != extract.Version || in.IndexFormat != bleveindex.FormatVersion || in.StoreSchema != corpus.SchemaVersion() {
		t.Errorf("data versions %+v", in)
	}
}

func TestString(t *testing.T) {
	for _, tc := range []struct {
		in   Info
		want []string
	}{
		{Info{Version: "v1.2.0", Module: "m", Revision: "abc123", Time: "2026-12-01T10:00:00Z", GoVersion: "go1.26", Extractor: 3, IndexFormat: 2, StoreSchema: 5},
			[]string{"fednews:           v1.2.0\n", "revision:          abc123\n", "revision time:     2026-12-01T10:00:00Z\n", "go:                go1.26\n",
				"extractor version: 3\n", "index format:      2\n", "store schema:      5\n"}},
		{Info{Version: "(devel)", Revision: "abc123", Modified: true}, []string{"abc123 (with uncommitted changes)"}},
		{Info{Version: "(devel)"}, []string{"revision:          unknown"}},
	} {
		got := tc.in.String()
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%+v: lacks %q:\n%s", tc.in, w, got)
			}
		}
		if strings.Contains(got, "revision time") != (tc.in.Time != "") {
			t.Errorf("%+v: revision time line:\n%s", tc.in, got)
		}
	}
}
