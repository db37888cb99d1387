package bleveindex

import (
	"context"
	"testing"
	"time"

	"github.com/fednews/fednews/index"
	"github.com/fednews/fednews/zh"
)

// TestTiedTopBothWays: hits that tie are ordered by document ID whether
// idsOf reads their IDs one by one (a few) or from the snapshot's table
// (more than directIDs), and the two agree.
func TestTiedTopBothWays(t *testing.T) {
	pub := time.Date(2024, 3, 1, 9, 0, 0, 0, zh.China)
	var entries []Entry
	for i := range directIDs + 100 {
		// Identical documents: every hit has the same score.
		entries = append(entries, Entry{Doc: newDoc(int64(5000-i), "会议", "示例日报", "全国工商联召开会议。", pub)})
	}
	ix := openTest(t, entries)
	ctx := context.Background()
	for _, limit := range []int{5, 50} {
		resp, err := ix.Search(ctx, index.Request{Query: "工商联", Limit: limit})
		if err != nil {
			t.Fatal(err)
		}
		if len(resp.Hits) != limit || resp.Total != len(entries) {
			t.Fatalf("limit %d: %d hits of %d, want %d of %d", limit, len(resp.Hits), resp.Total, limit, len(entries))
		}
		want := int64(5000 - len(entries) + 1) // the lowest ID first
		for i, h := range resp.Hits {
			if h.ID != want+int64(i) {
				t.Fatalf("limit %d: hit %d is %d, want %d", limit, i, h.ID, want+int64(i))
			}
		}
	}
	r, err := snapshot(ix.bi)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	nums := make([]uint32, len(entries))
	for i := range nums {
		nums[i] = uint32(i)
	}
	byTable, err := ix.idsOf(ctx, r, nums)
	if err != nil {
		t.Fatal(err)
	}
	few, err := ix.idsOf(ctx, r, nums[:10])
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range nums[:10] {
		if few(n) != byTable(n) || few(n) == 0 {
			t.Errorf("document %d: %d one by one, %d from the table", n, few(n), byTable(n))
		}
	}
}
