// Package crawl is the nightly run: it crawls the configured news sites
// politely and incrementally, imports the configured folders, and stores
// every article once through corpus.Store.
//
// Politeness: robots.txt (with Crawl-delay) is obeyed, requests to one host
// keep to a rate and a number in flight, and the User-Agent names the tool
// and a contact. Incremental: a stored article is not asked for again until
// its re-check interval has passed, and then with a conditional GET, so an
// unchanged page costs a 304 and nothing else. Resumable: every stored
// article is recorded in the crawl state as soon as it is stored, so a run
// killed at any moment loses nothing stored, and the next run re-reads the
// list pages and fetches only what is missing.
package crawl

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/ingest"
	"github.com/fednews/fednews/zh"
)

// Options are the hooks and outputs of a run.
type Options struct {
	// Log receives structured progress and failure lines; nil discards them.
	Log *slog.Logger
	// Progress, when set (a terminal), shows a one-line progress display.
	Progress io.Writer
	// Enrich returns the figures of a prepared document (cmd/fednews wires
	// extract.OfDocument); nil stores documents without figures.
	Enrich func(doc *corpus.Document, n zh.Result) []corpus.Figure
	// AfterStore is called after each document that was stored new or
	// updated (for example to queue it for indexing). An error is counted
	// as a failure of that document; the run goes on.
	AfterStore func(ctx context.Context, doc *corpus.Document, res corpus.PutResult) error
	// Now is the clock (tests move it to pass the re-check interval).
	Now func() time.Time

	// deadline, when set, replaces the fetcher's per-request timeout (see
	// Fetcher.deadline).
	deadline    func(ctx context.Context, u *url.URL) (context.Context, context.CancelFunc)
	runDeadline deadlineFunc // ends the crawl at max_run_time; tests end it when they say
}

