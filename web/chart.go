package web

import (
	"fmt"
	"strconv"
	"time"

	"github.com/fednews/fednews/index"
)

// chart is an SVG bar chart of articles per month, laid out on the server
// so that the page needs no script.
type chart struct {
	Width, Height float64
	Baseline      float64
	Bars          []bar
	Ticks         []tick
	Max           int
	Summary       string // text alternative for screen readers
}

type bar struct {
	X, Y, W, H float64
	Label      string // "2023-03: 5"
}

type tick struct {
	X    float64
	Text string
}

// Chart geometry in SVG user units; the SVG scales to the page width.
const (
	chartW, chartH = 640.0, 160.0
	chartTop       = 16.0 // room for the maximum's label
	chartBottom    = 24.0 // room for year ticks
	chartLeft      = 4.0
	maxMonths      = 240 // longer spans are drawn per year
)

// monthChart lays out counts per month ("2006-01" facet values) from the
// first to the last month with a count, filling empty months with zero. It
// returns nil when there is nothing to draw.
// noun says what the counts count: "stories" or "documents" (every copy);
// the summary is in lang.
func monthChart(lang string, values []index.FacetValue, noun string) *chart {
	counts := map[time.Time]int{}
	var first, last time.Time
	for _, v := range values {
		m, err := time.Parse("2006-01", v.Value)
		if err != nil || v.Count <= 0 {
			continue
		}
		counts[m] += v.Count
		if first.IsZero() || m.Before(first) {
			first = m
		}
		if m.After(last) {
			last = m
		}
	}
	if len(counts) == 0 {
		return nil
	}
	step, format := 1, "2006-01"
	if months(first, last) > maxMonths {
		// Per year: fold the months into January of their year.
		yearly := map[time.Time]int{}
		for m, n := range counts {
			yearly[time.Date(m.Year(), 1, 1, 0, 0, 0, 0, time.UTC)] += n
		}
		counts, step, format = yearly, 12, "2006"
		first = time.Date(first.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	}
	var slots []time.Time
	for m := first; !m.After(last); m = m.AddDate(0, step, 0) {
		slots = append(slots, m)
	}
	c := &chart{Width: chartW, Height: chartH, Baseline: chartH - chartBottom}
	for _, m := range slots {
		c.Max = max(c.Max, counts[m])
	}
	slotW := (chartW - 2*chartLeft) / float64(len(slots))
	gap := min(slotW*0.15, 2)
	plotH := c.Baseline - chartTop
	total := 0
	for i, m := range slots {
		n := counts[m]
		total += n
		h := plotH * float64(n) / float64(c.Max)
		x := chartLeft + float64(i)*slotW
		c.Bars = append(c.Bars, bar{X: x + gap/2, Y: c.Baseline - h, W: slotW - gap, H: h,
			Label: m.Format(format) + ": " + strconv.Itoa(n)})
		// A tick at each year's first slot, thinned so labels do not collide.
		if (step == 12 || m.Month() == time.January || i == 0) && (len(c.Ticks) == 0 || x-c.Ticks[len(c.Ticks)-1].X >= 36) {
			c.Ticks = append(c.Ticks, tick{X: x, Text: strconv.Itoa(m.Year())})
		}
	}
	unit := tr(lang, "chart.month")
	if step == 12 {
		unit = tr(lang, "chart.year")
	}
	c.Summary = fmt.Sprintf(tr(lang, "chart.summary"), total, noun, first.Format(format), last.Format(format), c.Max, unit)
	return c
}

func months(a, b time.Time) int {
	return (b.Year()-a.Year())*12 + int(b.Month()-a.Month()) + 1
}
