package bleveindex

import (
	"context"
	"errors"
	"os"
	"path/filepath"

	"github.com/fednews/fednews/index"
)

// Driver opens bleve indexes in a directory: the "bleve" engine of
// `fednews --index=bleve:DIR`.
type Driver struct{}

// Open opens the index in dir (Open or OpenReadOnly).
func (Driver) Open(dir string, opts index.Options) (index.Backend, error) {
	ix, err := open(dir, opts.ReadOnly)
	if err != nil {
		return nil, err
	}
	ix.Progress = opts.Progress
	ix.UseTexts(opts.Texts)
	return ix, nil
}

// Rebuild builds a new index of the store in dir and swaps it in (Rebuild).
func (Driver) Rebuild(ctx context.Context, dir string, store index.Store, progress func(int)) (int, error) {
	return Rebuild(ctx, store, dir, progress)
}

// Exists reports whether dir holds an index: its pointer file (a damaged
// one too, which Open then reports).
func (Driver) Exists(dir string) (bool, error) {
	_, err := os.Stat(filepath.Join(dir, currentFile))
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	return err == nil, err
}
