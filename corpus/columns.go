package corpus

import (
	"fmt"
	"strings"

	"github.com/fednews/fednews/zh"
)

// column is one column of the documents table: how Put writes it and how a
// read scans it. documentColumns is the one list of them; every statement
// that writes or reads whole documents is built from it.
type column struct {
	name string
	body bool                // a text column that listings without text leave out
	arg  func(*Document) any // nil for id, which the database assigns
	dest func(*docRow) any
}

// docRow is a document as scanned, before its text columns are parsed.
type docRow struct {
	d                                Document
	published, fetched, script, ents string
	entsVersion                      int
}

var documentColumns = []column{
	{"id", false, nil, func(r *docRow) any { return &r.d.ID }},
	{"url", false, func(d *Document) any { return d.URL }, func(r *docRow) any { return &r.d.URL }},
	{"canonical_url", false, func(d *Document) any { return d.CanonicalURL }, func(r *docRow) any { return &r.d.CanonicalURL }},
	{"source", false, func(d *Document) any { return d.Source }, func(r *docRow) any { return &r.d.Source }},
	{"title", false, func(d *Document) any { return d.Title }, func(r *docRow) any { return &r.d.Title }},
	{"author", false, func(d *Document) any { return d.Author }, func(r *docRow) any { return &r.d.Author }},
	{"published", false, func(d *Document) any { return formatTime(d.Published) }, func(r *docRow) any { return &r.published }},
	{"fetched_at", false, func(d *Document) any { return formatTime(d.FetchedAt) }, func(r *docRow) any { return &r.fetched }},
	{"charset", false, func(d *Document) any { return d.Charset }, func(r *docRow) any { return &r.d.Charset }},
	{"script", false, func(d *Document) any { return string(d.Script) }, func(r *docRow) any { return &r.script }},
	{"original", true, func(d *Document) any { return d.Original }, func(r *docRow) any { return &r.d.Original }},
	{"normalized", true, func(d *Document) any { return d.Normalized }, func(r *docRow) any { return &r.d.Normalized }},
	{"content_hash", false, func(d *Document) any { return d.ContentHash }, func(r *docRow) any { return &r.d.ContentHash }},
	{"cluster", false, func(d *Document) any { return d.Cluster }, func(r *docRow) any { return &r.d.Cluster }},
	{"seq", false, func(d *Document) any { return d.Seq }, func(r *docRow) any { return &r.d.Seq }},
	{"extractor", false, func(d *Document) any { return d.Extractor }, func(r *docRow) any { return &r.d.Extractor }},
	{"entities", false, func(d *Document) any { return encodeEntities(d.Entities) }, func(r *docRow) any { return &r.ents }},
	{"entities_version", false, func(d *Document) any { return entityVersion(d.Entities) }, func(r *docRow) any { return &r.entsVersion }},
}

// withBody and withoutBody select the columns of whole documents and of
// documents listed without their text.
const (
	withBody    = true
	withoutBody = false
)

// selectColumns lists the document columns for a SELECT, each prefixed
// with prefix ("d." or "").
func selectColumns(prefix string, body bool) string {
	names := make([]string, 0, len(documentColumns))
	for _, c := range documentColumns {
		if body || !c.body {
			names = append(names, prefix+c.name)
		}
	}
	return strings.Join(names, ", ")
}

// docColumns lists every document column, for SELECT … FROM documents.
var docColumns = selectColumns("", withBody)

// written are the columns Put writes: all but id.
var written = documentColumns[1:]

// insertDocument and updateDocument write every column but id; the update
// takes the id as its last argument (see docArgs).
var insertDocument, updateDocument = func() (string, string) {
	names, sets, marks := make([]string, len(written)), make([]string, len(written)), make([]string, len(written))
	for i, c := range written {
		names[i], sets[i], marks[i] = c.name, c.name+" = ?", "?"
	}
	return "INSERT INTO documents (" + strings.Join(names, ", ") + ") VALUES (" + strings.Join(marks, ", ") + ") RETURNING id",
		"UPDATE documents SET " + strings.Join(sets, ", ") + " WHERE id = ?"
}()

// docArgs lists doc's values in the order of insertDocument and
// updateDocument, followed by extra.
func docArgs(doc *Document, extra ...any) []any {
	args := make([]any, 0, len(written)+len(extra))
	for _, c := range written {
		args = append(args, c.arg(doc))
	}
	return append(args, extra...)
}

// dests returns the scan destinations of the columns selectColumns(_, body)
// lists, in its order.
func (r *docRow) dests(body bool) []any {
	out := make([]any, 0, len(documentColumns))
	for _, c := range documentColumns {
		if body || !c.body {
			out = append(out, c.dest(r))
		}
	}
	return out
}

// document parses the scanned text columns and returns the document.
func (r *docRow) document() (*Document, error) {
	d := r.d
	d.Script = zh.Script(r.script)
	var err error
	if d.Published, err = parseTime(r.published); err != nil {
		return nil, fmt.Errorf("document %d: published: %w", d.ID, err)
	}
	if d.FetchedAt, err = parseTime(r.fetched); err != nil {
		return nil, fmt.Errorf("document %d: fetched_at: %w", d.ID, err)
	}
	if d.Entities, err = decodeEntities(r.ents, r.entsVersion); err != nil {
		return nil, fmt.Errorf("document %d: %w", d.ID, err)
	}
	return &d, nil
}
