package bleveindex

import (
	"fmt"
	"log/slog"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"

	"github.com/fednews/fednews/index"
	"github.com/fednews/fednews/zh"
)

// Names under which the fednews analysis pieces are registered with bleve.
// An index's stored mapping refers to them by these names.
const (
	// TokenizerZhSearch segments with zh's search mode: the precise words plus
	// the dictionary sub-words of long words at the same position (index time).
	TokenizerZhSearch = "fednews_zh_search"
	// TokenizerZhPrecise segments with zh's precise mode (query time).
	TokenizerZhPrecise = "fednews_zh_precise"
	// TokenizerBigram emits every pair of adjacent runes, case-folded, at the
	// position of its first rune, then the last rune alone: a phrase of
	// bigrams at consecutive positions is an exact substring match, and
	// every rune of the text begins a term.
	TokenizerBigram = "fednews_bigram"
	// TokenizerFigure encodes figure values for range queries (figureterms.go).
	TokenizerFigure = "fednews_figure"

	AnalyzerZhSearch  = "fednews_zh_search"
	AnalyzerZhPrecise = "fednews_zh_precise"
	AnalyzerBigram    = "fednews_bigram"
	// AnalyzerBigramPacked is AnalyzerBigram under the name format 6
	// mappings give the bigram fields, whose locations are packed
	// (packedpos.go): an index's mapping then tells the two layouts apart,
	// so a fednews of either side warns about the other's index
	// (format.go) instead of reading packed positions as single ones.
	// AnalyzerBigram stays registered for the indexes of format 5 and
	// earlier.
	AnalyzerBigramPacked = "fednews_bigram_packed"
	AnalyzerFigure       = "fednews_figure"
)

func init() {
	for name, cons := range map[string]registry.TokenizerConstructor{
		TokenizerZhSearch: func(map[string]any, *registry.Cache) (analysis.Tokenizer, error) {
			return &segTokenizer{search: true}, nil
		},
		TokenizerZhPrecise: func(map[string]any, *registry.Cache) (analysis.Tokenizer, error) { return &segTokenizer{}, nil },
		TokenizerBigram:    func(map[string]any, *registry.Cache) (analysis.Tokenizer, error) { return bigramTokenizer{}, nil },
		TokenizerFigure:    func(map[string]any, *registry.Cache) (analysis.Tokenizer, error) { return figureTokenizer{}, nil },
	} {
		if err := registry.RegisterTokenizer(name, cons); err != nil {
			panic(fmt.Sprintf("index: register tokenizer %s: %v", name, err))
		}
	}
	for name, tok := range map[string]string{
		AnalyzerZhSearch: TokenizerZhSearch, AnalyzerZhPrecise: TokenizerZhPrecise,
		AnalyzerBigram: TokenizerBigram, AnalyzerBigramPacked: TokenizerBigram, AnalyzerFigure: TokenizerFigure,
	} {
		if err := registry.RegisterAnalyzer(name, analyzerOf(tok)); err != nil {
			panic(fmt.Sprintf("index: register analyzer %s: %v", name, err))
		}
	}
}

func analyzerOf(tokenizer string) registry.AnalyzerConstructor {
	return func(_ map[string]any, cache *registry.Cache) (analysis.Analyzer, error) {
		t, err := cache.TokenizerNamed(tokenizer)
		if err != nil {
			return nil, err
		}
		return &analysis.DefaultAnalyzer{Tokenizer: t}, nil
	}
}

// segTokenizer turns zh's segmentation into bleve tokens. The segmenter's
// dictionary takes seconds to load, so it is loaded on the first Tokenize
// call, never when an index is merely opened or searched.
type segTokenizer struct {
	search bool
}

var (
	segOnce sync.Once
	seg     *zh.Segmenter
	segErr  error
)

// segmenter returns zh's process-wide segmenter of normalized text (what
// the index holds), loading it once.
func segmenter() (*zh.Segmenter, error) {
	segOnce.Do(func() {
		seg, segErr = zh.NormalizedSegmenter()
		if segErr != nil {
			segErr = fmt.Errorf("load segmenter: %w", segErr)
			slog.Error("index: word tokens disabled", "err", segErr)
		}
	})
	return seg, segErr
}

// Tokenize segments input (normalized text). Tokens made only of
// punctuation or spaces are dropped; Latin letters are case-folded.
func (t *segTokenizer) Tokenize(input []byte) analysis.TokenStream {
	s, err := segmenter()
	if err != nil {
		return nil // exact matching does not depend on word tokens
	}
	var toks []zh.Token
	if t.search {
		toks = s.Search(string(input))
	} else {
		toks = s.Precise(string(input))
	}
	out := make(analysis.TokenStream, 0, len(toks))
	for _, tk := range toks {
		if tk.Start < 0 || tk.End > len(input) || tk.Start >= tk.End || !hasWordRune(tk.Text) {
			continue
		}
		term := foldTerm(input[tk.Start:tk.End])
		typ := analysis.AlphaNumeric
		if r, _ := utf8.DecodeRune(term); unicode.Is(unicode.Han, r) {
			typ = analysis.Ideographic
		}
		out = append(out, &analysis.Token{Term: term, Start: tk.Start, End: tk.End, Position: tk.Pos, Type: typ})
	}
	return out
}

func hasWordRune(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsNumber(r) {
			return true
		}
	}
	return false
}

// bigramTokenizer emits the pairs of adjacent runes of its input at
// consecutive positions starting at 1, then the last rune alone. Every rune
// is included (punctuation and spaces too: a phrase may hold them), and
// case-folded rune by rune so that rune offsets are kept. Tokens carry
// positions but no offsets: phrases need only the positions.
type bigramTokenizer struct{}

// Tokenize emits the bigrams and the final rune.
func (bigramTokenizer) Tokenize(input []byte) analysis.TokenStream {
	count := utf8.RuneCount(input)
	if count == 0 {
		return nil
	}
	toks := make([]analysis.Token, count)
	out := make(analysis.TokenStream, count)
	next := func(i int) int { _, w := utf8.DecodeRune(input[i:]); return i + w }
	start := 0
	end := next(next(0))
	for i := range toks {
		toks[i] = analysis.Token{Term: foldTerm(input[start:min(end, len(input))]), Position: i + 1, Type: analysis.Ideographic}
		out[i] = &toks[i]
		start = next(start)
		if end < len(input) {
			end = next(end)
		}
	}
	return out
}

// foldTerm lower-cases b rune by rune (unicode.ToLower maps one rune to one
// rune), returning b itself when nothing changes.
func foldTerm(b []byte) []byte {
	for i, r := range string(b) {
		if unicode.ToLower(r) != r {
			return []byte(foldString(string(b[i:]), string(b[:i])))
		}
	}
	return b
}

func foldString(s, prefix string) string { return prefix + index.Fold(s) }