// Run crawls every source of cfg and imports its folders into st, and
// records the run. The error is non-nil only when the run could not
// proceed (bad config, store unusable, cancelled); failures of single
// pages and files are counted in the Summary.
func Run(ctx context.Context, cfg *Config, st Store, opts Options) (Summary, error) {
	if err := cfg.Validate(); err != nil {
		return Summary{}, fmt.Errorf("sources: %w", err)
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	for _, w := range cfg.Warnings {
		opts.Log.Warn("sources file: "+w, "hint", "the setting has no effect: check its spelling against sources.example.toml")
	}
	id, err := st.StartRun(ctx)
	if err != nil {
		return Summary{}, fmt.Errorf("ingest run: %w", err)
	}
	c := &crawler{cfg: cfg, st: st, opts: opts, log: opts.Log, fetch: NewFetcher(cfg, opts.Log), lim: newRunLimits(cfg)}
	c.fetch.deadline = opts.deadline
	for range cfg.Sources {
		c.fronts = append(c.fronts, newFrontier())
	}
	defer c.fetch.Close()
	c.tally.s = Summary{RunID: id, Started: opts.Now()}
	opts.Log.Info("ingest run started", "run", id, "sources", len(cfg.Sources), "import", len(cfg.Import))

	stopProgress := c.showProgress()
	runCtx, cancelRun := c.runContext(ctx)
	defer cancelRun()
	c.crawl(runCtx)
	c.importFolders(ctx) // local files: not cut off by a slow crawl
	stopProgress()

	sum := c.tally.snapshot()
	c.finishLimits(ctx, runCtx, &sum)
	sum.Finished = opts.Now()
	c.carryForward(context.WithoutCancel(ctx), &sum, sum.Finished)
	// The run record is written even when the run was cancelled, with a
	// context that still works, so that the record says how far it got.
	rec := corpus.Run{ID: id, Started: sum.Started, Finished: sum.Finished, Counts: sum.Counts(), Errors: sum.Errors}
	if ctx.Err() != nil {
		rec.Errors = append(rec.Errors, "run interrupted: "+context.Cause(ctx).Error())
	}
	fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := st.FinishRun(fctx, rec); err != nil {
		return sum, fmt.Errorf("ingest run: %w", err)
	}
	opts.Log.Info("ingest run finished", "run", id, "fetched", sum.Fetched, "not_modified", sum.NotModified,
		"skipped", sum.Skipped, "new", sum.New, "updated", sum.Updated, "duplicates", sum.Duplicates,
		"failed", sum.FailedTotal())
	if ctx.Err() != nil {
		return sum, fmt.Errorf("ingest run interrupted: %w", context.Cause(ctx))
	}
	return sum, nil
}

// crawler is one run's crawl.
type crawler struct {
	cfg   *Config
	st    Store
	opts  Options
	log   *slog.Logger
	fetch *Fetcher
	// fronts holds one frontier per source: sources are crawled side by
	// side, so a slow or strict host does not hold up the others.
	fronts []*frontier
	tally  tally
	lim    *runLimits
}

// crawl crawls the sources side by side.
func (c *crawler) crawl(ctx context.Context) {
	var wg sync.WaitGroup
	for i := range c.cfg.Sources {
		wg.Go(func() { c.crawlSource(ctx, &sourceRun{src: &c.cfg.Sources[i], front: c.fronts[i]}) })
	}
	wg.Wait()
}

// crawlSource processes one source's frontier with cfg.Workers workers.
func (c *crawler) crawlSource(ctx context.Context, run *sourceRun) {
	src, front := run.src, run.front
	for _, u := range src.Start {
		key, _ := normalizeURL(&url.URL{}, u) // Validate checked the start URLs
		k := src.classify(key)
		if k == kindOther {
			k = kindList
		}
		front.push(job{url: key, kind: k, src: src, run: run})
	}
	stop := context.AfterFunc(ctx, front.close)
	defer stop()
	var wg sync.WaitGroup
	for range c.cfg.Workers {
		wg.Go(func() {
			for {
				j, ok := front.pop()
				if !ok {
					return
				}
				c.process(ctx, j)
				front.done()
			}
		})
	}
	wg.Wait()
	c.finishLists(ctx, run)
	_, seen := front.size()
	c.log.Info("source crawled", "source", src.Name, "urls", seen)
}

// process fetches one URL and does what its kind asks.
func (c *crawler) process(ctx context.Context, j job) {
	if ctx.Err() != nil {
		return
	}
	now := c.opts.Now()
	prev, known, err := c.state(ctx, j.url)
	if err != nil {
		if ctx.Err() == nil {
			j.run.spoil()
			c.tally.failIn(j.src.Name, "store", j.url, err)
		}
		return
	}
	if j.kind == kindArticle && known && now.Before(c.due(j.src, prev)) {
		if prev.Failures > 0 && prev.Failures < giveUpAfter {
			j.run.spoil() // backing off: its list pages must be read again next run
		}
		c.tally.add(func(s *Summary) { s.Skipped++ })
		return
	}
	if !c.admit(j) {
		return
	}
	req := Request{URL: j.url, Rate: j.src.Rate, Form: j.form, List: j.kind != kindArticle, UserAgent: j.src.UserAgent, Source: j.src}
	if known && c.conditional(j, prev, now) {
		req.ETag, req.LastModified = prev.ETag, prev.LastModified
	}
	page, err := c.fetch.Fetch(ctx, req)
	if err != nil {
		c.fetchFailed(ctx, j, prev, err)
		return
	}
	next := corpus.CrawlState{URL: j.url, LastStatus: page.Status, LastFetched: now,
		NextFetch: now.Add(c.recheck(j.src)), DocID: prev.DocID, ETag: page.ETag, LastModified: page.LastModified}
	if page.Status == http.StatusNotModified {
		c.tally.addFor(j.src.Name, func(s *Summary, ss *SourceSummary) { s.NotModified++; ss.NotModified++ })
		next.ETag, next.LastModified = pick(page.ETag, prev.ETag), pick(page.LastModified, prev.LastModified)
		if j.kind != kindArticle {
			// Not a full read: the list page's articles are rechecked
			// from the time it was last read in full.
			next.LastFetched, next.NextFetch = prev.LastFetched, prev.NextFetch
		}
		c.putState(ctx, next)
		return
	}
	c.tally.addFor(j.src.Name, func(s *Summary, ss *SourceSummary) { s.Fetched++; ss.Fetched++ })
	text, _, err := ingest.Decode(page.Body, page.ContentType)
	if err != nil {
		c.pageFailed(ctx, j, "decode", next, err)
		return
	}
	if j.kind != kindArticle {
		c.readList(ctx, j, page, text, next)
		return
	}
	if j.src.FollowArticleLinks && j.depth < j.src.MaxDepth {
		if doc, err := goquery.NewDocumentFromReader(strings.NewReader(text)); err == nil {
			base, _ := url.Parse(page.URL)
			base, hrefs := anchors(doc, base)
			c.queue(j, j.src.classifyAll(base, hrefs))
		}
	}
	c.storeArticle(ctx, j, prev, next, page, text)
}

// state returns the stored crawl state of u; known is false for a URL
// never fetched.
func (c *crawler) state(ctx context.Context, u string) (st corpus.CrawlState, known bool, err error) {
	st, err = c.st.CrawlState(ctx, u)
	switch {
	case err == nil:
		return st, true, nil
	case errors.Is(err, corpus.ErrNotFound):
		return corpus.CrawlState{}, false, nil
	}
	return st, false, err
}

func pick(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// readList queues the links of a fetched list page.
func (c *crawler) readList(ctx context.Context, j job, page *Page, text string, next corpus.CrawlState) {
	lp, err := readList(j.src, j, page.URL, text)
	if err != nil {
		c.pageFailed(ctx, j, listReason(err), next, err)
		return
	}
	if lp.limit != nil {
		c.log.Warn("list pages cut short", "url", j.url, "err", lp.limit)
		j.run.spoil()
		c.tally.failIn(j.src.Name, "pager_limit", j.url, lp.limit)
	}
	added, loops := c.queue(j, lp.links)
	if loops > 0 {
		err := fmt.Errorf("the sitemap index names %d sitemap(s) already read (itself?): not read again", loops)
		c.log.Warn("sitemap loop", "url", j.url, "err", err)
		c.tally.failIn(j.src.Name, "sitemap_loop", j.url, err)
	}
	// The first data proxy page is asked for after the column page; a
	// further one only when the one before brought records not seen in
	// this run: a proxy that repeats itself stops here.
	switch {
	case lp.next != nil && (added > 0 || j.walk == nil):
		c.queue(j, []link{*lp.next})
	case lp.next != nil && j.walk != nil:
		err := errors.New("the data proxy sent a full page of records already seen (does it ignore startrecord?): walk stopped")
		c.log.Warn("data proxy repeats itself", "url", j.url, "err", err)
		j.run.spoil()
		c.tally.failIn(j.src.Name, "pager_repeat", j.url, err)
	}
	c.putListState(ctx, j, next)
}

// queue pushes links found on j's page; it returns how many were new and
// how many sitemaps were named again.
func (c *crawler) queue(j job, links []link) (added, sitemapLoops int) {
	for _, l := range links {
		if l.kind == kindOther {
			continue
		}
		depth := j.depth + 1
		if l.sameDepth {
			depth = j.depth
		}
		if depth > j.src.MaxDepth {
			continue
		}
		if j.run.front.push(job{url: l.url, depth: depth, kind: l.kind, src: j.src, run: j.run, form: l.form, walk: l.walk}) {
			added++
		} else if l.sitemap {
			sitemapLoops++
		}
	}
	return added, sitemapLoops
}

// listReason names the failure of a list page that could not be read.
func listReason(err error) string {
	if errors.Is(err, errListKind) {
		return "list_kind"
	}
	return "list_parse"
}

// storeArticle extracts the article of a fetched page and stores it.
func (c *crawler) storeArticle(ctx context.Context, j job, prev, next corpus.CrawlState, page *Page, text string) {
	sel := j.src.Selectors
	art, err := ingest.ExtractArticle(page.Body, page.URL, ingest.ExtractOptions{ContentType: page.ContentType,
		Now: next.LastFetched, TitleSelector: sel.Title, DateSelector: sel.Date, BodySelector: sel.Body})
	if errors.Is(err, ingest.ErrNotArticle) {
		// A list page reached as an article: remembered, not retried as a failure.
		next.DocID = 0
		c.tally.add(func(s *Summary) { s.NotArticles++ })
		c.putState(ctx, next)
		return
	}
	if err != nil {
		next.DocID = 0
		c.pageFailed(ctx, j, "extract", next, err)
		return
	}
	j.src.override(text, &art)
	if since := j.src.Since; !since.IsZero() && !art.Published.IsZero() && art.Published.Before(since) {
		c.tally.add(func(s *Summary) { s.TooOld++ })
		next.DocID = 0 // asked for again after recheck, conditionally: still old
		c.putState(ctx, next)
		return
	}
	d := &corpus.Document{URL: page.URL, Source: pick(art.Source, j.src.Name), Title: art.Title,
		Author: art.Author, Published: art.Published, FetchedAt: next.LastFetched.UTC(), Charset: art.Charset,
		Original: art.Text}
	n := corpus.Prepare(d)
	var figs []corpus.Figure
	if c.opts.Enrich != nil {
		figs = c.opts.Enrich(d, n)
	}
	res, err := c.st.Put(ctx, d, figs)
	if err != nil {
		// Not the page's fault: fetch it in full again next run.
		next.DocID, next.ETag, next.LastModified, next.NextFetch = prev.DocID, "", "", next.LastFetched
		next.Failures = prev.Failures + 1
		c.pageFailed(ctx, j, "store", next, err)
		return
	}
	sameURL := res.ID == prev.DocID
	if res.Status == corpus.PutUnchanged && !sameURL {
		// Either this URL's document, stored by a run killed before it
		// wrote the crawl state, or the same text under another URL.
		if stored, err := c.st.GetByURL(ctx, d.URL); err == nil && stored.ID == res.ID {
			sameURL = true
		}
	}
	c.tally.addFor(j.src.Name, func(s *Summary, ss *SourceSummary) {
		if res.Status == corpus.PutNew || res.Status == corpus.PutUpdated {
			ss.Newest = later(ss.Newest, d.Published)
		}
		switch {
		case res.Status == corpus.PutNew:
			ss.New++
			s.New++
			if res.Joined {
				s.Duplicates++ // a near-duplicate: kept, and linked to its cluster
			}
		case res.Status == corpus.PutUpdated:
			ss.Updated++
			s.Updated++
		case sameURL:
			s.Unchanged++
		default:
			s.Duplicates++ // the same text is stored under another URL
		}
	})
	c.log.Debug("article", "url", j.url, "status", res.Status, "id", res.ID, "cluster", res.Cluster)
	next.DocID = res.ID
	// The crawl state is written after the document: a kill between the
	// two refetches the page next run, and Put finds it unchanged. An
	// interrupt (SIGINT) does not come between them: the document is
	// stored, so its state is written too.
	c.putState(context.WithoutCancel(ctx), next)
	if c.opts.AfterStore != nil && (res.Status == corpus.PutNew || res.Status == corpus.PutUpdated) {
		if err := c.opts.AfterStore(ctx, d, res); err != nil {
			c.tally.failIn(j.src.Name, "after_store", j.url, err)
		}
	}
}

// fetchFailed counts a failed fetch and records it in the URL's state, so
// that a later run tries again: the next one after a first failure, then
// backing off (see retryWait).
func (c *crawler) fetchFailed(ctx context.Context, j job, prev corpus.CrawlState, err error) {
	if ctx.Err() != nil {
		return // cancelled: not the page's fault, and nothing to record
	}
	if errors.Is(err, ErrDisallowed) {
		c.tally.add(func(s *Summary) { s.Disallowed++ })
		c.log.Debug("disallowed by robots.txt", "url", j.url)
		return
	}
	j.run.spoil()
	now := c.opts.Now()
	next := prev
	next.URL, next.LastError, next.LastFetched, next.Failures = j.url, err.Error(), now, prev.Failures+1
	next.LastStatus, next.NextFetch = 0, now.Add(c.retryWait(j.src, next.Failures))
	if j.kind != kindArticle {
		next.ETag, next.LastModified = "", "" // read it in full when it is back
	}
	var se *StatusError
	if errors.As(err, &se) {
		next.LastStatus = se.Code
	}
	r := reason(err)
	c.log.Warn("fetch failed", "url", j.url, "reason", r, "err", err)
	c.tally.failIn(j.src.Name, r, j.url, err)
	c.putState(ctx, next)
}

// pageFailed counts a page that was fetched but could not be used, and
// records it so it is not fetched again before the re-check interval:
// the same bytes would fail the same way.
func (c *crawler) pageFailed(ctx context.Context, j job, r string, next corpus.CrawlState, err error) {
	if ctx.Err() != nil {
		return // cancelled mid-page: the next run does it again
	}
	j.run.spoil()
	c.log.Warn("page failed", "url", next.URL, "reason", r, "err", err)
	c.tally.failIn(j.src.Name, r, next.URL, err)
	next.LastError = err.Error()
	if j.kind != kindArticle {
		next.ETag, next.LastModified = "", ""
	}
	c.putState(ctx, next)
}

func (c *crawler) putState(ctx context.Context, st corpus.CrawlState) {
	if err := c.st.PutCrawlState(ctx, st); err != nil && ctx.Err() == nil {
		c.tally.fail("store", st.URL, err)
	}
}
