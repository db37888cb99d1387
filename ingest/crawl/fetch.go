package crawl

import (
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"math/rand/v2"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/temoto/robotstxt"
	"golang.org/x/time/rate"
)

// Errors a fetch can end with, besides network errors and *StatusError.
var (
	ErrDisallowed       = errors.New("disallowed by robots.txt")
	ErrRobots           = errors.New("robots.txt unavailable (server error): host skipped this run")
	ErrHostNotFound     = errors.New("host not found (is the host name in the source's URLs right?): host skipped this run")
	ErrTooLarge         = errors.New("body exceeds max_body")
	ErrRedirects        = errors.New("too many redirects")
	ErrNotHTML          = errors.New("not an HTML page")
	ErrBadEncoding      = errors.New("unsupported Content-Encoding")
	errNoLocation       = errors.New("redirect without Location")
	errRetriesExhausted = errors.New("retries exhausted")
)

// StatusError is a response status the fetcher does not accept.
type StatusError struct{ Code int }

func (e *StatusError) Error() string {
	return fmt.Sprintf("HTTP %d %s", e.Code, http.StatusText(e.Code))
}

// Page is a fetched page.
type Page struct {
	URL          string // after redirects
	Status       int    // 200, or 304 when the stored copy is current
	ContentType  string
	ETag         string
	LastModified string
	Body         []byte // nil for 304
}

// Fetcher gets pages politely: it obeys robots.txt (with Crawl-delay), keeps
// to a request rate and a number of requests in flight per host, sends
// conditional requests, and bounds time, size, redirects and retries.
// It is safe for concurrent use.
type Fetcher struct {
	cfg     *Config
	client  *http.Client // dials public addresses only
	private *http.Client // for sources that allow private addresses
	public  *publicDialer
	log     *slog.Logger

	mu      sync.Mutex
	hosts   map[string]*host
	givenUp map[string]int // "source host": requests not sent (breaker)

	requests atomic.Int64 // every attempt, redirect hop and robots.txt

	// deadline bounds one attempt; nil is cfg.Timeout from now. Tests put
	// a deadline there that passes when they say so, not when a clock on a
	// busy machine does.
	deadline func(ctx context.Context, u *url.URL) (context.Context, context.CancelFunc)
}

// host is what the fetcher keeps per scheme://host.
type host struct {
	limiter *rate.Limiter // rate.Inf: no limit
	sem     chan struct{} // requests in flight
	turn    chan struct{} // one waiter at a time on the limiter
	lowerMu sync.Mutex    // makes lower's compare-and-set atomic

	breaker breaker

	robotsOnce sync.Once
	robots     *robotstxt.Group
	robotsErr  error
}

// NewFetcher returns a fetcher for the settings of cfg. A nil logger
// discards logs.
func NewFetcher(cfg *Config, log *slog.Logger) *Fetcher {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	dialer := net.Dialer{Timeout: cfg.Timeout.Duration, KeepAlive: 30 * time.Second}
	public := newPublicDialer(dialer)
	f := &Fetcher{cfg: cfg, log: log, public: public, hosts: map[string]*host{}}
	// Two clients, so that a connection opened to a private address for a
	// source that allows it is never reused for one that does not.
	f.client = f.newClient(public.DialContext)
	f.private = f.newClient(dialer.DialContext)
	return f
}

