package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fednews/fednews/internal/shared"
)

// traditionalFile writes the AS test set and the traditional seed
// articles, repeated to at least size bytes (as zh's BenchmarkT2S), to a temporary file (shared data never enters the
// repository; the text is built at run time).
func traditionalFile(tb testing.TB, size int) string {
	tb.Helper()
	var unit strings.Builder
	seeds, _ := filepath.Glob(filepath.Join(shared.Path(tb, "corpus/seeds"), "00[23]_*.txt"))
	if len(seeds) != 2 {
		tb.Fatalf("traditional seeds: %v", seeds)
	}
	for _, p := range append([]string{filepath.Join(shared.Path(tb, "peers/sighan2005"), "as_test.utf8")}, seeds...) {
		data, err := os.ReadFile(p)
		if err != nil {
			tb.Fatal(err)
		}
		unit.Write(data)
		unit.WriteString("\n")
	}
	path := filepath.Join(tb.TempDir(), "traditional.txt")
	text := strings.Repeat(unit.String(), size/unit.Len()+1)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		tb.Fatal(err)
	}
	return path
}

// BenchmarkNormalizeT2SProcess runs the whole `fednews normalize
// --steps=t2s` process on 20 MB of traditional text and, in the same run,
// `opencc -c t2s.json` on the same file (the goal is >= 10x;
// TestNormalizeT2SMatchesOpenCC checks the bytes): CPU time
// (user + system) and wall time of each, and opencc's over fednews'.
func BenchmarkNormalizeT2SProcess(b *testing.B) {
	bin := buildFednews(b)
	path := traditionalFile(b, 20<<20)
	openccBin := shared.Tool(b, "apt-get install opencc", "opencc")
	out := filepath.Join(b.TempDir(), "out.txt")
	run := func(name string, args ...string) (cpu, wall time.Duration) {
		f, err := os.Create(out)
		if err != nil {
			b.Fatal(err)
		}
		defer f.Close()
		cmd := exec.Command(name, args...)
		var stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = f, &stderr
		start := time.Now()
		if err := cmd.Run(); err != nil {
			b.Fatalf("%s: %v\n%s", name, err, stderr.Bytes())
		}
		return cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(), time.Since(start)
	}
	var ours, theirs, oursWall, theirsWall time.Duration
	b.ResetTimer()
	for range b.N {
		// Alternated, so that the machine's load falls on both alike.
		c, w := run(bin, "normalize", "--steps=t2s", path)
		ours, oursWall = ours+c, oursWall+w
		c, w = run(openccBin, "-c", "t2s.json", "-i", path)
		theirs, theirsWall = theirs+c, theirsWall+w
	}
	n := float64(b.N)
	b.ReportMetric(ours.Seconds()/n, "fednews-cpu-s")
	b.ReportMetric(theirs.Seconds()/n, "opencc-cpu-s")
	b.ReportMetric(theirs.Seconds()/ours.Seconds(), "x-opencc-cpu")
	b.ReportMetric(oursWall.Seconds()/n, "fednews-wall-s")
	b.ReportMetric(theirsWall.Seconds()/n, "opencc-wall-s")
	b.ReportMetric(theirsWall.Seconds()/oursWall.Seconds(), "x-opencc-wall")
}
