package web

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/index"
)

// fakeCorpus is an in-memory store and searcher for handler and browser
// tests: substring matching over title and text, facets counted over the
// matches, duplicates collapsed by cluster.
type fakeCorpus struct {
	mu       sync.RWMutex
	docs     []*corpus.Document
	figs     map[int64][]corpus.Figure
	province map[int64]string
	searches int
	delay    time.Duration // each search sleeps this long, honouring ctx

	inflight, maxInflight atomic.Int32 // searches running now, and at most
}

func cst(y, m, d int) time.Time {
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.FixedZone("CST", 8*3600))
}

func fv(v float64) *float64 { return &v }

// evilText is article text that tries every way of running script.
const evilText = `开头<script>window.__pwned=1;alert("x")</script>中间<img src=x onerror="window.__pwned=2;alert(1)">` +
	`<a href="javascript:window.__pwned=3">点我</a><svg onload="window.__pwned=4"></svg>结尾`

func newFakeCorpus() *fakeCorpus {
	c := &fakeCorpus{figs: map[int64][]corpus.Figure{}, province: map[int64]string{}}
	add := func(title, source, province string, pub time.Time, text string, cluster int64, figs ...corpus.Figure) {
		id := int64(len(c.docs) + 1)
		if cluster == 0 {
			cluster = id
		}
		c.docs = append(c.docs, &corpus.Document{ID: id, Seq: id, Cluster: cluster, Title: title, Source: source,
			URL: fmt.Sprintf("http://news.example/a/%d.html", id), Published: pub, Script: "simplified",
			Original: text, Normalized: text})
		if province != "" { // as ingest stores it
			c.docs[len(c.docs)-1].Entities = &corpus.Entities{About: corpus.Places{Provinces: []string{province}}}
		}
		c.figs[id] = figs
		c.province[id] = province
	}
	add("万年县工商联召开第十一届执委会", "万年县工商联", "江西省", cst(2023, 3, 8),
		"万年县工商联召开执委会。全县民营企业达1200家，同比增长5.2%。\n会议强调优化营商环境。", 0,
		corpus.Figure{Kind: "count", Text: "1200家", Start: 19, End: 24, Value: fv(1200), Unit: "家", Qualifier: "exact", Subject: "民营企业"},
		corpus.Figure{Kind: "percent", Text: "5.2%", Start: 29, End: 33, Value: fv(5.2), Unit: "%", Qualifier: "exact"})
	add("郯城县商会助力营商环境建设", "临沂日报", "山东省", cst(2023, 5, 2),
		"郯城县商会投资约3亿元，持续优化营商环境。", 0,
		corpus.Figure{Kind: "money", Text: "约3亿元", Start: 7, End: 11, Value: fv(3e8), Unit: "元", Qualifier: "approx", Subject: "=HYPERLINK(\"http://evil\")",
			PeriodStart: "2024", Topic: "investment"})
	add("郯城县商会助力营商环境建设（转载）", "新浪", "山东省", cst(2023, 5, 3),
		"郯城县商会投资约3亿元，持续优化营商环境。", 2)
	add("长沙县女企业家商会成立", "长沙晚报", "湖南省", cst(2024, 1, 15),
		"长沙县女企业家商会今日成立，首批会员86人。", 0,
		corpus.Figure{Kind: "count", Text: "86人", Start: 18, End: 21, Value: fv(86), Unit: "人", Qualifier: "exact"})
	add(`<script>alert("title")</script>营商环境`, "@evil", "安徽省", cst(2024, 2, 1), evilText, 0,
		corpus.Figure{Kind: "count", Text: "点我", Start: 0, End: 2})
	return c
}

func (c *fakeCorpus) add(doc *corpus.Document) {
	c.mu.Lock()
	defer c.mu.Unlock()
	doc.ID = int64(len(c.docs) + 1)
	doc.Seq, doc.Cluster = doc.ID, doc.ID
	c.docs = append(c.docs, doc)
}

func (c *fakeCorpus) Get(ctx context.Context, id int64) (*corpus.Document, error) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	for _, d := range c.docs {
		if d.ID == id {
			cp := *d
			return &cp, nil
		}
	}
	return nil, corpus.ErrNotFound
}

