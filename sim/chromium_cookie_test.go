package sim

import (
	"context"
	"errors"
	"html"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// chromiumPath is the browser the conformance test drives.
const chromiumPath = "/usr/bin/chromium"

// A chromiumStep is one thing the browser does: a request of a kind to a URL
// of the simulated world (no port), started from a page at from.
type chromiumStep struct {
	kind  string   // "nav" typed URL, "link" click, "post" form submission, "fetch" credentialed fetch, "script" document.cookie
	from  string   // the initiating page for link, post and fetch
	url   string   // the target; for steps that set cookies, the /set page
	lines []string // Set-Cookie lines the response carries
}

// chromiumCase sets cookies with the steps in sets, then makes the request
// check and compares the Cookie header Chromium sent (or document.cookie)
// with what Jar computes for the same request.
type chromiumCase struct {
	name  string
	sets  []chromiumStep
	check chromiumStep
}

var chromiumCases = []chromiumCase{
	{name: "Secure cookie not sent over http",
		sets:  []chromiumStep{{kind: "nav", url: bank, lines: []string{"s=1; Secure", "p=1"}}},
		check: chromiumStep{kind: "nav", url: bankHTTP}},
	{name: "Secure cookie not set over http",
		sets:  []chromiumStep{{kind: "nav", url: bankHTTP, lines: []string{"s=1; Secure", "p=1"}}},
		check: chromiumStep{kind: "nav", url: bank}},
	{name: "leave secure cookies alone",
		sets: []chromiumStep{{kind: "nav", url: bank, lines: []string{"sid=secure; Secure; Path=/"}},
			{kind: "nav", url: bankHTTP, lines: []string{"sid=planted; Path=/", "other=planted; Path=/"}}},
		check: chromiumStep{kind: "nav", url: bank}},
	{name: "HttpOnly hidden from document.cookie",
		sets:  []chromiumStep{{kind: "nav", url: bank, lines: []string{"sessionid=1; HttpOnly; Path=/", "csrftoken=2; Path=/"}}},
		check: chromiumStep{kind: "script", url: bank}},
	{name: "script cannot overwrite HttpOnly",
		sets: []chromiumStep{{kind: "nav", url: bank, lines: []string{"sessionid=1; HttpOnly; Path=/"}},
			{kind: "script", url: bank, lines: []string{"sessionid=evil; Path=/", "mine=1; Path=/"}}},
		check: chromiumStep{kind: "nav", url: bank}},
	{name: "typed URL sends every SameSite",
		sets:  []chromiumStep{jtChromiumAllSameSite()},
		check: chromiumStep{kind: "nav", url: bank}},
	{name: "cross-site link: Lax, unset and None",
		sets:  []chromiumStep{jtChromiumAllSameSite()},
		check: chromiumStep{kind: "link", from: evil, url: bank}},
	{name: "cross-site form POST: None, and unset within two minutes",
		sets:  []chromiumStep{jtChromiumAllSameSite()},
		check: chromiumStep{kind: "post", from: evil, url: bank}},
	{name: "cross-site fetch: None only",
		sets:  []chromiumStep{jtChromiumAllSameSite()},
		check: chromiumStep{kind: "fetch", from: evil, url: bank}},
	{name: "same-site sibling POST sends Strict",
		sets:  []chromiumStep{jtChromiumAllSameSite()},
		check: chromiumStep{kind: "post", from: blog, url: bank}},
	{name: "schemeful: http page to https is cross-site",
		sets:  []chromiumStep{jtChromiumAllSameSite()},
		check: chromiumStep{kind: "link", from: bankHTTP, url: bank}},
	{name: "cross-site fetch cannot set Lax, Strict or unset",
		sets: []chromiumStep{{kind: "fetch", from: evil, url: bank,
			lines: []string{"lax=1; SameSite=Lax", "strict=1; SameSite=Strict", "unset=1", "none=1; SameSite=None; Secure"}}},
		check: chromiumStep{kind: "nav", url: bank}},
	{name: "cross-site top-level POST can set Strict",
		sets:  []chromiumStep{{kind: "post", from: evil, url: bank, lines: []string{"sessionid=attacker; SameSite=Strict; Path=/"}}},
		check: chromiumStep{kind: "nav", url: bank}},
	{name: "SameSite=None without Secure rejected",
		sets:  []chromiumStep{{kind: "nav", url: bank, lines: []string{"a=1; SameSite=None", "b=1; SameSite=None; Secure"}}},
		check: chromiumStep{kind: "nav", url: bank}},
	{name: "Domain=example.com reaches the sibling",
		sets:  []chromiumStep{{kind: "nav", url: bank, lines: []string{"wide=1; Domain=example.com; Path=/", "narrow=1; Path=/"}}},
		check: chromiumStep{kind: "nav", url: blog}},
	{name: "tossed Domain cookie sits beside the host-only one",
		sets: []chromiumStep{{kind: "nav", url: bank, lines: []string{"sid=real; Path=/"}},
			{kind: "nav", url: blog, lines: []string{"sid=tossed; Domain=example.com; Path=/"}}},
		check: chromiumStep{kind: "nav", url: bank}},
	{name: "__Host- with Domain rejected",
		sets: []chromiumStep{{kind: "nav", url: bank, lines: []string{
			"__Host-a=1; Domain=example.com; Secure; Path=/", "__Host-b=1; Secure", "__HOST-c=1; Secure; Path=/", "__Host-d=1; Secure; Path=/"}}},
		check: chromiumStep{kind: "nav", url: bank}},
	{name: "nameless cookies, and one posing as prefixed",
		sets:  []chromiumStep{{kind: "nav", url: bank, lines: []string{"=__Host-x=evil; Secure; Path=/", "plain", "=other"}}},
		check: chromiumStep{kind: "nav", url: bank}},
	{name: "Max-Age=0 deletes, Max-Age beats Expires",
		sets: []chromiumStep{{kind: "nav", url: bank, lines: []string{"a=1; Path=/", "b=1; Path=/"}},
			{kind: "nav", url: bank, lines: []string{"a=; Max-Age=0; Path=/", "b=2; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=60; Path=/"}}},
		check: chromiumStep{kind: "nav", url: bank}},
	{name: "the last Max-Age or Expires counts, even invalid; Max-Age takes a plus sign",
		sets: []chromiumStep{{kind: "nav", url: bank, lines: []string{"a=1; Path=/", "b=1; Path=/"}},
			{kind: "nav", url: bank, lines: []string{"a=; Max-Age=0; Max-Age=x; Path=/", "b=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Expires=never; Path=/",
				"c=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=+60; Path=/"}}},
		check: chromiumStep{kind: "nav", url: bank}},
	{name: "Expires dates as Chromium reads them: year 1600 deletes, 00:00:00GMT and 1st do not",
		sets: []chromiumStep{{kind: "nav", url: bank, lines: []string{"a=1; Path=/", "b=1; Path=/", "c=1; Path=/", "d=1; Path=/"}},
			{kind: "nav", url: bank, lines: []string{"a=; Expires=Wed, 31 Dec 1600 23:59:59 GMT; Path=/", "b=; Expires=Thu, 01 Jan 1970 00:00:00GMT; Path=/",
				"c=; Expires=1st Jan 1970 00:00:00 GMT; Path=/", "d=; Expires=Thu, 01 Jan 1970 000:00:00 GMT; Path=/"}}},
		check: chromiumStep{kind: "nav", url: bank}},
	{name: "__Host- may name its IP address as Domain",
		sets:  []chromiumStep{{kind: "nav", url: "https://127.0.0.1/", lines: []string{"__Host-a=1; Secure; Path=/; Domain=127.0.0.1", "__Host-b=1; Secure; Path=/; Domain=.127.0.0.1"}}},
		check: chromiumStep{kind: "nav", url: "https://127.0.0.1/"}},
	{name: "a non-ASCII Domain is canonicalized, not rejected: fullwidth example.com reaches the sibling",
		sets:  []chromiumStep{{kind: "nav", url: bank, lines: []string{"a=1; Domain=ｅｘａｍｐｌｅ.com; Path=/", "b=1; Domain=exämple.com; Path=/"}}},
		check: chromiumStep{kind: "nav", url: blog}},
	{name: "Partitioned: Secure only, kept apart, sent within its top-level site's partition",
		sets: []chromiumStep{{kind: "nav", url: bank, lines: []string{"sid=1; Secure; SameSite=None; Path=/", "sid=2; Partitioned; Secure; SameSite=None; Path=/",
			"bad=1; Partitioned; SameSite=None; Path=/"}},
			{kind: "fetch", from: evil, url: bank, lines: []string{"chip=1; Partitioned; Secure; SameSite=None; Path=/"}}},
		check: chromiumStep{kind: "fetch", from: evil, url: bank}},
	{name: "a partitioned cookie is not sent to its site's own pages",
		sets:  []chromiumStep{{kind: "fetch", from: evil, url: bank, lines: []string{"chip=1; Partitioned; Secure; SameSite=None; Path=/", "plain=1; Secure; SameSite=None; Path=/"}}},
		check: chromiumStep{kind: "nav", url: bank}},
	{name: "the partition's ancestor chain bit: an http page's cross-site partition is not its own requests'",
		sets: []chromiumStep{{kind: "fetch", from: "http://evil.example.net/", url: "https://evil.example.net/", lines: []string{
			"chip=1; Partitioned; Secure; SameSite=None; Path=/", "plain=1; Secure; SameSite=None; Path=/"}}},
		check: chromiumStep{kind: "fetch", from: "http://evil.example.net/", url: "http://evil.example.net/x"}},
	{name: "the partition's ancestor chain bit: the cross-site partition's own requests get the cookie",
		sets: []chromiumStep{{kind: "fetch", from: "http://evil.example.net/", url: "https://evil.example.net/", lines: []string{
			"chip=1; Partitioned; Secure; SameSite=None; Path=/"}}},
		check: chromiumStep{kind: "fetch", from: "http://evil.example.net/", url: "https://evil.example.net/x"}},
	{name: "the last Domain counts, even empty; Domain=. is invalid",
		sets: []chromiumStep{{kind: "nav", url: bank, lines: []string{"sid=1; Domain=example.com; Domain=; Path=/", "dot=1; Domain=.; Path=/",
			"wide=1; Domain=; Domain=example.com; Path=/"}}},
		check: chromiumStep{kind: "nav", url: blog}},
	{name: "a bad Domain or prefix is reported before the third-party policy",
		sets: []chromiumStep{{kind: "fetch", from: evil, url: bank, lines: []string{
			"__Host-x=1; Secure; Path=/; Domain=example.com; SameSite=None", "y=1; Domain=evil.example.net; SameSite=None; Secure", "z=1; SameSite=None; Secure"}}},
		check: chromiumStep{kind: "nav", url: bank}},
	{name: "longer paths first",
		sets:  []chromiumStep{{kind: "nav", url: bank, lines: []string{"a=root; Path=/", "a=echo; Path=/echo", "b=root; Path=/"}}},
		check: chromiumStep{kind: "nav", url: bank + "echo/x"}},
}

func jtChromiumAllSameSite() chromiumStep {
	return chromiumStep{kind: "nav", url: bank, lines: []string{
		"strict=1; SameSite=Strict; Path=/", "lax=1; SameSite=Lax; Path=/", "unset=1; Path=/", "none=1; SameSite=None; Secure; Path=/"}}
}

// TestChromiumConformance drives the real Chromium through the cases and
// checks that Jar agrees with it: the Cookie header sent (or
// document.cookie), and each cookie's inclusion status as DevTools reports it
// (Network.requestWillBeSentExtraInfo and responseReceivedExtraInfo). Host
// names resolve to a local test server (--host-resolver-rules) whose
// certificate is accepted (--ignore-certificate-errors); its ports are ignored
// by cookies (RFC 6265bis §8.5).
//
// The profile is seeded with Chrome's shipped cookie setting, third-party
// cookies blocked in Incognito only (profile.cookie_controls_mode = 2): this
// Chromium build, without Chrome's field-trial configuration, blocks them
// everywhere by default. A second run keeps that default and checks it
// against the jar's ThirdPartyBlocked policy.
func TestChromiumConformance(t *testing.T) {
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Skip("no Chromium at " + chromiumPath)
	}
	if testing.Short() {
		t.Skip("drives a real browser")
	}
	runChromiumPolicies(t, chromiumCases, len(chromiumCases))
}

