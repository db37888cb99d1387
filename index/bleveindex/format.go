package bleveindex

import (
	"fmt"
	"log/slog"
	"sort"
	"strings"

	"github.com/blevesearch/bleve/v2/mapping"
)

// formatCurrent says whether m, the mapping an index was built with (bleve
// keeps it with the index), has the fields and field options this fednews
// writes (FormatVersion). An index of an older format is still searched,
// but what Update adds to it is indexed the new way, so its old and new
// documents would rank and count differently until it is rebuilt.
func formatCurrent(m mapping.IndexMapping) bool {
	have, ok := m.(*mapping.IndexMappingImpl)
	return ok && fieldsOf(have) == fieldsOf(newMapping(fednewsSchema))
}

// fieldsOf describes the fields of m's default document mapping, one line
// per field, in name order.
func fieldsOf(m *mapping.IndexMappingImpl) string {
	if m == nil || m.DefaultMapping == nil {
		return ""
	}
	var lines []string
	for name, p := range m.DefaultMapping.Properties {
		for _, f := range p.Fields {
			lines = append(lines, fmt.Sprintf("%s %s %s index=%t store=%t vectors=%t docvalues=%t",
				name, f.Type, f.Analyzer, f.Index, f.Store, f.IncludeTermVectors, f.DocValues))
		}
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// warnOldFormat tells the user of an index of another format how to get
// the current one.
func warnOldFormat(dir string, m mapping.IndexMapping) {
	if !formatCurrent(m) {
		slog.Warn("the index was built by another version of fednews (its fields differ from this one's index format): searches work, but run `fednews index --rebuild` so that old and new documents are indexed alike",
			"dir", dir, "format", FormatVersion)
	}
}
