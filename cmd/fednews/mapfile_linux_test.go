//go:build linux

package main

import (
	"os"
	"strings"
	"testing"
)

// TestInputShrinksWhileMapped: a mapped file cut short under the reader
// is that file's error, not a SIGBUS that kills the command.
func TestInputShrinksWhileMapped(t *testing.T) {
	path := writeInput(t, "shrinks.txt", []byte(strings.Repeat("工商聯", 10000)))
	var read int
	err := withInput(path, true, func(data []byte) error {
		if data == nil {
			t.Fatal("the file was not mapped")
		}
		if err := os.Truncate(path, 0); err != nil {
			t.Fatal(err)
		}
		for i := 0; i < len(data); i += 4096 {
			read += int(data[i])
		}
		return nil
	})
	if err == nil || !strings.Contains(err.Error(), "shrank") {
		t.Fatalf("withInput over a file cut to 0 bytes: err = %v (read %d)", err, read)
	}
}
