package bleveindex

import (
	"path/filepath"
	"testing"
)

// TestFormatCurrent: an index keeps its mapping, and the one fednews
// builds reads back as the current format, while an index built with a
// word field on the body (format 2) or with bigrams only does not.
func TestFormatCurrent(t *testing.T) {
	for _, c := range []struct {
		name string
		s    schema
		want bool
	}{
		{"fednews", fednewsSchema, true},
		{"format 2: body words", bodyWordsSchema, false},
		{"bigrams only", bigramSchema, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "ix")
			bi, err := create(path, newMapping(c.s))
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
				t.Errorf("formatCurrent of a reopened %s index = %t, want %t\n%s", c.name, got, c.want, fieldsOf(newMapping(c.s)))
			}
		})
	}
}
