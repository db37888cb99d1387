package main

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
)

// BenchmarkPeakRSS reports the peak resident memory (peak-MB, from the
// child's rusage) of the built fednews binary beside its goal (goal-MB):
// index of a generated 2,000-document corpus, index of one 15 MB one-line
// article, and serve while six clients fetch that article's page and its
// /api/doc. `make bench` prints them in its table.
func BenchmarkPeakRSS(b *testing.B) {
	bin := buildFednews(b)
	corpusDir, bigFile := b.TempDir(), filepath.Join(b.TempDir(), "big.txt")
	writeCorpus(b, corpusDir, 2000)
	writeBigArticle(b, bigFile, 15<<20)

	many, big := b.TempDir(), b.TempDir()
	runFednews(b, bin, "import", "--data", many, corpusDir)
	runFednews(b, bin, "import", "--data", big, bigFile)
	busy := 0 // 503 answers of serve
	for _, tc := range []struct {
		name string
		goal float64
		run  func() *os.ProcessState
	}{
		{"index-2000-docs", 500, func() *os.ProcessState { return runFednews(b, bin, "index", "--rebuild", "--data", many) }},
		{"index-2000-docs-first-run", 500, func() *os.ProcessState { return indexAfresh(b, bin, many) }},
		{"index-15MB-article", 1000, func() *os.ProcessState { return runFednews(b, bin, "index", "--rebuild", "--data", big) }},
		{"serve-6-clients-15MB-article", 1000, func() *os.ProcessState { return serveSixClients(b, bin, big, &busy) }},
	} {
		b.Run(tc.name, func(b *testing.B) {
			var peak int64
			for range b.N {
				if ru, ok := tc.run().SysUsage().(*syscall.Rusage); ok {
					peak = max(peak, ru.Maxrss) // KiB on Linux
				}
			}
			b.ReportMetric(float64(peak)/1024, "peak-MB")
			b.ReportMetric(tc.goal, "goal-MB")
			if strings.HasPrefix(tc.name, "serve") {
				b.ReportMetric(float64(busy), "503s")
			}
		})
	}
}

// indexAfresh removes the index of data and has `fednews index` (not
// --rebuild) index the whole store, as the first nightly run after an
// import does.
func indexAfresh(b *testing.B, bin, data string) *os.ProcessState {
	b.Helper()
	if err := os.RemoveAll(filepath.Join(data, "index")); err != nil {
		b.Fatal(err)
	}
	return runFednews(b, bin, "index", "--data", data)
}

// runFednews runs the binary and fails the benchmark when it fails.
func runFednews(b *testing.B, bin string, args ...string) *os.ProcessState {
	b.Helper()
	cmd := exec.Command(bin, args...)
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("fednews %v: %v\n%s", args, err, out)
	}
	return cmd.ProcessState
}

// serveSixClients starts fednews serve on data, has six clients fetch
// /doc/1 and then /api/doc/1 at once, stops the server with SIGTERM and
// returns its state. A 503 (the request waited for the server's byte
// budget past its timeout) is counted in *busy, not an error.
func serveSixClients(b *testing.B, bin, data string, busy *int) *os.ProcessState {
	b.Helper()
	cmd, base := startServeProcess(b, bin, data)
	var wg sync.WaitGroup
	var mu sync.Mutex
	errs := make(chan error, 12)
	for range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, path := range []string{"/doc/1", "/api/doc/1"} {
				resp, err := http.Get(base + path)
				if err != nil {
					errs <- err
					return
				}
				n, _ := io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode == http.StatusServiceUnavailable {
					mu.Lock()
					*busy++
					mu.Unlock()
				} else if resp.StatusCode != http.StatusOK {
					errs <- fmt.Errorf("GET %s: status %d (%d bytes)", path, resp.StatusCode, n)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	cmd.Process.Signal(syscall.SIGTERM)
	werr := cmd.Wait()
	for err := range errs {
		b.Error(err)
	}
	if werr != nil {
		b.Fatalf("serve: %v", werr)
	}
	return cmd.ProcessState
}

// startServeProcess starts fednews serve on data at a free loopback port
// and returns it with its base URL once it says it is serving.
func startServeProcess(b *testing.B, bin, data string) (*exec.Cmd, string) {
	b.Helper()
	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--data", data)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	base, ok := strings.CutPrefix(strings.TrimSpace(line), "fednews: serving ")
	if err != nil || !ok {
		cmd.Process.Kill()
		cmd.Wait()
		b.Fatalf("serve did not start: %q, %v", line, err)
	}
	return cmd, strings.TrimSuffix(base, "/")
}

// benchPlaces, benchSubjects and benchFacts make the generated articles:
// reports of federations of industry and commerce in the style of the
// provincial sites, each with a few figures.
var (
	benchPlaces   = []string{"江西省", "浙江省", "广东省", "四川省", "山东省", "湖南省", "河南省", "福建省", "安徽省", "云南省"}
	benchSubjects = []string{"民营企业", "商会", "工商联", "中小企业", "非公有制经济", "会员企业"}
	benchFacts    = []string{
		"%s%s实现营业收入%d.%d亿元，同比增长%d.%d%%。",
		"%s组织%s开展“万企兴万村”行动，结对帮扶村%d个，投入资金%d.%d亿元。",
		"%s%s截至%d月底新增会员%d家，较上年增加%d.%d%%。",
		"%s召开%s座谈会，%d位企业家参会，签约项目%d个。",
		"%s%s捐款捐物合计%d万元，带动就业%d.%d万人。",
	}
)

// writeCorpus writes n generated articles of about 7.5 KB as .txt files.
func writeCorpus(b *testing.B, dir string, n int) {
	b.Helper()
	r := rand.New(rand.NewPCG(13, 2000))
	for i := range n {
		var sb strings.Builder
		place := benchPlaces[r.IntN(len(benchPlaces))]
		fmt.Fprintf(&sb, "%s工商联第%d期工作动态\n", place, i+1)
		for sb.Len() < 7500 {
			f := benchFacts[r.IntN(len(benchFacts))]
			args := []any{place, benchSubjects[r.IntN(len(benchSubjects))]}
			for range strings.Count(f, "%d") {
				args = append(args, 1+r.IntN(99))
			}
			fmt.Fprintf(&sb, f, args...)
			if r.IntN(4) == 0 {
				sb.WriteString("\n")
			}
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("a%04d.txt", i)), []byte(sb.String()), 0o644); err != nil {
			b.Fatal(err)
		}
	}
}

// writeBigArticle writes one title line and size bytes of one line made of
// a sentence with two figures, repeated: ~300,000 figures at 15 MB.
func writeBigArticle(b *testing.B, path string, size int) {
	b.Helper()
	sentence := "全省民营企业实现营业收入1.2万亿元，同比增长8.5%，继续保持稳中有进的发展态势。"
	body := strings.Repeat(sentence, size/len(sentence))
	if err := os.WriteFile(path, []byte("一篇十五兆字节的单行文章\n"+body+"\n"), 0o644); err != nil {
		b.Fatal(err)
	}
}
