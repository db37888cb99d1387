// Package export writes figures and documents as CSV or JSON Lines, one row
// at a time, so that an export of millions of rows runs in constant memory.
// The fednews export command and the web API's CSV download share it, so a
// spreadsheet gets the same columns from both.
package export

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/fednews/fednews/corpus"
)

// Format is an export file format.
type Format string

// Export formats.
const (
	CSV   Format = "csv"
	JSONL Format = "jsonl"
)

// ParseFormat returns the Format named s.
func ParseFormat(s string) (Format, error) {
	switch f := Format(strings.ToLower(s)); f {
	case CSV, JSONL:
		return f, nil
	}
	return "", fmt.Errorf("unknown export format %q (want csv or jsonl)", s)
}

// ErrTooMany is returned when an export would exceed Options.MaxRows. The
// rows up to the limit have been written.
var ErrTooMany = errors.New("export: row limit reached")

// Column names one exported field and says what it holds.
type Column struct {
	Name string
	Doc  string
}

// FigureColumns are the columns of a figures export, in order: each row is
// one figure joined with its document, so it stands on its own in a
// spreadsheet.
var FigureColumns = slices.Concat([]Column{
	{"doc_id", "document id (fednews serve shows it at /doc/ID)"},
	{"url", "address of the article"},
	{"title", "article title as published"},
	{"source", "publisher named by the page, else the site"},
	{"published", "publication date, YYYY-MM-DD (empty when unknown)"},
}, entityColumns, []Column{
	{"kind", kindsDoc()},
	{"text", "the figure exactly as the article writes it"},
	{"value", "numeric value in the unit below (empty for dates)"},
	{"value_max", "upper end of a range (empty when not a range)"},
	{"unit", "unit of value, e.g. 元, 家, 人, %"},
	{"qualifier", "exact, approx, over, under, at_least or at_most"},
	{"date", "date the figure refers to, when stated"},
	{"date_end", "end of the period the figure refers to, when stated"},
	{"period_start", "start of the period the figure describes (ISO at the stated precision; empty when open or unstated)"},
	{"period_end", "end of the period the figure describes (截至2016年12月 → 2016-12)"},
	{"subject", "what the figure counts, as the sentence names it"},
	{"topic", "what a money figure or count measures: donation, investment, revenue, tax, credit, jobs, members, enterprises, events, assistance, other"},
	{"sentence", "the sentence containing the figure"},
	{"start", "rune offset of the figure in the original text"},
	{"end", "rune offset just after the figure"},
}, storyColumns)

// entityColumns are the places and organizations of a document, found at
// ingest (corpus.Entities), in both exports.
var entityColumns = []Column{
	{"province", "province the article is about (gazetteer)"},
	{"city", "prefecture city the article is about (gazetteer)"},
	{"county", "county or district the article is about (gazetteer)"},
	{"org", "federations, chambers and associations the article names, canonical names, separated by ;"},
	{"org_surface", "the same organizations as the article first writes them, in the same order, separated by ;"},
	{"org_kind", "the same organizations without their place (女企业家商会), in the same order, separated by ; (empty item: no kind)"},
	{"mentioned_province", "every province the article names, first mention first, separated by ;"},
	{"mentioned_city", "every prefecture city the article names, separated by ;"},
	{"mentioned_county", "every county or district the article names, separated by ;"},
}

// storyColumns say which story a row's document belongs to, in both
// exports.
var storyColumns = []Column{
	{"cluster", "story: id of the copy that stands for it (the original, published first)"},
	{"cluster_size", "copies of the story stored, this one included (1: no reposts)"},
	{"is_canonical", "1 when this copy stands for its story, else 0"},
}

// kindsDoc lists the figure kinds (corpus.FigureKinds): "money, … or date".
func kindsDoc() string {
	k := corpus.Kinds()
	return strings.Join(k[:len(k)-1], ", ") + " or " + k[len(k)-1]
}

// DocumentColumns are the columns of a documents export, in order.
var DocumentColumns = slices.Concat([]Column{
	{"id", "document id"},
	{"url", "address of the article"},
	{"title", "article title as published"},
	{"source", "publisher named by the page, else the site"},
	{"author", "author when the page names one"},
	{"published", "publication date, YYYY-MM-DD (empty when unknown)"},
}, entityColumns, []Column{
	{"script", "simplified, traditional, mixed or none"},
}, storyColumns, []Column{
	{"fetched_at", "when fednews fetched it, RFC 3339 UTC"},
	{"text", "body text as published, paragraphs separated by newlines"},
})

// entityCells are the province … mentioned_county cells of doc, from the
// places and organizations stored with it (found at ingest: a document
// stored before they were has them empty until `fednews reextract`).
func entityCells(doc *corpus.Document) []any {
	e := doc.Entities
	if e == nil {
		e = &corpus.Entities{}
	}
	var names, surfaces, kinds []string
	for _, o := range e.Orgs {
		names, surfaces, kinds = append(names, o.Name), append(surfaces, o.Surface), append(kinds, o.Kind)
	}
	list := func(vs []string) string { return strings.Join(vs, ";") }
	kind := list(kinds)
	if strings.Trim(kind, ";") == "" {
		kind = ""
	}
	return []any{list(e.About.Provinces), list(e.About.Cities), list(e.About.Counties),
		list(names), list(surfaces), kind,
		list(e.Mentioned.Provinces), list(e.Mentioned.Cities), list(e.Mentioned.Counties)}
}

