package research

import (
	"context"
	"fmt"
	"github.com/fednews/fednews/zh"
	"slices"
	"strings"
	"time"
)

// Granularities are the values of TrendRequest.By.
var Granularities = []string{"day", "week", "month", "year"}

// MaxTrendQueries is the most queries one trend compares.
const MaxTrendQueries = 5

// maxBuckets bounds the periods of one trend: 10 years of days.
const maxBuckets = 3660

// TrendRequest asks for the attention several queries got over time.
type TrendRequest struct {
	Queries []string // 1..MaxTrendQueries; "" or "*" is every story in scope
	Scope
	By string // one of Granularities; "" is month
}

// Trend is stories per period for each query, beside the stories of the
// whole scope (the filters and dates without the query) in the same
// period: the denominator of the share.
type Trend struct {
	By      string   `json:"by"`
	Buckets []Bucket `json:"buckets"`
	Series  []Series `json:"series"`
	// Scope counts every story in scope per bucket, the query left out.
	Scope []int `json:"scope"`
}

// Bucket is one period, its first and last day inclusive.
type Bucket struct {
	Label string `json:"label"` // 2024-03-05, 2024-W10 (ISO week), 2024-03, 2024
	From  string `json:"from"`  // YYYY-MM-DD
	To    string `json:"to"`    // YYYY-MM-DD, inclusive
}

// Series is one query's stories per bucket.
type Series struct {
	Query  string    `json:"query"`
	Counts []int     `json:"counts"`
	Share  []float64 `json:"share"` // Counts / Trend.Scope, 0 where the scope is empty
	Total  int       `json:"total"` // stories with a date, in the buckets
	// Undated counts the matching stories without a publication date,
	// which no bucket holds.
	Undated int `json:"undated"`
}

// Trend counts the stories of each query per period. Stories are counted
// as search counts them (one per duplicate cluster unless NoCollapse), at
// the publication day of the copy that stands for the story. Buckets run
// from the first to the last period with a matching story, empty periods
// included, so that the bars of several queries line up.
func (e *Engine) Trend(ctx context.Context, req TrendRequest) (*Trend, error) {
	if req.By == "" {
		req.By = "month"
	}
	if !slices.Contains(Granularities, req.By) {
		return nil, badRequest("by %q: want %s", req.By, strings.Join(Granularities, ", "))
	}
	if len(req.Queries) == 0 || len(req.Queries) > MaxTrendQueries {
		return nil, badRequest("%d queries: a trend compares 1 to %d", len(req.Queries), MaxTrendQueries)
	}
	dates, err := e.publishedDates(ctx)
	if err != nil {
		return nil, err
	}
	// Period starts of each query's stories, and of the scope's.
	count := func(q string) (map[time.Time]int, int, error) {
		ids, err := e.ix.IDs(ctx, req.request(q), 0)
		if err != nil {
			return nil, 0, err
		}
		per, undated := map[time.Time]int{}, 0
		start := map[time.Time]time.Time{} // publication time → period: stories share days
		for _, id := range ids {
			t, ok := dates[id]
			if !ok {
				undated++
				continue
			}
			p, ok := start[t]
			if !ok {
				p = periodStart(t, req.By)
				start[t] = p
			}
			per[p]++
		}
		return per, undated, nil
	}
	perQuery := make([]map[time.Time]int, len(req.Queries))
	undated := make([]int, len(req.Queries))
	var first, last time.Time
	for i, q := range req.Queries {
		if perQuery[i], undated[i], err = count(q); err != nil {
			return nil, err
		}
		for p := range perQuery[i] {
			if first.IsZero() || p.Before(first) {
				first = p
			}
			if p.After(last) {
				last = p
			}
		}
	}
	scope, err := e.scopeCounts(req, func() (map[time.Time]int, error) {
		per, _, err := count("*")
		return per, err
	})
	if err != nil {
		return nil, err
	}
	tr := &Trend{By: req.By, Buckets: []Bucket{}, Scope: []int{}}
	var starts []time.Time
	if !first.IsZero() {
		for p := first; !p.After(last); p = nextPeriod(p, req.By) {
			if len(starts) == maxBuckets {
				return nil, badRequest("the stories span more than %d %ss: count by a longer period or narrow the dates", maxBuckets, req.By)
			}
			starts = append(starts, p)
		}
	}
	for _, p := range starts {
		tr.Buckets = append(tr.Buckets, Bucket{Label: periodLabel(p, req.By), From: p.Format(time.DateOnly),
			To: nextPeriod(p, req.By).AddDate(0, 0, -1).Format(time.DateOnly)})
		tr.Scope = append(tr.Scope, scope[p])
	}
	for i, q := range req.Queries {
		s := Series{Query: q, Counts: make([]int, len(starts)), Share: make([]float64, len(starts)), Undated: undated[i]}
		for j, p := range starts {
			s.Counts[j] = perQuery[i][p]
			s.Total += s.Counts[j]
			if tr.Scope[j] > 0 {
				s.Share[j] = float64(s.Counts[j]) / float64(tr.Scope[j])
			}
		}
		tr.Series = append(tr.Series, s)
	}
	return tr, nil
}

// scopeCounts returns the stories in scope per period (the share's
// denominator), counted by count once per scope, granularity and index
// state: every query of a trend, and the next trend of the same scope,
// divide by the same counts.
func (e *Engine) scopeCounts(req TrendRequest, count func() (map[time.Time]int, error)) (map[time.Time]int, error) {
	seq, err := e.ix.Seq()
	if err != nil {
		return nil, err
	}
	key := fmt.Sprintf("%d|%s|%v|%d|%d|%t", seq, req.By, req.Filters, req.From.UnixNano(), req.To.UnixNano(), req.NoCollapse)
	e.scopeMu.Lock()
	defer e.scopeMu.Unlock()
	if v, ok := e.scopeCache[key]; ok {
		return v, nil
	}
	v, err := count()
	if err != nil {
		return nil, err
	}
	if len(e.scopeCache) >= maxScopeCache {
		clear(e.scopeCache)
	}
	e.scopeCache[key] = v
	return v, nil
}

// maxScopeCache bounds the scopes whose counts are kept.
const maxScopeCache = 64

// periodStart is the first day (China time) of the period holding t.
func periodStart(t time.Time, by string) time.Time {
	t = t.In(zh.China)
	y, m, d := t.Date()
	switch by {
	case "day":
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	case "week": // ISO weeks start on Monday
		day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
		return day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
	case "year":
		return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
}

func nextPeriod(p time.Time, by string) time.Time {
	switch by {
	case "day":
		return p.AddDate(0, 0, 1)
	case "week":
		return p.AddDate(0, 0, 7)
	case "year":
		return p.AddDate(1, 0, 0)
	}
	return p.AddDate(0, 1, 0)
}

func periodLabel(p time.Time, by string) string {
	switch by {
	case "day":
		return p.Format(time.DateOnly)
	case "week":
		y, w := p.ISOWeek()
		return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC).Format("2006") + "-W" + twoDigits(w)
	case "year":
		return p.Format("2006")
	}
	return p.Format("2006-01")
}

func twoDigits(n int) string { return string([]byte{byte('0' + n/10), byte('0' + n%10)}) }
