package web

import (
	"fmt"
	"math"
	"strconv"

	"github.com/fednews/fednews/research"
)

// FigureMeasures are the values of the explorer's measure parameter: what
// its chart draws per year, the sum of the figures' values or their mean
// (one chamber's member count reported by several articles in a year).
var FigureMeasures = []string{"sum", "mean"}

// layoutFigures draws the table's figures per year (every row kept, each
// figure once: one county's or organization's series when the request
// kept one row) as bars on a y-axis; the bars link nowhere.
func layoutFigures(lang string, t *research.FigureTable, measure string) *trendChart {
	if len(t.Years) == 0 {
		return nil
	}
	value := func(c research.Cell) float64 {
		if measure == "mean" && c.Count > 0 {
			return c.Sum / float64(c.Count)
		}
		return c.Sum
	}
	top := 0.0
	for _, c := range t.ByYear {
		top = math.Max(top, value(c))
	}
	step := niceStep(top, false)
	top = math.Max(step, math.Ceil(top/step)*step)
	c := &trendChart{Width: trendW, Height: trendH, Left: trendLeft, Baseline: trendH - trendBottom}
	plotH := c.Baseline - trendTop
	for v := 0.0; v <= top+step/2; v += step {
		c.YTicks = append(c.YTicks, yTick{Y: c.Baseline - plotH*v/top, Text: shortNumber(v)})
	}
	slotW := (trendW - trendLeft) / float64(len(t.Years))
	gap := math.Min(slotW*0.2, 6)
	for i, y := range t.Years {
		x := trendLeft + float64(i)*slotW
		v := value(t.ByYear[i])
		h := plotH * v / top
		label := fmt.Sprintf(tr(lang, "chart.fig.bar"), y, tr(lang, "chart.m."+measure), strconv.FormatFloat(v, 'f', -1, 64), t.ByYear[i].Count)
		c.Bars = append(c.Bars, trendBar{X: x + gap/2, Y: c.Baseline - h, W: slotW - gap, H: h, Label: label})
		if len(c.XTicks) == 0 || x-c.XTicks[len(c.XTicks)-1].X >= trendXTickSpace {
			c.XTicks = append(c.XTicks, tick{X: x + gap/2, Text: y})
		}
	}
	what := tr(lang, "chart.values."+measure)
	if t.Row != "" {
		what = fmt.Sprintf(tr(lang, "chart.of.row"), what, t.Row)
	}
	c.Summary = fmt.Sprintf(tr(lang, "chart.fig.summary"), what, t.Years[0], t.Years[len(t.Years)-1])
	return c
}

// shortNumber writes an axis value with 万 and 亿 (10⁴, 10⁸) as Chinese
// figures are read, so that money in yuan keeps a narrow axis.
func shortNumber(v float64) string {
	for _, u := range []struct {
		div  float64
		name string
	}{{1e8, "亿"}, {1e4, "万"}} {
		if math.Abs(v) >= u.div {
			return strconv.FormatFloat(math.Round(v/u.div*100)/100, 'f', -1, 64) + u.name
		}
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}
