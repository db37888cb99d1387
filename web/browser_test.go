package web

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"github.com/fednews/fednews/corpus"
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
	if summary := browsertest.Run(t, b, "summary", chromedp.Text(chromedp.CSS(`.summary p`))); !strings.Contains(summary, "3 篇报道（含转载共 4 篇文档）") {
		t.Errorf("after searching: %q, want 3 篇报道（含转载共 4 篇文档）", summary)
	}

	// Click a facet value: the results narrow and the filter shows as a chip.
	b.Do(t, "facet",
		browsertest.ClickAndLoad(`//details[@data-field="province"]//a[@class="pick"][span="山东省"]`),
		chromedp.WaitVisible(chromedp.CSS(`a.chip`)),
	)
	chip := browsertest.Run(t, b, "chip", chromedp.Text(chromedp.CSS(`a.chip`)))
	hits := browsertest.Run(t, b, "hits", chromedp.Evaluate[[]string](hitTitles))
	if !strings.Contains(chip, "山东省") || len(hits) != 1 || hits[0] != "郯城县商会助力营商环境建设" {
		t.Errorf("after facet click: chip %q hits %q", chip, hits)
	}

	// Download the figures of the current query.
	recs, err := downloadCSV(t, b, `#export-figures`, downloads)
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

	// Phone width: nothing overflows sideways.
	b.Do(t, "phone width",
		chromedp.EmulateViewport(390, 844),
		chromedp.Navigate(srv.URL+"/?q=营商环境"),
		chromedp.WaitVisible(chromedp.CSS(`li.hit`)),
	)
	if browsertest.Run(t, b, "overflow", chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`)) {
		t.Error("the page scrolls sideways at 390 px")
	}
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

// uiCorpus is the fake corpus with enough stories of 营商环境 for several
// pages and provinces.
func uiCorpus() *fakeCorpus {
	c := newFakeCorpus()
	for i, p := range []string{"广东省", "江苏省", "广东省", "浙江省", "江苏省", "广东省", "福建省"} {
		doc := &corpus.Document{Title: fmt.Sprintf("%s工商联推进营商环境建设（%d）", p[:len(p)-len("省")], i+1), Source: []string{"南方日报", "新华日报", "浙江日报"}[i%3],
			Original: fmt.Sprintf("%s民营企业座谈会召开，会议强调持续优化营商环境，全年新增会员企业%d家。", p, 100+i*7), Published: cst(2023+i%2, 1+i, 10)}
		c.add(doc)
		c.mu.Lock()
		c.province[doc.ID] = p
		c.mu.Unlock()
	}
	return c
}

// TestBrowserFacetsPager: two values of one facet (OR), then an exclusion;
// the pager to its last page, keeping the page size.
func TestBrowserFacetsPager(t *testing.T) {
	b := browsertest.New(t)
	srv := httptest.NewServer(newTestServer(t, uiCorpus(), Limits{}))
	defer srv.Close()
	pick := func(field, v string) string {
		return fmt.Sprintf(`//details[@data-field=%q]//a[@class="pick"][span=%q]`, field, v)
	}
	chips := `[...document.querySelectorAll('a.chip')].map(e => e.textContent.trim())`
	b.Do(t, "search", chromedp.Navigate(srv.URL+"/?q=营商环境"), chromedp.WaitVisible(chromedp.CSS(`li.hit`)))
	total := func() string { return browsertest.Run(t, b, "total", chromedp.Text(chromedp.CSS(`#counts strong`))) }
	if n := total(); n != "10" {
		t.Fatalf("营商环境: %s stories, want 10", n)
	}
	b.Do(t, "广东省", browsertest.ClickAndLoad(pick("province", "广东省")), chromedp.WaitVisible(chromedp.CSS(`a.chip`)))
	if n := total(); n != "3" {
		t.Errorf("广东省: %s stories, want 3", n)
	}
	// The facet still offers 江苏省 beside the chosen 广东省.
	b.Do(t, "江苏省", browsertest.ClickAndLoad(pick("province", "江苏省")), chromedp.WaitVisible(chromedp.CSS(`a.chip`)))
	if n, c := total(), browsertest.Run(t, b, "chips", chromedp.Evaluate[[]string](chips)); n != "5" || len(c) != 2 {
		t.Errorf("广东省 OR 江苏省: %s stories, chips %q; want 5 and two chips", n, c)
	}
	checked := browsertest.Run(t, b, "checked", chromedp.Evaluate[[]string](`[...document.querySelectorAll('[data-field=province] a[aria-checked=true] bdi')].map(e => e.textContent)`))
	if strings.Join(checked, ",") != "广东省,江苏省" && strings.Join(checked, ",") != "江苏省,广东省" {
		t.Errorf("checked provinces %q", checked)
	}
	// Exclude a source: the stories of 新华日报 go, and the chip says not.
	b.Do(t, "exclude", browsertest.ClickAndLoad(`//details[@data-field="source"]//li[.//bdi="新华日报"]/a[@class="ex"]`), chromedp.WaitVisible(chromedp.CSS(`a.chip.not`)))
	not := browsertest.Run(t, b, "not chip", chromedp.Text(chromedp.CSS(`a.chip.not`)))
	hits := browsertest.Run(t, b, "hits", chromedp.Evaluate[[]string](hitTitles))
	if n := total(); n != "3" || !strings.Contains(not, "不含 来源: 新华日报") {
		t.Errorf("after excluding 新华日报: %s stories (want 3), chip %q", n, not)
	}
	for _, h := range hits {
		if !strings.Contains(h, "广东") && !strings.Contains(h, "江苏") {
			t.Errorf("hit %q is of neither province", h)
		}
	}
	b.Do(t, "screenshot", chromedp.Navigate(srv.URL+"/?q=营商环境&size=3&filter="+url.QueryEscape("province=广东省|江苏省|山东省")+"&filter="+url.QueryEscape("source!=新华日报")),
		chromedp.WaitVisible(chromedp.CSS(`li.hit`)))
	shot(t, b, "screenshot-search.png")

	// The pager: size=4 over 10 stories is 3 pages; the last has no next.
	b.Do(t, "page 1", chromedp.Navigate(srv.URL+"/?q=营商环境&size=4"), chromedp.WaitVisible(chromedp.CSS(`nav.pager`)))
	for page := 2; page <= 3; page++ {
		b.Do(t, "next", browsertest.ClickAndLoad(chromedp.CSS(`a[rel=next]`)), chromedp.WaitVisible(chromedp.CSS(`nav.pager`)))
	}
	u := browsertest.Run(t, b, "url", chromedp.Evaluate[string](`location.search`))
	of := browsertest.Run(t, b, "page of", chromedp.Text(chromedp.CSS(`.pageof`)))
	next := browsertest.Run(t, b, "next", chromedp.Evaluate[int](`document.querySelectorAll('a[rel=next]').length`))
	n := browsertest.Run(t, b, "hits", chromedp.Evaluate[int](`document.querySelectorAll('li.hit').length`))
	if next != 0 || of != "第 3 页，共 3 页" || n != 2 || !strings.Contains(u, "size=4") || !strings.Contains(u, "page=3") {
		t.Errorf("last page: %s, %q, %d next links, %d hits", u, of, next, n)
	}
}

