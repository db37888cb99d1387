package web

import (
	"cmp"
	"context"
	"io"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/fednews/fednews/research"
)

// Researcher answers the research views; *research.Engine is one.
type Researcher interface {
	Trend(ctx context.Context, req research.TrendRequest) (*research.Trend, error)
	KWIC(ctx context.Context, req research.KWICRequest) (*research.KWIC, error)
	Terms(ctx context.Context, req research.TermsRequest) (*research.Terms, error)
	Figures(ctx context.Context, req research.FigureRequest) (*research.FigureTable, error)
}

// kwicPageSize is the number of concordance lines per page.
const kwicPageSize = 50

// researchParams are the parameters of the research views beside those
// of a search (filters, dates, all): trend's several q, by and share;
// kwic's width and sort; terms' limit; format=csv for a download.
type researchParams struct {
	query
	Queries []string // trend: every non-empty q, in order
	By      string
	Share   bool
	Width   int
	KSort   string
	Limit   int
	CSV     bool
	Fig     research.FigureRequest // the explorer's selection (its Query and Scope unset)
	Min     string
	Max     string
	Measure string // the explorer chart's, one of FigureMeasures
}

func (s *Server) parseResearch(r *http.Request) (researchParams, error) {
	v, err := urlParams(r)
	if err != nil {
		return researchParams{}, err
	}
	// The search parameters; kwic has its own sort, so search's is not read.
	sv := url.Values{}
	for k, vs := range v {
		if k != "sort" {
			sv[k] = vs
		}
	}
	q, err := parseQuery(sv, s.cfg.Limits, kwicPageSize)
	p := researchParams{query: q, By: v.Get("by"), Share: v.Get("share") == "1", KSort: v.Get("sort"), CSV: v.Get("format") == "csv"}
	if err != nil {
		return p, err
	}
	for _, t := range v["q"] {
		if t = strings.TrimSpace(t); t == "" {
			continue
		}
		if !utf8.ValidString(t) || utf8.RuneCountInString(t) > s.cfg.Limits.MaxQueryRunes {
			return p, badParam("q %q: not UTF-8 or longer than %d characters", t, s.cfg.Limits.MaxQueryRunes)
		}
		p.Queries = append(p.Queries, t)
	}
	if p.Width, err = parseInt(v, "width", research.DefaultKWICWidth, 1, research.MaxKWICWidth); err != nil {
		return p, err
	}
	if p.Limit, err = parseInt(v, "limit", research.DefaultTerms, 1, research.MaxTerms); err != nil {
		return p, err
	}
	p.Fig = research.FigureRequest{Rows: v.Get("rows"), Row: v.Get("row"), Kind: v.Get("kind"), Unit: v.Get("unit"), Topic: v.Get("topic"), Period: v.Get("period")}
	if p.Measure = v.Get("measure"); p.Measure != "" && !slices.Contains(FigureMeasures, p.Measure) {
		return p, badParam("measure %q: want %s", p.Measure, strings.Join(FigureMeasures, " or "))
	}
	p.Min, p.Max = v.Get("min"), v.Get("max")
	for _, b := range []struct {
		name, s string
		dst     **float64
	}{{"min", p.Min, &p.Fig.Min}, {"max", p.Max, &p.Fig.Max}} {
		if b.s == "" {
			continue
		}
		x, err := strconv.ParseFloat(b.s, 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			return p, badParam("%s %q: want a number such as 1e7", b.name, b.s)
		}
		*b.dst = &x
	}
	if f := v.Get("format"); f != "" && f != "csv" && f != "json" {
		return p, badParam("format %q: want json or csv", f)
	}
	return p, nil
}

