package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/fednews/fednews/corpus"
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
	if !strings.Contains(body, "Part 1 of 3") || !strings.Contains(body, `href="/doc/`+id+`?part=2" rel="next"`) ||
		!strings.Contains(body, `id="f1"`) || strings.Contains(body, `id="f2"`) || strings.Contains(body, "结尾") {
		t.Errorf("part 1 is wrong: %.300s", body)
	}
	if len(body) > 4*docPartRunes*3 {
		t.Errorf("part 1 is %d bytes: the page is not bounded by the part", len(body))
	}
	body = get(t, s, "/doc/"+id+"?part=2").Body.String()
	if !strings.Contains(body, `<mark class="fig" id="f2" title="figure 2">8亿元</mark>`) || strings.Contains(body, `id="f1"`) ||
		!strings.Contains(body, "?part=1") && !strings.Contains(body, `href="/doc/`+id+`" rel="prev"`) {
		t.Errorf("part 2 is wrong")
	}
	if w := get(t, s, "/doc/"+id+"?part=x"); w.Code != http.StatusBadRequest {
		t.Errorf("part=x: status %d", w.Code)
	}
	if body := get(t, s, "/doc/"+id+"?part=99").Body.String(); !strings.Contains(body, "Part 3 of 3") || !strings.Contains(body, "结尾") {
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
