package ingest

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// Extractor names which extractor's text an Article carries.
const (
	ExtractorGoquery     = "goquery"     // the block-run extractor of this package
	ExtractorTrafilatura = "trafilatura" // github.com/markusmobius/go-trafilatura
)

// DefaultAgreeMin is the bigram F1 between the two extractors' texts from
// which they are taken to have found the same article; ours is then kept,
// as it strips the date and source lines of Chinese pages. Below it the
// page evidence decides. It was set before measuring; on the cwced pages
// every value from 0.5 to 0.9 scores the same (ingest/extracteval tunes it
// out-of-fold and reports that).
const DefaultAgreeMin = 0.8

// SecondExtractor proposes the main text of a decoded page, fetched from
// pageURL ("" for a file), as text blocks (nil when it finds none), for
// ExtractArticle to weigh against its own. An error means the extractor
// cannot run at all (e.g. its helper program is missing) and fails the
// page; an extractor that fails on one page returns nil and says why
// itself. Package ingest/trafextract registers go-trafilatura as one.
type SecondExtractor func(page, pageURL string) ([]TextBlock, error)

// TextBlock is one block of a second extractor's text: its text, white
// space collapsed, and how many of its characters are link text. It is
// what crosses the pipe to go-trafilatura's helper process.
type TextBlock struct {
	Text  string `json:"text"`
	Links int    `json:"links,omitempty"`
}

// TextBlocks returns the text blocks under an extractor's subtree in
// document order, as ExtractArticle reads its own page.
func TextBlocks(root *html.Node) []TextBlock {
	bs := collectBlocks(root)
	out := make([]TextBlock, len(bs))
	for i, b := range bs {
		out[i] = TextBlock{Text: b.text, Links: b.links}
	}
	return out
}

// second is the registered SecondExtractor; nil means goquery alone.
var second SecondExtractor

// RegisterSecondExtractor makes ExtractArticle combine f with the goquery
// extractor. It is called from an init function (as database/sql drivers
// register), so that programs that never extract do not link it.
func RegisterSecondExtractor(f SecondExtractor) { second = f }

// secondParagraphs runs the second extractor on the decoded page and
// returns its text as blocks; nil without one or when it finds nothing.
func secondParagraphs(text, pageURL string) ([]block, error) {
	if second == nil {
		return nil, nil
	}
	tbs, err := second(text, pageURL)
	if err != nil {
		return nil, fmt.Errorf("second extractor: %w", err)
	}
	var out []block
	for _, t := range tbs {
		out = append(out, newBlock(t.Text, t.Links, nil))
	}
	return out, nil
}

// BigramOverlap scores got against want by their character bigrams (as
// multisets, white space removed): the share of got's bigrams in want
// (precision), of want's in got (recall), and their harmonic mean. It is
// the cwced dataset's content score, and how the two extractors' agreement
// is measured.
func BigramOverlap(got, want string) (p, r, f float64) {
	g, w := bigrams(got), bigrams(want)
	var ng, nw, both int
	for k, c := range g {
		ng += c
		both += min(c, w[k])
	}
	for _, c := range w {
		nw += c
	}
	if ng == 0 || nw == 0 || both == 0 {
		return 0, 0, 0
	}
	p, r = float64(both)/float64(ng), float64(both)/float64(nw)
	return p, r, 2 * p * r / (p + r)
}

func bigrams(s string) map[string]int {
	var rs []rune
	for _, c := range s {
		if !unicode.IsSpace(c) {
			rs = append(rs, c)
		}
	}
	m := make(map[string]int, len(rs))
	for i := 0; i+1 < len(rs); i++ {
		m[string(rs[i:i+2])]++
	}
	return m
}

// furnitureShare is the share of a text's characters in lines that read
// as page furniture rather than running text: short lines without
// sentence punctuation, link-heavy lines, footer and boilerplate lines.
func furnitureShare(bs []block) float64 {
	var junk, all int
	for _, b := range bs {
		all += b.chars
		if b.linkDensity() > 0.5 || (b.punct == 0 && b.chars < 30) ||
			(b.chars < 100 && (siteFooter.MatchString(b.text) || boilerplate.MatchString(b.text))) {
			junk += b.chars
		}
	}
	if all == 0 {
		return 1
	}
	return float64(junk) / float64(all)
}

// choose picks between the goquery text (ours) and go-trafilatura's
// (theirs). Theirs is taken only on evidence against ours: ours has no
// text to speak of and theirs has running text; or theirs holds nearly all
// of ours and adds running text that does not repeat the headline (ours
// stopped early at a section break, as on reference pages); or ours holds
// nearly all of theirs and what it adds reads as furniture (comment
// headers, related links). When the two agree (bigram F1 >= agreeMin) ours
// is kept, as it strips the date and source lines of Chinese pages.
func choose(ours, theirs []string, title string, agreeMin float64) (paras []string, extractor string, agreement float64) {
	o, t := strings.Join(ours, "\n"), strings.Join(theirs, "\n")
	ob, tb := textBlocks(ours), textBlocks(theirs)
	os, ts := sentenceChars(ob), sentenceChars(tb)
	if t == "" || ts < minEntry {
		return ours, ExtractorGoquery, 0
	}
	if nonSpaceRunes(o) < minEntry {
		return theirs, ExtractorTrafilatura, 0
	}
	if agreeMin == 0 {
		agreeMin = DefaultAgreeMin
	}
	// p: share of theirs found in ours; r: share of ours found in theirs.
	p, r, agreement := BigramOverlap(t, o)
	switch {
	case agreement >= agreeMin:
	case r >= containMin && ts > os && ts <= 4*os:
		// At most four times ours: a text many times longer holding a
		// short one is the page around it, not the rest of the article.
		if extra := notIn(tb, o); len(extra) > 0 && furnitureShare(extra) <= 0.3 && !holds(extra, title) {
			return theirs, ExtractorTrafilatura, agreement
		}
	case p >= containMin && os > ts:
		if furnitureShare(notIn(ob, t)) > 0.5 {
			return theirs, ExtractorTrafilatura, agreement
		}
	}
	return ours, ExtractorGoquery, agreement
}

// notIn returns the blocks of bs mostly not found in text.
func notIn(bs []block, text string) []block {
	var out []block
	for _, b := range bs {
		if p, _, _ := BigramOverlap(b.text, text); p < containMin {
			out = append(out, b)
		}
	}
	return out
}

// holds reports whether one of bs contains the headline: text that repeats
// the headline is the page's header, not the article's continuation.
func holds(bs []block, title string) bool {
	if utf8.RuneCountInString(title) < 4 {
		return false
	}
	for _, b := range bs {
		if strings.Contains(b.text, title) {
			return true
		}
	}
	return false
}

// containMin is the share of one text's bigrams found in the other from
// which the other counts as holding it.
const containMin = 0.9

func textBlocks(paras []string) []block {
	out := make([]block, len(paras))
	for i, p := range paras {
		out[i] = newBlock(p, 0, nil)
	}
	return out
}
