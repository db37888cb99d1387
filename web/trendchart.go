package web

import (
	"fmt"
	"math"
	"strconv"

	"github.com/fednews/fednews/research"
)

// trendChart is an SVG chart of up to five queries per period, laid out on
// the server (the page needs no script): grouped bars on a y-axis with
// ticks, each bar a link that narrows the dates to its period.
type trendChart struct {
	Width, Height, Left, Baseline float64
	Bars                          []trendBar
	YTicks                        []yTick
	XTicks                        []tick
	Summary                       string
}

type trendBar struct {
	X, Y, W, H float64
	Series     int // colour class s0..s4
	Label      string
	URL        string
}

type yTick struct {
	Y    float64
	Text string
}

const (
	trendW, trendH  = 720.0, 240.0
	trendLeft       = 48.0 // room for the y-axis labels
	trendTop        = 12.0
	trendBottom     = 24.0
	trendXTickSpace = 56.0 // least distance between period labels
)

// layoutTrend draws tr's counts, or its shares when share is set; narrow
// gives the link of a bucket.
func layoutTrend(lang string, trend *research.Trend, share bool, narrow func(research.Bucket) string) *trendChart {
	if len(trend.Buckets) == 0 || len(trend.Series) == 0 {
		return nil
	}
	value := func(s research.Series, i int) float64 {
		if share {
			return s.Share[i]
		}
		return float64(s.Counts[i])
	}
	top := 0.0
	for _, s := range trend.Series {
		for i := range trend.Buckets {
			top = math.Max(top, value(s, i))
		}
	}
	step := niceStep(top, share)
	top = math.Max(step, math.Ceil(top/step)*step)
	c := &trendChart{Width: trendW, Height: trendH, Left: trendLeft, Baseline: trendH - trendBottom}
	plotH := c.Baseline - trendTop
	for v := 0.0; v <= top+step/2; v += step {
		c.YTicks = append(c.YTicks, yTick{Y: c.Baseline - plotH*v/top, Text: axisLabel(v, share)})
	}
	slotW := (trendW - trendLeft) / float64(len(trend.Buckets))
	gap := math.Min(slotW*0.2, 6)
	barW := (slotW - gap) / float64(len(trend.Series))
	for i, b := range trend.Buckets {
		x := trendLeft + float64(i)*slotW
		for j, s := range trend.Series {
			v := value(s, i)
			h := plotH * v / top
			label := b.Label + " · " + s.Query + ": " + strconv.Itoa(s.Counts[i])
			if share {
				label += fmt.Sprintf(tr(lang, "chart.share.of"), axisLabel(s.Share[i], true), trend.Scope[i])
			}
			c.Bars = append(c.Bars, trendBar{X: x + gap/2 + float64(j)*barW, Y: c.Baseline - h, W: barW, H: h,
				Series: j, Label: label, URL: narrow(b)})
		}
		if len(c.XTicks) == 0 || x-c.XTicks[len(c.XTicks)-1].X >= trendXTickSpace {
			c.XTicks = append(c.XTicks, tick{X: x + gap/2, Text: b.Label})
		}
	}
	what := tr(lang, "chart.trend.n")
	if share {
		what = tr(lang, "chart.share")
	}
	c.Summary = fmt.Sprintf(tr(lang, "chart.trend.summary"), len(trend.Series), what, tr(lang, "by."+trend.By),
		trend.Buckets[0].Label, trend.Buckets[len(trend.Buckets)-1].Label)
	return c
}

// niceStep is a tick step of 1, 2 or 5 times a power of ten that puts
// about four ticks under top (for shares, at least 1%).
func niceStep(top float64, share bool) float64 {
	if top <= 0 {
		if share {
			return 0.25
		}
		return 1
	}
	raw := top / 4
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	step := 10 * p
	for _, m := range []float64{1, 2, 5} {
		if m*p >= raw {
			step = m * p
			break
		}
	}
	if share {
		return math.Max(step, 0.01)
	}
	return math.Max(step, 1)
}

func axisLabel(v float64, share bool) string {
	if share {
		return strconv.FormatFloat(math.Round(1000*v)/10, 'f', -1, 64) + "%"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}
