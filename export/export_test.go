package export

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/fednews/fednews/corpus"
)

func f64(v float64) *float64 { return &v }

// fakeStore serves a fixed set of documents and figures.
type fakeStore struct {
	docs []*corpus.Document
	figs map[int64][]corpus.Figure
}

func (s *fakeStore) EachFigure(ctx context.Context, ids []int64, fn func(*corpus.Document, corpus.Figure) error) error {
	for _, d := range s.docs {
		if ids != nil && !slices.Contains(ids, d.ID) {
			continue
		}
		meta := *d
		meta.Original, meta.Normalized = "", ""
		for _, f := range s.figs[d.ID] {
			if err := fn(&meta, f); err != nil {
				return err
			}
		}
	}
	return nil
}

func (s *fakeStore) StorySizes(ctx context.Context) (map[int64]int, error) {
	sizes := map[int64]int{}
	for _, d := range s.docs {
		sizes[d.Cluster]++
	}
	return sizes, nil
}

func (s *fakeStore) Get(ctx context.Context, id int64) (*corpus.Document, error) {
	for _, d := range s.docs {
		if d.ID == id {
			return d, nil
		}
	}
	return nil, corpus.ErrNotFound
}

func (s *fakeStore) Changed(ctx context.Context, after int64, limit int) ([]*corpus.Document, error) {
	var out []*corpus.Document
	for _, d := range s.docs {
		if d.Seq > after && len(out) < limit {
			out = append(out, d)
		}
	}
	return out, nil
}

var cst = time.FixedZone("CST", 8*3600)

func fixture() *fakeStore {
	return &fakeStore{
		docs: []*corpus.Document{
			{ID: 1, Seq: 1, Cluster: 1, URL: "https://example.org/a/1.html", Title: "万年县工商联召开执委会",
				Source: "万年县工商联", Published: time.Date(2023, 3, 1, 0, 30, 0, 0, cst), Script: "simplified",
				Original: "全县民营企业达1200家，增长5.2%。", FetchedAt: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC),
				Entities: &corpus.Entities{Version: 1,
					About:     corpus.Places{Provinces: []string{"江西省"}, Cities: []string{"上饶市"}, Counties: []string{"万年县"}},
					Mentioned: corpus.Places{Provinces: []string{"江西省", "广东省"}, Cities: []string{"上饶市", "深圳市"}, Counties: []string{"万年县"}},
					Orgs: []corpus.Org{{Name: "万年县工商联", Surface: "万年县工商联"},
						{Name: "深圳市万年商会", Surface: "深圳万年商会", Kind: "万年商会"}}}},
			{ID: 2, Seq: 2, Cluster: 2, URL: "https://example.org/a/2.html", Title: "=HYPERLINK(\"http://evil\")",
				Source: "@attacker", Published: time.Date(2024, 7, 9, 0, 0, 0, 0, cst), Script: "traditional",
				Original: "-2+3 投資約3億元\n第二段"},
			{ID: 3, Seq: 3, Cluster: 1, URL: "https://example.org/a/3.html", Title: "无日期"},
		},
		figs: map[int64][]corpus.Figure{
			1: {
				{Kind: corpus.KindCount, Text: "1200家", Start: 7, End: 12, Value: f64(1200), Unit: "家", Qualifier: "exact", Subject: "民营企业", Sentence: "全县民营企业达1200家，增长5.2%。",
					PeriodStart: "2022", PeriodEnd: "2022-12", Topic: "enterprises"},
				{Kind: corpus.KindPercent, Text: "5.2%", Start: 15, End: 19, Value: f64(5.2), Unit: "%", Qualifier: "exact"},
			},
			2: {{Kind: corpus.KindMoney, Text: "約3億元", Start: 7, End: 11, Value: f64(3e8), ValueMax: f64(-4e8), Unit: "元", Qualifier: "approx", Subject: "-2+3"}},
			3: {{Kind: corpus.KindDate, Text: "去年", Start: 0, End: 2}},
		},
	}
}

func readCSV(t *testing.T, data []byte) (header []string, rows []map[string]string) {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatalf("export is not valid CSV: %v\n%s", err, data)
	}
	header = recs[0]
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, v := range r {
			m[header[i]] = v
		}
		rows = append(rows, m)
	}
	return header, rows
}

