package gazetteer

import (
	"encoding/json"
	"os"
	"slices"
	"testing"

	"github.com/fednews/fednews/zh"
)

// labelledDoc is one labelled document, with what a careful reader says
// it names and is about.
type labelledDoc struct {
	Title    string   `json:"title"`
	Body     string   `json:"body"`
	Orgs     []string `json:"orgs"`
	Province string   `json:"province"`
	City     string   `json:"city"`
	// Places, when given, lists the several places a story is about
	// (co-signed, joint events), instead of Province and City.
	Places []struct {
		Province string `json:"province"`
		City     string `json:"city"`
	} `json:"places"`
	// After says the document was written after the rules last changed
	// (in-sample set only).
	After bool `json:"written_after_rules"`
}

// The labelled sets: labelled.json was written while the rules were made
// (in-sample); heldout.json after the rules of session 4 and heldout2.json
// before those of session 6, heldout3.json after them, heldout4.json by
// the lead after the merge (see their "about").
const (
	inSampleSet = "testdata/labelled.json"
	heldOutSet  = "testdata/heldout.json"
	heldOut2Set = "testdata/heldout2.json"
	heldOut3Set = "testdata/heldout3.json"
	heldOut4Set = "testdata/heldout4.json"
)

// labelledSets are the sets the tests measure; only the in-sample one is
// asserted (asserting a held-out figure would invite fitting to it).
var labelledSets = []struct {
	path    string
	atLeast int
	assert  bool
}{{inSampleSet, 40, true}, {heldOutSet, 15, false}, {heldOut2Set, 30, false}, {heldOut3Set, 15, false}, {heldOut4Set, 20, false}}

func readLabelled(t *testing.T, path string, atLeast int) []labelledDoc {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var set struct {
		Documents []labelledDoc `json:"documents"`
	}
	if err := json.Unmarshal(b, &set); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if len(set.Documents) < atLeast {
		t.Fatalf("%s: %d labelled documents, want at least %d", path, len(set.Documents), atLeast)
	}
	// As ingest does: names are read in normalized, simplified text.
	for i := range set.Documents {
		d := &set.Documents[i]
		d.Title, d.Body = zh.Normalize(d.Title, zh.AllSteps).Text, zh.Normalize(d.Body, zh.AllSteps).Text
	}
	return set.Documents
}

// aboutRight says whether About gives d's labelled provinces and cities,
// as sets (none when the label has none).
func aboutRight(t *testing.T, g *Gazetteer, d labelledDoc) bool {
	p := g.About(d.Title, d.Body)
	var provs, cities []string
	if len(d.Places) == 0 {
		provs, cities = appendSet(provs, d.Province), appendSet(cities, d.City)
	}
	for _, pl := range d.Places {
		provs, cities = appendSet(provs, pl.Province), appendSet(cities, pl.City)
	}
	gotProvs, gotCities := slices.Sorted(slices.Values(p.Provinces)), slices.Sorted(slices.Values(p.Cities))
	slices.Sort(provs)
	slices.Sort(cities)
	if slices.Equal(gotProvs, provs) && slices.Equal(gotCities, cities) {
		return true
	}
	t.Logf("%s: about %v %v, labelled %v %v", d.Title, gotProvs, gotCities, provs, cities)
	return false
}

// appendSet appends s to list unless it is empty or already there.
func appendSet(list []string, s string) []string {
	if s == "" || slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

// orgCounts are true positives, false positives and false negatives of
// Organizations on d, logging each mistake.
func orgCounts(t *testing.T, g *Gazetteer, d labelledDoc) (tp, fp, fn int) {
	var got []string
	for _, o := range g.Organizations(d.Title + "\n" + d.Body) {
		got = append(got, o.Name)
		if slices.Contains(d.Orgs, o.Name) {
			tp++
		} else {
			fp++
			t.Logf("not an organization of the text: %s, written %s  (%s)", o.Name, o.Surface, d.Title)
		}
	}
	for _, o := range d.Orgs {
		if !slices.Contains(got, o) {
			fn++
			t.Logf("missed: %s  (%s)", o, d.Title)
		}
	}
	return tp, fp, fn
}

// TestLabelledAbout measures About on both labelled sets. The in-sample set
// must reach the goal (0.95); the held-out figure is printed, for the
// report, and not asserted: asserting it would invite fitting the rules
// to it.
func TestLabelledAbout(t *testing.T) {
	g := gaz(t)
	for _, set := range labelledSets {
		docs := readLabelled(t, set.path, set.atLeast)
		right, after, afterRight := 0, 0, 0
		for _, d := range docs {
			ok := aboutRight(t, g, d)
			right += b2i(ok)
			if d.After {
				after++
				afterRight += b2i(ok)
			}
		}
		acc := float64(right) / float64(len(docs))
		t.Logf("%s: places about on %d documents: %d right (accuracy %.3f)", set.path, len(docs), right, acc)
		if after > 0 {
			t.Logf("%s: of them written after the rules of session 3: %d of %d", set.path, afterRight, after)
		}
		if set.assert && acc < 0.95 {
			t.Errorf("%s: place-about accuracy %.3f, want >= 0.95", set.path, acc)
		}
	}
}

// TestLabelledOrgs measures organization recognition on both labelled
// sets: the canonical names found against those labelled. A chamber's kind
// (女企业家商会 of 长沙县女企业家商会) is not a name and is not listed. It
// also prints, not asserts, how often the first province mentioned is the
// one the document is about: the baseline a places-about rule has to beat.
func TestLabelledOrgs(t *testing.T) {
	g := gaz(t)
	for _, set := range labelledSets {
		docs := readLabelled(t, set.path, set.atLeast)
		tp, fp, fn, firstProvince := 0, 0, 0, 0
		for _, d := range docs {
			a, b, c := orgCounts(t, g, d)
			tp, fp, fn = tp+a, fp+b, fn+c
			if p := g.Find(d.Title + "\n" + d.Body).Provinces; len(p) > 0 && p[0] == d.firstProvince() {
				firstProvince++
			}
		}
		precision := float64(tp) / float64(max(1, tp+fp))
		recall := float64(tp) / float64(max(1, tp+fn))
		t.Logf("%s: organizations on %d documents: precision %.3f recall %.3f (tp %d fp %d fn %d)",
			set.path, len(docs), precision, recall, tp, fp, fn)
		t.Logf("%s: baseline, first province mentioned = province about: %d of %d (%.3f)",
			set.path, firstProvince, len(docs), float64(firstProvince)/float64(len(docs)))
		if set.assert && (precision < 0.95 || recall < 0.90) {
			t.Errorf("%s: precision %.3f (want >= 0.95), recall %.3f (want >= 0.90)", set.path, precision, recall)
		}
	}
}

// firstProvince is the province d is labelled about, the first when several.
func (d labelledDoc) firstProvince() string {
	if len(d.Places) > 0 {
		return d.Places[0].Province
	}
	return d.Province
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
