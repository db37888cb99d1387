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
}

// TestLabelledOrgs measures organization recognition on the labelled set
// (written by hand, after the rules): the canonical names found against
// those labelled. Kinds without a place (女企业家商会 beside
// 长沙县女企业家商会) are filter aids, not organizations, and are not
// counted. It also prints, not asserts, how often the first province
// mentioned is the one the document is about: the baseline a
// places-about rule has to beat.
func TestLabelledOrgs(t *testing.T) {
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
	g := gaz(t)
	tp, fp, fn, firstProvince := 0, 0, 0, 0
	for _, d := range set.Documents {
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
			} else {
				fp++
				t.Logf("not an organization of the text: %s, written %s  (%s)", m.name, m.surface, d.Title)
			}
		}
		for _, o := range d.Orgs {
			if !slices.Contains(got, o) {
				fn++
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
		len(set.Documents), precision, recall, tp, fp, fn)
	t.Logf("baseline, first province mentioned = province about: %d of %d (%.3f)",
		firstProvince, len(set.Documents), float64(firstProvince)/float64(len(set.Documents)))
	if precision < 0.95 || recall < 0.90 {
		t.Errorf("precision %.3f (want >= 0.95), recall %.3f (want >= 0.90)", precision, recall)
	}
}
