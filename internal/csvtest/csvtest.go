// Package csvtest reads CSV exports in tests as one map per row, keyed by
// the header, so assertions name columns instead of positions.
package csvtest

import (
	"bytes"
	"encoding/csv"
	"testing"
)

// Rows parses b (an optional UTF-8 byte order mark first) and returns its
// data rows keyed by the header row; it fails the test when b is not CSV.
func Rows(tb testing.TB, b []byte) []map[string]string {
	tb.Helper()
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff")))).ReadAll()
	if err != nil {
		tb.Fatalf("not CSV: %v\n%.500s", err, b)
	}
	if len(recs) == 0 {
		tb.Fatalf("CSV has no header row")
	}
	rows := make([]map[string]string, 0, len(recs)-1)
	for _, r := range recs[1:] {
		m := make(map[string]string, len(r))
		for i, v := range r {
			m[recs[0][i]] = v
		}
		rows = append(rows, m)
	}
	return rows
}
