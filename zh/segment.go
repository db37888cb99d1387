package zh

import (
	_ "embed"
	"fmt"
	"iter"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/go-ego/gse"
)

// domainDict lists fednews's own words in gse's format ("word freq pos").
//
//go:embed dict/domain.txt
var domainDict string

// maxChunk bounds the bytes handed to gse at once: its shortest path costs
// memory per rune, so a long text goes in pieces cut at sentence ends.
const maxChunk = 16 << 10

// Token is one word of a segmentation. Start and End are byte offsets into
// the segmented text; Pos is the word's position (1-based): in search mode
// the sub-words of a long word share its position.
type Token struct {
	Text       string
	Start, End int
	Pos        int
}

// Segmenter splits Chinese text into words with gse's combined simplified
// and traditional dictionary plus the fednews domain dictionary. Numbers
// stay whole (290.54, 1,100, 85%). It is safe for concurrent use.
type Segmenter struct {
	gse gse.Segmenter
}

var (
	defaultOnce sync.Once
	defaultSeg  *Segmenter
	defaultErr  error
)

// DefaultSegmenter returns the process-wide segmenter, loading its
// dictionaries on first use (about 2 s and 200 MB).
func DefaultSegmenter() (*Segmenter, error) {
	defaultOnce.Do(func() {
		defaultSeg, defaultErr = newSegmenter(domainDict)
	})
	return defaultSeg, defaultErr
}

// newSegmenter loads extra (gse dictionary lines) and then gse's embedded
// dictionary. gse keeps the first entry of a word, so extra's frequencies
// win over the general dictionary's.
func newSegmenter(extra string) (*Segmenter, error) {
	s := &Segmenter{}
	s.gse.SkipLog = true
	// Segment's shortest path does not use gse's HMM, whose model is a
	// package global.
	s.gse.NotLoadHMM = true
	s.gse.Dict = gse.NewDict()
	s.gse.Init()
	for n, line := range strings.Split(extra, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		var word, pos string
		var freq float64
		if _, err := fmt.Sscan(line, &word, &freq, &pos); err != nil {
			return nil, fmt.Errorf("domain dictionary line %d %q: want \"word freq pos\": %w", n+1, line, err)
		}
		if err := s.gse.AddToken(word, freq, pos); err != nil {
			return nil, fmt.Errorf("domain dictionary line %d: add %q: %w", n+1, word, err)
		}
	}
	if err := s.gse.LoadDictEmbed("zh"); err != nil {
		return nil, fmt.Errorf("load gse dictionary: %w", err)
	}
	return s, nil
}

// Mode selects what a segmentation emits.
type Mode int

// The segmentation modes.
const (
	// ModePrecise emits the best segmentation (for queries).
	ModePrecise Mode = iota
	// ModeSearch also emits, after each long word, its dictionary
	// sub-words of two runes or more at the same position (for indexing).
	ModeSearch
)

// ParseMode parses "precise" or "search".
func ParseMode(s string) (Mode, error) {
	switch s {
	case "precise":
		return ModePrecise, nil
	case "search":
		return ModeSearch, nil
	}
	return 0, fmt.Errorf("unknown segmentation mode %q (want precise or search)", s)
}

// Precise returns the best segmentation of text (for queries). Whitespace
// is not a token.
func (s *Segmenter) Precise(text string) []Token {
	return s.appendTokens(nil, text, ModePrecise)
}

// Search returns the precise segmentation plus, after each long word, its
// dictionary sub-words of two runes or more at the same position (for
// indexing): 全国工商联 gives 全国工商联, 全国, 工商联.
func (s *Segmenter) Search(text string) []Token {
	return s.appendTokens(nil, text, ModeSearch)
}

// appendTokens appends the tokens of text to out, growing it once for the
// usual one token per two characters of Chinese news.
func (s *Segmenter) appendTokens(out []Token, text string, mode Mode) []Token {
	if len(text) == 0 {
		return out
	}
	out = slices.Grow(out, len(text)/6+1)
	pos := 0
	for off := 0; off < len(text); {
		n := nextChunk(text[off:])
		out = s.appendChunk(out, text, off, n, mode, &pos)
		off += n
	}
	return out
}

// Tokens yields the tokens of text one at a time, so that a long text
// needs no slice of all its tokens.
func (s *Segmenter) Tokens(text string, mode Mode) iter.Seq[Token] {
	return func(yield func(Token) bool) {
		pos := 0
		var buf []Token
		for off := 0; off < len(text); {
			n := nextChunk(text[off:])
			buf = s.appendChunk(buf[:0], text, off, n, mode, &pos)
			for _, tk := range buf {
				if !yield(tk) {
					return
				}
			}
			off += n
		}
	}
}

