package zh

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/fednews/fednews/internal/shared"
)

// repeatTo concatenates the shared files until the text reaches size bytes.
// The benchmark texts are built at run time: shared data never enters the
// repository.
func repeatTo(b *testing.B, size int, paths ...string) string {
	b.Helper()
	var parts []string
	n := 0
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		parts = append(parts, string(data))
		n += len(data)
	}
	unit := strings.Join(parts, "\n")
	return strings.Repeat(unit, (size+len(unit)-1)/len(unit))
}

// traditional20MB is the 20 MB traditional benchmark text: the AS test set
// and the two traditional seeds, repeated.
func traditional20MB(b *testing.B) string {
	return repeatTo(b, 20<<20,
		filepath.Join(shared.Path(b, "peers/sighan2005"), "as_test.utf8"),
		seed(b, "002"), seed(b, "003"))
}

// BenchmarkT2S converts 20 MB of traditional text and, in the same run, has
// the opencc command convert the same file: x-opencc is how many times
// faster fednews is.
func BenchmarkT2S(b *testing.B) {
	text := traditional20MB(b)
	path := filepath.Join(b.TempDir(), "traditional.txt")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		b.Fatal(err)
	}
	loadT2S()
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for range b.N {
		ToSimplified(text)
	}
	ours := b.Elapsed() / time.Duration(b.N)
	b.StopTimer()
	bin, err := exec.LookPath("opencc")
	if err != nil {
		b.Log("no `opencc` binary: x-opencc not measured (apt-get install opencc)")
		return
	}
	start := time.Now()
	cmd := exec.Command(bin, "-c", "t2s.json", "-i", path, "-o", filepath.Join(b.TempDir(), "out.txt"))
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("opencc: %v: %s", err, out)
	}
	theirs := time.Since(start)
	b.ReportMetric(float64(len(text))/theirs.Seconds()/1e6, "opencc-MB/s")
	b.ReportMetric(theirs.Seconds()/ours.Seconds(), "x-opencc")
}

// BenchmarkNormalize runs every step, offset map included, on 20 MB of
// traditional text (annotated seed included) and on simplified text.
func BenchmarkNormalize(b *testing.B) {
	peers := shared.Path(b, "peers/sighan2005")
	for _, tc := range []struct {
		name string
		text func() string
	}{
		{"traditional", func() string { return traditional20MB(b) }},
		{"simplified", func() string {
			return repeatTo(b, 20<<20, filepath.Join(peers, "pku_test.utf8"), filepath.Join(peers, "msr_test.utf8"))
		}},
	} {
		text := tc.text()
		b.Run(tc.name, func(b *testing.B) {
			loadT2S()
			b.SetBytes(int64(len(text)))
			for range b.N {
				Normalize(text, AllSteps)
			}
		})
	}
}

// BenchmarkSegment segments 4 MB of normalized news-style text in both
// modes, with gse alone (default dictionary, no number rule) as the
// baseline in the same run.
func BenchmarkSegment(b *testing.B) {
	peers := shared.Path(b, "peers/sighan2005")
	text := Normalize(repeatTo(b, 4<<20,
		filepath.Join(peers, "pku_test.utf8"), filepath.Join(peers, "msr_test.utf8"),
		seed(b, "000"), seed(b, "002")), AllSteps).Text
	ours := defaultSegmenter(b)
	base, err := newSegmenter("", true)
	if err != nil {
		b.Fatal(err)
	}
	run := func(name string, f func(string) int) {
		b.Run(name, func(b *testing.B) {
			// Warm up and collect the dictionary load's garbage, so that a
			// single timed run (make bench's -benchtime 1x) measures the
			// steady state for every contender alike.
			f(text[:nextChunk(text)])
			runtime.GC()
			b.ResetTimer()
			b.SetBytes(int64(len(text)))
			tokens := 0
			for range b.N {
				tokens = f(text)
			}
			b.ReportMetric(float64(tokens)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
		})
	}
	run("gse-alone", func(s string) int { return len(base.gse.Segment([]byte(s))) })
	run("precise", func(s string) int { return len(ours.Precise(s)) })
	run("search", func(s string) int { return len(ours.Search(s)) })
}

// BenchmarkLoad measures loading the dictionaries: the segmenter (gse's
// dictionary plus the domain dictionary), the segmenter of normalized text
// (gse's simplified dictionary instead) and the t2s tables, with the heap
// each keeps. load-ms leaves out the garbage collections that the heap
// measurement needs.
func BenchmarkLoad(b *testing.B) {
	for _, tc := range []struct {
		name string
		load func() (any, error)
	}{
		{"segmenter", func() (any, error) { return newSegmenter(domainDict, true) }},
		{"normalized-segmenter", func() (any, error) { return newSegmenter(domainDict, false) }},
		{"t2s-tables", func() (any, error) { return parseT2S(tsPhrasesText, tsCharactersText, stCharactersText) }},
	} {
		b.Run(tc.name, func(b *testing.B) {
			var heap float64
			var took time.Duration
			for range b.N {
				var err error
				heap, took, err = measureLoad(tc.load)
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(heap/1e6, "heap-MB")
			b.ReportMetric(float64(took.Microseconds())/1e3, "load-ms")
		})
	}
}

// measureLoad returns the live heap that the value load returns keeps,
// and how long load took.
func measureLoad(load func() (any, error)) (float64, time.Duration, error) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	v, err := load()
	took := time.Since(start)
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(v)
	return float64(after.HeapAlloc) - float64(before.HeapAlloc), took, err
}
