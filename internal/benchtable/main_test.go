package main

import (
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	in := `goos: linux
pkg: github.com/fednews/fednews/zh
BenchmarkT2S-2   	      10	 123456 ns/op	  42.50 MB/s	 12.0 x_vs_opencc	 100 B/op	 2 allocs/op
--- FAIL: something
BenchmarkBroken-2 odd line
PASS
`
	rows, err := parse(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 {
		t.Fatalf("got %d rows, want 1: %+v", len(rows), rows)
	}
	r := rows[0]
	if r.pkg != "github.com/fednews/fednews/zh" || r.name != "BenchmarkT2S-2" {
		t.Errorf("row = %+v", r)
	}
	want := map[string]string{"ns/op": "123456", "MB/s": "42.50", "x_vs_opencc": "12.0", "B/op": "100", "allocs/op": "2"}
	for u, v := range want {
		if r.metrics[u] != v {
			t.Errorf("metric %s = %q, want %q", u, r.metrics[u], v)
		}
	}
	if strings.Join(r.order, ",") != "ns/op,MB/s,x_vs_opencc,B/op,allocs/op" {
		t.Errorf("order = %v", r.order)
	}
}
