// Package browsertest starts a headless chromium for tests through
// chromedp: a fresh profile, no sandbox, no background traffic, every
// JavaScript dialog recorded (and dismissed), screenshots kept as test
// artifacts. Tests skip with a clear message when chromium is absent.
package browsertest

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/fednews/fednews/internal/shared"
)

// Browser is one headless chromium tab.
type Browser struct {
	Ctx context.Context // chromedp context of the tab

	mu      sync.Mutex
	dialogs []string
}

// Chromium returns the browser to drive: $FEDNEWS_CHROMIUM, else chromium
// on $PATH (Debian's package; .ci/run installs it). It skips the test when
// there is none.
func Chromium(t testing.TB) string {
	t.Helper()
	if p := os.Getenv("FEDNEWS_CHROMIUM"); p != "" {
		return p
	}
	return shared.Tool(t, "apt-get install chromium, or set FEDNEWS_CHROMIUM", "chromium", "chromium-browser")
}

// New starts chromium (1200×900) for the test; it is stopped when the test
// ends.
func New(t testing.TB) *Browser {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(Chromium(t)),
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
	b := &Browser{Ctx: ctx}
	opened := chromedp.Events(ctx, page.JavascriptDialogOpening)
	go func() {
		for ev, err := range opened {
			if err != nil {
				return
			}
			b.mu.Lock()
			b.dialogs = append(b.dialogs, ev.Message)
			b.mu.Unlock()
			chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		}
	}()
	return b
}

// Dialogs returns the messages of the dialogs opened so far.
func (b *Browser) Dialogs() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.dialogs...)
}

// ResetDialogs forgets the dialogs opened so far.
func (b *Browser) ResetDialogs() {
	b.mu.Lock()
	b.dialogs = nil
	b.mu.Unlock()
}

// Do runs actions, failing the test on error.
func (b *Browser) Do(t testing.TB, what string, as ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(b.Ctx, as...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// Run runs an action that returns a value, failing the test on error.
func Run[T any](t testing.TB, b *Browser, what string, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(b.Ctx, a)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return v
}

// ClickAndLoad clicks sel and waits for the page it leads to.
func ClickAndLoad[S chromedp.Selectable](sel S) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Click(sel)))
		return err
	})
}

// Screenshot saves a full-page PNG as name in $FEDNEWS_ARTIFACTS (CI keeps
// it) or else in a temporary directory, and logs the path.
func (b *Browser) Screenshot(t testing.TB, name string) {
	t.Helper()
	dir := os.Getenv("FEDNEWS_ARTIFACTS")
	if dir == "" {
		dir = t.TempDir()
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	png := Run(t, b, "screenshot "+name, chromedp.FullScreenshot(100))
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", p)
}

// Inert checks the page loaded last: no script element, no javascript:
// link, and no dialog opened. It returns what it found wrong.
func (b *Browser) Inert(t testing.TB) []string {
	t.Helper()
	var problems []string
	if n := Run(t, b, "scripts", chromedp.Evaluate[int](`document.scripts.length`)); n > 0 {
		problems = append(problems, "script elements in the page")
	}
	if n := Run(t, b, "links", chromedp.Evaluate[int](`[...document.links].filter(a => a.protocol === 'javascript:').length`)); n > 0 {
		problems = append(problems, "javascript: links in the page")
	}
	if d := b.Dialogs(); len(d) > 0 {
		problems = append(problems, "dialogs opened: "+d[0])
	}
	return problems
}
