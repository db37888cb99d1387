package bleveindex

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fednews/fednews/index"
)

// TestCheckBolt: checkBolt reads the whole root file of an index in the
// calling goroutine: an intact one passes, and each way of damaging it is
// an ErrDamaged error naming the cure, never a panic or a fault.
func TestCheckBolt(t *testing.T) {
	const page = 4096 // bbolt's page size on this platform's default
	for _, tt := range []struct {
		name   string
		damage func(b []byte) []byte
		bad    bool
	}{
		{"intact", func(b []byte) []byte { return b }, false},
		{"truncated to its meta pages", func(b []byte) []byte { return b[:2*page] }, true},
		{"every page after the metas' headers garbled", func(b []byte) []byte {
			for off := 2 * page; off+16 <= len(b); off += page {
				for i := 8; i < 16; i++ { // flags, count, overflow
					b[off+i] = 0xff
				}
			}
			return b
		}, true},
		{"every page after the metas zeroed", func(b []byte) []byte {
			clear(b[2*page:])
			return b
		}, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			data := copyData(t)
			name, err := readCurrent(filepath.Join(data, "index"))
			if err != nil {
				t.Fatal(err)
			}
			root := filepath.Join(data, "index", name, "store", "root.bolt")
			b, err := os.ReadFile(root)
			if err != nil {
				t.Fatal(err)
			}
			if len(b) <= 2*page {
				t.Fatalf("root.bolt is %d bytes: no page beyond the metas to damage", len(b))
			}
			if err := os.WriteFile(root, tt.damage(b), 0o644); err != nil {
				t.Fatal(err)
			}
			err = checkBolt(root)
			if !tt.bad {
				if err != nil {
					t.Fatalf("intact root.bolt: %v", err)
				}
				return
			}
			if !errors.Is(err, index.ErrDamaged) || !strings.Contains(err.Error(), "fednews index --rebuild") {
				t.Fatalf("damaged root.bolt: got %v, want ErrDamaged naming the cure", err)
			}
		})
	}
}
