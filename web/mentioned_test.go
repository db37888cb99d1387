package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/index"
	"github.com/fednews/fednews/index/bleveindex"
	"github.com/fednews/fednews/index/indextest"
	"github.com/fednews/fednews/zh"
)

// TestAPISearchMentioned checks, through the real index, that /api/search
// hits carry the places a document mentions beside those it is about, as
// ingest stored them.
func TestAPISearchMentioned(t *testing.T) {
	ix, err := bleveindex.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	text := "8月3日，上海郯城商会组织会员回到郯城考察，郯城县工商联主持项目对接会。"
	doc := &corpus.Document{ID: 1, Seq: 1, Cluster: 1, URL: "https://example.org/1.html", Title: "上海郯城商会组织会员回乡考察",
		Source: "临沂日报", Original: text, Normalized: text, Script: "simplified", Published: time.Date(2024, 8, 4, 9, 0, 0, 0, zh.China),
		Entities: &corpus.Entities{
			About:     corpus.Places{Provinces: []string{"山东省"}, Cities: []string{"临沂市"}, Counties: []string{"郯城县"}},
			Mentioned: corpus.Places{Provinces: []string{"上海市", "山东省"}, Cities: []string{"上海市", "临沂市"}, Counties: []string{"郯城县"}},
		}}
	ix.UseTexts(indextest.Texts{doc.ID: doc.Original})
	if err := ix.Add(context.Background(), []bleveindex.Entry{{Doc: doc}}); err != nil {
		t.Fatal(err)
	}
	s, err := New(Config{Searcher: ix, Store: newFakeCorpus(), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	w := get(t, s, "/api/search?q=郯城")
	if w.Code != http.StatusOK {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	r := decode[index.Response](t, w)
	if len(r.Hits) != 1 {
		t.Fatalf("%d hits, want 1: %s", len(r.Hits), w.Body)
	}
	h := r.Hits[0]
	for _, c := range []struct {
		field     string
		got, want []string
	}{
		{"provinces", h.Provinces, doc.Entities.About.Provinces},
		{"cities", h.Cities, doc.Entities.About.Cities},
		{"mentioned_province", h.MentionedProvinces, doc.Entities.Mentioned.Provinces},
		{"mentioned_city", h.MentionedCities, doc.Entities.Mentioned.Cities},
		{"mentioned_county", h.MentionedCounties, doc.Entities.Mentioned.Counties},
	} {
		if !slices.Equal(c.got, c.want) {
			t.Errorf("hit %s = %v, want %v", c.field, c.got, c.want)
		}
	}
}
