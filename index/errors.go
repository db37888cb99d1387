package index

import (
	"errors"
	"fmt"
)

// ErrLocked is matched (errors.Is) when another process holds the index.
var ErrLocked = errors.New("index is in use by another process")

// ErrNoIndex is matched when a location holds no index yet.
var ErrNoIndex = errors.New("no index")

// ErrDamaged is matched (errors.Is) when the index's files are damaged or
// do not match the store. The store is the source of truth, so the cure is
// always the same: build the index again from it.
var ErrDamaged = errors.New("the search index is damaged")

// Cure is what every ErrDamaged message tells the user to do.
const Cure = "run `fednews index --rebuild` (the store is intact: the index is built again from it)"

// TooManyError says a query matches more documents than the caller takes.
type TooManyError struct{ Total, Limit int }

func (e *TooManyError) Error() string {
	return fmt.Sprintf("the query matches %d documents, more than the %d allowed: narrow the query", e.Total, e.Limit)
}
