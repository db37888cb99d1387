package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// tree lists every path under dir with its size and mtime.
func tree(t *testing.T, dir string) string {
	t.Helper()
	var lines []string
	err := filepath.Walk(dir, func(path string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		lines = append(lines, fmt.Sprintf("%s %v %v %d", path, fi.ModTime(), fi.Mode(), fi.Size()))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// TestExportFromReadOnlyMedia: export and runs read a store whose data
// directory and index cannot be written, give the rows they give on writable storage, and change
// nothing there.
func TestExportFromReadOnlyMedia(t *testing.T) {
	data, _ := ingestDemo(t)
	exports := [][]string{
		{"export", "documents", "--format=jsonl", "--data", data},
		{"export", "figures", "--query=营商环境", "--data", data},
		{"runs", "--json", "--data", data},
	}
	var want []string
	for _, args := range exports {
		out, _, err := runCmd(t, args...)
		if err != nil {
			t.Fatalf("%v on writable storage: %v", args, err)
		}
		want = append(want, out)
	}
	// A read-only bind mount of the data directory stands for read-only
	// media: unlike file modes it stops root too.
	mnt := readOnlyMount(t, data)
	if f, err := os.Create(filepath.Join(mnt, "probe")); err == nil {
		f.Close()
		t.Fatal("a file could still be created in the read-only mount")
	}
	before := tree(t, data)
	for i, args := range exports {
		args = append(args[:len(args)-1:len(args)-1], mnt)
		out, _, err := runCmd(t, args...)
		if err != nil {
			t.Errorf("%v on read-only media: %v", args, err)
			continue
		}
		if out != want[i] {
			t.Errorf("%v on read-only media wrote %d bytes, %d on writable storage", args, len(out), len(want[i]))
		}
	}
	if after := tree(t, data); after != before {
		t.Errorf("the read-only commands changed the data directory:\nbefore\n%s\nafter\n%s", before, after)
	}
}

// readOnlyMount bind-mounts dir read-only on a temporary directory, which
// it returns, and unmounts it when the test ends.
func readOnlyMount(t *testing.T, dir string) string {
	t.Helper()
	mnt := t.TempDir()
	if out, err := exec.Command("mount", "--bind", dir, mnt).CombinedOutput(); err != nil {
		t.Skipf("cannot bind-mount here (needs root and CAP_SYS_ADMIN): %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", mnt).Run() })
	if out, err := exec.Command("mount", "-o", "remount,bind,ro", mnt).CombinedOutput(); err != nil {
		t.Skipf("cannot remount read-only here: %v %s", err, out)
	}
	return mnt
}
