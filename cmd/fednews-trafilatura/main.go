// Command fednews-trafilatura runs go-trafilatura, fednews' second article
// extractor, for fednews: it reads framed requests (a decoded page and its
// address) on stdin and writes framed answers (the blocks of the text it
// found) on stdout until stdin ends. fednews starts it itself (package
// ingest/trafextract); it is not meant to be run by hand.
//
// It is a program of its own so that fednews does not link go-trafilatura:
// go-trafilatura's date parser (go-dateparser) compiles thousands of locale
// regexes at package init, 0.4 s and 78 MB in every process that links it;
// and so that a hostile page that makes it hang or balloon costs a restart
// of this helper, not the import.
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime/metrics"
	"strings"
	"time"

	"github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"

	"github.com/fednews/fednews/ingest"
	"github.com/fednews/fednews/ingest/trafextract"
)

func main() {
	maxMemory := flag.Int64("max-memory", 1<<30, "exit (status 3) when the Go runtime holds more than this many bytes")
	flag.Parse()
	// The answers go to the real stdout; anything a library prints goes
	// to stderr, where fednews keeps it for its warning, not into a frame.
	out := os.Stdout
	os.Stdout = os.Stderr
	go watchMemory(*maxMemory, 20*time.Millisecond)
	serve := func(page string) ([]ingest.TextBlock, error) {
		blocks, err := extract(page)
		// Checked again before answering, so that a page that passed the
		// limit between two looks of the watcher gets no answer either.
		checkMemory(*maxMemory)
		return blocks, err
	}
	if err := trafextract.Serve(os.Stdin, out, serve); err != nil {
		fmt.Fprintln(os.Stderr, "fednews-trafilatura:", err)
		os.Exit(1)
	}
}

// extract runs go-trafilatura on a decoded page with its fallbacks
// (readability, dom-distiller), without comments and without its date
// search (ExtractArticle reads dates itself), and returns the blocks of
// the subtree it found, nil when it found none.
func extract(page string) ([]ingest.TextBlock, error) {
	root, err := html.Parse(strings.NewReader(page))
	if err != nil {
		return nil, fmt.Errorf("parse html: %w", err)
	}
	res, err := trafilatura.ExtractDocument(root, trafilatura.Options{ExcludeComments: true, EnableFallback: true,
		HtmlDateMode: trafilatura.Disabled})
	if err != nil {
		return nil, err
	}
	if res == nil || res.ContentNode == nil {
		return nil, nil
	}
	return ingest.TextBlocks(res.ContentNode), nil
}

// watchMemory ends the process when the memory the Go runtime holds from
// the system passes limit: GOMEMLIMIT (set by fednews) only makes the
// collector work harder, and a page that keeps growing the heap would
// otherwise take the machine. fednews restarts the helper.
func watchMemory(limit int64, every time.Duration) {
	for {
		checkMemory(limit)
		time.Sleep(every)
	}
}

// checkMemory exits (status 3) when the runtime holds more than limit.
func checkMemory(limit int64) {
	samples := []metrics.Sample{{Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/released:bytes"}}
	metrics.Read(samples)
	if held := int64(samples[0].Value.Uint64() - samples[1].Value.Uint64()); held > limit {
		fmt.Fprintf(os.Stderr, "fednews-trafilatura: holding %d MB, over the %d MB limit (-max-memory): exiting\n",
			held>>20, limit>>20)
		os.Exit(3)
	}
}
