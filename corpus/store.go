package corpus

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/fednews/fednews/zh"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// ErrNotFound is returned when a document or crawl state does not exist.
var ErrNotFound = errors.New("not found")

// ErrEmptyDocument is returned by Put for a document without text.
var ErrEmptyDocument = errors.New("document has no text")

// DBFile is the name of the SQLite database inside the data directory.
const DBFile = "fednews.db"

// Store keeps documents, figures, crawl state and runs in SQLite under a
// data directory (Open), or in another SQL engine through its Dialect
// (OpenDB; corpus/pgstore for PostgreSQL). It is safe for concurrent use,
// and several processes may open the same store: on SQLite the database
// runs in WAL mode, so readers (a running server) are not blocked by a
// writer (the nightly ingest), and writers wait for each other up to a
// busy timeout.
type Store struct {
	db conn
}

// Open opens (creating and migrating as needed) the store in dataDir/fednews.db.
func Open(ctx context.Context, dataDir string) (*Store, error) {
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	path := filepath.Join(dataDir, DBFile)
	// Write transactions start IMMEDIATE so that two writers queue on the
	// busy timeout instead of failing when a read lock cannot be upgraded.
	// A 128 MB page cache holds the pages a batch of imports dirties (the
	// LSH band keys land all over their B-tree) so that they are not
	// spilled to the WAL mid-transaction, up to a few hundred thousand
	// documents (the band table is 66 MB at 100,000); the 256 MB memory
	// map serves reads of the rest without a system call each. Neither
	// scales further: at 1,000,000 documents a 1 GB cache cost more CPU
	// than it saved (growing it is an allocation per page), and SQLite
	// maps at most 2 GB (BENCHMARKS.md, session 12); temp_store in memory
	// keeps savepoints' sub-journal off the disk. The WAL is copied back
	// into the database once it passes 512 MB, not SQLite's 4 MB: an
	// import's batch dirties most pages of the random-key indexes (band
	// keys, content hashes), and each checkpoint writes all of them to
	// the database again (a checkpoint after every batch did so each
	// time; at 256 MB the 100k import wrote 3.02× its store, at 512 MB
	// 2.92×; see BENCHMARKS.md).
	dsn := "file:" + path + "?_txlock=immediate" +
		"&_pragma=busy_timeout(30000)&_pragma=journal_mode(WAL)&_pragma=wal_autocheckpoint(131072)" +
		"&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(1)&_pragma=cache_size(-131072)" +
		"&_pragma=temp_store(MEMORY)&_pragma=mmap_size(268435456)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	s, err := OpenDB(ctx, db, sqliteDialect{})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	return s, nil
}

// Close closes the store.
func (s *Store) Close() error { return s.db.db.Close() }

// PutStatus says what Put did with a document.
type PutStatus string

// Put outcomes.
const (
	PutNew       PutStatus = "new"       // a new document (it may have joined an existing near-duplicate cluster)
	PutUpdated   PutStatus = "updated"   // same URL, changed content
	PutUnchanged PutStatus = "unchanged" // same URL or same content hash: nothing written
)

// PutResult reports the outcome of Put.
type PutResult struct {
	ID      int64
	Status  PutStatus
	Cluster int64 // duplicate cluster the document belongs to
	// Joined says the document joined a story stored before it. It may
	// then stand for the story (Cluster == ID) when it was published first.
	Joined bool
}

// Prepare fills doc.Normalized, doc.Script and doc.ContentHash from
// doc.Original and returns the normalization (with its offset map) so that
// figures can be extracted from it.
func Prepare(doc *Document) zh.Result {
	n := zh.Normalize(doc.Original, zh.AllSteps)
	doc.Normalized = n.Text
	doc.Script = n.Script
	doc.ContentHash = contentHash(n.Text)
	return n
}

