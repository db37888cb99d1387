package web

import (
	"context"
	"fmt"
	"net/url"
	"strconv"

	"golang.org/x/sync/semaphore"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/index"
)

// A document is shown a part at a time, and only that part is loaded:
// articles are a few thousand characters and fit one part, but a 15 MB
// one-line "article" with ~300,000 figures, loaded whole for each request,
// made a 169 MB page and six readers of it took 2.4 GB.
const (
	// docPartRunes is how much of a document's text one page shows.
	docPartRunes = 20_000
	// apiPartRunes is how much of each text one /api/doc answer carries.
	apiPartRunes = 200_000
	// pageFigures is the most figures a page lists for its part.
	pageFigures = 5_000
	// apiFigures and maxAPIFigures are the default and the most figures
	// one /api/doc answer carries (figures_limit).
	apiFigures, maxAPIFigures = 1_000, 10_000
	// figureBytes is what one loaded and rendered figure costs, about.
	figureBytes = 1 << 10
	// renderCopies is how many copies of a text rendering makes (the
	// string, the escaped output, the response buffer).
	renderCopies = 3
)

// docWindow is what part of a document one request shows.
type docWindow struct {
	part      int // 1-based text part (clamped to the text)
	partRunes int
	// figures: those of the text part only (the page), or those of the
	// whole document from figOffset (the API); at most figLimit.
	partFigures         bool
	figOffset, figLimit int
}

// cost is what a request for w of a document whose texts take textBytes
// holds at once, about: SQLite loads a whole text even to cut a part of
// it, then the parts are rendered.
func (w docWindow) cost(textBytes int64) int64 {
	return textBytes + int64(2*w.partRunes*utf8Max*renderCopies) + int64(w.figLimit*figureBytes)
}

const utf8Max = 3 // bytes of one CJK rune in UTF-8

// loadDocBounded loads part w of the document of the request's {id}
// once its cost fits within MaxDocBytes (waiting up to the timeout), and
// returns the release of that budget.
func (s *Server) loadDocBounded(ctx context.Context, idText string, w docWindow) (*DocView, func(), error) {
	id, err := strconv.ParseInt(idText, 10, 64)
	if err != nil || id <= 0 {
		return nil, nil, badParam("document id %q: want a positive whole number", idText)
	}
	n, err := s.cfg.Store.TextBytes(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	wait, cancel := context.WithTimeout(ctx, s.cfg.Limits.Timeout)
	defer cancel()
	release, err := acquireHeavy(wait, s.rendering, int64(s.cfg.Limits.MaxDocBytes), w.cost(n))
	if err != nil {
		return nil, nil, err
	}
	v, err := s.loadDoc(ctx, id, w)
	if err != nil {
		release()
		return nil, nil, err
	}
	return v, release, nil
}

func (s *Server) loadDoc(ctx context.Context, id int64, w docWindow) (*DocView, error) {
	st := s.cfg.Store
	doc, lens, err := st.GetPart(ctx, id, (max(w.part, 1)-1)*w.partRunes, w.partRunes)
	if err != nil {
		return nil, fmt.Errorf("get document %d: %w", id, err)
	}
	v := &DocView{Document: doc, Lengths: lens, Duplicates: []index.Duplicate{}}
	v.Parts = max(1, (max(lens.Original, lens.Normalized)+w.partRunes-1)/w.partRunes)
	v.Part = min(max(w.part, 1), v.Parts)
	v.TextOffset = (v.Part - 1) * w.partRunes
	if v.Part != w.part && w.part > 1 { // past the end: the last part
		if v.Document, _, err = st.GetPart(ctx, id, v.TextOffset, w.partRunes); err != nil {
			return nil, fmt.Errorf("get document %d: %w", id, err)
		}
	}
	fw := corpus.FigureWindow{Offset: w.figOffset, Limit: w.figLimit}
	if w.partFigures {
		fw = corpus.FigureWindow{From: v.TextOffset, To: v.TextOffset + w.partRunes, Limit: w.figLimit}
	}
	figs, err := st.FigurePage(ctx, id, fw)
	if err != nil {
		return nil, fmt.Errorf("figures of document %d: %w", id, err)
	}
	v.Figures, v.figureNumbers, v.FiguresTotal, v.FiguresOffset = figs.Figures, figs.Numbers, figs.Total, fw.Offset
	if v.Figures == nil {
		v.Figures = []corpus.Figure{}
	}
	if doc.Cluster != 0 {
		members, err := st.ClusterHeads(ctx, doc.Cluster)
		if err != nil {
			return nil, fmt.Errorf("duplicates of document %d: %w", id, err)
		}
		for _, m := range members {
			if m.ID != doc.ID {
				v.Duplicates = append(v.Duplicates, index.Duplicate{ID: m.ID, Title: m.Title, URL: m.URL})
			}
		}
	}
	return v, nil
}

// apiWindow reads /api/doc's paging parameters: part, figures_offset and
// figures_limit.
func apiWindow(uv url.Values) (docWindow, error) {
	w := docWindow{part: 1, partRunes: apiPartRunes, figLimit: apiFigures}
	var err error
	if uv.Get("part") != "" {
		if w.part, err = parseInt(uv, "part", 1, 1, 1<<20); err != nil {
			return w, err
		}
	}
	if w.figOffset, err = parseInt(uv, "figures_offset", 0, 0, 1<<30); err != nil {
		return w, err
	}
	if w.figLimit, err = parseInt(uv, "figures_limit", apiFigures, 0, maxAPIFigures); err != nil {
		return w, err
	}
	return w, nil
}

// setNextLinks fills the addresses of the next text part and the next
// figures of an /api/doc answer.
func (v *DocView) setNextLinks(w docWindow) {
	link := func(part, figOffset int) string {
		q := url.Values{}
		if part > 1 {
			q.Set("part", strconv.Itoa(part))
		}
		if figOffset > 0 {
			q.Set("figures_offset", strconv.Itoa(figOffset))
		}
		if w.figLimit != apiFigures {
			q.Set("figures_limit", strconv.Itoa(w.figLimit))
		}
		u := "/api/doc/" + strconv.FormatInt(v.ID, 10)
		if len(q) > 0 {
			u += "?" + q.Encode()
		}
		return u
	}
	if v.Part < v.Parts {
		v.NextPart = link(v.Part+1, w.figOffset)
	}
	if next := w.figOffset + len(v.Figures); next < v.FiguresTotal && len(v.Figures) > 0 {
		v.NextFigures = link(v.Part, next)
	}
}

// acquireHeavy waits until n more bytes of documents may be rendered at
// once (a document larger than the whole budget takes all of it), within
// the request's context.
func acquireHeavy(ctx context.Context, sem *semaphore.Weighted, budget, n int64) (release func(), err error) {
	n = min(max(n, 1), budget)
	if err := sem.Acquire(ctx, n); err != nil {
		return nil, err
	}
	return func() { sem.Release(n) }, nil
}
