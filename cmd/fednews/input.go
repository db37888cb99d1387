package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/fednews/fednews/ingest"
)

// maxInputBytes bounds a page for `fednews article` and the --queries
// file: the size limit of one imported article.
const maxInputBytes = ingest.DefaultMaxFileBytes

// maxTextBytes bounds one input of normalize, segment and extract, which
// stream-process texts far larger than an article (a 50 MB line is fine).
// Without a bound `fednews normalize /dev/zero` read until the machine ran
// out of memory. A variable so that tests need not read 256 MB.
var maxTextBytes int64 = 256 << 20

// errInputTooLarge is matched when an input exceeds maxInputBytes.
var errInputTooLarge = errors.New("input too large")

// readAllLimited reads r to its end, failing past max bytes.
func readAllLimited(r io.Reader, max int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("%w: over %d MB, the limit for one text (split it, or import articles with `fednews import`)", errInputTooLarge, max>>20)
	}
	return data, nil
}

// readFileLimited reads the file name (standard input for "-" when stdin
// is set), failing past max bytes: a device such as /dev/zero never ends.
func readFileLimited(name string, stdin io.Reader, max int64) ([]byte, error) {
	if name == "-" && stdin != nil {
		return readAllLimited(stdin, max)
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readAllLimited(f, max)
}
