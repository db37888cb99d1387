package ingest

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/zh"
)

// DefaultMaxFileBytes is the largest .txt or .html file Import reads when
// ImportOptions.MaxFileBytes is zero. News articles are kilobytes; a file
// of tens of megabytes is a dump or a mistake, not a page.
const DefaultMaxFileBytes = 16 << 20

// ImportOptions adjusts Import. The zero value imports with defaults.
type ImportOptions struct {
	// Enrich, when set, returns the figures to store with a document; it
	// receives the document after corpus.Prepare and its normalization.
	// The command wires extract.OfDocument here, which also records the
	// extractor version on the document.
	Enrich func(doc *corpus.Document, n zh.Result) []corpus.Figure
	// Progress, when set, is called after each file with the summary so
	// far: documents are counted once their batch is committed. It is
	// called from one goroutine at a time.
	Progress func(path string, s ImportSummary)
	// MaxFileBytes is the size limit for .txt and .html files and for one
	// line of a .jsonl file (which is streamed, so the file may be larger);
	// 0 means DefaultMaxFileBytes.
	MaxFileBytes int64
	// Published and Source are the date and source of the documents that
	// do not say theirs (a .txt file without a header, a page without the
	// meta tags, a .jsonl line without the fields): a folder of articles
	// from one paper of one day. Zero values leave them unset.
	Published time.Time
	Source    string
	// BatchProgress, when set, is called after each batch is committed
	// with the summary so far (a long .jsonl file is one file but many
	// batches). It is called from the writer's goroutine.
	BatchProgress func(s ImportSummary)
	// Workers bounds the files read at once and the documents prepared at
	// once (normalized, figures and entities extracted); 0 means
	// GOMAXPROCS. Documents are stored in the order of the paths.
	Workers int
}

// ImportSummary counts what Import did.
type ImportSummary struct {
	Files     int // files read (successfully or not)
	New       int // documents stored for the first time
	Updated   int // documents whose URL was stored with other text
	Unchanged int // documents already stored (same URL or same text)
	Clustered int // of the new documents, those that joined a near-duplicate cluster
	// NotArticles counts pages that are lists or indexes of links
	// (ErrNotArticle): read, not stored, not failures.
	NotArticles int
	Failed      []ImportError
}

// ImportError is one file (or one line of a .jsonl file) that could not be
// imported.
type ImportError struct {
	Path string
	Line int // 1-based line of a .jsonl file; 0 for a whole file
	Err  error
}

// Error names the file (and line) and says what was wrong.
func (e ImportError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", e.Path, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.Path, e.Err)
}

// Unwrap returns the underlying error, for errors.Is (ErrBinary,
// ErrTooLarge …).
func (e ImportError) Unwrap() error { return e.Err }

// Errors returned inside ImportError.
var (
	ErrUnsupported = errors.New("unsupported file type: want .txt, .html, .htm or .jsonl")
	ErrTooLarge    = errors.New("file too large")
	ErrNoTitleBody = errors.New("no text after the title line")
	ErrNotRegular  = errors.New("not a regular file (a pipe, device or socket could block the import forever); import a copy of its contents")
)

// importable reports whether Import reads files named like path.
func importable(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".txt", ".html", ".htm", ".jsonl":
		return true
	}
	return false
}

// item is one document ready to store, or one error, from a worker.
type item struct {
	pend corpus.Pending // the document, prepared to store, and its figures
	at   ImportError    // where the document came from; Err set when it failed
}

// future is where an enricher leaves one item. Readers queue futures in
// input order and hand the work to the enrichers, so that the CPU work
// of documents (normalization, figures, entities, sketch) runs on every
// core while the writer stores them one by one in the order read.
type future chan item

// done returns a future holding it already.
func done(it item) future {
	f := make(future, 1)
	f <- it
	return f
}

// fileAhead bounds the documents of one file read ahead of the writer.
const fileAhead = 256

