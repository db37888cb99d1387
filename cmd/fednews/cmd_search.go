package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/index"
	"github.com/fednews/fednews/zh"
)

func init() { register(newSearchCmd) }

type searchFlags struct {
	dir       string
	indexSpec string
	facets    []string
	filters   []string
	from, to  string
	limit     int
	offset    int
	sort      string
	all       bool
	histogram bool
	json      bool
	queries   string
}

var queryHelp = `Query language:
  营商环境 女企业家商会     every word must appear (each as an exact phrase)
  "营商 环境"             a phrase, spaces included
  工商联 OR 商会          either one (OR binds tighter than the implicit AND)
  -商会  -(a OR b)        exclude
  *                       every document
  source: province: city: county: org: year: month: kind: unit: script: cluster: url:
                          field filters (province:江西, org:安徽省工商联, kind:money)
  title: body:            a phrase in the title or the body only
  published:>=2021-01-01  dates: > >= < <= and ranges 2021..2022-06
  ` + kindExamples() + `
                          documents stating a figure of that kind in the range
A traditional query finds simplified articles and the reverse.

Filters (--filter, repeatable; every filter must hold):
  province=江西             a field clause, as province:江西 in the query
  province=广东省|江苏省     any of the values (OR)
  city!=深圳市              not that value (city!=深圳市|广州市: neither)
  money=>=1亿  year=2021|2023  comparisons, ranges and years as in the query`

// kindExamples are the figure queries of corpus.FigureKinds.
func kindExamples() string {
	var out []string
	for _, k := range corpus.FigureKinds {
		if k.Example != "" {
			out = append(out, k.Example)
		}
	}
	return strings.Join(out, "  ")
}

