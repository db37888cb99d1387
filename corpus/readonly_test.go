package corpus

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// fileState is what a read-only open must not change: the names in the
// directory, and the database file's bytes and mtime.
type fileState struct {
	names []string
	db    []byte
	mtime time.Time
}

func stateOf(t *testing.T, dir string) fileState {
	t.Helper()
	s := fileState{names: dirNames(t, dir)}
	var err error
	if s.db, err = os.ReadFile(filepath.Join(dir, DBFile)); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(filepath.Join(dir, DBFile))
	if err != nil {
		t.Fatal(err)
	}
	s.mtime = fi.ModTime()
	return s
}

// storeWith writes n documents into a new store in dir and closes it.
func storeWith(t *testing.T, dir string, n int) {
	t.Helper()
	s, err := Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for i := range n {
		body := strings.Repeat("全省民营企业实现营业收入1.2万亿元。", i+1) + string(rune('甲'+i))
		if _, err := s.Put(context.Background(), sampleDoc("https://example.cn/a/"+string(rune('a'+i)), body), nil); err != nil {
			t.Fatal(err)
		}
	}
}

// liveStore returns a writer of a store in dir with two documents, the
// second committed while it is open, so still in the write-ahead log.
func liveStore(t *testing.T, dir string) *Store {
	t.Helper()
	storeWith(t, dir, 1)
	w, err := Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	if _, err := w.Put(context.Background(), sampleDoc("https://example.cn/b", "第二篇文章，同比增长8.5%。"), nil); err != nil {
		t.Fatal(err)
	}
	return w
}

// readAndTryWrite counts the documents through a read-only store and
// checks that a write through it fails, saying why.
func readAndTryWrite(t *testing.T, dir string, want int) {
	t.Helper()
	ctx := context.Background()
	ro, err := OpenReadOnly(ctx, dir)
	if err != nil {
		t.Fatalf("OpenReadOnly: %v", err)
	}
	defer ro.Close()
	if n, err := ro.Count(ctx); err != nil || n != want {
		t.Errorf("Count = %d, %v; want %d", n, err, want)
	}
	if _, err := ro.Get(ctx, 1); err != nil {
		t.Errorf("Get(1): %v", err)
	}
	_, err = ro.Put(ctx, sampleDoc("https://example.cn/new", "新的一篇文章。"), nil)
	if err == nil || !strings.Contains(err.Error(), "readonly database") {
		t.Errorf("Put through a read-only store: err = %v, want a read-only error", err)
	}
	if _, err := ro.StartRun(ctx); err == nil || !strings.Contains(err.Error(), "readonly database") {
		t.Errorf("StartRun through a read-only store: err = %v, want a read-only error", err)
	}
}

func TestOpenReadOnlyWritesNothing(t *testing.T) {
	dir := t.TempDir()
	storeWith(t, dir, 3)
	before := stateOf(t, dir)
	readAndTryWrite(t, dir, 3)
	after := stateOf(t, dir)
	if !bytes.Equal(before.db, after.db) || !before.mtime.Equal(after.mtime) {
		t.Errorf("the database file changed: %d bytes at %v, then %d bytes at %v", len(before.db), before.mtime, len(after.db), after.mtime)
	}
	// In a writable directory SQLite's reader of a WAL database creates
	// the empty log and its shared-memory index when no writer has (they
	// let it follow a writer that comes later); nothing else, and no log
	// content.
	for _, name := range after.names {
		switch name {
		case DBFile, DBFile + "-shm":
		case DBFile + "-wal":
			if fi, err := os.Stat(filepath.Join(dir, name)); err != nil || fi.Size() != 0 {
				t.Errorf("a read-only open wrote to the write-ahead log: %v, %v", fi.Size(), err)
			}
		default:
			t.Errorf("a read-only open created %s (directory: %v)", name, after.names)
		}
	}
}

