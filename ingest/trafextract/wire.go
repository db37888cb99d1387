package trafextract

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/fednews/fednews/ingest"
)

// The helper and its client exchange frames: a 4-byte big-endian length,
// then that many bytes of JSON. One request, one response, in turn.

// Request is one page for the helper: the decoded page (UTF-8, as
// ingest.Decode returns it) and the address it was fetched from.
type Request struct {
	URL  string `json:"url,omitempty"`
	HTML string `json:"html"`
}

// Response is the helper's answer: the blocks of the text go-trafilatura
// found (none when it found nothing), or why it could not extract.
type Response struct {
	Blocks []ingest.TextBlock `json:"blocks,omitempty"`
	Error  string             `json:"error,omitempty"`
}

const (
	// maxRequestBytes bounds a request frame: ingest sends pages of at
	// most 2 MB (go-trafilatura's share of ExtractArticle), which JSON's
	// escapes can at most triple; the rest is someone else's stream.
	maxRequestBytes = 8 << 20
	// maxResponseBytes bounds a response frame: the blocks of a page are
	// shorter than the page, so more is a helper gone wrong.
	maxResponseBytes = 3 * maxRequestBytes
)

// errFrameTooLarge is returned for a frame over the reader's limit.
var errFrameTooLarge = errors.New("frame too large")

func writeFrame(w *bufio.Writer, v any) error {
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(body)))
	if _, err := w.Write(n[:]); err != nil {
		return err
	}
	if _, err := w.Write(body); err != nil {
		return err
	}
	return w.Flush()
}

// readFrame reads one frame into v. io.EOF means the stream ended cleanly
// between frames; a stream cut inside one is io.ErrUnexpectedEOF.
func readFrame(r *bufio.Reader, v any, limit int) error {
	var n [4]byte
	if _, err := io.ReadFull(r, n[:]); err != nil {
		return err
	}
	size := binary.BigEndian.Uint32(n[:])
	if uint64(size) > uint64(limit) {
		return fmt.Errorf("%w: %d bytes, over %d", errFrameTooLarge, size, limit)
	}
	body := make([]byte, size)
	if _, err := io.ReadFull(r, body); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return err
	}
	return json.Unmarshal(body, v)
}

// Serve answers the requests read from r on w, one at a time, until r
// ends; cmd/fednews-trafilatura runs it with go-trafilatura as extract.
// A request it cannot read ends it with an error (the client restarts
// the helper); extract's error on one page is that page's answer.
func Serve(r io.Reader, w io.Writer, extract func(page string) ([]ingest.TextBlock, error)) error {
	br, bw := bufio.NewReader(r), bufio.NewWriter(w)
	for {
		var req Request
		if err := readFrame(br, &req, maxRequestBytes); err != nil {
			if err == io.EOF {
				return nil
			}
			return fmt.Errorf("read request: %w", err)
		}
		var resp Response
		blocks, err := extract(req.HTML)
		if err != nil {
			resp.Error = err.Error()
		} else {
			resp.Blocks = blocks
		}
		if err := writeFrame(bw, resp); err != nil {
			return fmt.Errorf("write response: %w", err)
		}
	}
}
