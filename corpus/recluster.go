package corpus

import (
	"context"
	"fmt"
)

// ReclusterResult says what Recluster changed.
type ReclusterResult struct {
	Renormalized int // documents whose normalized text today's rules write differently
	Reelected    int // stories whose canonical copy changed
}

// Recluster brings a store written by an older fednews up to today's
// rules for stories and text: each document whose original normalizes
// differently now (mixed script is converted in its traditional runs since
// issue 16) gets the new normalized text, script and content hash, and its
// figures and entities are marked for `fednews reextract` (versions 0);
// then every story with several copies elects its canonical copy again
// (the earliest published, see standsBefore), renumbering its copies when
// that changed. Each document and each story is one transaction, with new
// change sequences, so the index follows and an interrupted run keeps what
// it did; running it again changes nothing more.
func (s *Store) Recluster(ctx context.Context) (ReclusterResult, error) {
	var res ReclusterResult
	type stale struct {
		id, seq int64
		doc     Document
	}
	var redo []stale
	err := s.EachDocument(ctx, func(d *Document) error {
		n := *d
		Prepare(&n)
		if n.Normalized != d.Normalized || n.Script != d.Script || n.ContentHash != d.ContentHash {
			redo = append(redo, stale{d.ID, d.Seq, Document{Normalized: n.Normalized, Script: n.Script, ContentHash: n.ContentHash}})
		}
		return nil
	})
	if err != nil {
		return res, fmt.Errorf("recluster: read documents: %w", err)
	}
	for _, r := range redo {
		if err := ctx.Err(); err != nil {
			return res, fmt.Errorf("recluster: %w", err)
		}
		done, err := s.renormalize(ctx, r.id, r.seq, &r.doc)
		if err != nil {
			return res, err
		}
		res.Renormalized += done
	}
	rows, err := s.db.QueryContext(ctx, `SELECT cluster FROM documents WHERE cluster <> 0 GROUP BY cluster HAVING COUNT(*) > 1 ORDER BY cluster`)
	if err != nil {
		return res, fmt.Errorf("recluster: list stories: %w", err)
	}
	var clusters []int64
	for rows.Next() {
		var c int64
		if err := rows.Scan(&c); err != nil {
			rows.Close()
			return res, fmt.Errorf("recluster: list stories: %w", err)
		}
		clusters = append(clusters, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return res, fmt.Errorf("recluster: list stories: %w", err)
	}
	for _, c := range clusters {
		if err := ctx.Err(); err != nil {
			return res, fmt.Errorf("recluster: %w", err)
		}
		changed, err := s.reelect(ctx, c)
		if err != nil {
			return res, err
		}
		if changed {
			res.Reelected++
		}
	}
	return res, nil
}

// renormalize writes n's normalized text, script and hash to document id
// when it is still at change sequence seq, and reports 1 when it did.
func (s *Store) renormalize(ctx context.Context, id, seq int64, n *Document) (int, error) {
	tx, err := s.db.beginWrite(ctx)
	if err != nil {
		return 0, fmt.Errorf("recluster: renormalize document %d: %w", id, err)
	}
	defer tx.Rollback()
	next, err := nextSeq(ctx, tx)
	if err != nil {
		return 0, fmt.Errorf("recluster: renormalize document %d: %w", id, err)
	}
	r, err := tx.ExecContext(ctx, `UPDATE documents SET normalized = ?, script = ?, content_hash = ?,
		extractor = 0, entities_version = 0, seq = ? WHERE id = ? AND seq = ?`,
		n.Normalized, string(n.Script), n.ContentHash, next, id, seq)
	if err != nil {
		return 0, fmt.Errorf("recluster: renormalize document %d: %w", id, err)
	}
	done, err := r.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("recluster: renormalize document %d: %w", id, err)
	}
	if done == 0 {
		return 0, nil // written since it was read, by a writer that normalized it
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("recluster: renormalize document %d: commit: %w", id, err)
	}
	return 1, nil
}

// reelect elects the canonical copy of cluster again in one transaction
// and reports whether it changed.
func (s *Store) reelect(ctx context.Context, cluster int64) (bool, error) {
	tx, err := s.db.beginWrite(ctx)
	if err != nil {
		return false, fmt.Errorf("recluster: story %d: %w", cluster, err)
	}
	defer tx.Rollback()
	// self 0: every renumbered copy gets a new change sequence.
	id, err := electCanonical(ctx, tx, cluster, 0)
	if err != nil {
		return false, fmt.Errorf("recluster: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("recluster: story %d: commit: %w", cluster, err)
	}
	return id != cluster, nil
}
