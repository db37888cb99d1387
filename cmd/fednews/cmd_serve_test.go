package main

import (
	"bytes"
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
	"path/filepath"
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
	"github.com/fednews/fednews/internal/trafhelper"
	"github.com/fednews/fednews/web"
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
	os.Exit(trafhelper.Main(m)) // import, ingest and article run go-trafilatura in its helper
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
	go func() { done <- runServe(ctx, io.Discard, ln, dir, "", follow, web.Links{}) }()
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

// searchAllPages is searchAPI with the hits of every page (the API pages
// at most 100 hits at a time) gathered into the first page's response.
func searchAllPages(t *testing.T, base, rawQuery string) (*index.Response, error) {
	first, err := searchAPI(t, base, rawQuery)
	if err != nil {
		return nil, err
	}
	for page := 2; len(first.Hits) < first.Total; page++ {
		r, err := searchAPI(t, base, fmt.Sprintf("%s&page=%d", rawQuery, page))
		if err != nil {
			return nil, err
		}
		if len(r.Hits) == 0 {
			return nil, fmt.Errorf("page %d of %q is empty with %d of %d hits read", page, rawQuery, len(first.Hits), first.Total)
		}
		first.Hits = append(first.Hits, r.Hits...)
	}
	return first, nil
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
// TestServeCountsStories checks on the demo corpus that the total, every
// facet and the histogram count stories (duplicate clusters) alike, and
// every copy alike with all=1: each facet count is what the list shows with
// that value as a filter, and equals the count made here from the list of
// every copy. The CLI and the API export the same bytes for the same query.
func TestServeCountsStories(t *testing.T) {
	data, _ := ingestDemo(t)
	base := startServe(t, data, time.Second)
	const facets = "&facet=source&facet=year&facet=month&facet=script&facet=province&facet=city&facet=county&facet=org&facet=kind"
	every, err := searchAllPages(t, base, "q=*&size=100&all=1&histogram=1"+facets)
	if err != nil {
		t.Fatal(err)
	}
	stories, err := searchAPI(t, base, "q=*&size=100&histogram=1"+facets)
	if err != nil {
		t.Fatal(err)
	}
	if every.Total != every.Documents || len(every.Hits) != every.Total || stories.Documents != every.Total || stories.Total >= every.Total {
		t.Fatalf("every copy: total %d of %d documents (%d listed); stories: %d of %d documents: the demo has reposts",
			every.Total, every.Documents, len(every.Hits), stories.Total, stories.Documents)
	}
	// The stories that have each value, counted from the list of every copy.
	want := map[string]map[string]map[int64]bool{}
	copies := map[string]map[string]int{}
	storyIDs := map[int64]bool{}
	for _, h := range every.Hits {
		story := h.Cluster
		if story == 0 {
			story = h.ID
		}
		storyIDs[story] = true
		values := map[string][]string{"source": {h.Source}, "script": {h.Script}, "province": h.Provinces,
			"city": h.Cities, "county": h.Counties, "org": h.Orgs}
		if h.Published != "" {
			values["year"], values["month"] = []string{h.Published[:4]}, []string{h.Published[:7]}
		}
		for field, vs := range values {
			if want[field] == nil {
				want[field], copies[field] = map[string]map[int64]bool{}, map[string]int{}
			}
			for _, v := range vs {
				if want[field][v] == nil {
					want[field][v] = map[int64]bool{}
				}
				want[field][v][story] = true
				copies[field][v]++
			}
		}
	}
	if len(storyIDs) != stories.Total {
		t.Errorf("%d stories among the copies listed, total %d", len(storyIDs), stories.Total)
	}
	sums := map[string]int{}
	checked := 0
	for field, values := range stories.Facets {
		for _, v := range values {
			sums[field] += v.Count
			if exp, ok := want[field]; ok && len(exp[v.Value]) != v.Count {
				t.Errorf("%s=%s: %d stories, %d in the list of every copy", field, v.Value, v.Count, len(exp[v.Value]))
			}
			r, err := searchAllPages(t, base, "q=*&size=100&filter="+url.QueryEscape(field+"="+v.Value))
			if err != nil {
				t.Fatalf("filter %s=%s: %v", field, v.Value, err)
			}
			if r.Total != v.Count || len(r.Hits) != v.Count {
				t.Errorf("filter %s=%s: %d stories listed (total %d), the facet said %d", field, v.Value, len(r.Hits), r.Total, v.Count)
			}
			checked++
		}
		t.Logf("%-8s facet sums to %3d over %d stories", field, sums[field], stories.Total)
	}
	for field, values := range every.Facets {
		for _, v := range values {
			if exp, ok := copies[field]; ok && exp[v.Value] != v.Count {
				t.Errorf("all=1 %s=%s: %d documents, %d listed", field, v.Value, v.Count, exp[v.Value])
			}
		}
	}
	// One value per document, and no story of the demo spans two months.
	if sums["year"] != stories.Total || sums["script"] < stories.Total {
		t.Errorf("year facet sums to %d and script to %d over %d stories", sums["year"], sums["script"], stories.Total)
	}
	// The histogram has every month; facets list their 10 most frequent values.
	histogram := 0
	for _, v := range stories.Histogram {
		histogram += v.Count
		if n := len(want["month"][v.Value]); v.Count != n {
			t.Errorf("histogram %s: %d stories, %d in the list of every copy", v.Value, v.Count, n)
		}
	}
	if histogram != stories.Total {
		t.Errorf("histogram sums to %d over %d stories", histogram, stories.Total)
	}
	if checked < 40 {
		t.Errorf("only %d facet values checked", checked)
	}

	// The same query exported by the CLI and by the API: the same bytes.
	dir := t.TempDir()
	for _, c := range []struct{ what, q, filter, all string }{
		{"figures", "", "", ""}, {"figures", "*", "", ""}, {"figures", "*", "", "1"}, {"documents", "", "", ""},
		{"documents", "", "", "1"}, {"figures", "工商联", "", ""}, {"figures", "工商联", "", "1"},
		{"documents", "商会", "province=山东省", ""}, {"figures", "", "province=山东省", "1"},
	} {
		file := filepath.Join(dir, "cli.csv")
		args := []string{"export", c.what, "--bom", "-o", file, "--data", data}
		v := url.Values{"what": {c.what}}
		if c.q != "" {
			args, v["q"] = append(args, "--query="+c.q), []string{c.q}
		}
		if c.filter != "" {
			args, v["filter"] = append(args, "--filter="+c.filter), []string{c.filter}
		}
		if c.all != "" {
			args, v["all"] = append(args, "--all"), []string{c.all}
		}
		if out, _, err := runCmd(t, args...); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out)
		}
		cli, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := http.Get(base + "/api/export.csv?" + v.Encode())
		if err != nil {
			t.Fatal(err)
		}
		api, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("%s: status %d, %v", v.Encode(), resp.StatusCode, err)
		}
		if !bytes.Equal(cli, api) || bytes.Count(cli, []byte("\n")) < 2 {
			t.Errorf("%s: the CLI wrote %d bytes (%d lines), the API %d (%d lines)", v.Encode(),
				len(cli), bytes.Count(cli, []byte("\n")), len(api), bytes.Count(api, []byte("\n")))
		}
	}

	// The page shows the filter as a chip and the narrowed count.
	resp, err := http.Get(base + "/?q=*&filter=" + url.QueryEscape("province="+stories.Facets["province"][0].Value))
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