// TestBrowserDocLanguagePhone: a result opens its document with the
// query's matches marked and a link back; the language switch turns the
// pages English and back; at phone width every column label of the figure
// table shows.
func TestBrowserDocLanguagePhone(t *testing.T) {
	b := browsertest.New(t)
	srv := httptest.NewServer(newTestServer(t, uiCorpus(), Limits{}))
	defer srv.Close()
	b.Do(t, "search", chromedp.Navigate(srv.URL+"/?q=执委会&size=5"), chromedp.WaitVisible(chromedp.CSS(`li.hit`)))
	results := browsertest.Run(t, b, "url", chromedp.Evaluate[string](`location.href`))
	b.Do(t, "open", browsertest.ClickAndLoad(chromedp.CSS(`li.hit h2 a`)), chromedp.WaitVisible(chromedp.CSS(`table.figures`)))
	marks := browsertest.Run(t, b, "marks", chromedp.Evaluate[[]string](`[...document.querySelectorAll('.text mark.qm, h1 mark.qm')].map(e => e.textContent)`))
	if len(marks) != 2 || marks[0] != "执委会" {
		t.Errorf("marks of 执委会: %q, want it in the title and the text", marks)
	}
	shot(t, b, "screenshot-document.png")
	b.Do(t, "back", browsertest.ClickAndLoad(chromedp.CSS(`#back-results`)), chromedp.WaitVisible(chromedp.CSS(`li.hit`)))
	if back := browsertest.Run(t, b, "url", chromedp.Evaluate[string](`location.href`)); back != results {
		t.Errorf("back at %s, want %s", back, results)
	}

	// English by the switch, kept by the next page (a cookie), and back.
	lang := func() string {
		return browsertest.Run(t, b, "lang", chromedp.Evaluate[string](`document.documentElement.lang`))
	}
	b.Do(t, "English", browsertest.ClickAndLoad(chromedp.CSS(`#lang-switch`)), chromedp.WaitVisible(chromedp.CSS(`li.hit`)))
	counts := browsertest.Run(t, b, "counts", chromedp.Text(chromedp.CSS(`#counts`)))
	if lang() != "en" || !strings.Contains(counts, "1 story") {
		t.Errorf("after the switch: lang %q, %q", lang(), counts)
	}
	b.Do(t, "open in English", browsertest.ClickAndLoad(chromedp.CSS(`li.hit h2 a`)), chromedp.WaitVisible(chromedp.CSS(`table.figures`)))
	if h := browsertest.Run(t, b, "heading", chromedp.Text(chromedp.CSS(`#figs`))); lang() != "en" || !strings.HasPrefix(h, "Figures") {
		t.Errorf("the document page after the switch: lang %q, heading %q", lang(), h)
	}
	b.Do(t, "中文", browsertest.ClickAndLoad(chromedp.CSS(`#lang-switch`)), chromedp.WaitVisible(chromedp.CSS(`table.figures`)))
	if h := browsertest.Run(t, b, "heading", chromedp.Text(chromedp.CSS(`#figs`))); lang() != "zh-CN" || !strings.HasPrefix(h, "数据") {
		t.Errorf("switched back: lang %q, heading %q", lang(), h)
	}

	// Phone width: the figure table is stacked rows, each cell under its
	// column's label, nothing cut off or scrolling sideways.
	b.Do(t, "phone", chromedp.EmulateViewport(390, 844), chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`table.figures`)))
	labels := browsertest.Run(t, b, "labels", chromedp.Evaluate[[]string](`[...document.querySelector('table.figures tbody tr').cells].map(td => {
		const r = td.getBoundingClientRect();
		const before = getComputedStyle(td, '::before').content;
		return (r.width > 0 && r.left >= 0 && r.right <= window.innerWidth ? '' : 'hidden:') + before.replace(/^"|"$/g, '');
	})`))
	heads := browsertest.Run(t, b, "heads", chromedp.Evaluate[[]string](`[...document.querySelectorAll('table.figures thead th')].map(th => th.textContent)`))
	if strings.Join(labels, ",") != strings.Join(heads, ",") || len(heads) != 10 {
		t.Errorf("phone figure row labels %q, want the columns %q, all visible", labels, heads)
	}
	if browsertest.Run(t, b, "overflow", chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`)) {
		t.Error("the document page scrolls sideways at 390 px")
	}
	shot(t, b, "screenshot-phone.png")
}

// shot saves a screenshot, into docs/ when FEDNEWS_SCREENSHOTS=1 (how the
// README's pictures are made: FEDNEWS_SCREENSHOTS=1 go test -run Browser ./web).
func shot(t *testing.T, b *browsertest.Browser, name string) {
	t.Helper()
	if os.Getenv("FEDNEWS_SCREENSHOTS") != "1" {
		b.Screenshot(t, name)
		return
	}
	png := browsertest.Run(t, b, "screenshot "+name, chromedp.FullScreenshot(100))
	if err := os.WriteFile(filepath.Join("..", "docs", name), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// downloadCSV clicks the download link selector and reads the CSV the
// browser saved into dir (its BOM dropped), waiting for the download to
// complete.
func downloadCSV(t *testing.T, b *browsertest.Browser, selector, dir string) ([][]string, error) {
	t.Helper()
	progress := chromedp.Events(b.Ctx, browser.DownloadProgress)
	b.Do(t, "download",
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
				Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir, EventsEnabled: ptr(true)})
			return err
		}),
		chromedp.Click(chromedp.CSS(selector)),
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
	data, err := os.ReadFile(filepath.Join(dir, guid))
	if err != nil {
		t.Fatal(err)
	}
	return csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff")))).ReadAll()
}