// contentHash identifies a normalized text regardless of its layout: white
// space is dropped, so the same article from a .txt file and from its web
// page hash alike.
func contentHash(normalized string) string {
	h := sha256.New()
	var buf [4]byte
	for _, r := range normalized {
		if !unicode.IsSpace(r) {
			n := copy(buf[:], string(r))
			h.Write(buf[:n])
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Put writes doc and its figures in one transaction, assigning doc.ID,
// doc.Cluster and doc.Seq. Put calls Prepare when doc.ContentHash is empty
// and fills doc.CanonicalURL from doc.URL when it is empty.
//
// A document whose canonical URL is stored already replaces that document
// when its content changed (PutUpdated) and is left alone otherwise; a
// document with the content of another stored document in the same script
// is not stored again (PutUnchanged with the existing ID); in the other
// script it is stored and joins that document's cluster. A new document whose text is a near
// duplicate of a stored one joins that one's cluster; otherwise it starts
// its own, Cluster == ID. A cluster's ID is the ID of its original, the copy
// published first (see standsBefore): when an earlier copy arrives later,
// every member is renumbered, with a new change sequence.
func (s *Store) Put(ctx context.Context, doc *Document, figs []Figure) (PutResult, error) {
	sig, err := preparePut(doc)
	if err != nil {
		return PutResult{}, err
	}
	tx, err := s.db.beginWrite(ctx)
	if err != nil {
		return PutResult{}, fmt.Errorf("put %q: %w", doc.URL, err)
	}
	defer tx.Rollback()
	res, err := put(ctx, tx, doc, figs, sig)
	if err == nil {
		if err = tx.Commit(); err != nil {
			err = fmt.Errorf("commit: %w", err)
		}
	}
	if err != nil {
		return PutResult{}, fmt.Errorf("put %q: %w", doc.URL, err)
	}
	return res, nil
}

// preparePut checks doc, fills what Put fills before writing and returns
// its sketch: CPU work done outside the write lock.
func preparePut(doc *Document) (signature, error) {
	if strings.TrimSpace(doc.Original) == "" {
		return nil, fmt.Errorf("put %q: %w", doc.URL, ErrEmptyDocument)
	}
	if doc.ContentHash == "" {
		Prepare(doc)
	}
	if doc.CanonicalURL == "" {
		doc.CanonicalURL = CanonicalURL(doc.URL)
	}
	if doc.FetchedAt.IsZero() {
		doc.FetchedAt = time.Now().UTC()
	}
	return sketch(doc.Normalized), nil
}

// put writes doc and its figures inside tx (see Put).
func put(ctx context.Context, tx txn, doc *Document, figs []Figure, sig signature) (PutResult, error) {
	var err error
	var prev struct {
		id, cluster, seq int64
		hash             string
	}
	err = sql.ErrNoRows
	if doc.CanonicalURL != "" {
		err = tx.QueryRowContext(ctx, `SELECT id, content_hash, cluster, seq FROM documents WHERE canonical_url = ? AND canonical_url <> ''`,
			doc.CanonicalURL).Scan(&prev.id, &prev.hash, &prev.cluster, &prev.seq)
	}
	var otherScript int64 // cluster of the same text published in the other script
	if errors.Is(err, sql.ErrNoRows) {
		// Not this URL: the same text under another URL is the same
		// document, unless it was published in the other script: a repost
		// in traditional of a simplified story is a copy researchers want
		// to see (its source and URL differ), so it is kept in the cluster.
		var script string
		err = tx.QueryRowContext(ctx, `SELECT id, content_hash, cluster, seq, script FROM documents WHERE content_hash = ? ORDER BY script <> ?, id LIMIT 1`,
			doc.ContentHash, string(doc.Script)).Scan(&prev.id, &prev.hash, &prev.cluster, &prev.seq, &script)
		if err == nil && script != string(doc.Script) {
			otherScript, prev.id, prev.hash = prev.cluster, 0, ""
		}
	}
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return PutResult{}, fmt.Errorf("look up existing document: %w", err)
	case prev.hash == doc.ContentHash:
		doc.ID, doc.Cluster, doc.Seq = prev.id, prev.cluster, prev.seq
		return PutResult{ID: prev.id, Status: PutUnchanged, Cluster: prev.cluster}, nil
	}

	if doc.Seq, err = nextSeq(ctx, tx); err != nil {
		return PutResult{}, err
	}
	doc.Cluster, err = nearestCluster(ctx, tx, sig, prev.id)
	if err != nil {
		return PutResult{}, err
	}
	if otherScript != 0 {
		doc.Cluster = otherScript
	}
	joined := doc.Cluster != 0 && doc.Cluster != prev.id
	status := PutNew
	if prev.id != 0 {
		status = PutUpdated
		doc.ID = prev.id
		if doc.Cluster == 0 {
			doc.Cluster = prev.id
		}
		_, err = tx.ExecContext(ctx, updateDocument, docArgs(doc, doc.ID)...)
	} else {
		err = tx.QueryRowContext(ctx, insertDocument, docArgs(doc)...).Scan(&doc.ID)
		if err == nil && doc.Cluster == 0 {
			doc.Cluster = doc.ID
			_, err = tx.ExecContext(ctx, `UPDATE documents SET cluster = id WHERE id = ?`, doc.ID)
		}
	}
	if err != nil {
		return PutResult{}, fmt.Errorf("write document: %w", err)
	}
	if doc.Cluster, err = electCanonical(ctx, tx, doc.Cluster, doc.ID); err != nil {
		return PutResult{}, err
	}
	// A document just inserted has no sketch or figures to replace (its
	// ID is new, and a deleted document's rows went with it).
	replace := prev.id != 0
	if err := writeSketch(ctx, tx, doc.ID, sig, replace); err != nil {
		return PutResult{}, err
	}
	if err := writeFigures(ctx, tx, doc.ID, figs, replace); err != nil {
		return PutResult{}, err
	}
	return PutResult{ID: doc.ID, Status: status, Cluster: doc.Cluster, Joined: joined}, nil
}

// writeFigures stores the figures of document id in text order, first
// deleting its old ones when replace is set. Rows go figuresPerInsert to
// a statement: an article states a score of figures, and a statement per
// figure made the driver's round trips the biggest cost of storing them.
func writeFigures(ctx context.Context, tx txn, id int64, figs []Figure, replace bool) error {
	if replace {
		if _, err := tx.ExecContext(ctx, `DELETE FROM figures WHERE doc_id = ?`, id); err != nil {
			return fmt.Errorf("write figures: %w", err)
		}
	}
	if len(figs) == 0 {
		return nil
	}
	sorted := append([]Figure(nil), figs...)
	sort.SliceStable(sorted, func(i, j int) bool {
		if sorted[i].Start != sorted[j].Start {
			return sorted[i].Start < sorted[j].Start
		}
		return sorted[i].End < sorted[j].End
	})
	args := make([]any, 0, figureFields*min(len(sorted), figuresPerInsert))
	for first := 0; first < len(sorted); first += figuresPerInsert {
		rows := sorted[first:min(first+figuresPerInsert, len(sorted))]
		args = args[:0]
		for i, f := range rows {
			args = append(args, id, first+i, f.Kind, f.Text, f.Start, f.End, nullFloat(f.Value), nullFloat(f.ValueMax),
				f.Unit, f.Qualifier, f.Date, f.DateEnd, f.Subject, f.Sentence, f.PeriodStart, f.PeriodEnd, f.Topic)
		}
		if _, err := tx.ExecContext(ctx, figuresInsert[len(rows)], args...); err != nil {
			f := rows[0]
			return fmt.Errorf("write figures %d to %d (the first %q at %d-%d): %w", first, first+len(rows)-1, f.Text, f.Start, f.End, err)
		}
	}
	return nil
}

// figuresPerInsert bounds the rows of one INSERT INTO figures, and so its
// parameters (figureFields each) below every engine's limit.
const (
	figuresPerInsert = 32
	figureFields     = 17
)

// figuresInsert[n] inserts n figures.
var figuresInsert = func() []string {
	qs := make([]string, figuresPerInsert+1)
	row := "(" + strings.TrimSuffix(strings.Repeat("?,", figureFields), ",") + "),"
	for n := 1; n <= figuresPerInsert; n++ {
		qs[n] = `INSERT INTO figures (doc_id, ord, kind, text, start, "end", value, value_max,
		unit, qualifier, date, date_end, subject, sentence, period_start, period_end, topic) VALUES ` +
			strings.TrimSuffix(strings.Repeat(row, n), ",")
	}
	return qs
}()

func nullFloat(p *float64) sql.NullFloat64 {
	if p == nil {
		return sql.NullFloat64{}
	}
	return sql.NullFloat64{Float64: *p, Valid: true}
}

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339Nano)
}

