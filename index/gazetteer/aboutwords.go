package gazetteer

import (
	_ "embed"
	"fmt"
	"strings"
)

//go:embed about_words.txt
var aboutWordsText string

// aboutWords are the word lists About reads the shape of a story with
// (see about_words.txt for what each kind means).
type aboutWords struct {
	venueBefore, venueAfter, delegation, scope, plural, joiner []string
}

func parseAboutWords(text string) (*aboutWords, error) {
	w := &aboutWords{}
	kinds := map[string]*[]string{
		"venue_before": &w.venueBefore, "venue_after": &w.venueAfter, "delegation": &w.delegation,
		"scope": &w.scope, "plural": &w.plural, "joiner": &w.joiner,
	}
	for n, line := range strings.Split(text, "\n") {
		f := strings.Fields(line)
		if len(f) == 0 || strings.HasPrefix(f[0], "#") {
			continue
		}
		list, ok := kinds[f[0]]
		if !ok || len(f) < 2 {
			return nil, fmt.Errorf("about_words.txt line %d: want a kind (venue_before, venue_after, delegation, scope, plural, joiner) and its words, got %q", n+1, line)
		}
		*list = append(*list, f[1:]...)
	}
	for name, list := range kinds {
		if len(*list) == 0 {
			return nil, fmt.Errorf("about_words.txt: no %s words", name)
		}
	}
	return w, nil
}

// endsWith says whether one of words ends rs[:i].
func endsWith(rs []rune, i int, words []string) bool {
	for _, w := range words {
		n := len([]rune(w))
		if i-n >= 0 && string(rs[i-n:i]) == w {
			return true
		}
	}
	return false
}

// startsWith says whether one of words starts rs[i:].
func startsWith(rs []rune, i int, words []string) bool {
	for _, w := range words {
		if hasPrefixRunes(rs[i:], w) {
			return true
		}
	}
	return false
}

// containsAny says whether text contains one of words.
func containsAny(text string, words []string) bool {
	for _, w := range words {
		if strings.Contains(text, w) {
			return true
		}
	}
	return false
}

// venue says whether m is where the story's event happens: right after a
// venue word (赴厦门) or before a dateline word (台北报导).
func (w *aboutWords) venue(rs []rune, m mention) bool {
	return endsWith(rs, m.start, w.venueBefore) || startsWith(rs, m.end, w.venueAfter)
}

// away says whether o is a delegation away from home (泉州市工商联代表团).
func (w *aboutWords) away(rs []rune, o orgMatch) bool {
	return startsWith(rs, o.start+len([]rune(o.surface)), w.delegation)
}
