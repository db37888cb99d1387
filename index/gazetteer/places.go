package gazetteer

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Places lists the divisions a text mentions, by full name, first mention
// first. A county brings its city and province, a city its province.
type Places struct {
	Provinces []string `json:"provinces,omitempty"`
	Cities    []string `json:"cities,omitempty"`
	Counties  []string `json:"counties,omitempty"`
}

// mention is a gazetteer name found at runes [start, end) of a text, with
// the division it was resolved to (nil when unresolved or ambiguous).
type mention struct {
	start, end int
	cands      []candidate
	div        *Division
	// inWord says the name starts or ends inside a word of the text
	// (发挥新乡贤作用's 新乡, 临沂商城's 临沂): the text does not name the
	// place there. Such a mention still anchors an organization's name
	// (新乡贤商会 keeps its name as written, see orgData.name); it is no
	// place the text mentions and no context for a county.
	inWord bool
}

// Find returns the places text (normalized, simplified script) mentions.
//
// Full names and the short forms of provinces and prefectures (江西, 临沂)
// count anywhere. A county name needs evidence: a short form (万年) counts
// only right after its province or city (江西万年); a full name shared by
// several counties (鼓楼区) or of two characters (和县) counts only when
// the text names its province or city.
func (g *Gazetteer) Find(text string) Places {
	return collect(g.resolve(text, []rune(text)))
}

func collect(ms []mention) Places {
	var p Places
	type key struct {
		list *[]string
		d    *Division
	}
	seen := map[key]bool{}
	add := func(list *[]string, d *Division) {
		if d != nil && !seen[key{list, d}] {
			seen[key{list, d}] = true
			*list = append(*list, d.Name)
		}
	}
	for _, m := range ms {
		d := m.div
		if d == nil || m.inWord {
			continue
		}
		add(&p.Provinces, d.prov)
		switch d.Level {
		case City:
			add(&p.Cities, d)
		case County:
			add(&p.Cities, d.Parent) // for a municipality's district: the municipality
			add(&p.Counties, d)
		case Province:
			if isMunicipality(d) {
				add(&p.Cities, d)
			}
		}
	}
	return p
}

// scan finds the longest gazetteer name at each position, left to right.
// rs is text as runes; names are looked up as substrings of text, which
// costs no allocation.
func (g *Gazetteer) scan(text string, rs []rune) []mention {
	offs := make([]int, 0, len(rs)+1)
	for i := range text {
		offs = append(offs, i)
	}
	offs = append(offs, len(text))
	var out []mention
	for i := 0; i+1 < len(rs); {
		if !g.starts.mayHave(rs[i], rs[i+1]) {
			i++
			continue
		}
		maxN := g.maxLen[[2]rune{rs[i], rs[i+1]}]
		found := 0
		for n := min(maxN, len(rs)-i); n >= 2; n-- {
			if cs, ok := g.byName[text[offs[i]:offs[i+n]]]; ok {
				out = append(out, mention{start: i, end: i + n, cands: cs})
				found = n
				break
			}
		}
		i += max(found, 1)
	}
	return out
}

