package extract

import (
	_ "embed"
	"strings"

	"github.com/fednews/fednews/corpus"
)

// topicOther is the topic of a money figure or count that no cue names.
const topicOther = "other"

//go:embed data/topics.txt
var topicsData string

// topicCue is one cue word and the topic it names.
type topicCue struct {
	runes []rune
	topic string
}

// topicCues are the cue words of data/topics.txt, longest first; unitCues
// the one-rune cues that name a topic as a count's unit (家, 户).
var topicCues, unitCues = func() ([]topicCue, map[string]string) {
	var cues []topicCue
	units := map[string]string{}
	for _, line := range strings.Split(topicsData, "\n") {
		fs := strings.Fields(line)
		if len(fs) < 2 || strings.HasPrefix(fs[0], "#") {
			continue
		}
		for _, w := range fs[1:] {
			if len([]rune(w)) == 1 {
				units[w] = fs[0]
				continue
			}
			cues = append(cues, topicCue{[]rune(w), fs[0]})
		}
	}
	for i := 1; i < len(cues); i++ { // insertion sort: stable, longest first
		for j := i; j > 0 && len(cues[j].runes) > len(cues[j-1].runes); j-- {
			cues[j], cues[j-1] = cues[j-1], cues[j]
		}
	}
	return cues, units
}()

// topicWindow bounds how far before a figure its cue is looked for, in runes.
const topicWindow = 60

// isSentenceEnd reports the punctuation that ends a sentence.
func isSentenceEnd(r rune) bool {
	switch r {
	case '。', '！', '？', '!', '?', '\n':
		return true
	}
	return false
}

// topic returns what the money figure or count m measures, "" for the
// other kinds. A count measures what it counts: the noun phrase after it
// (2140户企业 → 企业) or before it (会员企业120家); without either, a cue
// before it in its clause, else its unit (家, 户). A money figure measures
// the cue nearest before it in its sentence (累计捐款50万元).
func topic(rs []rune, m match, after, before string) string {
	switch m.kind {
	case corpus.KindCount:
		for _, sub := range []string{after, before} {
			if t := cueIn([]rune(sub), sub == after); t != "" {
				return t
			}
		}
		if after != "" || before != "" {
			return topicOther // 133户受惠家庭: households, not enterprises
		}
		if t := cueBefore(rs, m.start, isClauseEnd); t != "" {
			return t
		}
		if t := unitCues[m.unit]; t != "" {
			return t
		}
		return topicOther
	case corpus.KindMoney:
		if t := cueBefore(rs, m.start, isSentenceEnd); t != "" {
			return t
		}
		return topicOther
	}
	return ""
}

// cueBefore returns the topic of the cue nearest before rs[i], back to
// where stop says (a clause or a sentence) and at most topicWindow runes.
func cueBefore(rs []rune, i int, stop func(rune) bool) string {
	from := i
	for from > 0 && !stop(rs[from-1]) && i-from < topicWindow {
		from--
	}
	return cueIn(rs[from:i], false)
}

// cueIn returns the topic of the cue that ends nearest the end of rs (or,
// with first, starts nearest its start), longer cues winning ties.
func cueIn(rs []rune, first bool) string {
	best, bestPos, bestLen := "", -1, 0
	for _, c := range topicCues {
		for k := 0; k+len(c.runes) <= len(rs); k++ {
			if !hasPrefixAt(rs, k, c.runes) || theLexicon().splitsWord(rs, k, k+len(c.runes)) {
				continue // 务工 in 服务工作 is no cue
			}
			pos := k + len(c.runes)
			if first {
				pos = len(rs) - k
			}
			if pos > bestPos || pos == bestPos && len(c.runes) > bestLen {
				best, bestPos, bestLen = c.topic, pos, len(c.runes)
			}
		}
	}
	return best
}

// isTopicCue reports whether w is a cue word of some topic (捐款, 投资).
func isTopicCue(w []rune) bool {
	for _, c := range topicCues {
		if string(c.runes) == string(w) {
			return true
		}
	}
	return false
}
