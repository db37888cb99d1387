package main

import (
	"math"
	"runtime"
	"runtime/debug"
	"testing"
)

func TestHeapLimitFor(t *testing.T) {
	const mib = 1 << 20
	for _, tc := range []struct {
		live uint64
		want int64
	}{
		{0, 64 * mib},          // start-up: the slack alone
		{10 * mib, 79 * mib},   // small heap: not collected every few MB
		{250 * mib, 439 * mib}, // a 2,000-document rebuild's batches
		{1 << 30, 1600 * mib},  // a large live heap gets its share, not a fixed cap
		{3 << 30, 3*1536*mib + 64*mib},
	} {
		if got := heapLimitFor(tc.live); got != tc.want {
			t.Errorf("heapLimitFor(%d MiB) = %d MiB, want %d MiB", tc.live/mib, got/mib, tc.want/mib)
		}
	}
}

// withMemoryLimit sets the process's soft memory limit for one test and
// restores it afterwards.
func withMemoryLimit(t *testing.T, limit int64) {
	prev := debug.SetMemoryLimit(limit)
	t.Cleanup(func() { debug.SetMemoryLimit(prev) })
}

func TestLimitHeapToLiveLeavesUserLimit(t *testing.T) {
	const user = 3 << 30
	withMemoryLimit(t, user)
	t.Setenv("GOMEMLIMIT", "3GiB")
	stop := limitHeapToLive()
	runtime.GC()
	if got := debug.SetMemoryLimit(-1); got != user {
		t.Errorf("limit with GOMEMLIMIT set = %d, want the user's %d", got, user)
	}
	stop()
	if got := debug.SetMemoryLimit(-1); got != user {
		t.Errorf("limit after stop = %d, want the user's %d", got, user)
	}
}

// liveBlock is kept reachable by the test below so that the live heap the
// collector measures includes it.
var liveBlock []byte

func TestLimitHeapToLiveFollowsLiveHeapAndRestores(t *testing.T) {
	withMemoryLimit(t, math.MaxInt64)
	t.Setenv("GOMEMLIMIT", "") // unset, as limitHeapToLive sees it
	stop := limitHeapToLive()
	if got := debug.SetMemoryLimit(-1); got == math.MaxInt64 || got < heapSlack {
		t.Fatalf("limit at start = %d, want at least %d and not unlimited", got, heapSlack)
	}
	const block = 96 << 20
	liveBlock = make([]byte, block)
	defer func() { liveBlock = nil }()
	// The limit follows after a collection, when the finalizer has run:
	// collect until it has (the test's timeout bounds the wait).
	want := heapLimitFor(block)
	for debug.SetMemoryLimit(-1) < want {
		runtime.GC()
		runtime.Gosched()
	}
	liveBlock[0] = 1
	stop()
	runtime.GC()
	runtime.GC()
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("limit after stop and two collections = %d, want the previous %d", got, int64(math.MaxInt64))
	}
}

// TestCollectLessForOneShot: a one-query search raises GOGC to oneShotGC,
// unless the user set GOGC.
func TestCollectLessForOneShot(t *testing.T) {
	prev := debug.SetGCPercent(100)
	defer debug.SetGCPercent(prev)
	t.Setenv("GOGC", "")
	collectLessForOneShot()
	if got := debug.SetGCPercent(100); got != oneShotGC {
		t.Errorf("GOGC unset: the collector's target is %d, want %d", got, oneShotGC)
	}
	t.Setenv("GOGC", "150")
	collectLessForOneShot()
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("GOGC=150 set by the user: the target was changed to %d", got)
	}
}
