package main

import (
	"bytes"
	"encoding/xml"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

var fixtures = []string{"testdata/results-10000.json", "testdata/results-1000.json", "testdata/results-100000.json"}

func TestReadResults(t *testing.T) {
	for _, tc := range []struct {
		path    string
		docs    int
		fednews engine
		fts5    engine
		pg      engine
		err     string
	}{
		{path: "testdata/results-1000.json", docs: 1000,
			fednews: engine{importRate: 200, importCPUms: 4, indexRate: 300, indexCPUms: 2.5, mbPer1k: 11, storeMBPer1k: 10,
				broadP95: 5, facetsP95: 8, shortP95: 2},
			// FTS5's short phrase is its exact instr() scan, pg's the exact count
			fts5: engine{importRate: 4000, importCPUms: 0.2, indexCPUms: -1, mbPer1k: 3.5, storeMBPer1k: -1,
				broadP95: 1.5, facetsP95: 8, shortP95: 3},
			pg: engine{importRate: 900, importCPUms: -1, indexCPUms: -1, mbPer1k: 1.8, storeMBPer1k: -1,
				broadP95: 1.5, facetsP95: 9, shortP95: 1.5}},
		{path: "testdata/bad-nofacets.json", err: "fednews.facets: want one query, have 0"},
		{path: "testdata/bad-nopgshort.json", err: `pg.queries.狮子: no "count"`},
		{path: "testdata/bad-nocommit.json", err: "run: no commit"},
		{path: "testdata/bad-truncated.json", err: "not bench/peers.sh results JSON"},
		{path: "testdata/missing.json", err: "read the bench results"},
	} {
		t.Run(filepath.Base(tc.path), func(t *testing.T) {
			s, err := readResults(tc.path)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err = %v, want one containing %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if s.docs != tc.docs || s.broad != "工商联" || s.short != "狮子" || s.run.Commit != "abc1234" {
				t.Errorf("docs %d broad %q short %q commit %q", s.docs, s.broad, s.short, s.run.Commit)
			}
			for i, want := range []engine{tc.fednews, tc.fts5, tc.pg} {
				want.name = engineNames[i]
				got := s.engines[i]
				got.mbPer1k, got.storeMBPer1k = round3(got.mbPer1k), round3(got.storeMBPer1k)
				if got != want {
					t.Errorf("%s:\n got %+v\nwant %+v", want.name, got, want)
				}
			}
		})
	}
}

func round3(v float64) float64 { return math.Round(v*1000) / 1000 }

func TestMsPerDoc(t *testing.T) {
	for _, tc := range []struct {
		e    engine
		want float64
	}{
		{engine{importRate: 200, indexRate: 500}, 5 + 2}, // import and index, one after the other
		{engine{importRate: 4000}, 0.25},                 // a peer's load builds its index
	} {
		if got := tc.e.msPerDoc(); math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("%+v: %v, want %v", tc.e, got, tc.want)
		}
	}
}

func TestReadAll(t *testing.T) {
	sizes, err := readAll(fixtures)
	if err != nil {
		t.Fatal(err)
	}
	var docs []int
	for _, s := range sizes {
		docs = append(docs, s.docs)
	}
	if got := strconv.Itoa(docs[0]) + " " + strconv.Itoa(docs[1]) + " " + strconv.Itoa(docs[2]); got != "1000 10000 100000" {
		t.Errorf("sizes in order %s, want 1000 10000 100000", got)
	}
	if _, err := readAll([]string{fixtures[0], fixtures[0]}); err == nil || !strings.Contains(err.Error(), "both hold 10000 documents") {
		t.Errorf("the same size twice: err = %v", err)
	}
}

func TestWriteTable(t *testing.T) {
	sizes, err := readAll(fixtures)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := writeTable(&b, sizes, []int{10000, 100000, 1000000}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	// header, rule, 3 sizes × 3 engines, and the size not run
	if len(lines) != 2+9+1 {
		t.Fatalf("%d lines, want 12:\n%s", len(lines), b.String())
	}
	for _, want := range []string{
		"| documents | engine | import (peers: load) docs/s |",
		"| p95 工商联 ms | p95 工商联 + 4 facets ms | p95 狮子 ms |",
		"| 1,000 | fednews | 200 | 4.00 | 300 | 2.50 | 8.33 | 11.0 index + 10.0 store | 5.00 | 8.00 | 2.00 | abc1234 (2026-12-01 10:00 UTC) | 1.50 → 2.25 |",
		"| 100,000 | FTS5 trigram | 2,400 | 0.250 | (in the load) | (in the load) | 0.417 | 3.50 | 334 | 1,270 | 654 | abc1234 (2026-12-01 10:00 UTC) | 1.50 → 2.25 |",
		"| 100,000 | pg_trgm | 1,750 | – | (in the load) | (in the load) | 0.571 | 1.80 | 578 | 1,580 | 705 | abc1234 (2026-12-01 10:00 UTC) | 1.50 → 2.25 |",
		"| 1,000,000 | all | not run: `make bench-large SIZES=1000000` |",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, b.String())
		}
	}
	if lines[len(lines)-1][:12] != "| 1,000,000 " {
		t.Errorf("the size not run is not last: %q", lines[len(lines)-1])
	}
}

