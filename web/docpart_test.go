package web

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/zh"
)

// A long document is shown in parts: each page carries one part's text and
// figures (numbered in the whole document) and links to its neighbours.
func TestDocPageParts(t *testing.T) {
	c := newFakeCorpus()
	filler := strings.Repeat("会", docPartRunes)
	text := "开头共有12家企业。" + filler + "中间签约8亿元。" + filler + "结尾"
	doc := &corpus.Document{Title: "超长文章", Original: text, Normalized: text}
	c.add(doc)
	start2 := strings.Index(text, "8亿元")
	r2 := len([]rune(text[:start2]))
	c.mu.Lock()
	c.figs[doc.ID] = []corpus.Figure{
		{Kind: "count", Text: "12家", Start: 4, End: 7},
		{Kind: "money", Text: "8亿元", Start: r2, End: r2 + 3},
	}
	c.mu.Unlock()
	s := newTestServer(t, c, Limits{})
	id := fmt.Sprint(doc.ID)

	body := get(t, s, "/doc/"+id).Body.String()
	if !strings.Contains(body, "第 1 部分，共 3 部分") || !strings.Contains(body, `href="/doc/`+id+`?part=2" rel="next"`) ||
		!strings.Contains(body, `id="f1"`) || strings.Contains(body, `id="f2"`) || strings.Contains(body, "结尾") {
		t.Errorf("part 1 is wrong: %.300s", body)
	}
	if len(body) > 4*docPartRunes*3 {
		t.Errorf("part 1 is %d bytes: the page is not bounded by the part", len(body))
	}
	body = get(t, s, "/doc/"+id+"?part=2").Body.String()
	if !strings.Contains(body, `<mark class="fig" id="f2" title="数据 2">8亿元</mark>`) || strings.Contains(body, `id="f1"`) ||
		!strings.Contains(body, "?part=1") && !strings.Contains(body, `href="/doc/`+id+`" rel="prev"`) {
		t.Errorf("part 2 is wrong")
	}
	if w := get(t, s, "/doc/"+id+"?part=x"); w.Code != http.StatusBadRequest {
		t.Errorf("part=x: status %d", w.Code)
	}
	if body := get(t, s, "/doc/"+id+"?part=99").Body.String(); !strings.Contains(body, "第 3 部分，共 3 部分") || !strings.Contains(body, "结尾") {
		t.Errorf("a part past the end shows the last one")
	}
}

// While documents take the whole MaxDocBytes budget, another document
// request waits, and answers 503 at the timeout instead of adding its
// bytes to the heap.
func TestDocBytesBounded(t *testing.T) {
	s := newTestServer(t, newFakeCorpus(), Limits{MaxDocBytes: 1 << 20, Timeout: 50 * time.Millisecond})
	if err := s.rendering.Acquire(context.Background(), 1<<20); err != nil {
		t.Fatal(err)
	}
	for _, target := range []string{"/api/doc/1", "/doc/1"} {
		if w := get(t, s, target); w.Code != http.StatusServiceUnavailable {
			t.Errorf("GET %s with the budget taken: status %d, want 503", target, w.Code)
		}
	}
	s.rendering.Release(1 << 20)
	if w := get(t, s, "/api/doc/1"); w.Code != http.StatusOK {
		t.Errorf("GET /api/doc/1 after release: status %d", w.Code)
	}
}

// A right-to-left override in an article's title, source or text is
// isolated (<bdi>, unicode-bidi: isolate) so that it cannot reorder the
// page around it.
func TestBidiOverrideIsolated(t *testing.T) {
	c := newFakeCorpus()
	doc := &corpus.Document{Title: "标题\u202e反转", Source: "来源\u202e", Original: "正文\u202e反转了吗"}
	c.add(doc)
	s := newTestServer(t, c, Limits{})
	body := get(t, s, fmt.Sprint("/doc/", doc.ID)).Body.String()
	for _, want := range []string{"<h1><bdi>标题\u202e反转</bdi></h1>", "<dd><bdi>来源\u202e</bdi></dd>"} {
		if !strings.Contains(body, want) {
			t.Errorf("document page lacks %q", want)
		}
	}
	css := get(t, s, "/static/style.css").Body.String()
	if !strings.Contains(css, ".text, .text mark, .snippet mark { unicode-bidi: isolate; }") {
		t.Errorf("the text is not isolated in the style sheet")
	}
}

// boundedStore fails a test that reads a whole document: the document
// page and /api/doc must load only what they show.
type boundedStore struct {
	*fakeCorpus
	t         *testing.T
	maxRunes  int
	maxFigure int
}

func (b boundedStore) Get(ctx context.Context, id int64) (*corpus.Document, error) {
	b.t.Errorf("Get(%d) loads the whole document", id)
	return b.fakeCorpus.Get(ctx, id)
}

func (b boundedStore) GetPart(ctx context.Context, id int64, start, n int) (*corpus.Document, corpus.TextLengths, error) {
	if n > b.maxRunes {
		b.t.Errorf("GetPart(%d, %d, %d) loads more than %d runes", id, start, n, b.maxRunes)
	}
	return b.fakeCorpus.GetPart(ctx, id, start, n)
}