// FigurePage selects as the store does, from the figures in text order.
func (c *fakeCorpus) FigurePage(ctx context.Context, id int64, w corpus.FigureWindow) (corpus.FigurePage, error) {
	c.mu.RLock()
	figs := slices.Clone(c.figs[id])
	c.mu.RUnlock()
	slices.SortStableFunc(figs, func(a, b corpus.Figure) int { return cmp.Or(a.Start-b.Start, a.End-b.End) })
	var p corpus.FigurePage
	for i, f := range figs {
		if f.Start < w.From || w.To > 0 && f.End > w.To {
			continue
		}
		if p.Total++; p.Total > w.Offset && len(p.Figures) < w.Limit {
			p.Figures = append(p.Figures, f)
			p.Numbers = append(p.Numbers, i+1)
		}
	}
	return p, nil
}

func (c *fakeCorpus) GetPart(ctx context.Context, id int64, start, n int) (*corpus.Document, corpus.TextLengths, error) {
	d, err := c.Get(ctx, id)
	if err != nil {
		return nil, corpus.TextLengths{}, err
	}
	cut := func(s string) (string, int) {
		r := []rune(s)
		from := min(start, len(r))
		return string(r[from:min(from+n, len(r))]), len(r)
	}
	var lens corpus.TextLengths
	d.Original, lens.Original = cut(d.Original)
	d.Normalized, lens.Normalized = cut(d.Normalized)
	return d, lens, nil
}

func (c *fakeCorpus) TextBytes(ctx context.Context, id int64) (int64, error) {
	d, err := c.Get(ctx, id)
	if err != nil {
		return 0, err
	}
	return int64(len(d.Original) + len(d.Normalized)), nil
}

func (c *fakeCorpus) StorySizes(ctx context.Context) (map[int64]int, error) {
	sizes := map[int64]int{}
	for _, d := range c.docs {
		sizes[d.Cluster]++
	}
	return sizes, nil
}

func (c *fakeCorpus) ClusterHeads(ctx context.Context, cluster int64) ([]*corpus.Document, error) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	var out []*corpus.Document
	for _, d := range c.docs {
		if d.Cluster == cluster {
			head := *d
			head.Original, head.Normalized = "", ""
			out = append(out, &head)
		}
	}
	return out, nil
}

func (c *fakeCorpus) Changed(ctx context.Context, after int64, limit int) ([]*corpus.Document, error) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	var out []*corpus.Document
	for _, d := range c.docs {
		if d.Seq > after && len(out) < limit {
			out = append(out, d)
		}
	}
	return out, nil
}

func (c *fakeCorpus) EachFigure(ctx context.Context, ids []int64, fn func(*corpus.Document, corpus.Figure) error) error {
	c.mu.RLock()
	defer c.mu.RUnlock()
	for _, d := range c.docs {
		if ids != nil && !slices.Contains(ids, d.ID) {
			continue
		}
		for _, f := range c.figs[d.ID] {
			if err := fn(d, f); err != nil {
				return err
			}
		}
	}
	return nil
}

func (c *fakeCorpus) field(d *corpus.Document, field string) []string {
	switch field {
	case "year":
		return []string{strconv.Itoa(d.Published.Year())}
	case "month":
		return []string{d.Published.Format("2006-01")}
	case "source":
		return []string{d.Source}
	case "province":
		return []string{c.province[d.ID]}
	case "kind":
		var out []string
		for _, f := range c.figs[d.ID] {
			if !slices.Contains(out, f.Kind) {
				out = append(out, f.Kind)
			}
		}
		return out
	}
	return nil
}

// runeRanges returns the rune ranges of the occurrences of term in text.
func runeRanges(text, term string) [][2]int {
	var out [][2]int
	rs, ts := []rune(text), []rune(term)
	for i := 0; i+len(ts) <= len(rs) && len(ts) > 0; i++ {
		if string(rs[i:i+len(ts)]) == term {
			out = append(out, [2]int{i, i + len(ts)})
		}
	}
	return out
}

// IDs lists the hits of one page of at most 1000 (the fake holds fewer).
func (c *fakeCorpus) IDs(ctx context.Context, req index.Request, limit int) ([]int64, error) {
	req.Limit, req.Offset = 1000, 0
	res, err := c.Search(ctx, req)
	if err != nil {
		return nil, err
	}
	if limit > 0 && res.Total > limit {
		return nil, &index.TooManyError{Total: res.Total, Limit: limit}
	}
	ids := []int64{}
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
		if req.NoCollapse {
			for _, d := range h.Duplicates {
				ids = append(ids, d.ID)
			}
		}
	}
	slices.Sort(ids)
	return ids, nil
}