func (f *Fetcher) newClient(dial func(ctx context.Context, network, addr string) (net.Conn, error)) *http.Client {
	tr := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           dial,
		TLSHandshakeTimeout:   f.cfg.Timeout.Duration,
		ResponseHeaderTimeout: f.cfg.Timeout.Duration,
		MaxIdleConnsPerHost:   f.cfg.Concurrency,
		IdleConnTimeout:       90 * time.Second,
		// We ask for gzip ourselves and decompress under our own size
		// limit: the transport's transparent gzip would hide a bomb.
		DisableCompression: true,
	}
	return &http.Client{
		Transport: tr,
		// Redirects are followed by Fetch itself, so that every hop is
		// checked against the source's scope and robots.txt and waits
		// for the rate limit.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// Requests returns the number of HTTP requests sent so far.
func (f *Fetcher) Requests() int64 { return f.requests.Load() }

// Close releases idle connections.
func (f *Fetcher) Close() {
	f.client.CloseIdleConnections()
	f.private.CloseIdleConnections()
}

// host returns the record of u's host, creating it with the configured
// limits; srcRate (0: none) lowers the host's rate when it is stricter.
func (f *Fetcher) host(u *url.URL, srcRate float64) *host {
	key := u.Scheme + "://" + u.Host
	f.mu.Lock()
	defer f.mu.Unlock()
	h := f.hosts[key]
	if h == nil {
		h = &host{sem: make(chan struct{}, f.cfg.Concurrency), turn: make(chan struct{}, 1),
			limiter: rate.NewLimiter(rate.Inf, 1)}
		h.lower(f.cfg.Rate)
		f.hosts[key] = h
	}
	h.lower(srcRate)
	return h
}

// lower sets the host's rate to r (requests per second; 0 means none) when
// r is stricter than the current one.
func (h *host) lower(r float64) {
	h.lowerMu.Lock()
	defer h.lowerMu.Unlock()
	if r > 0 && rate.Limit(r) < h.limiter.Limit() {
		h.limiter.SetLimit(rate.Limit(r))
	}
}

// Request is what to fetch.
type Request struct {
	URL string
	// ETag and LastModified, from the stored crawl state, make the request
	// conditional: an unchanged page answers 304 with no body.
	ETag, LastModified string
	// Rate is the source's own rate limit (0: none).
	Rate float64
	// Form, when set, is sent as an url-encoded POST body (a Hanweb data
	// proxy); the request is a GET otherwise.
	Form string
	// List accepts XML too (feeds, sitemaps, data proxies): a list page.
	List bool
	// UserAgent, when set, replaces the configured one (a source's own).
	UserAgent string
	// Source, when set, bounds where the request may go: redirects stay
	// within its hosts and patterns, and private addresses are dialed only
	// if it allows them. A request without a source never reaches one.
	Source *Source

	anyType bool // accept any Content-Type (robots.txt)
}

// Fetch gets one page, following redirects. A 304 is a Page with Status
// 304 and no body; other statuses than 200 and 304 are *StatusError.
func (f *Fetcher) Fetch(ctx context.Context, req Request) (*Page, error) {
	u, err := url.Parse(req.URL)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", req.URL, err)
	}
	for hop := 0; ; hop++ {
		if u.Scheme != "http" && u.Scheme != "https" {
			return nil, fmt.Errorf("fetch %s: unsupported scheme %q", u, u.Scheme)
		}
		h := f.host(u, req.Rate)
		if h.breaker.givenUp.Load() {
			f.giveUp(req.Source, u.Host)
			return nil, fmt.Errorf("fetch %s: %w", u, ErrHostGivenUp)
		}
		if err := f.allowed(ctx, h, u, req.Source); err != nil {
			return nil, fmt.Errorf("fetch %s: %w", u, err)
		}
		page, next, err := f.fetchRetrying(ctx, h, u, req)
		if f.record(ctx, h, err) {
			f.log.Warn("host given up for this run", "host", u.Host, "consecutive_failures", f.cfg.MaxHostFailures, "last_err", err)
		}
		if err != nil {
			return nil, fmt.Errorf("fetch %s: %w", u, err)
		}
		if next == nil {
			return page, nil
		}
		if hop >= f.cfg.MaxRedirects {
			return nil, fmt.Errorf("fetch %s: %w (stopped after %d)", req.URL, ErrRedirects, hop)
		}
		if req.Source != nil {
			if err := req.Source.mayRedirect(next); err != nil {
				return nil, fmt.Errorf("fetch %s: redirected to %s: %w", req.URL, next, err)
			}
		}
		u = next
		canonicalize(u)
		// Validators belong to the URL asked for, not to where it moved.
		req.ETag, req.LastModified = "", ""
	}
}

