package bleveindex

import (
	"cmp"
	"container/heap"
	"context"
	"errors"
	"math"
	"runtime"
	"slices"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
)

// A search by relevance lists every hit of its query once per snapshot:
// document number and score, nothing else. The total, the facets and the
// page are computed from that list, so bleve's top-N collector never
// runs and only the hits shown load their stored fields. The lists of
// broad queries are kept (hitCache): the next page, another set of facets
// or another client's same query then skips the postings altogether,
// which is where a phrase in most documents spends its time. Exactness is
// unchanged: the list is every hit, scored as bleve scores it.

// hitList is every hit of one query on one snapshot.
type hitList struct {
	docs   []uint32 // document numbers, ascending
	scores []float64

	mu     sync.Mutex
	counts map[string]counted // by facetCounter.key: what was counted over these hits
}

// counted is a facetCounter's result: its columns and their counts, read
// only once kept.
type counted struct {
	cols   []*column
	counts [][]int
}

// count has fc count its fields over the hits, or takes the counts of an
// earlier search of the same list with the same fields: broad queries are
// asked again and again with the same facets.
func (l *hitList) count(ctx context.Context, r bindex.IndexReader, fc *facetCounter) error {
	key := fc.key()
	l.mu.Lock()
	defer l.mu.Unlock()
	if c, ok := l.counts[key]; ok {
		fc.cols, fc.counts = c.cols, c.counts
		return nil
	}
	count, err := fc.counter(ctx, r)
	if err != nil {
		return err
	}
	for _, n := range l.docs {
		count(uint64(n))
	}
	fc.countStories()
	if l.counts == nil {
		l.counts = map[string]counted{}
	}
	l.counts[key] = counted{fc.cols, fc.counts}
	return nil
}

func (l *hitList) bytes() int { return 12 * len(l.docs) }

// splitDocs is the snapshot size (document numbers) from which
// collectHits collects the two halves of the numbers at once, each with a
// searcher of its own, where there is more than one CPU: a phrase in most
// documents is collected in a little over half the time (BENCHMARKS.md),
// which is most of a CLI search's start to answer on a large index. Below
// it the second searcher's set-up is not worth it. A variable: tests split
// their small indexes.
var splitDocs uint64 = 20000

// collectHits lists the hits of q on the snapshot r.
func collectHits(ctx context.Context, bi bleve.Index, r bindex.IndexReader, q query.Query) (*hitList, error) {
	total := numbered(r)
	if total < splitDocs || runtime.GOMAXPROCS(0) < 2 {
		return collectRange(ctx, bi, r, q, 0, math.MaxUint64)
	}
	mid := total / 2
	ctx, cancel := context.WithCancel(ctx) // a half that fails stops the other
	defer cancel()
	var upper *hitList
	var uerr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		if upper, uerr = collectRange(ctx, bi, r, q, mid, math.MaxUint64); uerr != nil {
			cancel()
		}
	}()
	l, err := collectRange(ctx, bi, r, q, 0, mid)
	if err != nil {
		cancel()
	}
	<-done
	if err == nil || errors.Is(err, context.Canceled) && uerr != nil {
		err = uerr // the cause, not the cancellation it led to
	}
	if err != nil {
		return nil, err
	}
	l.docs = append(l.docs, upper.docs...)
	l.scores = append(l.scores, upper.scores...)
	return l, nil
}

// collectRange lists the hits of q on r among the document numbers
// from ≤ n < to.
func collectRange(ctx context.Context, bi bleve.Index, r bindex.IndexReader, q query.Query, from, to uint64) (*hitList, error) {
	l := &hitList{}
	// Sized once from the estimate: growing the lists of a phrase in
	// most documents copied them a dozen times, an eighth of a broad
	// search at 100,000 documents.
	reserve := func(n int) {
		l.docs = make([]uint32, 0, n)
		l.scores = make([]float64, 0, n)
	}
	err := eachMatchIn(ctx, bi, r, q, from, to, reserve, func(n uint64, score float64) {
		l.docs = append(l.docs, uint32(n))
		l.scores = append(l.scores, score)
	})
	if err != nil {
		return nil, err
	}
	return l, nil
}

// top returns the positions in l of the n best hits, best first: by score,
// then by document number, as bleve ranks hits of equal score.
func (l *hitList) top(n int) []int {
	better := func(a, b int) bool {
		return l.scores[a] > l.scores[b] || (l.scores[a] == l.scores[b] && a < b)
	}
	if n <= 0 {
		return nil
	}
	if n >= len(l.docs) {
		out := make([]int, len(l.docs))
		for i := range out {
			out[i] = i
		}
		slices.SortFunc(out, func(a, b int) int {
			return cmp.Or(cmp.Compare(l.scores[b], l.scores[a]), cmp.Compare(a, b))
		})
		return out
	}
	h := &worstFirst{better: better}
	for i := range l.docs {
		if h.Len() < n {
			heap.Push(h, i)
		} else if better(i, h.at[0]) {
			h.at[0] = i
			heap.Fix(h, 0)
		}
	}
	out := make([]int, h.Len())
	for i := len(out) - 1; i >= 0; i-- {
		out[i] = heap.Pop(h).(int)
	}
	return out
}

