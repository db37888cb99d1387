package csvtest

import "testing"

func TestRows(t *testing.T) {
	rows := Rows(t, []byte("\ufeffkind,value\nmoney,18000000\n\"count\",\"2,140\"\n"))
	if len(rows) != 2 || rows[0]["kind"] != "money" || rows[0]["value"] != "18000000" || rows[1]["value"] != "2,140" {
		t.Errorf("Rows = %v", rows)
	}
}