func (b boundedStore) FigurePage(ctx context.Context, id int64, w corpus.FigureWindow) (corpus.FigurePage, error) {
	if w.Limit > b.maxFigure {
		b.t.Errorf("FigurePage(%d, %+v) loads more than %d figures", id, w, b.maxFigure)
	}
	return b.fakeCorpus.FigurePage(ctx, id, w)
}

// boundedServer serves c through a boundedStore.
func boundedServer(t *testing.T, c *fakeCorpus, maxRunes, maxFigures int) *Server {
	t.Helper()
	s, err := New(Config{Searcher: c, Store: boundedStore{c, t, maxRunes, maxFigures},
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// hugeDoc adds a document of parts*docPartRunes runes with a figure of
// two runes every ten, as a one-line "article" of numbers has.
func hugeDoc(c *fakeCorpus, parts int) (*corpus.Document, []corpus.Figure) {
	text := strings.Repeat("增长８％，共计５家。", parts*docPartRunes/10)
	doc := &corpus.Document{Title: "数字", Original: text, Normalized: zh.Normalize(text, zh.AllSteps).Text}
	c.add(doc)
	var figs []corpus.Figure
	for i := 0; i < parts*docPartRunes; i += 10 {
		figs = append(figs, corpus.Figure{Kind: "percent", Text: "８％", Start: i + 2, End: i + 4})
	}
	c.mu.Lock()
	c.figs[doc.ID] = figs
	c.mu.Unlock()
	return doc, figs
}

// /api/doc answers a part of each text and a page of the figures, with the
// addresses of the next ones; following them gives the whole document.
func TestAPIDocPaged(t *testing.T) {
	c := newFakeCorpus()
	doc, figs := hugeDoc(c, 25) // 500,000 runes: 3 API parts; 50,000 figures
	s := boundedServer(t, c, apiPartRunes, maxAPIFigures)
	target := fmt.Sprintf("/api/doc/%d?figures_limit=7000", doc.ID)
	var text, normalized strings.Builder
	for n := 0; target != ""; n++ {
		if n > 3 {
			t.Fatalf("more than 3 parts: %s", target)
		}
		v := decode[DocView](t, get(t, s, target))
		if v.Parts != 3 || v.Part != n+1 || v.TextOffset != n*apiPartRunes || v.Lengths.Original != len([]rune(doc.Original)) {
			t.Fatalf("%s: part %d of %d at %d, lengths %+v", target, v.Part, v.Parts, v.TextOffset, v.Lengths)
		}
		text.WriteString(v.Original)
		normalized.WriteString(v.Normalized)
		if n == 0 {
			if v.FiguresTotal != len(figs) || len(v.Figures) != 7000 || v.Figures[6999] != figs[6999] ||
				v.NextFigures != fmt.Sprintf("/api/doc/%d?figures_limit=7000&figures_offset=7000", doc.ID) {
				t.Errorf("first figures: %d of %d, next %q", len(v.Figures), v.FiguresTotal, v.NextFigures)
			}
		}
		target = v.NextPart
	}
	if text.String() != doc.Original || normalized.String() != doc.Normalized {
		t.Errorf("the parts do not make the texts (%d and %d runes)", len([]rune(text.String())), len([]rune(normalized.String())))
	}
	v := decode[DocView](t, get(t, s, fmt.Sprintf("/api/doc/%d?figures_offset=49990", doc.ID)))
	if len(v.Figures) != 10 || v.Figures[0] != figs[49990] || v.NextFigures != "" || v.FiguresOffset != 49990 {
		t.Errorf("last figures: %d from %d, next %q", len(v.Figures), v.FiguresOffset, v.NextFigures)
	}
	for _, bad := range []string{"figures_limit=10001", "figures_offset=-1", "part=0", "figures_limit=x"} {
		if w := get(t, s, fmt.Sprintf("/api/doc/%d?%s", doc.ID, bad)); w.Code != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 400", bad, w.Code)
		}
	}
}

// The page of a part lists and marks the figures of that part, numbered
// in the whole document, in both the original and the simplified text.
func TestDocPagePartFigures(t *testing.T) {
	c := newFakeCorpus()
	doc, _ := hugeDoc(c, 3)
	s := boundedServer(t, c, docPartRunes, pageFigures)
	// Figure n starts at rune 10(n-1)+2: part 2 holds figures 2001..4000.
	for _, tc := range []struct{ query, mark string }{
		{"part=2", `<mark class="fig" id="f2001" title="数据 2001">８％</mark>`},
		// The simplified view converts the script only: the width stays as published.
		{"part=2&text=simplified", `<mark class="fig" id="f2001" title="数据 2001">８％</mark>`},
	} {
		body := get(t, s, fmt.Sprintf("/doc/%d?%s", doc.ID, tc.query)).Body.String()
		if !strings.Contains(body, tc.mark) || !strings.Contains(body, `id="f4000"`) || strings.Contains(body, `id="f2000"`) ||
			strings.Contains(body, `id="f4001"`) || !strings.Contains(body, `<a href="#f2001">2001</a>`) ||
			!strings.Contains(body, "2000（本部分）") {
			i := strings.Index(body, "<h2 id=\"figs\">")
			t.Errorf("%s: the part's figures are wrong: %.600s", tc.query, body[max(i, 0):])
		}
	}
}
