package bleveindex

import (
	"context"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/index"
)

var (
	damageOnce sync.Once
	damageSrc  string // a data directory with a store of three documents and their index
	damageErr  error
)

// TestMain removes the damage fixture after the tests, which build it in
// the system's temporary directory once per test binary.
func TestMain(m *testing.M) {
	code := m.Run()
	if damageSrc != "" {
		os.RemoveAll(damageSrc)
	}
	os.Exit(code)
}

// damageFixture builds, once per test binary, a small store and its index
// in a directory the tests copy before they damage it.
func damageFixture(t testing.TB) string {
	damageOnce.Do(func() {
		dir, err := os.MkdirTemp("", "fednews-damage-")
		if err != nil {
			damageErr = err
			return
		}
		damageSrc = dir
		ctx := context.Background()
		st, err := corpus.Open(ctx, dir)
		if err != nil {
			damageErr = err
			return
		}
		defer st.Close()
		for i, body := range []string{updBody, updReprint, updOther} {
			d := &corpus.Document{URL: "https://example.org/" + string(rune('a'+i)), Title: "工商联" + string(rune('甲'+i)), Original: body}
			if _, err := st.Put(ctx, d, nil); err != nil {
				damageErr = err
				return
			}
		}
		// Built offline, as the first `fednews index` builds it: one
		// snapshot in root.bolt. Through Open and Update, the root could
		// also keep the empty first snapshot when the persister ran late
		// (a busy machine), and scorch, finding a segment gone, falls back
		// to it: an empty index, not a damaged one.
		if _, err := Rebuild(ctx, st, filepath.Join(dir, "index"), nil); err != nil {
			damageErr = err
		}
	})
	if damageErr != nil {
		t.Fatal(damageErr)
	}
	return damageSrc
}

// indexFiles lists the files of the live index, sorted.
func indexFiles(t testing.TB, data string) []string {
	name, err := readCurrent(filepath.Join(data, "index"))
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	filepath.WalkDir(filepath.Join(data, "index", name), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, p)
		}
		return nil
	})
	sort.Strings(files)
	return files
}

