package corpus

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// Near-duplicate lookup: the LSH band rows of each signature (sketch.go)
// and the query that finds a new document's candidates through them.

// bandCandidates caps the documents nearestCluster takes from one LSH
// band: the most recent ones. A band key that standing lines (a paper's
// boilerplate, a template's phrases) give to thousands of documents would
// otherwise make every Put read and compare them all, so that importing
// slows down as the store grows; even at 32 per key, a new document had
// 48 candidates at 10,000 stored and 174 at 100,000. A true repost is
// still found: at a 5-gram Jaccard of 0.8 it shares about 13 of the 32
// bands with its original, most of them decided by the story's own text,
// which few documents share, and it is missed only if in every one of
// them bandCandidates newer documents crowd the original out; those
// documents share its text, and one of them that is itself a near
// duplicate is then found instead. Reposts follow their original within
// days, so the most recent are the ones to keep. On the 100,000 documents
// of bench/gencorpus, 8 per key clusters every document as 32 did, with
// 23 candidates per document at 10,000 stored and 64 at 100,000
// (BENCHMARKS.md).
const bandCandidates = 8

// candidatesQuery selects, for a document to leave out (?1) and the key
// of each of the sketchBands bands (?2, ?3, …), the bandCandidates most
// recent documents with that key (the primary key's order, read
// backwards): one statement per document, not one more per band. The same
// statement runs on every engine (PostgreSQL wants each subquery named,
// hence AS bN). UNION, not UNION ALL: a document comes once however many
// bands it shares; where standing lines crowd several bands, the same
// recent documents fill them all. Their signatures are read apart
// (mostSimilar), most of them from what the transaction already read.
var candidatesQuery = func() string {
	var q strings.Builder
	q.WriteString(`SELECT c.doc_id FROM (`)
	for band := range sketchBands {
		if band > 0 {
			q.WriteString(` UNION `)
		}
		fmt.Fprintf(&q, `SELECT * FROM (SELECT doc_id FROM sketch_bands WHERE band = %d AND key = ?%d AND doc_id <> ?1
			ORDER BY doc_id DESC LIMIT %d) AS b%d`, band, band+2, bandCandidates, band)
	}
	q.WriteString(`) c`)
	return q.String()
}()

// nearestCluster returns the cluster of the stored document most similar to
// sig (at least nearDuplicate; the first stored of equals), other than
// self, or 0 when there is none. It compares at most bandCandidates
// documents per band.
func nearestCluster(ctx context.Context, tx txn, sig signature, self int64) (int64, error) {
	if sig == nil {
		return 0, nil
	}
	keys := sig.bandKeys()
	args := make([]any, 0, len(keys)+1)
	args = append(args, self)
	for _, k := range keys {
		args = append(args, k)
	}
	best, err := mostSimilar(ctx, tx, sig, args)
	if err != nil || best == 0 {
		return 0, err
	}
	var cluster int64
	if err := tx.QueryRowContext(ctx, `SELECT cluster FROM documents WHERE id = ?`, best).Scan(&cluster); err != nil {
		return 0, fmt.Errorf("near-duplicate's story: %w", err)
	}
	return cluster, nil
}

// mostSimilar runs candidatesQuery and returns the candidate most similar
// to sig, at least nearDuplicate, or 0. The candidates' signatures come
// from the transaction's cache (tx.sigs) or, for the others, from one
// query: the candidates are the most recent documents of their bands, so
// in an import most were written or compared earlier in the same batch
// (80 % at 100,000 documents of bench/gencorpus, BENCHMARKS.md), and a
// join to sketches read each again, a third of the lookup's time. Within
// a write transaction nothing else changes a signature: the cache holds
// what this one wrote (writeSketch, deleteSketch) and is emptied when a
// document is rolled back (putBatch).
func mostSimilar(ctx context.Context, tx txn, sig signature, args []any) (int64, error) {
	ids, err := candidateIDs(ctx, tx, args)
	if err != nil {
		return 0, err
	}
	var missing []int64
	for _, id := range ids {
		if _, ok := tx.sigs[id]; !ok {
			missing = append(missing, id)
		}
	}
	if err := readSignatures(ctx, tx, missing); err != nil {
		return 0, err
	}
	best, bestSim := int64(0), nearDuplicate
	for _, id := range ids {
		other, ok := tx.sigs[id]
		if !ok {
			continue // no signature: deleted with its document
		}
		sim := sig.similarity(other)
		if sim > bestSim || sim == bestSim && (best == 0 || id < best) {
			best, bestSim = id, sim
		}
	}
	return best, nil
}

