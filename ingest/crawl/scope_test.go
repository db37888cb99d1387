package crawl

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
)

// internalSite stands for an admin service on the crawler's own network.
func internalSite(t *testing.T) (*httptest.Server, *recorder) {
	return serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		fmt.Fprint(w, articleHTML("内部管理页面", "utf-8", 1)+`{"access_key":"AKIA-internal-secret"}`)
	}))
}

// A public site redirecting its article URLs elsewhere: to an internal
// server, to a page of its own that no pattern matches, and (allowed) to
// another article of its own.
func redirectingSite(t *testing.T, internal string) (*httptest.Server, *recorder) {
	return serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/list.html":
			fmt.Fprint(w, `<html><body><a href="/a/1.html">一</a><a href="/a/2.html">二</a>`+
				`<a href="/a/3.html">三</a><a href="/a/4.html">四</a></body></html>`)
		case "/a/1.html":
			fmt.Fprint(w, articleHTML("公开文章一", "utf-8", 2))
		case "/a/3b.html":
			fmt.Fprint(w, articleHTML("公开文章三", "utf-8", 3))
		case "/a/2.html":
			http.Redirect(w, r, internal+"/a/admin.html", http.StatusFound)
		case "/a/3.html":
			http.Redirect(w, r, "/a/3b.html?utm_source=weixin&spm=a.b#comments", http.StatusMovedPermanently)
		case "/a/4.html":
			http.Redirect(w, r, "/admin/config.html", http.StatusFound)
		default:
			http.NotFound(w, r)
		}
	}))
}

func TestRedirectStaysOnSource(t *testing.T) {
	internal, irec := internalSite(t)
	public, _ := redirectingSite(t, internal.URL)
	pu, _ := url.Parse(public.URL)
	cfg := faultConfig(public.URL)
	// Both test servers are on 127.0.0.1: the public one is named
	// explicitly, as a real deployment would name an intranet site.
	cfg.Sources[0] = Source{Name: "public", Start: []string{public.URL + "/list.html"}, MaxDepth: 2,
		Articles: []string{`/a/`}, AllowHosts: []string{pu.Host}}
	st, _ := openStore(t)
	sum, err := Run(context.Background(), cfg, st, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(irec.taken()); n != 0 {
		t.Errorf("the internal server got %d requests", n)
	}
	if sum.New != 2 || sum.Failed["off_site"] != 2 {
		t.Errorf("new %d, failed %v; want /a/1 and /a/3 (via its redirect) stored, /a/2 and /a/4 off site", sum.New, sum.Failed)
	}
	if _, err := st.GetByURL(context.Background(), internal.URL+"/a/admin.html"); err == nil {
		t.Errorf("the internal page was stored")
	}
	// The redirect's target is stored without its tracking parameters and
	// fragment, as links are.
	if d, err := st.GetByURL(context.Background(), public.URL+"/a/3b.html"); err != nil {
		t.Errorf("the redirected article: %v", err)
	} else if d.URL != public.URL+"/a/3b.html" {
		t.Errorf("the redirected article is stored as %s, want %s/a/3b.html", d.URL, public.URL)
	}
}

// Without allow_private or allow_hosts a source whose start URL is on a
// loopback address is refused at connect time: no request reaches it.
func TestPrivateAddressRefused(t *testing.T) {
	internal, irec := internalSite(t)
	cfg := faultConfig(internal.URL)
	cfg.Sources[0].AllowPrivate = false
	st, _ := openStore(t)
	sum, err := Run(context.Background(), cfg, st, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(irec.taken()); n != 0 || sum.New != 0 {
		t.Errorf("%d requests reached the loopback server, %d stored", n, sum.New)
	}
	if sum.FailedTotal() == 0 || sum.FailedTotal() != sum.Failed["private_address"]+sum.Failed["robots"] {
		t.Errorf("failed %v, want every failure a refused private address", sum.Failed)
	}
}

// DNS rebinding: a public name that resolves to 127.0.0.1 is refused on
// the resolved address, for the page and for robots.txt; the dialer's
// Control refuses a private address even when handed one directly.
func TestDNSRebindingRefused(t *testing.T) {
	internal, irec := internalSite(t)
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(internal.URL, "http://"))
	name := "news.example.cn:" + port
	cfg := faultConfig("http://" + name)
	cfg.Sources[0].AllowPrivate = false
	f := NewFetcher(cfg, nil)
	defer f.Close()
	var lookups atomic.Int32
	f.public.lookup = func(_ context.Context, host string) ([]net.IPAddr, error) {
		lookups.Add(1)
		if host != "news.example.cn" {
			return nil, fmt.Errorf("unexpected lookup of %s", host)
		}
		return []net.IPAddr{{IP: net.ParseIP("127.0.0.1")}}, nil
	}
	_, err := f.Fetch(context.Background(), Request{URL: "http://" + name + "/a/1.html", Source: &cfg.Sources[0]})
	if !errors.Is(err, ErrPrivateAddress) || reason(err) != "private_address" {
		t.Errorf("err = %v, want a refused private address", err)
	}
	if lookups.Load() == 0 || len(irec.taken()) != 0 {
		t.Errorf("%d lookups, %d requests reached the server", lookups.Load(), len(irec.taken()))
	}
	c, err := f.public.dialer.DialContext(context.Background(), "tcp", strings.TrimPrefix(internal.URL, "http://"))
	if err == nil {
		c.Close()
	}
	if !errors.Is(err, ErrPrivateAddress) {
		t.Errorf("Control let a dial to %s through: %v", internal.URL, err)
	}
}

func TestPublicAddress(t *testing.T) {
	for addr, want := range map[string]bool{
		"8.8.8.8": true, "203.0.113.7": true, "2001:4860::8888": true,
		"127.0.0.1": false, "127.1.2.3": false, "::1": false, "10.1.2.3": false, "172.16.0.1": false,
		"192.168.1.1": false, "169.254.169.254": false, "100.64.0.1": false, "0.0.0.0": false,
		"::ffff:127.0.0.1": false, "fe80::1": false, "fd00:ec2::254": false, "224.0.0.1": false,
		"64:ff9b::7f00:1": false,
	} {
		if got := publicAddress(netip.MustParseAddr(addr)); got != want {
			t.Errorf("publicAddress(%s) = %v, want %v", addr, got, want)
		}
	}
}

func TestAllowHostsValidated(t *testing.T) {
	_, err := ParseConfig("[[source]]\nname='x'\nstart=['http://a.example/']\narticles=['/a/']\nallow_hosts=['http://b.example/']\n")
	if err == nil || !strings.Contains(err.Error(), "allow_hosts[0]") {
		t.Errorf("err = %v, want allow_hosts[0] rejected", err)
	}
}
