package bleveindex

import (
	"path/filepath"
	"testing"

	"github.com/blevesearch/bleve/v2/mapping"
)

// format5Mapping is the mapping of format 5: the bigram fields under the
// analyzer whose locations are one per position.
func format5Mapping() *mapping.IndexMappingImpl {
	m := newMapping(fednewsSchema)
	for _, name := range []string{fTitleBi, fBodyBi} {
		for _, f := range m.DefaultMapping.Properties[name].Fields {
			f.Analyzer = AnalyzerBigram
		}
	}
	return m
}

// TestFormatCurrent: an index keeps its mapping, and the one fednews
// builds reads back as the current format, while an index built with a
// word field on the body (format 2), with bigrams only, or with format 5's
// unpacked bigram locations does not.
func TestFormatCurrent(t *testing.T) {
	for _, c := range []struct {
		name string
		m    *mapping.IndexMappingImpl
		want bool
	}{
		{"fednews", newMapping(fednewsSchema), true},
		{"format 2: body words", newMapping(bodyWordsSchema), false},
		{"bigrams only", newMapping(bigramSchema), false},
		{"format 5: unpacked bigrams", format5Mapping(), false},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "ix")
			bi, err := create(path, c.m)
			if err != nil {
				t.Fatal(err)
			}
			if err := bi.Close(); err != nil {
				t.Fatal(err)
			}
			bi, err = openBleve(path, true)
			if err != nil {
				t.Fatal(err)
			}
			defer bi.Close()
			if got := formatCurrent(bi.Mapping()); got != c.want {
				t.Errorf("formatCurrent of a reopened %s index = %t, want %t\n%s", c.name, got, c.want, fieldsOf(c.m))
			}
		})
	}
}