// Import stores the documents in paths: .txt files (first line the title,
// the rest the text), .html and .htm pages (through ExtractArticle), .jsonl
// files (one JSON object per line with url, title, published, source,
// author, text), and directories, recursively (other files in them are
// skipped). Encodings are detected with Decode.
//
// Documents are stored in the order of the paths (and of the lines of a
// .jsonl file) whatever Workers is: IDs, stories and canonical copies are
// those of a sequential import.
//
// A file that cannot be imported is recorded in the summary's Failed and
// the others are still imported. The error is non-nil only when the import
// stopped because ctx was cancelled.
func Import(ctx context.Context, store corpus.DocumentWriter, paths []string, opts ImportOptions) (ImportSummary, error) {
	var sum ImportSummary
	files := expandPaths(paths, &sum)
	if opts.MaxFileBytes <= 0 {
		opts.MaxFileBytes = DefaultMaxFileBytes
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}

	g, gctx := errgroup.WithContext(ctx)
	// Each file has its own queue of futures and the writer drains them
	// in order, so document IDs (and thus which copy of a duplicate is the
	// cluster's first) do not depend on scheduling. window bounds how far
	// readers run ahead of the writer.
	out := make([]chan future, len(files))
	for i := range out {
		out[i] = make(chan future, fileAhead)
	}
	window := make(chan struct{}, 2*workers)
	jobs := make(chan int)
	work := make(chan func())
	g.Go(func() error {
		defer close(jobs)
		for i := range files {
			select {
			case window <- struct{}{}:
			case <-gctx.Done():
				return nil
			}
			select {
			case jobs <- i:
			case <-gctx.Done():
				return nil
			}
		}
		return nil
	})
	var readers sync.WaitGroup
	for range workers {
		readers.Go(func() {
			for i := range jobs {
				readFile(gctx, files[i], opts, out[i], work)
				close(out[i])
			}
		})
		// An enricher never blocks (a future holds its item), so every
		// future a reader queued is filled.
		g.Go(func() error {
			for job := range work {
				job()
			}
			return nil
		})
	}
	g.Go(func() error {
		readers.Wait()
		close(work)
		return nil
	})
	g.Go(func() error {
		w := batchWriter{store: store, sum: &sum, progress: opts.BatchProgress}
		defer w.wait(gctx) // a batch still being stored when the import stops
		for i, path := range files {
			sum.Files++
			if err := w.storeItems(gctx, out[i]); err != nil {
				return err
			}
			<-window
			if opts.Progress != nil {
				opts.Progress(path, sum)
			}
		}
		return w.finish(gctx)
	})
	err := g.Wait()
	if err == nil {
		err = ctx.Err()
	}
	return sum, err
}

// importBatch is how many documents one transaction stores. A commit per
// document made importing mostly commits (a WAL sync and the same B-tree
// pages written again each time); a killed import loses at most this many
// documents, which the next run stores (the stored ones come back
// unchanged). Every batch rewrites the index pages its documents' random
// keys (band keys, content hashes) land on, which soon are most of those
// indexes, so bigger batches write less: from 10,000 to 20,000 documents,
// 4,096 a batch wrote 0.48 GB where 1,024 wrote 1.15 GB (BENCHMARKS.md).
const importBatch = 4096

// batchWriter stores documents importBatch at a time and counts the
// outcomes in sum once they are committed. A full batch is stored on a
// goroutine of its own while the next one fills: while the batch is in
// SQLite (one core), the enrichers go on preparing documents on the
// others. Storing a batch waits for the one before it, so batches commit
// in order and at most two are held in memory.
type batchWriter struct {
	store    corpus.DocumentWriter
	sum      *ImportSummary
	progress func(ImportSummary)
	pending  []corpus.Pending
	at       []ImportError
	inflight chan storedBatch // the batch being stored; nil when none
}

// storedBatch is a batch PutBatch has stored, with what it returned.
type storedBatch struct {
	at      []ImportError
	results []corpus.PutResult
	errs    []error
	err     error
}

// storeItems queues the documents of one file as they arrive, storing a
// batch whenever one is full.
func (w *batchWriter) storeItems(ctx context.Context, futures <-chan future) error {
	for {
		var f future
		var ok bool
		select {
		case f, ok = <-futures:
		case <-ctx.Done():
			return ctx.Err()
		}
		if !ok {
			return nil
		}
		var it item
		select {
		case it = <-f:
		case <-ctx.Done():
			return ctx.Err()
		}
		if errors.Is(it.at.Err, ErrNotArticle) {
			w.sum.NotArticles++
			continue
		}
		if it.at.Err != nil {
			w.sum.Failed = append(w.sum.Failed, it.at)
			continue
		}
		w.pending = append(w.pending, it.pend)
		w.at = append(w.at, it.at)
		if len(w.pending) >= importBatch {
			if err := w.flush(ctx); err != nil {
				return err
			}
		}
	}
}

