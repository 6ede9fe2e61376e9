package sim

import "strings"

// Agent is a browser: its profile, cookie jar and HSTS store, and the logic
// that turns a navigation or a fetch into requests on the network.
type Agent struct {
	w    *World
	who  Actor
	prof Profile
	jar  *Jar
	hsts *HSTS
	page Response // the last document the browser loaded (for its CSP)

	rejected     Decision // the last time the jar refused the session cookie
	rejectedCSRF Decision // the last time it refused the csrftoken cookie
	token        string   // the CSRF token of the last page with a form
	unanswered   string   // why the last request got no answer, "" when it did
	upgrade      string   // how the last request's scheme was chosen, when it was not the one asked for
	firstUpgrade string   // upgrade of the first request of the last do, before any redirect
	landing      landing  // where the last do's first redirect led
}

// landing is the request a navigation's first redirect made: after a login,
// the page the login leads to. loginRefused reads it to say why the session
// did not stick there.
type landing struct {
	path     string
	cookie   string   // the Cookie header sent
	withheld Decision // why the jar kept a session cookie off it, if it did
}

func newAgent(w *World, who Actor, b Browser) *Agent {
	p := ProfileFor(b)
	return &Agent{w: w, who: who, prof: p, jar: NewJar(p), hsts: NewHSTS()}
}

// clone returns a copy of a in world w that shares no cookie, HSTS entry or
// page with a.
func (a *Agent) clone(w *World) *Agent {
	c := *a
	c.w = w
	c.jar = a.jar.clone()
	c.hsts = a.hsts.clone()
	c.page = a.page.clone()
	c.rejected.Cookie = a.rejected.Cookie.clone()
	c.rejectedCSRF.Cookie = a.rejectedCSRF.Cookie.clone()
	c.landing.withheld.Cookie = a.landing.withheld.Cookie.clone()
	return &c
}

// nav describes one thing the browser is asked to do.
type nav struct {
	method    string
	url       URL
	initiator string // origin of the page that started it; "" when typed or reopened
	referrer  string // the Referer the initiating page's policy lets through
	topLevel  bool   // a navigation of the tab, not a fetch or subresource
	form      map[string]string
	action    string // the row's Action text
	actor     Actor  // who is at the keyboard (the victim, or the next person)
	reply     string // when set, the answer gets a row of its own with this Action
	quiet     bool   // redirects are followed without rows of their own
}

// hopResult is what one request on the network gave back.
type hopResult struct {
	url      URL
	req      Request
	resp     Response
	answered bool
	withheld Decision // why the jar kept a session cookie off the request
}

// do performs the request, following redirects for top-level navigations,
// and returns the final response. Each hop is one row of the trace.
func (a *Agent) do(n nav) Response {
	var last Response
	muted := a.w.muted
	defer func() { a.w.muted = muted }()
	a.landing = landing{}
	for hop := 0; hop < 5; hop++ {
		a.w.muted = muted || (hop > 0 && n.quiet)
		h := a.hop(n)
		switch hop {
		case 0:
			a.firstUpgrade = a.upgrade
		case 1:
			a.landing = landing{path: h.url.Path, cookie: h.req.Cookie, withheld: h.withheld}
		}
		last = h.resp
		if !h.answered || !n.topLevel {
			return last
		}
		loc := headerValue(h.resp.Headers, "Location")
		if loc == "" || h.resp.Status < 300 || h.resp.Status > 399 {
			return last
		}
		// Django's redirects are mostly a path ("/account/"), resolved
		// against the request's URL; only an absolute URL is parsed.
		next := h.url
		next.Path, next.Query, _ = strings.Cut(loc, "?")
		if strings.Contains(loc, "://") {
			if abs, err := ParseURL(loc); err == nil {
				next = abs
			}
		}
		// Fetch §4.4 HTTP-redirect fetch: 301/302/303 turn a POST into a GET.
		// Chromium keeps the initiator across redirects, so a chain that
		// started cross-site stays cross-site.
		if n.method == "POST" && h.resp.Status <= 303 {
			n.method, n.form = "GET", nil
		}
		n.url = next
		n.action = "follows the redirect to " + next.Path
		n.reply = ""
	}
	return last
}

