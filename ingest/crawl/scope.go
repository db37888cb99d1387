package crawl

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
)

// Errors for requests that would leave a source's scope.
var (
	ErrOffSite = errors.New("redirect leaves the source: another host or a URL its patterns do not match " +
		"(if the site really moved there, add the host to allow_hosts and the URL to articles or lists)")
	ErrPrivateAddress = errors.New("refused a loopback, private, link-local or metadata address " +
		"(a source that really crawls one sets allow_private = true or lists the host in allow_hosts)")
)

// buildScope records the hosts a source's requests may go to: those of its
// start URLs and those it lists in allow_hosts. Validate calls it.
func (s *Source) buildScope() error {
	s.hosts, s.named = map[string]bool{}, map[string]bool{}
	for _, raw := range s.Start {
		if u, err := url.Parse(raw); err == nil {
			s.hosts[strings.ToLower(u.Host)] = true
		}
	}
	for i, h := range s.AllowHosts {
		h = strings.ToLower(strings.TrimSpace(h))
		if h == "" || strings.ContainsAny(h, "/?#@ \t\r\n") {
			return fmt.Errorf("allow_hosts[%d] %q: want a host name or address, with an optional :port", i, s.AllowHosts[i])
		}
		s.named[h] = true
	}
	return nil
}

// hostListed reports whether u's host is in allow_hosts, as host:port or
// as the bare host (any port).
func (s *Source) hostListed(u *url.URL) bool {
	return s.named[strings.ToLower(u.Host)] || s.named[strings.ToLower(u.Hostname())]
}

// mayRedirect checks a redirect target: it must be on one of the source's
// hosts and be a URL the source would follow (an article, a list page or a
// start URL). A public page could otherwise send the crawler to any host,
// an internal one included, and have what it finds stored under the source.
func (s *Source) mayRedirect(u *url.URL) error {
	if !s.hosts[strings.ToLower(u.Host)] && !s.hostListed(u) {
		return fmt.Errorf("%w (%s)", ErrOffSite, u.Host)
	}
	str := u.String()
	if s.classify(str) != kindOther {
		return nil
	}
	for _, st := range s.Start {
		if st == str {
			return nil
		}
	}
	return fmt.Errorf("%w (%s)", ErrOffSite, str)
}

// mayDialPrivate says whether a request from src to u may reach a
// loopback, private or link-local address: only when the source says so.
// A request with no source never may.
func mayDialPrivate(src *Source, u *url.URL) bool {
	return src != nil && (src.AllowPrivate || src.hostListed(u))
}

// publicAddress reports whether ip may be dialed by a source that has not
// allowed private addresses: not loopback, private (RFC 1918, fc00::/7),
// link-local (169.254.0.0/16 holds the cloud metadata service), CGNAT,
// unspecified or multicast.
func publicAddress(ip netip.Addr) bool {
	ip = ip.Unmap()
	switch {
	case !ip.IsValid(), ip.IsLoopback(), ip.IsPrivate(), ip.IsLinkLocalUnicast(), ip.IsLinkLocalMulticast(),
		ip.IsInterfaceLocalMulticast(), ip.IsMulticast(), ip.IsUnspecified():
		return false
	}
	for _, p := range nonPublic {
		if p.Contains(ip) {
			return false
		}
	}
	return true
}

// nonPublic are the ranges netip has no predicate for.
var nonPublic = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),     // "this network"
	netip.MustParsePrefix("100.64.0.0/10"), // carrier-grade NAT, RFC 6598
	netip.MustParsePrefix("192.0.0.0/24"),  // IETF protocol assignments
	netip.MustParsePrefix("198.18.0.0/15"), // benchmarking
	netip.MustParsePrefix("240.0.0.0/4"),   // reserved, broadcast
	netip.MustParsePrefix("64:ff9b::/96"),  // NAT64 can reach any IPv4 address
}

// publicDialer dials only public addresses. It resolves the name itself
// (through lookup, which tests replace) and dials each address it checked,
// and the dialer's Control checks the address actually connected to once
// more, so that a name that answers a public address to one lookup and
// 127.0.0.1 to the next (DNS rebinding) still cannot reach it.
type publicDialer struct {
	dialer *net.Dialer
	lookup func(ctx context.Context, host string) ([]net.IPAddr, error)
}

func newPublicDialer(base net.Dialer) *publicDialer {
	base.Control = func(_, address string, _ syscall.RawConn) error {
		ap, err := netip.ParseAddrPort(address)
		if err != nil || !publicAddress(ap.Addr()) {
			return fmt.Errorf("dial %s: %w", address, ErrPrivateAddress)
		}
		return nil
	}
	return &publicDialer{dialer: &base, lookup: net.DefaultResolver.LookupIPAddr}
}

// DialContext resolves addr's host and dials its public addresses in turn.
func (d *publicDialer) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	ips, err := d.lookup(ctx, host)
	if err != nil {
		return nil, err
	}
	var firstErr error
	for _, ip := range ips {
		a, ok := netip.AddrFromSlice(ip.IP)
		if !ok || !publicAddress(a) {
			if firstErr == nil {
				firstErr = fmt.Errorf("dial %s (%s): %w", addr, ip.IP, ErrPrivateAddress)
			}
			continue
		}
		c, err := d.dialer.DialContext(ctx, network, net.JoinHostPort(a.Unmap().String(), port))
		if err == nil {
			return c, nil
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	if firstErr == nil {
		firstErr = fmt.Errorf("dial %s: no address", addr)
	}
	return nil, firstErr
}
