package main

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strconv"
)

// panel is one chart: a measure of every engine against corpus size.
type panel struct {
	title string
	value func(engine) float64
}

func panels(s size) []panel {
	return []panel{
		{"wall ms per document: import + index (peers: load)", engine.msPerDoc},
		{"p95 ms, " + s.broad, func(e engine) float64 { return e.broadP95 }},
		{"p95 ms, " + s.broad + " + 4 facets", func(e engine) float64 { return e.facetsP95 }},
		{"p95 ms, " + s.short + " (2 characters, exact)", func(e engine) float64 { return e.shortP95 }},
	}
}

var engineStyle = map[string]struct{ color, dash string }{
	"fednews":      {"#c0392b", ""},
	"FTS5 trigram": {"#2471a3", "6 3"},
	"pg_trgm":      {"#229954", "2 3"},
}

const (
	panelW, panelH = 420, 300
	padL, padR     = 60, 30
	padT, padB     = 40, 45
	legendH        = 30
)

// writeSVG draws the panels in a 2 × 2 grid, both axes logarithmic, one
// series (a polyline with a circle per size) per engine and panel.
func writeSVG(w io.Writer, sizes []size) error {
	if len(sizes) == 0 {
		return fmt.Errorf("no results to plot: give bench/peers.sh results files")
	}
	ps := panels(sizes[0])
	var b bytes.Buffer
	width, height := 2*panelW, legendH+2*panelH
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="11">`+"\n", width, height, width, height)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="white"/>`+"\n", width, height)
	x := 10.0
	for _, name := range engineNames {
		st := engineStyle[name]
		fmt.Fprintf(&b, `<line x1="%.0f" y1="15" x2="%.0f" y2="15" stroke="%s" stroke-width="2" stroke-dasharray="%s"/>`, x, x+25, st.color, st.dash)
		fmt.Fprintf(&b, `<text x="%.0f" y="19">%s</text>`+"\n", x+30, esc(name))
		x += 140
	}
	fmt.Fprintf(&b, `<text x="%.0f" y="19">commit %s; both axes logarithmic</text>`+"\n", x, esc(sizes[len(sizes)-1].run.Commit))
	xlo, xhi := decades(docsOf(sizes))
	for i, p := range ps {
		ox, oy := float64(i%2*panelW), float64(legendH+i/2*panelH)
		var vals []float64
		for _, s := range sizes {
			for _, e := range s.engines {
				vals = append(vals, p.value(e))
			}
		}
		ylo, yhi := decades(vals)
		px := func(v float64) float64 {
			return ox + padL + (math.Log10(v)-xlo)/(xhi-xlo)*(panelW-padL-padR)
		}
		py := func(v float64) float64 {
			return oy + panelH - padB - (math.Log10(v)-ylo)/(yhi-ylo)*(panelH-padT-padB)
		}
		fmt.Fprintf(&b, `<g class="panel" data-title="%s">`+"\n", esc(p.title))
		fmt.Fprintf(&b, `<text x="%.0f" y="%.0f" font-weight="bold">%s</text>`+"\n", ox+10, oy+20, esc(p.title))
		fmt.Fprintf(&b, `<rect x="%.0f" y="%.0f" width="%d" height="%d" fill="none" stroke="#888"/>`+"\n",
			ox+padL, oy+padT, panelW-padL-padR, panelH-padT-padB)
		for d := xlo; d <= xhi; d++ {
			v := math.Pow(10, d)
			fmt.Fprintf(&b, `<line x1="%.1f" y1="%.0f" x2="%.1f" y2="%.0f" stroke="#ddd"/><text x="%.1f" y="%.0f" text-anchor="middle">%s</text>`+"\n",
				px(v), oy+padT, px(v), oy+panelH-padB, px(v), oy+panelH-padB+15, docsLabel(v))
		}
		for d := ylo; d <= yhi; d++ {
			v := math.Pow(10, d)
			fmt.Fprintf(&b, `<line x1="%.0f" y1="%.1f" x2="%.0f" y2="%.1f" stroke="#ddd"/><text x="%.0f" y="%.1f" text-anchor="end">%s</text>`+"\n",
				ox+padL, py(v), ox+panelW-padR, py(v), ox+padL-5, py(v)+4, strconv.FormatFloat(v, 'g', -1, 64))
		}
		fmt.Fprintf(&b, `<text x="%.0f" y="%.0f" text-anchor="middle">documents</text>`+"\n", ox+(panelW+padL-padR)/2, oy+panelH-padB+32)
		for ei, name := range engineNames {
			st := engineStyle[name]
			fmt.Fprintf(&b, `<g class="series" data-engine="%s">`, esc(name))
			var pts []byte
			for _, s := range sizes {
				if v := p.value(s.engines[ei]); v > 0 {
					pts = fmt.Appendf(pts, "%.1f,%.1f ", px(float64(s.docs)), py(v))
				}
			}
			fmt.Fprintf(&b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2" stroke-dasharray="%s"/>`, bytes.TrimSpace(pts), st.color, st.dash)
			for _, s := range sizes {
				if v := p.value(s.engines[ei]); v > 0 {
					fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="3" fill="%s"><title>%s, %s documents: %s</title></circle>`,
						px(float64(s.docs)), py(v), st.color, esc(name), thousands(s.docs), num(v))
				}
			}
			b.WriteString("</g>\n")
		}
		b.WriteString("</g>\n")
	}
	b.WriteString("</svg>\n")
	_, err := w.Write(b.Bytes())
	return err
}

func docsOf(sizes []size) []float64 {
	var xs []float64
	for _, s := range sizes {
		xs = append(xs, float64(s.docs))
	}
	return xs
}

// decades is the range of whole powers of ten that holds every positive
// value, at least one decade wide.
func decades(vals []float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, v := range vals {
		if v > 0 {
			lo, hi = math.Min(lo, math.Floor(math.Log10(v))), math.Max(hi, math.Ceil(math.Log10(v)))
		}
	}
	if math.IsInf(lo, 1) {
		return 0, 1
	}
	if hi <= lo {
		hi = lo + 1
	}
	return lo, hi
}

func docsLabel(v float64) string {
	switch {
	case v >= 1e6:
		return strconv.FormatFloat(v/1e6, 'g', -1, 64) + "M"
	case v >= 1e3:
		return strconv.FormatFloat(v/1e3, 'g', -1, 64) + "k"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

func esc(s string) string {
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(s)) // a bytes.Buffer does not fail
	return b.String()
}