// fetchRetrying makes one request, again after a backoff on a 5xx status
// or a network error, up to cfg.Retries more times. A redirect returns the
// URL to go to next.
func (f *Fetcher) fetchRetrying(ctx context.Context, h *host, u *url.URL, req Request) (*Page, *url.URL, error) {
	var lastErr error
	for attempt := 0; attempt <= f.cfg.Retries; attempt++ {
		if attempt > 0 {
			wait := f.backoff(attempt, lastErr)
			f.log.Debug("retry", "url", u.String(), "attempt", attempt, "wait", wait, "err", lastErr)
			select {
			case <-ctx.Done():
				return nil, nil, ctx.Err()
			case <-time.After(wait):
			}
		}
		page, next, err := f.fetchOnce(ctx, h, u, req)
		if err == nil || !retryable(ctx, err) {
			return page, next, err
		}
		var ra retryAfterError
		if errors.As(err, &ra) && ra.after > f.cfg.MaxRetryAfter.Duration {
			return nil, nil, fmt.Errorf("%w (%s asked, %s allowed): %w", ErrRetryAfterTooLong, ra.after, f.cfg.MaxRetryAfter.Duration, err)
		}
		lastErr = err
	}
	return nil, nil, fmt.Errorf("%w after %d attempts: %w", errRetriesExhausted, f.cfg.Retries+1, lastErr)
}

// retryAfterError is a 503 or 429 with a Retry-After the server asked for.
type retryAfterError struct {
	*StatusError
	after time.Duration
}

func (e retryAfterError) Unwrap() error { return e.StatusError }

// backoff is the wait before retry number attempt: doubling from
// cfg.Backoff with some jitter, or the server's Retry-After when it asks
// for longer (fetchRetrying does not wait for one over max_retry_after,
// so a server cannot park a worker).
func (f *Fetcher) backoff(attempt int, err error) time.Duration {
	d := time.Duration(float64(f.cfg.Backoff.Duration) * math.Pow(2, float64(attempt-1)))
	d += time.Duration(rand.Int64N(int64(d)/4 + 1))
	var ra retryAfterError
	if errors.As(err, &ra) && ra.after > d {
		d = ra.after
	}
	return d
}

// retryable says whether err may go away by trying again: server errors,
// rate limiting, timeouts and broken connections; not a cancelled run,
// not a 4xx, not a page that is too large.
func retryable(ctx context.Context, err error) bool {
	if ctx.Err() != nil {
		return false
	}
	var se *StatusError
	if errors.As(err, &se) {
		return se.Code >= 500 || se.Code == http.StatusTooManyRequests
	}
	return !errors.Is(err, ErrTooLarge) && !errors.Is(err, ErrNotHTML) && !errors.Is(err, ErrBadEncoding) &&
		!errors.Is(err, errNoLocation) && !hostNotFound(err) && !errors.Is(err, ErrPrivateAddress)
}

