package web

import (
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"github.com/fednews/fednews/internal/browsertest"
)

const hitTitles = `[...document.querySelectorAll('li.hit h2')].map(e => e.textContent)`

func TestBrowserSearchFacetDocumentDownload(t *testing.T) {
	b := browsertest.New(t)
	srv := httptest.NewServer(newTestServer(t, newFakeCorpus(), Limits{}))
	defer srv.Close()
	downloads := t.TempDir()

	// Search from the box.
	b.Do(t, "search",
		chromedp.Navigate(srv.URL+"/"),
		chromedp.SetValue(chromedp.CSS(`input[name=q]`), "营商环境"),
		browsertest.ClickAndLoad(chromedp.CSS(`form.search button`)),
		chromedp.WaitVisible(chromedp.CSS(`li.hit`)),
	)
	if summary := browsertest.Run(t, b, "summary", chromedp.Text(chromedp.CSS(`.summary p`))); !strings.Contains(summary, "3 stories (4 documents with reposts)") {
		t.Errorf("after searching: %q, want 3 stories (4 documents with reposts)", summary)
	}
	b.Screenshot(t, "search.png")

	// Click a facet value: the results narrow and the filter shows as a chip.
	b.Do(t, "facet",
		browsertest.ClickAndLoad(`//details[summary="Province"]//a[span="山东省"]`),
		chromedp.WaitVisible(chromedp.CSS(`a.chip`)),
	)
	chip := browsertest.Run(t, b, "chip", chromedp.Text(chromedp.CSS(`a.chip`)))
	hits := browsertest.Run(t, b, "hits", chromedp.Evaluate[[]string](hitTitles))
	if !strings.Contains(chip, "山东省") || len(hits) != 1 || hits[0] != "郯城县商会助力营商环境建设" {
		t.Errorf("after facet click: chip %q hits %q", chip, hits)
	}

	// Download the figures of the current query.
	progress := chromedp.Events(b.Ctx, browser.DownloadProgress)
	b.Do(t, "download",
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
	b.Do(t, "open document",
		browsertest.ClickAndLoad(chromedp.CSS(`li.hit h2 a`)),
		chromedp.WaitVisible(chromedp.CSS(`table.figures`)),
	)
	rows := browsertest.Run(t, b, "figure rows", chromedp.Evaluate[[]string](`[...document.querySelectorAll('table.figures tbody tr')].map(r => r.cells[1].textContent)`))
	marks := browsertest.Run(t, b, "marks", chromedp.Evaluate[int](`document.querySelectorAll('.text mark.fig').length`))
	if len(rows) != 1 || rows[0] != "约3亿元" || marks != 1 {
		t.Errorf("document figures %q, %d marked in the text", rows, marks)
	}
	b.Screenshot(t, "document.png")

	// Phone width: nothing overflows sideways.
	b.Do(t, "phone width",
		chromedp.EmulateViewport(390, 844),
		chromedp.Navigate(srv.URL+"/?q=营商环境"),
		chromedp.WaitVisible(chromedp.CSS(`li.hit`)),
	)
	if browsertest.Run(t, b, "overflow", chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`)) {
		t.Error("the page scrolls sideways at 390 px")
	}
	b.Screenshot(t, "search-phone.png")
	if d := b.Dialogs(); len(d) > 0 {
		t.Errorf("dialogs opened: %q", d)
	}
}

func ptr[T any](v T) *T { return &v }

func TestBrowserArticleScriptIsInert(t *testing.T) {
	b := browsertest.New(t)
	srv := httptest.NewServer(newTestServer(t, newFakeCorpus(), Limits{}))
	defer srv.Close()

	// Control: the same text served raw does run, so the checks below can fail.
	raw := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, "<!doctype html><body>"+evilText+"<footer></footer></body>")
	}))
	defer raw.Close()
	b.Do(t, "control", chromedp.Navigate(raw.URL), chromedp.Sleep(300*time.Millisecond))
	if pwned := browsertest.Run(t, b, "control", chromedp.Evaluate[int](`window.__pwned || 0`)); pwned == 0 || len(b.Inert(t)) == 0 {
		t.Fatalf("control page: __pwned=%d, problems %q: the detector does not see script running", pwned, b.Inert(t))
	}
	b.ResetDialogs()

	for _, path := range []string{"/doc/5", "/doc/5?text=simplified", "/?q=营商环境", "/?q=" + "%3Cscript%3Ealert(1)%3C%2Fscript%3E"} {
		b.Do(t, path,
			chromedp.Navigate(srv.URL+path),
			chromedp.WaitReady(chromedp.CSS(`footer`)),
			chromedp.Sleep(300*time.Millisecond), // let onerror/onload fire if they could
		)
		if pwned := browsertest.Run(t, b, "pwned", chromedp.Evaluate[int](`window.__pwned === undefined ? 0 : window.__pwned`)); pwned != 0 {
			t.Errorf("%s: script ran (__pwned=%d)", path, pwned)
		}
		if p := b.Inert(t); len(p) > 0 {
			t.Errorf("%s: %q", path, p)
		}
		if path == "/doc/5" {
			text := browsertest.Run(t, b, "text", chromedp.Evaluate[string](`document.querySelector('.text').textContent`))
			if !strings.Contains(text, `<script>window.__pwned=1;alert("x")</script>`) {
				t.Errorf("%s: the article's markup is not shown as text: %q", path, text)
			}
		}
	}
}
