package sim

import (
	"flag"
	"math/rand/v2"
	"strings"
	"testing"
)

var (
	firefoxSeed = flag.Uint64("firefox.seed", 1, "seed of TestFirefoxRandom's cases")
	firefoxN    = flag.Int("firefox.n", 60, "number of TestFirefoxRandom's cases")
	firefoxRaw  = flag.Bool("firefox.raw", false, "TestFirefoxRandom keeps the cases firefoxExotic would redraw (to find new differences)")
)

// TestFirefoxRandom is a differential test of Jar with ProfileFor(Firefox)
// against the real Firefox ESR on TestChromiumRandom's random cases
// (randomChromiumCase, from a fixed seed: -firefox.seed, -firefox.n),
// comparing the Cookie header (or document.cookie) of each check; a failing
// case is printed as a chromiumCases literal.
//
// The jar follows Chromium's cookie parser, so a case is drawn again when
// firefoxExotic finds in it something Firefox reads otherwise and no cookie
// Django writes contains: a nameless cookie, Max-Age with a plus sign, an
// Expires date like "00:00:00GMT", a __Host- cookie without a Path
// attribute (or an invalid one) from a page at / (see firefoxKnown for
// each): about three cases in four. Two more redraws keep out what the jar does not
// model: a form POST from an http://localhost page to another host's
// http:// URL, which Firefox holds behind its insecure-form warning; and a
// third-party check from a top-level site whose partition an earlier
// third-party response wrote to (Total Cookie Protection keeps and sends
// those cookies, the jar refuses them; firefoxCases pins that gap).
// -firefox.raw keeps every case.
func TestFirefoxRandom(t *testing.T) {
	skipFirefox(t)
	r := rand.New(rand.NewPCG(*firefoxSeed, 0xf12ef0c5))
	cases := make([]firefoxCase, *firefoxN)
	for i := range cases {
		for {
			cases[i].chromiumCase = randomChromiumCase(r, i)
			if *firefoxRaw || firefoxExotic(cases[i].chromiumCase) == "" {
				break
			}
		}
	}
	f := startFirefox(t, nil)
	srv := newCookieServer(t)
	runFirefox(t, f, srv, ProfileFor(Firefox), cases)
}

// firefoxExotic says why TestFirefoxRandom draws tc again, or "".
func firefoxExotic(tc chromiumCase) string {
	p := ProfileFor(Firefox)
	partitions := make(map[string]bool) // top-level sites whose partition a third-party response wrote to
	for _, s := range tc.sets {
		if s.kind == "post" && !isLocalhostHost(MustURL(s.url).Host) && MustURL(s.from).Scheme == "http" && isLocalhostHost(MustURL(s.from).Host) {
			return "an insecure form from a secure context"
		}
		ctx := s.context()
		if s.kind == "fetch" && p.thirdParty(&ctx) {
			partitions[siteOf(MustURL(s.from).Host)] = true
		}
		for _, line := range s.lines {
			if why := firefoxExoticLine(line, defaultPath(MustURL(s.url).Path)); why != "" {
				return why
			}
		}
	}
	ctx := tc.check.context()
	if tc.check.kind == "fetch" && p.thirdParty(&ctx) && partitions[siteOf(MustURL(tc.check.from).Host)] {
		return "a third-party partition"
	}
	if s := tc.check; s.kind == "post" && !isLocalhostHost(MustURL(s.url).Host) && MustURL(s.from).Scheme == "http" && isLocalhostHost(MustURL(s.from).Host) {
		return "an insecure form from a secure context"
	}
	return ""
}

// firefoxExoticLine says what Firefox's cookie parser reads otherwise than
// the jar (Chromium's) in a Set-Cookie line from a page whose default-path
// is dir, or "".
func firefoxExoticLine(line, dir string) string {
	first, rest, _ := strings.Cut(line, ";")
	name, _, ok := strings.Cut(first, "=")
	if !ok || strings.TrimSpace(name) == "" {
		return "a nameless cookie"
	}
	path, hasPath := "", false
	for _, a := range strings.Split(rest, ";") {
		k, v, _ := strings.Cut(a, "=")
		k, v = strings.ToLower(strings.TrimSpace(k)), strings.TrimSpace(v)
		switch {
		case k == "max-age" && strings.HasPrefix(v, "+"):
			return "Max-Age with a plus sign"
		case k == "expires" && strings.Contains(v, ":00GMT"):
			return "an Expires time glued to GMT"
		case k == "path":
			path, hasPath = v, true
		}
	}
	// Firefox checks __Host-'s Path=/ on the cookie's path: a missing or
	// invalid Path attribute passes where the default-path is /.
	if hasPrefixFold(strings.TrimSpace(name), "__Host-") && (!hasPath || !strings.HasPrefix(path, "/")) && dir == "/" {
		return "a __Host- cookie without Path=/"
	}
	return ""
}