// flush starts storing the queued documents in one transaction, after
// the batch before them is stored and counted.
func (w *batchWriter) flush(ctx context.Context) error {
	if err := w.wait(ctx); err != nil {
		return err
	}
	if len(w.pending) == 0 {
		return nil
	}
	batch, at := w.pending, w.at
	w.pending, w.at = make([]corpus.Pending, 0, importBatch), make([]ImportError, 0, importBatch)
	done := make(chan storedBatch, 1)
	w.inflight = done
	go func() {
		results, errs, err := w.store.PutBatch(ctx, batch)
		done <- storedBatch{at: at, results: results, errs: errs, err: err}
	}()
	return nil
}

// finish stores what is queued and waits until it is stored.
func (w *batchWriter) finish(ctx context.Context) error {
	if err := w.flush(ctx); err != nil {
		return err
	}
	return w.wait(ctx)
}

// wait waits for the batch being stored, if any, and counts its
// outcomes. Only a cancelled ctx stops the import; a batch that cannot be
// committed otherwise (a full disk) is reported document by document, and
// the import goes on. It always waits, even when ctx is done, so that no
// batch is still being written when Import returns.
func (w *batchWriter) wait(ctx context.Context) error {
	if w.inflight == nil {
		return nil
	}
	b := <-w.inflight
	w.inflight = nil
	if b.err != nil && ctx.Err() != nil {
		return ctx.Err()
	}
	for i, at := range b.at {
		if b.err != nil || b.errs[i] != nil {
			at.Err = b.err
			if b.err == nil {
				at.Err = b.errs[i]
			}
			w.sum.Failed = append(w.sum.Failed, at)
			continue
		}
		switch res := b.results[i]; res.Status {
		case corpus.PutNew:
			w.sum.New++
			if res.Joined {
				w.sum.Clustered++
			}
		case corpus.PutUpdated:
			w.sum.Updated++
		case corpus.PutUnchanged:
			w.sum.Unchanged++
		}
	}
	if w.progress != nil {
		w.progress(*w.sum)
	}
	return nil
}

// expandPaths lists the files to import: explicit files as given (so an
// unsupported one is reported), directories walked for importable files.
func expandPaths(paths []string, sum *ImportSummary) []string {
	var files []string
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			sum.Failed = append(sum.Failed, ImportError{Path: p, Err: err})
			continue
		}
		if !fi.IsDir() {
			files = append(files, p)
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				sum.Failed = append(sum.Failed, ImportError{Path: path, Err: err})
				return nil
			}
			if d.IsDir() || !importable(path) {
				return nil
			}
			// A pipe or device named like an article is reported here
			// rather than opened: opening a FIFO blocks until a writer
			// comes, and reading a device may never end.
			if t := d.Type(); !t.IsRegular() && t&fs.ModeSymlink == 0 {
				sum.Failed = append(sum.Failed, ImportError{Path: path, Err: ErrNotRegular})
				return nil
			}
			files = append(files, path)
			return nil
		})
		if err != nil {
			sum.Failed = append(sum.Failed, ImportError{Path: p, Err: err})
		}
	}
	return files
}

// readFile turns one file into documents on out, in order; each is
// prepared and enriched by a job given to work.
func readFile(ctx context.Context, path string, opts ImportOptions, out chan<- future, work chan<- func()) {
	send := func(f future) bool {
		select {
		case out <- f:
			return true
		case <-ctx.Done():
			return false
		}
	}
	fail := func(line int, err error) bool {
		return send(done(item{at: ImportError{Path: path, Line: line, Err: err}}))
	}
	emit := func(line int, doc *corpus.Document) bool {
		f := make(future, 1)
		job := func() { f <- prepare(doc, opts, ImportError{Path: path, Line: line}) }
		select {
		case work <- job:
		case <-ctx.Done():
			return false
		}
		return send(f)
	}
	ext := strings.ToLower(filepath.Ext(path))
	if !importable(path) {
		fail(0, ErrUnsupported)
		return
	}
	f, err := openRegular(path)
	if err != nil {
		fail(0, err)
		return
	}
	defer f.Close()
	if ext == ".jsonl" {
		readJSONL(f, opts.MaxFileBytes, fail, emit)
		return
	}
	data, err := io.ReadAll(io.LimitReader(f, opts.MaxFileBytes+1))
	if err != nil {
		fail(0, err)
		return
	}
	if int64(len(data)) > opts.MaxFileBytes {
		fail(0, fmt.Errorf("%w: over %s (the limit; raise it if this really is one article)", ErrTooLarge, sizeString(opts.MaxFileBytes)))
		return
	}
	var doc *corpus.Document
	if ext == ".txt" {
		doc, err = textDocument(data)
	} else {
		doc, err = pageDocument(data)
	}
	if err != nil {
		fail(0, err)
		return
	}
	if doc.URL == "" {
		doc.URL = fileURL(path)
	}
	emit(0, doc)
}

