package bleveindex

import (
	"os"
	"path/filepath"
	"testing"
)

// Exists tells an index from none without opening it: a missing or empty
// directory holds none; one an index was created in holds one, as does one
// whose pointer is damaged (Open reports that).
func TestDriverExists(t *testing.T) {
	empty := t.TempDir()
	created := t.TempDir()
	ix, err := Open(created)
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	damaged := t.TempDir()
	if err := os.WriteFile(filepath.Join(damaged, currentFile), []byte("../x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, dir string
		want      bool
	}{
		{"missing", filepath.Join(empty, "none"), false},
		{"empty", empty, false},
		{"created", created, true},
		{"damaged pointer", damaged, true},
	} {
		got, err := Driver{}.Exists(tc.dir)
		if err != nil || got != tc.want {
			t.Errorf("%s: Exists = %v, %v; want %v", tc.name, got, err, tc.want)
		}
	}
}