func candidateIDs(ctx context.Context, tx txn, args []any) ([]int64, error) {
	rows, err := tx.QueryContext(ctx, candidatesQuery, args...)
	if err != nil {
		return nil, fmt.Errorf("near-duplicate candidates: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("near-duplicate candidates: %w", err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("near-duplicate candidates: %w", err)
	}
	return ids, nil
}

// readSignatures puts the stored signatures of ids into tx.sigs.
func readSignatures(ctx context.Context, tx txn, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	in, arg, err := tx.d.DocIn(ids)
	if err != nil {
		return fmt.Errorf("near-duplicate signatures: %w", err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT doc_id, signature FROM sketches WHERE `+in, arg)
	if err != nil {
		return fmt.Errorf("near-duplicate signatures: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var blob sql.RawBytes
		if err := rows.Scan(&id, &blob); err != nil {
			return fmt.Errorf("near-duplicate signatures: %w", err)
		}
		tx.sigs[id] = decodeSignature(make(signature, 0, len(blob)/8), blob)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("near-duplicate signatures: %w", err)
	}
	return nil
}

// writeSketch stores document id's signature and band keys, first
// deleting its old ones when replace is set.
func writeSketch(ctx context.Context, tx txn, id int64, sig signature, replace bool) error {
	if replace {
		if err := deleteSketch(ctx, tx, id); err != nil {
			return fmt.Errorf("write sketch: %w", err)
		}
	}
	if sig == nil {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO sketches (doc_id, signature) VALUES (?, ?)`, id, sig.bytes()); err != nil {
		return fmt.Errorf("write sketch: %w", err)
	}
	if _, err := tx.ExecContext(ctx, bandsInsert, bandArgs(id, sig.bandKeys())...); err != nil {
		return fmt.Errorf("write sketch: %w", err)
	}
	tx.sigs[id] = sig
	return nil
}

// deleteSketch deletes document id's signature and its band keys, which
// it computes from the signature: band keys are not indexed by document
// (schema version 8), and a document has band keys only with a signature.
func deleteSketch(ctx context.Context, tx txn, id int64) error {
	old, ok := tx.sigs[id] // the stored one, when this transaction has it
	if !ok {
		var stored []byte
		err := tx.QueryRowContext(ctx, `SELECT signature FROM sketches WHERE doc_id = ?`, id).Scan(&stored)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		old = decodeSignature(nil, stored)
	}
	if len(old) != sketchHashes {
		return fmt.Errorf("document %d: stored signature of %d hashes, want %d", id, len(old), sketchHashes)
	}
	for band, key := range old.bandKeys() {
		if _, err := tx.ExecContext(ctx, `DELETE FROM sketch_bands WHERE band = ? AND key = ? AND doc_id = ?`, band, key, id); err != nil {
			return err
		}
	}
	delete(tx.sigs, id)
	_, err := tx.ExecContext(ctx, `DELETE FROM sketches WHERE doc_id = ?`, id)
	return err
}

// bandsInsert writes a document's band keys in one statement (one
// statement per key cost more in the driver than in SQLite).
var bandsInsert = `INSERT INTO sketch_bands (band, key, doc_id) VALUES ` +
	strings.TrimSuffix(strings.Repeat("(?,?,?),", sketchBands), ",") + ` ON CONFLICT DO NOTHING`

func bandArgs(id int64, keys []int64) []any {
	args := make([]any, 0, 3*len(keys))
	for band, k := range keys {
		args = append(args, band, k, id)
	}
	return args
}
