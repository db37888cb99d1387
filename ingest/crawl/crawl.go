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
}

// Run crawls every source of cfg and imports its folders into st, and
// records the run. The error is non-nil only when the run could not
// proceed (bad config, store unusable, cancelled); failures of single
// pages and files are counted in the Summary.
func Run(ctx context.Context, cfg *Config, st *corpus.Store, opts Options) (Summary, error) {
	if err := cfg.Validate(); err != nil {
		return Summary{}, fmt.Errorf("sources: %w", err)
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	id, err := st.StartRun(ctx)
	if err != nil {
		return Summary{}, fmt.Errorf("ingest run: %w", err)
	}
	c := &crawler{cfg: cfg, st: st, opts: opts, log: opts.Log, fetch: NewFetcher(cfg, opts.Log)}
	for range cfg.Sources {
		c.fronts = append(c.fronts, newFrontier())
	}
	defer c.fetch.Close()
	c.tally.s = Summary{RunID: id, Started: opts.Now()}
	opts.Log.Info("ingest run started", "run", id, "sources", len(cfg.Sources), "import", len(cfg.Import))

	stopProgress := c.showProgress()
	c.crawl(ctx)
	c.importFolders(ctx)
	stopProgress()

	sum := c.tally.snapshot()
	sum.Finished = opts.Now()
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
	st    *corpus.Store
	opts  Options
	log   *slog.Logger
	fetch *Fetcher
	// fronts holds one frontier per source: sources are crawled side by
	// side, so a slow or strict host does not hold up the others.
	fronts []*frontier
	tally  tally
}

// crawl crawls the sources side by side.
func (c *crawler) crawl(ctx context.Context) {
	var wg sync.WaitGroup
	for i := range c.cfg.Sources {
		wg.Go(func() { c.crawlSource(ctx, &c.cfg.Sources[i], c.fronts[i]) })
	}
	wg.Wait()
}

// crawlSource processes one source's frontier with cfg.Workers workers.
func (c *crawler) crawlSource(ctx context.Context, src *Source, front *frontier) {
	for _, u := range src.Start {
		key, _ := normalizeURL(&url.URL{}, u) // Validate checked the start URLs
		k := src.classify(key)
		if k == kindOther {
			k = kindList
		}
		front.push(job{url: key, kind: k, src: src, front: front})
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
	_, seen := front.size()
	c.log.Info("source crawled", "source", src.Name, "urls", seen)
}

// process fetches one URL and does what its kind asks.
func (c *crawler) process(ctx context.Context, j job) {
	if ctx.Err() != nil {
		return
	}
	now := c.opts.Now()
	var prev corpus.CrawlState
	known := false
	if j.kind == kindArticle {
		var err error
		prev, err = c.st.CrawlState(ctx, j.url)
		switch {
		case err == nil:
			known = true
		case !errors.Is(err, corpus.ErrNotFound):
			if ctx.Err() == nil {
				c.tally.fail("store", j.url, err)
			}
			return
		}
		if known && now.Before(prev.NextFetch) {
			c.tally.add(func(s *Summary) { s.Skipped++ })
			return
		}
	}
	req := Request{URL: j.url, Rate: j.src.Rate}
	// List pages are always fetched in full: a 304 would tell us nothing
	// about the articles beneath them that a killed run left unfetched.
	if known && prev.DocID != 0 {
		req.ETag, req.LastModified = prev.ETag, prev.LastModified
	}
	page, err := c.fetch.Fetch(ctx, req)
	if err != nil {
		c.fetchFailed(ctx, j, prev, err)
		return
	}
	next := corpus.CrawlState{URL: j.url, LastStatus: page.Status, LastFetched: now,
		NextFetch: now.Add(c.cfg.Recheck.Duration), DocID: prev.DocID, ETag: page.ETag, LastModified: page.LastModified}
	if page.Status == http.StatusNotModified {
		c.tally.add(func(s *Summary) { s.NotModified++ })
		next.ETag, next.LastModified = pick(page.ETag, prev.ETag), pick(page.LastModified, prev.LastModified)
		c.putState(ctx, next)
		return
	}
	c.tally.add(func(s *Summary) { s.Fetched++ })
	text, _, err := ingest.Decode(page.Body, page.ContentType)
	if err != nil {
		c.pageFailed(ctx, "decode", next, err)
		return
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(text))
	if err != nil {
		c.pageFailed(ctx, "decode", next, err)
		return
	}
	if j.depth < j.src.MaxDepth {
		c.follow(j, page.URL, doc)
	}
	if j.kind != kindArticle {
		c.putState(ctx, next)
		return
	}
	c.storeArticle(ctx, j, prev, next, page)
}

func pick(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// follow queues the links of a page that its source wants followed.
func (c *crawler) follow(j job, pageURL string, doc *goquery.Document) {
	base, err := url.Parse(pageURL)
	if err != nil {
		return
	}
	if href, ok := doc.Find("base[href]").Attr("href"); ok {
		if b, err := base.Parse(href); err == nil {
			base = b
		}
	}
	doc.Find("a[href]").Each(func(_ int, a *goquery.Selection) {
		href, _ := a.Attr("href")
		u, ok := normalizeURL(base, href)
		if !ok {
			return
		}
		if k := j.src.classify(u); k != kindOther {
			j.front.push(job{url: u, depth: j.depth + 1, kind: k, src: j.src, front: j.front})
		}
	})
}

// storeArticle extracts the article of a fetched page and stores it.
func (c *crawler) storeArticle(ctx context.Context, j job, prev, next corpus.CrawlState, page *Page) {
	sel := j.src.Selectors
	art, err := ingest.ExtractArticle(page.Body, page.URL, ingest.ExtractOptions{ContentType: page.ContentType,
		Now: next.LastFetched, TitleSelector: sel.Title, DateSelector: sel.Date, BodySelector: sel.Body})
	if err != nil {
		next.DocID = 0
		c.pageFailed(ctx, "extract", next, err)
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
		c.pageFailed(ctx, "store", next, err)
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
	c.tally.add(func(s *Summary) {
		switch {
		case res.Status == corpus.PutNew:
			s.New++
			if res.Joined {
				s.Duplicates++ // a near-duplicate: kept, and linked to its cluster
			}
		case res.Status == corpus.PutUpdated:
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
			c.tally.fail("after_store", j.url, err)
		}
	}
}

// fetchFailed counts a failed fetch and records it in the URL's state, so
// that the next run tries again (server trouble) or waits a re-check
// interval (the page is gone).
func (c *crawler) fetchFailed(ctx context.Context, j job, prev corpus.CrawlState, err error) {
	if ctx.Err() != nil {
		return // cancelled: not the page's fault, and nothing to record
	}
	if errors.Is(err, ErrDisallowed) {
		c.tally.add(func(s *Summary) { s.Disallowed++ })
		c.log.Debug("disallowed by robots.txt", "url", j.url)
		return
	}
	now := c.opts.Now()
	next := prev
	next.URL, next.LastError, next.LastFetched, next.Failures = j.url, err.Error(), now, prev.Failures+1
	next.LastStatus, next.NextFetch = 0, now
	var se *StatusError
	if errors.As(err, &se) {
		next.LastStatus = se.Code
		if se.Code < 500 && se.Code != http.StatusTooManyRequests {
			next.NextFetch = now.Add(c.cfg.Recheck.Duration)
		}
	}
	r := reason(err)
	c.log.Warn("fetch failed", "url", j.url, "reason", r, "err", err)
	c.tally.fail(r, j.url, err)
	c.putState(ctx, next)
}

// pageFailed counts a page that was fetched but could not be used, and
// records it so it is not fetched again before the re-check interval.
func (c *crawler) pageFailed(ctx context.Context, r string, next corpus.CrawlState, err error) {
	if ctx.Err() != nil {
		return // cancelled mid-page: the next run does it again
	}
	c.log.Warn("page failed", "url", next.URL, "reason", r, "err", err)
	c.tally.fail(r, next.URL, err)
	next.LastError = err.Error()
	c.putState(ctx, next)
}

func (c *crawler) putState(ctx context.Context, st corpus.CrawlState) {
	if err := c.st.PutCrawlState(ctx, st); err != nil && ctx.Err() == nil {
		c.tally.fail("store", st.URL, err)
	}
}
