package crawl

import (
	"regexp"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/fednews/fednews/ingest"
)

// Per-source settings applied around ingest's article extraction: the
// source's own re-check interval and User-Agent, and the source and author
// selectors, which ingest.ExtractOptions does not take. Title, date and
// body selectors are passed to ExtractArticle as they are.

// recheck is the source's re-check interval: its own, else the file's.
func (c *crawler) recheck(src *Source) time.Duration {
	if src.Recheck.Duration > 0 {
		return src.Recheck.Duration
	}
	return c.cfg.Recheck.Duration
}

// selectorLabel is a label before the value in a matched element:
// "来源：", "作者: ", "信息来源 ：".
var selectorLabel = regexp.MustCompile(`^[\p{Han}A-Za-z]{1,6}\s*[：:]\s*`)

// override replaces the article's source and author with what the
// source's selectors find on the page (text, decoded), when they find
// something.
func (s *Source) override(text string, art *ingest.Article) {
	if s.sourceSel == nil && s.authSel == nil {
		return
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(text))
	if err != nil {
		return
	}
	pick := func(sel goquery.Matcher, into *string) {
		v := strings.Join(strings.Fields(doc.FindMatcher(sel).First().Text()), " ")
		if v = selectorLabel.ReplaceAllString(v, ""); v != "" {
			*into = v
		}
	}
	if s.sourceSel != nil {
		pick(s.sourceSel, &art.Source)
	}
	if s.authSel != nil {
		pick(s.authSel, &art.Author)
	}
}
