package research

import (
	"context"
	"errors"
	"testing"

	"github.com/fednews/fednews/index"
)

func TestKWIC(t *testing.T) {
	e := newEngine(t, fixture)
	ctx := context.Background()
	type line struct{ left, match, right string }
	tests := []struct {
		sort  string
		width int
		want  []line
	}{
		// Document order: doc 1 title, doc 1 body twice, doc 3, doc 5 in its own script.
		{"doc", 3, []line{{"省", "工商联", "召开执"}, {"省", "工商联", "召开十"}, {"指出，", "工商联", "要服务"},
			{"", "工商联", "与商会"}, {"市", "工商联", "与异地"}, {"", "工商聯", "訪問團"}, {"臺灣", "工商聯", "訪問團"}}},
		// By match and right context, normalized, by code point: 与 召 要 访(訪).
		{"right", 2, []line{{"", "工商联", "与商"}, {"市", "工商联", "与异"}, {"省", "工商联", "召开"}, {"省", "工商联", "召开"},
			{"出，", "工商联", "要服"}, {"", "工商聯", "訪問"}, {"臺灣", "工商聯", "訪問"}}},
		// By the left context read backwards, normalized: "" first, then ,出 市 湾(灣) 省.
		{"left", 2, []line{{"", "工商联", "与商"}, {"", "工商聯", "訪問"}, {"出，", "工商联", "要服"}, {"市", "工商联", "与异"},
			{"臺灣", "工商聯", "訪問"}, {"省", "工商联", "召开"}, {"省", "工商联", "召开"}}},
	}
	for _, tc := range tests {
		k, err := e.KWIC(ctx, KWICRequest{Query: "工商联", Width: tc.width, Sort: tc.sort})
		if err != nil {
			t.Fatal(err)
		}
		var got []line
		for _, l := range k.Lines {
			got = append(got, line{l.Left, l.Match, l.Right})
		}
		if k.Total != len(tc.want) || k.Docs != 3 || len(got) != len(tc.want) {
			t.Fatalf("%s: total %d docs %d lines %q, want %d lines in 3 docs", tc.sort, k.Total, k.Docs, got, len(tc.want))
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("%s line %d: %q, want %q", tc.sort, i, got[i], tc.want[i])
			}
		}
	}
}

func TestKWICPagesAndBounds(t *testing.T) {
	e := newEngine(t, fixture)
	ctx := context.Background()
	k, err := e.KWIC(ctx, KWICRequest{Query: "工商联", Sort: "right", Offset: 5, Limit: 5})
	if err != nil {
		t.Fatal(err)
	}
	if k.Total != 7 || len(k.Lines) != 2 || k.Lines[0].Doc != 5 {
		t.Errorf("page 2: total %d, %d lines, first %+v", k.Total, len(k.Lines), k.Lines)
	}
	k, err = e.KWIC(ctx, KWICRequest{Query: "工商联", MaxDocs: 1})
	if err != nil {
		t.Fatal(err)
	}
	if !k.Truncated || k.Docs != 1 || k.Total != 3 {
		t.Errorf("one document: truncated %v, docs %d, total %d; want true, 1, 3", k.Truncated, k.Docs, k.Total)
	}
	for _, req := range []KWICRequest{{Query: ""}, {Query: "工商联", Width: 1000}, {Query: "工商联", Sort: "middle"}, {Query: "工商联", Offset: -1}} {
		if _, err := e.KWIC(ctx, req); !errors.Is(err, index.ErrBadQuery) {
			t.Errorf("%+v: err %v, want a bad request", req, err)
		}
	}
}
