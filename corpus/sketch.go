package corpus

import (
	"encoding/binary"
	"unicode"
)

// Near-duplicate detection: a MinHash signature over the character 5-grams
// of the normalized text (white space removed, so layout does not matter,
// and normalized, so traditional and simplified copies share their n-grams),
// with locality-sensitive hashing in bands for candidate lookup.
//
// With 32 bands of 4 rows, two texts whose 5-gram Jaccard similarity is J
// become candidates with probability 1-(1-J⁴)³²: 0.87 at J=0.5, 0.9999 at
// J=0.8, 0.0013 at J=0.08 (related articles that share a few paragraphs).
// Candidates are then confirmed by the signature's Jaccard estimate.
const (
	shingleRunes  = 5
	sketchHashes  = 128
	sketchBands   = 32
	sketchRows    = sketchHashes / sketchBands
	minShingles   = 20  // shorter texts are matched only exactly
	nearDuplicate = 0.5 // estimated Jaccard at or above which two texts are one story
)

// sketchSeeds are fixed: signatures are stored, so they must not change
// between runs.
var sketchSeeds = func() [sketchHashes]uint64 {
	var s [sketchHashes]uint64
	x := uint64(0x5eed_f00d_cafe_b0b0)
	for i := range s {
		x = splitmix64(x)
		s[i] = x
	}
	return s
}()

func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// signature is a MinHash signature; nil when the text is too short.
type signature []uint64

// shingles returns the hashes of the character 5-grams of text, ignoring
// white space, in text order, a repeated 5-gram once each time.
func shingles(text string) []uint64 {
	runes := make([]rune, 0, len(text)/3)
	for _, r := range text {
		if !unicode.IsSpace(r) {
			runes = append(runes, r)
		}
	}
	out := make([]uint64, 0, max(0, len(runes)-shingleRunes+1))
	for i := 0; i+shingleRunes <= len(runes); i++ {
		// FNV-1a over the runes of the window.
		h := uint64(14695981039346656037)
		for _, r := range runes[i : i+shingleRunes] {
			h ^= uint64(r)
			h *= 1099511628211
		}
		out = append(out, h)
	}
	return out
}

// distinctAtLeast reports whether hs holds at least n distinct values,
// looking no further than the n-th.
func distinctAtLeast(hs []uint64, n int) bool {
	seen := make(map[uint64]struct{}, n)
	for _, h := range hs {
		seen[h] = struct{}{}
		if len(seen) >= n {
			return true
		}
	}
	return false
}

// sketch returns the MinHash signature of text, or nil when the text has
// too few distinct 5-grams for a meaningful estimate. A 5-gram that
// repeats is hashed again, which leaves every minimum as it was: cheaper
// than collecting the distinct ones first (a map insert per 5-gram).
func sketch(text string) signature {
	hs := shingles(text)
	if !distinctAtLeast(hs, minShingles) {
		return nil
	}
	var mins [sketchHashes]uint64
	for i := range mins {
		mins[i] = ^uint64(0)
	}
	for _, h := range hs {
		for i := range mins {
			if v := splitmix64(h ^ sketchSeeds[i]); v < mins[i] {
				mins[i] = v
			}
		}
	}
	return append(signature(nil), mins[:]...)
}

// similarity estimates the Jaccard similarity of the texts behind a and b.
func (a signature) similarity(b signature) float64 {
	if len(a) != len(b) || len(a) == 0 {
		return 0
	}
	same := 0
	for i := range a {
		if a[i] == b[i] {
			same++
		}
	}
	return float64(same) / float64(len(a))
}

// bandKeys returns one LSH key per band.
func (a signature) bandKeys() []int64 {
	keys := make([]int64, sketchBands)
	for b := range keys {
		h := uint64(b)
		for _, v := range a[b*sketchRows : (b+1)*sketchRows] {
			h = splitmix64(h ^ v)
		}
		keys[b] = int64(h)
	}
	return keys
}

func (a signature) bytes() []byte {
	out := make([]byte, 8*len(a))
	for i, v := range a {
		binary.LittleEndian.PutUint64(out[8*i:], v)
	}
	return out
}

// decodeSignature decodes b (see bytes) into dst, reusing its memory.
func decodeSignature(dst signature, b []byte) signature {
	dst = dst[:0]
	for i := 0; i+8 <= len(b); i += 8 {
		dst = append(dst, binary.LittleEndian.Uint64(b[i:]))
	}
	return dst
}
