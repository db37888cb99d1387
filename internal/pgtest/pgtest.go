// Package pgtest starts a throwaway PostgreSQL server for tests: initdb
// into a temporary directory and pg_ctl start on a Unix socket there (no
// TCP port), as the postgres user when the tests run as root, since
// PostgreSQL refuses to run as root. Each test gets a database of its own.
//
// The server binaries are found in $FEDNEWS_PG_BIN, on PATH or in
// /usr/lib/postgresql/*/bin (Debian's postgresql package; .ci/run installs
// it). Without them a test is skipped on a developer's machine and fails
// under CI=true, so that CI never passes without the PostgreSQL tests.
package pgtest

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"sync/atomic"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver

	"github.com/fednews/fednews/internal/shared"
)

// Server is a running throwaway PostgreSQL.
type Server struct {
	dir, bin string
	runAs    string // user to run the server binaries as, "" for ourselves
	dbs      atomic.Int64
}

// socketPort is the port in the socket's name: the server listens on no
// TCP port, and its socket directory is its own, so any number will do.
const socketPort = 5432

// binDir returns the directory of initdb and pg_ctl, or "".
func binDir() string {
	if d := os.Getenv("FEDNEWS_PG_BIN"); d != "" {
		return d
	}
	if p, err := exec.LookPath("pg_ctl"); err == nil {
		return filepath.Dir(p)
	}
	found, _ := filepath.Glob("/usr/lib/postgresql/*/bin/pg_ctl")
	if len(found) == 0 {
		return ""
	}
	sort.Slice(found, func(i, j int) bool { return version(found[i]) > version(found[j]) })
	return filepath.Dir(found[0])
}

// version is the major version in a path /usr/lib/postgresql/N/bin/pg_ctl.
func version(path string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(path))))
	return n
}

// Start starts a server that t's cleanup stops and removes.
func Start(t testing.TB) *Server {
	t.Helper()
	bin := binDir()
	if bin == "" {
		shared.Missing(t, "PostgreSQL server binaries not found (apt-get install postgresql, or set FEDNEWS_PG_BIN)")
	}
	dir, err := os.MkdirTemp("", "fednews-pg-")
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{dir: dir, bin: bin}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if os.Geteuid() == 0 {
		s.runAs = "postgres"
		u, err := user.Lookup(s.runAs)
		if err != nil {
			t.Fatalf("running as root, PostgreSQL needs another user: %v (Debian's postgresql package creates postgres)", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			t.Fatal(err)
		}
	}
	data := filepath.Join(dir, "data")
	s.run(t, "initdb", "-D", data, "-U", "fednews", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync")
	opts := fmt.Sprintf("-k %s -p %d -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off", dir, socketPort)
	s.run(t, "pg_ctl", "start", "-w", "-D", data, "-l", filepath.Join(dir, "server.log"), "-o", opts)
	t.Cleanup(func() {
		if out, err := s.command("pg_ctl", "stop", "-m", "immediate", "-D", data).CombinedOutput(); err != nil {
			t.Errorf("stop PostgreSQL: %v\n%s", err, out)
		}
	})
	return s
}

// command returns the command running the server binary name with args,
// as runAs when set.
func (s *Server) command(name string, args ...string) *exec.Cmd {
	path := filepath.Join(s.bin, name)
	if s.runAs != "" {
		return exec.Command("runuser", append([]string{"-u", s.runAs, "--", path}, args...)...)
	}
	return exec.Command(path, args...)
}

func (s *Server) run(t testing.TB, name string, args ...string) {
	t.Helper()
	if out, err := s.command(name, args...).CombinedOutput(); err != nil {
		log, _ := os.ReadFile(filepath.Join(s.dir, "server.log"))
		t.Fatalf("%s: %v\n%s\n%s", name, err, out, bytes.TrimSpace(log))
	}
}

// URL returns the connection URL of database db.
func (s *Server) URL(db string) string {
	return fmt.Sprintf("postgres://fednews@/%s?host=%s&port=%d&sslmode=disable", db, s.dir, socketPort)
}

// NewDatabase creates an empty database and returns its URL.
func (s *Server) NewDatabase(t testing.TB) string {
	t.Helper()
	name := fmt.Sprintf("t%d", s.dbs.Add(1))
	db, err := sql.Open("pgx", s.URL("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.ExecContext(context.Background(), "CREATE DATABASE "+name); err != nil {
		t.Fatalf("create database %s: %v", name, err)
	}
	return s.URL(name)
}