// runChromiumPolicies runs the cases on Chromium as shipped, then at most
// rerun of those with a cross-site fetch with third-party cookies blocked,
// the only requests that policy changes.
func runChromiumPolicies(t *testing.T, cases []chromiumCase, rerun int) {
	srv := newCookieServer(t)
	t.Run("shipped", func(t *testing.T) {
		runChromium(t, srv, `{"profile":{"cookie_controls_mode":2}}`, ProfileFor(Chromium), cases)
	})
	t.Run("third-party-cookies-blocked", func(t *testing.T) {
		p := ProfileFor(Chromium)
		p.ThirdParty = ThirdPartyBlocked
		var fetches []chromiumCase
		for _, tc := range cases {
			if len(fetches) < rerun && (crossFetch(tc.check) || slices.ContainsFunc(tc.sets, crossFetch)) {
				fetches = append(fetches, tc)
			}
		}
		runChromium(t, srv, "", p, fetches)
	})
}

// crossFetch reports whether s is a fetch whose page is not schemefully
// same-site with its URL, where a third-party cookie policy may apply.
func crossFetch(s chromiumStep) bool {
	return s.kind == "fetch" && !SameSiteRequest(MustURL(s.from), MustURL(s.url), true)
}

// chromiumOptions are the brief's flags for Chromium as root, on top of
// chromedp's defaults (which already hold headless, no-first-run,
// disable-sync and disable-background-networking), with the profile in dir,
// every name resolved to 127.0.0.1, and extra.
func chromiumOptions(dir string, extra ...chromedp.ExecAllocatorOption) []chromedp.ExecAllocatorOption {
	return append(append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath),
		chromedp.UserDataDir(dir),
		chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("host-resolver-rules", "MAP * 127.0.0.1"),
	), extra...)
}

