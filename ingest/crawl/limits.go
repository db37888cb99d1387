package crawl

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"sync/atomic"
	"time"
)

// validateBounds checks every numeric and text setting against a range
// (issue 13): a lower bound alone let workers = 1e8 allocate gigabytes,
// max_body near MaxInt64 overflow into storing nothing, rate = nan pass
// every comparison, and a CRLF in user_agent inject headers.
func (c *Config) validateBounds(bad func(string, ...any)) {
	ints := []struct {
		name   string
		v      int64
		lo, hi int64
	}{
		{"concurrency", int64(c.Concurrency), 1, 64},
		{"workers", int64(c.Workers), 1, 256},
		{"max_body", c.MaxBody, 1, 1 << 30},
		{"max_redirects", int64(c.MaxRedirects), 0, 20},
		{"retries", int64(c.Retries), 0, 10},
		{"max_pages", int64(c.MaxPages), 1, 10_000_000},
		{"max_host_failures", int64(c.MaxHostFailures), 1, 1_000_000},
	}
	for _, v := range ints {
		if v.v < v.lo || v.v > v.hi {
			bad("%s: must be from %d to %d, not %d", v.name, v.lo, v.hi, v.v)
		}
	}
	if math.IsNaN(c.Rate) || math.IsInf(c.Rate, 0) || c.Rate > 1000 { // negative: Validate
		bad("rate: must be a number of requests per second from 0 (no limit) to 1000, not %v", c.Rate)
	}
	durations := []struct {
		name   string
		v      time.Duration
		lo, hi time.Duration
	}{
		{"timeout", c.Timeout.Duration, time.Millisecond, time.Hour},
		{"backoff", c.Backoff.Duration, 0, time.Hour},
		{"max_crawl_delay", c.MaxCrawlDelay.Duration, 0, 24 * time.Hour},
		{"recheck", c.Recheck.Duration, 0, 10 * 365 * 24 * time.Hour},
		{"max_run_time", c.MaxRunTime.Duration, time.Second, 7 * 24 * time.Hour},
		{"max_retry_after", c.MaxRetryAfter.Duration, 0, 24 * time.Hour},
	}
	for _, d := range durations {
		if d.v < d.lo || d.v > d.hi {
			bad("%s: must be from %s to %s, not %s", d.name, d.lo, d.hi, d.v)
		}
	}
	if strings.ContainsFunc(c.UserAgent, func(r rune) bool { return r < ' ' || r == 0x7f }) || len(c.UserAgent) > 512 {
		bad("user_agent: must be one line of printable text, at most 512 bytes")
	}
	for i := range c.Sources {
		s := &c.Sources[i]
		if math.IsNaN(s.Rate) || math.IsInf(s.Rate, 0) || s.Rate > 1000 {
			bad("source %q: rate must be from 0 to 1000, not %v", s.Name, s.Rate)
		}
		if s.MaxDepth > 1000 {
			bad("source %q: max_depth must be at most 1000, not %d", s.Name, s.MaxDepth)
		}
		if s.MaxPages > 10_000_000 {
			bad("source %q: max_pages must be at most 10000000, not %d", s.Name, s.MaxPages)
		}
	}
}

// errRunTime is the cause of the run's context when max_run_time ends it.
var errRunTime = errors.New("max_run_time reached")

// Reasons a URL was left for the next run, in Summary.Stopped.
const (
	stopSourcePages = "max_pages"     // the source's max_pages
	stopRunPages    = "max_run_pages" // the run's max_pages
	stopRunTime     = "max_run_time"
)

// runLimits counts what a run has spent of its bounds.
type runLimits struct {
	pages   atomic.Int64
	sources map[*Source]*atomic.Int64
}

func newRunLimits(cfg *Config) *runLimits {
	l := &runLimits{sources: map[*Source]*atomic.Int64{}}
	for i := range cfg.Sources {
		l.sources[&cfg.Sources[i]] = new(atomic.Int64)
	}
	return l
}

