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
}

// PutBatch stores several documents as Put does, in one transaction: a
// commit per document costs a WAL sync and rewrites the same B-tree pages
// again and again, and importing is mostly commits when each is alone.
//
// Each document is written under its own savepoint, so one that fails
// (errs[i] non-nil, the others stored) leaves nothing behind. When err is
// non-nil (the commit failed or ctx ended) nothing of the batch is stored:
// a crash loses at most the batch in progress, and since a document that
// is stored already comes back PutUnchanged, running the import again
// resumes it.
func (s *Store) PutBatch(ctx context.Context, batch []Pending) (results []PutResult, errs []error, err error) {
	results, errs = make([]PutResult, len(batch)), make([]error, len(batch))
	sigs := make([]signature, len(batch))
	for i, p := range batch {
		sigs[i], errs[i] = preparePut(p.Doc)
	}
	tx, err := s.db.beginWrite(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("store batch of %d: %w", len(batch), err)
	}
	defer tx.Rollback()
	for i, p := range batch {
		if errs[i] != nil {
			continue
		}
		if _, err := tx.ExecContext(ctx, `SAVEPOINT put`); err != nil {
			return nil, nil, fmt.Errorf("store batch of %d: %w", len(batch), err)
		}
		results[i], errs[i] = put(ctx, tx, p.Doc, p.Figures, sigs[i])
		if errs[i] != nil {
			if ctx.Err() != nil {
				return nil, nil, fmt.Errorf("store batch of %d: %w", len(batch), ctx.Err())
			}
			errs[i] = fmt.Errorf("put %q: %w", p.Doc.URL, errs[i])
			results[i] = PutResult{}
			if _, err := tx.ExecContext(ctx, `ROLLBACK TO put`); err != nil {
				return nil, nil, fmt.Errorf("store batch of %d: %w", len(batch), err)
			}
		}
		if _, err := tx.ExecContext(ctx, `RELEASE put`); err != nil {
			return nil, nil, fmt.Errorf("store batch of %d: %w", len(batch), err)
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, nil, fmt.Errorf("store batch of %d: commit: %w", len(batch), err)
	}
	return results, errs, nil
}