func newSearchCmd() *cobra.Command {
	var f searchFlags
	cmd := &cobra.Command{
		Use:   "search [flags] QUERY",
		Short: "Search the index: hits with snippets, facets with counts",
		Long:  "Search the index built by `fednews index`.\n\n" + queryHelp,
		Example: `  fednews search 营商环境
  fednews search --facet=province --facet=year '女企业家商会 -深圳'
  fednews search --filter=province=江西 --from=2021-01-01 --json 工商联
  fednews search --filter='province=广东省|江苏省' --filter='city!=深圳市' 营商环境
  fednews search --queries=terms.txt --json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			q := strings.Join(args, " ")
			if q == "" && f.queries == "" {
				return usageError(errors.New("search: give a QUERY (or --queries=FILE); `fednews search --help` shows the query language"))
			}
			return runSearch(cmd.Context(), cmd.OutOrStdout(), f, q)
		},
	}
	fl := cmd.Flags()
	fl.StringArrayVar(&f.facets, "facet", nil, "count the values of a field among the hits (source, province, city, county, org, year, month, kind, unit, script); repeatable")
	fl.StringArrayVar(&f.filters, "filter", nil, "FIELD=VALUE filter, as the query's field:value (province=江西, money=>=1亿); FIELD=V1|V2 any of them, FIELD!=V not V; repeatable")
	fl.StringVar(&f.from, "from", "", "published on or after this date (YYYY-MM-DD, China time)")
	fl.StringVar(&f.to, "to", "", "published on or before this date (YYYY-MM-DD)")
	fl.IntVar(&f.limit, "limit", 10, "hits to show (at most 1000); 0: every hit, one JSON object a line, in document ID order")
	fl.IntVar(&f.offset, "offset", 0, "hits to skip")
	fl.StringVar(&f.sort, "sort", "relevance", strings.Join(index.SortOrders, ", "))
	fl.BoolVar(&f.all, "all", false, "list and count every copy of a story (duplicate cluster), not one per story: in the total, facets and --histogram too")
	fl.BoolVar(&f.histogram, "histogram", false, "count the stories (with --all: documents) per month")
	fl.BoolVar(&f.json, "json", false, "print one JSON object (per query)")
	fl.StringVar(&f.queries, "queries", "", "run one query per line of FILE (blank lines and lines starting with # skipped)")
	addDataFlag(cmd, &f.dir)
	addIndexFlag(cmd, &f.indexSpec)
	return cmd
}

func runSearch(ctx context.Context, stdout io.Writer, f searchFlags, q string) error {
	base, err := f.request()
	if err != nil {
		return usageError(err)
	}
	var queries []string
	if f.queries != "" {
		if queries, err = readQueries(f.queries); err != nil {
			return err
		}
	} else {
		queries = []string{q}
	}
	if len(queries) == 1 {
		collectLessForOneShot()
	}
	if err := requireStore(f.dir); err != nil {
		return err
	}
	store := openStoreBeside(ctx, f.dir)
	defer store.close()
	ix, err := openIndex(f.indexSpec, f.dir, index.Options{ReadOnly: true, Texts: store})
	if err != nil {
		if errors.Is(err, index.ErrLocked) {
			return fmt.Errorf("%w\n(while `fednews serve` runs, search through it: GET /api/search?q=...)", err)
		}
		return err
	}
	defer ix.Close()
	// The check that the index matches the store (a count of the store's
	// documents, a tenth of a broad search's time at 100,000) runs beside
	// the search rather than before it; its warning, if any, still comes
	// before the command ends.
	var checked sync.WaitGroup
	checked.Go(func() {
		if st, err := store.store(ctx); err == nil {
			warnIfDamaged(ctx, ix, st)
		}
	})
	defer checked.Wait()
	out := bufio.NewWriter(stdout)
	defer out.Flush()
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	if f.limit == 0 {
		if len(queries) > 1 {
			return usageError(errors.New("--limit=0 streams the hits of one query: give a QUERY, not --queries"))
		}
		req := base
		req.Query = queries[0]
		err := ix.EachHit(ctx, req, func(h index.Hit) error { return enc.Encode(h) })
		if errors.Is(err, index.ErrBadQuery) {
			return usageError(err)
		}
		return err
	}
	failed := 0
	for _, q := range queries {
		req := base
		req.Query = q
		resp, err := ix.Search(ctx, req)
		if err != nil {
			if len(queries) == 1 && errors.Is(err, index.ErrBadQuery) {
				return usageError(err)
			}
			if len(queries) == 1 || !errors.Is(err, index.ErrBadQuery) {
				return err
			}
			failed++
			if f.json {
				enc.Encode(map[string]string{"query": q, "error": err.Error()})
			} else {
				fmt.Fprintf(out, "== %s\nerror: %v\n\n", q, err)
			}
			continue
		}
		if len(queries) > 1 {
			resp.Query = q
		}
		if f.json {
			if err := enc.Encode(resp); err != nil {
				return err
			}
			continue
		}
		printHuman(out, q, resp, len(queries) > 1)
	}
	if failed > 0 {
		out.Flush()
		fmt.Fprintf(os.Stderr, "fednews: %d of %d queries failed\n", failed, len(queries))
		return errSomeFailed
	}
	return nil
}

func (f searchFlags) request() (index.Request, error) {
	req := index.Request{Facets: f.facets, Limit: f.limit, Offset: f.offset, Sort: f.sort, NoCollapse: f.all, Histogram: f.histogram}
	if !slices.Contains(index.SortOrders, f.sort) {
		return req, fmt.Errorf("--sort %q: want %s", f.sort, strings.Join(index.SortOrders, ", "))
	}
	for _, s := range f.filters {
		flt, err := index.ParseFilter(s)
		if err != nil {
			return req, fmt.Errorf("--filter: %w", err)
		}
		req.Filters = append(req.Filters, flt)
	}
	var err error
	if req.From, err = parseChinaDay("--from", f.from); err != nil {
		return req, err
	}
	if req.To, err = parseChinaDay("--to", f.to); err != nil {
		return req, err
	}
	return req, nil
}

func parseChinaDay(flag, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.ParseInLocation(time.DateOnly, s, zh.China)
	if err != nil {
		return time.Time{}, fmt.Errorf("%s %q: want a date like 2021-01-31", flag, s)
	}
	return t, nil
}

func readQueries(path string) ([]string, error) {
	b, err := readFileLimited(path, nil, maxInputBytes)
	if err != nil {
		return nil, fmt.Errorf("--queries: %w", err)
	}
	var out []string
	for _, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(strings.TrimPrefix(line, "\ufeff"))
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		out = append(out, line)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("--queries: %s holds no queries", path)
	}
	return out, nil
}

// printHuman writes hits with their snippets («match» marks the phrase in
// the original text) and the facets.
func printHuman(w io.Writer, q string, r *index.Response, header bool) {
	if header {
		fmt.Fprintf(w, "== %s\n", q)
	}
	// Total counts stories, or every copy with --all (then it equals Documents).
	if r.Total == r.Documents {
		fmt.Fprintf(w, "%d documents in %.1f ms\n", r.Total, r.TookMS)
	} else {
		noun := "stories"
		if r.Total == 1 {
			noun = "story"
		}
		fmt.Fprintf(w, "%d %s (%d documents with reposts) in %.1f ms\n", r.Total, noun, r.Documents, r.TookMS)
	}
	for i, h := range r.Hits {
		fmt.Fprintf(w, "\n%d. %s\n   ", i+1, h.Title)
		var meta []string
		for _, s := range []string{h.Published, h.Source, h.URL} {
			if s != "" {
				meta = append(meta, s)
			}
		}
		fmt.Fprintf(w, "%s  [id %d]\n", strings.Join(meta, " · "), h.ID)
		if s := marked(h.SnippetRaw, h.Marks); s != "" {
			fmt.Fprintf(w, "   %s\n", s)
		}
		for _, d := range h.Duplicates {
			fmt.Fprintf(w, "   duplicate: [id %d] %s %s\n", d.ID, d.Title, d.URL)
		}
	}
	if len(r.Facets) > 0 {
		fmt.Fprintln(w, "\nfacets:")
		for _, name := range slices.Sorted(maps.Keys(r.Facets)) {
			vals := r.Facets[name]
			var parts []string
			for _, v := range vals {
				parts = append(parts, fmt.Sprintf("%s (%d)", v.Value, v.Count))
			}
			fmt.Fprintf(w, "  %s: %s\n", name, strings.Join(parts, ", "))
		}
	}
	if len(r.Histogram) > 0 {
		fmt.Fprintln(w, "\nper month:")
		for _, v := range r.Histogram {
			fmt.Fprintf(w, "  %s %5d %s\n", v.Value, v.Count, strings.Repeat("▇", min(v.Count, 60)))
		}
	}
	fmt.Fprintln(w)
}

func marked(text string, marks [][2]int) string {
	rs := []rune(text)
	var b strings.Builder
	pos := 0
	for _, m := range marks {
		if m[0] < pos || m[1] > len(rs) {
			continue
		}
		b.WriteString(string(rs[pos:m[0]]) + "«" + string(rs[m[0]:m[1]]) + "»")
		pos = m[1]
	}
	b.WriteString(string(rs[pos:]))
	return b.String()
}
