package research

import (
	"encoding/csv"
	"io"
	"strconv"

	"github.com/fednews/fednews/export"
)

// newCSV returns an RFC 4180 writer (records end in CRLF), with a byte
// order mark first when bom is set (Excel reads UTF-8 by it).
func newCSV(w io.Writer, bom bool) (*csv.Writer, error) {
	if bom {
		if _, err := io.WriteString(w, "\ufeff"); err != nil {
			return nil, err
		}
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	return cw, nil
}

// text is a text cell made safe to open in a spreadsheet.
func text(s string) string { return export.Neutralize(s) }

func share(f float64) string { return strconv.FormatFloat(f, 'f', 4, 64) }

// WriteCSV writes the trend as one row per bucket: period, from, to, the
// stories in scope, then a count and a share column per query.
func (t *Trend) WriteCSV(w io.Writer, bom bool) error {
	cw, err := newCSV(w, bom)
	if err != nil {
		return err
	}
	head := []string{"period", "from", "to", "scope"}
	for _, s := range t.Series {
		head = append(head, text(s.Query), text(s.Query)+" share")
	}
	cw.Write(head)
	for i, b := range t.Buckets {
		row := []string{b.Label, b.From, b.To, strconv.Itoa(t.Scope[i])}
		for _, s := range t.Series {
			row = append(row, strconv.Itoa(s.Counts[i]), share(s.Share[i]))
		}
		cw.Write(row)
	}
	cw.Flush()
	return cw.Error()
}

// WriteCSV writes the lines of the page: doc, published, title, field,
// start, end, left, match, right.
func (k *KWIC) WriteCSV(w io.Writer, bom bool) error {
	cw, err := newCSV(w, bom)
	if err != nil {
		return err
	}
	cw.Write([]string{"doc", "published", "title", "field", "start", "end", "left", "match", "right"})
	for _, l := range k.Lines {
		cw.Write([]string{strconv.FormatInt(l.Doc, 10), l.Published, text(l.Title), l.Field,
			strconv.Itoa(l.Start), strconv.Itoa(l.End), text(l.Left), text(l.Match), text(l.Right)})
	}
	cw.Flush()
	return cw.Error()
}

// WriteCSV writes the terms: word, docs, corpus_docs, g2.
func (t *Terms) WriteCSV(w io.Writer, bom bool) error {
	cw, err := newCSV(w, bom)
	if err != nil {
		return err
	}
	cw.Write([]string{"word", "docs", "corpus_docs", "g2"})
	for _, x := range t.Terms {
		cw.Write([]string{text(x.Word), strconv.Itoa(x.Docs), strconv.Itoa(x.CorpusDoc), strconv.FormatFloat(x.G2, 'f', 2, 64)})
	}
	cw.Flush()
	return cw.Error()
}

// WriteCSV writes the table as shown: one row per place, a count and a sum
// column per year.
func (t *FigureTable) WriteCSV(w io.Writer, bom bool) error {
	cw, err := newCSV(w, bom)
	if err != nil {
		return err
	}
	head := []string{t.Rows}
	for _, y := range t.Years {
		head = append(head, y+" count", y+" sum")
	}
	cw.Write(head)
	for i, p := range t.Places {
		row := []string{text(p)}
		for _, c := range t.Cells[i] {
			row = append(row, strconv.Itoa(c.Count), strconv.FormatFloat(c.Sum, 'f', -1, 64))
		}
		cw.Write(row)
	}
	cw.Flush()
	return cw.Error()
}
