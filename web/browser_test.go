package web

import (
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// Chromium finds the browser for browser tests: $FEDNEWS_CHROMIUM, else
// chromium on $PATH (Debian's package; .ci/run installs it).
func chromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("FEDNEWS_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("browser test skipped: chromium is not installed (apt-get install chromium, or set FEDNEWS_CHROMIUM); .ci/run installs it")
	return ""
}

// browserContext starts a headless chromium with a fresh profile and no
// background traffic, and records every JavaScript dialog that opens.
func browserContext(t *testing.T) (context.Context, *dialogs) {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.WindowSize(1200, 900),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	d := &dialogs{}
	opened := chromedp.Events(ctx, page.JavascriptDialogOpening)
	go func() {
		for ev, err := range opened {
			if err != nil {
				return
			}
			d.add(ev.Message)
			chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		}
	}()
	return ctx, d
}

type dialogs struct {
	mu   sync.Mutex
	msgs []string
}

func (d *dialogs) add(m string) { d.mu.Lock(); d.msgs = append(d.msgs, m); d.mu.Unlock() }
func (d *dialogs) reset()       { d.mu.Lock(); d.msgs = nil; d.mu.Unlock() }
func (d *dialogs) list() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]string(nil), d.msgs...)
}

// artifactDir is where browser tests leave screenshots: $FEDNEWS_ARTIFACTS
// when set (CI keeps it), else a test temporary directory.
func artifactDir(t *testing.T) string {
	if d := os.Getenv("FEDNEWS_ARTIFACTS"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	return t.TempDir()
}

func screenshot(t *testing.T, ctx context.Context, dir, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", p)
}

// run runs an action that returns a value, failing the test on error.
func run[T any](t *testing.T, ctx context.Context, what string, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return v
}

func do(t *testing.T, ctx context.Context, what string, as ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, as...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// clickAndLoad clicks sel and waits for the page it leads to.
func clickAndLoad[S chromedp.Selectable](sel S) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Click(sel)))
		return err
	})
}

const hitTitles = `[...document.querySelectorAll('li.hit h2')].map(e => e.textContent)`

