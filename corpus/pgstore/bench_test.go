package pgstore_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/corpus/pgstore"
	"github.com/fednews/fednews/corpus/storetest"
	"github.com/fednews/fednews/internal/pgtest"
)

// benchDocs is the size of the generated corpus each engine imports.
const benchDocs = 2000

// BenchmarkImport stores the same generated corpus (2,000 distinct
// 600-character articles with five figures each, texts and figures made
// beforehand) into a new SQLite store and a new PostgreSQL database on a
// local throwaway server, with one writer and with two writers sharing
// the work (as two ingest processes would), and reports documents stored
// per second. Each writer has a handle of its own, as a process does.
func BenchmarkImport(b *testing.B) {
	docs := make([]string, benchDocs)
	for i := range docs {
		docs[i] = storetest.Text(uint64(i)+1e6, 600)
	}
	figs := make([]corpus.Figure, 5)
	for i := range figs {
		v := 12000.0
		figs[i] = corpus.Figure{Kind: corpus.KindMoney, Text: "1.2万元", Start: 10 * i, End: 10*i + 5, Value: &v, Unit: "CNY"}
	}
	srv := pgtest.Start(b)
	engines := []struct {
		name string
		new  func() string
		open func(ctx context.Context, loc string) (*corpus.Store, error)
	}{
		{"sqlite", func() string { return b.TempDir() }, corpus.Open},
		{"postgres", func() string { return srv.NewDatabase(b) }, pgstore.Open},
	}
	for _, e := range engines {
		for _, writers := range []int{1, 2} {
			b.Run(fmt.Sprintf("engine=%s/writers=%d", e.name, writers), func(b *testing.B) {
				ctx := context.Background()
				for b.Loop() {
					b.StopTimer()
					loc := e.new()
					handles := make([]*corpus.Store, writers)
					for w := range handles {
						s, err := e.open(ctx, loc)
						if err != nil {
							b.Fatal(err)
						}
						handles[w] = s
					}
					b.StartTimer()
					var wg sync.WaitGroup
					for w, s := range handles {
						wg.Add(1)
						go func() {
							defer wg.Done()
							for i := w; i < len(docs); i += writers {
								d := storetest.Doc(fmt.Sprintf("https://bench.example/%d", i), docs[i], i%300)
								if _, err := s.Put(ctx, d, figs); err != nil {
									b.Error(err)
									return
								}
							}
						}()
					}
					wg.Wait()
					b.StopTimer()
					for _, s := range handles {
						s.Close()
					}
					b.StartTimer()
				}
				b.ReportMetric(float64(benchDocs*b.N)/b.Elapsed().Seconds(), "docs/s")
			})
		}
	}
}
