package gazetteer

import (
	"strings"
	"unicode/utf8"
)

// Weights of the evidence that a text is about a place: a name in the
// title, in the lead (the first paragraph, where the dateline is: "3月18日，
// 江西省万年县工商联…"), and anywhere else.
// The place of the organization that acts (the first one the title, else
// the lead, names: 香港中华总商会 visiting Shenzhen, Dongguan and Guangzhou)
// gets actorWeight more.
const (
	titleWeight = 3
	leadWeight  = 2
	bodyWeight  = 1
	actorWeight = 4
)

// About returns the place a document is about: one province, with its city
// and county when the evidence names them, from the places its title, its
// lead paragraph and its body name, weighed in that order, each mention of
// a county counting for its city and province too. A place that only
// starts the name of another place's organization is no evidence: 上海郯城商会
// is a chamber of 郯城 people in Shanghai, and an article about it is not
// about Shanghai. Ties go to the place named first. It returns no place
// when the text names none.
func (g *Gazetteer) About(title, body string) Places {
	lead, rest, _ := strings.Cut(strings.TrimLeft(body, "\n"), "\n")
	score := map[*Division]int{}
	first := map[*Division]int{} // rune position of the first mention, over the parts
	pos, acted := 0, false
	for _, part := range []struct {
		text   string
		weight int
	}{{title, titleWeight}, {lead, leadWeight}, {rest, bodyWeight}} {
		rs := []rune(part.text)
		ms := g.resolve(part.text, rs)
		orgs := g.orgs(rs, ms)
		skip := borrowedPlaces(ms, orgs)
		actor := -1 // the rune where the acting organization starts
		if !acted && part.weight > bodyWeight && len(orgs) > 0 {
			actor, acted = orgs[0].start, true
		}
		for i, m := range ms {
			if m.div == nil || skip[i] {
				continue
			}
			w := part.weight
			if m.start == actor {
				w += actorWeight
			}
			for d := m.div; d != nil; d = upOf(d) {
				score[d] += w
				if _, ok := first[d]; !ok {
					first[d] = pos + m.start
				}
			}
		}
		pos += len(rs) + 1
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
	if city == nil && isMunicipality(prov) {
		city = prov
	}
	if city != nil {
		p.Cities = []string{city.Name}
	}
	in := city
	if in == nil {
		in = prov
	}
	if county := best(County, in); county != nil {
		p.Counties = []string{county.Name}
	}
	return p
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

// borrowedPlaces marks the mentions that start the name of an organization
// of another place: the place is followed, inside the name, by another
// gazetteer name of another province or of none resolved (上海|郯城|商会,
// 北京|郯城|商会).
//
// The places named after an organization's own place, inside its name, are
// no evidence either (郯城县新乡贤商会's 新乡, 临沂商城商会's 临沂): they are
// part of a word, not a place the text names.
func borrowedPlaces(ms []mention, orgs []orgMatch) map[int]bool {
	skip := map[int]bool{}
	for _, o := range orgs {
		end := o.start + utf8.RuneCountInString(o.surface)
		for i := range ms {
			if (ms[i].start >= o.placeEnd && ms[i].start < end) || (o.borrowed && ms[i].start == o.start) {
				skip[i] = true
			}
		}
	}
	return skip
}
