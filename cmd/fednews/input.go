package main

import (
	"bytes"
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
		return nil, tooLarge(max)
	}
	return data, nil
}

func tooLarge(max int64) error {
	return fmt.Errorf("%w: over %d MB, the limit for one text (split it, or import articles with `fednews import`)", errInputTooLarge, max>>20)
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
	// A regular file is read into a buffer of its size (and a little, for
	// bytes.Buffer's last read and a file that grows): io.ReadAll grows
	// its buffer by copying, which for a 20 MB file cost as much as
	// converting it.
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() && fi.Size() <= max {
		buf := bytes.NewBuffer(make([]byte, 0, fi.Size()+bytes.MinRead))
		if _, err := buf.ReadFrom(io.LimitReader(f, max+1)); err != nil {
			return nil, err
		}
		if int64(buf.Len()) > max {
			return nil, tooLarge(max)
		}
		return buf.Bytes(), nil
	}
	return readAllLimited(f, max)
}
