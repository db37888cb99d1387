// Package corpusgen generates a synthetic corpus of Chinese federation news
// for benchmarks: documents of about 1.5 KB with places, people, money,
// counts and percentages, in which a third share paragraphs with earlier
// documents (standing lines, quoted passages, reposts), as a real crawl's
// do. The same seed gives the same corpus, so fednews and its peers load
// the same documents.
package corpusgen

import (
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"time"
)

// Document is one generated article, in the fields of fednews's JSONL
// import format.
type Document struct {
	URL       string `json:"url"`
	Title     string `json:"title"`
	Published string `json:"published"`
	Source    string `json:"source"`
	Author    string `json:"author"`
	Text      string `json:"text"`
}

// Kinds of sharing, recorded so that tests (and the benchmark's report)
// can tell what a document took from another.
const (
	Own       = iota // paragraphs of its own only
	Shares           // two of an earlier document's paragraphs among its own
	Repost           // an earlier document's text with a new lead and a tail
	kindCount        // how many kinds there are
)

// targetBytes is the body size a document grows to (UTF-8 bytes).
const targetBytes = 1500

// reservoir bounds the earlier documents a new one may borrow from, so that
// memory stays flat at a million documents; the recent ones are favoured,
// as reposts follow their original within days.
const reservoir = 4096

// Generator produces documents one at a time.
type Generator struct {
	r      *rand.Rand
	n      int
	recent [][]string // paragraphs of the last reservoir documents, by n % reservoir
	origin []int      // which document each recent slot holds
}

// New returns a generator; the same seed gives the same documents.
func New(seed uint64) *Generator {
	return &Generator{r: rand.New(rand.NewPCG(seed, 0x6e657773)),
		recent: make([][]string, reservoir), origin: make([]int, reservoir)}
}

// Next returns the next document and its kind of sharing (Own, Shares or
// Repost) with the index of the document it borrowed from (-1 for Own).
func (g *Generator) Next() (Document, int, int) {
	i := g.n
	g.n++
	r := g.r
	place := g.place()
	kind, from := Own, -1
	if i > 10 && r.IntN(3) == 0 {
		kind = Shares
		if r.IntN(4) == 0 {
			kind = Repost
		}
	}
	var paras []string
	if kind != Own {
		back := 1 + int(r.ExpFloat64()*50)
		back = min(back, i, reservoir)
		slot := (i - back) % reservoir
		from = g.origin[slot]
		src := g.recent[slot]
		switch kind {
		case Repost: // the whole text, a lead line before it and a note after
			paras = append(paras, fmt.Sprintf("（转载自%s）", sources[r.IntN(len(sources))]))
			paras = append(paras, src...)
			paras = append(paras, fmt.Sprintf("（编辑：%s）", people[r.IntN(len(people))]))
		case Shares:
			a := r.IntN(len(src))
			paras = append(paras, src[a], src[(a+1)%len(src)])
		}
	}
	if r.IntN(4) == 0 {
		paras = append([]string{boilerplate[r.IntN(len(boilerplate))]}, paras...)
	}
	for kind != Repost && size(paras) < targetBytes {
		paras = append(paras, g.paragraph(place))
	}
	// The closing line makes every text distinct, as a dateline does.
	paras = append(paras, fmt.Sprintf("（%s，第%d号）", sources[r.IntN(len(sources))], i))
	g.recent[i%reservoir], g.origin[i%reservoir] = paras, i
	pub := time.Date(2015+r.IntN(11), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC)
	title := titles[r.IntN(len(titles))]
	if strings.Count(title, "%s") == 2 {
		title = fmt.Sprintf(title, place, g.place())
	} else {
		title = fmt.Sprintf(title, place)
	}
	return Document{
		URL:       fmt.Sprintf("https://news.example.cn/%d/%06d.html", pub.Year(), i),
		Title:     title,
		Published: pub.Format("2006-01-02"),
		Source:    sources[r.IntN(len(sources))],
		Author:    authors[r.IntN(len(authors))],
		Text:      strings.Join(paras, "\n"),
	}, kind, from
}

func size(paras []string) int {
	n := 0
	for _, p := range paras {
		n += len(p) + 1
	}
	return n
}

func (g *Generator) place() string {
	switch g.r.IntN(3) {
	case 0:
		return provinces[g.r.IntN(len(provinces))]
	case 1:
		return cities[g.r.IntN(len(cities))]
	}
	return cities[g.r.IntN(len(cities))] + counties[g.r.IntN(len(counties))]
}

// paragraph is two to four sentences about place (and now and then another).
func (g *Generator) paragraph(place string) string {
	r := g.r
	var b strings.Builder
	for range 2 + r.IntN(3) {
		p := place
		if r.IntN(4) == 0 {
			p = g.place()
		}
		fmt.Fprintf(&b, sentences[r.IntN(len(sentences))], p,
			industries[r.IntN(len(industries))], people[r.IntN(len(people))],
			g.money(), 3+r.IntN(2000), fmt.Sprintf("%.1f%%", float64(r.IntN(300))/10),
			fmt.Sprintf("%d年%d月底", 2015+r.IntN(11), 1+r.IntN(12)))
	}
	return b.String()
}

func (g *Generator) money() string {
	r := g.r
	switch r.IntN(3) {
	case 0:
		return fmt.Sprintf("%d.%d亿元", 1+r.IntN(500), r.IntN(10))
	case 1:
		return fmt.Sprintf("%d万元", 10+r.IntN(99990))
	}
	return fmt.Sprintf("%d亿美元", 1+r.IntN(90))
}

// WriteJSONL writes n documents from seed as JSON lines and returns how
// many of each kind (Own, Shares, Repost) it wrote.
func WriteJSONL(w io.Writer, seed uint64, n int) ([kindCount]int, error) {
	var kinds [kindCount]int
	g := New(seed)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for range n {
		d, kind, _ := g.Next()
		kinds[kind]++
		if err := enc.Encode(d); err != nil {
			return kinds, fmt.Errorf("write document %d: %w", g.n-1, err)
		}
	}
	return kinds, nil
}