// fetchOnce makes one request within the host's limits.
func (f *Fetcher) fetchOnce(ctx context.Context, h *host, u *url.URL, req Request) (*Page, *url.URL, error) {
	release, err := h.acquire(ctx)
	if err != nil {
		return nil, nil, err
	}
	defer release()
	var cancel context.CancelFunc
	if f.deadline != nil {
		ctx, cancel = f.deadline(ctx, u)
	} else {
		ctx, cancel = context.WithTimeout(ctx, f.cfg.Timeout.Duration)
	}
	defer cancel()
	method, body := http.MethodGet, io.Reader(nil)
	if req.Form != "" {
		method, body = http.MethodPost, strings.NewReader(req.Form)
	}
	hreq, err := http.NewRequestWithContext(ctx, method, u.String(), body)
	if err != nil {
		return nil, nil, err
	}
	if req.Form != "" {
		hreq.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	hreq.Header.Set("User-Agent", pick(req.UserAgent, f.cfg.UserAgent))
	if req.List {
		hreq.Header.Set("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.5")
	} else {
		hreq.Header.Set("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5")
	}
	hreq.Header.Set("Accept-Encoding", "gzip")
	if req.ETag != "" {
		hreq.Header.Set("If-None-Match", req.ETag)
	}
	if req.LastModified != "" {
		hreq.Header.Set("If-Modified-Since", req.LastModified)
	}
	f.requests.Add(1)
	client := f.client
	if mayDialPrivate(req.Source, u) {
		client = f.private
	}
	resp, err := client.Do(hreq)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	page := &Page{
		URL:          u.String(),
		Status:       resp.StatusCode,
		ContentType:  resp.Header.Get("Content-Type"),
		ETag:         resp.Header.Get("ETag"),
		LastModified: resp.Header.Get("Last-Modified"),
	}
	switch {
	case resp.StatusCode == http.StatusNotModified:
		return page, nil, nil
	case resp.StatusCode >= 300 && resp.StatusCode < 400 && resp.StatusCode != http.StatusMultipleChoices:
		loc, err := resp.Location()
		if err != nil {
			return nil, nil, errNoLocation
		}
		return nil, loc, nil
	case resp.StatusCode != http.StatusOK:
		se := &StatusError{Code: resp.StatusCode}
		if s := resp.Header.Get("Retry-After"); s != "" {
			if secs, err := strconv.Atoi(s); err == nil && secs > 0 {
				return nil, nil, retryAfterError{se, time.Duration(secs) * time.Second}
			}
		}
		return nil, nil, se
	}
	if !req.anyType && !isHTML(page.ContentType) && !(req.List && isXML(page.ContentType)) {
		return nil, nil, fmt.Errorf("%w: %s", ErrNotHTML, page.ContentType)
	}
	if req.anyType { // robots.txt: RFC 9309 asks for at least 500 KiB to be parsed, and no more is needed
		page.Body, err = readPrefix(resp, maxRobotsBytes)
	} else {
		page.Body, err = readBody(resp, f.cfg.MaxBody)
	}
	if err != nil {
		return nil, nil, err
	}
	return page, nil, nil
}

// acquire takes one of the host's request slots and waits for its rate
// limit; release gives the slot back.
func (h *host) acquire(ctx context.Context) (release func(), err error) {
	select {
	case h.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if err := h.wait(ctx); err != nil {
		<-h.sem
		return nil, err
	}
	return func() { <-h.sem }, nil
}

// wait waits for the host's rate limit. Waiters take turns, each reserving
// its slot when the one before it has gone: reserved slots held by several
// sleeping waiters would all fire at once after the process was paused (a
// busy machine, a suspended laptop), a burst the host never agreed to.
func (h *host) wait(ctx context.Context) error {
	select {
	case h.turn <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-h.turn }()
	return h.limiter.Wait(ctx)
}

// isHTML accepts HTML, and pages that do not say what they are (old county
// sites often send no Content-Type, or text/plain).
func isHTML(contentType string) bool {
	if contentType == "" {
		return true
	}
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return true // a garbled header: let the decoder look at the bytes
	}
	switch mt {
	case "text/html", "application/xhtml+xml", "text/plain", "application/octet-stream":
		return true
	}
	return false
}

// hostNotFound says whether err is a DNS answer that the name does not
// exist: not a server error, and not worth a retry.
func hostNotFound(err error) bool {
	var de *net.DNSError
	return errors.As(err, &de) && de.IsNotFound
}

// isXML accepts the types feeds, sitemaps and data proxies are served as.
func isXML(contentType string) bool {
	mt, _, _ := mime.ParseMediaType(contentType)
	return mt == "text/xml" || mt == "application/xml" || strings.HasSuffix(mt, "+xml")
}

// maxRobotsBytes is how much of a robots.txt is read and parsed: the
// minimum RFC 9309 (§2.5) asks crawlers to parse. A larger file is cut
// there rather than failed, which would skip the whole host.
const maxRobotsBytes = 500 << 10

// readPrefix reads the first max bytes of the body (after gzip
// decompression) and drops the rest.
func readPrefix(resp *http.Response, max int64) ([]byte, error) {
	r, closeFn, err := decodedBody(resp)
	if err != nil {
		return nil, err
	}
	defer closeFn()
	body, err := io.ReadAll(io.LimitReader(r, max))
	if err != nil {
		return nil, fmt.Errorf("read body: %w", err)
	}
	return body, nil
}

// decodedBody is the body with its Content-Encoding undone.
func decodedBody(resp *http.Response) (io.Reader, func(), error) {
	switch strings.ToLower(strings.TrimSpace(resp.Header.Get("Content-Encoding"))) {
	case "", "identity":
		return resp.Body, func() {}, nil
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(resp.Body)
		if err != nil {
			return nil, nil, fmt.Errorf("gzip: %w", err)
		}
		return zr, func() { zr.Close() }, nil
	}
	return nil, nil, fmt.Errorf("%w %q", ErrBadEncoding, resp.Header.Get("Content-Encoding"))
}

// readBody reads at most max bytes of the body, after gzip decompression.
// A Content-Length over the limit fails before reading anything; a body
// that inflates past it (a gzip bomb) stops at max+1 bytes.
func readBody(resp *http.Response, max int64) ([]byte, error) {
	r, closeFn, err := decodedBody(resp)
	if err != nil {
		return nil, err
	}
	defer closeFn()
	if r == resp.Body && resp.ContentLength > max {
		return nil, fmt.Errorf("%w (%d bytes > %d)", ErrTooLarge, resp.ContentLength, max)
	}
	body, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, fmt.Errorf("read body: %w", err)
	}
	if int64(len(body)) > max {
		return nil, fmt.Errorf("%w (more than %d bytes)", ErrTooLarge, max)
	}
	return body, nil
}

