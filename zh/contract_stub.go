package zh

// CONTRACT STUB: the helper building issue 2 replaces this file with the
// real implementation, keeping these names and signatures. Until then
// Normalize is the identity and segmentation splits runes.

// Normalize runs the selected steps over s and returns the normalized text,
// the detected script and the offset map back to s.
func Normalize(s string, steps Steps) Result {
	r := Result{Text: s, Script: ScriptSimplified}
	i := int32(0)
	for range s {
		r.Orig = append(r.Orig, Span{i, i + 1})
		i++
	}
	return r
}

// Token is one word of a segmentation. Start and End are byte offsets into
// the segmented text; Pos is the word's position (1-based): in search mode
// the sub-words of a long word share its position.
type Token struct {
	Text       string
	Start, End int
	Pos        int
}

// Segmenter splits Chinese text into words with gse and the fednews domain
// dictionary. It is safe for concurrent use.
type Segmenter struct{}

// DefaultSegmenter returns the process-wide segmenter, loading its
// dictionaries on first use (about 2 s).
func DefaultSegmenter() (*Segmenter, error) { return &Segmenter{}, nil }

// Precise returns the best segmentation of text (for queries).
func (s *Segmenter) Precise(text string) []Token { return runeTokens(text) }

// Search returns the precise segmentation plus the dictionary sub-words of
// long words at the same position (for indexing).
func (s *Segmenter) Search(text string) []Token { return runeTokens(text) }

func runeTokens(text string) []Token {
	var out []Token
	p := 0
	for i, r := range text {
		p++
		out = append(out, Token{Text: string(r), Start: i, End: i + len(string(r)), Pos: p})
	}
	return out
}
