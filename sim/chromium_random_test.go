package sim

import (
	"flag"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
)

var (
	chromiumSeed = flag.Uint64("chromium.seed", 1, "seed of TestChromiumRandom's cases")
	chromiumN    = flag.Int("chromium.n", 150, "number of TestChromiumRandom's cases")
)

// TestChromiumRandom is a differential test of Jar against the real Chromium
// on random cases drawn from a fixed seed (-chromium.seed, -chromium.n): a
// few steps that set cookies with Set-Cookie lines or document.cookie from
// pools that matter for session verdicts (session and CSRF names, prefixes in
// any case, nameless cookies, Secure, HttpOnly, SameSite, Domain, Path,
// Max-Age, Expires, Partitioned, repeated attributes), from any request kind, scheme and
// host, then one check request of any kind. runChromium compares the Cookie
// header (or document.cookie) and each blocked or withheld cookie's reason; a
// failing case is printed as a chromiumCases literal.
//
// The pools avoid what the jar does not model or what differs by clock alone:
// no Max-Age or Expires near the present (the jar's clock is virtual,
// Chromium's the wall clock; a case lasts seconds, far less than the 60 s
// Max-Age and the two-minute Lax-allowing-unsafe window), at most a dozen
// small cookies (no eviction, no size limits). An https page never posts a
// form to or fetches an http URL: mixed content, which the jar does not model.
//
// The first cases with a cross-site fetch (a quarter as many as the cases)
// run again with this Chromium build's default, third-party cookies
// blocked, against the jar's ThirdPartyBlocked.
func TestChromiumRandom(t *testing.T) {
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Skip("no Chromium at " + chromiumPath)
	}
	if testing.Short() {
		t.Skip("drives a real browser")
	}
	r := rand.New(rand.NewPCG(*chromiumSeed, 0xc0ffee))
	cases := make([]chromiumCase, *chromiumN)
	for i := range cases {
		cases[i] = randomChromiumCase(r, i)
	}
	runChromiumPolicies(t, cases, max(*chromiumN/4, 1))
}

// Pools of the random cases.
var (
	rcHosts = []string{"bank.example.com", "blog.example.com", "evil.example.net"}
	// Paths of pages that set cookies (their default-paths: /, /account, /)
	// and of checked URLs; none is /page, the server's initiating page.
	rcSetPaths   = []string{"/", "/", "/account/set", "/acc"}
	rcCheckPaths = []string{"/", "/", "/account", "/account/x", "/acc", "/accounting"}
	rcNames      = []string{"sessionid", "sessionid", "sessionid", "csrftoken", "csrftoken",
		"__Host-sessionid", "__host-sessionid", "__HOST-sessionid", "__Secure-sessionid", "__secure-csrftoken",
		"__Host-Http-sessionid", "__Http-sessionid", "SessionID", "", ""}
	rcValues    = []string{"a", "b", "c", "__Host-x", "__secure-x"}
	rcSameSites = []string{"Strict", "Lax", "None", "none", "lax", "Bogus", "", `"Strict"`}
	rcDomains   = []string{"example.com", ".example.com", "EXAMPLE.com", "bank.example.com", "blog.example.com",
		"evil.example.net", "example.net", "com", "", "localhost", "127.0.0.1"}
	rcPaths   = []string{"/", "/", "/account", "/acc", "/account/", "acc", ""}
	rcMaxAges = []string{"0", "-1", "60", "999999999999", "99999999999999999999", "abc", "+60", "60s", ""}
	// Dates far from the present on either clock: past ones delete.
	rcExpires = []string{"Thu, 01 Jan 1970 00:00:00 GMT", "Thu, 01 Jan 1970 00:00:00 GMT", "Fri, 01 Jan 2100 00:00:00 GMT",
		"Thursday, 01-Jan-70 00:00:01 GMT", "Thu Jan  1 00:00:00 1970", "Thu, 01 Jan 1970 00:00:00GMT", "1st Jan 1970 00:00:00",
		"Wed, 31 Dec 1600 23:59:59 GMT", "1970-01-01T00:00:00Z", "0", "tomorrow", "Sun, 31 Feb 2100 00:00:00 GMT", ""}
	// The request kinds; "post" and "fetch" are weighted up, since they
	// carry the SameSite verdicts.
	rcSetKinds   = []string{"nav", "nav", "link", "post", "post", "fetch", "fetch", "script"}
	rcCheckKinds = []string{"nav", "link", "post", "post", "fetch", "fetch", "script"}
)