// runChromium starts Chromium on a fresh profile with the given Preferences
// file and runs the cases, each on a cleared cookie store.
func runChromium(t *testing.T, srv *cookieServer, prefs string, p Profile, cases []chromiumCase) {
	dir := t.TempDir()
	if prefs != "" {
		if err := os.Mkdir(dir+"/Default", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dir+"/Default/Preferences", []byte(prefs), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second+time.Duration(len(cases))*time.Second)
	defer cancel()
	actx, acancel := chromedp.NewExecAllocator(ctx, chromiumOptions(dir, chromedp.Flag("ignore-certificate-errors", true))...)
	defer acancel()
	ev := newCookieEvents()
	bctx, bcancel := chromedp.NewContext(actx, chromedp.WithListener(ev.listen))
	defer bcancel()
	if _, err := chromedp.Call(bctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	run := t.Name() + ":" // request ids unique to this browser
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Logf("case: %s", tc)
			if _, err := chromedp.Call(bctx, network.ClearBrowserCookies, cdp.Empty{}); err != nil {
				t.Fatal(err)
			}
			jar := NewJar(p)
			now := jarT0
			for j, s := range tc.sets {
				id := run + "set" + strconv.Itoa(i) + "-" + strconv.Itoa(j)
				if _, err := srv.do(bctx, s, id); err != nil {
					t.Fatalf("step %d: %v", j, err)
				}
				blocked, err := ev.setCookieBlocked(bctx, id)
				if err != nil {
					t.Fatal(err)
				}
				for _, line := range s.lines {
					if s.kind != "script" {
						// HTTP drops a field value's surrounding
						// whitespace (RFC 9110 §5.5) before the cookie
						// parser sees it, and DevTools reports the line
						// so.
						line = strings.Trim(line, " \t")
					}
					d := jar.SetCookie(s.context(), line, now)
					if s.kind == "script" {
						continue // DevTools reports no events for document.cookie
					}
					if reasons, ok := blocked[line]; ok != (d.Code != CodeInclude && !devToolsSilent[d.Code]) || ok && !slices.Contains(reasons, d.Code) {
						t.Errorf("Set-Cookie %q: Chromium blocked %v, Jar %s", line, reasons, d.Code)
					}
				}
				now = now.Add(time.Second)
			}
			got, err := srv.do(bctx, tc.check, run+"check"+strconv.Itoa(i))
			if err != nil {
				t.Fatal(err)
			}
			if tc.check.kind == "script" {
				if want := jar.DocumentCookie(MustURL(tc.check.url), now); got != want {
					t.Errorf("document.cookie: Chromium %q, Jar %q", got, want)
				}
				return
			}
			want, _, withheld := jar.Cookies(tc.check.context(), now)
			t.Logf("Cookie: %q", got)
			if got != want {
				t.Errorf("Cookie: Chromium %q, Jar %q", got, want)
			}
			var jarWithheld []string
			for _, d := range withheld {
				jarWithheld = append(jarWithheld, withheldKey(d.Cookie.Name, cookieDomainKey(d.Cookie), d.Cookie.Path, d.Cookie.PartitionKey, d.Cookie.CrossSiteAncestor)+":"+d.Code)
			}
			cw, err := ev.cookiesWithheld(bctx, run+"check"+strconv.Itoa(i))
			if err != nil {
				t.Fatal(err)
			}
			if !sameWithheld(cw, jarWithheld) {
				t.Errorf("withheld: Chromium %v, Jar %v", cw, jarWithheld)
			}
		})
	}
}

