package crawl

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"net"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/fednews/fednews/zh"
)

// Summary is what one run did. It is printed at the end of `fednews
// ingest` and stored as the run record.
type Summary struct {
	RunID    int64     `json:"run"`
	Started  time.Time `json:"started"`
	Finished time.Time `json:"finished"`

	Fetched     int `json:"fetched"`      // pages downloaded with a body (lists and articles)
	NotModified int `json:"not_modified"` // conditional requests answered 304: no body, no work
	Skipped     int `json:"skipped"`      // stored articles not due for a re-check: not requested
	Disallowed  int `json:"disallowed"`   // links robots.txt keeps us from
	New         int `json:"new"`          // documents stored for the first time
	Updated     int `json:"updated"`      // stored documents whose text changed
	Unchanged   int `json:"unchanged"`    // articles fetched again with the same text
	Duplicates  int `json:"duplicates"`   // new documents that copy (exact or near) one already stored
	Imported    int `json:"imported"`     // documents from the import folders (also counted in New/Updated)
	TooOld      int `json:"too_old"`      // articles published before their source's since: not stored
	NotArticles int `json:"not_article"`  // pages fetched as articles that are lists of links (ingest.ErrNotArticle)

	// Failed counts failures by reason (http_404, http_5xx, timeout,
	// too_large, redirects, network, host_not_found, robots, not_html,
	// decode, extract, store, import; for list pages list_kind,
	// list_parse, pager_limit, pager_repeat, sitemap_loop); Errors holds
	// the first ones in full.
	Failed map[string]int `json:"failed"`
	Errors []string       `json:"errors"`

	// Sources has the counts of each crawled source, by name.
	Sources map[string]*SourceSummary `json:"sources"`

	// Stopped counts the URLs a bound of the run left for the next one,
	// by bound (max_pages of a source, max_run_pages, max_run_time);
	// GivenUp counts the requests not sent to a host given up after
	// max_host_failures consecutive failures, by "source host".
	Stopped map[string]int `json:"stopped,omitempty"`
	GivenUp map[string]int `json:"given_up,omitempty"`
}

// SourceSummary is what a run did for one source.
type SourceSummary struct {
	Fetched     int            `json:"fetched"`
	NotModified int            `json:"not_modified"`
	New         int            `json:"new"`
	Updated     int            `json:"updated"`
	Failed      map[string]int `json:"failed,omitempty"` // by reason, as Summary.Failed
	// Newest is the latest publication date among the articles stored new
	// or updated, in this run or an earlier one; zero when none had one.
	Newest time.Time `json:"newest,omitzero"`
	// LastNew is when the source last brought a new article (or was first
	// crawled); Stale is set when that is longer ago than stale_after.
	LastNew time.Time `json:"last_new,omitzero"`
	Stale   bool      `json:"stale,omitempty"`
}

// FailedTotal is the number of the source's failures of every reason.
func (s *SourceSummary) FailedTotal() int {
	n := 0
	for _, v := range s.Failed {
		n += v
	}
	return n
}

// WhollyFailed says whether nothing of the source could be fetched: every
// request failed (host unreachable or unknown, robots.txt unavailable,
// every page an error).
func (s *SourceSummary) WhollyFailed() bool {
	return s.FailedTotal() > 0 && s.Fetched+s.NotModified == 0
}

// stop counts n URLs left for the next run by the bound why.
func (s *Summary) stop(why string, n int) {
	if n == 0 {
		return
	}
	if s.Stopped == nil {
		s.Stopped = map[string]int{}
	}
	s.Stopped[why] += n
}

// maxErrors bounds Summary.Errors: a site that is down must not fill the
// run record with ten thousand lines saying so.
const maxErrors = 100

// FailedTotal is the number of failures of every reason.
func (s *Summary) FailedTotal() int {
	n := 0
	for _, v := range s.Failed {
		n += v
	}
	return n
}