func dayOrEmpty(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

func (p researchParams) scope() research.Scope {
	req := p.request()
	return research.Scope{Filters: req.Filters, From: req.From, To: req.To, NoCollapse: p.All}
}

// inSlot runs f in one of the server's search slots, within the timeout.
func inSlot[T any](s *Server, ctx context.Context, f func(context.Context) (T, error)) (T, error) {
	ctx, release, err := s.slot(ctx)
	if err != nil {
		var zero T
		return zero, err
	}
	defer release()
	return f(ctx)
}

func (s *Server) runTrend(ctx context.Context, p researchParams) (*research.Trend, error) {
	if len(p.Queries) == 0 {
		p.Queries = []string{"*"}
	}
	return inSlot(s, ctx, func(ctx context.Context) (*research.Trend, error) {
		return s.cfg.Research.Trend(ctx, research.TrendRequest{Queries: p.Queries, Scope: p.scope(), By: p.By})
	})
}

func (s *Server) runKWIC(ctx context.Context, p researchParams) (*research.KWIC, error) {
	return inSlot(s, ctx, func(ctx context.Context) (*research.KWIC, error) {
		return s.cfg.Research.KWIC(ctx, research.KWICRequest{Query: p.Q, Scope: p.scope(), Width: p.Width, Sort: p.KSort,
			Offset: (p.Page - 1) * p.Size, Limit: p.Size})
	})
}

func (s *Server) runTerms(ctx context.Context, p researchParams) (*research.Terms, error) {
	return inSlot(s, ctx, func(ctx context.Context) (*research.Terms, error) {
		return s.cfg.Research.Terms(ctx, research.TermsRequest{Query: p.Q, Scope: p.scope(), Limit: p.Limit})
	})
}

func (s *Server) runFigures(ctx context.Context, p researchParams) (*research.FigureTable, error) {
	return inSlot(s, ctx, func(ctx context.Context) (*research.FigureTable, error) {
		req := p.Fig
		req.Query, req.Scope = p.Q, p.scope()
		return s.cfg.Research.Figures(ctx, req)
	})
}

// csvResult is a research result that writes itself as CSV.
type csvResult interface {
	WriteCSV(w io.Writer, bom bool) error
}

// apiResearch serves run's result as JSON, or as CSV (with a byte order
// mark, for Excel) named name when format=csv.
func apiResearch[T csvResult](s *Server, name string, run func(context.Context, researchParams) (T, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p, err := s.parseResearch(r)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		res, err := run(r.Context(), p)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if p.CSV {
			w.Header().Set("Content-Type", "text/csv; charset=utf-8")
			w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
			w.Header().Set("Cache-Control", "no-store")
			res.WriteCSV(w, true)
			return
		}
		writeJSON(w, http.StatusOK, res)
	}
}

// finer is the period a click on a bar of by shows its days in.
var finer = map[string]string{"year": "month", "month": "day", "week": "day", "day": "day"}

// researchView is the page of the three research views (tabs).
type researchView struct {
	chrome
	Title    string
	Tab      string // trend, kwic or terms
	Error    string
	P        researchParams
	Queries  []string // the trend form's five boxes
	Base     string   // the URL parameters of filters, dates and all
	Trend    *research.Trend
	Chart    *trendChart
	Rows     []trendRow
	KWIC     *research.KWIC
	Terms    *research.Terms
	Figures  *research.FigureTable
	CSVURL   string
	PrevURL  string
	NextURL  string
	SortURLs map[string]string
	// The explorer's chart (in Chart), its measure and the links to one
	// row's series (by Figures.Places) and back to every row.
	Measure        string
	MeasureChoices []string
	MeasureURLs    map[string]string
	RowURLs        []string
	AllRowsURL     string
	// The form's values.
	From, To, By string
	ByChoices    []string
	RowChoices   []string
}

type trendRow struct {
	research.Bucket
	Scope int
	Cells []trendCell
	URL   string
}

type trendCell struct {
	Count int
	Share string
}

func (s *Server) researchPage(tab string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p, err := s.parseResearch(r)
		v := &researchView{Title: tr(langOf(r), "r."+tab) + " · fednews", Tab: tab, P: p}
		v.Base = p.values().Encode()
		v.From, v.To, v.By, v.ByChoices, v.RowChoices = dayOrEmpty(p.From), dayOrEmpty(p.To), p.By, research.Granularities, research.FigureRows
		if v.By == "" {
			v.By = "month"
		}
		if v.P.KSort == "" {
			v.P.KSort = "doc"
		}
		v.Queries = append(append([]string{}, p.Queries...), make([]string, research.MaxTrendQueries)...)[:research.MaxTrendQueries]
		if err == nil {
			err = s.fillResearch(r, v, tab, p)
		}
		status := http.StatusOK
		if err != nil {
			var msg string
			if status, msg = s.statusOf(r, err); status == 499 {
				return // the client went away
			}
			v.Error = trError(langOf(r), msg, err)
		}
		s.render(w, r, s.tmpl.research, status, v)
	}
}