// devToolsSilent are the exclusions for which DevTools has no
// SetCookieBlockedReason: Chromium refuses the line without reporting it, so
// only the Cookie header that follows shows the refusal.
var devToolsSilent = map[string]bool{"EXCLUDE_INVALID_PARTITIONED": true}

// sameWithheld reports whether each cookie the jar withheld, as
// "withheldKey:CODE", is one Chromium withheld for a reason including CODE,
// and no others.
func sameWithheld(chromium map[string][]string, jar []string) bool {
	if len(chromium) != len(jar) {
		return false
	}
	for _, nc := range jar {
		i := strings.LastIndexByte(nc, ':')
		if !slices.Contains(chromium[nc[:i]], nc[i+1:]) {
			return false
		}
	}
	return true
}

// withheldKey names a cookie by its identity, name, domain (DevTools'
// domain: with a leading dot for a domain cookie), path and partition (its
// top-level site, "" if unpartitioned, and its ancestor chain bit), so that
// cookies of the same name are told apart.
func withheldKey(name, domain, path, partition string, crossSite bool) string {
	k := strconv.Quote(name) + " " + domain + path
	if partition != "" {
		k += " in " + partition
		if crossSite {
			k += " (cross-site)"
		}
	}
	return k
}

// cookieDomainKey is c's domain as DevTools shows it.
func cookieDomainKey(c *Cookie) string {
	if c.HostOnly {
		return c.Domain
	}
	return "." + c.Domain
}

