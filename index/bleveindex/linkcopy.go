package bleveindex

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	segapi "github.com/blevesearch/scorch_segment_api/v2"
)

// A published copy (snapshot.go) shares the live index's segment files
// instead of duplicating them. scorch writes a segment file once and never
// changes it, and bleve's CopyTo skips a file whose writer is nil, so the
// copy's directory hard-links each persisted segment and has bleve write
// only the root file, the metadata and any segment still in memory. A
// byte-for-byte copy doubled the index on disk (8.9 GB more at 1,000,000
// documents) and took most of a minute of reading and writing after every
// update; a link costs a directory entry. The live index may later merge a
// segment away: its file goes, the copy's link keeps the data.

// linkDirectory is the bleve Directory a copy is written to: dir, and the
// persisted segment files that may be linked rather than written, by the
// name bleve asks for ("store/<file>") with their path in the live index.
type linkDirectory struct {
	dir    string
	linked map[string]string
}

// GetWriter links the file name into the copy when it is one of the
// persisted segments (and returns no writer, which bleve takes as "done");
// any other file, or a segment whose link fails (another file system, a
// file system without hard links), is written as bleve.FileSystemDirectory
// writes it.
func (d linkDirectory) GetWriter(name string) (io.WriteCloser, error) {
	if src, ok := d.linked[filepath.ToSlash(name)]; ok {
		dst := filepath.Join(d.dir, name)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return nil, fmt.Errorf("copy %s: %w", name, err)
		}
		if err := os.Link(src, dst); err == nil {
			return nil, nil
		}
		// Whatever the link left (nothing, or a name for the live file)
		// goes, so that the write below makes a file of the copy's own
		// and cannot write into the live index's.
		os.Remove(dst)
	}
	return bleve.FileSystemDirectory(d.dir).GetWriter(name)
}

// persistedSegments names the segment files that the index's current
// snapshot has on disk, for a linkDirectory. It is read before bleve's
// CopyTo takes its own snapshot, and kept open through it: a segment that
// is on disk here is complete and stays so, and one that the copy's
// snapshot still holds in memory cannot be on this list (a later snapshot
// never has in memory what an earlier one had persisted), so bleve writes
// it itself. Segments persisted in between are not listed and are copied.
// release closes the snapshot; call it after CopyTo.
func persistedSegments(bi bleve.Index) (linked map[string]string, release func(), err error) {
	adv, err := bi.Advanced()
	if err != nil {
		return nil, nil, err
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, nil, err
	}
	linked = map[string]string{}
	if is, ok := r.(*scorch.IndexSnapshot); ok {
		for _, ss := range is.Segments() {
			if p, ok := ss.Segment().(segapi.PersistedSegment); ok {
				linked["store/"+filepath.Base(p.Path())] = p.Path()
			}
		}
	}
	return linked, func() { r.Close() }, nil
}
