package sim

import (
	"net/netip"
	"strings"
	"sync"
)

// pslInfo is what the public suffix list says about one host.
type pslInfo struct {
	// registrable is the registrable domain (eTLD+1) using the list's ICANN
	// and private sections, as Chromium's GetDomainAndRegistry(...,
	// INCLUDE_PRIVATE_REGISTRIES) does; "" for IP addresses, for a public
	// suffix itself, and for names under a top-level domain the list does not
	// know (Chromium excludes unknown registries: "foo.test" has none).
	registrable string
	// publicTLD: host is a name (not an IP address) whose last label is a
	// top-level domain that ICANN manages.
	publicTLD bool
}

// pslCache memoises pslInfo: the simulated world has a handful of hosts
// and every SetCookie and Cookies call asks about them. It is bounded so
// that arbitrary Domain attributes (fuzzing) cannot grow it without limit.
var pslCache = struct {
	sync.Mutex
	m map[string]pslInfo
}{m: make(map[string]pslInfo)}

const pslCacheMax = 1024

// worldPSL holds the simulated world's own hosts, computed once and never
// written again, so the hot path takes no lock for them.
var worldPSL = func() map[string]pslInfo {
	m := make(map[string]pslInfo)
	for _, h := range []string{SiteHost, SiblingHost, AttackerHost, ParentDomain[1:]} {
		m[h] = computePSLInfo(h)
	}
	return m
}()

func pslLookup(host string) pslInfo {
	if info, ok := worldPSL[host]; ok {
		return info
	}
	pslCache.Lock()
	info, ok := pslCache.m[host]
	pslCache.Unlock()
	if ok {
		return info
	}
	info = computePSLInfo(host)
	pslCache.Lock()
	if len(pslCache.m) < pslCacheMax {
		pslCache.m[host] = info
	}
	pslCache.Unlock()
	return info
}

func computePSLInfo(host string) pslInfo {
	if isIPHost(host) {
		return pslInfo{}
	}
	tld := host[strings.LastIndexByte(host, '.')+1:]
	_, icannTLD := publicSuffix(tld)
	info := pslInfo{publicTLD: icannTLD && tld != ""}
	if !info.publicTLD {
		return info
	}
	suffix, _ := publicSuffix(host)
	if len(suffix) >= len(host) || host[len(host)-len(suffix)-1] != '.' {
		return info
	}
	rest := host[:len(host)-len(suffix)-1]
	if rest == "" || strings.HasSuffix(rest, ".") {
		return info
	}
	info.registrable = rest[strings.LastIndexByte(rest, '.')+1:] + "." + suffix
	return info
}

// isIPHost reports whether host is an IPv4 or IPv6 address (with or without
// brackets). Names are ruled out by their last character first, so that the
// common case does not build netip's error.
func isIPHost(host string) bool {
	if len(host) > 1 && host[0] == '[' && host[len(host)-1] == ']' {
		host = host[1 : len(host)-1]
	} else if host == "" || !isCookieDigit(host[len(host)-1]) && strings.IndexByte(host, ':') < 0 {
		return false
	}
	_, err := netip.ParseAddr(host)
	return err == nil
}

// RegistrableDomain returns host's registrable domain (eTLD+1), e.g.
// "example.com" for "bank.example.com" and "alice.github.io" for itself; ""
// when it has none (an IP address, a public suffix, an unknown top-level
// domain such as .test).
func RegistrableDomain(host string) string { return pslLookup(host).registrable }

// site is the host part of a site (HTML "obtain a site"): the registrable
// domain, or the host itself when it has none.
func siteOf(host string) string {
	if r := pslLookup(host).registrable; r != "" {
		return r
	}
	return host
}

// SameSiteRequest reports whether URLs a and b are same-site (HTML "same
// site"; RFC 6265bis §5.2): equal registrable domains (or hosts), ports
// ignored, and with schemeful true also equal schemes. Chromium compares
// schemefully (schemeful same-site, default since 2021, checked against
// Chromium by chromium_cookie_test.go); Firefox and Safari do not
// (reference/browser-cookies.md §3.9).
func SameSiteRequest(a, b URL, schemeful bool) bool {
	return sameSiteHosts(a.Scheme, a.Host, b.Scheme, b.Host, schemeful)
}

func sameSiteHosts(schemeA, hostA, schemeB, hostB string, schemeful bool) bool {
	if schemeful && schemeA != schemeB {
		return false
	}
	return hostA == hostB || siteOf(hostA) == siteOf(hostB)
}