// hop sends one request: HSTS, HTTPS-Upgrades, the Cookie header, the
// network's eavesdroppers, the server, then Set-Cookie and HSTS processing.
func (a *Agent) hop(n nav) hopResult {
	w := a.w
	now := w.time()
	u := n.url
	var checks []Check
	a.upgrade = ""

	if u.Scheme == "http" {
		if known, why := a.hsts.Known(u.Host, now); known {
			// RFC 6797 §8.3: a Known HSTS Host's URI is rewritten before any
			// network I/O; the plain request never exists.
			u = u.WithScheme("https")
			a.upgrade = "HSTS"
			checks = append(checks, Check{Rule: "HSTS: " + why + "; the browser rewrote http:// to https:// before sending", Source: "RFC 6797 §8.3", Passed: false})
		} else if a.prof.HTTPSUpgrades && w.cfg.HTTPSUpgrades && n.topLevel && n.method == "GET" && PublicHost(u.Host) {
			// Only main-frame GETs are upgraded: a form POST to http:// goes
			// out as typed (Chromium HttpsUpgradesInterceptor: "Only serve
			// upgrade redirects for main frame, GET requests"; Firefox's
			// HTTPS-First alike, checked by TestFirefoxHTTPSFirst).
			if w.answersHTTPS(u.Host) && !w.onPath {
				u = u.WithScheme("https")
				a.upgrade = "HTTPS-Upgrades"
				checks = append(checks, Check{Rule: "HTTPS-Upgrades: the browser tried https:// first and the site answered", Source: httpsUpgradesSource, Passed: false})
			} else {
				why := u.Host + " has no HTTPS"
				if w.onPath {
					why = "the on-path attacker blocked the HTTPS connection"
				}
				rule := "HTTPS-Upgrades: the browser tried https:// first, " + why + ", so it fell back to http://"
				if a.prof.Browser == Chromium {
					rule += " (Google Chrome 154+ warns first and the victim clicks through; Debian's Chromium 156 falls back silently)"
				}
				checks = append(checks, Check{Rule: rule, Source: httpsUpgradesSource + "; fallback", Passed: true})
			}
		}
	}

	ctx := RequestContext{URL: u, Method: n.method, Initiator: n.initiator, TopLevel: n.topLevel}
	cookie, _, withheld := a.jar.Cookies(ctx, now)
	req := Request{Method: n.method, URL: u, Cookie: cookie, Form: n.form, Referer: n.referrer}
	if n.method == "POST" && n.initiator != "" {
		// Fetch §3.1 "append a request Origin header": POST always carries it.
		req.Origin = n.initiator
	}
	var held Decision
	for _, d := range withheld {
		if d.Cookie != nil && d.Cookie.Name == w.cfg.SessionCookieName {
			if held.Code == "" {
				held = d
			}
			if w.trace {
				checks = append(checks, Check{Rule: a.prof.reasonName(&d) + ": " + d.Why, Source: d.Source, Passed: false})
			}
		}
	}

	if u.Scheme == "http" && (w.listener || w.onPath) {
		a.eavesdrop(req)
	}

	resp, answered := w.serve(u, req)
	a.unanswered = ""
	if !answered {
		a.unanswered = u.Host + " does not serve " + u.Scheme + "://"
		if a.upgrade == "HSTS" {
			a.unanswered += ", and HSTS forbids anything else"
		}
		if w.trace {
			w.row(Step{Actor: n.actor, To: laneOf(u.Host), Action: n.action, Request: requestMessage(req),
				Check: firstCheck(checks), Result: "no answer: " + a.unanswered})
		}
		return hopResult{url: u, req: req, resp: resp, withheld: held}
	}
	if u.Scheme == "http" && w.onPath && w.injectHTTP != nil {
		// A copy, so that only this rare path moves a Response to the heap.
		injected := resp
		w.injectHTTP(u, &injected)
		resp = injected
	}
	if w.trace {
		checks = append(checks, resp.Checks...)
	}
	if w.trace && n.reply != "" {
		w.row(Step{Actor: n.actor, To: laneOf(u.Host), Action: n.action, Request: requestMessage(req),
			Check: decisiveCheck(checks), Result: "the server checks the request"})
	}

	for _, line := range resp.SetCookies {
		d := a.jar.SetCookie(ctx, line, now)
		if d.Code != CodeInclude && strings.HasPrefix(line, w.cfg.CSRFCookieName+"=") {
			a.rejectedCSRF = d
		}
		if d.Code != CodeInclude && strings.HasPrefix(line, w.cfg.SessionCookieName+"=") {
			a.rejected = d
			checks = append(checks, Check{Rule: a.prof.reasonName(&d) + ": " + d.Why, Source: d.Source, Passed: false})
		}
	}
	if u.Secure() {
		if sts := headerValue(resp.Headers, "Strict-Transport-Security"); sts != "" {
			a.hsts.Observe(u, sts, now)
		}
	}
	if n.topLevel {
		a.page = resp
	}
	if resp.CSRFToken != "" {
		a.token = resp.CSRFToken
	}
	if w.trace {
		if n.reply != "" {
			w.row(Step{Actor: laneOf(u.Host), To: n.actor, Action: n.reply, Response: responseMessage(resp), Result: statusText(resp)})
		} else {
			w.row(Step{Actor: n.actor, To: laneOf(u.Host), Action: n.action, Request: requestMessage(req),
				Response: responseMessage(resp), Check: decisiveCheck(checks), Result: statusText(resp)})
		}
	}
	return hopResult{url: u, req: req, resp: resp, answered: true, withheld: held}
}

