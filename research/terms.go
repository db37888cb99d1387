package research

import (
	"bufio"
	"cmp"
	"context"
	_ "embed"
	"math"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/fednews/fednews/index"
	"github.com/fednews/fednews/zh"
)

//go:embed data/stopwords.txt
var stopwordsText string

// stopwords is the list of data/stopwords.txt.
var stopwords = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	sc := bufio.NewScanner(strings.NewReader(stopwordsText))
	for sc.Scan() {
		if w := strings.TrimSpace(sc.Text()); w != "" && !strings.HasPrefix(w, "#") {
			m[w] = true
		}
	}
	return m
})

// Terms limits.
const (
	DefaultTerms = 50
	MaxTerms     = 500
	// DefaultTermDocs is how many of a query's documents are segmented
	// at most; more are sampled evenly across the query's IDs.
	DefaultTermDocs = 200
)

// TermsRequest asks for the words that characterize Query's documents.
type TermsRequest struct {
	Query string
	Scope
	Limit   int // terms returned; 0 is DefaultTerms
	MaxDocs int // documents segmented at most; 0 is DefaultTermDocs
}

// Terms are the words most over-represented in a query's documents
// against the whole index, by Dunning's log-likelihood ratio G².
type Terms struct {
	Query  string `json:"query"`
	Docs   int    `json:"docs"`   // documents of the query
	Read   int    `json:"read"`   // of them segmented (Read < Docs: an even sample)
	Corpus int    `json:"corpus"` // documents in the index
	Terms  []Term `json:"terms"`
}

// Term is one word: in how many of the query's documents (of those read)
// and of the corpus's it occurs, and its G².
type Term struct {
	Word      string  `json:"word"`
	Docs      int     `json:"docs"`
	CorpusDoc int     `json:"corpus_docs"`
	G2        float64 `json:"g2"`
}

// Terms ranks the words of req.Query's documents. Counts are document
// frequencies, every copy of a story counted, on the body (the first
// index.MaxIndexedRunes characters, as indexed): a document counts for a
// word when its body holds the word, as a search for it finds it. The
// candidates are the precise-mode words of the query's documents; the
// query's side is counted in its documents' text, the corpus's from the
// index (DocFreqs: one dictionary lookup or phrase count per word), so the
// background costs no pass over the corpus. A word ranks when it is relatively more frequent
// in the query's documents than in the rest of the corpus.
func (e *Engine) Terms(ctx context.Context, req TermsRequest) (*Terms, error) {
	if req.Limit == 0 {
		req.Limit = DefaultTerms
	}
	if req.Limit < 0 || req.Limit > MaxTerms {
		return nil, badRequest("limit %d: want 1 to %d terms", req.Limit, MaxTerms)
	}
	if req.MaxDocs <= 0 {
		req.MaxDocs = DefaultTermDocs
	}
	if strings.TrimSpace(req.Query) == "" || strings.TrimSpace(req.Query) == "*" {
		return nil, badRequest("top terms need a query: every document against itself has none")
	}
	seg, err := zh.NormalizedSegmenter()
	if err != nil {
		return nil, err
	}
	ireq := req.request(req.Query)
	ireq.NoCollapse = true // the index's term dictionary counts every copy
	ids, err := e.ix.IDs(ctx, ireq, 0)
	if err != nil {
		return nil, err
	}
	t := &Terms{Query: req.Query, Docs: len(ids), Terms: []Term{}}
	sample := evenSample(ids, req.MaxDocs)
	t.Read = len(sample)
	// The candidates are the precise-mode words of the query's documents;
	// fg counts the documents holding each of them, as the index counts
	// the corpus (DocFreqs: a search for the word in the body).
	candidate := map[string]bool{}
	bodies := make([]string, 0, len(sample))
	stop := stopwords()
	for _, id := range sample {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		doc, err := e.st.Get(ctx, id)
		if err != nil {
			return nil, err
		}
		body := truncate(doc.Normalized, index.MaxIndexedRunes)
		for _, tok := range seg.Precise(body) {
			if w := index.Fold(tok.Text); !candidate[w] && isTermWord(w) && !stop[w] {
				candidate[w] = true
			}
		}
		bodies = append(bodies, index.Fold(body))
	}
	if len(candidate) == 0 {
		return t, nil
	}
	words := make([]string, 0, len(candidate))
	for w := range candidate {
		words = append(words, w)
	}
	fg := docsHolding(bodies, candidate)
	bg, n, err := e.ix.DocFreqs(ctx, words)
	if err != nil {
		return nil, err
	}
	t.Corpus = n
	// The query's documents against the rest; a sample stands for all
	// of the query's documents in proportion.
	scale := float64(t.Docs) / float64(max(1, t.Read))
	for _, w := range words {
		a, n1 := float64(fg[w]), float64(t.Read)
		restDF := math.Max(0, float64(bg[w])-a*scale)
		restN := math.Max(0, float64(n)-float64(t.Docs))
		if restN > 0 && a/n1 <= restDF/restN {
			continue
		}
		t.Terms = append(t.Terms, Term{Word: w, Docs: fg[w], CorpusDoc: max(bg[w], fg[w]), G2: g2(a, n1-a, restDF, restN-restDF)})
	}
	slices.SortFunc(t.Terms, func(x, y Term) int {
		if c := cmp.Compare(y.G2, x.G2); c != 0 {
			return c
		}
		return cmp.Compare(x.Word, y.Word)
	})
	t.Terms = t.Terms[:min(len(t.Terms), req.Limit)]
	return t, nil
}