// prepare fills what the options give, normalizes doc, extracts its
// figures and sketches it: the CPU work of one document before the store.
func prepare(doc *corpus.Document, opts ImportOptions, at ImportError) item {
	if doc.Published.IsZero() {
		doc.Published = opts.Published
	}
	if doc.Source == "" {
		doc.Source = opts.Source
	}
	n := corpus.Prepare(doc)
	p := corpus.Pending{Doc: doc}
	if opts.Enrich != nil {
		p.Figures = opts.Enrich(doc, n)
	}
	p.Prepare()
	return item{pend: p, at: at}
}

// openRegular opens path for reading only if it is a regular file (a
// symbolic link to one is fine). The check is made before opening, so that
// a FIFO is never opened, and again on the open file, since the path may
// have been replaced in between; O_NONBLOCK makes that open return at once
// even then (it changes nothing for a regular file).
func openRegular(path string) (*os.File, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, ErrNotRegular
	}
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	if fi, err = f.Stat(); err != nil || !fi.Mode().IsRegular() {
		f.Close()
		if err == nil {
			err = ErrNotRegular
		}
		return nil, err
	}
	return f, nil
}

// textDocument reads a .txt article: the first non-empty line is the
// title, the rest the text. Reposts often open with a header instead
// (來源:中華工商時報 / 2021-01-18 01:05:01 or 发布时间：2021-01-18 / 原標題:…): its lines give the
// source, date, author and original title, and stay in the text, which is
// never cut.
func textDocument(data []byte) (*corpus.Document, error) {
	text, charset, err := Decode(data, "")
	if err != nil {
		return nil, err
	}
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
	text = strings.TrimLeft(text, " \t\n\u3000")
	doc := &corpus.Document{Charset: charset}
	title, body, _ := strings.Cut(text, "\n")
	if h := readTextHeader(text); h.lines > 0 {
		doc.Source, doc.Published, doc.Author = h.source, h.published, h.author
		title, body = h.title, text
		if title == "" {
			title = h.next
		}
	}
	doc.Title, doc.Original = strings.TrimSpace(title), strings.TrimSpace(body)
	if doc.Original == "" {
		return nil, ErrNoTitleBody
	}
	return doc, nil
}

// textHeader is what the header lines of a .txt article say.
type textHeader struct {
	lines                 int // header lines at the top
	source, author, title string
	published             time.Time
	next                  string // the first line after the header
}

var (
	headerSource   = regexp.MustCompile(`^(?:[来來]源|稿源)\s*[:：]\s*(\S.{0,40})$`)
	headerAuthor   = regexp.MustCompile(`^(?:作者|[记記]者)\s*[:：]\s*(\S.{0,40})$`)
	headerTitle    = regexp.MustCompile(`^原[标標][题題]\s*[:：]\s*(\S.*)$`)
	headerDateOnly = regexp.MustCompile(`^[0-9０-９:：/.\-年月日时時分秒 ]{8,30}$`)
	// A labelled date line: 发布时间：2021-01-18 10:00, 日期: 2021年1月18日.
	headerDate = regexp.MustCompile(`^(?:[发發][布佈](?:[时時][间間]|日期)|日期|[时時][间間])\s*[:：]\s*(\S.{0,30})$`)
)

// readTextHeader reads the metadata lines at the top of text; lines is 0
// when the first line is an ordinary title.
func readTextHeader(text string) textHeader {
	var h textHeader
	for _, line := range strings.SplitN(text, "\n", 8) {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if m := headerSource.FindStringSubmatch(line); m != nil {
			if h.source == "" {
				h.source = strings.TrimSpace(m[1])
			}
		} else if m := headerAuthor.FindStringSubmatch(line); m != nil {
			h.author = strings.TrimSpace(m[1])
		} else if m := headerTitle.FindStringSubmatch(line); m != nil {
			h.title = strings.TrimSpace(m[1])
		} else if t, ok := parseDate(line); ok && headerDateOnly.MatchString(line) {
			h.published = t
		} else if m := headerDate.FindStringSubmatch(line); m != nil && headerDateOnly.MatchString(m[1]) {
			if t, ok := parseDate(m[1]); ok {
				h.published = t
			}
		} else {
			h.next = line
			return h
		}
		h.lines++
	}
	return h
}

