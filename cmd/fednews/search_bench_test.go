package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/fednews/fednews/bench/corpusgen"
	"github.com/fednews/fednews/index"
	"github.com/fednews/fednews/web"
)

// The queries of BenchmarkBroadSearch, written against bench/corpusgen's
// word lists: broad phrases are in a large share of its documents (工商联
// in nearly all), selective ones (a person, an industry, a county) in a
// few per cent; 狮子 is the two-character phrase of issue 15.
var (
	broadMix     = []string{"工商联", "民营企业", "营商环境", "座谈会", "民营经济"}
	selectiveMix = []string{"张志强", "集成电路", "乌鲁木齐市", "萧山区", "跨境电商", "郑红梅", "虎门镇", "生物医药"}
	benchFacets  = []string{"province", "year", "org", "kind"}
)

// benchClients is the number of clients of the serve load test.
const benchClients = 16

// BenchmarkBroadSearch measures the searches of issue 15 on
// $FEDNEWS_BENCH_DATA (a data directory with a store and its index; serve
// writes its owner file there, so give it a copy) or, by default, on
// $FEDNEWS_BENCH_SEARCH_DOCS (default 1,000) documents of bench/corpusgen
// imported and indexed by the built binary:
//   - in-process: p50/p95 of 工商联, 工商联 with 4 facets and the month
//     histogram, and 狮子, repeated on one open index; and of the first
//     工商联 with facets on a freshly opened one;
//   - serve with 16 clients, in this process and as a fednews serve
//     process: q/s, p50/p95 and CPU per request of a broad and a selective
//     mix of /api/search with the same facets;
//   - cli: a fednews search process from start to answer.
func BenchmarkBroadSearch(b *testing.B) {
	bin := buildFednews(b)
	data := os.Getenv("FEDNEWS_BENCH_DATA")
	if data == "" {
		n := 1000
		if s := os.Getenv("FEDNEWS_BENCH_SEARCH_DOCS"); s != "" {
			var err error
			if n, err = strconv.Atoi(s); err != nil || n < 100 {
				b.Fatalf("FEDNEWS_BENCH_SEARCH_DOCS=%q: want a number >= 100", s)
			}
		}
		data = filepath.Join(b.TempDir(), "data")
		jsonl := filepath.Join(b.TempDir(), "corpus.jsonl")
		f, err := os.Create(jsonl)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := corpusgen.WriteJSONL(f, 1, n); err != nil {
			b.Fatal(err)
		}
		f.Close()
		runFednews(b, bin, "import", "--data", data, jsonl)
		runFednews(b, bin, "index", "--rebuild", "--data", data)
	}
	ctx := context.Background()
	b.Run("in-process", func(b *testing.B) {
		ix, err := openIndex("", data, index.Options{ReadOnly: true})
		if err != nil {
			b.Fatal(err)
		}
		defer ix.Close()
		phrase := func(q string, facets bool) index.Request {
			r := index.Request{Query: `"` + q + `"`}
			if facets {
				r.Facets, r.Histogram = benchFacets, true
			}
			return r
		}
		var docs int
		for _, c := range []struct {
			name string
			req  index.Request
		}{
			{"工商联", phrase("工商联", false)},
			{"工商联+4facets", phrase("工商联", true)},
			{"狮子", phrase("狮子", false)},
		} {
			var lat []time.Duration
			for i := range b.N * 30 {
				t0 := time.Now()
				res, err := ix.Search(ctx, c.req)
				if err != nil {
					b.Fatal(err)
				}
				if i > 0 { // the first builds what later ones reuse
					lat = append(lat, time.Since(t0))
				}
				docs = res.Documents
			}
			reportLatency(b, c.name, lat)
			b.ReportMetric(float64(docs), c.name+"-docs")
		}
		// The first search of a process: nothing collected or counted yet
		// (the hit lists of broad queries are kept per snapshot), the
		// index opened and its columns read (or built) by the search.
		var first []time.Duration
		for range b.N * 5 {
			t0 := time.Now()
			fresh, err := openIndex("", data, index.Options{ReadOnly: true})
			if err != nil {
				b.Fatal(err)
			}
			_, err = fresh.Search(ctx, phrase("工商联", true))
			first = append(first, time.Since(t0))
			fresh.Close()
			if err != nil {
				b.Fatal(err)
			}
		}
		reportLatency(b, "first-工商联+4facets", first)
	})
	for _, mix := range []struct {
		name    string
		queries []string
	}{{"broad", broadMix}, {"selective", selectiveMix}} {
		b.Run("serve-in-process-"+mix.name, func(b *testing.B) {
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				b.Fatal(err)
			}
			sctx, cancel := context.WithCancel(ctx)
			done := make(chan error, 1)
			go func() { done <- runServe(sctx, io.Discard, ln, data, "", time.Hour, web.Links{}) }()
			defer func() {
				cancel()
				if err := <-done; err != nil {
					b.Errorf("serve: %v", err)
				}
			}()
			base := "http://" + ln.Addr().String()
			waitHealthy(b, base)
			for range b.N {
				cpu0 := cpuSelf()
				n := loadTest(b, base, mix.queries)
				b.ReportMetric(float64((cpuSelf()-cpu0).Microseconds())/1000/float64(n), "cpu-ms/req")
			}
		})
		b.Run("serve-process-"+mix.name, func(b *testing.B) {
			cmd, base := startServeProcess(b, bin, data)
			defer func() {
				cmd.Process.Signal(syscall.SIGTERM)
				cmd.Wait()
			}()
			waitHealthy(b, base)
			for range b.N {
				cpu0 := cpuOf(b, cmd.Process.Pid)
				n := loadTest(b, base, mix.queries)
				b.ReportMetric(float64((cpuOf(b, cmd.Process.Pid)-cpu0).Microseconds())/1000/float64(n), "cpu-ms/req")
			}
		})
	}
	b.Run("cli-search", func(b *testing.B) {
		var lat []time.Duration
		for range b.N * 5 {
			t0 := time.Now()
			out, err := exec.Command(bin, "search", "--data="+data, "--json", "--limit=10", "工商联").Output()
			if err != nil || !strings.Contains(string(out), `"total"`) {
				b.Fatalf("search: %v\n%.500s", err, out)
			}
			lat = append(lat, time.Since(t0))
		}
		reportLatency(b, "wall", lat)
	})
}

