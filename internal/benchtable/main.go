// Command benchtable reads `go test -bench` output on stdin and prints a
// Markdown table: one row per benchmark, one column per metric it reported
// (ns/op, MB/s, B/op and every custom b.ReportMetric unit), so `make bench`
// ends with numbers that can be pasted into BENCHMARKS.md as they are.
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"
)

type row struct {
	pkg, name string
	metrics   map[string]string
	order     []string
}

func parse(r io.Reader) ([]row, error) {
	var rows []row
	pkg := ""
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if p, ok := strings.CutPrefix(line, "pkg: "); ok {
			pkg = strings.TrimSpace(p)
			continue
		}
		if !strings.HasPrefix(line, "Benchmark") {
			continue
		}
		f := strings.Fields(line)
		// name, iterations, then value/unit pairs
		if len(f) < 4 || len(f)%2 != 0 {
			continue
		}
		rw := row{pkg: pkg, name: f[0], metrics: map[string]string{}}
		for i := 2; i+1 < len(f); i += 2 {
			rw.metrics[f[i+1]] = f[i]
			rw.order = append(rw.order, f[i+1])
		}
		rows = append(rows, rw)
	}
	return rows, sc.Err()
}

func main() {
	rows, err := parse(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchtable:", err)
		os.Exit(1)
	}
	if len(rows) == 0 {
		fmt.Fprintln(os.Stderr, "benchtable: no benchmark lines on stdin")
		os.Exit(1)
	}
	lastPkg := ""
	for _, r := range rows {
		if r.pkg != lastPkg {
			fmt.Printf("\n### %s\n\n| benchmark | metrics |\n|---|---|\n", r.pkg)
			lastPkg = r.pkg
		}
		var parts []string
		for _, u := range r.order {
			parts = append(parts, r.metrics[u]+" "+u)
		}
		fmt.Printf("| %s | %s |\n", r.name, strings.Join(parts, " · "))
	}
}
