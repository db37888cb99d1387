package bleveindex

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/fednews/fednews/index"
)

// Readers beside a writer. bbolt locks an index's root file for the
// process that writes it, so another process cannot open it even to read.
// The writer therefore publishes copies: after each update that indexed
// something (and when it starts following the store) it has bleve copy
// the index as it stands (CopyTo: a consistent snapshot, written by bleve
// itself, its segment files hard links to the live ones: linkcopy.go)
// into a directory beside it and points copyFile at it. A reader
// that finds the index locked opens the copy named there, read-only.
// Copies no reader holds are removed when the next one is published; the
// newest stays when the writer closes, so that the next writer that finds
// nothing to index need not copy again.

const (
	copyFile   = "copy"   // names the newest published copy
	copyPrefix = ".copy-" // + the time it was made
)

// publish copies the index for readers in other processes. It is called
// with ix.mu held (read).
func (ix *Index) publish() error {
	ix.pubMu.Lock()
	defer ix.pubMu.Unlock()
	c, ok := ix.bi.(bleve.IndexCopyable)
	if !ok {
		return errors.New("publish a copy for readers: this bleve index cannot be copied")
	}
	name := copyPrefix + strings.TrimPrefix(newName(), "index-")
	path := filepath.Join(ix.dir, name)
	linked, release, err := persistedSegments(ix.bi)
	if err != nil {
		return fmt.Errorf("publish a copy for readers: %w", err)
	}
	err = c.CopyTo(linkDirectory{dir: path, linked: linked})
	release()
	if err != nil {
		os.RemoveAll(path)
		return fmt.Errorf("publish a copy for readers: %w", err)
	}
	seq, err := seqOf(ix.bi)
	if err != nil {
		os.RemoveAll(path)
		return fmt.Errorf("publish a copy for readers: %w", err)
	}
	tmp := filepath.Join(ix.dir, copyFile+".tmp")
	if err := os.WriteFile(tmp, []byte(name+" "+strconv.FormatInt(seq, 10)+"\n"), 0o644); err != nil {
		os.RemoveAll(path)
		return fmt.Errorf("publish a copy for readers: %w", err)
	}
	if err := os.Rename(tmp, filepath.Join(ix.dir, copyFile)); err != nil {
		os.RemoveAll(path)
		return fmt.Errorf("publish a copy for readers: %w", err)
	}
	ix.published = name
	removeCopies(ix.dir, name)
	return nil
}

// readCopy reads the copy pointer: the copy's name and the store
// sequence number it is up to date with.
func readCopy(b []byte) (name string, seq int64) {
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return "", 0
	}
	if len(f) > 1 {
		seq, _ = strconv.ParseInt(f[1], 10, 64)
	}
	return f[0], seq
}

// publishIfStale publishes a copy unless the one published last, by this
// process or an earlier writer, is up to date with the index: a writer
// that opens the index and finds nothing to do copies nothing.
func (ix *Index) publishIfStale() {
	if b, err := os.ReadFile(filepath.Join(ix.dir, copyFile)); err == nil {
		name, seq := readCopy(b)
		live, err := seqOf(ix.bi)
		if _, serr := os.Stat(filepath.Join(ix.dir, name)); err == nil && serr == nil && seq == live && strings.HasPrefix(name, copyPrefix) {
			ix.pubMu.Lock()
			ix.published = name
			ix.pubMu.Unlock()
			return
		}
	}
	ix.publishOrWarn()
}

// publishInBackground publishes a copy (only if stale, with ifStale) on
// its own goroutine, holding ix.mu for reading as publish needs: copying
// a 100,000-document index takes seconds, which a server starting up or
// switching to a rebuilt index would otherwise spend before answering
// (or, for the switch, with searches held). Readers in other processes
// that find no copy yet wait for it (openCopy); Close waits for a copy
// under way, and one that has not started when Close runs is skipped.
func (ix *Index) publishInBackground(ifStale bool) {
	go func() {
		if h := testHooks.Load(); h != nil {
			h.backgroundPublishStarts()
		}
		ix.mu.RLock()
		defer ix.mu.RUnlock()
		switch {
		case ix.bi == nil: // closed before the copy could start
		case ifStale:
			ix.publishIfStale()
		default:
			ix.publishOrWarn()
		}
	}()
}

// publishHooks are called where their names say, when a test has set
// them (testHooks) to order a reader and a background copy.
type publishHooks struct {
	backgroundPublishStarts, readerWaitsForCopy func()
}

var testHooks atomic.Pointer[publishHooks]

// copyWait bounds how long a reader waits for a writer's first copy: a
// 100,000-document index takes a few seconds to copy on a busy machine.
const copyWait = 2 * time.Minute

// waitForCopy waits until the writer of the live index at live has
// published a copy in dir (true), or has let the index go, or copyWait
// has passed (false).
func waitForCopy(dir, live string) bool {
	deadline := time.Now().Add(copyWait)
	for time.Now().Before(deadline) {
		if _, err := os.Stat(filepath.Join(dir, copyFile)); err == nil {
			return true
		}
		if !held(filepath.Join(live, "store", "root.bolt")) {
			return false
		}
		if h := testHooks.Load(); h != nil {
			h.readerWaitsForCopy()
		}
		time.Sleep(50 * time.Millisecond)
	}
	return false
}

// removeCopies deletes the published copies other than keep that no
// reader holds.
func removeCopies(dir, keep string) {
	old, _ := filepath.Glob(filepath.Join(dir, copyPrefix+"*"))
	for _, p := range old {
		if filepath.Base(p) != keep && !lockHeld(filepath.Join(p, "store", "root.bolt"), true) {
			os.RemoveAll(p)
		}
	}
}

// openCopy opens, read-only, the copy of the index the writer of the live
// index (in dir) published last. The writer may remove an older copy
// between reading the pointer and opening it: then the pointer names a
// newer one. A writer that has published nothing yet is waited for
// (waitForCopy); one that let the index go meanwhile leaves it to open.
func openCopy(dir, live string) (bleve.Index, error) {
	var lastErr error
	for range 5 {
		b, err := os.ReadFile(filepath.Join(dir, copyFile))
		if errors.Is(err, os.ErrNotExist) {
			if waitForCopy(dir, live) {
				continue
			}
			if !held(filepath.Join(live, "store", "root.bolt")) {
				return openBleve(live, true)
			}
			return nil, lockedError(dir) // the writer has published nothing in copyWait
		}
		if err != nil {
			return nil, fmt.Errorf("open the index's copy: %w", err)
		}
		name, _ := readCopy(b)
		if !strings.HasPrefix(name, copyPrefix) || strings.ContainsAny(name, `/\`) {
			return nil, fmt.Errorf("index copy pointer %s is corrupt (%q): %s", filepath.Join(dir, copyFile), name, index.Cure)
		}
		cfg := map[string]any{"read_only": true, "bolt_timeout": LockTimeout.String()}
		path := filepath.Join(dir, name)
		err = checkBolt(filepath.Join(path, "store", "root.bolt"))
		var bi bleve.Index
		if err == nil {
			bi, err = openGuarded(path, cfg)
		}
		if err == nil {
			return bi, nil
		}
		lastErr = err
	}
	if errors.Is(lastErr, index.ErrDamaged) {
		return nil, lastErr
	}
	return nil, fmt.Errorf("%w: the copy of the index another process writes could not be opened: %v", index.ErrLocked, lastErr)
}
