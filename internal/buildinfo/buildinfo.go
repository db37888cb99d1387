// Package buildinfo says which fednews made a result: the module version,
// the commit and its time, the Go version, and the versions of what shapes
// the data (the figure extractor, the index format, the store schema), so
// that a methods section can cite them. `fednews version` prints it and
// GET /api/version serves it.
package buildinfo

import (
	"fmt"
	"runtime/debug"
	"strings"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/extract"
	"github.com/fednews/fednews/index/bleveindex"
)

// Info is the version of a fednews binary.
type Info struct {
	Module      string `json:"module"`
	Version     string `json:"version"`                // "(devel)" when built from a work tree
	Revision    string `json:"vcs_revision,omitempty"` // the commit built
	Time        string `json:"vcs_time,omitempty"`     // the commit's time, RFC 3339
	Modified    bool   `json:"vcs_modified"`           // uncommitted changes were built in
	GoVersion   string `json:"go_version"`
	Extractor   int    `json:"extractor_version"`
	IndexFormat int    `json:"index_format"`
	StoreSchema int    `json:"store_schema"`
}

// Read returns the version of the running binary.
func Read() Info {
	in := Info{Extractor: extract.Version, IndexFormat: bleveindex.FormatVersion, StoreSchema: corpus.SchemaVersion()}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		in.Version = "(unknown)"
		return in
	}
	in.Module, in.Version, in.GoVersion = bi.Main.Path, bi.Main.Version, bi.GoVersion
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			in.Revision = s.Value
		case "vcs.time":
			in.Time = s.Value
		case "vcs.modified":
			in.Modified = s.Value == "true"
		}
	}
	return in
}

// String is the text `fednews version` prints: one "key: value" a line.
func (in Info) String() string {
	var b strings.Builder
	line := func(k, v string) { fmt.Fprintf(&b, "%-18s %s\n", k+":", v) }
	line("fednews", in.Version)
	line("module", in.Module)
	rev := in.Revision
	if rev == "" {
		rev = "unknown (built without VCS information, e.g. go run or go test)"
	} else if in.Modified {
		rev += " (with uncommitted changes)"
	}
	line("revision", rev)
	if in.Time != "" {
		line("revision time", in.Time)
	}
	line("go", in.GoVersion)
	line("extractor version", fmt.Sprint(in.Extractor))
	line("index format", fmt.Sprint(in.IndexFormat))
	line("store schema", fmt.Sprint(in.StoreSchema))
	return b.String()
}