// Options control an export.
type Options struct {
	Format  Format // CSV when empty
	BOM     bool   // start a CSV with a UTF-8 byte order mark, for Excel
	MaxRows int    // stop with ErrTooMany after this many rows; 0 means no limit
	// From and To bound the publication date, inclusive; zero means open.
	// Documents without a date are left out when either bound is set.
	From, To time.Time
	// Stories, when the export is of every document (ids nil), keeps one
	// copy per story (duplicate cluster): the one that stands for it, as a
	// collapsed search counts it.
	Stories bool
}

// storyCells are the cluster, cluster_size and is_canonical cells of doc;
// sizes holds the stories with more than one copy.
func storyCells(doc *corpus.Document, sizes map[int64]int) []any {
	size, canonical := max(1, sizes[doc.Cluster]), 0
	if doc.StandsForStory() {
		canonical = 1
	}
	return []any{doc.Cluster, size, canonical}
}

// keep says whether doc is exported: inside the dates and, with Stories,
// the copy that stands for its story.
func (o *Options) keep(doc *corpus.Document, listed bool) bool {
	return o.inRange(doc.Published) && (listed || !o.Stories || doc.StandsForStory())
}

func (o *Options) inRange(published time.Time) bool {
	if o.From.IsZero() && o.To.IsZero() {
		return true
	}
	if published.IsZero() {
		return false
	}
	// Compare calendar days as the source dated them, whatever the zone.
	d := day(published)
	if !o.From.IsZero() && d < day(o.From) {
		return false
	}
	return o.To.IsZero() || d <= day(o.To)
}

// rowWriter writes rows of typed cells as CSV or JSON Lines. Text cells in
// CSV are neutralized (see Neutralize); numbers are written as numbers.
type rowWriter struct {
	bw     *bufio.Writer
	csv    *csv.Writer
	cols   []Column
	max    int
	n      int
	strBuf []string
	jsBuf  []byte
}

func newRowWriter(w io.Writer, cols []Column, opt Options) (*rowWriter, error) {
	f := opt.Format
	if f == "" {
		f = CSV
	}
	if _, err := ParseFormat(string(f)); err != nil {
		return nil, err
	}
	rw := &rowWriter{bw: bufio.NewWriterSize(w, 64<<10), cols: cols, max: opt.MaxRows}
	if f != CSV {
		return rw, nil
	}
	if opt.BOM {
		rw.bw.WriteString("\ufeff")
	}
	rw.csv = csv.NewWriter(rw.bw)
	rw.csv.UseCRLF = true // RFC 4180 ends records in CRLF; Excel and csv readers take either
	rw.strBuf = make([]string, len(cols))
	for i, c := range cols {
		rw.strBuf[i] = c.Name
	}
	return rw, rw.csv.Write(rw.strBuf)
}

// write writes one row; cells hold string, int, int64 or *float64 values in
// column order.
func (rw *rowWriter) write(cells ...any) error {
	if rw.max > 0 && rw.n >= rw.max {
		return ErrTooMany
	}
	rw.n++
	if rw.csv != nil {
		for i, c := range cells {
			rw.strBuf[i] = csvCell(c)
		}
		return rw.csv.Write(rw.strBuf)
	}
	b := append(rw.jsBuf[:0], '{')
	for i, c := range cells {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendQuote(b, rw.cols[i].Name)
		b = append(b, ':')
		var err error
		if b, err = appendJSON(b, c); err != nil {
			return fmt.Errorf("export: column %s: %w", rw.cols[i].Name, err)
		}
	}
	b = append(b, '}', '\n')
	rw.jsBuf = b
	_, err := rw.bw.Write(b)
	return err
}

// appendJSON appends the JSON of a cell; numbers skip encoding/json,
// which is most of the cost of a JSON Lines row.
func appendJSON(b []byte, c any) ([]byte, error) {
	switch v := c.(type) {
	case int:
		return strconv.AppendInt(b, int64(v), 10), nil
	case int64:
		return strconv.AppendInt(b, v, 10), nil
	case *float64:
		if v == nil {
			return append(b, "null"...), nil
		}
	case string:
		if isPlainJSON(v) {
			return append(append(append(b, '"'), v...), '"'), nil
		}
	}
	js, err := json.Marshal(c)
	return append(b, js...), err
}

// isPlainJSON says whether s can stand between JSON quotes as it is: valid
// UTF-8 with nothing to escape (encoding/json also escapes < > & and
// U+2028/U+2029, so those take the slow path).
func isPlainJSON(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == '"' || r == '\\' || r == '<' || r == '>' || r == '&' || r == utf8.RuneError || r == '\u2028' || r == '\u2029' {
			return false
		}
	}
	return true
}

func (rw *rowWriter) flush() error {
	if rw.csv != nil {
		rw.csv.Flush()
		if err := rw.csv.Error(); err != nil {
			return err
		}
	}
	return rw.bw.Flush()
}

func csvCell(c any) string {
	switch v := c.(type) {
	case string:
		return Neutralize(v)
	case int:
		return strconv.Itoa(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case *float64:
		if v == nil {
			return ""
		}
		return strconv.FormatFloat(*v, 'f', -1, 64)
	}
	return Neutralize(fmt.Sprint(c))
}

// Neutralize makes a text cell safe to open in a spreadsheet: a cell that
// begins with = + - @ tab or carriage return would be read as a formula
// (CSV injection), so it gets a leading apostrophe, which spreadsheets hide.
// NUL characters (which an older import stored from JSON's \u0000) are
// dropped: spreadsheets cut the cell or the file at them.
func Neutralize(s string) string {
	if strings.ContainsRune(s, 0) {
		s = strings.ReplaceAll(s, "\x00", "")
	}
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}