func (s *Server) fillResearch(r *http.Request, v *researchView, tab string, p researchParams) error {
	link := func(path string, mod func(url.Values)) string {
		c := p.values()
		c.Del("sort")
		switch tab {
		case "trend":
			c.Del("q")
			for _, q := range p.Queries {
				c.Add("q", q)
			}
			if p.By != "" {
				c.Set("by", p.By)
			}
			if p.Share {
				c.Set("share", "1")
			}
		case "kwic":
			c.Set("width", strconv.Itoa(p.Width))
			if p.KSort != "" {
				c.Set("sort", p.KSort)
			}
		case "terms":
			c.Set("limit", strconv.Itoa(p.Limit))
		case "figures":
			for k, val := range map[string]string{"rows": p.Fig.Rows, "row": p.Fig.Row, "kind": p.Fig.Kind, "unit": p.Fig.Unit, "topic": p.Fig.Topic,
				"period": p.Fig.Period, "min": p.Min, "max": p.Max, "measure": p.Measure} {
				if val != "" {
					c.Set(k, val)
				}
			}
		}
		if mod != nil {
			mod(c)
		}
		return path + "?" + c.Encode()
	}
	switch tab {
	case "trend":
		if len(p.Queries) == 0 {
			return nil
		}
		tr, err := s.runTrend(r.Context(), p)
		if err != nil {
			return err
		}
		v.Trend = tr
		narrow := func(b research.Bucket) string {
			return link("/trend", func(c url.Values) {
				c.Set("from", b.From)
				c.Set("to", b.To)
				c.Set("by", finer[tr.By])
			})
		}
		v.Chart = layoutTrend(langOf(r), tr, p.Share, narrow)
		for i, b := range tr.Buckets {
			row := trendRow{Bucket: b, Scope: tr.Scope[i], URL: narrow(b)}
			for _, s := range tr.Series {
				row.Cells = append(row.Cells, trendCell{Count: s.Counts[i], Share: axisLabel(s.Share[i], true)})
			}
			v.Rows = append(v.Rows, row)
		}
		v.CSVURL = link("/api/trend", func(c url.Values) { c.Set("format", "csv") })
	case "kwic":
		if p.Q == "" {
			return nil
		}
		k, err := s.runKWIC(r.Context(), p)
		if err != nil {
			return err
		}
		v.KWIC = k
		v.SortURLs = map[string]string{}
		for _, srt := range research.KWICSorts {
			v.SortURLs[srt] = link("/kwic", func(c url.Values) { c.Set("sort", srt) })
		}
		if p.Page > 1 {
			v.PrevURL = link("/kwic", func(c url.Values) { c.Set("page", strconv.Itoa(p.Page-1)) })
		}
		if p.Page*p.Size < k.Total && p.Page < s.cfg.Limits.MaxPage {
			v.NextURL = link("/kwic", func(c url.Values) { c.Set("page", strconv.Itoa(p.Page+1)) })
		}
		v.CSVURL = link("/api/kwic", func(c url.Values) {
			c.Set("format", "csv")
			c.Set("page", strconv.Itoa(p.Page))
		})
	case "terms":
		if p.Q == "" {
			return nil
		}
		t, err := s.runTerms(r.Context(), p)
		if err != nil {
			return err
		}
		v.Terms = t
		v.CSVURL = link("/api/terms", func(c url.Values) { c.Set("format", "csv") })
	case "figures": // no query: the figures of every story in scope
		t, err := s.runFigures(r.Context(), p)
		if err != nil {
			return err
		}
		v.Figures = t
		v.Measure, v.MeasureChoices, v.MeasureURLs = cmp.Or(p.Measure, FigureMeasures[0]), FigureMeasures, map[string]string{}
		for _, m := range FigureMeasures {
			v.MeasureURLs[m] = link("/figures", func(c url.Values) { c.Set("measure", m) })
		}
		v.Chart = layoutFigures(langOf(r), t, v.Measure)
		for _, place := range t.Places {
			v.RowURLs = append(v.RowURLs, link("/figures", func(c url.Values) { c.Set("row", place) }))
		}
		if t.Row != "" {
			v.AllRowsURL = link("/figures", func(c url.Values) { c.Del("row") })
		}
		v.CSVURL = link("/api/figures", func(c url.Values) { c.Set("format", "csv") })
	}
	return nil
}
