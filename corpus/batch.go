package corpus

import (
	"context"
	"fmt"
)

// Pending is one document waiting to be stored by PutBatch, with its
// figures.
type Pending struct {
	Doc     *Document
	Figures []Figure

	prepared bool
	sig      signature
	err      error
}

// Prepare does ahead what PutBatch does first with p, checking the
// document and computing its near-duplicate sketch, so that this CPU work
// can run on another goroutine than the one storing. Calling it is
// optional; p.Doc must not change after it.
func (p *Pending) Prepare() {
	p.sig, p.err = preparePut(p.Doc)
	p.prepared = true
}

// PutBatch stores several documents as Put does, in one transaction: a
// commit per document costs a WAL sync and rewrites the same B-tree pages
// again and again, and importing is mostly commits when each is alone.
//
// One document that fails (errs[i] non-nil) leaves nothing behind and the
// others are stored. When err is non-nil (the commit failed or ctx ended)
// nothing of the batch is stored: a crash loses at most the batch in
// progress, and since a document that is stored already comes back
// PutUnchanged, running the import again resumes it.
func (s *Store) PutBatch(ctx context.Context, batch []Pending) (results []PutResult, errs []error, err error) {
	errs = make([]error, len(batch))
	sigs := make([]signature, len(batch))
	for i := range batch {
		if !batch[i].prepared {
			batch[i].Prepare()
		}
		sigs[i], errs[i] = batch[i].sig, batch[i].err
	}
	// Documents almost never fail once prepared, so the batch is first
	// written without a savepoint per document: each savepoint copies
	// every page it changes to a sub-journal (a tenth of an import's
	// CPU). Only when a document does fail is the batch rolled back and
	// written again, isolating each document under its own savepoint.
	results, failed, err := s.putBatch(ctx, batch, sigs, errs, false)
	if err == nil && failed {
		results, _, err = s.putBatch(ctx, batch, sigs, errs, true)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("store batch of %d: %w", len(batch), err)
	}
	return results, errs, nil
}

// putBatch writes the documents of batch whose errs[i] is nil in one
// transaction. Without savepoints it stops at the first document that
// fails, rolls back and reports failed; with them it records the failure
// in errs[i], rolls back that document only and goes on.
func (s *Store) putBatch(ctx context.Context, batch []Pending, sigs []signature, errs []error, savepoints bool) (results []PutResult, failed bool, err error) {
	results = make([]PutResult, len(batch))
	tx, err := s.db.beginWrite(ctx)
	if err != nil {
		return nil, false, err
	}
	defer tx.Rollback()
	for i, p := range batch {
		if errs[i] != nil {
			continue
		}
		if savepoints {
			if _, err := tx.ExecContext(ctx, `SAVEPOINT put`); err != nil {
				return nil, false, err
			}
		}
		res, perr := put(ctx, tx, p.Doc, p.Figures, sigs[i])
		if perr != nil && ctx.Err() != nil {
			return nil, false, ctx.Err()
		}
		if perr != nil && !savepoints {
			return nil, true, nil
		}
		if perr != nil {
			errs[i] = fmt.Errorf("put %q: %w", p.Doc.URL, perr)
			if _, err := tx.ExecContext(ctx, `ROLLBACK TO put`); err != nil {
				return nil, false, err
			}
			clear(tx.sigs) // it may hold what the rolled-back document wrote
		} else {
			results[i] = res
		}
		if savepoints {
			if _, err := tx.ExecContext(ctx, `RELEASE put`); err != nil {
				return nil, false, err
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, false, fmt.Errorf("commit: %w", err)
	}
	return results, false, nil
}
