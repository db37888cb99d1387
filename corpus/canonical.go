package corpus

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// The copy that stands for a story (its cluster's ID) is the original, not
// the first one crawled: reposts in Hong Kong or Taiwan papers often
// arrive first, and a collapsed export would then credit them with the
// story and a later date.

// federationSourceMarks and federationHostLabels tell a federation's own
// site, which wins a tie: a source naming a federation of industry and
// commerce (安徽省工商联), or a host with a federation label (acfic.org.cn,
// the gsl of ahgsl.gov.cn).
var (
	federationSourceMarks = []string{"工商联", "工商聯", "工商业联合会", "工商業聯合會"}
	federationHostLabels  = []string{"acfic", "gsl"}
)

// storyCopy is what electing a story's canonical copy reads of each copy.
type storyCopy struct {
	id                 int64
	published, fetched time.Time
	source, url        string
}

// federationSite reports whether the copy comes from a federation's own site.
func (c storyCopy) federationSite() bool {
	for _, m := range federationSourceMarks {
		if strings.Contains(c.source, m) {
			return true
		}
	}
	u, err := url.Parse(c.url)
	if err != nil {
		return false
	}
	for _, label := range strings.Split(strings.ToLower(u.Hostname()), ".") {
		for _, l := range federationHostLabels {
			if strings.HasSuffix(label, l) || strings.HasPrefix(label, l) {
				return true
			}
		}
	}
	return false
}

// standsBefore reports whether a rather than b stands for their story: the
// earlier published (a copy with a date before one without), then the
// federation's own site, then the one fetched first, then the lower ID.
// Published times are compared whole, so on one day the site that gave the
// earlier hour published first.
func standsBefore(a, b storyCopy) bool {
	switch {
	case a.published.IsZero() != b.published.IsZero():
		return !a.published.IsZero()
	case !a.published.Equal(b.published):
		return a.published.Before(b.published)
	case a.federationSite() != b.federationSite():
		return a.federationSite()
	case !a.fetched.Equal(b.fetched):
		return a.fetched.Before(b.fetched)
	}
	return a.id < b.id
}

// electCanonical makes the copy that stands before the others the ID of
// cluster, renumbering its members when that changed; each renumbered
// member other than self (written by the caller with its own sequence)
// gets a new change sequence from seq on, so that the index follows. It
// returns the story's ID.
func electCanonical(ctx context.Context, tx *stmtTx, cluster, self, seq int64) (int64, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, published, fetched_at, source, url FROM documents WHERE cluster = ? ORDER BY id`, cluster)
	if err != nil {
		return 0, fmt.Errorf("elect the original of story %d: %w", cluster, err)
	}
	var copies []storyCopy
	for rows.Next() {
		var c storyCopy
		var published, fetched string
		if err := rows.Scan(&c.id, &published, &fetched, &c.source, &c.url); err != nil {
			rows.Close()
			return 0, fmt.Errorf("elect the original of story %d: %w", cluster, err)
		}
		// A time that does not parse sorts as unknown, after every date.
		c.published, _ = parseTime(published)
		c.fetched, _ = parseTime(fetched)
		copies = append(copies, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("elect the original of story %d: %w", cluster, err)
	}
	if len(copies) == 0 {
		return cluster, nil
	}
	best := copies[0]
	for _, c := range copies[1:] {
		if standsBefore(c, best) {
			best = c
		}
	}
	if best.id == cluster {
		return cluster, nil
	}
	for _, c := range copies {
		var err error
		if c.id == self {
			_, err = tx.ExecContext(ctx, `UPDATE documents SET cluster = ? WHERE id = ?`, best.id, c.id)
		} else {
			_, err = tx.ExecContext(ctx, `UPDATE documents SET cluster = ?, seq = ? WHERE id = ?`, best.id, seq, c.id)
			seq++
		}
		if err != nil {
			return 0, fmt.Errorf("renumber story %d as %d: %w", cluster, best.id, err)
		}
	}
	return best.id, nil
}