// allowed checks u against its host's robots.txt, fetching that once per
// run; a Crawl-delay lowers the host's rate.
func (f *Fetcher) allowed(ctx context.Context, h *host, u *url.URL, src *Source) error {
	h.robotsOnce.Do(func() { h.robots, h.robotsErr = f.fetchRobots(ctx, h, u, src) })
	if h.robotsErr != nil {
		return h.robotsErr
	}
	p := u.EscapedPath()
	if p == "" {
		p = "/"
	}
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	if !h.robots.Test(p) {
		return ErrDisallowed
	}
	return nil
}

// fetchRobots gets the host's robots.txt and picks the group for our user
// agent. Missing (4xx) means everything is allowed; a server error means
// nothing is, for this run (RFC 9309).
func (f *Fetcher) fetchRobots(ctx context.Context, h *host, u *url.URL, src *Source) (*robotstxt.Group, error) {
	ru := &url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/robots.txt"}
	status, body := http.StatusNotFound, []byte(nil)
	var err error
	for hop := 0; ; hop++ {
		var page *Page
		var next *url.URL
		page, next, err = f.fetchRetrying(ctx, h, ru, Request{anyType: true, Source: src})
		var se *StatusError
		switch {
		case err == nil && next != nil && hop < f.cfg.MaxRedirects && next.Host == u.Host:
			ru = next
			continue
		case err == nil && page != nil:
			status, body = page.Status, page.Body
		case errors.As(err, &se):
			status = se.Code
		case err != nil && ctx.Err() != nil:
			return nil, ctx.Err()
		case err != nil && hostNotFound(err):
			return nil, fmt.Errorf("%w: %s", ErrHostNotFound, u.Hostname())
		case errors.Is(err, ErrPrivateAddress):
			return nil, err // the page would be refused too: say why
		case err != nil:
			// An unreachable robots.txt is a full disallow (RFC 9309 §2.3.1.4).
			f.log.Warn("robots.txt unreachable", "host", u.Host, "err", err)
			return nil, fmt.Errorf("%w: %w", ErrRobots, err)
		}
		break
	}
	if status >= 500 {
		return nil, fmt.Errorf("%w: HTTP %d", ErrRobots, status)
	}
	data, err := robotstxt.FromStatusAndBytes(status, body)
	if err != nil {
		f.log.Warn("robots.txt unreadable: treated as allowing everything", "host", u.Host, "err", err)
		data, _ = robotstxt.FromStatusAndBytes(http.StatusNotFound, nil)
	}
	g := data.FindGroup(f.cfg.UserAgent)
	if g.CrawlDelay > 0 {
		d := min(g.CrawlDelay, f.cfg.MaxCrawlDelay.Duration)
		h.lower(1 / d.Seconds())
		f.log.Info("robots.txt Crawl-delay", "host", u.Host, "delay", d)
	}
	return g, nil
}