// Counts is the summary as the run record's counts.
func (s *Summary) Counts() map[string]int {
	c := map[string]int{
		"fetched": s.Fetched, "not_modified": s.NotModified, "skipped": s.Skipped,
		"disallowed": s.Disallowed, "new": s.New, "updated": s.Updated, "unchanged": s.Unchanged,
		"duplicates": s.Duplicates, "imported": s.Imported, "too_old": s.TooOld, "not_article": s.NotArticles, "failed": s.FailedTotal(),
	}
	for k, v := range s.Failed {
		c["failed_"+k] = v
	}
	// The run record keeps counts as one map of numbers: each source's are
	// under "source/NAME/…", dates as YYYYMMDD (see ParseSourceCounts).
	for name, ss := range s.Sources {
		p := sourceKey + name + "/"
		for _, f := range sourceCountFields {
			c[p+f.name] = *f.of(ss)
		}
		for k, v := range ss.Failed {
			c[p+"failed_"+k] = v
		}
		if !ss.Newest.IsZero() {
			c[p+"newest"] = dateNumber(ss.Newest)
		}
		if !ss.LastNew.IsZero() {
			c[p+"last_new"] = dateNumber(ss.LastNew)
		}
	}
	for k, v := range s.Stopped {
		c["stopped_"+k] = v
	}
	for k, v := range s.GivenUp {
		c["given_up "+k] = v
	}
	return c
}

// sourceCountField is one count of a source in the run record.
type sourceCountField struct {
	name string
	of   func(*SourceSummary) *int
}

var sourceCountFields = []sourceCountField{
	{"fetched", func(s *SourceSummary) *int { return &s.Fetched }},
	{"not_modified", func(s *SourceSummary) *int { return &s.NotModified }},
	{"new", func(s *SourceSummary) *int { return &s.New }},
	{"updated", func(s *SourceSummary) *int { return &s.Updated }},
}

// sourceKey prefixes a source's counts in the run record.
const sourceKey = "source/"

// dateNumber writes a date as the number YYYYMMDD, in China's time.
func dateNumber(t time.Time) int {
	t = t.In(chinaTime)
	return t.Year()*10000 + int(t.Month())*100 + t.Day()
}

var chinaTime = zh.China

// IsSourceCount says whether a key of a run record's counts is one of a
// source's (see Summary.Counts).
func IsSourceCount(key string) bool { return strings.HasPrefix(key, sourceKey) }

// ParseSourceCounts reads the per-source counts back from a run record's
// counts (see Summary.Counts).
func ParseSourceCounts(counts map[string]int) map[string]*SourceSummary {
	out := map[string]*SourceSummary{}
	for k, v := range counts {
		rest, ok := strings.CutPrefix(k, sourceKey)
		if !ok {
			continue
		}
		i := strings.LastIndex(rest, "/")
		if i < 0 {
			continue
		}
		name, field := rest[:i], rest[i+1:]
		ss := out[name]
		if ss == nil {
			ss = &SourceSummary{}
			out[name] = ss
		}
		if i := slices.IndexFunc(sourceCountFields, func(f sourceCountField) bool { return f.name == field }); i >= 0 {
			*sourceCountFields[i].of(ss) = v
			continue
		}
		switch field {
		case "newest":
			ss.Newest = numberDate(v)
		case "last_new":
			ss.LastNew = numberDate(v)
		default:
			if r, ok := strings.CutPrefix(field, "failed_"); ok {
				if ss.Failed == nil {
					ss.Failed = map[string]int{}
				}
				ss.Failed[r] = v
			}
		}
	}
	return out
}

func numberDate(n int) time.Time {
	return time.Date(n/10000, time.Month(n/100%100), n%100, 0, 0, 0, 0, chinaTime)
}

// Print writes the summary for a person.
func (s *Summary) Print(w io.Writer) {
	fmt.Fprintf(w, "ingest run %d: %s\n", s.RunID, s.Finished.Sub(s.Started).Round(time.Millisecond))
	fmt.Fprintf(w, "  fetched %d, not modified %d, skipped (fresh) %d, disallowed by robots.txt %d\n",
		s.Fetched, s.NotModified, s.Skipped, s.Disallowed)
	fmt.Fprintf(w, "  new %d, updated %d, unchanged %d, duplicates %d, imported %d, not an article %d\n",
		s.New, s.Updated, s.Unchanged, s.Duplicates, s.Imported, s.NotArticles)
	if s.TooOld > 0 {
		fmt.Fprintf(w, "  older than since (not stored) %d\n", s.TooOld)
	}
	fmt.Fprintf(w, "  failed %d%s", s.FailedTotal(), failedReasons(s.Failed))
	fmt.Fprintln(w)
	for _, name := range slices.Sorted(maps.Keys(s.Sources)) {
		ss := s.Sources[name]
		fmt.Fprintf(w, "  source %s: fetched %d, not modified %d, new %d, updated %d, failed %d%s",
			name, ss.Fetched, ss.NotModified, ss.New, ss.Updated, ss.FailedTotal(), failedReasons(ss.Failed))
		if !ss.Newest.IsZero() {
			fmt.Fprintf(w, ", newest article %s", ss.Newest.In(chinaTime).Format("2006-01-02"))
		}
		fmt.Fprintln(w)
		if ss.WhollyFailed() {
			fmt.Fprintf(w, "    WARNING: nothing of source %s could be fetched\n", name)
		}
		if ss.Stale {
			fmt.Fprintf(w, "    WARNING: no new article from source %s since %s: has the site changed its layout?\n",
				name, ss.LastNew.In(chinaTime).Format("2006-01-02"))
		}
	}
	for _, k := range slices.Sorted(maps.Keys(s.Stopped)) {
		fmt.Fprintf(w, "  left for the next run by %s: %d URLs\n", k, s.Stopped[k])
	}
	for _, k := range slices.Sorted(maps.Keys(s.GivenUp)) {
		src, host, _ := strings.Cut(k, " ")
		fmt.Fprintf(w, "  source %s: host %s given up after max_host_failures; %d requests not sent\n", src, host, s.GivenUp[k])
	}
	for _, e := range s.Errors {
		fmt.Fprintln(w, "   ", e)
	}
}

