package ingest

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// PageType says what kind of page an article was extracted from.
type PageType string

// The page types ExtractArticle reports.
const (
	PageArticle PageType = "article" // one text under one headline
	PageList    PageType = "list"    // an index of links to articles: not an article
	PageForum   PageType = "forum"   // a thread of posts; the first post is the article
	PageBlog    PageType = "blog"    // several dated entries; the first entry is the article
	PageWiki    PageType = "wiki"    // a reference page with a table of contents
	PageOther   PageType = "other"   // text without running text: photo, video, contact pages
)

var (
	// replyMark is what forum software prints on a post's header: the
	// floor number, reply and quote buttons, the thread starter's badge
	// (发表于 is not one: blogs print it too).
	replyMark = regexp.MustCompile(`[楼樓]主|\d+\s*[楼樓#]|沙[发發]|板凳|[回迴]复|[回迴][覆複]|引用|只看|[帖貼]子|Reply|reply|#\d+`)
	// stampLabel marks a line that dates a post: 发表于 2005-10-01.
	stampLabel = regexp.MustCompile(`[发發]表|[发發]布|[张張][贴貼]|posted|Posted|[时時][间間]`)
	// tocMark is the id or class of a table of contents (toc, mw-toc,
	// catalog), the sign of a reference page.
	tocMark = regexp.MustCompile(`(?i)(?:^|[-_\s])toc(?:$|[-_\s])|catalog|mulu`)
)

// isStamp reports whether b is the short line that dates one post or
// entry: a date with a time of day, or a date after a label (发表于 …),
// with no sentence in it (a timeline inside an article: 10:30，代表们步入
// 会场), not a link (a list of dated links is a list, not a thread).
func isStamp(b block) bool {
	if b.chars > 60 || b.linkDensity() > 0.5 || strings.ContainsAny(b.text, "，。！？；") {
		return false
	}
	m := datePattern.FindStringSubmatch(b.text)
	return m != nil && (m[4] != "" || stampLabel.MatchString(b.text))
}

// signature is an element's tag and class: posts printed by one template
// share it.
func signature(n *html.Node) string {
	if n == nil || n.Type != html.ElementNode {
		return ""
	}
	for _, a := range n.Attr {
		if a.Key == "class" {
			return n.Data + "." + strings.Join(strings.Fields(a.Val), ".")
		}
	}
	return n.Data
}

// sentenceChars is the text of blocks that read as running text: with
// sentence punctuation and mostly not links.
func sentenceChars(bs []block) int {
	n := 0
	for _, b := range bs {
		if b.punct > 0 && b.linkDensity() <= 0.5 {
			n += b.chars - b.links
		}
	}
	return n
}

// minEntry is the running text (in characters) a stretch between two
// stamps needs to count as a post: less is a header, a signature line or a
// title of the next entry.
const minEntry = 40

// firstEntry looks for a page of several dated posts or entries inside
// blocks[from:to): stamps (see isStamp) printed by one template (one
// signature) separating stretches of running text. It returns the first
// entry's blocks, whether the stamps read as a forum's (reply marks
// around them) and whether the page has such entries at all. A stamp may
// head its post or close it; which one is read from where the text is.
func firstEntry(blocks []block, from, to int) (entry []block, stamp string, forum, ok bool) {
	from, to = max(from, 0), min(to, len(blocks))
	bySig := map[string][]int{}
	var order []string
	for i := from; i < to; i++ {
		if isStamp(blocks[i]) {
			s := signature(blocks[i].owner)
			if bySig[s] == nil {
				order = append(order, s)
			}
			bySig[s] = append(bySig[s], i)
		}
	}
	for _, s := range order {
		stamps := bySig[s]
		if len(stamps) < 2 {
			continue
		}
		// Stretches after each stamp (stamp heads its post) and before it
		// (stamp closes it); the reading with more posts of text wins.
		var heads, tails [][]block
		var headStamps, tailStamps []string
		for k, at := range stamps {
			end := to
			if k+1 < len(stamps) {
				end = stamps[k+1]
			}
			if seg := blocks[at+1 : end]; sentenceChars(seg) >= minEntry {
				heads, headStamps = append(heads, seg), append(headStamps, blocks[at].text)
			}
			begin := from
			if k > 0 {
				begin = stamps[k-1] + 1
			}
			if seg := blocks[begin:at]; sentenceChars(seg) >= minEntry {
				tails, tailStamps = append(tails, seg), append(tailStamps, blocks[at].text)
			}
		}
		segs, segStamps := heads, headStamps
		if len(tails) > len(heads) {
			segs, segStamps = tails, tailStamps
		}
		if len(segs) < 2 {
			continue
		}
		marks := 0
		for _, at := range stamps {
			for j := max(at-3, 0); j <= min(at+3, len(blocks)-1); j++ {
				if blocks[j].chars <= 60 && replyMark.MatchString(blocks[j].text) {
					marks++
					break
				}
			}
		}
		return trimEntry(segs[0]), segStamps[0], 2*marks >= len(stamps), true
	}
	return nil, "", false, false
}

// trimEntry drops the short lines without punctuation at the end of an
// entry: the next entry's title and its author's name.
func trimEntry(seg []block) []block {
	end := len(seg)
	for end > 0 && seg[end-1].punct == 0 && seg[end-1].chars < 30 {
		end--
	}
	return seg[:end]
}

// listItems counts the blocks that read as entries of an index: a link
// the length of a headline.
func listItems(blocks []block) (items, chars int) {
	for _, b := range blocks {
		if n := utf8.RuneCountInString(b.text); n >= 8 && n <= 80 && b.linkDensity() > 0.5 {
			items++
			chars += b.chars
		}
	}
	return items, chars
}

// isList reports a page whose links to headlines outweigh its running
// text: an index page, not an article.
func isList(blocks, body []block) bool {
	items, itemChars := listItems(blocks)
	text := sentenceChars(body)
	return items >= 10 && text < 100 && itemChars >= 4*text
}

// hasTOC reports a table of contents: an element named as one, or a run
// of at least three links to anchors on the page itself.
func hasTOC(root *html.Node) bool {
	found := false
	var walk func(n *html.Node, inNamed bool) int
	walk = func(n *html.Node, inNamed bool) int {
		if found || n.Type != html.ElementNode && n.Type != html.DocumentNode {
			return 0
		}
		anchors := 0
		if n.DataAtom == atom.A {
			for _, a := range n.Attr {
				if a.Key == "href" && strings.HasPrefix(a.Val, "#") && len(a.Val) > 1 {
					anchors++
				}
			}
		}
		named := inNamed
		for _, a := range n.Attr {
			if (a.Key == "id" || a.Key == "class") && tocMark.MatchString(a.Val) {
				named = true
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			anchors += walk(c, named)
		}
		if n.DataAtom == atom.Ul || n.DataAtom == atom.Ol || n.DataAtom == atom.Div || n.DataAtom == atom.Table {
			if anchors >= 3 && (named || anchors >= 5) {
				found = true
			}
		}
		return anchors
	}
	walk(root, false)
	return found
}
