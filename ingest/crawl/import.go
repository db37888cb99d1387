package crawl

import (
	"context"
	"fmt"

	"github.com/fednews/fednews/ingest"
)

// importFolders imports the configured folders with ingest.Import. Every
// run reads them again; files already stored come out unchanged.
func (c *crawler) importFolders(ctx context.Context) {
	if len(c.cfg.Import) == 0 || ctx.Err() != nil {
		return
	}
	c.log.Info("importing folders", "folders", c.cfg.Import)
	res, err := ingest.Import(ctx, c.st, c.cfg.Import, ingest.ImportOptions{Enrich: c.opts.Enrich})
	c.tally.add(func(s *Summary) {
		s.New += res.New
		s.Updated += res.Updated
		s.Unchanged += res.Unchanged
		s.Duplicates += res.Clustered
		s.Imported += res.New + res.Updated
	})
	for _, e := range res.Failed {
		c.log.Warn("import failed", "path", e.Path, "line", e.Line, "err", e.Err)
		what := e.Path
		if e.Line > 0 {
			what = fmt.Sprintf("%s:%d", e.Path, e.Line)
		}
		c.tally.fail("import", what, e.Err)
	}
	if err != nil && ctx.Err() == nil {
		c.tally.fail("import", "import folders", err)
	}
}
