package ingest

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
)

// ErrNoArticle is returned by ExtractArticle for a page without article text.
var ErrNoArticle = errors.New("no article text found")

// ErrTruncated is returned by ExtractArticle for a page that opens <html>
// or <body> and closes neither: an interrupted download, whose text would
// be stored cut short.
var ErrTruncated = errors.New("page is truncated: it opens <html> or <body> but closes neither")

var (
	opensPage  = regexp.MustCompile(`(?i)<(?:html|body)[\s>]`)
	closesPage = regexp.MustCompile(`(?i)</(?:html|body)\s*>`)
)

// Article is what ExtractArticle finds in a page.
type Article struct {
	// URL is the canonical link the page declares, else the page URL.
	URL   string `json:"url,omitempty"`
	Title string `json:"title"`
	// Published is zero when the page shows no plausible date; dates in
	// the future are rejected.
	Published time.Time `json:"published"`
	Source    string    `json:"source"` // publisher named on the page (来源：…)
	Author    string    `json:"author"` // 作者/记者/编辑 …, names separated by spaces
	// Paragraphs is the main text, one entry per paragraph; Text is the
	// same joined with "\n".
	Paragraphs []string `json:"-"`
	Text       string   `json:"text"`
	Charset    string   `json:"charset"`
}

// ExtractOptions adjusts ExtractArticle. The zero value extracts with the
// general heuristics.
type ExtractOptions struct {
	// ContentType is the HTTP Content-Type header of the page, if known,
	// for its charset.
	ContentType string
	// Now is the moment after which dates are in the future; zero means
	// time.Now().
	Now time.Time
	// TitleSelector, DateSelector and BodySelector are CSS selectors a
	// crawler source may give for a site whose layout defeats the
	// heuristics; each one that matches replaces the heuristic for its part.
	TitleSelector, DateSelector, BodySelector string
}

// ExtractArticle decodes page (see Decode) and extracts the article in it:
// title, publication date, source, author and main text as paragraphs.
// pageURL is the address the page was fetched from ("" for a file).
//
// The main text is the subtree of the page whose paragraphs carry the most
// sentence text net of link text; inside it, paragraphs that are mostly
// links or are page furniture (share buttons, print, editor lines) are
// dropped. Dates come from meta tags, JSON-LD, <time>, and then Chinese
// date patterns near the title.
func ExtractArticle(page []byte, pageURL string, opts ExtractOptions) (Article, error) {
	text, charset, err := Decode(page, opts.ContentType)
	if err != nil {
		return Article{}, err
	}
	if opensPage.MatchString(text) && !closesPage.MatchString(text) {
		return Article{Charset: charset}, ErrTruncated
	}
	a, err := extractDecoded(text, pageURL, opts)
	a.Charset = charset
	return a, err
}

func extractDecoded(text, pageURL string, opts ExtractOptions) (Article, error) {
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	root, err := html.Parse(strings.NewReader(text))
	if err != nil { // html.Parse fails only on reader errors
		return Article{}, fmt.Errorf("parse html: %w", err)
	}
	doc := goquery.NewDocumentFromNode(root)
	a := Article{URL: pageURL}
	if href, ok := doc.Find(`link[rel="canonical"]`).First().Attr("href"); ok && strings.HasPrefix(href, "http") {
		a.URL = strings.TrimSpace(href)
	}
	meta := readMeta(doc) // before cleaning: JSON-LD lives in <script>
	removeNonContent(doc)

	blocks := collectBlocks(root)
	var titleAt int
	a.Title, titleAt = findTitle(doc, blocks, meta, opts.TitleSelector)

	var body, after []block
	if opts.BodySelector != "" {
		for _, n := range doc.Find(opts.BodySelector).Nodes {
			body = append(body, collectBlocks(n)...)
		}
	}
	if len(body) == 0 {
		start, end := mainBlocks(blocks, titleAt)
		for i := start; i < end; i++ {
			if i != titleAt {
				body = append(body, blocks[i])
			}
		}
		after = blocks[end:min(end+5, len(blocks))]
	}
	near := nearTitle(blocks, titleAt, body)
	lines := metaLines(near, body, after)
	var byTitle []block
	if titleAt >= 0 {
		byTitle = near
	}
	var dateline string
	a.Published, dateline = findPublished(doc, meta, byTitle, lines, blocks, pageURL, opts)
	a.Source, a.Author = findSourceAuthor(meta, lines, body)
	a.Paragraphs = paragraphs(body, a.Title, dateline)
	a.Text = strings.Join(a.Paragraphs, "\n")
	if a.Text == "" {
		return a, ErrNoArticle
	}
	return a, nil
}