// failedReasons writes " (reason n, …)" for a failure map, "" when empty.
func failedReasons(failed map[string]int) string {
	if len(failed) == 0 {
		return ""
	}
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(failed)) {
		parts = append(parts, fmt.Sprintf("%s %d", k, failed[k]))
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

// tally is the summary being built by the workers.
type tally struct {
	mu sync.Mutex
	s  Summary
}

func (t *tally) add(f func(s *Summary)) {
	t.mu.Lock()
	f(&t.s)
	t.mu.Unlock()
}

// addFor updates the summary and the counts of the source name.
func (t *tally) addFor(name string, f func(s *Summary, ss *SourceSummary)) {
	t.add(func(s *Summary) { f(s, s.source(name)) })
}

// source returns the counts of the source name, creating them.
func (s *Summary) source(name string) *SourceSummary {
	if s.Sources == nil {
		s.Sources = map[string]*SourceSummary{}
	}
	ss := s.Sources[name]
	if ss == nil {
		ss = &SourceSummary{}
		s.Sources[name] = ss
	}
	return ss
}

// fail counts one failure of what (a URL or a file) and keeps its message.
func (t *tally) fail(reason, what string, err error) { t.failIn("", reason, what, err) }

// failIn counts a failure of source name ("": of no source).
func (t *tally) failIn(name, reason, what string, err error) {
	t.add(func(s *Summary) {
		if s.Failed == nil {
			s.Failed = map[string]int{}
		}
		s.Failed[reason]++
		if name != "" {
			ss := s.source(name)
			if ss.Failed == nil {
				ss.Failed = map[string]int{}
			}
			ss.Failed[reason]++
		}
		if len(s.Errors) < maxErrors {
			s.Errors = append(s.Errors, fmt.Sprintf("%s: %v", what, err))
		}
	})
}

func (t *tally) snapshot() Summary {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := t.s
	s.Failed = maps.Clone(t.s.Failed)
	s.Errors = slices.Clone(t.s.Errors)
	s.Sources = map[string]*SourceSummary{}
	for name, ss := range t.s.Sources {
		c := *ss
		c.Failed = maps.Clone(ss.Failed)
		s.Sources[name] = &c
	}
	s.Stopped = maps.Clone(t.s.Stopped)
	return s
}

// reason names the kind of a fetch failure for the summary.
func reason(err error) string {
	var se *StatusError
	var ne net.Error
	switch {
	case errors.Is(err, ErrRetryAfterTooLong): // wraps the status
		return "retry_after"
	case errors.As(err, &se) && se.Code >= 500:
		return "http_5xx"
	case errors.As(err, &se):
		return fmt.Sprintf("http_%d", se.Code)
	case errors.Is(err, ErrHostNotFound), hostNotFound(err):
		return "host_not_found"
	case errors.Is(err, ErrRobots):
		return "robots"
	case errors.Is(err, ErrTooLarge):
		return "too_large"
	case errors.Is(err, ErrRedirects):
		return "redirects"
	case errors.Is(err, ErrOffSite):
		return "off_site"
	case errors.Is(err, ErrPrivateAddress):
		return "private_address"
	case errors.Is(err, ErrHostGivenUp):
		return "host_given_up"
	case errors.Is(err, ErrNotHTML):
		return "not_html"
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return "timeout"
	}
	return "network"
}