// loadTest has benchClients clients each send 20 requests of queries (in
// turn, each client from its own place in the list) to base's
// /api/search with the benchmark's facets and histogram, and reports q/s
// and latency. It returns the number of requests.
func loadTest(b *testing.B, base string, queries []string) int {
	const perClient = 20
	var (
		mu     sync.Mutex
		lat    []time.Duration
		errors atomic.Int64
		wg     sync.WaitGroup
	)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: benchClients}}
	start := time.Now()
	for c := range benchClients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perClient {
				v := url.Values{"q": {queries[(c+i)%len(queries)]}, "facet": benchFacets, "histogram": {"1"}}
				t0 := time.Now()
				resp, err := client.Get(base + "/api/search?" + v.Encode())
				if err != nil {
					errors.Add(1)
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					errors.Add(1)
					continue
				}
				d := time.Since(t0)
				mu.Lock()
				lat = append(lat, d)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	took := time.Since(start)
	n := benchClients * perClient
	b.ReportMetric(float64(n)/took.Seconds(), "q/s")
	b.ReportMetric(float64(errors.Load()), "errors")
	reportLatency(b, "req", lat)
	return n
}

func reportLatency(b *testing.B, name string, lat []time.Duration) {
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, name+"-p50-ms")
	b.ReportMetric(float64(lat[len(lat)*95/100].Microseconds())/1000, name+"-p95-ms")
}

func waitHealthy(b *testing.B, base string) {
	for deadline := time.Now().Add(2 * time.Minute); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if resp, err := http.Get(base + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
	}
	b.Fatal("serve did not answer /healthz")
}

// cpuSelf is the CPU time (user and system) this process has used.
func cpuSelf() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// cpuOf is the CPU time (user and system) process pid has used, from
// /proc/PID/stat (fields 14 and 15, in clock ticks of 1/100 s on Linux).
func cpuOf(b *testing.B, pid int) time.Duration {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		b.Fatal(err)
	}
	// The command name (field 2) may hold spaces: count from after it.
	fields := strings.Fields(string(raw[strings.LastIndexByte(string(raw), ')')+2:]))
	utime, _ := strconv.ParseInt(fields[11], 10, 64)
	stime, _ := strconv.ParseInt(fields[12], 10, 64)
	return time.Duration(utime+stime) * 10 * time.Millisecond
}