// rankedTop returns the positions of the n best hits, best first: by
// score, ties by document ID (ids gives the IDs of the candidates' document
// numbers, asked only when there is a tie). Ties cannot keep document
// order: a merge renumbers the documents, and the pages of one listing
// read before and after it would overlap. The hits tied at the cut are all
// taken, as any of them may belong above it.
func (l *hitList) rankedTop(n int, ids func(nums []uint32) (func(uint32) int64, error)) ([]int, error) {
	top := l.top(n)
	if len(top) == 0 {
		return top, nil
	}
	cand := top
	if len(top) < len(l.docs) {
		cut := l.scores[top[len(top)-1]]
		cand = make([]int, 0, len(top))
		for i, s := range l.scores {
			if s >= cut {
				cand = append(cand, i)
			}
		}
	}
	tied := len(cand) > len(top) // hits beyond the cut share its score
	for i := 1; i < len(top) && !tied; i++ {
		tied = l.scores[top[i]] == l.scores[top[i-1]] // top is sorted by score
	}
	if !tied {
		return top, nil
	}
	nums := make([]uint32, len(cand))
	for i, at := range cand {
		nums[i] = l.docs[at]
	}
	id, err := ids(nums)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(cand, func(a, b int) int {
		return cmp.Or(cmp.Compare(l.scores[b], l.scores[a]), cmp.Compare(id(l.docs[a]), id(l.docs[b])))
	})
	return cand[:min(n, len(cand))], nil
}

// worstFirst is a heap of hit positions with the worst on top.
type worstFirst struct {
	at     []int
	better func(a, b int) bool
}

func (h *worstFirst) Len() int           { return len(h.at) }
func (h *worstFirst) Less(i, j int) bool { return h.better(h.at[j], h.at[i]) }
func (h *worstFirst) Swap(i, j int)      { h.at[i], h.at[j] = h.at[j], h.at[i] }
func (h *worstFirst) Push(x any)         { h.at = append(h.at, x.(int)) }
func (h *worstFirst) Pop() any {
	x := h.at[len(h.at)-1]
	h.at = h.at[:len(h.at)-1]
	return x
}

// Lists of fewer hits than cacheMinHits are not kept (their postings are
// cheap to read again); those kept take at most cacheBytes, the least
// recently used going first: 64 MB is about 60 queries matching 90,000
// documents each.
const (
	cacheMinHits = 1000
	cacheBytes   = 64 << 20
)

// hitCache keeps the hit lists of the snapshot last searched, by query.
// A snapshot never changes, so a list stays right as long as its snapshot
// is the one searched; a write or a merge makes a new snapshot and drops
// them all. Clients asking for the same list at once wait for one to
// collect it.
type hitCache struct {
	mu      sync.Mutex
	reader  bindex.IndexReader // identity only: never read, never closed here
	entries map[string]*hitEntry
	bytes   int
	clock   int
}

type hitEntry struct {
	done chan struct{} // closed when list or err is set
	list *hitList
	err  error
	used int // hitCache.clock when last asked for
}

// get returns the list of key on the snapshot r, from the cache or from
// collect.
func (hc *hitCache) get(ctx context.Context, r bindex.IndexReader, key string, collect func() (*hitList, error)) (*hitList, error) {
	hc.mu.Lock()
	if hc.reader != r {
		hc.reader, hc.entries, hc.bytes = r, map[string]*hitEntry{}, 0
	}
	hc.clock++
	if e, ok := hc.entries[key]; ok {
		e.used = hc.clock
		hc.mu.Unlock()
		select {
		case <-e.done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if e.err == nil {
			return e.list, nil
		}
		return collect() // the one collecting failed (its own deadline, say): try on ours
	}
	e := &hitEntry{done: make(chan struct{}), used: hc.clock}
	hc.entries[key] = e
	entries := hc.entries
	hc.mu.Unlock()

	e.list, e.err = collect()
	close(e.done)

	hc.mu.Lock()
	defer hc.mu.Unlock()
	if hc.reader != r || hc.entries[key] != e {
		return e.list, e.err // the cache moved on to a newer snapshot meanwhile
	}
	if e.err != nil || len(e.list.docs) < cacheMinHits {
		delete(entries, key)
		return e.list, e.err
	}
	hc.bytes += e.list.bytes()
	for hc.bytes > cacheBytes && len(hc.entries) > 1 {
		oldest := ""
		for k, o := range hc.entries {
			if k != key && o.list != nil && (oldest == "" || o.used < hc.entries[oldest].used) {
				oldest = k
			}
		}
		if oldest == "" {
			break
		}
		hc.bytes -= hc.entries[oldest].list.bytes()
		delete(hc.entries, oldest)
	}
	return e.list, nil
}