// appendChunk appends the tokens of text[off:off+n], numbering them after
// *pos.
func (s *Segmenter) appendChunk(out []Token, text string, off, n int, mode Mode, pos *int) []Token {
	chunk := text[off : off+n]
	segs := s.gse.Segment([]byte(chunk))
	for i := 0; i < len(segs); i++ {
		start, end := segs[i].Start(), segs[i].End()
		var sub []*gse.Segment
		last := numberEnd(chunk, segs, i)
		number := last > i || isDigits(chunk[start:end])
		if number {
			end = segs[last].End()
			i = last
		} else {
			sub = segs[i].Token().Segments()
		}
		word := chunk[start:end]
		if strings.TrimSpace(word) == "" {
			continue
		}
		*pos++
		out = append(out, Token{Text: word, Start: off + start, End: off + end, Pos: *pos})
		if mode == ModeSearch {
			out = appendSubwords(out, text, off+start, sub, *pos)
			if number {
				out = appendNumberPart(out, word, off+start, *pos)
			}
		}
	}
	return out
}

// nextChunk returns the length of the first chunk of s: all of s when it
// is short, else up to the last sentence end or newline within maxChunk
// bytes, else maxChunk bytes cut at a rune boundary. gse's path never
// crosses a sentence end in a useful way, so the cut changes nothing but
// the memory one call needs.
func nextChunk(s string) int {
	if len(s) <= maxChunk {
		return len(s)
	}
	if i := lastSentenceEnd(s[:maxChunk]); i > 0 {
		return i
	}
	limit := maxChunk
	for limit > 0 && !utf8.RuneStart(s[limit]) {
		limit--
	}
	if limit == 0 { // no rune start within maxChunk: invalid bytes
		return maxChunk
	}
	return limit
}

// lastSentenceEnd returns the index just after the last sentence-ending
// punctuation or newline in s, or -1.
func lastSentenceEnd(s string) int {
	for i := len(s); i > 0; {
		r, n := utf8.DecodeLastRuneInString(s[:i])
		switch r {
		case '\n', '。', '！', '？', '；', '!', '?', ';':
			return i
		}
		i -= n
	}
	return -1
}

// appendSubwords adds, depth first, the sub-words of two runes or more
// that gse keeps for a dictionary word starting at byte base of text.
func appendSubwords(out []Token, text string, base int, sub []*gse.Segment, pos int) []Token {
	for _, sg := range sub {
		start, end := base+sg.Start(), base+sg.End()
		if end > len(text) || utf8.RuneCountInString(text[start:end]) < 2 {
			continue
		}
		out = append(out, Token{Text: text[start:end], Start: start, End: end, Pos: pos})
		out = appendSubwords(out, text, start, sg.Token().Segments(), pos)
	}
	return out
}

// appendNumberPart adds the number of a percentage (85 for 85%) so that a
// search for the number finds it.
func appendNumberPart(out []Token, word string, start, pos int) []Token {
	for _, pct := range []string{"%", "％"} {
		if n, ok := strings.CutSuffix(word, pct); ok {
			return append(out, Token{Text: n, Start: start, End: start + len(n), Pos: pos})
		}
	}
	return out
}

// numberEnd returns the index of the last gse segment of the number that
// starts at segs[i] (digits joined by a decimal point or a thousands
// separator followed by three digits, then an optional percent sign), or i
// when segs[i] does not start a number.
func numberEnd(chunk string, segs []gse.Segment, i int) int {
	word := func(k int) string { return chunk[segs[k].Start():segs[k].End()] }
	if !isDigits(word(i)) {
		return i
	}
	j := i
	for {
		// Fullwidth digits come one segment each.
		if j+1 < len(segs) && isDigits(word(j+1)) {
			j++
			continue
		}
		if j+2 < len(segs) && isDigits(word(j+2)) {
			sep, next := word(j+1), word(j+2)
			if sep == "." || sep == "．" || sep == "," && utf8.RuneCountInString(next) == 3 {
				j += 2
				continue
			}
		}
		break
	}
	if j+1 < len(segs) && (word(j+1) == "%" || word(j+1) == "％") {
		j++
	}
	return j
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !isDigit(r) {
			return false
		}
	}
	return true
}

// isDigit is unicode.IsDigit with fast answers for ASCII and ideographs.
func isDigit(r rune) bool {
	switch {
	case r < utf8.RuneSelf:
		return '0' <= r && r <= '9'
	case r >= 0x4E00 && r <= 0x9FFF:
		return false
	}
	return unicode.IsDigit(r)
}

// Known reports whether word is in the segmenter's dictionaries and how
// often: callers that cannot afford to segment a whole text (figure
// extraction) ask whether a few runes around a point form a word.
func (s *Segmenter) Known(word string) (freq float64, ok bool) {
	f, _, ok := s.gse.Find(word)
	return f, ok && f > 0
}
