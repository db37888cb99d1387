package main

import (
	"fmt"
	"log/slog"
	"time"

	"github.com/spf13/cobra"

	"github.com/fednews/fednews/extract"
	"github.com/fednews/fednews/ingest"
)

func init() { register(newImportCmd) }

func newImportCmd() *cobra.Command {
	var dataDir, published, source string
	var maxMB int64
	cmd := &cobra.Command{
		Use:   "import [--data=DIR] [--published=YYYY-MM-DD] [--source=NAME] PATH...",
		Short: "Import articles from .txt, .html and .jsonl files and directories into the store",
		Long: `Import reads each PATH and stores its articles, with the figures they state:

  .txt          first line the title, the rest the text; or header lines first
                (来源:…, a date line such as 2021-01-18 10:00 or 发布时间：…, 原标题:…)
  .html, .htm   a saved page: title, date, source, author and text extracted
  .jsonl        one article per line: {"url", "title", "published", "source", "author", "text"}
  directory     every such file below it, recursively (other files are skipped)

Encodings (UTF-8, GBK/GB18030, Big5, UTF-16 with BOM) are detected. An
article already stored (same URL, or same text under another name) is not
stored again; a near-duplicate (the same story reposted, even in the other
script) is stored and joins the first copy's cluster.

--published and --source give the date and source of the articles that do
not state theirs (a folder of one paper's articles of one day); an article's
own header, meta tags or fields win.

A long import logs a line every 10,000 documents with the rate so far.
A file that cannot be imported is reported with the reason and the others
are still imported; the exit status is then 1.`,
		Example: `  fednews import --data=./fednews-data articles/
  fednews import saved-page.html exported.jsonl`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			day, err := parseChinaDay("--published", published)
			if err != nil {
				return usageError(err)
			}
			store, err := createStore(ctx, dataDir)
			if err != nil {
				return err
			}
			defer store.Close()
			sum, err := ingest.Import(ctx, store, args, ingest.ImportOptions{
				MaxFileBytes: maxMB << 20,
				Published:    day,
				Source:       source,
				Enrich:       extract.OfDocument,
				Progress: func(path string, s ingest.ImportSummary) {
					slog.Debug("imported", "file", path, "new", s.New, "failed", len(s.Failed))
				},
				BatchProgress: importProgress(time.Now()),
			})
			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "files %d: new %d, updated %d, unchanged %d, duplicates clustered %d, not an article %d, failed %d\n",
				sum.Files, sum.New, sum.Updated, sum.Unchanged, sum.Clustered, sum.NotArticles, len(sum.Failed))
			for _, f := range sum.Failed {
				fmt.Fprintf(out, "failed  %v\n", f)
			}
			if err != nil {
				return fmt.Errorf("import interrupted: %w (what was stored before stays stored; run again to finish)", err)
			}
			if len(sum.Failed) > 0 {
				return errSomeFailed
			}
			return nil
		},
	}
	addDataFlag(cmd, &dataDir)
	cmd.Flags().StringVar(&published, "published", "", "publication date (YYYY-MM-DD, China time) of the articles that state none")
	cmd.Flags().StringVar(&source, "source", "", "source (paper, site) of the articles that name none")
	cmd.Flags().Int64Var(&maxMB, "max-mb", ingest.DefaultMaxFileBytes>>20, "largest .txt or .html file to read, in MB")
	return cmd
}

// progressEvery is how many documents a long import reports progress
// after, on standard error.
const progressEvery = 10000

// importProgress returns a BatchProgress that logs, every progressEvery
// documents, how many are done and at what rate since start.
func importProgress(start time.Time) func(ingest.ImportSummary) {
	next := progressEvery
	return func(s ingest.ImportSummary) {
		n := s.New + s.Updated + s.Unchanged + s.NotArticles + len(s.Failed)
		if n < next {
			return
		}
		next = (n/progressEvery + 1) * progressEvery
		secs := time.Since(start).Seconds()
		slog.Info("importing", "documents", n, "new", s.New, "clustered", s.Clustered, "failed", len(s.Failed),
			"docs_per_s", int(float64(n)/max(secs, 1e-3)))
	}
}
