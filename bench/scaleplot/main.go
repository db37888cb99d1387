// Command scaleplot reads bench/peers.sh's results of several corpus sizes
// (results-N.json, kept by `make bench-large`) and writes the scale table
// (Markdown: per size and engine, the cost per document, the size and the
// p95 of the phrase queries) and an SVG plot of the same against corpus
// size, for BENCHMARKS.md:
//
//	go run ./bench/scaleplot -md scale.md -svg scale.svg bench/results/results-*.json
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "scaleplot:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout io.Writer) error {
	fl := flag.NewFlagSet("scaleplot", flag.ContinueOnError)
	md := fl.String("md", "", "write the Markdown table to this file (default: stdout)")
	svg := fl.String("svg", "", "write the SVG plot to this file (default: no plot)")
	want := fl.String("want", "10000 100000 1000000", "sizes the table lists, each without results as not run")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if fl.NArg() == 0 {
		return errors.New("give the results files (bench/results/results-N.json from make bench-large)")
	}
	var sizes []int
	for _, f := range strings.Fields(*want) {
		n, err := strconv.Atoi(f)
		if err != nil || n <= 0 {
			return fmt.Errorf("-want %q: want document counts separated by spaces", *want)
		}
		sizes = append(sizes, n)
	}
	results, err := readAll(fl.Args())
	if err != nil {
		return err
	}
	var table bytes.Buffer
	if err := writeTable(&table, results, sizes); err != nil {
		return err
	}
	if *svg != "" {
		var plot bytes.Buffer
		if err := writeSVG(&plot, results); err != nil {
			return err
		}
		if err := os.WriteFile(*svg, plot.Bytes(), 0o644); err != nil {
			return fmt.Errorf("write the plot: %w", err)
		}
	}
	if *md == "" {
		_, err := stdout.Write(table.Bytes())
		return err
	}
	if err := os.WriteFile(*md, table.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write the table: %w", err)
	}
	return nil
}
