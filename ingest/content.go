package ingest

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// block is a run of text between two block-level boundaries of the page,
// e.g. one <p>, one <td>, or the text between two <br>.
type block struct {
	text  string     // white space collapsed to single spaces, trimmed
	chars int        // runes that are not white space
	links int        // of them, inside <a>
	punct int        // sentence punctuation marks
	owner *html.Node // innermost block-level element holding the text
}

func (b block) linkDensity() float64 {
	if b.chars == 0 {
		return 0
	}
	return float64(b.links) / float64(b.chars)
}

// removeNonContent drops what never holds article text: scripts, styles,
// forms controls, navigation and hidden elements.
func removeNonContent(doc *goquery.Document) {
	doc.Find(`script, style, noscript, iframe, select, button, input, textarea, svg, canvas, object, embed,
		template, nav, aside, footer, [hidden], [style*="display:none"], [style*="display: none"]`).Remove()
}

// blockTags start and end a block; <br> separates blocks too, since many
// Chinese news pages lay out paragraphs with <br> alone.
var blockTags = map[atom.Atom]bool{
	atom.Address: true, atom.Article: true, atom.Blockquote: true, atom.Body: true, atom.Br: true,
	atom.Caption: true, atom.Center: true, atom.Dd: true, atom.Details: true, atom.Dialog: true,
	atom.Dir: true, atom.Div: true, atom.Dl: true, atom.Dt: true, atom.Fieldset: true,
	atom.Figcaption: true, atom.Figure: true, atom.Form: true, atom.H1: true, atom.H2: true,
	atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true, atom.Header: true, atom.Hgroup: true,
	atom.Hr: true, atom.Html: true, atom.Li: true, atom.Main: true, atom.Menu: true, atom.Ol: true,
	atom.P: true, atom.Pre: true, atom.Section: true, atom.Summary: true, atom.Table: true,
	atom.Tbody: true, atom.Td: true, atom.Tfoot: true, atom.Th: true, atom.Thead: true, atom.Tr: true,
	atom.Ul: true,
}

// isSentencePunct reports the marks that end or split sentences: running
// text has them, menus and link lists rarely do.
func isSentencePunct(r rune) bool {
	switch r {
	case '，', '。', '！', '？', '；', '、', '“', '”', '…', '：', ',', '.', '!', '?', ';':
		return true
	}
	return false
}

// collectBlocks returns the text blocks under root in document order,
// skipping <head>.
func collectBlocks(root *html.Node) []block {
	var out []block
	var cur strings.Builder
	var curOwner *html.Node
	var links int
	flush := func() {
		t := collapseSpace(cur.String())
		cur.Reset()
		if t == "" {
			links = 0
			return
		}
		out = append(out, newBlock(t, links, curOwner))
		links = 0
	}
	var walk func(n, owner *html.Node, inLink bool)
	walk = func(n, owner *html.Node, inLink bool) {
		switch n.Type {
		case html.TextNode:
			if cur.Len() == 0 || curOwner != owner {
				flush()
				curOwner = owner
			}
			cur.WriteString(n.Data)
			if inLink {
				links += nonSpaceRunes(n.Data)
			}
			return
		case html.ElementNode:
			if n.DataAtom == atom.Head || n.DataAtom == atom.Title {
				return // a <title> lands in <body> when junk precedes <html>
			}
			if blockTags[n.DataAtom] {
				flush()
				if n.DataAtom != atom.Br {
					owner = n
				}
			}
			inLink = inLink || n.DataAtom == atom.A
		case html.CommentNode:
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, owner, inLink)
		}
		if n.Type == html.ElementNode && blockTags[n.DataAtom] {
			flush()
		}
	}
	walk(root, root, false)
	flush()
	return out
}

// newBlock counts the characters and punctuation of text, links of them
// inside <a>, held by owner.
func newBlock(text string, links int, owner *html.Node) block {
	b := block{text: text, links: links, owner: owner}
	for _, r := range text {
		if !unicode.IsSpace(r) {
			b.chars++
		}
		if isSentencePunct(r) {
			b.punct++
		}
	}
	return b
}

func nonSpaceRunes(s string) int {
	n := 0
	for _, r := range s {
		if !unicode.IsSpace(r) {
			n++
		}
	}
	return n
}

// collapseSpace turns runs of white space (including U+3000, the
// ideographic space used to indent paragraphs) into one space and trims.
func collapseSpace(s string) string {
	return strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " ")
}

// blockValue is how much a block argues for the subtree holding it being
// the article: sentence text counts for it, link text against it, and a
// short line without punctuation (a menu, a label) slightly against it.
func blockValue(b block) float64 {
	switch {
	case b.linkDensity() > 0.5:
		// Each link costs on top of its text: a list of short links is
		// the surest sign of the page around the article.
		return -float64(b.chars) - 10
	case b.chars < 100 && (siteFooter.MatchString(b.text) || boilerplate.MatchString(b.text)):
		return -float64(b.chars)
	case b.punct > 0 || b.chars-b.links >= 25:
		return float64(b.chars-b.links) - 2*float64(b.links)
	default:
		return -0.25 * float64(b.chars)
	}
}

