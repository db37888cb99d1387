package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/fednews/fednews/index"
	"github.com/fednews/fednews/index/bleveindex"
)

// indexDrivers are the engines --index can name, by scheme: a second
// backend is one package and one line here.
var indexDrivers = map[string]index.Driver{
	"bleve": bleveindex.Driver{},
}

// addIndexFlag adds --index to a command that opens the search index.
func addIndexFlag(cmd *cobra.Command, spec *string) {
	cmd.Flags().StringVar(spec, "index", "", "search index as ENGINE:LOCATION (default bleve:DATA/index; engines: "+strings.Join(indexSchemes(), ", ")+")")
}

func indexSchemes() []string {
	var out []string
	for s := range indexDrivers {
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}

// indexDriver reads --index: the driver of its engine and the location it
// names; "" is bleve in the data directory dataDir.
func indexDriver(spec, dataDir string) (index.Driver, string, error) {
	if spec == "" {
		return indexDrivers["bleve"], filepath.Join(dataDir, "index"), nil
	}
	scheme, loc, ok := strings.Cut(spec, ":")
	d, known := indexDrivers[scheme]
	if !ok || !known || loc == "" {
		return nil, "", usageError(fmt.Errorf("--index %q: want ENGINE:LOCATION, e.g. bleve:/srv/fednews/index (engines: %s)", spec, strings.Join(indexSchemes(), ", ")))
	}
	return d, loc, nil
}

// openIndex opens the index --index names (spec; "" is bleve in dataDir).
func openIndex(spec, dataDir string, opts index.Options) (index.Backend, error) {
	d, loc, err := indexDriver(spec, dataDir)
	if err != nil {
		return nil, err
	}
	return d.Open(loc, opts)
}

// rebuildIndex builds the index --index names anew from the store and
// swaps it in.
func rebuildIndex(ctx context.Context, spec, dataDir string, st index.Store, progress func(int)) (int, error) {
	d, loc, err := indexDriver(spec, dataDir)
	if err != nil {
		return 0, err
	}
	return d.Rebuild(ctx, loc, st, progress)
}

// indexWritable reports whether the index --index names can be written:
// false only for a directory (or, when there is none yet, its parent) on
// read-only media or without write permission. Other engines' locations
// are taken as writable; opening them says otherwise.
func indexWritable(spec, dataDir string) bool {
	_, loc, err := indexDriver(spec, dataDir)
	if err != nil {
		return true // the open reports the bad flag
	}
	dir := loc
	if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
		dir = filepath.Dir(dir)
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return true
	}
	// access(2) answers EROFS on read-only media, for root too, and
	// writes nothing.
	const wOK = 2
	err = syscall.Access(dir, wOK)
	return !errors.Is(err, syscall.EROFS) && !errors.Is(err, os.ErrPermission)
}
