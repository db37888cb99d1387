package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/index"
	"github.com/fednews/fednews/internal/browsertest"
	"github.com/fednews/fednews/internal/demosite"
)

// childArgsEnv, when set, makes this test binary run fednews with those
// arguments (separated by newlines) instead of the tests: tests start it
// to have a second fednews process, as a nightly ingest beside a server is.
const childArgsEnv = "FEDNEWS_TEST_CHILD_ARGS"

func TestMain(m *testing.M) {
	if args := os.Getenv(childArgsEnv); args != "" {
		root := newRoot()
		root.SetArgs(strings.Split(args, "\n"))
		if err := root.ExecuteContext(context.Background()); err != nil {
			fmt.Fprintln(os.Stderr, "fednews:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// runChild runs fednews with args in another process and returns its output.
func runChild(t *testing.T, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childArgsEnv+"="+strings.Join(args, "\n"))
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// startServe runs fednews serve on dir at a free loopback port until the
// test ends, and returns its base URL once it answers /healthz.
func startServe(t *testing.T, dir string, follow time.Duration) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- runServe(ctx, io.Discard, ln, dir, follow) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve ended with %v", err)
		}
	})
	base := "http://" + ln.Addr().String()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if resp, err := http.Get(base + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return base
			}
		}
		select {
		case err := <-done:
			done <- nil // for the cleanup, which waits on done
			t.Fatalf("serve ended before answering: %v", err)
		default:
		}
	}
	t.Fatal("serve did not answer /healthz")
	return ""
}

func searchAPI(t *testing.T, base, rawQuery string) (*index.Response, error) {
	resp, err := http.Get(base + "/api/search?" + rawQuery)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(resp.Body)
		return nil, fmt.Errorf("status %d: %s", resp.StatusCode, b)
	}
	var r index.Response
	return &r, json.NewDecoder(resp.Body).Decode(&r)
}

// TestServeLiveUpdate runs an ingest of the demo site while clients query
// the server without pause: no query may fail, and afterwards every
// ingested document is searchable without a restart.
func TestServeLiveUpdate(t *testing.T) {
	site, err := demosite.New()
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(site)
	defer srv.Close()
	data := t.TempDir()
	mustStore(t, data) // serve refuses a directory without a store
	base := startServe(t, data, 100*time.Millisecond)

	if r, err := searchAPI(t, base, "q=*"); err != nil || r.Total != 0 {
		t.Fatalf("empty server: %+v %v", r, err)
	}

	stop := make(chan struct{})
	var wg sync.WaitGroup
	var queries, failed atomic.Int64
	var firstErr atomic.Value
	paths := []string{
		"/api/search?q=" + url.QueryEscape("工商联") + "&facet=province&facet=year",
		"/?q=" + url.QueryEscape("商会"),
		"/api/search?q=*&histogram=1&all=1",
		"/api/export.csv?q=" + url.QueryEscape("工商联"),
		"/?q=" + url.QueryEscape("工商聯") + "&filter=province=" + url.QueryEscape("江西省"),
	}
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := i; ; n++ {
				select {
				case <-stop:
					return
				default:
				}
				resp, err := http.Get(base + paths[n%len(paths)])
				if err == nil {
					_, err = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if err == nil && resp.StatusCode != http.StatusOK {
						err = fmt.Errorf("%s: status %d", paths[n%len(paths)], resp.StatusCode)
					}
				}
				queries.Add(1)
				if err != nil {
					failed.Add(1)
					firstErr.CompareAndSwap(nil, err)
				}
			}
		}()
	}

	// The ingest, another process, finds the index held by the server and
	// leaves indexing to it.
	out, err := runChild(t, "ingest", "--config", demoSources(t, srv.URL), "--data", data)
	if err != nil {
		t.Fatalf("ingest: %v\n%s", err, out)
	}
	st, err := corpus.Open(context.Background(), data)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	stored, err := st.Count(context.Background())
	if err != nil || stored == 0 {
		t.Fatalf("ingest stored %d documents (%v)", stored, err)
	}

	// Every stored document becomes searchable while queries keep coming.
	var r *index.Response
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if r, err = searchAPI(t, base, "q=*&all=1&size=1"); err == nil && r.Documents == stored {
			break
		}
	}
	close(stop)
	wg.Wait()
	if r == nil || r.Documents != stored {
		t.Fatalf("after ingest: the index has %+v documents, the store %d", r, stored)
	}
	if n := failed.Load(); n > 0 {
		t.Errorf("%d of %d queries failed during the ingest; first: %v", n, queries.Load(), firstErr.Load())
	}
	if queries.Load() < 20 {
		t.Errorf("only %d queries ran during the ingest", queries.Load())
	}
	t.Logf("%d queries during the ingest, %d failed; %d documents searchable", queries.Load(), failed.Load(), r.Documents)

	// A specific new article is found by a phrase from its title.
	for _, a := range site.Articles() {
		if a.Private {
			continue
		}
		phrase := []rune(a.Title)[:6]
		r, err := searchAPI(t, base, "all=1&size=100&q="+url.QueryEscape(`"`+string(phrase)+`"`))
		if err != nil {
			t.Fatalf("search %q: %v", string(phrase), err)
		}
		found := false
		for _, h := range r.Hits {
			found = found || strings.HasSuffix(h.URL, a.Path)
		}
		if !found {
			t.Errorf("article %s not found by %q after the ingest", a.Path, string(phrase))
		}
		break
	}
}