func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.Parse(time.RFC3339Nano, s)
}

type scanner interface{ Scan(dest ...any) error }

// scanDocument scans a row of docColumns.
func scanDocument(sc scanner) (*Document, error) {
	var r docRow
	if err := sc.Scan(r.dests(withBody)...); err != nil {
		return nil, err
	}
	return r.document()
}

// Get returns one document.
func (s *Store) Get(ctx context.Context, id int64) (*Document, error) {
	d, err := scanDocument(s.db.QueryRowContext(ctx, `SELECT `+docColumns+` FROM documents WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("document %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("get document %d: %w", id, err)
	}
	return d, nil
}

// GetByURL returns the document stored under the canonical form of url.
func (s *Store) GetByURL(ctx context.Context, url string) (*Document, error) {
	c := CanonicalURL(url)
	d, err := scanDocument(s.db.QueryRowContext(ctx, `SELECT `+docColumns+` FROM documents WHERE canonical_url = ? AND canonical_url <> ''`, c))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("document %s: %w", c, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("get document %s: %w", c, err)
	}
	return d, nil
}

// queryDocuments runs a document query and calls fn for each row while
// streaming, so that callers never hold the whole result in memory.
func (s *Store) queryDocuments(ctx context.Context, fn func(*Document) error, query string, args ...any) error {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		d, err := scanDocument(rows)
		if err != nil {
			return err
		}
		if err := fn(d); err != nil {
			return err
		}
	}
	return rows.Err()
}

func (s *Store) collectDocuments(ctx context.Context, query string, args ...any) ([]*Document, error) {
	var out []*Document
	err := s.queryDocuments(ctx, func(d *Document) error { out = append(out, d); return nil }, query, args...)
	return out, err
}

// Changed returns up to limit documents whose Seq is greater than afterSeq,
// in Seq order: the feed the index follows. A limit of 0 or less means no
// limit.
func (s *Store) Changed(ctx context.Context, afterSeq int64, limit int) ([]*Document, error) {
	q, args := `SELECT `+docColumns+` FROM documents WHERE seq > ? ORDER BY seq`, []any{afterSeq}
	if limit > 0 {
		q, args = q+` LIMIT ?`, append(args, limit)
	}
	docs, err := s.collectDocuments(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("changed documents after %d: %w", afterSeq, err)
	}
	return docs, nil
}

// MaxSeq returns the change sequence of the latest document write, 0 for an
// empty store. An index that has followed Changed up to MaxSeq is current.
func (s *Store) MaxSeq(ctx context.Context) (int64, error) {
	var n int64
	if err := s.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(seq), 0) FROM documents`).Scan(&n); err != nil {
		return 0, fmt.Errorf("max seq: %w", err)
	}
	return n, nil
}

// Count returns the number of stored documents.
func (s *Store) Count(ctx context.Context) (int, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM documents`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count documents: %w", err)
	}
	return n, nil
}

// EachDocument calls fn for every document in ID order, streaming them from
// the database; it stops at and returns fn's first error.
func (s *Store) EachDocument(ctx context.Context, fn func(*Document) error) error {
	if err := s.queryDocuments(ctx, fn, `SELECT `+docColumns+` FROM documents ORDER BY id`); err != nil {
		return fmt.Errorf("each document: %w", err)
	}
	return nil
}

// StorySizes returns the number of copies of every story (duplicate
// cluster) that has more than one, by cluster.
func (s *Store) StorySizes(ctx context.Context) (map[int64]int, error) {
	return idMap[int](ctx, s.db, "story sizes", `SELECT cluster, COUNT(*) FROM documents GROUP BY cluster HAVING COUNT(*) > 1`)
}

// ClusterMembers returns the documents of a duplicate cluster, oldest first.
func (s *Store) ClusterMembers(ctx context.Context, cluster int64) ([]*Document, error) {
	docs, err := s.collectDocuments(ctx, `SELECT `+docColumns+` FROM documents WHERE cluster = ? ORDER BY id`, cluster)
	if err != nil {
		return nil, fmt.Errorf("cluster %d: %w", cluster, err)
	}
	return docs, nil
}

const figureColumns = `f.kind, f.text, f.start, f."end", f.value, f.value_max, f.unit, f.qualifier, f.date, f.date_end, f.subject, f.sentence,
	f.period_start, f.period_end, f.topic`

func figureDest(f *Figure, value, valueMax *sql.NullFloat64) []any {
	return []any{&f.Kind, &f.Text, &f.Start, &f.End, value, valueMax, &f.Unit, &f.Qualifier, &f.Date, &f.DateEnd, &f.Subject, &f.Sentence,
		&f.PeriodStart, &f.PeriodEnd, &f.Topic}
}

func fillFloats(f *Figure, value, valueMax sql.NullFloat64) {
	if value.Valid {
		f.Value = &value.Float64
	}
	if valueMax.Valid {
		f.ValueMax = &valueMax.Float64
	}
}

// ErrChanged is returned by ReplaceFigures when the document was written
// again after the figures were extracted from it.
var ErrChanged = errors.New("document changed since its figures were extracted")

// ReplaceFigures replaces the figures of document id, extracted from it
// at change sequence seq, with figs, written by extractor version
// extractor, and its entities with ents (nil keeps them), in one
// transaction. The document gets a new change sequence,
// so the index picks up its new figure kinds and values. When the
// document was written since seq (a crawl stored a new text), nothing is
// replaced and the error matches ErrChanged.
func (s *Store) ReplaceFigures(ctx context.Context, id, seq int64, figs []Figure, extractor int, ents *Entities) error {
	tx, err := s.db.beginWrite(ctx)
	if err != nil {
		return fmt.Errorf("replace figures of %d: %w", id, err)
	}
	defer tx.Rollback()
	next, err := nextSeq(ctx, tx)
	if err != nil {
		return fmt.Errorf("replace figures of %d: %w", id, err)
	}
	res, err := tx.ExecContext(ctx, `UPDATE documents SET extractor = ?,
		entities = CASE WHEN ? THEN ? ELSE entities END, entities_version = CASE WHEN ? THEN ? ELSE entities_version END,
		seq = ? WHERE id = ? AND seq = ?`,
		extractor, ents != nil, encodeEntities(ents), ents != nil, entityVersion(ents), next, id, seq)
	if err != nil {
		return fmt.Errorf("replace figures of %d: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("replace figures of %d: %w", id, err)
	} else if n == 0 {
		var exists bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM documents WHERE id = ?)`, id).Scan(&exists); err != nil {
			return fmt.Errorf("replace figures of %d: %w", id, err)
		}
		if !exists {
			return fmt.Errorf("replace figures of %d: %w", id, ErrNotFound)
		}
		return fmt.Errorf("replace figures of %d: %w", id, ErrChanged)
	}
	if err := writeFigures(ctx, tx, id, figs, true); err != nil {
		return fmt.Errorf("replace figures of %d: %w", id, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("replace figures of %d: commit: %w", id, err)
	}
	return nil
}

