package gazetteer

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// Weights of the evidence that a text is about a place: a name in the
// title, in the lead (the first paragraph, where the dateline is: "3月18日，
// 江西省万年县工商联…"), and anywhere else.
// The place of the organization that acts (the first one the title, else
// the lead, names that is not a delegation away from home) gets
// actorWeight more; a place the title or lead names as the venue (赴厦门,
// 在上海召开, 台北报导) venueWeight more, so a visit is about the place
// visited, not the visitors' home.
const (
	titleWeight = 3
	leadWeight  = 2
	bodyWeight  = 1
	actorWeight = 4
	venueWeight = 5
)

// About returns the places a document is about (README's "places about"):
// where the event it reports happens, else the seat of the organization
// that acts, weighed over its title, lead and body (see the weights), each
// mention of a county counting for its city and province too.
//
// Usually one province, with its city and county when the evidence names
// them: a city needs more than half the evidence for all its province's
// cities (cities named in passing are not what a province's story is
// about), and a story of a province's organization whose title or lead
// says it is province-wide (全省) names no city. A story of
// several organizations acting together (两市工商联签署…) with no venue is
// about all their places.
//
// A place inside an organization's name after its own place is no
// evidence: 上海郯城商会 is a chamber seated in Shanghai of people from
// 郯城, and 郯城 there says nothing of where the story happens. Nor is the
// place of a delegation away from home (泉州市工商联代表团访问香港). Ties go
// to the place named first. It returns no place when the text names none.
func (g *Gazetteer) About(title, body string) Places {
	lead, rest, _ := strings.Cut(strings.TrimLeft(body, "\n"), "\n")
	// The whole text is resolved at once, so that a county written in
	// full anywhere resolves its short form in the title (参访昆山 …
	// 江苏省昆山市).
	text := title + "\n" + lead + "\n" + rest
	rs := []rune(text)
	ms := g.resolve(text, rs)
	orgs := g.orgs(rs, ms)
	skip := borrowedPlaces(ms, orgs)
	leadStart := utf8.RuneCountInString(title) + 1
	restStart := leadStart + utf8.RuneCountInString(lead) + 1
	weight := func(at int) int {
		switch {
		case at < leadStart:
			return titleWeight
		case at < restStart:
			return leadWeight
		}
		return bodyWeight
	}
	actor := -1              // the rune where the acting organization starts
	var together []*Division // the places of the organizations acting together
	for k, o := range orgs {
		if g.about.away(rs, o) {
			skipPlaceOf(ms, o, skip)
		} else if actor < 0 && o.start < restStart {
			actor = o.start
			together = g.actingTogether(rs, ms, orgs[k:])
		}
	}
	// Province-wide: the title or lead says so (全省), of a province's own
	// organization (a county's "获评全省先进" is not).
	wide := false
	if containsAny(title, g.about.scope) || containsAny(lead, g.about.scope) {
		for _, m := range ms {
			if m.start == actor && m.div != nil && m.div.Level == Province && !isMunicipality(m.div) {
				wide = true
			}
		}
	}
	plural := containsAny(title, g.about.plural) || containsAny(lead, g.about.plural)
	venue := false
	score := map[*Division]int{}
	first := map[*Division]int{} // rune position of the first mention
	for i, m := range ms {
		if m.div == nil || m.inWord || skip[i] {
			continue
		}
		w := weight(m.start)
		if m.start == actor {
			w += actorWeight
		}
		if m.start < restStart && g.about.venue(rs, m) {
			w += venueWeight
			venue = true
		}
		for d := m.div; d != nil; d = upOf(d) {
			score[d] += w
			if _, ok := first[d]; !ok {
				first[d] = m.start
			}
		}
	}
	if plural && !venue && len(together) > 1 {
		return placesOf(together)
	}
	best := func(level Level, in *Division) *Division {
		var b *Division
		for d, s := range score {
			if d.Level != level || (in != nil && upOf(d) != in && d.prov != in) {
				continue
			}
			if b == nil || s > score[b] || (s == score[b] && first[d] < first[b]) {
				b = d
			}
		}
		return b
	}
	var p Places
	prov := best(Province, nil)
	if prov == nil {
		return p
	}
	p.Provinces = []string{prov.Name}
	city := best(City, prov)
	cities := 0 // the evidence for all the province's cities
	for d, s := range score {
		if d.Level == City && upOf(d) == prov {
			cities += s
		}
	}
	if city != nil && (wide || 2*score[city] <= cities) {
		city = nil // cities named in passing
	}
	if city == nil && isMunicipality(prov) {
		city = prov
	}
	if city == nil {
		return p
	}
	p.Cities = []string{city.Name}
	if county := best(County, city); county != nil {
		p.Counties = []string{county.Name}
	}
	return p
}

// actingTogether returns the places of orgs[0] and of the organizations
// right after it joined to it (广州市工商联与深圳市工商联, 北京市工商联、天津市工商联),
// each once: the parties of a story told of several.
func (g *Gazetteer) actingTogether(rs []rune, ms []mention, orgs []orgMatch) []*Division {
	var out []*Division
	for k, o := range orgs {
		if k > 0 {
			prev := orgs[k-1]
			gap := string(rs[prev.start+len([]rune(prev.surface)) : max(o.start, prev.start+len([]rune(prev.surface)))])
			if !slices.Contains(g.about.joiner, gap) {
				break
			}
		}
		for _, m := range ms {
			if m.start == o.start && m.div != nil && !m.inWord && !slices.Contains(out, m.div) {
				out = append(out, m.div)
			}
		}
	}
	return out
}

// placesOf lists the provinces, cities and counties of divs.
func placesOf(divs []*Division) Places {
	var ms []mention
	for _, d := range divs {
		ms = append(ms, mention{div: d})
	}
	return collect(ms)
}

// skipPlaceOf marks the places that start o's name (its own, and for a
// chamber of origin its members' too) as no evidence.
func skipPlaceOf(ms []mention, o orgMatch, skip map[int]bool) {
	for i := range ms {
		if ms[i].start >= o.start && ms[i].start < max(o.placeEnd, o.start+1) {
			skip[i] = true
		}
	}
}

// upOf is the division d belongs to: its city, or its province.
func upOf(d *Division) *Division {
	switch {
	case d.Level == Province:
		return nil
	case d.Parent != nil:
		return d.Parent
	}
	return d.prov
}

// borrowedPlaces marks the mentions inside the name of a chamber of
// origin after its seat: the seat is followed, inside the name, by another
// gazetteer name of another province or of none resolved (上海|郯城|商会,
// 北京|郯城|商会), the place its members come from; the seat (上海) is
// where the chamber is, and counts.
//
// The places named after an organization's own place, inside its name, are
// no evidence either (郯城县新乡贤商会's 新乡, 临沂商城商会's 临沂): they are
// part of a word, not a place the text names.
func borrowedPlaces(ms []mention, orgs []orgMatch) map[int]bool {
	skip := map[int]bool{}
	for _, o := range orgs {
		end := o.start + utf8.RuneCountInString(o.surface)
		for i := range ms {
			if (ms[i].start >= o.placeEnd && ms[i].start < end) || (o.borrowed && ms[i].start > o.start && ms[i].start < o.placeEnd) {
				skip[i] = true
			}
		}
	}
	return skip
}
