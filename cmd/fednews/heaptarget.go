package main

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// heapHeadroom is the garbage a heavy command may accumulate, as a share
// of its live heap, before the collector runs. Go's default (GOGC=100)
// lets the heap double, and freed pages stay resident until the
// background scavenger returns them: an index rebuild of 2,000 documents,
// whose live heap is ~250 MB (the segmenter's dictionary and one
// segment's analysis), peaked at 640–700 MB. A fixed limit would make the
// collector run continuously once the live heap outgrows it (100,000
// documents); a limit that follows the live heap cannot (BENCHMARKS.md,
// "Index rebuild memory, session 9").
const heapHeadroom = 0.5

// heapSlack is added to the limit for what it counts beside the heap
// (stacks, span metadata, fragmentation: ~40–60 MB in a rebuild) and so
// that a small live heap (start-up, the final merge) is not collected
// continuously: with 1.5× the live heap alone, the rebuild's final merge
// collected every 30 MB and the rebuild took 60 % more CPU.
const heapSlack = 64 << 20

// heapLimitFor is the soft memory limit for a live heap of live bytes.
func heapLimitFor(live uint64) int64 {
	return int64(float64(live)*(1+heapHeadroom)) + heapSlack
}

// limitHeapToLive keeps a soft memory limit (runtime/debug.SetMemoryLimit)
// at heapLimitFor of the live heap, updated after every collection, until
// stop is called, which restores the previous limit. Unlike GOGC, a memory
// limit also has the runtime return freed pages to the OS down to it. It
// does nothing when the user set GOMEMLIMIT: theirs wins.
func limitHeapToLive() (stop func()) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	t := &heapTarget{sample: []metrics.Sample{{Name: "/gc/heap/live:bytes"}}}
	t.prev = debug.SetMemoryLimit(t.update())
	t.arm()
	return t.stop
}

// heapTarget is one limitHeapToLive: its finalizer runs after each
// collection and sets the limit from the live heap that collection found.
type heapTarget struct {
	mu      sync.Mutex
	stopped bool
	prev    int64
	sample  []metrics.Sample
}

// gcSentinel is garbage from the moment it is made, so its finalizer runs
// after the next collection. It holds a pointer: the tiny allocator could
// place a pointer-free object beside others, which delays its finalizer
// indefinitely.
type gcSentinel struct{ _ *heapTarget }

// arm has t.collected called after the next collection.
func (t *heapTarget) arm() {
	runtime.SetFinalizer(&gcSentinel{}, func(*gcSentinel) { t.collected() })
}

// collected updates the limit and waits for the next collection.
func (t *heapTarget) collected() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.stopped {
		return
	}
	debug.SetMemoryLimit(t.update())
	t.arm()
}

// update returns the limit for the live heap the last collection measured.
func (t *heapTarget) update() int64 {
	metrics.Read(t.sample)
	var live uint64
	if t.sample[0].Value.Kind() == metrics.KindUint64 {
		live = t.sample[0].Value.Uint64()
	}
	return heapLimitFor(live)
}

func (t *heapTarget) stop() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.stopped = true
	debug.SetMemoryLimit(t.prev)
}

// oneShotGC is the collector's target (GOGC) for a command that answers
// one request and exits: `fednews search QUERY` at 100,000 documents
// allocates ~10 MB in a fraction of a second and ran four collections at
// the default, beginning at the 4 MB minimum heap; at 400 it runs none or
// one (BENCHMARKS.md, "search start-up at 100k, session 10").
const oneShotGC = 400

// collectLessForOneShot sets GOGC to oneShotGC unless the user set GOGC.
func collectLessForOneShot() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(oneShotGC)
	}
}
