package crawl

import (
	"context"
	"sync"
	"time"

	"github.com/fednews/fednews/corpus"
)

// sourceRun is one source's part of a run: its frontier, and the list
// pages read in full, whose validators are stored only when the source's
// crawl ends clean.
//
// Why: a list page that answers 304 is not read, so nothing beneath it is
// visited. That is right only when everything beneath it was dealt with
// when it was last read. So a list page's ETag and Last-Modified are kept
// only after a run of its source that was not interrupted and in which no
// page failed or was waiting to be retried; otherwise the next run reads
// every list page again and finds what is missing.
type sourceRun struct {
	src   *Source
	front *frontier

	mu      sync.Mutex
	lists   []corpus.CrawlState
	spoiled bool
}

// spoil marks the run of the source as not clean (see sourceRun).
func (r *sourceRun) spoil() {
	r.mu.Lock()
	r.spoiled = true
	r.mu.Unlock()
}

// putListState stores the state of a list page read in full, without its
// validators for now (see sourceRun).
func (c *crawler) putListState(ctx context.Context, j job, st corpus.CrawlState) {
	if j.form != "" {
		st.ETag, st.LastModified = "", "" // a POST is never conditional
	}
	j.run.mu.Lock()
	j.run.lists = append(j.run.lists, st)
	j.run.mu.Unlock()
	bare := st
	bare.ETag, bare.LastModified = "", ""
	c.putState(ctx, bare)
}

// finishLists stores the validators of the source's list pages when its
// crawl ended clean.
func (c *crawler) finishLists(ctx context.Context, r *sourceRun) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if ctx.Err() != nil || r.spoiled {
		return
	}
	for _, st := range r.lists {
		if st.ETag != "" || st.LastModified != "" {
			c.putState(ctx, st)
		}
	}
}

// due is when a stored URL is next fetched. After a failure it is the time
// the backoff set; else its last full fetch plus the re-check interval as
// configured now, so that changing recheck applies to what is stored.
func (c *crawler) due(src *Source, st corpus.CrawlState) time.Time {
	if st.Failures > 0 {
		return st.NextFetch
	}
	return st.LastFetched.Add(c.recheck(src))
}

// conditional says whether to send a stored URL's validators: for an
// article whose document is stored; for a list page until its re-check
// interval has passed, after which it is read in full so that the articles
// beneath it are rechecked too.
func (c *crawler) conditional(j job, st corpus.CrawlState, now time.Time) bool {
	if j.kind == kindArticle {
		return st.DocID != 0
	}
	return j.form == "" && st.Failures == 0 && now.Before(c.due(j.src, st))
}

// retryBase is the wait before the second retry of a failed page; the
// first is the next run. Nightly runs: a page down for a day is asked for
// again after half a day, then one, two, four … up to the re-check
// interval.
const retryBase = 12 * time.Hour

// giveUpAfter is the number of failures in a row after which a page no
// longer keeps its source's list pages from being fetched conditionally:
// it is still retried when its backoff has passed and a list names it.
const giveUpAfter = 5

// retryWait is how long a page of src that failed failures times in a
// row waits.
func (c *crawler) retryWait(src *Source, failures int) time.Duration {
	if failures <= 1 {
		return 0
	}
	d := retryBase << min(failures-2, 16)
	return min(d, c.recheck(src))
}