// docsHolding counts, for each word of words, the texts that contain it:
// every substring of a text up to the longest word's length is looked up
// once, so the cost grows with the texts, not with the words.
func docsHolding(texts []string, words map[string]bool) map[string]int {
	longest := 0
	for w := range words {
		longest = max(longest, utf8.RuneCountInString(w))
	}
	count := map[string]int{}
	var starts []int
	for _, text := range texts {
		starts = starts[:0]
		for i := range text {
			starts = append(starts, i)
		}
		starts = append(starts, len(text))
		seen := map[string]bool{}
		for i := range len(starts) - 1 {
			for j := i + 1; j < len(starts) && j-i <= longest; j++ {
				if w := text[starts[i]:starts[j]]; words[w] && !seen[w] {
					seen[w] = true
					count[w]++
				}
			}
		}
	}
	return count
}

// g2 is Dunning's log-likelihood ratio of the 2×2 table [[a b] [c d]]:
// a documents of the query with the word, b without; c and d the same for
// the rest of the corpus. 2·Σ k·ln(k·N / (row·column)), empty cells adding nothing.
func g2(a, b, c, d float64) float64 {
	n := a + b + c + d
	cell := func(k, row, col float64) float64 {
		if k <= 0 || row <= 0 || col <= 0 {
			return 0
		}
		return k * math.Log(k*n/(row*col))
	}
	s := cell(a, a+b, a+c) + cell(b, a+b, b+d) + cell(c, c+d, a+c) + cell(d, c+d, b+d)
	return math.Max(0, 2*s)
}

// isTermWord keeps words of two characters or more with a letter or a
// Han character: not numbers, punctuation or single characters.
func isTermWord(w string) bool {
	if utf8.RuneCountInString(w) < 2 {
		return false
	}
	for _, r := range w {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// evenSample returns at most n of ids, evenly spaced, so that a sample of
// a long query spans its whole ID (ingest) range.
func evenSample(ids []int64, n int) []int64 {
	if len(ids) <= n {
		return ids
	}
	out := make([]int64, n)
	for i := range out {
		out[i] = ids[i*len(ids)/n]
	}
	return out
}

// truncate returns the first limit runes of s.
func truncate(s string, limit int) string {
	n := 0
	for i := range s {
		if n == limit {
			return s[:i]
		}
		n++
	}
	return s
}
