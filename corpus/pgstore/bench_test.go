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

// benchCorpus is the generated corpus both benchmarks store: benchDocs
// distinct 600-character articles with five figures each.
func benchCorpus() ([]string, []corpus.Figure) {
	docs := make([]string, benchDocs)
	for i := range docs {
		docs[i] = storetest.Text(uint64(i)+1e6, 600)
	}
	figs := make([]corpus.Figure, 5)
	for i := range figs {
		v := 12000.0
		figs[i] = corpus.Figure{Kind: corpus.KindMoney, Text: "1.2万元", Start: 10 * i, End: 10*i + 5, Value: &v, Unit: "CNY"}
	}
	return docs, figs
}

// benchEngine makes and opens stores of one engine.
type benchEngine struct {
	name string
	new  func() string
	open func(ctx context.Context, loc string) (*corpus.Store, error)
}

// benchEngines are SQLite in a temporary directory and PostgreSQL on a
// throwaway local server.
func benchEngines(b *testing.B) []benchEngine {
	srv := pgtest.Start(b)
	return []benchEngine{
		{"sqlite", func() string { return b.TempDir() }, corpus.Open},
		{"postgres", func() string { return srv.NewDatabase(b) }, pgstore.Open},
	}
}

// putAll stores docs through the handles, writer w taking every
// len(handles)-th document from w on.
func putAll(b *testing.B, handles []*corpus.Store, docs []string, figs []corpus.Figure) {
	ctx := context.Background()
	var wg sync.WaitGroup
	for w, s := range handles {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(docs); i += len(handles) {
				d := storetest.Doc(fmt.Sprintf("https://bench.example/%d", i), docs[i], i%300)
				if _, err := s.Put(ctx, d, figs); err != nil {
					b.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
}

// BenchmarkImport stores the same generated corpus (2,000 distinct
// 600-character articles with five figures each, texts and figures made
// beforehand) into a new SQLite store and a new PostgreSQL database on a
// local throwaway server, with one writer and with two writers sharing
// the work (as two ingest processes would), and reports documents stored
// per second. Each writer has a handle of its own, as a process does.
func BenchmarkImport(b *testing.B) {
	docs, figs := benchCorpus()
	for _, e := range benchEngines(b) {
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
					putAll(b, handles, docs, figs)
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

// BenchmarkRead reads the stored corpus back as the index and an export
// do: the whole change feed in pages of 1,000 (index.Update's batch) and
// every figure with its document (EachFigure), and reports documents and
// figure rows read per second.
func BenchmarkRead(b *testing.B) {
	docs, figs := benchCorpus()
	ctx := context.Background()
	for _, e := range benchEngines(b) {
		s, err := e.open(ctx, e.new())
		if err != nil {
			b.Fatal(err)
		}
		putAll(b, []*corpus.Store{s}, docs, figs)
		b.Run("engine="+e.name+"/feed", func(b *testing.B) {
			for b.Loop() {
				var after int64
				n := 0
				for {
					page, err := s.Changed(ctx, after, 1000)
					if err != nil {
						b.Fatal(err)
					}
					if len(page) == 0 {
						break
					}
					n, after = n+len(page), page[len(page)-1].Seq
				}
				if n != benchDocs {
					b.Fatalf("read %d documents, want %d", n, benchDocs)
				}
			}
			b.ReportMetric(float64(benchDocs*b.N)/b.Elapsed().Seconds(), "docs/s")
		})
		b.Run("engine="+e.name+"/figures", func(b *testing.B) {
			rows := 0
			for b.Loop() {
				err := s.EachFigure(ctx, nil, func(*corpus.Document, corpus.Figure) error { rows++; return nil })
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
		})
		s.Close()
	}
}
