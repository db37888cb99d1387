package crawl

import (
	"context"
	"time"
)

// runsLooked is how many earlier run records are read for a source's last
// new article: a source absent from all of them counts as new.
const runsLooked = 400

// carryForward completes the per-source counts of a run from the run
// records before it: every configured source gets an entry, Newest and
// LastNew carry over from the last record that has the source, and a
// source whose last new article is older than stale_after is marked
// Stale. A store that cannot list its runs leaves the counts as they are.
func (c *crawler) carryForward(ctx context.Context, sum *Summary, now time.Time) {
	runs, err := c.st.Runs(ctx, runsLooked)
	if err != nil {
		c.log.Warn("run records unreadable: no staleness check", "err", err)
	}
	for _, src := range c.cfg.Sources {
		ss := sum.source(src.Name)
		var before *SourceSummary
		for _, r := range runs {
			if r.ID == sum.RunID {
				continue
			}
			if p, ok := ParseSourceCounts(r.Counts)[src.Name]; ok {
				before = p
				break
			}
		}
		switch {
		case ss.New > 0:
			ss.LastNew = now
		case before != nil && !before.LastNew.IsZero():
			ss.LastNew = before.LastNew
		default:
			ss.LastNew = now // first seen: the clock starts now
		}
		if before != nil {
			ss.Newest = later(ss.Newest, before.Newest)
		}
		if stale := c.cfg.StaleAfter.Duration; stale > 0 && now.Sub(ss.LastNew) > stale {
			ss.Stale = true
			c.log.Warn("source brought no new article for a long time: has the site changed?", "source", src.Name,
				"last_new", ss.LastNew.Format("2006-01-02"))
		}
	}
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
