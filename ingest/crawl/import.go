package crawl

import (
	"context"
	"errors"
)

// importFolders imports the configured folders.
func (c *crawler) importFolders(ctx context.Context) {
	for _, dir := range c.cfg.Import {
		if ctx.Err() != nil {
			return
		}
		c.tally.fail("import", dir, errors.New("file import is not wired yet"))
	}
}
