package crawl

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/url"

	"github.com/fednews/fednews/ingest"
)

// dryRunLists bounds the list pages a dry run reads per source: enough to
// see a pager work, not a crawl.
const dryRunLists = 50

// DryRun reads the list pages of every source of cfg, as a crawl would
// (start URLs, then the list pages they lead to, at most dryRunLists per
// source), fetching no article and storing nothing, and writes to w each
// link found and what it matched: articles, lists, exclude or nothing
// (pager, proxy and sitemap for list pages a list page names itself). It
// returns the number of list pages that failed.
func DryRun(ctx context.Context, cfg *Config, log *slog.Logger, w io.Writer) (failed int, err error) {
	if err := cfg.Validate(); err != nil {
		return 0, fmt.Errorf("sources: %w", err)
	}
	f := NewFetcher(cfg, log)
	defer f.Close()
	for i := range cfg.Sources {
		src := &cfg.Sources[i]
		front := newFrontier()
		run := &sourceRun{src: src, front: front}
		for _, u := range src.Start {
			key, _ := normalizeURL(&url.URL{}, u)
			front.push(job{url: key, kind: kindList, src: src, run: run})
		}
		for read := 0; read < dryRunLists && ctx.Err() == nil; read++ {
			j, ok := front.pop() // one at a time: never waits
			if !ok {
				break
			}
			lp, err := dryRead(ctx, f, j)
			if err != nil {
				failed++
				fmt.Fprintf(w, "source %s: %s\n  failed: %v\n", src.Name, j.url, err)
				front.done()
				continue
			}
			fmt.Fprintf(w, "source %s: %s\n", src.Name, j.url)
			links := lp.links
			if lp.next != nil {
				links = append(links, *lp.next)
			}
			printed := map[string]bool{}
			for _, l := range links {
				if !printed[l.url] {
					printed[l.url] = true
					fmt.Fprintf(w, "  %-8s %s\n", l.why, l.url)
				}
				depth := j.depth + 1
				if l.sameDepth {
					depth = j.depth
				}
				if l.kind == kindList && depth <= src.MaxDepth {
					front.push(job{url: l.url, depth: depth, kind: kindList, src: src, run: run, form: l.form, walk: l.walk})
				}
			}
			front.done()
		}
	}
	return failed, ctx.Err()
}

// dryRead fetches and reads one list page.
func dryRead(ctx context.Context, f *Fetcher, j job) (listPage, error) {
	page, err := f.Fetch(ctx, Request{URL: j.url, Rate: j.src.Rate, Form: j.form, List: true, UserAgent: j.src.UserAgent, Source: j.src})
	if err != nil {
		return listPage{}, err
	}
	text, _, err := ingest.Decode(page.Body, page.ContentType)
	if err != nil {
		return listPage{}, err
	}
	return readList(j.src, j, page.URL, text)
}
