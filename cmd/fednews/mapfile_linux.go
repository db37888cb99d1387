//go:build linux

package main

import (
	"os"
	"syscall"
)

// mapFile maps the regular file name read-only, its pages read in at
// once (MAP_POPULATE): for a large text, reading into fresh memory costs
// a copy and a page fault per 4 KB, more than t2s converting it. unmap
// ends the mapping; nothing may read data after it. Any failure is
// errNotMapped, and the caller reads the file as usual (which reports
// what is wrong with it).
func mapFile(name string, max int64) (data []byte, unmap func(), err error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, nil, errNotMapped
	}
	defer f.Close() // the mapping outlives the descriptor
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() || fi.Size() == 0 || fi.Size() > max || int64(int(fi.Size())) != fi.Size() {
		return nil, nil, errNotMapped
	}
	data, err = syscall.Mmap(int(f.Fd()), 0, int(fi.Size()), syscall.PROT_READ, syscall.MAP_PRIVATE|syscall.MAP_POPULATE)
	if err != nil {
		return nil, nil, errNotMapped
	}
	return data, func() { syscall.Munmap(data) }, nil
}