func (c *fakeCorpus) Search(ctx context.Context, req index.Request) (*index.Response, error) {
	n := c.inflight.Add(1)
	defer c.inflight.Add(-1)
	for m := c.maxInflight.Load(); n > m && !c.maxInflight.CompareAndSwap(m, n); m = c.maxInflight.Load() {
	}
	if c.delay > 0 {
		select {
		case <-time.After(c.delay):
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	if strings.Count(req.Query, `"`)%2 == 1 {
		return nil, &index.QueryError{Pos: -1, Msg: "unbalanced quote"}
	}
	if req.Limit > 1000 {
		return nil, &index.QueryError{Pos: -1, Msg: "limit must be 1..1000"}
	}
	c.mu.Lock()
	c.searches++
	c.mu.Unlock()
	c.mu.RLock()
	defer c.mu.RUnlock()
	var terms []string
	if req.Query != "*" {
		terms = strings.Fields(strings.ReplaceAll(req.Query, `"`, ""))
	}
	res := &index.Response{Hits: []index.Hit{}, Facets: map[string][]index.FacetValue{}}
	counts := map[string]map[string]int{}
	seen := map[int64]int{} // cluster → hit index
	var hits []index.Hit
	for _, d := range c.docs {
		ok := true
		for _, t := range terms {
			ok = ok && (strings.Contains(d.Title, t) || strings.Contains(d.Normalized, t))
		}
		for _, f := range req.Filters { // any of the values; none of them with Not
			has := false
			for _, v := range f.Values() {
				has = has || slices.Contains(c.field(d, f.Field), v)
			}
			ok = ok && has != f.Not
		}
		ok = ok && (req.From.IsZero() || !d.Published.Before(req.From)) && (req.To.IsZero() || d.Published.Before(req.To))
		if !ok {
			continue
		}
		res.Documents++
		if i, dup := seen[d.Cluster]; dup && !req.NoCollapse {
			hits[i].Duplicates = append(hits[i].Duplicates, index.Duplicate{ID: d.ID, Title: d.Title, URL: d.URL})
			continue
		}
		seen[d.Cluster] = len(hits)
		h := index.Hit{ID: d.ID, Title: d.Title, URL: d.URL, Source: d.Source, Published: d.Published.Format(time.DateOnly),
			SnippetRaw: d.Original, Duplicates: []index.Duplicate{}}
		for _, t := range terms {
			h.Marks = append(h.Marks, runeRanges(d.Original, t)...)
			for _, r := range runeRanges(d.Title, t) {
				h.Matches = append(h.Matches, index.Span{Field: "title", Start: r[0], End: r[1]})
			}
		}
		hits = append(hits, h)
		fields := req.Facets
		if req.Histogram {
			fields = append(slices.Clip(fields), "month")
		}
		for _, f := range fields {
			if counts[f] == nil {
				counts[f] = map[string]int{}
			}
			for _, v := range c.field(d, f) {
				counts[f][v]++
			}
		}
	}
	res.Total = len(hits)
	switch req.Sort {
	case "newest":
		sort.SliceStable(hits, func(i, j int) bool { return hits[i].Published > hits[j].Published })
	case "oldest":
		sort.SliceStable(hits, func(i, j int) bool { return hits[i].Published < hits[j].Published })
	}
	if req.Offset < len(hits) {
		res.Hits = hits[req.Offset:min(req.Offset+req.Limit, len(hits))]
	}
	for f, m := range counts {
		var vs []index.FacetValue
		for v, n := range m {
			vs = append(vs, index.FacetValue{Value: v, Count: n})
		}
		sort.Slice(vs, func(i, j int) bool {
			return vs[i].Count > vs[j].Count || vs[i].Count == vs[j].Count && vs[i].Value < vs[j].Value
		})
		if f == "month" && req.Histogram {
			sort.Slice(vs, func(i, j int) bool { return vs[i].Value < vs[j].Value })
			res.Histogram = vs
			continue
		}
		res.Facets[f] = vs[:min(len(vs), max(req.FacetSize, 10))]
	}
	return res, nil
}