func pageDocument(data []byte) (*corpus.Document, error) {
	a, err := ExtractArticle(data, "", ExtractOptions{})
	if err != nil {
		return nil, err
	}
	return &corpus.Document{URL: a.URL, Title: a.Title, Published: a.Published, Source: a.Source,
		Author: a.Author, Original: a.Text, Charset: a.Charset}, nil
}

// jsonlRecord is one line of a .jsonl import file.
type jsonlRecord struct {
	URL       string `json:"url"`
	Title     string `json:"title"`
	Published string `json:"published"`
	Source    string `json:"source"`
	Author    string `json:"author"`
	Text      string `json:"text"`
}

// readJSONL streams a .jsonl file, one document per non-blank line; a bad
// line is reported and the next one read.
func readJSONL(r io.Reader, maxLine int64, fail func(int, error) bool, emit func(int, *corpus.Document) bool) {
	br := bufio.NewReaderSize(r, 64<<10)
	for line := 1; ; line++ {
		raw, err := readLine(br, maxLine)
		if errors.Is(err, ErrTooLarge) {
			if !fail(line, err) {
				return
			}
			continue
		}
		if err == io.EOF && len(raw) == 0 {
			return
		}
		if err != nil && err != io.EOF {
			fail(line, err)
			return
		}
		if strings.TrimSpace(string(raw)) == "" {
			continue
		}
		doc, derr := jsonlDocument(raw)
		if derr != nil {
			if !fail(line, derr) {
				return
			}
		} else if !emit(line, doc) {
			return
		}
		if err == io.EOF {
			return
		}
	}
}

// readLine returns the next line without its end; a line over max bytes
// is consumed and reported with ErrTooLarge.
func readLine(br *bufio.Reader, max int64) ([]byte, error) {
	var line []byte
	for {
		chunk, err := br.ReadSlice('\n')
		if int64(len(line)+len(chunk)) > max {
			for errors.Is(err, bufio.ErrBufferFull) {
				_, err = br.ReadSlice('\n')
			}
			return nil, fmt.Errorf("%w: line over %s", ErrTooLarge, sizeString(max))
		}
		line = append(line, chunk...)
		if !errors.Is(err, bufio.ErrBufferFull) {
			return []byte(strings.TrimRight(string(line), "\r\n")), err
		}
	}
}

func jsonlDocument(raw []byte) (*corpus.Document, error) {
	text, charset, err := Decode(raw, "")
	if err != nil {
		return nil, err
	}
	var rec jsonlRecord
	if err := json.Unmarshal([]byte(text), &rec); err != nil {
		return nil, fmt.Errorf("bad JSON: %w", err)
	}
	for _, f := range []*string{&rec.URL, &rec.Title, &rec.Published, &rec.Source, &rec.Author, &rec.Text} {
		*f = stripControls(*f)
	}
	if strings.TrimSpace(rec.Text) == "" {
		return nil, errors.New(`no "text"`)
	}
	doc := &corpus.Document{URL: rec.URL, Title: rec.Title, Source: rec.Source, Author: rec.Author,
		Original: rec.Text, Charset: charset}
	if rec.Published != "" {
		t, ok := parseDate(rec.Published)
		if !ok {
			return nil, fmt.Errorf("published %q: not a date (want 2021-01-18, 2021-01-18T10:30:00+08:00 or 2021年1月18日)", rec.Published)
		}
		doc.Published = t
	}
	return doc, nil
}

// stripControls drops the C0 control characters but tab, newline and
// carriage return, and DEL: JSON may escape them (\u0000), but no article
// means them, and stored they would reach CSV exports and pages raw.
func stripControls(s string) string {
	if !strings.ContainsFunc(s, isStrayControl) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isStrayControl(r) {
			return -1
		}
		return r
	}, s)
}

func isStrayControl(r rune) bool {
	return (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || r == 0x7f
}

// sizeString writes a size limit for people: 16 MB, 1000 bytes.
func sizeString(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

// fileURL names an imported file, so that importing it again after an
// edit updates its document instead of adding one.
func fileURL(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String()
}