// Every facet value the real index reports works as a filter: following it
// narrows the results to documents that have that value.
func TestServeFacetValuesFilter(t *testing.T) {
	data, _ := ingestDemo(t)
	base := startServe(t, data, time.Second)
	all, err := searchAPI(t, base, "q=*&facet=province&facet=county&facet=org&facet=year&facet=source&facet=kind")
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for field, values := range all.Facets {
		for _, v := range values[:min(3, len(values))] {
			r, err := searchAPI(t, base, "q=*&size=100&all=0&filter="+url.QueryEscape(field+"="+v.Value))
			if err != nil {
				t.Errorf("filter %s=%s: %v", field, v.Value, err)
				continue
			}
			if r.Documents != v.Count || r.Total == 0 || r.Total > all.Total {
				t.Errorf("filter %s=%s: %d documents (%d hits), the facet said %d", field, v.Value, r.Documents, r.Total, v.Count)
			}
			checked++
		}
	}
	if checked < 12 {
		t.Errorf("only %d facet values checked", checked)
	}
	// The page shows the filter as a chip and the narrowed count.
	resp, err := http.Get(base + "/?q=*&filter=" + url.QueryEscape("province="+all.Facets["province"][0].Value))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	page, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || !strings.Contains(string(page), `class="chip"`) {
		t.Errorf("filtered page: status %d", resp.StatusCode)
	}
}

// TestServeBrowserDemo drives a real browser through the whole pipeline:
// the demo site crawled, indexed and served. Its article a17 carries
// <script>, onerror= and a javascript: link in its HTML and in its text;
// none of it may run.
func TestServeBrowserDemo(t *testing.T) {
	b := browsertest.New(t)
	data, _ := ingestDemo(t)
	base := startServe(t, data, time.Second)

	b.Do(t, "search",
		chromedp.Navigate(base+"/"),
		chromedp.SetValue(chromedp.CSS(`input[name=q]`), "網上商會"), // traditional query, simplified article
		browsertest.ClickAndLoad(chromedp.CSS(`form.search button`)),
		chromedp.WaitVisible(chromedp.CSS(`li.hit`)),
	)
	title := browsertest.Run(t, b, "first hit", chromedp.Text(chromedp.CSS(`li.hit h2`)))
	if !strings.Contains(title, "网上商会") {
		t.Fatalf("first hit %q", title)
	}
	b.Do(t, "open",
		browsertest.ClickAndLoad(chromedp.CSS(`li.hit h2 a`)),
		chromedp.WaitVisible(chromedp.CSS(`.text`)),
		chromedp.Sleep(300*time.Millisecond),
	)
	text := browsertest.Run(t, b, "text", chromedp.Evaluate[string](`document.querySelector('.text').textContent`))
	if !strings.Contains(text, "<script>alert(1)</script>") {
		t.Errorf("the article's code text is not shown as written: %q", text)
	}
	if p := b.Inert(t); len(p) > 0 {
		t.Errorf("document page: %q", p)
	}
	figs := browsertest.Run(t, b, "figures", chromedp.Evaluate[int](`document.querySelectorAll('table.figures tbody tr').length`))
	marks := browsertest.Run(t, b, "marks", chromedp.Evaluate[int](`document.querySelectorAll('.text mark.fig').length`))
	if figs == 0 || marks == 0 {
		t.Errorf("document page: %d figures in the table, %d marked in the text", figs, marks)
	}
	b.Screenshot(t, "demo-document.png")
}