// TestOpenReadOnlyFollowsWriter: while a writer holds the store, a reader
// creates no file and sees what the writer commits after it opened.
func TestOpenReadOnlyFollowsWriter(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	w := liveStore(t, dir)
	names := stateOf(t, dir).names
	ro, err := OpenReadOnly(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if n, err := ro.Count(ctx); err != nil || n != 2 {
		t.Errorf("Count = %d, %v; want 2", n, err)
	}
	if _, err := w.Put(ctx, sampleDoc("https://example.cn/c", "第三篇文章，下降3.1%。"), nil); err != nil {
		t.Fatal(err)
	}
	if n, err := ro.Count(ctx); err != nil || n != 3 {
		t.Errorf("Count after the writer's commit = %d, %v; want 3", n, err)
	}
	if got := stateOf(t, dir).names; strings.Join(got, ",") != strings.Join(names, ",") {
		t.Errorf("files %v, then %v with a reader", names, got)
	}
}

// readOnlyDir makes dir read-only for root too, or skips saying why: an
// immutable directory (chattr +i) or a read-only bind mount of it.
func readOnlyDir(t *testing.T, how, dir string) string {
	t.Helper()
	run := func(args ...string) error {
		out, err := exec.Command(args[0], args[1:]...).CombinedOutput()
		if err != nil {
			return errors.New(strings.Join(args, " ") + ": " + strings.TrimSpace(string(out)) + ": " + err.Error())
		}
		return nil
	}
	switch how {
	case "immutable":
		if err := run("chattr", "+i", dir); err != nil {
			t.Skipf("cannot make a directory immutable here (needs root and an ext4/xfs-like file system): %v", err)
		}
		t.Cleanup(func() { run("chattr", "-i", dir) })
		return dir
	default: // read-only bind mount
		mnt := t.TempDir()
		if err := run("mount", "--bind", dir, mnt); err != nil {
			t.Skipf("cannot bind-mount here (needs root and CAP_SYS_ADMIN): %v", err)
		}
		t.Cleanup(func() { run("umount", mnt) })
		if err := run("mount", "-o", "remount,bind,ro", mnt); err != nil {
			t.Skipf("cannot remount read-only here: %v", err)
		}
		return mnt
	}
}

func TestOpenReadOnlyOnReadOnlyMedia(t *testing.T) {
	for _, how := range []string{"immutable", "bind-ro"} {
		t.Run(how, func(t *testing.T) {
			src := t.TempDir()
			storeWith(t, src, 2)
			dir := readOnlyDir(t, how, src)
			if f, err := os.Create(filepath.Join(dir, "probe")); err == nil {
				f.Close()
				t.Fatalf("%s: a file could still be created in %s", how, dir)
			}
			before := stateOf(t, dir)
			// Open refuses: it must write.
			if s, err := Open(context.Background(), dir); err == nil {
				if _, err := s.Count(context.Background()); err == nil {
					t.Errorf("Open on read-only media worked; the test does not test read-only media")
				}
				s.Close()
			}
			readAndTryWrite(t, dir, 2)
			after := stateOf(t, dir)
			if strings.Join(before.names, ",") != strings.Join(after.names, ",") || !bytes.Equal(before.db, after.db) || !before.mtime.Equal(after.mtime) {
				t.Errorf("read-only media changed: files %v then %v, db %d then %d bytes", before.names, after.names, len(before.db), len(after.db))
			}
		})
	}
}

// TestOpenReadOnlyUnfinishedLog: on read-only media a write-ahead log that
// still holds transactions cannot be read (no shared-memory index can be
// made); the store is refused with the cure, not read without them.
func TestOpenReadOnlyUnfinishedLog(t *testing.T) {
	ctx := context.Background()
	live := t.TempDir()
	liveStore(t, live)
	// A copy of the database and its log, as a backup taken while a
	// writer ran would be, without the shared-memory index.
	src := t.TempDir()
	for _, name := range []string{DBFile, DBFile + "-wal"} {
		copyFile(t, filepath.Join(live, name), filepath.Join(src, name))
	}
	if fi, err := os.Stat(filepath.Join(src, DBFile+"-wal")); err != nil || fi.Size() == 0 {
		t.Fatalf("the write-ahead log is empty (%v): the test needs one with transactions", err)
	}
	dir := readOnlyDir(t, "immutable", src)
	_, err := OpenReadOnly(ctx, dir)
	if err == nil || !strings.Contains(err.Error(), "not writable") || !strings.Contains(err.Error(), "checkpointed") {
		t.Errorf("OpenReadOnly with an unfinished log on read-only media: err = %v, want a refusal naming the cure", err)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestOpenReadOnlyRefuses(t *testing.T) {
	ctx := context.Background()
	empty := t.TempDir()
	if _, err := OpenReadOnly(ctx, empty); !errors.Is(err, ErrNoStore) || !strings.Contains(err.Error(), "fednews import") {
		t.Errorf("OpenReadOnly of an empty directory: err = %v, want ErrNoStore with what to do", err)
	}
	if names := dirNames(t, empty); len(names) != 0 {
		t.Errorf("OpenReadOnly created %v in an empty directory", names)
	}
	for _, tc := range []struct {
		version int
		want    string
	}{{1, "older than this fednews"}, {999, "upgrade fednews"}} {
		dir := t.TempDir()
		s, err := Open(ctx, dir)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.db.ExecContext(ctx, `UPDATE schema_version SET version = ?`, tc.version); err != nil {
			t.Fatal(err)
		}
		s.Close()
		if _, err := OpenReadOnly(ctx, dir); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("schema version %d: err = %v, want %q", tc.version, err, tc.want)
		}
	}
}

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return names
}