// httpsUpgradesSource names the browsers' opportunistic upgrade of http://
// navigations (reference/browser-cookies.md §6 rule 4).
const httpsUpgradesSource Source = "HTTPS-Upgrades: Chrome 115, Safari 18.2, Firefox 136 (HTTPS-First)"

// eavesdrop is the network attacker reading a plain-HTTP request.
func (a *Agent) eavesdrop(req Request) {
	w := a.w
	if v := cookieValue(req.Cookie, w.cfg.SessionCookieName); v != "" {
		w.stolenCookie = v
	}
	if pw := req.Form["password"]; pw != "" {
		w.stolenPassword = pw
	}
}

// answersHTTPS reports whether host has a certificate in this world: the
// site when it is deployed over HTTPS; the attacker's own host with it (see
// World.attackerPage); the attacker's sibling when the scenario picked https
// for it, or else with the site (see siblingPage); every other host.
func (w *World) answersHTTPS(host string) bool {
	if host == SiblingHost && w.siblingScheme != "" {
		return w.siblingScheme == "https"
	}
	return host != SiteHost && host != SiblingHost && host != AttackerHost || w.cfg.HTTPS
}

// scriptRuns reports whether an injected inline script runs in the last
// page the browser loaded: a Content-Security-Policy whose script-src (or
// default-src) lacks 'unsafe-inline' blocks it (CSP Level 3 §6.7.3.3).
func (a *Agent) scriptRuns() (bool, Check) {
	csp := headerValue(a.page.Headers, "Content-Security-Policy")
	directive := cspDirective(csp, "script-src")
	if directive == "" {
		directive = cspDirective(csp, "default-src")
	}
	if directive == "" || strings.Contains(directive, "'unsafe-inline'") {
		return true, Check{Rule: "no Content-Security-Policy restricts inline script, so the injected script runs", Source: "CSP Level 3 §6.7.3.3", Passed: true}
	}
	return false, Check{Rule: "Content-Security-Policy \"" + directive + "\" forbids inline script: the injected script never runs", Source: "CSP Level 3 §6.7.3.3; Django 6.0 SECURE_CSP", Passed: false}
}

func cspDirective(policy, name string) string {
	for _, d := range strings.Split(policy, ";") {
		d = strings.TrimSpace(d)
		if d == name || strings.HasPrefix(d, name+" ") {
			return d
		}
	}
	return ""
}

// laneOf maps a host to the sequence diagram's lane.
func laneOf(host string) Actor {
	if host == SiteHost {
		return ActorServer
	}
	return ActorAttacker
}

// decisiveCheck picks the check a row shows: the first that blocked
// something, else the last made.
func decisiveCheck(cs []Check) *Check {
	for i := range cs {
		if !cs[i].Passed {
			c := cs[i]
			return &c
		}
	}
	return lastCheck(cs)
}

func firstCheck(cs []Check) *Check {
	if len(cs) == 0 {
		return nil
	}
	c := cs[0]
	return &c
}

// jarView lists the victim's cookies for the trace.
func (a *Agent) jarView() []CookieView {
	now := a.w.time()
	var out []CookieView
	for _, c := range a.jar.All(now) {
		v := CookieView{Name: c.Name, Value: c.Value, Domain: c.Domain, Path: c.Path, HostOnly: c.HostOnly,
			Secure: c.Secure, HTTPOnly: c.HTTPOnly, SameSite: c.SameSite.String(), Owner: a.who}
		if c.Persistent {
			v.Expires = clock(c.Expiry.Sub(Epoch))
		}
		out = append(out, v)
	}
	return out
}