// copyData copies the fixture's data directory to a fresh one.
func copyData(t testing.TB) string {
	src := damageFixture(t)
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// FuzzOpenDamaged flips bytes in one file of an index and opens and
// searches it: never a panic, and an error says how to cure it.
func FuzzOpenDamaged(f *testing.F) {
	for _, s := range [][]byte{{0, 0, 0, 0, 0, 0xff}, {0, 0, 0x10, 0, 0, 0x01}, {1, 0, 0, 0, 0x40, 0x80}, {0, 0, 0x20, 0x10, 0, 0xff}} {
		f.Add(s)
	}
	damageFixture(f)
	f.Fuzz(func(t *testing.T, flips []byte) {
		// A panic while opening leaves bolt's file lock held by this
		// process, so each way of opening gets its own damaged copy.
		for _, open := range []func(string) (*Index, error){OpenReadOnly, Open} {
			data := copyData(t)
			flipBytes(t, indexFiles(t, data), flips)
			checkDamaged(t, filepath.Join(data, "index"), open)
		}
	})
}

// flipBytes XORs bytes into files: each six bytes of flips are a file, a
// 32-bit offset and the byte to XOR in.
func flipBytes(t *testing.T, files []string, flips []byte) {
	for ; len(flips) >= 6; flips = flips[6:] {
		p := files[int(flips[0])%len(files)]
		b, err := os.ReadFile(p)
		if err != nil || len(b) == 0 {
			continue
		}
		b[int(binary.BigEndian.Uint32(flips[1:5]))%len(b)] ^= flips[5] | 1
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// checkDamaged opens the index in dir and searches it; any error must
// name the cure.
func checkDamaged(t *testing.T, dir string, open func(string) (*Index, error)) {
	t.Helper()
	ix, err := open(dir)
	if err == nil {
		_, err = ix.Search(context.Background(), index.Request{Query: "工商联"})
		if err == nil && !ix.readOnly {
			// A write starts bleve's persister and merger on the
			// damaged files, in goroutines of their own.
			d := &corpus.Document{ID: 99, URL: "https://example.org/z", Title: "工商联", Original: updBody}
			err = ix.Add(context.Background(), []Entry{{Doc: d}})
		}
		if cerr := ix.Close(); err == nil && cerr != nil {
			err = damagedError(dir, cerr)
		}
	}
	if err != nil && !strings.Contains(err.Error(), "fednews index --rebuild") {
		t.Errorf("error without the cure: %v", err)
	}
}

// A segment deleted or truncated behind bleve's back, or a root file
// with flipped bytes: opening and searching give an error naming the cure
// or Check reports the index as damaged, never silently empty results.
func TestDamagedIndex(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		name   string
		damage func(t *testing.T, files []string)
	}{
		{"segment deleted", func(t *testing.T, files []string) {
			for _, p := range files {
				if strings.HasSuffix(p, ".zap") {
					os.Remove(p)
				}
			}
		}},
		{"segment truncated", func(t *testing.T, files []string) {
			for _, p := range files {
				if strings.HasSuffix(p, ".zap") {
					os.Truncate(p, 100)
				}
			}
		}},
		{"root zeroed", func(t *testing.T, files []string) {
			for _, p := range files {
				if strings.HasSuffix(p, "root.bolt") {
					b, _ := os.ReadFile(p)
					clear(b[4096:])
					os.WriteFile(p, b, 0o644)
				}
			}
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			data := copyData(t)
			tt.damage(t, indexFiles(t, data))
			st, err := corpus.Open(ctx, data)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			ix, err := OpenReadOnly(filepath.Join(data, "index"))
			if err == nil {
				var r *index.Response
				if r, err = ix.Search(ctx, index.Request{Query: "工商联"}); err == nil {
					err = ix.Check(ctx, st)
					if err == nil {
						t.Errorf("damaged index searched (%d hits) and checked without an error", r.Total)
					}
				}
				ix.Close()
			}
			if err != nil && (!errors.Is(err, index.ErrDamaged) || !strings.Contains(err.Error(), "fednews index --rebuild")) {
				t.Errorf("error %v: want index.ErrDamaged naming the cure", err)
			}
		})
	}
}

// TestOpenChecksSegments: a byte flipped inside a segment file stops a
// writer and a reader at open, with the cure, before bleve reads the file;
// the undamaged index opens and lists its segments as checked.
func TestOpenChecksSegments(t *testing.T) {
	data := copyData(t)
	ix, err := Open(filepath.Join(data, "index"))
	if err != nil {
		t.Fatalf("undamaged index: %v", err)
	}
	ix.Close()
	var seg string
	for _, p := range indexFiles(t, data) {
		if strings.HasSuffix(p, ".zap") {
			seg = p
		}
	}
	if seg == "" {
		t.Fatal("the fixture has no segment file")
	}
	b, err := os.ReadFile(filepath.Join(filepath.Dir(filepath.Dir(seg)), verifiedFile))
	if err != nil || !strings.Contains(string(b), filepath.Base(seg)) {
		t.Errorf("checked segments %s, %v: want %s listed", b, err, filepath.Base(seg))
	}
	b, err = os.ReadFile(seg)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)/2] ^= 0x40
	if err := os.WriteFile(seg, b, 0o644); err != nil {
		t.Fatal(err)
	}
	for name, open := range map[string]func(string) (*Index, error){"writer": Open, "reader": OpenReadOnly} {
		_, err = open(filepath.Join(data, "index"))
		if !errors.Is(err, index.ErrDamaged) || !strings.Contains(err.Error(), "fednews index --rebuild") || !strings.Contains(err.Error(), "checksum") {
			t.Errorf("%s on a damaged segment: %v, want ErrDamaged naming the checksum and the cure", name, err)
		}
	}
}
