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

// largeBufferMin is the smallest buffer largeBuffer maps: below a few
// huge pages the heap is as cheap.
const largeBufferMin = 4 << 20

// largeBuffer returns an empty buffer of capacity n in fresh memory that
// the kernel may back with 2 MB pages (MADV_HUGEPAGE, which THP's default
// "madvise" mode honours), and the function that frees it; nothing may
// read the buffer after that. A 20 MB t2s output in the heap's 4 KB pages
// cost 5,000 page faults, a fifth of the command; in huge pages, about
// ten. nil (allocate as usual) below largeBufferMin or when mmap fails.
func largeBuffer(n int) (buf []byte, free func()) {
	if n < largeBufferMin {
		return nil, func() {}
	}
	b, err := syscall.Mmap(-1, 0, n, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		return nil, func() {}
	}
	syscall.Madvise(b, syscall.MADV_HUGEPAGE) // a hint: 4 KB pages still work
	return b[:0], func() { syscall.Munmap(b) }
}
