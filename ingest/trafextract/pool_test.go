package trafextract_test

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"

	"github.com/fednews/fednews/ingest"
	"github.com/fednews/fednews/ingest/trafextract"
	"github.com/fednews/fednews/internal/shared"
	"github.com/fednews/fednews/internal/trafhelper"
)

// fakeEnv makes the test binary act as a broken helper (see fakeHelper).
const fakeEnv = "TRAFEXTRACT_FAKE_HELPER"

func TestMain(m *testing.M) {
	if mode := os.Getenv(fakeEnv); mode != "" {
		fakeHelper(mode)
		os.Exit(0)
	}
	os.Exit(trafhelper.Main(m))
}

// fakeHelper misbehaves as mode says once it has read a request: crash
// (exit 2), hang (never answer), huge (announce a 4 GB answer).
func fakeHelper(mode string) {
	var n [4]byte
	if _, err := io.ReadFull(os.Stdin, n[:]); err != nil {
		return
	}
	io.CopyN(io.Discard, os.Stdin, int64(binary.BigEndian.Uint32(n[:])))
	switch mode {
	case "crash":
		os.Stderr.WriteString("fake helper: crashing\n")
		os.Exit(2)
	case "hang":
		select {}
	case "huge":
		os.Stdout.Write([]byte{0xff, 0xff, 0xff, 0xff})
		select {}
	}
}

// inProcess is what the helper must answer: go-trafilatura run in this
// process as ingest/trafextract ran it before the helper existed.
func inProcess(t *testing.T, page string) []ingest.TextBlock {
	t.Helper()
	root, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	res, err := trafilatura.ExtractDocument(root, trafilatura.Options{ExcludeComments: true, EnableFallback: true,
		HtmlDateMode: trafilatura.Disabled})
	if err != nil || res == nil || res.ContentNode == nil {
		return nil
	}
	return ingest.TextBlocks(res.ContentNode)
}

// TestSameAsInProcess: the helper's blocks equal in-process go-trafilatura's
// on the ingest fixtures and the shared cwced pages.
func TestSameAsInProcess(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join("..", "testdata", "pages", "*.html"))
	cwced, _ := filepath.Glob(filepath.Join(shared.Path(t, "peers/cwced"), "original", "*.html"))
	paths = append(paths, cwced...)
	if len(paths) < 20 {
		t.Fatalf("only %d pages found", len(paths))
	}
	p := trafextract.New(trafextract.Options{Size: 2})
	defer p.Close()
	found := 0
	for _, path := range paths {
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		page, _, err := ingest.Decode(raw, "")
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		got, err := p.Extract(page, "http://example.com/a.html")
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if want := inProcess(t, page); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: the helper's %d blocks differ from in-process go-trafilatura's %d", path, len(got), len(want))
		}
		if len(got) > 0 {
			found++
		}
	}
	if found < len(paths)/2 {
		t.Errorf("go-trafilatura found text on %d of %d pages only", found, len(paths))
	}
	if n := p.Starts(); n != 1 {
		t.Errorf("one page at a time started %d helpers, want 1", n)
	}
}

// logs captures slog's default logger for one test.
func logs(t *testing.T) *bytes.Buffer {
	var buf bytes.Buffer
	old := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&buf, nil)))
	t.Cleanup(func() { slog.SetDefault(old) })
	return &buf
}

const article = `<html><head><title>全联召开会议</title></head><body><div id="main"><h1>全联召开会议</h1>
<p>2024年3月1日，中华全国工商业联合会在北京召开执委会议，研究部署今年的重点工作。会议强调，要促进民营经济健康发展。</p>
<p>会议指出，各级工商联要加强自身建设，提高服务会员的能力，推动民营企业在高质量发展中发挥更大作用。</p>
<p>与会代表围绕优化营商环境、支持中小企业发展等议题进行了讨论，并提出了具体建议。</p></div></body></html>`

