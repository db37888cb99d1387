package corpus

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	"modernc.org/sqlite"
)

// sqliteCantOpen is SQLITE_CANTOPEN: a file SQLite needs could not be
// opened or created.
const sqliteCantOpen = 14

// ErrNoStore is returned by OpenReadOnly when dataDir holds no store.
var ErrNoStore = errors.New("no store")

// ErrOldSchema is returned by OpenReadOnly when the store's schema is older
// than this fednews: only a read-write open (Open) migrates it.
var ErrOldSchema = errors.New("store schema older than this fednews")

// OpenReadOnly opens the store in dataDir/fednews.db for reading only, for
// the commands that never write it (export, serve). It creates no store,
// migrates nothing and never writes the database file; every write through
// the returned Store fails ("attempt to write a readonly database").
//
// A store in a writable directory is opened with SQLite's mode=ro, so that
// a concurrent writer (the nightly ingest) is seen. SQLite then needs the
// write-ahead log's shared-memory index beside the database; if no writer
// has the store open it creates the empty fednews.db-wal and fednews.db-shm
// that any reader of a WAL database creates. On read-only media (a
// read-only mount, an immutable directory) those cannot be created, and the
// store is opened as immutable instead: it is read as it is on disk, and a
// process writing it meanwhile would not be seen. That is refused when a
// non-empty write-ahead log exists, since its transactions would be
// missed.
func OpenReadOnly(ctx context.Context, dataDir string) (*Store, error) {
	path := filepath.Join(dataDir, DBFile)
	if _, err := os.Stat(path); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%w in %s: run `fednews ingest` or `fednews import` first, or pass --data", ErrNoStore, dataDir)
		}
		return nil, fmt.Errorf("open store read-only: %w", err)
	}
	const pragmas = "&_pragma=busy_timeout(30000)&_pragma=foreign_keys(1)&_pragma=cache_size(-32768)&_pragma=query_only(1)"
	st, err := openChecked(ctx, path, "file:"+path+"?mode=ro"+pragmas)
	var se *sqlite.Error
	if err == nil || !errors.As(err, &se) || se.Code() != sqliteCantOpen {
		return st, err
	}
	// The shared-memory index could not be created: read-only media.
	if fi, werr := os.Stat(path + "-wal"); werr == nil && fi.Size() > 0 {
		return nil, fmt.Errorf("open store %s read-only: its directory is not writable, so SQLite cannot create the shared-memory index (fednews.db-shm) it needs to read the unfinished write-ahead log fednews.db-wal (%d bytes); "+
			"open the store once where it is writable (any fednews command) so that the log is checkpointed, or copy the data directory to writable storage: %w", path, fi.Size(), err)
	}
	st, ierr := openChecked(ctx, path, "file:"+path+"?mode=ro&immutable=1"+pragmas)
	if ierr != nil {
		return nil, fmt.Errorf("open store %s read-only: %v; as immutable (its directory is not writable, so no fednews.db-shm can be created): %w", path, err, ierr)
	}
	slog.Warn("store directory is not writable: reading the store as immutable; what another process writes to it meanwhile is not seen", "path", path)
	return st, nil
}

// openChecked opens dsn and checks that it is a store of this fednews's
// schema version, which a read-only open cannot migrate to.
func openChecked(ctx context.Context, path, dsn string) (*Store, error) {
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open store %s read-only: %w", path, err)
	}
	var v int
	err = db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_version`).Scan(&v)
	switch {
	case err != nil:
		err = fmt.Errorf("open store %s read-only: read schema version (is it a fednews store?): %w", path, err)
	case v < SchemaVersion():
		err = fmt.Errorf("open store %s read-only: schema version %d is older than this fednews (%d); run `fednews index` once where the store is writable, which migrates it: %w", path, v, SchemaVersion(), ErrOldSchema)
	case v > SchemaVersion():
		err = fmt.Errorf("open store %s read-only: schema version %d is newer than this fednews (%d): upgrade fednews", path, v, SchemaVersion())
	}
	if err != nil {
		db.Close()
		return nil, err
	}
	return &Store{db: newConn(db, sqliteDialect{})}, nil
}
