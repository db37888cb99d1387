package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"time"

	"github.com/spf13/cobra"

	"github.com/fednews/fednews/index"
	"github.com/fednews/fednews/research"
	"github.com/fednews/fednews/web"
)

func init() { register(newServeCmd) }

func newServeCmd() *cobra.Command {
	var (
		addr, dir, indexSpec string
		interval             time.Duration
		links                web.Links
	)
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the search page and the JSON API, following the store as ingest adds articles",
		Long: `Serve the search page (/) and the JSON API (/api/search, /api/doc/ID,
/api/export.csv, /healthz) over the store and index in --data.

The server owns the index: it brings it up to date on start and then follows
the store, so articles a concurrent "fednews ingest" adds become searchable
within --follow without a restart. It listens on 127.0.0.1 unless told
otherwise; the page carries no script and article text is always escaped.`,
		Example: "  fednews serve\n  fednews serve --addr=127.0.0.1:9000 --data=/srv/fednews",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ln, err := net.Listen("tcp", addr)
			if err != nil {
				return fmt.Errorf("serve: %w (is another server on %s? pick one with --addr)", err, addr)
			}
			return runServe(cmd.Context(), cmd.OutOrStdout(), ln, dir, indexSpec, interval, links)
		},
	}
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:8080", "address to listen on (keep it on 127.0.0.1 unless a proxy in front authenticates)")
	cmd.Flags().DurationVar(&interval, "follow", 2*time.Second, "how often to index what the store gained")
	cmd.Flags().StringVar(&links.BaseURL, "base-url", "", "public address of the server for absolute links in feeds, e.g. https://news.example.org (default: each request's scheme and host)")
	cmd.Flags().BoolVar(&links.TrustProxy, "trust-proxy", false, "take the feeds' scheme and host from X-Forwarded-Proto/-Host (only behind a proxy that sets them)")
	addDataFlag(cmd, &dir)
	addIndexFlag(cmd, &indexSpec)
	return cmd
}

// runServe serves on ln until ctx is done; it closes ln.
func runServe(ctx context.Context, stdout io.Writer, ln net.Listener, dir, indexSpec string, interval time.Duration, links web.Links) error {
	defer ln.Close()
	st, err := openStoreReadOnly(ctx, dir)
	if err != nil {
		return err
	}
	defer st.Close()
	// On read-only media the index cannot be written: serve it as it is.
	readOnly := !indexWritable(indexSpec, dir)
	ix, err := openIndex(indexSpec, dir, index.Options{ReadOnly: readOnly, Texts: st})
	if err != nil {
		return fmt.Errorf("open index: %w", err)
	}
	defer ix.Close()
	if readOnly {
		slog.Warn("serve: the index directory cannot be written; serving the index read-only, as it is, without following the store", "data", dir)
	} else {
		start := time.Now()
		n, err := ix.Update(ctx, st)
		if err != nil {
			return fmt.Errorf("bring the index up to date: %w", err)
		}
		slog.Info("serve: index up to date", "indexed", n, "dur", time.Since(start).Round(time.Millisecond))
	}
	warnIfDamaged(ctx, ix, st)

	h, err := web.New(web.Config{Searcher: ix, Store: st, Research: research.New(ix, st), Watches: st, Links: links})
	if err != nil {
		return err
	}
	if host, _, _ := net.SplitHostPort(ln.Addr().String()); !net.ParseIP(host).IsLoopback() {
		slog.Warn("serve: listening beyond this machine; fednews has no authentication", "addr", ln.Addr())
	}

	ctx, cancel := context.WithCancel(ctx)
	followed := make(chan struct{})
	go func() {
		defer close(followed)
		if !readOnly {
			ix.Follow(ctx, st, interval)
		}
	}()
	defer func() { cancel(); <-followed }() // stop following before the index closes

	fmt.Fprintf(stdout, "fednews: serving http://%s/\n", ln.Addr())
	return serveUntilDone(ctx, web.NewHTTPServer(ln.Addr().String(), h), ln)
}