// mainBlocks returns the bounds [start, end) of the run of consecutive
// blocks with the largest total value (the maximum-sum subarray): the
// article's paragraphs, plus whatever short pieces sit between
// them (a photo caption, a subheading), while the link lists around them
// and a run of furniture inside that outweighs what follows end the run.
// Working on the sequence of blocks rather than on the element tree keeps
// pages with broken markup (an unclosed <p> that swallows the related-links
// table) from dragging the furniture in.
func mainBlocks(blocks []block, titleAt int) (start, end int) {
	best, sum, runStart := 0.0, 0.0, 0
	for i, b := range blocks {
		if i == titleAt {
			continue
		}
		if sum <= 0 {
			sum, runStart = 0, i
		}
		sum += blockValue(b)
		if sum > best {
			best, start, end = sum, runStart, i+1
		}
	}
	return start, end
}

// nearTitle returns the short blocks where pages put the date, source and
// author line: the few after the headline, then the few before it (some
// sites print the date above the headline). Without a headline, the few
// blocks before the main text and its first ones.
func nearTitle(blocks []block, titleAt int, body []block) []block {
	var out []block
	short := func(lo, hi int) {
		for i := max(lo, 0); i < min(hi, len(blocks)); i++ {
			if utf8.RuneCountInString(blocks[i].text) <= 100 {
				out = append(out, blocks[i])
			}
		}
	}
	if titleAt >= 0 {
		short(titleAt+1, titleAt+9)
		short(titleAt-3, titleAt)
		return out
	}
	start := len(blocks)
	if len(body) > 0 {
		start = slices.IndexFunc(blocks, func(b block) bool { return b.owner == body[0].owner && b.text == body[0].text })
	}
	short(start-8, start+3)
	return out
}

var (
	// boilerplate matches the furniture of news pages: print/close/share
	// buttons, font-size switches, editor credits, copyright and
	// navigation between articles.
	boilerplate = regexp.MustCompile(`打印|[关關][闭閉]窗口|收藏|分享到|推[荐薦][给給]|字[号號]|【大|上一篇|下一篇|返[回迴][顶頂]部|返[回迴]首[页頁]|[责責]任[编編][辑輯]|[责責][编編]|[编編][辑輯][：:]|` +
		`[来來]源[：:]|版[权權]所有|版[权權][声聲]明|Copyright|©|[扫掃]一[扫掃]|二[维維][码碼]|[点點][击擊][数數]|[阅閱][读讀][数數]|[浏瀏][览覽]次[数數]|[发發]表[评評][论論]|我要[评評][论論]|相[关關]新[闻聞]|相[关關][阅閱][读讀]|相[关關][链鏈]接`)
	// siteFooter matches the lines at the foot of Chinese sites: licence
	// and registration numbers, copyright, contact and complaint lines.
	siteFooter = regexp.MustCompile(`ICP|[备備]案|[许許]可[证證]|版[权權]|Copyright|©|[举舉][报報]|[违違]法和不良信息|[联聯][系係繫]我[们們]|[关關][于於]我[们們]|[网網]站地[图圖]|` +
		`刊[号號]|[邮郵][发發]代[号號]|[制製]作[单單]位|主[办辦][单單]位|承[办辦][单單]位|技[术術]支持|免[责責][声聲]明|[声聲]明：`)
	// labelled marks a line naming when or by whom something was published.
	labelled = regexp.MustCompile(`[来來]源|作者|[记記]者|[编編][辑輯]|[发發]布|[时時][间間]|日期|[浏瀏][览覽]|[点點][击擊]|[阅閱][读讀]`)
	// headerLine is a forum or article header line: 主题：…, 作者：….
	headerLine = regexp.MustCompile(`^(?:主[题題]|[标標][题題]|[题題]目|作者|[时時][间間]|日期|[来來]源|[发發]布[时時][间間]|[发發]表[时時][间間])\s*[：:]`)
)

// paragraphs turns the main blocks into the article's paragraphs, dropping
// link lists, the title, page furniture and the date/source line (dateline,
// the block the publication date was read from, unless it reads as a
// sentence).
func paragraphs(body []block, title, dateline string) []string {
	var out []string
	for _, b := range body {
		n := utf8.RuneCountInString(b.text)
		switch {
		case b.chars == 0 || b.linkDensity() > 0.5, b.text == dateline && b.punct < 2:
		case title != "" && (b.text == title || (n >= 6 && strings.Contains(title, b.text))):
		case n < 50 && boilerplate.MatchString(b.text), n < 80 && headerLine.MatchString(b.text),
			n < 100 && siteFooter.MatchString(b.text):
		case n < 80 && datePattern.MatchString(b.text) &&
			(labelled.MatchString(b.text) || n-utf8.RuneCountInString(datePattern.FindString(b.text)) < 20):
		default:
			out = append(out, b.text)
		}
	}
	return out
}
