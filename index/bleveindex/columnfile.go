package bleveindex

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"hash/fnv"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"

	bindex "github.com/blevesearch/bleve_index_api"
)

// Columns are kept on disk too, in DIR/columns beside the index: a
// process that searches once (fednews search) reads the columns it needs
// instead of walking every term of the field, which at 100,000 documents
// was most of its time. A file is named by its field and by the index
// state it was built from (the live index's name, its store sequence and
// its snapshot's document numbering, see numbering): any write, merge or
// rebuild changes that key, so a file is never read for another state and
// a stale one is simply not found. A file that does not check (torn
// write, damage) is rebuilt and written again.

const (
	columnMagic    = "fednews-column-1\n"
	columnsKept    = 3 // files per field: a server and readers of its copy may be at different states
	columnsDirName = "columns"
)

// columnKey names the index state r is: "" when it cannot be told.
func columnKey(name string, r bindex.IndexReader) string {
	num := numbering(r)
	if num == "" || name == "" {
		return ""
	}
	seq, err := r.GetInternal([]byte(seqKey))
	if err != nil {
		return ""
	}
	h := fnv.New64a()
	fmt.Fprintf(h, "%s\x00%s\x00%s", name, seq, num)
	return fmt.Sprintf("%016x", h.Sum64())
}

func columnPath(dir, field, key string) string {
	return filepath.Join(dir, field+"."+key+".col")
}

// readColumn reads the column of field for key from dir; ok is false when
// there is none that checks.
func readColumn(dir, field, key string) (_ *column, ok bool) {
	b, err := os.ReadFile(columnPath(dir, field, key))
	if err != nil {
		return nil, false
	}
	c, err := decodeColumn(b, key)
	if err != nil {
		slog.Debug("index: column file does not check; building it again", "field", field, "err", err)
		return nil, false
	}
	return c, true
}

// writeColumn writes c to dir for key (through a temporary file, so that
// a reader never sees half of it) and removes the field's oldest files
// beyond columnsKept. Failing to is only logged: the column is rebuilt next
// time.
func writeColumn(dir, field, key string, c *column) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		slog.Debug("index: cannot keep columns", "dir", dir, "err", err)
		return
	}
	path := columnPath(dir, field, key)
	if err := writeAtomic(path, encodeColumn(c, key)); err != nil {
		slog.Debug("index: cannot keep columns", "file", path, "err", err)
		return
	}
	pruneColumns(dir, field)
}

// writeAtomic replaces the file at p with b through a temporary file of its
// own beside it (p.*.tmp, removed on failure): a reader never sees half of
// it, and two processes writing at once leave one whole file.
func writeAtomic(p string, b []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(p), filepath.Base(p)+".*.tmp")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(b)
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr, os.Rename(tmp.Name(), p)); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return nil
}

// pruneColumns removes the oldest files of field beyond columnsKept.
func pruneColumns(dir, field string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	type file struct {
		path string
		mod  int64
	}
	var files []file
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), field+".") || (!strings.HasSuffix(e.Name(), ".col") && !strings.HasSuffix(e.Name(), ".tmp")) {
			continue
		}
		if fi, err := e.Info(); err == nil {
			files = append(files, file{filepath.Join(dir, e.Name()), fi.ModTime().UnixNano()})
		}
	}
	slices.SortFunc(files, func(a, b file) int { return int(b.mod - a.mod) })
	for _, f := range files[min(len(files), columnsKept):] {
		os.Remove(f.path)
	}
}

// encodeColumn lays c out as: magic, key, the values, start, codes (each
// length-prefixed, little endian) and a CRC-32 of all that.
func encodeColumn(c *column, key string) []byte {
	var b bytes.Buffer
	b.WriteString(columnMagic)
	u32 := func(v uint32) { b.Write(binary.LittleEndian.AppendUint32(nil, v)) }
	u32(uint32(len(key)))
	b.WriteString(key)
	u32(uint32(len(c.values)))
	for _, v := range c.values {
		u32(uint32(len(v)))
		b.WriteString(v)
	}
	for _, xs := range [][]uint32{c.start, c.codes} {
		u32(uint32(len(xs)))
		for _, x := range xs {
			u32(x)
		}
	}
	u32(crc32.ChecksumIEEE(b.Bytes()))
	return b.Bytes()
}

var errColumnFile = errors.New("not a column file of this index state")

// decodeColumn is the inverse of encodeColumn; it checks the magic, the
// key, the checksum and that every code and offset is in range.
func decodeColumn(b []byte, key string) (*column, error) {
	if len(b) < len(columnMagic)+4 || string(b[:len(columnMagic)]) != columnMagic {
		return nil, errColumnFile
	}
	body, sum := b[:len(b)-4], binary.LittleEndian.Uint32(b[len(b)-4:])
	if crc32.ChecksumIEEE(body) != sum {
		return nil, fmt.Errorf("%w: checksum", errColumnFile)
	}
	p := body[len(columnMagic):]
	bad := false
	u32 := func() uint32 {
		if len(p) < 4 {
			bad = true
			return 0
		}
		v := binary.LittleEndian.Uint32(p)
		p = p[4:]
		return v
	}
	str := func() string {
		n := u32()
		if bad || uint64(n) > uint64(len(p)) {
			bad = true
			return ""
		}
		s := string(p[:n])
		p = p[n:]
		return s
	}
	if str() != key || bad {
		return nil, fmt.Errorf("%w: key", errColumnFile)
	}
	c := &column{}
	n := u32()
	if bad || uint64(n) > uint64(len(p)) {
		return nil, fmt.Errorf("%w: values", errColumnFile)
	}
	c.values = make([]string, n)
	for i := range c.values {
		c.values[i] = str()
	}
	for _, xs := range []*[]uint32{&c.start, &c.codes} {
		n := u32()
		if bad || uint64(n)*4 > uint64(len(p)) {
			return nil, fmt.Errorf("%w: length", errColumnFile)
		}
		if n == 0 {
			continue
		}
		*xs = make([]uint32, n)
		for i := range *xs {
			(*xs)[i] = u32()
		}
	}
	if bad || len(p) != 0 {
		return nil, fmt.Errorf("%w: length", errColumnFile)
	}
	// The columns are indexed without bounds checks of their own: check here.
	if len(c.start) > 0 && (c.start[0] != 0 || c.start[len(c.start)-1] != uint32(len(c.codes)) || !slices.IsSorted(c.start)) {
		return nil, fmt.Errorf("%w: offsets", errColumnFile)
	}
	if len(c.start) == 0 && len(c.codes) > 0 {
		return nil, fmt.Errorf("%w: offsets", errColumnFile)
	}
	for _, code := range c.codes {
		if code >= uint32(len(c.values)) {
			return nil, fmt.Errorf("%w: code", errColumnFile)
		}
	}
	return c, nil
}
