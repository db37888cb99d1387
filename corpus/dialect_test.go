package corpus

import "testing"

func TestDollarPlaceholders(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`SELECT a FROM t WHERE x = ? AND y = ?`, `SELECT a FROM t WHERE x = $1 AND y = $2`},
		{`SELECT substr(o, ?1, ?2), substr(n, ?1, ?2) FROM d WHERE id = ?3`, `SELECT substr(o, $1, $2), substr(n, $1, $2) FROM d WHERE id = $3`},
		{`SELECT '?' || "a?" FROM t WHERE x = ?`, `SELECT '?' || "a?" FROM t WHERE x = $1`},
		{`SELECT ?10`, `SELECT $10`},
	} {
		if got := DollarPlaceholders(c.in); got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.in, got, c.want)
		}
	}
}