// String is the case as a chromiumCases literal.
func (tc chromiumCase) String() string {
	var b strings.Builder
	b.WriteString("{name: " + strconv.Quote(tc.name) + ",\n\tsets: []chromiumStep{")
	for i, s := range tc.sets {
		if i > 0 {
			b.WriteString(",\n\t\t")
		}
		b.WriteString(s.String())
	}
	b.WriteString("},\n\tcheck: chromiumStep" + tc.check.String() + "},")
	return b.String()
}

func (s chromiumStep) String() string {
	str := "{kind: " + strconv.Quote(s.kind)
	if s.from != "" {
		str += ", from: " + strconv.Quote(s.from)
	}
	str += ", url: " + strconv.Quote(s.url)
	if len(s.lines) > 0 {
		q := make([]string, len(s.lines))
		for i, l := range s.lines {
			q[i] = strconv.Quote(l)
		}
		str += ", lines: []string{" + strings.Join(q, ", ") + "}"
	}
	return str + "}"
}

// cookieEvents collects the DevTools network events that carry cookie
// inclusion statuses, joined to the steps' ids (the id query parameter of
// the request URLs) by request id.
type cookieEvents struct {
	mu       sync.Mutex
	ids      map[string][]network.RequestID // step id -> its requests
	sent     map[network.RequestID][]*network.AssociatedCookie
	setBlock map[network.RequestID][]*network.BlockedSetCookieWithReason
	finished map[network.RequestID]bool // loadingFinished or loadingFailed came
}

func newCookieEvents() *cookieEvents {
	return &cookieEvents{
		ids:      make(map[string][]network.RequestID),
		sent:     make(map[network.RequestID][]*network.AssociatedCookie),
		setBlock: make(map[network.RequestID][]*network.BlockedSetCookieWithReason),
		finished: make(map[network.RequestID]bool),
	}
}

