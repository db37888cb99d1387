// Command gencorpus writes the benchmark corpus (see package corpusgen) as
// JSON lines for `fednews import`:
//
//	go run ./bench/gencorpus -n 10000 > corpus.jsonl
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"

	"github.com/fednews/fednews/bench/corpusgen"
)

func main() {
	n := flag.Int("n", 10000, "documents to write")
	seed := flag.Uint64("seed", 1, "seed: the same seed writes the same corpus")
	flag.Parse()
	w := bufio.NewWriterSize(os.Stdout, 1<<20)
	kinds, err := corpusgen.WriteJSONL(w, *seed, *n)
	if err == nil {
		err = w.Flush()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gencorpus:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "gencorpus: %d documents: %d own, %d sharing paragraphs, %d reposts\n",
		*n, kinds[corpusgen.Own], kinds[corpusgen.Shares], kinds[corpusgen.Repost])
}