// resolve scans rs and assigns each mention its division where the
// evidence allows.
func (g *Gazetteer) resolve(text string, rs []rune) []mention {
	ms := g.scan(text, rs)
	for i := range ms {
		ms[i].inWord = !g.onWord(rs, ms[i])
	}
	provs := map[*Division]bool{}
	cities := map[*Division]bool{}
	// Provinces and prefectures first: they are the context counties need.
	for i := range ms {
		m := &ms[i]
		if d := pick(m.cands, Province); d != nil {
			m.div = d
		} else if cs := levelCands(m.cands, City); len(cs) == 1 {
			m.div = cs[0]
		}
		if m.div != nil && !m.inWord {
			provs[m.div.prov] = true
			if m.div.Level == City || isMunicipality(m.div) {
				cities[m.div] = true
			}
		}
	}
	for i := range ms {
		m := &ms[i]
		if m.div != nil {
			continue
		}
		cs, short := countyCands(m.cands)
		if len(cs) == 0 {
			continue
		}
		if short {
			// Only right after its own province or city: 江西万年, 临沂郯城.
			if i == 0 || ms[i-1].end != m.start || ms[i-1].div == nil || ms[i-1].inWord {
				continue
			}
			prev := ms[i-1].div
			var ok []*Division
			for _, c := range cs {
				if c.Parent == prev || c.prov == prev {
					ok = append(ok, c)
				}
			}
			if len(ok) == 1 {
				m.div = ok[0]
			}
			continue
		}
		var inCity, inProv []*Division
		for _, c := range cs {
			if c.Parent != nil && cities[c.Parent] {
				inCity = append(inCity, c)
			}
			if provs[c.prov] {
				inProv = append(inProv, c)
			}
		}
		switch {
		case len(inCity) == 1:
			m.div = inCity[0]
		case len(inCity) == 0 && len(inProv) == 1:
			m.div = inProv[0]
		case len(cs) == 1 && len(inProv) == 0 && utf8.RuneCountInString(cs[0].Name) >= 3:
			m.div = cs[0]
		}
	}
	// A short form counts, too, where the text names its county in full
	// elsewhere (参访昆山 … 江苏省昆山市).
	named := map[*Division]bool{}
	for _, m := range ms {
		if m.div != nil && m.div.Level == County && !m.inWord && slices.Contains(m.cands, candidate{m.div, false}) {
			named[m.div] = true
		}
	}
	for i := range ms {
		m := &ms[i]
		if cs, short := countyCands(m.cands); m.div == nil && short {
			var ok []*Division
			for _, c := range cs {
				if named[c] {
					ok = append(ok, c)
				}
			}
			if len(ok) == 1 {
				m.div = ok[0]
			}
		}
	}
	return ms
}

// pick returns the single candidate of level l, or nil.
func pick(cs []candidate, l Level) *Division {
	if d := levelCands(cs, l); len(d) == 1 {
		return d[0]
	}
	return nil
}

func levelCands(cs []candidate, l Level) []*Division {
	var out []*Division
	for _, c := range cs {
		if c.div.Level == l {
			out = append(out, c.div)
		}
	}
	return out
}

// countyCands returns the counties a name is the full name of, else those
// it is the short form of (short is then true).
func countyCands(cs []candidate) (out []*Division, short bool) {
	for _, c := range cs {
		if c.div.Level == County && !c.short {
			out = append(out, c.div)
		}
	}
	if len(out) > 0 {
		return out, false
	}
	for _, c := range cs {
		if c.div.Level == County {
			out = append(out, c.div)
		}
	}
	return out, true
}

// wordWindow is how many runes either side of a name the segmenter reads
// to tell whether the name is a word of the text.
const wordWindow = 4

// onWord says whether m starts and ends on a word boundary of rs, as the
// segmenter splits the text around it, with each place word (新乡贤,
// 临沂商城) one word. An organization suffix starts a word whatever the
// segmenter's dictionary holds (上海市工商联 is one word to it). A name's
// closing 省, 市, 县 or 区 may be the first character of the next word
// (郯城|县委, 上海|市场, 万年|县工商联): the name then ends where its last
// character begins.
func (g *Gazetteer) onWord(rs []rune, m mention) bool {
	lo, hi := max(0, m.start-wordWindow), min(len(rs), m.end+wordWindow)
	for j := m.end; j < hi; j++ {
		if g.suffixAt(rs, j) > 0 {
			hi = j
			break
		}
	}
	for j := lo; j < m.start; j++ {
		if n := g.suffixAt(rs, j); n > 0 && j+n <= m.start {
			lo = j + n
		}
	}
	word := g.org.boundaries(rs, lo, hi)
	if !word(m.start) {
		return false
	}
	return word(m.end) || (strings.ContainsRune(divisionEnds, rs[m.end-1]) && m.end-1 > m.start+1 && word(m.end-1))
}

// divisionEnds are the characters that close a division's full name.
const divisionEnds = "省市县区"

func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }
