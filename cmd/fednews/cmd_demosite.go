package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/spf13/cobra"

	"github.com/fednews/fednews/internal/demosite"
)

func init() { register(newDemoSiteCmd) }

func newDemoSiteCmd() *cobra.Command {
	var addr string
	cmd := &cobra.Command{
		Use:   "demo-site",
		Short: "Serve the bundled demo news site (for trying the crawler)",
		Long: `Serve the bundled demo news site: two dozen sample articles about federations
of industry and commerce in both scripts, some pages in GBK or Big5, paginated
list pages and a robots.txt. Point sources.example.toml at it and run ingest.`,
		Example: "  fednews demo-site --addr=127.0.0.1:8081",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			site, err := demosite.New()
			if err != nil {
				return err
			}
			ln, err := net.Listen("tcp", addr)
			if err != nil {
				return fmt.Errorf("demo-site: %w (is another server on %s? pick one with --addr)", err, addr)
			}
			srv := &http.Server{Handler: site, ReadHeaderTimeout: 10 * time.Second}
			fmt.Fprintf(cmd.OutOrStdout(), "demo site on http://%s/news/list_1.html\n", ln.Addr())
			return serveUntilDone(cmd.Context(), srv, ln)
		},
	}
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:8081", "address to listen on")
	return cmd
}

// serveUntilDone serves until ctx is cancelled (Ctrl-C), then shuts down
// gracefully.
func serveUntilDone(ctx context.Context, srv *http.Server, ln net.Listener) error {
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		slog.Info("shutting down", "addr", ln.Addr())
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := srv.Shutdown(sctx); err != nil {
			return err
		}
		if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
			return err
		}
		return nil
	}
}