func names(cols []Column) []string {
	var out []string
	for _, c := range cols {
		out = append(out, c.Name)
	}
	return out
}

func TestFiguresCSV(t *testing.T) {
	var buf bytes.Buffer
	n, err := Figures(context.Background(), &buf, fixture(), nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// RFC 4180: records end in CRLF.
	if first, _, _ := strings.Cut(buf.String(), "\n"); !strings.HasSuffix(first, "\r") || !strings.HasSuffix(buf.String(), "\r\n") {
		t.Errorf("records do not end in CRLF: %.80q … %q", buf.String(), buf.String()[max(0, buf.Len()-10):])
	}
	header, rows := readCSV(t, buf.Bytes())
	if !slices.Equal(header, names(FigureColumns)) {
		t.Errorf("header = %v, want %v", header, names(FigureColumns))
	}
	if n != 4 || len(rows) != 4 {
		t.Fatalf("wrote %d rows, read %d, want 4", n, len(rows))
	}
	tests := []struct {
		row       int
		col, want string
	}{
		{0, "doc_id", "1"},
		{0, "title", "万年县工商联召开执委会"},
		{0, "published", "2023-03-01"}, // the source's calendar day, not UTC's
		{0, "province", "江西省"},
		{0, "county", "万年县"},
		{0, "period_start", "2022"},
		{0, "period_end", "2022-12"},
		{0, "topic", "enterprises"},
		{1, "period_start", ""},
		{0, "value", "1200"},
		{0, "value_max", ""},
		{0, "start", "7"},
		{0, "end", "12"},
		{0, "subject", "民营企业"},
		{1, "value", "5.2"},
		{1, "kind", "percent"},
		{2, "title", `'=HYPERLINK("http://evil")`},
		{2, "source", "'@attacker"},
		{2, "subject", "'-2+3"},
		{2, "value", "300000000"},
		{2, "value_max", "-400000000"}, // numbers are numbers, never neutralized
		{2, "province", ""},
		{3, "published", ""},
		{3, "cluster", "1"},
		{3, "cluster_size", "2"},
		{3, "is_canonical", "0"},
		{0, "cluster_size", "2"},
		{0, "is_canonical", "1"},
		{3, "value", ""},
	}
	for _, tt := range tests {
		if got := rows[tt.row][tt.col]; got != tt.want {
			t.Errorf("row %d %s = %q, want %q", tt.row, tt.col, got, tt.want)
		}
	}
}

func TestFiguresJSONL(t *testing.T) {
	var buf bytes.Buffer
	if _, err := Figures(context.Background(), &buf, fixture(), []int64{2}, Options{Format: JSONL, BOM: true}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != 1 {
		t.Fatalf("got %d lines, want 1:\n%s", len(lines), buf.String())
	}
	var row map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &row); err != nil {
		t.Fatalf("line is not JSON: %v\n%s", err, lines[0])
	}
	want := map[string]any{"doc_id": 2.0, "title": `=HYPERLINK("http://evil")`, "value": 3e8, "value_max": -4e8, "unit": "元", "start": 7.0}
	for k, v := range want {
		if row[k] != v {
			t.Errorf("%s = %#v, want %#v", k, row[k], v)
		}
	}
	// Keys keep column order so that a JSONL file reads like the CSV.
	dec := json.NewDecoder(strings.NewReader(lines[0]))
	dec.Token()
	var keys []string
	for dec.More() {
		k, _ := dec.Token()
		keys = append(keys, k.(string))
		var skip any
		dec.Decode(&skip)
	}
	if !slices.Equal(keys, names(FigureColumns)) {
		t.Errorf("keys = %v", keys)
	}
	if strings.HasPrefix(buf.String(), "\ufeff") {
		t.Error("JSONL must not carry a BOM")
	}
}

func TestDocuments(t *testing.T) {
	for _, tt := range []struct {
		name string
		ids  []int64
		opt  Options
		want []string // ids in order
	}{
		{"all", nil, Options{}, []string{"1", "2", "3"}},
		{"ids", []int64{3, 99, 1}, Options{}, []string{"3", "1"}},
		{"from", nil, Options{From: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}, []string{"2"}},
		{"to", nil, Options{To: time.Date(2023, 3, 1, 0, 0, 0, 0, time.UTC)}, []string{"1"}},
		{"limit", nil, Options{MaxRows: 2}, []string{"1", "2"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			tt.opt.BOM = true
			_, err := Documents(context.Background(), &buf, fixture(), tt.ids, tt.opt)
			if tt.opt.MaxRows > 0 {
				if !errors.Is(err, ErrTooMany) {
					t.Fatalf("err = %v, want ErrTooMany", err)
				}
			} else if err != nil {
				t.Fatal(err)
			}
			data, ok := bytes.CutPrefix(buf.Bytes(), []byte("\ufeff"))
			if !ok {
				t.Fatal("no BOM")
			}
			header, rows := readCSV(t, data)
			if !slices.Equal(header, names(DocumentColumns)) {
				t.Errorf("header = %v", header)
			}
			var got []string
			for _, r := range rows {
				got = append(got, r["id"])
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("ids = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestDocumentsText(t *testing.T) {
	var buf bytes.Buffer
	if _, err := Documents(context.Background(), &buf, fixture(), []int64{2}, Options{}); err != nil {
		t.Fatal(err)
	}
	_, rows := readCSV(t, buf.Bytes())
	if got, want := rows[0]["text"], "'-2+3 投資約3億元\n第二段"; got != want {
		t.Errorf("text = %q, want %q", got, want)
	}
	if got := rows[0]["script"]; got != "traditional" {
		t.Errorf("script = %q", got)
	}
}

func TestNeutralize(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"", ""},
		{"=1+1", "'=1+1"},
		{"+86 10", "'+86 10"},
		{"-5", "'-5"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tx", "'\tx"},
		{"\rx", "'\rx"},
		{"工商联=1", "工商联=1"},
		{" =1", " =1"},
		{"'=1", "'=1"},
		{"工\x00商联", "工商联"},
		{"\x00=1", "'=1"},
	} {
		if got := Neutralize(tt.in); got != tt.want {
			t.Errorf("Neutralize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseFormat(t *testing.T) {
	for in, want := range map[string]Format{"csv": CSV, "CSV": CSV, "jsonl": JSONL} {
		if got, err := ParseFormat(in); err != nil || got != want {
			t.Errorf("ParseFormat(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := ParseFormat("xlsx"); err == nil || !strings.Contains(err.Error(), "xlsx") {
		t.Errorf("ParseFormat(xlsx) error = %v", err)
	}
	if _, err := Figures(context.Background(), io.Discard, fixture(), nil, Options{Format: "xml"}); err == nil {
		t.Error("Figures accepted format xml")
	}
}

func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	src := &genSource{docs: 1000, perDoc: 5}
	n, err := Figures(ctx, io.Discard, src, nil, Options{})
	if !errors.Is(err, context.Canceled) || n != 0 {
		t.Errorf("after cancel: n=%d err=%v", n, err)
	}
}

// genSource generates docs×perDoc figure rows on the fly, so that a test can
// tell the export's own memory from its source's.
type genSource struct {
	docs, perDoc int
	each         func() // called before each document, to sample the heap
}

// StorySizes: every generated document is a story of its own.
func (g *genSource) StorySizes(context.Context) (map[int64]int, error) { return nil, nil }

func (g *genSource) EachFigure(ctx context.Context, ids []int64, fn func(*corpus.Document, corpus.Figure) error) error {
	doc := &corpus.Document{URL: "https://example.org/a/", Title: "安徽省工商联召开常委会议", Source: "安徽省工商联",
		Published: time.Date(2022, 5, 6, 0, 0, 0, 0, cst),
		Entities:  &corpus.Entities{About: corpus.Places{Provinces: []string{"安徽省"}}}}
	v := 12.5
	f := corpus.Figure{Kind: corpus.KindMoney, Text: "12.5亿元", Value: &v, Unit: "元", Qualifier: "exact",
		Subject: "民营企业投资", Sentence: "全年民营企业投资达12.5亿元，同比增长百分之八。"}
	for i := range g.docs {
		if g.each != nil {
			g.each()
		}
		doc.ID, doc.Cluster = int64(i+1), int64(i+1)
		for j := range g.perDoc {
			f.Start, f.End = j*20, j*20+7
			if err := fn(doc, f); err != nil {
				return err
			}
		}
	}
	return nil
}

type countingWriter struct{ n int64 }

func (c *countingWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

// peakHeap runs f while sampling the live heap after each GC, and returns the
// largest heap seen beyond the heap at the start.
func exportPeakHeap(t testing.TB, rows int, format Format) (peak uint64, out int64) {
	src := &genSource{docs: rows / 4, perDoc: 4}
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc
	cw := &countingWriter{}
	sample := 0
	src.each = func() {
		if sample++; sample%5000 == 0 {
			runtime.ReadMemStats(&ms)
			if ms.HeapAlloc > base && ms.HeapAlloc-base > peak {
				peak = ms.HeapAlloc - base
			}
		}
	}
	n, err := Figures(context.Background(), cw, src, nil, Options{Format: format})
	if err != nil || n != rows {
		t.Fatalf("exported %d rows, err %v; want %d", n, err, rows)
	}
	return peak, cw.n
}

func TestFiguresStreams(t *testing.T) {
	for _, format := range []Format{CSV, JSONL} {
		// Heap right after a GC holds only live data; sampled without a GC it
		// also holds garbage, bounded by GOGC relative to the live heap. A
		// non-streaming export of 200,000 rows (~40 MB of output) would
		// exceed the bound by far.
		peak, out := exportPeakHeap(t, 200_000, format)
		if out < 30<<20 {
			t.Fatalf("%s: output only %d bytes", format, out)
		}
		if peak > 16<<20 {
			t.Errorf("%s: heap grew by %d MB while writing %d MB", format, peak>>20, out>>20)
		}
		t.Logf("%s: %d MB written, peak heap growth %.1f MB", format, out>>20, float64(peak)/(1<<20))
	}
}

func FuzzNeutralizeCSV(f *testing.F) {
	for _, s := range []string{"", "=1+1", "-", "+\n", "@a,b\"c", "\t", "工商联", "'="} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var buf bytes.Buffer
		rw, err := newRowWriter(&buf, []Column{{Name: "a"}, {Name: "b"}}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if err := rw.write(s, int64(len(s))); err != nil {
			t.Fatal(err)
		}
		if err := rw.flush(); err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(&buf).ReadAll()
		if err != nil {
			t.Fatalf("unreadable CSV for %q: %v", s, err)
		}
		got := recs[1][0]
		// encoding/csv turns \r\n into \n inside quoted fields.
		want := strings.ReplaceAll(Neutralize(s), "\r\n", "\n")
		if got != want && !strings.Contains(s, "\r") {
			t.Fatalf("round trip %q -> %q, want %q", s, got, want)
		}
		if got != "" && strings.ContainsRune("=+-@\t\r", rune(got[0])) {
			t.Fatalf("cell %q starts with a formula character", got)
		}
	})
}

// TestEntityCells: the place and organization columns come from the
// entities stored with the document, organizations in parallel lists.
func TestEntityCells(t *testing.T) {
	for _, tt := range []struct {
		doc  *corpus.Document
		want []any
	}{
		{fixture().docs[0], []any{"江西省", "上饶市", "万年县", "万年县工商联;深圳市万年商会", "万年县工商联;深圳万年商会", ";万年商会",
			"江西省;广东省", "上饶市;深圳市", "万年县"}},
		// Stored before entities were found: empty cells, not recomputed.
		{&corpus.Document{ID: 9, Title: "山东省郯城县商会", Original: "山东省郯城县商会"}, []any{"", "", "", "", "", "", "", "", ""}},
		{&corpus.Document{ID: 9, Entities: &corpus.Entities{Orgs: []corpus.Org{{Name: "上海市工商联", Surface: "上海工商联"}}}},
			[]any{"", "", "", "上海市工商联", "上海工商联", "", "", "", ""}},
	} {
		if got := entityCells(tt.doc); !slices.Equal(got, tt.want) {
			t.Errorf("entityCells(%d %q) = %q, want %q", tt.doc.ID, tt.doc.Title, got, tt.want)
		}
	}
}

func FuzzAppendJSON(f *testing.F) {
	for _, s := range []string{"", "工商联", `"q"`, "a\\b", "<&>", "\u2028", "\xff", "\t\n", "\ufffd"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := appendJSON(nil, s)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := json.Marshal(s)
		if string(got) != string(want) {
			t.Fatalf("appendJSON(%q) = %s, encoding/json says %s", s, got, want)
		}
	})
}