// OlderFigures returns up to limit documents with an ID above afterID whose
// figures an extractor older than version wrote, or whose entities rules
// older than entities found, by ID.
func (s *Store) OlderFigures(ctx context.Context, version, entities int, afterID int64, limit int) ([]*Document, error) {
	docs, err := s.collectDocuments(ctx, `SELECT `+docColumns+` FROM documents
		WHERE (extractor < ? OR entities_version < ?) AND id > ? ORDER BY id LIMIT ?`,
		version, entities, afterID, limit)
	if err != nil {
		return nil, fmt.Errorf("documents extracted before version %d: %w", version, err)
	}
	return docs, nil
}

// CountOlderFigures is the number of documents OlderFigures lists.
func (s *Store) CountOlderFigures(ctx context.Context, version, entities int) (int, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM documents WHERE extractor < ? OR entities_version < ?`,
		version, entities).Scan(&n); err != nil {
		return 0, fmt.Errorf("documents extracted before version %d: %w", version, err)
	}
	return n, nil
}

// Figures returns the figures of one document in text order.
func (s *Store) Figures(ctx context.Context, docID int64) ([]Figure, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+figureColumns+` FROM figures f WHERE f.doc_id = ? ORDER BY f.ord`, docID)
	if err != nil {
		return nil, fmt.Errorf("figures of %d: %w", docID, err)
	}
	defer rows.Close()
	var out []Figure
	for rows.Next() {
		var f Figure
		var v, vm sql.NullFloat64
		if err := rows.Scan(figureDest(&f, &v, &vm)...); err != nil {
			return nil, fmt.Errorf("figures of %d: %w", docID, err)
		}
		fillFloats(&f, v, vm)
		out = append(out, f)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("figures of %d: %w", docID, err)
	}
	return out, nil
}

// EachFigure streams the figures of the given documents (all documents when
// ids is nil) with their document, in document then text order, without
// loading them all into memory. The document passed to fn has no text
// fields; it has its entities.
func (s *Store) EachFigure(ctx context.Context, ids []int64, fn func(doc *Document, f Figure) error) error {
	q := `SELECT ` + selectColumns("d.", withoutBody) + `, ` + figureColumns + `
		FROM figures f JOIN documents d ON d.id = f.doc_id`
	var args []any
	if ids != nil {
		in, arg, err := s.db.d.DocIn(ids)
		if err != nil {
			return fmt.Errorf("each figure: %w", err)
		}
		q += ` WHERE f.` + in
		args = append(args, arg)
	}
	q += ` ORDER BY f.doc_id, f.ord`
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("each figure: %w", err)
	}
	defer rows.Close()
	var doc *Document
	for rows.Next() {
		var r docRow
		var f Figure
		var v, vm sql.NullFloat64
		if err := rows.Scan(append(r.dests(withoutBody), figureDest(&f, &v, &vm)...)...); err != nil {
			return fmt.Errorf("each figure: %w", err)
		}
		fillFloats(&f, v, vm)
		if doc == nil || doc.ID != r.d.ID {
			if doc, err = r.document(); err != nil {
				return fmt.Errorf("each figure: %w", err)
			}
		}
		if err := fn(doc, f); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("each figure: %w", err)
	}
	return nil
}

// CrawlState is what the crawler remembers about one URL.
type CrawlState struct {
	URL          string
	ETag         string
	LastModified string
	LastStatus   int
	LastError    string
	LastFetched  time.Time
	NextFetch    time.Time
	Failures     int
	DocID        int64 // 0 when the URL produced no document (list page, failure)
}

// CrawlState returns the state of url, or ErrNotFound.
func (s *Store) CrawlState(ctx context.Context, url string) (CrawlState, error) {
	st := CrawlState{URL: url}
	var last, next string
	err := s.db.QueryRowContext(ctx, `SELECT etag, last_modified, last_status, last_error, last_fetched, next_fetch,
		failures, doc_id FROM crawl_state WHERE url = ?`, url).Scan(&st.ETag, &st.LastModified, &st.LastStatus,
		&st.LastError, &last, &next, &st.Failures, &st.DocID)
	if errors.Is(err, sql.ErrNoRows) {
		return CrawlState{}, fmt.Errorf("crawl state %s: %w", url, ErrNotFound)
	}
	if err != nil {
		return CrawlState{}, fmt.Errorf("crawl state %s: %w", url, err)
	}
	if st.LastFetched, err = parseTime(last); err != nil {
		return CrawlState{}, fmt.Errorf("crawl state %s: %w", url, err)
	}
	if st.NextFetch, err = parseTime(next); err != nil {
		return CrawlState{}, fmt.Errorf("crawl state %s: %w", url, err)
	}
	return st, nil
}

// PutCrawlState writes the state of one URL.
func (s *Store) PutCrawlState(ctx context.Context, st CrawlState) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO crawl_state (url, etag, last_modified, last_status, last_error,
		last_fetched, next_fetch, failures, doc_id) VALUES (?,?,?,?,?,?,?,?,?)
		ON CONFLICT (url) DO UPDATE SET etag=excluded.etag, last_modified=excluded.last_modified,
		last_status=excluded.last_status, last_error=excluded.last_error, last_fetched=excluded.last_fetched,
		next_fetch=excluded.next_fetch, failures=excluded.failures, doc_id=excluded.doc_id`,
		st.URL, st.ETag, st.LastModified, st.LastStatus, st.LastError, formatTime(st.LastFetched),
		formatTime(st.NextFetch), st.Failures, st.DocID)
	if err != nil {
		return fmt.Errorf("put crawl state %s: %w", st.URL, err)
	}
	return nil
}

