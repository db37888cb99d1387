package gazetteer

import (
	"encoding/json"
	"os"
	"slices"
	"testing"
)

// labelledDoc is one document of testdata/labelled.json, with what a
// careful reader says it names and is about.
type labelledDoc struct {
	Title    string   `json:"title"`
	Body     string   `json:"body"`
	Orgs     []string `json:"orgs"`
	Province string   `json:"province"`
	City     string   `json:"city"`
	// After says the document was written after the rules last changed.
	After bool `json:"written_after_rules"`
}

func readLabelled(t *testing.T) []labelledDoc {
	t.Helper()
	b, err := os.ReadFile("testdata/labelled.json")
	if err != nil {
		t.Fatal(err)
	}
	var set struct {
		Documents []labelledDoc `json:"documents"`
	}
	if err := json.Unmarshal(b, &set); err != nil {
		t.Fatal(err)
	}
	if len(set.Documents) < 40 {
		t.Fatalf("%d labelled documents, want at least 40", len(set.Documents))
	}
	return set.Documents
}

// TestLabelledAbout measures About on the labelled set: a document is
// right when its province and its city (none when the label has none) are
// the labelled ones.
func TestLabelledAbout(t *testing.T) {
	g := gaz(t)
	docs := readLabelled(t)
	right, after, afterRight := 0, 0, 0
	for _, d := range docs {
		p := g.About(d.Title, d.Body)
		var prov, city string
		if len(p.Provinces) > 0 {
			prov = p.Provinces[0]
		}
		if len(p.Cities) > 0 {
			city = p.Cities[0]
		}
		ok := prov == d.Province && city == d.City
		if d.After {
			after++
			if ok {
				afterRight++
			}
		}
		if ok {
			right++
		} else {
			t.Logf("%s: about %s %s, labelled %s %s", d.Title, prov, city, d.Province, d.City)
		}
	}
	acc := float64(right) / float64(len(docs))
	t.Logf("places about on %d labelled documents: %d right (accuracy %.3f); written after the rules: %d of %d",
		len(docs), right, acc, afterRight, after)
	if acc < 0.95 {
		t.Errorf("place-about accuracy %.3f, want >= 0.95", acc)
	}
}

// TestLabelledOrgs measures organization recognition on the labelled set
// (written by hand, after the rules): the canonical names found against
// those labelled. Kinds without a place (女企业家商会 beside
// 长沙县女企业家商会) are filter aids, not organizations, and are not
// counted. It also prints, not asserts, how often the first province
// mentioned is the one the document is about: the baseline a
// places-about rule has to beat.
func TestLabelledOrgs(t *testing.T) {
	docs := readLabelled(t)
	g := gaz(t)
	tp, fp, fn, firstProvince := 0, 0, 0, 0
	var afterCount [3]int // tp, fp, fn of the documents written after the rules
	for _, d := range docs {
		text := d.Title + "\n" + d.Body
		rs := []rune(text)
		ms := g.resolve(text, rs)
		var got []string
		for _, m := range g.orgs(rs, ms) {
			if slices.Contains(got, m.name) {
				continue
			}
			got = append(got, m.name)
			if slices.Contains(d.Orgs, m.name) {
				tp++
				afterCount[0] += b2i(d.After)
			} else {
				fp++
				afterCount[1] += b2i(d.After)
				t.Logf("not an organization of the text: %s, written %s  (%s)", m.name, m.surface, d.Title)
			}
		}
		for _, o := range d.Orgs {
			if !slices.Contains(got, o) {
				fn++
				afterCount[2] += b2i(d.After)
				t.Logf("missed: %s  (%s)", o, d.Title)
			}
		}
		if p := collect(ms).Provinces; len(p) > 0 && p[0] == d.Province {
			firstProvince++
		}
	}
	precision := float64(tp) / float64(max(1, tp+fp))
	recall := float64(tp) / float64(max(1, tp+fn))
	t.Logf("organizations on %d labelled documents: precision %.3f recall %.3f (tp %d fp %d fn %d)",
		len(docs), precision, recall, tp, fp, fn)
	t.Logf("written after the rules: tp %d fp %d fn %d", afterCount[0], afterCount[1], afterCount[2])
	t.Logf("baseline, first province mentioned = province about: %d of %d (%.3f)",
		firstProvince, len(docs), float64(firstProvince)/float64(len(docs)))
	if precision < 0.95 || recall < 0.90 {
		t.Errorf("precision %.3f (want >= 0.95), recall %.3f (want >= 0.90)", precision, recall)
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