func (e *cookieEvents) listen(ev any) {
	e.mu.Lock()
	defer e.mu.Unlock()
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		if u, err := url.Parse(ev.Request.URL); err == nil {
			if id := u.Query().Get("id"); id != "" && !slices.Contains(e.ids[id], ev.RequestID) {
				e.ids[id] = append(e.ids[id], ev.RequestID)
			}
		}
	case *network.EventRequestWillBeSentExtraInfo:
		e.sent[ev.RequestID] = ev.AssociatedCookies
	case *network.EventResponseReceivedExtraInfo:
		// Appended, not replaced: a request may have more than one, and an
		// empty one must not hide the lines another refused.
		e.setBlock[ev.RequestID] = append(e.setBlock[ev.RequestID], ev.BlockedCookies...)
	case *network.EventLoadingFinished:
		e.finished[ev.RequestID] = true
	case *network.EventLoadingFailed:
		e.finished[ev.RequestID] = true
	}
}

// await waits until the events of a request of step id that has arrived
// hold it, and returns those requests' ids: the events may come after the
// page saw the response.
func (e *cookieEvents) await(ctx context.Context, id string, arrived func(network.RequestID) bool) ([]network.RequestID, error) {
	for {
		e.mu.Lock()
		var ids []network.RequestID
		for _, rid := range e.ids[id] {
			if arrived(rid) {
				ids = append(ids, rid)
			}
		}
		e.mu.Unlock()
		if len(ids) > 0 {
			return ids, nil
		}
		select {
		case <-ctx.Done():
			return nil, errors.New("no DevTools cookie events for request " + id)
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// setCookieBlocked maps each Set-Cookie line Chromium refused in step id to
// its reasons, as CookieInclusionStatus codes. It reads them once the
// request has finished loading, when every responseReceivedExtraInfo of it
// has come.
func (e *cookieEvents) setCookieBlocked(ctx context.Context, id string) (map[string][]string, error) {
	ids, err := e.await(ctx, id, func(rid network.RequestID) bool { _, ok := e.setBlock[rid]; return ok && e.finished[rid] })
	if err != nil {
		return nil, err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	m := make(map[string][]string)
	for _, rid := range ids {
		for _, b := range e.setBlock[rid] {
			for _, r := range b.BlockedReasons {
				m[b.CookieLine] = append(m[b.CookieLine], chromiumCode(string(r)))
			}
		}
	}
	return m, nil
}

// cookiesWithheld maps each cookie Chromium did not send with step id's
// request to its reasons.
func (e *cookieEvents) cookiesWithheld(ctx context.Context, id string) (map[string][]string, error) {
	ids, err := e.await(ctx, id, func(rid network.RequestID) bool { _, ok := e.sent[rid]; return ok })
	if err != nil {
		return nil, err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	m := make(map[string][]string)
	for _, rid := range ids {
		for _, c := range e.sent[rid] {
			if len(c.BlockedReasons) == 0 {
				continue
			}
			partition, crossSite := "", false
			if pk := c.Cookie.PartitionKey; pk != nil {
				partition, crossSite = pk.TopLevelSite, pk.HasCrossSiteAncestor
			}
			k := withheldKey(c.Cookie.Name, c.Cookie.Domain, c.Cookie.Path, partition, crossSite)
			for _, r := range c.BlockedReasons {
				m[k] = append(m[k], chromiumCode(string(r)))
			}
		}
	}
	return m, nil
}

// chromiumCode turns a DevTools reason ("SameSiteUnspecifiedTreatedAsLax")
// into the CookieInclusionStatus name it stands for
// ("EXCLUDE_SAMESITE_UNSPECIFIED_TREATED_AS_LAX"). DevTools names the
// EXCLUDE_SAMESITE_* statuses "SchemefulSameSite*" when schemeful same-site
// computed the context, which this Chromium reports for every cross-site
// request; the status is the same.
func chromiumCode(reason string) string {
	reason = strings.TrimPrefix(reason, "Schemeful")
	var b strings.Builder
	b.WriteString("EXCLUDE")
	for i, r := range strings.ReplaceAll(reason, "SameSite", "Samesite") {
		if i == 0 || unicode.IsUpper(r) {
			b.WriteByte('_')
		}
		b.WriteRune(unicode.ToUpper(r))
	}
	return b.String()
}

// context is the step's request as the jar sees it.
func (s chromiumStep) context() RequestContext {
	u := MustURL(s.url)
	switch s.kind {
	case "link":
		return RequestContext{URL: u, TopLevel: true, Initiator: MustURL(s.from).Origin(), Method: "GET"}
	case "post":
		return RequestContext{URL: u, TopLevel: true, Initiator: MustURL(s.from).Origin(), Method: "POST"}
	case "fetch":
		return RequestContext{URL: u, Initiator: MustURL(s.from).Origin(), Method: "GET"}
	case "script":
		return RequestContext{URL: u, Script: true}
	}
	return RequestContext{URL: u, TopLevel: true}
}

// cookieServer answers every host on an HTTPS and an HTTP port: /page?html=..
// serves an initiating page; any other path answers with the Set-Cookie lines
// of its c parameters and reports the Cookie header of request id.
type cookieServer struct {
	tls, plain *httptest.Server
	mu         sync.Mutex
	got        map[string]chan string // request id -> its Cookie header
}

func newCookieServer(t *testing.T) *cookieServer {
	s := &cookieServer{got: make(map[string]chan string)}
	mux := http.NewServeMux()
	mux.HandleFunc("/page", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(r.URL.Query().Get("html")))
	})
	report := func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		for _, line := range q["c"] {
			w.Header().Add("Set-Cookie", line)
		}
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Cache-Control", "no-store")
		w.Write([]byte("<!doctype html><title>ok</title>"))
		if id := q.Get("id"); id != "" {
			select {
			case s.result(id) <- strings.Join(r.Header.Values("Cookie"), "; "):
			default: // a repeated request: the first one counts
			}
		}
	}
	mux.HandleFunc("/", report)
	s.tls = httptest.NewTLSServer(mux)
	s.plain = httptest.NewServer(mux)
	t.Cleanup(s.tls.Close)
	t.Cleanup(s.plain.Close)
	return s
}

// real turns a URL of the simulated world into one on the test server:
// same scheme, host and path, the server's port, and the query.
func (s *cookieServer) real(simURL string, q url.Values) string {
	u := MustURL(simURL)
	srv := s.plain
	if u.Scheme == "https" {
		srv = s.tls
	}
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	return u.Scheme + "://" + u.Host + ":" + port + u.Path + "?" + q.Encode()
}

// do performs the step in the browser and returns the Cookie header the
// server received for it, or document.cookie for a script step.
func (s *cookieServer) do(ctx context.Context, st chromiumStep, id string) (string, error) {
	q := url.Values{"id": {id}, "c": st.lines}
	target := s.real(st.url, q)
	var js string
	switch st.kind {
	case "nav":
		if err := chromedp.Do(ctx, chromedp.Navigate(target)); err != nil {
			return "", err
		}
		return s.wait(ctx, id)
	case "script":
		if err := chromedp.Do(ctx, chromedp.Navigate(s.real(st.url, url.Values{"id": {id}}))); err != nil {
			return "", err
		}
		if _, err := s.wait(ctx, id); err != nil {
			return "", err
		}
		for _, line := range st.lines {
			if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void]("document.cookie = "+strconv.Quote(line))); err != nil {
				return "", err
			}
		}
		return chromedp.Run(ctx, chromedp.Evaluate[string]("document.cookie"))
	case "link":
		js = `document.body.innerHTML = '<a id="go" href="` + html.EscapeString(target) + `">go</a>'; document.getElementById("go").click()`
	case "post":
		js = `document.body.innerHTML = '<form id="f" method="POST" action="` + html.EscapeString(target) + `"></form>'; document.getElementById("f").submit()`
	case "fetch":
		// The body is read so that the load finishes (setCookieBlocked
		// waits for it).
		js = `fetch(` + strconv.Quote(target) + `, {credentials: "include", mode: "no-cors"}).then(r => r.arrayBuffer()).then(() => 1, () => 0)`
	}
	from := s.real(st.from+"page", url.Values{"html": {"<!doctype html><title>from</title><body></body>"}})
	if err := chromedp.Do(ctx, chromedp.Navigate(from)); err != nil {
		return "", err
	}
	if st.kind == "fetch" {
		if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](js, chromedp.EvalAwaitPromise)); err != nil {
			return "", err
		}
	} else if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Evaluate[chromedp.Void](js))); err != nil {
		return "", err
	}
	return s.wait(ctx, id)
}

// result is the channel that carries the Cookie header of request id.
func (s *cookieServer) result(id string) chan string {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.got[id]
	if !ok {
		c = make(chan string, 1)
		s.got[id] = c
	}
	return c
}

// wait returns the Cookie header of request id. Ids are unique to a run and
// a step, so that browsers may share the server.
func (s *cookieServer) wait(ctx context.Context, id string) (string, error) {
	select {
	case h := <-s.result(id):
		return h, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}
