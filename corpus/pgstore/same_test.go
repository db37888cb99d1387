package pgstore_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/corpus/pgstore"
	"github.com/fednews/fednews/corpus/storetest"
	"github.com/fednews/fednews/internal/pgtest"
)

// TestSameDecisionsAsSQLite writes one shuffled mix of stories and their
// reposts (some published before the copy stored first, some updated
// later) into SQLite and PostgreSQL: every Put result and every stored
// ID, story and sequence must be the same on both.
func TestSameDecisionsAsSQLite(t *testing.T) {
	type put struct {
		url, text string
		day       int
	}
	r := rand.New(rand.NewPCG(7, 7))
	var puts []put
	for story := range 12 {
		text := storetest.Text(uint64(500+story), 250)
		for c := range 1 + story%4 {
			rs := []rune(text)
			for i := 17 * (c + 1); i < len(rs); i += 40 + 7*c {
				rs[i] = '变'
			}
			puts = append(puts, put{fmt.Sprintf("https://s%d.example/%d", c, story), string(rs), r.IntN(30)})
		}
	}
	r.Shuffle(len(puts), func(i, j int) { puts[i], puts[j] = puts[j], puts[i] })
	puts = append(puts, put{puts[3].url, storetest.Text(900, 250), 1}) // an update to another text
	puts = append(puts, puts[5])                                       // unchanged

	ctx := context.Background()
	lite, err := corpus.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	pg, err := pgstore.Open(ctx, pgtest.Start(t).NewDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	for i, p := range puts {
		a, err := lite.Put(ctx, storetest.Doc(p.url, p.text, p.day), nil)
		if err != nil {
			t.Fatal(err)
		}
		b, err := pg.Put(ctx, storetest.Doc(p.url, p.text, p.day), nil)
		if err != nil {
			t.Fatal(err)
		}
		if a != b {
			t.Errorf("put %d (%s): SQLite %+v, PostgreSQL %+v", i, p.url, a, b)
		}
	}
	state := func(s *corpus.Store) (string, int) {
		docs, err := s.Changed(ctx, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		out, stories := "", map[int64]bool{}
		for _, d := range docs {
			out += fmt.Sprintf("%d:%d@%d ", d.ID, d.Cluster, d.Seq)
			stories[d.Cluster] = true
		}
		return out, len(stories)
	}
	want, stories := state(lite)
	if got, _ := state(pg); got != want {
		t.Errorf("stored documents (id:story@seq)\n  PostgreSQL %s\n  SQLite     %s", got, want)
	}
	// 12 stories, and a 13th when the updated copy left one it did not
	// stand for.
	if stories < 12 || stories > 13 {
		t.Errorf("%d stories, want 12 or 13 (is the mix still near-duplicate?)", stories)
	}
}
