package crawl

import (
	"fmt"
	"time"
)

// showProgress redraws one status line on opts.Progress (a terminal) five
// times a second until the returned stop is called. Without a terminal the
// structured log lines are the progress report.
func (c *crawler) showProgress() (stop func()) {
	w := c.opts.Progress
	if w == nil {
		return func() {}
	}
	done := make(chan struct{})
	finished := make(chan struct{})
	draw := func() {
		s := c.tally.snapshot()
		var queued, seen int
		for _, f := range c.fronts {
			q, s := f.size()
			queued, seen = queued+q, seen+s
		}
		fmt.Fprintf(w, "\r\033[Kingest: %d/%d pages · fetched %d · 304 %d · new %d · updated %d · failed %d",
			seen-queued, seen, s.Fetched, s.NotModified, s.New, s.Updated, s.FailedTotal())
	}
	go func() {
		defer close(finished)
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				draw()
				fmt.Fprintln(w)
				return
			case <-t.C:
				draw()
			}
		}
	}()
	return func() { close(done); <-finished }
}
