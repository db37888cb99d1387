package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/export"
	"github.com/fednews/fednews/extract"
	"github.com/fednews/fednews/zh"
)

func init() { register(newExtractCmd) }

// extractColumns is the fixed CSV column order of fednews extract.
var extractColumns = []string{"doc", "kind", "text", "start", "end", "value", "value_max", "unit",
	"qualifier", "date", "date_end", "subject", "sentence", "period_start", "period_end", "topic"}

func newExtractCmd() *cobra.Command {
	var format, published string
	var bom bool
	cmd := &cobra.Command{
		Use:   "extract [--format=jsonl|csv] [--bom] [--published=YYYY-MM-DD] FILE...",
		Short: "Print the figures (money, counts, quantities, percentages, durations, dates) each file states",
		Long: `Extract reads each FILE in any encoding and script zh handles, and prints
one record per figure: doc (the file name without directory and extension),
kind, text, start, end (rune offsets into the file's text, end exclusive),
value, value_max, unit, qualifier, date, date_end, subject, sentence,
period_start, period_end (the period the figure describes, resolved against
--published) and topic (what a money figure or count measures).

A range has value and value_max; its qualifier is exact for a stated range
(3至5家), approx for an estimate (三四天), over when both bounds are strict
(大于10小于20) and at_least when both are inclusive (不少于20不超过50).

FILE "-" is standard input (doc "-").

--format=csv writes the same columns in that order (RFC 4180, UTF-8);
--bom starts the CSV with a byte-order mark so Excel reads it as UTF-8.
A text cell that begins with = + - @, a tab or a carriage return gets a
leading apostrophe, as in fednews export, so a spreadsheet does not run it
as a formula (a date without a year, --03-29, is written '--03-29).
--published gives the publication date, used for dates that state no year
when the text names none before them (and for 今年, 去年).

A file that cannot be read or decoded (binary, empty or blank, unknown encoding) is
reported on standard error and skipped; the others are still processed and
the exit status is 1.`,
		Example: `  fednews extract article.txt
  fednews extract --format=csv --bom --published=2022-12-30 *.txt > figures.csv`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var opts extract.Options
			if published != "" {
				t, err := time.Parse(time.DateOnly, published)
				if err != nil {
					return fmt.Errorf("--published %q: want YYYY-MM-DD", published)
				}
				opts.Published = t
			}
			out := bufio.NewWriter(cmd.OutOrStdout())
			var w figureWriter
			switch format {
			case "jsonl":
				w = &jsonlFigures{enc: json.NewEncoder(out)}
			case "csv":
				if bom {
					out.WriteString("\ufeff")
				}
				cw := csv.NewWriter(out)
				cw.UseCRLF = true // RFC 4180
				if err := cw.Write(extractColumns); err != nil {
					return fmt.Errorf("write output: %w", err)
				}
				w = &csvFigures{w: cw}
			default:
				return usageError(fmt.Errorf("--format %q: want jsonl or csv", format))
			}
			failed := eachInput(cmd, args, func(name, text string) error {
				doc := docName(name)
				for _, f := range extract.Figures(text, zh.Normalize(text, zh.AllSteps), opts) {
					if err := w.write(doc, f); err != nil {
						return fmt.Errorf("write output: %w", err)
					}
				}
				return nil
			}, requireText)
			if failed != nil && !errors.Is(failed, errSomeFailed) {
				return failed
			}
			if err := w.flush(); err != nil {
				return fmt.Errorf("write output: %w", err)
			}
			if err := out.Flush(); err != nil {
				return fmt.Errorf("write output: %w", err)
			}
			return failed
		},
	}
	cmd.Flags().StringVar(&format, "format", "jsonl", "output format: jsonl or csv")
	cmd.Flags().BoolVar(&bom, "bom", false, "start CSV output with a UTF-8 byte-order mark (for Excel)")
	cmd.Flags().StringVar(&published, "published", "", "publication date YYYY-MM-DD for dates that state no year")
	return cmd
}

// docName is a file's name without directory and extension.
func docName(path string) string {
	base := filepath.Base(path)
	return strings.TrimSuffix(base, filepath.Ext(base))
}

// figureWriter prints figure records in one format.
type figureWriter interface {
	write(doc string, f corpus.Figure) error
	flush() error
}

// figureRecord is one JSON line: doc first, then the figure's fields.
type figureRecord struct {
	Doc string `json:"doc"`
	corpus.Figure
}

type jsonlFigures struct{ enc *json.Encoder }

func (j *jsonlFigures) write(doc string, f corpus.Figure) error {
	return j.enc.Encode(figureRecord{Doc: doc, Figure: f})
}

func (j *jsonlFigures) flush() error { return nil }

type csvFigures struct{ w *csv.Writer }

// write prints one row. Text cells go through export.Neutralize, as in
// fednews export: a cell starting with = + - @ would run as a spreadsheet
// formula (a document name, or a sentence that opens with a minus sign).
func (c *csvFigures) write(doc string, f corpus.Figure) error {
	n := export.Neutralize
	return c.w.Write([]string{n(doc), f.Kind, n(f.Text), strconv.Itoa(f.Start), strconv.Itoa(f.End),
		plainNumber(f.Value), plainNumber(f.ValueMax), n(f.Unit), f.Qualifier, n(f.Date), n(f.DateEnd), n(f.Subject), n(f.Sentence),
		n(f.PeriodStart), n(f.PeriodEnd), f.Topic})
}

func (c *csvFigures) flush() error {
	c.w.Flush()
	return c.w.Error()
}

// plainNumber writes a value without an exponent (1640000000, not
// 1.64e+09); nil is the empty cell.
func plainNumber(v *float64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}
