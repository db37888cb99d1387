package bleveindex

import (
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	bindex "github.com/blevesearch/bleve_index_api"
	segapi "github.com/blevesearch/scorch_segment_api/v2"
)

// The bigram fields keep every position of a term in a document in one
// location instead of one location each: Pos holds the first position,
// Start and End the next two as differences from the one before, and the
// array positions the rest, likewise. zap writes six uvarints per location
// (field, position, start, end, array count, array positions), so a term
// seen twice in a body cost 12 bytes and now costs 6 or 7; the positions
// of the bodies' bigrams were most of the index (BENCHMARKS.md, session 16).
// The frequency stays the count of positions (zap allows more occurrences
// than locations), so scores and the iterator's buffers are as before.
//
// Positions start at 1 and increase, so every difference is at least 1 and
// 0 means "none": a location written one per position (format 5 and
// earlier, Start and End 0, no array positions) unpacks to its one
// position, and an index may hold segments of both layouts.

// packedFields are the fields whose locations are packed: the ones only
// the phrase searcher reads positions from.
var packedFields = map[string]bool{fTitleBi: true, fBodyBi: true}

// packLocations replaces the locations of each term by one packed
// location. Locations come in token order, which is position order.
func packLocations(tfs bindex.TokenFrequencies) {
	for _, tf := range tfs {
		locs := tf.Locations
		if len(locs) < 2 {
			continue
		}
		first := locs[0]
		prev := first.Position
		delta := func(l *bindex.TokenLocation) int {
			d := l.Position - prev
			prev = l.Position
			return d
		}
		first.Start = delta(locs[1])
		if len(locs) > 2 {
			first.End = delta(locs[2])
		}
		if len(locs) > 3 {
			rest := make([]uint64, len(locs)-3)
			for i, l := range locs[3:] {
				rest[i] = uint64(delta(l))
			}
			first.ArrayPositions = rest
		}
		tf.Locations = locs[:1]
	}
}

// appendPositions appends the positions l holds to dst.
func appendPositions(dst []uint64, l segapi.Location) []uint64 {
	p := l.Pos()
	dst = append(dst, p)
	if d := l.Start(); d > 0 {
		p += d
		dst = append(dst, p)
		if d := l.End(); d > 0 {
			p += d
			dst = append(dst, p)
		}
	}
	for _, d := range l.ArrayPositions() {
		p += d
		dst = append(dst, p)
	}
	return dst
}

// packedField is a bigram field whose analysis packs its locations.
type packedField struct{ *document.TextField }

func (f packedField) Analyze() {
	f.TextField.Analyze()
	packLocations(f.TextField.AnalyzedTokenFrequencies())
}

// packingMapping maps documents as its mapping does and then wraps the
// bigram fields so that their locations are packed when bleve analyzes
// them. It marshals as the mapping it wraps (bleve stores the mapping in
// the index).
type packingMapping struct{ *mapping.IndexMappingImpl }

func (m packingMapping) MapDocument(doc *document.Document, data any) error {
	if err := m.IndexMappingImpl.MapDocument(doc, data); err != nil {
		return err
	}
	packDocument(doc)
	return nil
}

// packDocument wraps doc's bigram fields.
func packDocument(doc *document.Document) {
	for i, f := range doc.Fields {
		if tf, ok := f.(*document.TextField); ok && packedFields[tf.Name()] {
			doc.Fields[i] = packedField{tf}
		}
	}
}
