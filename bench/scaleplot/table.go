package main

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
)

// writeTable writes one row per corpus size and engine; sizes in want that
// have no results get one row saying so and how to produce them.
func writeTable(w io.Writer, sizes []size, want []int) error {
	broad, short := "the broad phrase", "the 2-character phrase"
	if len(sizes) > 0 {
		broad, short = sizes[0].broad, sizes[0].short
	}
	var b strings.Builder
	fmt.Fprintf(&b, "| documents | engine | import (peers: load) docs/s | import CPU-ms/doc | index docs/s | index CPU-ms/doc | ms/doc to searchable | MB per 1k docs | p95 %s ms | p95 %s + 4 facets ms | p95 %s ms | commit (run) | load (1 min, start → end) |\n", broad, broad, short)
	b.WriteString("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|\n")
	have := map[int]size{}
	rows := slices.Clone(want)
	for _, s := range sizes {
		have[s.docs] = s
		rows = append(rows, s.docs)
	}
	slices.Sort(rows)
	for _, n := range slices.Compact(rows) {
		s, ok := have[n]
		if !ok {
			fmt.Fprintf(&b, "| %s | all | not run: `make bench-large SIZES=%d` | | | | | | | | | | |\n", thousands(n), n)
			continue
		}
		for _, e := range s.engines {
			index, indexCPU := num(e.indexRate), num(e.indexCPUms)
			if e.indexRate == 0 {
				index, indexCPU = "(in the load)", "(in the load)"
			}
			mb := num(e.mbPer1k)
			if e.storeMBPer1k >= 0 {
				mb = fmt.Sprintf("%s index + %s store", num(e.mbPer1k), num(e.storeMBPer1k))
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s (%s) | %s → %s |\n",
				thousands(n), e.name, num(e.importRate), num(e.importCPUms), index, indexCPU, num(e.msPerDoc()), mb,
				num(e.broadP95), num(e.facetsP95), num(e.shortP95), s.run.Commit, s.run.Date,
				firstField(s.run.LoadStart), firstField(s.run.LoadEnd))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// num prints a measurement with three significant digits or so; a negative
// one was not measured.
func num(v float64) string {
	switch {
	case v < 0 || math.IsNaN(v) || math.IsInf(v, 0):
		return "–"
	case v >= 99.95: // what would round up to 100.0 prints as 100
		return thousands(int(math.Round(v)))
	case v >= 9.995:
		return strconv.FormatFloat(v, 'f', 1, 64)
	case v >= 0.9995:
		return strconv.FormatFloat(v, 'f', 2, 64)
	default:
		return strconv.FormatFloat(v, 'f', 3, 64)
	}
}

func thousands(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func firstField(s string) string {
	if f := strings.Fields(s); len(f) > 0 {
		return f[0]
	}
	return "?"
}