func TestBrowserSearchFacetDocumentDownload(t *testing.T) {
	ctx, dlg := browserContext(t)
	srv := httptest.NewServer(newTestServer(t, newFakeCorpus(), Limits{}))
	defer srv.Close()
	art := artifactDir(t)
	downloads := t.TempDir()

	// Search from the box.
	do(t, ctx, "search",
		chromedp.Navigate(srv.URL+"/"),
		chromedp.SetValue(chromedp.CSS(`input[name=q]`), "营商环境"),
		clickAndLoad(chromedp.CSS(`form.search button`)),
		chromedp.WaitVisible(chromedp.CSS(`li.hit`)),
	)
	if summary := run(t, ctx, "summary", chromedp.Text(chromedp.CSS(`.summary p`))); !strings.Contains(summary, "3 articles") {
		t.Errorf("after searching: %q, want 3 articles", summary)
	}
	screenshot(t, ctx, art, "search.png")

	// Click a facet value: the results narrow and the filter shows as a chip.
	do(t, ctx, "facet",
		clickAndLoad(`//details[summary="Province"]//a[span="山东省"]`),
		chromedp.WaitVisible(chromedp.CSS(`a.chip`)),
	)
	chip := run(t, ctx, "chip", chromedp.Text(chromedp.CSS(`a.chip`)))
	hits := run(t, ctx, "hits", chromedp.Evaluate[[]string](hitTitles))
	if !strings.Contains(chip, "山东省") || len(hits) != 1 || hits[0] != "郯城县商会助力营商环境建设" {
		t.Errorf("after facet click: chip %q hits %q", chip, hits)
	}

	// Download the figures of the current query.
	progress := chromedp.Events(ctx, browser.DownloadProgress)
	do(t, ctx, "download",
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
				Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: downloads, EventsEnabled: ptr(true)})
			return err
		}),
		chromedp.Click(chromedp.CSS(`#export-figures`)),
	)
	var guid string
	for ev, err := range progress {
		if err != nil {
			t.Fatalf("the CSV download did not complete: %v", err)
		}
		if ev.State == browser.DownloadProgressStateCompleted {
			guid = ev.GUID
			break
		}
	}
	data, err := os.ReadFile(filepath.Join(downloads, guid))
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff")))).ReadAll()
	if err != nil || len(recs) != 2 || recs[1][0] != "2" || !strings.Contains(strings.Join(recs[1], ","), "约3亿元") {
		t.Errorf("downloaded CSV (%v): %q", err, recs)
	}

	// Open the document: its figures are a table and marked in the text.
	do(t, ctx, "open document",
		clickAndLoad(chromedp.CSS(`li.hit h2 a`)),
		chromedp.WaitVisible(chromedp.CSS(`table.figures`)),
	)
	rows := run(t, ctx, "figure rows", chromedp.Evaluate[[]string](`[...document.querySelectorAll('table.figures tbody tr')].map(r => r.cells[1].textContent)`))
	marks := run(t, ctx, "marks", chromedp.Evaluate[int](`document.querySelectorAll('.text mark.fig').length`))
	if len(rows) != 1 || rows[0] != "约3亿元" || marks != 1 {
		t.Errorf("document figures %q, %d marked in the text", rows, marks)
	}
	screenshot(t, ctx, art, "document.png")

	// Phone width: nothing overflows sideways.
	do(t, ctx, "phone width",
		chromedp.EmulateViewport(390, 844),
		chromedp.Navigate(srv.URL+"/?q=营商环境"),
		chromedp.WaitVisible(chromedp.CSS(`li.hit`)),
	)
	if run(t, ctx, "overflow", chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`)) {
		t.Error("the page scrolls sideways at 390 px")
	}
	screenshot(t, ctx, art, "search-phone.png")
	if d := dlg.list(); len(d) > 0 {
		t.Errorf("dialogs opened: %q", d)
	}
}

func ptr[T any](v T) *T { return &v }

func TestBrowserArticleScriptIsInert(t *testing.T) {
	ctx, dlg := browserContext(t)
	srv := httptest.NewServer(newTestServer(t, newFakeCorpus(), Limits{}))
	defer srv.Close()
	// Control: the same text served raw does run, so the checks below can fail.
	raw := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, "<!doctype html><body>"+evilText+"<footer></footer></body>")
	}))
	defer raw.Close()
	do(t, ctx, "control", chromedp.Navigate(raw.URL), chromedp.Sleep(300*time.Millisecond))
	if pwned := run(t, ctx, "control", chromedp.Evaluate[int](`window.__pwned || 0`)); pwned == 0 || len(dlg.list()) == 0 {
		t.Fatalf("control page: __pwned=%d, dialogs %q: the detector does not see script running", pwned, dlg.list())
	}
	dlg.reset()

	for _, path := range []string{"/doc/5", "/doc/5?text=simplified", "/?q=营商环境", "/?q=" + "%3Cscript%3Ealert(1)%3C%2Fscript%3E"} {
		do(t, ctx, path,
			chromedp.Navigate(srv.URL+path),
			chromedp.WaitReady(chromedp.CSS(`footer`)),
			chromedp.Sleep(300*time.Millisecond), // let onerror/onload fire if they could
		)
		pwned := run(t, ctx, "pwned", chromedp.Evaluate[int](`window.__pwned === undefined ? 0 : window.__pwned`))
		scripts := run(t, ctx, "scripts", chromedp.Evaluate[int](`document.scripts.length`))
		links := run(t, ctx, "links", chromedp.Evaluate[int](`[...document.links].filter(a => a.protocol === 'javascript:').length`))
		if pwned != 0 || scripts != 0 || links != 0 {
			t.Errorf("%s: script ran (__pwned=%d), %d script elements, %d javascript: links", path, pwned, scripts, links)
		}
		if path == "/doc/5" {
			text := run(t, ctx, "text", chromedp.Evaluate[string](`document.querySelector('.text').textContent`))
			if !strings.Contains(text, `<script>window.__pwned=1;alert("x")</script>`) {
				t.Errorf("%s: the article's markup is not shown as text: %q", path, text)
			}
		}
	}
	if d := dlg.list(); len(d) > 0 {
		t.Errorf("dialogs opened: %q", d)
	}
}