func pick[T any](r *rand.Rand, s []T) T { return s[r.IntN(len(s))] }

// randomChromiumCase draws case i: one to three steps that set one to four
// cookies each, then a check.
func randomChromiumCase(r *rand.Rand, i int) chromiumCase {
	tc := chromiumCase{name: "random " + strconv.Itoa(i)}
	for range 1 + r.IntN(3) {
		s := randomChromiumStep(r, rcSetKinds, rcSetPaths)
		for range 1 + r.IntN(4) {
			if line := randomSetCookie(r); !slices.Contains(s.lines, line) {
				s.lines = append(s.lines, line)
			}
		}
		tc.sets = append(tc.sets, s)
	}
	tc.check = randomChromiumStep(r, rcCheckKinds, rcCheckPaths)
	return tc
}

// randomChromiumStep draws a request of one of kinds to a URL with one of
// paths, from a page of any origin, except an https page posting or fetching
// to http.
func randomChromiumStep(r *rand.Rand, kinds, paths []string) chromiumStep {
	origin := func(host string) string { return pick(r, []string{"http", "https"}) + "://" + host }
	s := chromiumStep{kind: pick(r, kinds), url: origin(randomHost(r)) + pick(r, paths)}
	switch s.kind {
	case "link":
		s.from = origin(randomHost(r)) + "/"
	case "post", "fetch":
		// Same-site (schemelessly) or not about half the time.
		host := randomHost(r)
		if r.IntN(2) == 0 {
			host = MustURL(s.url).Host
			if siteOf(host) == "example.com" {
				host = pick(r, rcHosts[:2])
			}
		}
		s.from = origin(host) + "/"
		if MustURL(s.from).Scheme == "https" && MustURL(s.url).Scheme == "http" {
			s.from = "http" + strings.TrimPrefix(s.from, "https")
		}
	}
	return s
}

// randomHost draws a host of the world, now and then the bare registrable
// domain, localhost or an IP address (the last two secure over http in
// Chromium).
func randomHost(r *rand.Rand) string {
	if r.IntN(7) == 0 {
		return pick(r, []string{"example.com", "localhost", "127.0.0.1"})
	}
	return pick(r, rcHosts)
}

// randomSetCookie draws a Set-Cookie line: a name and value, then some
// attributes in random order, now and then one of them twice.
func randomSetCookie(r *rand.Rand) string {
	name := pick(r, rcNames)
	value := pick(r, rcValues[:3])
	if name == "" && r.IntN(4) == 0 {
		value = pick(r, rcValues[3:])
	}
	var attrs []string
	attr := func(kind string) string {
		// The attribute's name in any case, now and then with spaces
		// around "=", and a flag now and then with a value ("Secure=false"
		// is Secure).
		name := kind
		switch r.IntN(6) {
		case 0:
			name = strings.ToLower(name)
		case 1:
			name = strings.ToUpper(name)
		}
		eq := "="
		if r.IntN(8) == 0 {
			eq = " = "
		}
		switch kind {
		case "Secure", "HttpOnly", "Partitioned":
			if r.IntN(8) == 0 {
				return name + eq + "false"
			}
			return name
		case "SameSite":
			return name + eq + pick(r, rcSameSites)
		case "Domain":
			return name + eq + pick(r, rcDomains)
		case "Path":
			return name + eq + pick(r, rcPaths)
		case "Max-Age":
			return name + eq + pick(r, rcMaxAges)
		case "Expires":
			return name + eq + pick(r, rcExpires)
		}
		panic("unknown attribute " + kind)
	}
	kinds := []struct {
		name string
		p    int // percent
	}{{"Secure", 55}, {"HttpOnly", 30}, {"SameSite", 60}, {"Domain", 40}, {"Path", 60}, {"Max-Age", 20}, {"Expires", 20}, {"Partitioned", 10}}
	var present []string
	for _, k := range kinds {
		if r.IntN(100) < k.p {
			attrs = append(attrs, attr(k.name))
			present = append(present, k.name)
		}
	}
	if len(present) > 0 && r.IntN(8) == 0 {
		attrs = append(attrs, attr(pick(r, present)))
	}
	r.Shuffle(len(attrs), func(i, j int) { attrs[i], attrs[j] = attrs[j], attrs[i] })
	line := name + "=" + value
	if name == "" && r.IntN(3) == 0 {
		line = value // no "=" at all: a nameless cookie too
	}
	for _, a := range attrs {
		line += "; " + a
	}
	return line
}
