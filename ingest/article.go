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

// ErrNotArticle is returned by ExtractArticle for a list or index page:
// links to articles, not one. The Article returned with it has the title
// and PageList; callers count such pages instead of storing them.
var ErrNotArticle = errors.New("not an article: the page is a list of links to articles")

// ErrTruncated is returned by ExtractArticle for a page that opens <html>
// or <body> and closes neither: an interrupted download, whose text would
// be stored cut short.
var ErrTruncated = errors.New("page is truncated: it opens <html> or <body> but closes neither")

// MaxPageBytes is the largest page ExtractArticle reads: an article page
// is well under a megabyte; anything near this is an archive or a dump,
// whose extraction would take minutes for no article.
const MaxPageBytes = 16 << 20

// ErrPageTooLarge is returned by ExtractArticle for a page over
// MaxPageBytes.
var ErrPageTooLarge = errors.New("page too large for article extraction")

// secondMaxBytes bounds the decoded pages the second extractor
// (go-trafilatura) also reads: above it the goquery extractor answers
// alone, as go-trafilatura's cost grows fastest with size.
const secondMaxBytes = 2 << 20

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
	// PublishedFrom names the evidence the date was read from: selector,
	// json-ld, meta, time, title_block, labelled, text or url; "" without a
	// date.
	PublishedFrom string `json:"published_from,omitempty"`
	// PageType is the kind of page (see PageType); for a forum or blog the
	// text is the first post or entry.
	PageType PageType `json:"page_type"`
	// Extractor names the extractor whose text was chosen (ExtractorGoquery
	// or ExtractorTrafilatura).
	Extractor string `json:"extractor"`
	// Agreement is the bigram F1 between the two extractors' texts (0 when
	// only one ran or one found nothing).
	Agreement float64 `json:"agreement"`
	Source    string  `json:"source"` // publisher named on the page (来源：…)
	Author    string  `json:"author"` // 作者/记者/编辑 …, names separated by spaces
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
	// GoqueryOnly skips go-trafilatura and page-type evidence that needs
	// it: the extractor as it was before the two were combined, kept for
	// comparison (ingest/extracteval, the benchmarks).
	GoqueryOnly bool
	// AgreeMin is the bigram F1 between the two extractors' texts from
	// which they count as agreeing (see Article.Agreement); zero means the
	// default, DefaultAgreeMin.
	AgreeMin float64
}

// ExtractArticle decodes page (see Decode) and extracts the article in it:
// title, publication date, source, author and main text as paragraphs.
// pageURL is the address the page was fetched from ("" for a file).
//
// Two extractors propose the main text: the run of blocks of the page
// carrying the most sentence text net of link text (paragraphs that are
// mostly links or page furniture dropped), and go-trafilatura. When they
// agree the first is kept; otherwise the page evidence decides (see
// choose). A page of several dated posts or entries (forum, blog) gives
// its first one; a list of links gives ErrNotArticle. Dates come from meta
// tags, JSON-LD, <time>, and then Chinese date patterns near the title.
func ExtractArticle(page []byte, pageURL string, opts ExtractOptions) (Article, error) {
	if len(page) > MaxPageBytes {
		return Article{}, fmt.Errorf("%w: %d MB, over %d MB (split it, or import its text as .txt)",
			ErrPageTooLarge, len(page)>>20, MaxPageBytes>>20)
	}
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
	if err != nil { // a reader error, or elements nested deeper than any real page
		return Article{}, fmt.Errorf("parse html: %w (the page cannot be read as HTML; nothing extracted)", err)
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
	var entryStamp string // the line dating a forum's or blog's first entry
	a.PageType, a.Extractor = PageArticle, ExtractorGoquery
	if opts.BodySelector != "" {
		for _, n := range doc.Find(opts.BodySelector).Nodes {
			body = append(body, collectBlocks(n)...)
		}
	}
	selected := len(body) > 0
	if !selected {
		start, end := mainBlocks(blocks, titleAt)
		for i := start; i < end; i++ {
			if i != titleAt {
				body = append(body, blocks[i])
			}
		}
		after = blocks[end:min(end+5, len(blocks))]
		switch entry, stamp, forum, ok := firstEntry(blocks, titleAt-3, len(blocks)); {
		case opts.GoqueryOnly:
		case ok:
			body, a.PageType, entryStamp = entry, PageBlog, stamp
			if forum {
				a.PageType = PageForum
			}
		case isList(blocks, body):
			a.PageType = PageList
		case hasTOC(root):
			// A reference page opens with a summary above its table of
			// contents, whose links end the run: take the summary back.
			a.PageType = PageWiki
			var lead []block
			for i := titleAt + 1; titleAt >= 0 && i < start; i++ {
				if b := blocks[i]; b.punct > 0 && b.linkDensity() <= 0.5 && b.chars-b.links >= minEntry/2 {
					lead = append(lead, b)
				}
			}
			body = append(lead, body...)
		}
	}
	near := nearTitle(blocks, titleAt, body)
	lines := metaLines(near, body, after)
	var byTitle []block
	if titleAt >= 0 {
		byTitle = near
	}
	var dateline string
	a.Published, dateline, a.PublishedFrom = findPublished(doc, meta, byTitle, lines, blocks, pageURL, opts)
	if t, ok := parseDate(entryStamp); ok && plausible(t, opts.Now) && opts.DateSelector == "" {
		// A thread's or blog's own meta and title dates are the page's
		// (last post, archive month); the first entry's stamp is its own.
		a.Published, dateline, a.PublishedFrom = t, entryStamp, "entry_stamp"
	}
	a.Source, a.Author = findSourceAuthor(meta, lines, body)
	a.Paragraphs = paragraphs(body, a.Title, dateline)
	if a.PageType == PageList {
		return a, ErrNotArticle
	}
	if !selected && !opts.GoqueryOnly && a.PageType != PageForum && a.PageType != PageBlog && len(text) <= secondMaxBytes {
		theirBlocks, err := secondParagraphs(text, pageURL)
		if err != nil {
			return a, err
		}
		theirs := paragraphs(theirBlocks, a.Title, dateline)
		a.Paragraphs, a.Extractor, a.Agreement = choose(a.Paragraphs, theirs, a.Title, opts.AgreeMin)
	}
	a.Text = strings.Join(a.Paragraphs, "\n")
	if a.Text == "" {
		return a, ErrNoArticle
	}
	if a.PageType == PageArticle && !opts.GoqueryOnly && sentenceChars(textBlocks(a.Paragraphs)) < minEntry {
		a.PageType = PageOther // text, but no running text: a photo, video or contact page
	}
	return a, nil
}
