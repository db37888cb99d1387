package main

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"time"

	"github.com/spf13/cobra"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/ingest/crawl"
)

func init() { register(newRunsCmd) }

// runRecord is a run record as `fednews runs --json` prints it.
type runRecord struct {
	ID       int64                           `json:"run"`
	Started  time.Time                       `json:"started"`
	Finished time.Time                       `json:"finished,omitzero"` // zero: killed or still running
	Counts   map[string]int                  `json:"counts"`            // the run's totals
	Sources  map[string]*crawl.SourceSummary `json:"sources"`
	Errors   []string                        `json:"errors"`
}

func newRunsCmd() *cobra.Command {
	var dir, source string
	var asJSON bool
	var limit int
	cmd := &cobra.Command{
		Use:   "runs",
		Short: "List the records of the latest ingest runs, newest first",
		Long: `List the records of the latest ingest runs, newest first: when each ran, its
counts (fetched, not modified, new, updated, failed by reason) and each
source's. A run without an end was killed or is still running.
--source=NAME shows only the runs that crawled that source, with its counts.`,
		Example: "  fednews runs\n  fednews runs --json --source=demo-hanweb --limit=5",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if limit < 1 {
				return fmt.Errorf("--limit=%d: must be at least 1", limit)
			}
			st, err := openStoreReadOnly(cmd.Context(), dir)
			if err != nil {
				return err
			}
			defer st.Close()
			runs, err := st.Runs(cmd.Context(), limit)
			if err != nil {
				return err
			}
			recs := runRecords(runs, source)
			if asJSON {
				enc := json.NewEncoder(cmd.OutOrStdout())
				enc.SetIndent("", "  ")
				return enc.Encode(recs)
			}
			printRuns(cmd.OutOrStdout(), recs)
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the records as a JSON array")
	cmd.Flags().StringVar(&source, "source", "", "only runs that crawled this source, with its counts")
	cmd.Flags().IntVar(&limit, "limit", 20, "most runs listed")
	addDataFlag(cmd, &dir)
	return cmd
}

// runRecords splits each run's counts into its totals and its sources';
// with source set, only the runs that crawled it, and only its counts.
func runRecords(runs []corpus.Run, source string) []runRecord {
	out := []runRecord{}
	for _, r := range runs {
		rec := runRecord{ID: r.ID, Started: r.Started, Finished: r.Finished, Counts: map[string]int{},
			Sources: crawl.ParseSourceCounts(r.Counts), Errors: r.Errors}
		if rec.Errors == nil {
			rec.Errors = []string{}
		}
		for k, v := range r.Counts {
			if !crawl.IsSourceCount(k) {
				rec.Counts[k] = v
			}
		}
		if source != "" {
			ss, ok := rec.Sources[source]
			if !ok {
				continue
			}
			rec.Sources = map[string]*crawl.SourceSummary{source: ss}
		}
		out = append(out, rec)
	}
	return out
}

func printRuns(w io.Writer, recs []runRecord) {
	if len(recs) == 0 {
		fmt.Fprintln(w, "no ingest runs recorded")
		return
	}
	for _, r := range recs {
		took := "no end: killed or still running"
		if !r.Finished.IsZero() {
			took = r.Finished.Sub(r.Started).Round(time.Second).String()
		}
		c := r.Counts
		fmt.Fprintf(w, "run %d  %s  %s: fetched %d, not modified %d, new %d, updated %d, failed %d\n",
			r.ID, r.Started.Local().Format("2006-01-02 15:04:05"), took, c["fetched"], c["not_modified"], c["new"], c["updated"], c["failed"])
		for _, name := range slices.Sorted(maps.Keys(r.Sources)) {
			ss := r.Sources[name]
			fmt.Fprintf(w, "  %s: fetched %d, not modified %d, new %d, updated %d, failed %d", name,
				ss.Fetched, ss.NotModified, ss.New, ss.Updated, ss.FailedTotal())
			if !ss.Newest.IsZero() {
				fmt.Fprintf(w, ", newest article %s", ss.Newest.Format("2006-01-02"))
			}
			fmt.Fprintln(w)
		}
	}
}
