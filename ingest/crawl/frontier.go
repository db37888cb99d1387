package crawl

import (
	"net/url"
	"strings"
	"sync"
)

// job is one URL to process.
type job struct {
	url   string
	depth int
	kind  kind
	src   *Source
	run   *sourceRun  // where the links of the page go
	form  string      // POSTed when set (a Hanweb data proxy page)
	walk  *hanwebWalk // the data-proxy walk this page belongs to
}

// frontier is a source's queue of URLs for one run, in discovery order,
// each URL once.
// It lives in memory: what survives a killed run is the crawl state in the
// store (articles fetched and stored are skipped next time), and the next
// run re-reads the list pages, which are few and cheap, to find the rest.
type frontier struct {
	mu      sync.Mutex
	cond    *sync.Cond
	queue   []job
	seen    map[string]bool
	pending int // queued or being processed
	closed  bool
}

func newFrontier() *frontier {
	f := &frontier{seen: map[string]bool{}}
	f.cond = sync.NewCond(&f.mu)
	return f
}

// push queues j unless its URL was seen before; it reports whether it did.
func (f *frontier) push(j job) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed || f.seen[j.url] {
		return false
	}
	f.seen[j.url] = true
	f.queue = append(f.queue, j)
	f.pending++
	f.cond.Signal()
	return true
}

// pop returns the next job, waiting while others are being processed (they
// may queue more); ok is false when all work is done or the frontier is
// closed.
func (f *frontier) pop() (j job, ok bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for len(f.queue) == 0 && f.pending > 0 && !f.closed {
		f.cond.Wait()
	}
	if len(f.queue) == 0 || f.closed {
		return job{}, false
	}
	j = f.queue[0]
	f.queue[0] = job{}
	f.queue = f.queue[1:]
	return j, true
}

// done marks a popped job finished.
func (f *frontier) done() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.pending--
	if f.pending == 0 {
		f.cond.Broadcast()
	}
}

// close wakes every waiting worker and makes pop return false: the run is
// cancelled.
func (f *frontier) close() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.closed = true
	f.cond.Broadcast()
}

// size returns the number of URLs queued and seen.
func (f *frontier) size() (queued, seen int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.queue), len(f.seen)
}

// normalizeURL resolves href against base and returns it in the form used
// as the frontier and crawl-state key: absolute, http(s), no fragment, no
// tracking parameters (utm_*, spm …), host in lower case. ok is false for links the crawler does not follow.
func normalizeURL(base *url.URL, href string) (string, bool) {
	href = strings.TrimSpace(href)
	if href == "" || strings.HasPrefix(href, "#") {
		return "", false
	}
	u, err := base.Parse(href)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", false
	}
	canonicalize(u)
	return u.String(), true
}

// canonicalize puts u in the crawl-state key's form: no fragment, no
// tracking parameters, host in lower case, a path. A redirect's target is
// put in it too, so the stored URL of an article never carries them.
func canonicalize(u *url.URL) {
	u.Fragment, u.RawFragment = "", ""
	dropTracking(u)
	u.Host = strings.ToLower(u.Host)
	if u.Path == "" {
		u.Path = "/"
	}
}