// PublicHost reports whether HTTPS-Upgrades would upgrade a navigation to
// host: not an IP address, not localhost, and under a top-level domain ICANN
// manages, so not .test, .local, .localhost, .internal or a single label
// (Chromium net::IsHostnameNonUnique, which HTTPS-Upgrades consults).
func PublicHost(host string) bool {
	if host == "localhost" || strings.HasSuffix(host, ".localhost") || strings.IndexByte(host, '.') < 0 {
		return false
	}
	return pslLookup(host).publicTLD
}

// domainMatch is RFC 6265bis §5.1.3: s equals domain, or s is a host name
// (not an IP address) that ends in "." + domain.
func domainMatch(s, domain string) bool {
	if s == domain {
		return true
	}
	return len(s) > len(domain) && s[len(s)-len(domain)-1] == '.' &&
		s[len(s)-len(domain):] == domain && !isIPHost(s)
}

// isSecureURL is the "secure protocol" of RFC 6265bis §5.7 step 13 and
// §5.8.3: https, and in Chromium and Firefox also http://localhost, which
// they treat as potentially trustworthy (Chromium
// CookieAccessDelegate/ProvisionalAccessScheme kTrustworthy).
func (p *Profile) isSecureURL(u URL) bool {
	if u.Scheme == "https" {
		return true
	}
	return p.LocalhostSecure && isLocalhostHost(u.Host)
}

func isLocalhostHost(host string) bool {
	return host == "localhost" || strings.HasSuffix(host, ".localhost") ||
		host == "127.0.0.1" || host == "[::1]"
}

// RequestContext is what the jar needs to know about a request (or a script)
// to decide which cookies it may set and send. For each hop of a redirect
// keep the Initiator and TopLevel of the first request and use the hop's URL
// and method (a 302 after a POST is a GET): Chromium judges every hop by the
// original initiator and does not downgrade for the chain
// (kCookieSameSiteConsidersRedirectChain is off by default).
type RequestContext struct {
	URL    URL
	Method string // "" means GET
	// Initiator is the origin of the document that started the request, such
	// as "https://evil.example.net"; "" when the browser itself started it
	// (typed URL, bookmark, reopened tab).
	Initiator string
	// TopLevel: the request navigates the top-level traversable (link, form
	// submission, typed URL); false for fetch, img, iframe.
	TopLevel bool
	// Script: a non-HTTP API, document.cookie of a top-level document at URL.
	Script bool
}

// cookieSafeMethod is RFC 9110 §9.2.1, which RFC 6265bis §5.8.3 uses for Lax.
func cookieSafeMethod(m string) bool {
	return m == "" || m == "GET" || m == "HEAD" || m == "OPTIONS" || m == "TRACE"
}

// sameSiteContext orders how same-site a request is, as Chromium's
// CookieOptions::SameSiteCookieContext::ContextType does
// (net/cookies/cookie_options.h): a cookie needs at least a given level.
type sameSiteContext uint8

const (
	contextCrossSite       sameSiteContext = iota
	contextLaxMethodUnsafe                 // cross-site top-level navigation, unsafe method
	contextLax                             // cross-site top-level navigation, safe method
	contextStrict                          // same-site initiator, or none
)

// initiatorSameSite reports whether the origin that started the request is
// same-site with the request's URL. A request the browser started itself has
// no initiator and counts as same-site.
func (p *Profile) initiatorSameSite(ctx *RequestContext) bool {
	if ctx.Initiator == "" {
		return true
	}
	scheme, host, ok := strings.Cut(ctx.Initiator, "://")
	if !ok {
		return false
	}
	return sameSiteHosts(scheme, host, ctx.URL.Scheme, ctx.URL.Host, p.Schemeful)
}

// requestContext computes the same-site context of a request for sending
// cookies, after Chromium's cookie_util::ComputeSameSiteContextForRequest and
// ForScriptGet. The model has no frames, so a subresource's site for cookies
// is its initiator's site, and a script runs in a top-level document.
func (p *Profile) requestContext(ctx *RequestContext) sameSiteContext {
	if ctx.Script || p.initiatorSameSite(ctx) {
		return contextStrict
	}
	if !ctx.TopLevel {
		return contextCrossSite
	}
	if cookieSafeMethod(ctx.Method) {
		return contextLax
	}
	return contextLaxMethodUnsafe
}

// thirdParty reports whether the request is a third-party one: a subresource
// whose top-level site (here: its initiator's) is not the request's site.
func (p *Profile) thirdParty(ctx *RequestContext) bool {
	return !ctx.Script && !ctx.TopLevel && !p.initiatorSameSite(ctx)
}