func TestNum(t *testing.T) {
	for _, tc := range []struct {
		v    float64
		want string
	}{
		{-1, "–"}, {math.NaN(), "–"}, {math.Inf(1), "–"},
		{0, "0.000"}, {0.2494, "0.249"}, {1.5, "1.50"}, {12.345, "12.3"}, {99.96, "100"}, {9.999, "10.0"}, {0.9996, "1.00"},
		{100, "100"}, {1269.6, "1,270"}, {1234567, "1,234,567"},
	} {
		if got := num(tc.v); got != tc.want {
			t.Errorf("num(%v) = %q, want %q", tc.v, got, tc.want)
		}
	}
}

// series is one engine's line in one panel of the plot.
type series struct {
	panel, engine string
	points        [][2]float64
}

func parseSVG(t *testing.T, data []byte) (panels int, ss []series) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(data))
	var panel string
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("the SVG is not XML: %v", err)
		}
		el, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		attr := func(name string) string {
			for _, a := range el.Attr {
				if a.Name.Local == name {
					return a.Value
				}
			}
			return ""
		}
		switch {
		case el.Name.Local == "g" && attr("class") == "panel":
			panels++
			panel = attr("data-title")
		case el.Name.Local == "g" && attr("class") == "series":
			ss = append(ss, series{panel: panel, engine: attr("data-engine")})
		case el.Name.Local == "polyline":
			for _, p := range strings.Fields(attr("points")) {
				x, y, _ := strings.Cut(p, ",")
				fx, err1 := strconv.ParseFloat(x, 64)
				fy, err2 := strconv.ParseFloat(y, 64)
				if err1 != nil || err2 != nil {
					t.Fatalf("point %q", p)
				}
				ss[len(ss)-1].points = append(ss[len(ss)-1].points, [2]float64{fx, fy})
			}
		}
	}
	return panels, ss
}

func TestWriteSVG(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files []string
	}{
		{"three sizes", fixtures},
		{"one size", fixtures[:1]}, // the axes still span a decade
	} {
		t.Run(tc.name, func(t *testing.T) {
			sizes, err := readAll(tc.files)
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			if err := writeSVG(&b, sizes); err != nil {
				t.Fatal(err)
			}
			panels, ss := parseSVG(t, b.Bytes())
			if panels != 4 || len(ss) != 4*len(engineNames) {
				t.Fatalf("%d panels, %d series; want 4 panels of one series per engine", panels, len(ss))
			}
			for i, s := range ss {
				if s.engine != engineNames[i%len(engineNames)] {
					t.Errorf("series %d of %q is %q", i, s.panel, s.engine)
				}
				if len(s.points) != len(sizes) {
					t.Errorf("%q %s: %d points, want %d", s.panel, s.engine, len(s.points), len(sizes))
				}
				for j, p := range s.points {
					if math.IsNaN(p[0]) || math.IsNaN(p[1]) || math.IsInf(p[0], 0) || math.IsInf(p[1], 0) {
						t.Errorf("%q %s: point %d is %v", s.panel, s.engine, j, p)
					}
					if j > 0 && p[0] <= s.points[j-1][0] {
						t.Errorf("%q %s: x does not grow with the corpus: %v", s.panel, s.engine, s.points)
					}
				}
			}
			if len(sizes) == 3 {
				// fednews's broad p95 grows 5 → 20 → 125 ms: each point higher
				// on the page (smaller y), and by more for the bigger factor
				// on the log axis (×6.25 after ×4).
				p := ss[1*len(engineNames)].points
				if !(p[1][1] < p[0][1] && p[2][1] < p[1][1] && p[1][1]-p[2][1] > p[0][1]-p[1][1]) {
					t.Errorf("fednews broad p95 points %v do not rise as 5, 20, 125 on a log axis", p)
				}
			}
		})
	}
	if err := writeSVG(io.Discard, nil); err == nil {
		t.Error("no results: no error")
	}
}

func TestRun(t *testing.T) {
	dir := t.TempDir()
	md, svg := filepath.Join(dir, "scale.md"), filepath.Join(dir, "scale.svg")
	if err := run(append([]string{"-md", md, "-svg", svg, "-want", "1000000"}, fixtures...), io.Discard); err != nil {
		t.Fatal(err)
	}
	table, err := os.ReadFile(md)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(table), "\n"); n != 2+9+1 {
		t.Errorf("table has %d lines, want 12", n)
	}
	if plot, err := os.ReadFile(svg); err != nil || !bytes.HasPrefix(plot, []byte("<svg ")) {
		t.Errorf("plot: %v, %.20q", err, plot)
	}
	for _, tc := range []struct {
		args []string
		err  string
	}{
		{nil, "give the results files"},
		{[]string{"-want", "10k", fixtures[0]}, "-want"},
		{[]string{"testdata/bad-nofacets.json"}, "make bench-large SIZES=N"},
	} {
		if err := run(tc.args, io.Discard); err == nil || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("run %q: err = %v, want one containing %q", tc.args, err, tc.err)
		}
	}
}
