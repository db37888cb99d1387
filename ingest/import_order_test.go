package ingest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/fednews/fednews/bench/corpusgen"
	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/extract"
)

// shuffledMix writes generated documents (a third share paragraphs with
// an earlier one, some are reposts) in a shuffled order, so that reposts
// often come before their original, across three .jsonl files and some
// .txt files, and returns the paths to import.
func shuffledMix(t *testing.T, n int) []string {
	t.Helper()
	g := corpusgen.New(7)
	docs := make([]corpusgen.Document, n)
	reposts := 0
	for i := range docs {
		var kind int
		docs[i], kind, _ = g.Next()
		if kind == corpusgen.Repost {
			reposts++
		}
	}
	if reposts < 5 {
		t.Fatalf("only %d reposts among %d generated documents: the mix tests nothing", reposts, n)
	}
	r := rand.New(rand.NewPCG(1, 2))
	r.Shuffle(len(docs), func(i, j int) { docs[i], docs[j] = docs[j], docs[i] })
	dir := t.TempDir()
	var paths []string
	var jsonl [3]bytes.Buffer
	for i, d := range docs {
		if i%10 == 0 { // a saved .txt article: title line, then the text
			paths = append(paths, writeTestFile(t, dir, fmt.Sprintf("txt/%03d.txt", i), []byte(d.Title+"\n"+d.Text)))
			continue
		}
		line, err := json.Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		jsonl[i%3].Write(append(line, '\n'))
	}
	for i := range jsonl {
		paths = append(paths, writeTestFile(t, dir, fmt.Sprintf("part%d.jsonl", i), jsonl[i].Bytes()))
	}
	return paths
}

// TestImportParallelMatchesSequential imports the same shuffled mix with
// one worker and with several: the documents are prepared concurrently
// but must be stored in input order, so IDs, stories, canonical copies,
// figures and entities are those of the sequential import.
func TestImportParallelMatchesSequential(t *testing.T) {
	ctx := context.Background()
	paths := shuffledMix(t, 240)
	type stored struct {
		doc  *corpus.Document
		figs []corpus.Figure
	}
	run := func(workers int) (ImportSummary, map[string]stored) {
		store := openStore(t)
		sum, err := Import(ctx, store, paths, ImportOptions{Workers: workers, Enrich: extract.OfDocument})
		if err != nil {
			t.Fatal(err)
		}
		byURL := map[string]stored{}
		err = store.EachDocument(ctx, func(d *corpus.Document) error {
			figs, err := store.Figures(ctx, d.ID)
			d.FetchedAt = time.Time{} // the clock at import
			byURL[d.URL] = stored{d, figs}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return sum, byURL
	}
	seqSum, seq := run(1)
	if seqSum.New == 0 || seqSum.Clustered == 0 || len(seqSum.Failed) > 0 {
		t.Fatalf("sequential import: %+v: want new documents, some clustered, none failed", seqSum)
	}
	for _, workers := range []int{2, 5} {
		sum, par := run(workers)
		if !reflect.DeepEqual(sum, seqSum) {
			t.Errorf("workers %d: summary %+v, sequential %+v", workers, sum, seqSum)
		}
		if len(par) != len(seq) {
			t.Errorf("workers %d: %d documents, sequential %d", workers, len(par), len(seq))
		}
		for url, want := range seq {
			got, ok := par[url]
			if !ok {
				t.Errorf("workers %d: %s not stored", workers, filepath.Base(url))
				continue
			}
			if got.doc.ID != want.doc.ID || got.doc.Cluster != want.doc.Cluster || got.doc.Seq != want.doc.Seq {
				t.Errorf("workers %d: %s: id %d cluster %d seq %d, sequential %d %d %d", workers, url,
					got.doc.ID, got.doc.Cluster, got.doc.Seq, want.doc.ID, want.doc.Cluster, want.doc.Seq)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("workers %d: %s: stored document or figures differ from the sequential import's", workers, url)
			}
		}
	}
}
