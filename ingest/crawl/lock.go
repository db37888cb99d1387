package crawl

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// ErrLocked is returned by Lock when another run holds the lock.
var ErrLocked = errors.New("another ingest run is in progress")

// LockFile is the name of the run lock inside the data directory.
const LockFile = "ingest.lock"

// RunLock is held by the one ingest run allowed at a time.
type RunLock struct{ f *os.File }

// Lock takes the run lock of dataDir without waiting. It is an flock(2) on
// dataDir/ingest.lock: the kernel drops it when the process ends, however
// it ends, so a run killed with -9 never leaves it stuck. The file holds
// the holder's process ID, for the error message of the next one.
func Lock(dataDir string) (*RunLock, error) {
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return nil, fmt.Errorf("run lock: %w", err)
	}
	path := filepath.Join(dataDir, LockFile)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("run lock: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		holder, _ := os.ReadFile(path)
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("%w (pid %s holds %s)", ErrLocked, strings.TrimSpace(string(holder)), path)
		}
		return nil, fmt.Errorf("run lock %s: %w", path, err)
	}
	if err := f.Truncate(0); err == nil {
		f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return &RunLock{f: f}, nil
}

// Unlock releases the lock.
func (l *RunLock) Unlock() error {
	// Closing the descriptor releases the flock; the file stays, since
	// removing it would race with a run that just opened it.
	return l.f.Close()
}