// Run is one ingest run's record.
type Run struct {
	ID       int64
	Started  time.Time
	Finished time.Time
	Counts   map[string]int // fetched, not_modified, new, updated, duplicates, failed ...
	Errors   []string
}

// StartRun records the start of a run and returns its ID.
func (s *Store) StartRun(ctx context.Context) (int64, error) {
	var id int64
	err := s.db.QueryRowContext(ctx, `INSERT INTO runs (started) VALUES (?) RETURNING id`,
		formatTime(time.Now().UTC())).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("start run: %w", err)
	}
	return id, nil
}

// FinishRun records the end of a run: its counts, its errors and its end
// time (now when r.Finished is zero).
func (s *Store) FinishRun(ctx context.Context, r Run) error {
	if r.Finished.IsZero() {
		r.Finished = time.Now().UTC()
	}
	counts, err := json.Marshal(r.Counts)
	if err != nil {
		return fmt.Errorf("finish run %d: %w", r.ID, err)
	}
	errs, err := json.Marshal(r.Errors)
	if err != nil {
		return fmt.Errorf("finish run %d: %w", r.ID, err)
	}
	res, err := s.db.ExecContext(ctx, `UPDATE runs SET finished = ?, counts = ?, errors = ? WHERE id = ?`,
		formatTime(r.Finished), string(counts), string(errs), r.ID)
	if err != nil {
		return fmt.Errorf("finish run %d: %w", r.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("finish run %d: %w", r.ID, ErrNotFound)
	}
	return nil
}

// Runs returns the latest runs, newest first, at most limit of them.
func (s *Store) Runs(ctx context.Context, limit int) ([]Run, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, started, finished, counts, errors FROM runs ORDER BY id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("runs: %w", err)
	}
	defer rows.Close()
	var out []Run
	for rows.Next() {
		var r Run
		var started, finished, counts, errs string
		if err := rows.Scan(&r.ID, &started, &finished, &counts, &errs); err != nil {
			return nil, fmt.Errorf("runs: %w", err)
		}
		if r.Started, err = parseTime(started); err != nil {
			return nil, fmt.Errorf("run %d: %w", r.ID, err)
		}
		if r.Finished, err = parseTime(finished); err != nil {
			return nil, fmt.Errorf("run %d: %w", r.ID, err)
		}
		if err := json.Unmarshal([]byte(counts), &r.Counts); err != nil {
			return nil, fmt.Errorf("run %d: counts: %w", r.ID, err)
		}
		if err := json.Unmarshal([]byte(errs), &r.Errors); err != nil {
			return nil, fmt.Errorf("run %d: errors: %w", r.ID, err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