// TestBrokenHelpers: a helper that crashes, hangs, floods or runs out of
// memory costs its page the second text (a warning says why) and is
// restarted; the article comes out as the goquery extractor alone gives it.
func TestBrokenHelpers(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	real, err := trafextract.Locate()
	if err != nil {
		t.Fatal(err)
	}
	want, err := ingest.ExtractArticle([]byte(article), "", ingest.ExtractOptions{GoqueryOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, path string
		args       []string
		env        string
		says       string // in the warning
	}{
		{"crash", self, nil, fakeEnv + "=crash", "fake helper: crashing"},
		{"hang", self, nil, fakeEnv + "=hang", "no answer within"},
		{"huge answer", self, nil, fakeEnv + "=huge", "frame too large"},
		{"memory", real, []string{"-max-memory=1"}, "", "over the 0 MB limit"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			buf := logs(t)
			// Only the hanging helper meets the timeout: it never answers.
			opts := trafextract.Options{Path: tc.path, Args: tc.args, Timeout: time.Minute}
			if tc.name == "hang" {
				opts.Timeout = 200 * time.Millisecond
			}
			if tc.env != "" {
				opts.Env = []string{tc.env}
			}
			p := trafextract.New(opts)
			defer p.Close()
			defer ingest.RegisterSecondExtractor(nil)
			ingest.RegisterSecondExtractor(p.Extract)
			for i := 1; i <= 2; i++ {
				got, err := ingest.ExtractArticle([]byte(article), "http://example.com/a.html", ingest.ExtractOptions{})
				if err != nil {
					t.Fatal(err)
				}
				if got.Text != want.Text || got.Extractor != ingest.ExtractorGoquery {
					t.Errorf("page %d: %s text %q, want the goquery text %q", i, got.Extractor, got.Text, want.Text)
				}
				if n := p.Starts(); n != i {
					t.Errorf("after page %d: %d helpers started, want %d (one restart per page)", i, n, i)
				}
			}
			if w := buf.String(); !strings.Contains(w, "helper failed on a page") || !strings.Contains(w, tc.says) {
				t.Errorf("warning does not say %q:\n%s", tc.says, w)
			}
		})
	}
}

// TestMissingHelper: without the helper, extraction fails with an error
// saying how to build it, rather than silently dropping go-trafilatura.
func TestMissingHelper(t *testing.T) {
	t.Setenv(trafextract.HelperEnv, filepath.Join(t.TempDir(), "absent"))
	p := trafextract.New(trafextract.Options{})
	defer ingest.RegisterSecondExtractor(nil)
	ingest.RegisterSecondExtractor(p.Extract)
	_, err := ingest.ExtractArticle([]byte(article), "", ingest.ExtractOptions{})
	if !errors.Is(err, trafextract.ErrNoHelper) || !strings.Contains(err.Error(), "make build") {
		t.Fatalf("err = %v, want ErrNoHelper saying to run make build", err)
	}
}

// TestCloseRestarts: Close ends the helpers, and the next page starts one.
func TestCloseRestarts(t *testing.T) {
	p := trafextract.New(trafextract.Options{})
	page := article
	first, err := p.Extract(page, "")
	if err != nil || len(first) == 0 {
		t.Fatalf("first page: %v, %d blocks", err, len(first))
	}
	p.Close()
	again, err := p.Extract(page, "")
	if err != nil || !reflect.DeepEqual(again, first) {
		t.Fatalf("after Close: %v, %d blocks, want the %d of before", err, len(again), len(first))
	}
	p.Close()
	if n := p.Starts(); n != 2 {
		t.Errorf("%d helpers started, want 2", n)
	}
}

// FuzzServe: whatever arrives on its input, the helper's loop answers or
// ends with an error, never a panic.
func FuzzServe(f *testing.F) {
	var ok bytes.Buffer
	w := bufio.NewWriter(&ok)
	body := []byte(`{"url":"u","html":"<p>x</p>"}`)
	binary.Write(w, binary.BigEndian, uint32(len(body)))
	w.Write(body)
	w.Flush()
	f.Add(ok.Bytes())
	f.Add([]byte{0, 0, 0, 5, '{', '}'})
	f.Add([]byte{0xff, 0xff, 0xff, 0xff})
	f.Fuzz(func(t *testing.T, in []byte) {
		var out bytes.Buffer
		n := 0
		err := trafextract.Serve(bytes.NewReader(in), &out, func(page string) ([]ingest.TextBlock, error) {
			n++
			return []ingest.TextBlock{{Text: page}}, nil
		})
		if err == nil && n > 0 && out.Len() == 0 {
			t.Fatalf("%d requests answered with nothing", n)
		}
	})
}

// TestConcurrentPages: pages extracted at once share at most Size helpers
// and each gets its own answer.
func TestConcurrentPages(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join("..", "testdata", "pages", "*.html"))
	if len(paths) < 4 {
		t.Fatalf("only %d pages", len(paths))
	}
	p := trafextract.New(trafextract.Options{Size: 2})
	defer p.Close()
	pages := make([]string, len(paths))
	for i, path := range paths {
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if pages[i], _, err = ingest.Decode(raw, ""); err != nil {
			t.Fatal(err)
		}
	}
	got := make([][]ingest.TextBlock, 3*len(pages))
	errs := make(chan error, len(got))
	for i := range got {
		go func() {
			var err error
			got[i], err = p.Extract(pages[i%len(pages)], "")
			errs <- err
		}()
	}
	for range got {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	for i, blocks := range got {
		if want := inProcess(t, pages[i%len(pages)]); !reflect.DeepEqual(blocks, want) {
			t.Errorf("%s, round %d: the helper's answer is not this page's", paths[i%len(pages)], i/len(pages))
		}
	}
	if n := p.Starts(); n < 1 || n > 2 {
		t.Errorf("%d helpers started, want 1 or 2", n)
	}
}
