package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sort"
	"unicode/utf8"
)

// The shape of bench/peers.sh's results.json (only the fields read here).

type timing struct {
	P95 float64 `json:"p95"`
}

type runInfo struct {
	Commit    string `json:"commit"`
	Date      string `json:"date"`
	LoadStart string `json:"load_start"`
	LoadEnd   string `json:"load_end"`
}

type fednewsResult struct {
	Docs         int               `json:"docs"`
	ImportRate   float64           `json:"import_docs_per_s"`
	ImportCPUms  float64           `json:"import_cpu_ms_per_doc"`
	IndexRate    float64           `json:"index_docs_per_s"`
	IndexCPUms   *float64          `json:"index_cpu_ms_per_doc"`
	StoreMB      float64           `json:"store_mb"`
	IndexMB      float64           `json:"index_mb"`
	Queries      map[string]timing `json:"queries"`
	FacetQueries map[string]timing `json:"facets"`
}

type fts5Result struct {
	Docs    int                          `json:"docs"`
	Rate    float64                      `json:"docs_per_s"`
	CPUms   float64                      `json:"cpu_ms_per_doc"`
	SizeMB  float64                      `json:"size_mb"`
	Queries map[string]map[string]timing `json:"queries"`
}

type pgResult struct {
	Rate    float64                      `json:"docs_per_s"`
	SizeMB  float64                      `json:"size_mb"`
	Queries map[string]map[string]timing `json:"queries"`
}

type results struct {
	Run     runInfo       `json:"run"`
	Fednews fednewsResult `json:"fednews"`
	FTS5    fts5Result    `json:"fts5"`
	PG      pgResult      `json:"pg"`
}

// engine is one engine's figures at one corpus size, as the table and the
// plot use them. A negative figure was not measured (pg's CPU: the server's
// time is not the client's).
type engine struct {
	name         string
	importRate   float64 // docs/s; for the peers the load, index included
	importCPUms  float64
	indexRate    float64 // docs/s of fednews's separate index --rebuild; 0 for the peers
	indexCPUms   float64
	mbPer1k      float64 // the search structure; fednews's store is storeMBPer1k
	storeMBPer1k float64
	broadP95     float64
	facetsP95    float64
	shortP95     float64
}

// msPerDoc is the wall time to make one document searchable: import and
// index for fednews, the load (which builds the index) for the peers.
func (e engine) msPerDoc() float64 {
	ms := 1000 / e.importRate
	if e.indexRate > 0 {
		ms += 1000 / e.indexRate
	}
	return ms
}

// size is every engine at one corpus size, with the run it came from.
type size struct {
	docs    int
	run     runInfo
	broad   string // the phrase measured with facets too
	short   string // the phrase under three characters
	engines []engine
}

var engineNames = []string{"fednews", "FTS5 trigram", "pg_trgm"}

func readResults(path string) (size, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return size{}, fmt.Errorf("read the bench results: %w", err)
	}
	var r results
	if err := json.Unmarshal(b, &r); err != nil {
		return size{}, fmt.Errorf("%s: not bench/peers.sh results JSON: %w", path, err)
	}
	s, err := r.size()
	if err != nil {
		return size{}, fmt.Errorf("%s: %w (written by an older bench/peers.sh? run `make bench-large SIZES=N` again)", path, err)
	}
	return s, nil
}

// size checks that every figure the table needs is there and picks them.
func (r results) size() (size, error) {
	f := r.Fednews
	if f.Docs <= 0 || f.ImportRate <= 0 || f.IndexRate <= 0 {
		return size{}, errors.New("fednews: no docs, import_docs_per_s or index_docs_per_s")
	}
	if r.FTS5.Rate <= 0 || r.PG.Rate <= 0 {
		return size{}, errors.New("fts5 or pg: no docs_per_s")
	}
	if r.Run.Commit == "" {
		return size{}, errors.New("run: no commit")
	}
	s := size{docs: f.Docs, run: r.Run}
	if len(f.FacetQueries) != 1 {
		return size{}, fmt.Errorf("fednews.facets: want one query, have %d", len(f.FacetQueries))
	}
	for q := range f.FacetQueries {
		s.broad = q
	}
	var short []string
	for q := range f.Queries {
		if utf8.RuneCountInString(q) < 3 {
			short = append(short, q)
		}
	}
	if len(short) != 1 {
		return size{}, fmt.Errorf("fednews.queries: want one phrase under three characters, have %d", len(short))
	}
	s.short = short[0]

	var pk picker
	fts, pg := r.FTS5.Queries, r.PG.Queries
	fe := engine{name: engineNames[0], importRate: f.ImportRate, importCPUms: f.ImportCPUms, indexRate: f.IndexRate,
		indexCPUms: -1, mbPer1k: per1k(f.IndexMB, f.Docs), storeMBPer1k: per1k(f.StoreMB, f.Docs),
		broadP95:  pk.p95(f.Queries, "fednews.queries", s.broad),
		facetsP95: pk.p95(f.FacetQueries, "fednews.facets", s.broad),
		shortP95:  pk.p95(f.Queries, "fednews.queries", s.short)}
	if f.IndexCPUms != nil {
		fe.indexCPUms = *f.IndexCPUms
	}
	// The peers' p95s are the ones bench/peers.py compares: FTS5 ranked
	// top 10 (like fednews's page), an exact instr() scan where MATCH cannot
	// answer (under three characters); pg's exact count.
	se := engine{name: engineNames[1], importRate: r.FTS5.Rate, importCPUms: r.FTS5.CPUms, indexCPUms: -1,
		mbPer1k: per1k(r.FTS5.SizeMB, f.Docs), storeMBPer1k: -1,
		broadP95:  pk.p95(fts[s.broad], "fts5.queries."+s.broad, "ranked"),
		facetsP95: pk.p95(fts[s.broad], "fts5.queries."+s.broad, "facets"),
		shortP95:  pk.p95(fts[s.short], "fts5.queries."+s.short, "scancount")}
	pe := engine{name: engineNames[2], importRate: r.PG.Rate, importCPUms: -1, indexCPUms: -1,
		mbPer1k: per1k(r.PG.SizeMB, f.Docs), storeMBPer1k: -1,
		broadP95:  pk.p95(pg[s.broad], "pg.queries."+s.broad, "count"),
		facetsP95: pk.p95(pg[s.broad], "pg.queries."+s.broad, "facets"),
		shortP95:  pk.p95(pg[s.short], "pg.queries."+s.short, "count")}
	if pk.err != nil {
		return size{}, pk.err
	}
	s.engines = []engine{fe, se, pe}
	return s, nil
}

// picker reads p95s and keeps the first one missing.
type picker struct{ err error }

func (p *picker) p95(m map[string]timing, what, key string) float64 {
	t, ok := m[key]
	if !ok && p.err == nil {
		p.err = fmt.Errorf("%s: no %q", what, key)
	}
	return t.P95
}

func per1k(mb float64, docs int) float64 { return mb * 1000 / float64(docs) }

// readAll reads every results file, one size each, smallest first.
func readAll(paths []string) ([]size, error) {
	var sizes []size
	seen := map[int]string{}
	for _, p := range paths {
		s, err := readResults(p)
		if err != nil {
			return nil, err
		}
		if prev, ok := seen[s.docs]; ok {
			return nil, fmt.Errorf("%s and %s both hold %d documents: keep one", prev, p, s.docs)
		}
		seen[s.docs] = p
		sizes = append(sizes, s)
	}
	sort.Slice(sizes, func(i, j int) bool { return sizes[i].docs < sizes[j].docs })
	return sizes, nil
}
