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
)

// Summary is what one run did. It is printed at the end of `fednews
// ingest` and stored as the run record.
type Summary struct {
	RunID    int64
	Started  time.Time
	Finished time.Time

	Fetched     int // pages downloaded with a body (lists and articles)
	NotModified int // conditional requests answered 304: no body, no work
	Skipped     int // stored articles not due for a re-check: not requested
	Disallowed  int // links robots.txt keeps us from
	New         int // documents stored for the first time
	Updated     int // stored documents whose text changed
	Unchanged   int // articles fetched again with the same text
	Duplicates  int // new documents that copy (exact or near) one already stored
	Imported    int // documents from the import folders (also counted in New/Updated)
	NotArticles int // pages fetched as articles that are lists of links (ingest.ErrNotArticle)

	// Failed counts failures by reason (http_404, http_5xx, timeout,
	// too_large, redirects, network, robots, not_html, decode, extract,
	// store, import); Errors holds the first ones in full.
	Failed map[string]int
	Errors []string
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
		"duplicates": s.Duplicates, "imported": s.Imported, "not_article": s.NotArticles, "failed": s.FailedTotal(),
	}
	for k, v := range s.Failed {
		c["failed_"+k] = v
	}
	return c
}

// Print writes the summary for a person.
func (s *Summary) Print(w io.Writer) {
	fmt.Fprintf(w, "ingest run %d: %s\n", s.RunID, s.Finished.Sub(s.Started).Round(time.Millisecond))
	fmt.Fprintf(w, "  fetched %d, not modified %d, skipped (fresh) %d, disallowed by robots.txt %d\n",
		s.Fetched, s.NotModified, s.Skipped, s.Disallowed)
	fmt.Fprintf(w, "  new %d, updated %d, unchanged %d, duplicates %d, imported %d, not an article %d\n",
		s.New, s.Updated, s.Unchanged, s.Duplicates, s.Imported, s.NotArticles)
	fmt.Fprintf(w, "  failed %d", s.FailedTotal())
	if len(s.Failed) > 0 {
		var parts []string
		for _, k := range slices.Sorted(maps.Keys(s.Failed)) {
			parts = append(parts, fmt.Sprintf("%s %d", k, s.Failed[k]))
		}
		fmt.Fprintf(w, " (%s)", strings.Join(parts, ", "))
	}
	fmt.Fprintln(w)
	for _, e := range s.Errors {
		fmt.Fprintln(w, "   ", e)
	}
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

// fail counts one failure of what (a URL or a file) and keeps its message.
func (t *tally) fail(reason, what string, err error) {
	t.add(func(s *Summary) {
		if s.Failed == nil {
			s.Failed = map[string]int{}
		}
		s.Failed[reason]++
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
	return s
}

// reason names the kind of a fetch failure for the summary.
func reason(err error) string {
	var se *StatusError
	var ne net.Error
	switch {
	case errors.As(err, &se) && se.Code >= 500:
		return "http_5xx"
	case errors.As(err, &se):
		return fmt.Sprintf("http_%d", se.Code)
	case errors.Is(err, ErrRobots):
		return "robots"
	case errors.Is(err, ErrTooLarge):
		return "too_large"
	case errors.Is(err, ErrRedirects):
		return "redirects"
	case errors.Is(err, ErrNotHTML):
		return "not_html"
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return "timeout"
	}
	return "network"
}