// deadlineFunc returns ctx ended, with cause errRunTime, after d.
type deadlineFunc func(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc)

// runContext is ctx ended by max_run_time as well.
func (c *crawler) runContext(ctx context.Context) (context.Context, context.CancelFunc) {
	if c.opts.runDeadline != nil {
		return c.opts.runDeadline(ctx, c.cfg.MaxRunTime.Duration)
	}
	return context.WithTimeoutCause(ctx, c.cfg.MaxRunTime.Duration, errRunTime)
}

// admit takes one page of j's source's and of the run's budget before a
// request; when either is spent it counts j as left for the next run.
func (c *crawler) admit(j job) bool {
	why := ""
	if n := c.lim.sources[j.src]; n != nil && n.Add(1) > int64(j.src.MaxPages) {
		why = stopSourcePages
	} else if c.lim.pages.Add(1) > int64(c.cfg.MaxPages) {
		why = stopRunPages
	}
	if why == "" {
		return true
	}
	c.tally.add(func(s *Summary) { s.stop(why, 1) })
	return false
}

// finishLimits records in sum what the bounds cut off: the URLs still
// queued when max_run_time ended the crawl, and the hosts given up.
func (c *crawler) finishLimits(ctx, runCtx context.Context, sum *Summary) {
	if ctx.Err() == nil && errors.Is(context.Cause(runCtx), errRunTime) {
		left := 0
		for _, f := range c.fronts {
			q, _ := f.size()
			left += q
		}
		sum.stop(stopRunTime, left)
		sum.Errors = append(sum.Errors, fmt.Sprintf("crawl stopped: max_run_time %s reached; %d queued URLs left for the next run",
			c.cfg.MaxRunTime.Duration, left))
	}
	sum.GivenUp = c.fetch.givenUpCounts()
	for k, n := range sum.Stopped {
		c.log.Warn("ingest run bounded: URLs left for the next run", "limit", k, "urls", n)
	}
}

// ErrHostGivenUp is matched when a request was not sent because its host
// failed max_host_failures times in a row this run.
var ErrHostGivenUp = errors.New("host given up for this run after max_host_failures consecutive failures (tried again next run)")

// ErrRetryAfterTooLong is matched when a server asked for a wait longer
// than max_retry_after: the URL is tried again next run, not waited for.
var ErrRetryAfterTooLong = errors.New("Retry-After longer than max_retry_after")

// breaker counts a host's consecutive failures and gives it up for the
// run at the limit.
type breaker struct {
	fails   atomic.Int32
	givenUp atomic.Bool
}

// hostFailure says whether err counts against the host's breaker: the
// host did not answer usefully (network, timeout, 5xx, 429), not a page
// that is missing, too large or of another type.
func hostFailure(ctx context.Context, err error) bool {
	return err != nil && ctx.Err() == nil && (retryable(ctx, err) || errors.Is(err, ErrRetryAfterTooLong))
}

// record updates h's breaker with the outcome of one fetch and reports whether the host has just been given up.
func (f *Fetcher) record(ctx context.Context, h *host, err error) bool {
	switch {
	case hostFailure(ctx, err):
		return h.breaker.fails.Add(1) == int32(f.cfg.MaxHostFailures) && !h.breaker.givenUp.Swap(true)
	case ctx.Err() == nil:
		h.breaker.fails.Store(0)
	}
	return false
}

// giveUp counts a request not sent to a given-up host, per source and host.
func (f *Fetcher) giveUp(src *Source, hostKey string) {
	name := ""
	if src != nil {
		name = src.Name
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.givenUp == nil {
		f.givenUp = map[string]int{}
	}
	f.givenUp[name+" "+hostKey]++
}

func (f *Fetcher) givenUpCounts() map[string]int {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.givenUp) == 0 {
		return nil
	}
	out := make(map[string]int, len(f.givenUp))
	for k, v := range f.givenUp {
		out[k] = v
	}
	return out
}
