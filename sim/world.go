package sim

import (
	"maps"
	"strconv"
	"strings"
	"time"
)

// World is one run's universe: the virtual clock, the Django site, the
// victim's browser, the network between them and what the attacker holds.
// Scenario scripts drive it; it records the trace when asked to.
type World struct {
	cfg   Config
	sc    *Scenario
	trace bool
	now   time.Duration // virtual time since Epoch
	rnd   *Rand
	site  *Site

	victim *Agent

	// The network between the victim's browser and every server.
	listener bool // a passive listener on the victim's Wi-Fi reads plain HTTP
	onPath   bool // an active attacker relays the victim's traffic and blocks HTTPS
	strip    bool // the on-path attacker runs sslstrip against the site

	// injectHTTP lets an on-path attacker rewrite a plain-HTTP response.
	injectHTTP func(u URL, resp *Response)
	// attackerServer answers requests to AttackerHost and SiblingHost.
	attackerServer func(u URL, req Request) Response
	// siblingScheme is the one scheme the attacker's sibling serves, when a
	// scenario picks it; "" mirrors the site (answersHTTPS).
	siblingScheme string

	// What the attacker has learned.
	stolenCookie   string // a copy of the victim's session cookie value
	stolenPassword string
	attackerJar    map[string]string // the attacker's own client's cookies

	lastKey string // the session key the tracker last followed
	steps   []Step
	muted   bool // preparation the trace does not show
	vars    []Var
	verdict Verdict
	decided bool
}

func newWorld(cfg Config, s *Scenario, trace bool) *World {
	w := &World{cfg: cfg, sc: s, trace: trace, rnd: NewRand(1)}
	w.site = NewSite(&w.cfg, w.rnd)
	w.victim = newAgent(w, ActorVictim, cfg.Browser)
	if cfg.HSTSPreloaded {
		// hstspreload.org takes only a registrable domain, and only with
		// includeSubDomains (its submission requirements): the entry is
		// example.com, and it covers every host of the site's domain.
		w.victim.hsts.Preload(ParentDomain[1:], true)
	}
	if trace {
		w.vars = make([]Var, len(s.Variables))
		for i, name := range s.Variables {
			w.vars[i] = Var{Name: name, Value: "None"}
		}
	}
	return w
}

// fork returns a copy of w for scenario s that shares nothing mutable with
// it, so that several scenarios can go on from one logged-in world. Only a
// world without a trace and without an attacker yet can be forked (the
// attacker's callbacks hold their world).
func (w *World) fork(s *Scenario) *World {
	if w.trace || w.injectHTTP != nil || w.attackerServer != nil {
		panic("sim: fork of a traced world or one with an attacker")
	}
	f := *w
	f.sc = s
	f.rnd = w.rnd.clone()
	f.site = w.site.clone(&f.cfg, f.rnd)
	f.victim = w.victim.clone(&f)
	f.attackerJar = maps.Clone(w.attackerJar)
	return &f
}

// time returns the virtual wall-clock time.
func (w *World) time() time.Time { return Epoch.Add(w.now) }

// wait advances the virtual clock.
func (w *World) wait(d time.Duration) { w.now += d }

// track sets a tracker variable (a no-op when not tracing).
func (w *World) track(name, value string) {
	if !w.trace {
		return
	}
	for i := range w.vars {
		if w.vars[i].Name == name {
			w.vars[i].Value = value
			return
		}
	}
}

// decide records the verdict; the first decision of a run stands.
func (w *World) decide(o Outcome, reason, rule string, src Source) {
	if w.decided {
		return
	}
	w.decided = true
	w.verdict = Verdict{Outcome: o, Reason: reason, Rule: rule, Source: src, Step: len(w.steps)}
}

// row appends a trace row, snapshotting the tracker, jar and store.
func (w *World) row(st Step) {
	if !w.trace || w.muted {
		return
	}
	w.closeRow()
	st.N = len(w.steps) + 1
	st.At = w.now
	st.Jar = w.victim.jarView()
	st.Store = w.site.Sessions(w.time())
	w.steps = append(w.steps, st)
}

// closeRow gives the last row the tracker's values: a row's variables are
// their values after everything its step caused, up to the next row.
func (w *World) closeRow() {
	if n := len(w.steps); n > 0 && w.steps[n-1].Vars == nil {
		if !w.sc.ownVars {
			w.trackLogin() // "session cookie" follows the jar
		}
		w.steps[n-1].Vars = append([]Var{}, w.vars...)
	}
}

// note appends a row in which nothing crosses the network.
func (w *World) note(actor Actor, action, result string, check *Check) {
	w.row(Step{Actor: actor, Action: action, Result: result, Check: check})
}

func (w *World) finish() *Run {
	if !w.decided {
		// Every script decides; reaching here is a bug in a script.
		panic("sim: scenario " + w.sc.ID + " ended without a verdict")
	}
	if w.trace {
		w.closeRow()
		if w.verdict.Step == 0 {
			w.verdict.Step = len(w.steps)
		}
	}
	return &Run{Scenario: w.sc, Steps: w.steps, Verdict: w.verdict}
}

// siblingPage is the attacker's post on the sibling subdomain. The attacker
// serves it with the site's own scheme, and only that one: HTML's "same
// site", which RFC 6265bis §5.2 uses, compares schemes in Chromium
// (schemeful same-site), so an https:// page is cross-site to an http://
// site; and answering on HTTPS would let HTTPS-Upgrades take the victim there.
// The attacker runs the whole host, so the post sits under
// SESSION_COOKIE_PATH, where a Domain cookie scoped to that path reaches it
// too: a path is not a security boundary (RFC 6265bis §8.5).
func (w *World) siblingPage() URL {
	u := w.siteURL(strings.TrimSuffix(w.loginCookiePath(), "/") + "/post/1")
	u.Host = SiblingHost
	return u
}

// siteURL is a page of the Django site, over HTTPS when it is deployed so.
func (w *World) siteURL(path string) URL {
	scheme := "http"
	if w.cfg.HTTPS {
		scheme = "https"
	}
	u := URL{Scheme: scheme, Host: SiteHost, Path: path}
	if p, q, ok := strings.Cut(path, "?"); ok {
		u.Path, u.Query = p, q
	}
	return u
}

// serve delivers a request to whichever server answers for u.
// ok is false when nothing answers (no HTTPS on a plain-HTTP deployment).
func (w *World) serve(u URL, req Request) (resp Response, ok bool) {
	if u.Host == SiteHost {
		if u.Secure() && !w.cfg.HTTPS {
			return Response{}, false
		}
		if w.strip && !u.Secure() && w.cfg.HTTPS {
			return w.relayStripped(u, req), true
		}
		return w.site.Serve(req, w.time()), true
	}
	if u.Secure() && !w.answersHTTPS(u.Host) {
		return Response{}, false
	}
	if w.attackerServer != nil {
		return w.attackerServer(u, req), true
	}
	return Response{Status: 200}, true
}

// replay is the attacker using a copied session cookie from their own
// machine; it returns the user the site served the request as.
func (w *World) replay(value, action string) string {
	return w.replayResponse(value, action).User
}

// attackerRequest is a request the attacker makes from their own machine.
func (w *World) attackerRequest(method, path, cookie string, form map[string]string, action string) Response {
	u := w.siteURL(path)
	req := Request{Method: method, URL: u, Cookie: cookie, Form: form}
	if method == "POST" {
		// A command-line client writes whatever headers pass the checks.
		req.Origin = u.Origin()
	}
	resp, _ := w.serve(u, req)
	if w.trace {
		w.row(Step{Actor: ActorAttacker, To: ActorServer, Action: action,
			Request: requestMessage(req), Response: responseMessage(resp), Check: lastCheck(resp.Checks), Result: statusText(resp)})
	}
	return resp
}

// sessionValue extracts the session cookie's value from a Set-Cookie list.
func (w *World) sessionValue(setCookies []string) string {
	prefix := w.cfg.SessionCookieName + "="
	for _, line := range setCookies {
		if strings.HasPrefix(line, prefix) {
			v := line[len(prefix):]
			if i := strings.IndexByte(v, ';'); i >= 0 {
				v = v[:i]
			}
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// cookieValue extracts the value of the named cookie from a Cookie header;
// with duplicates the last wins, as in django/http/cookie.py parse_cookie.
func cookieValue(header, name string) string {
	v, _ := lastCookie(header, name)
	return v
}

// lastCookie is cookieValue and the number of cookies of that name in the
// header.
func lastCookie(header, name string) (v string, n int) {
	for header != "" {
		var part string
		part, header, _ = strings.Cut(header, ";")
		k, val, ok := strings.Cut(strings.TrimSpace(part), "=")
		if ok && k == name {
			v = val
			n++
		}
	}
	return v, n
}

func requestMessage(r Request) *Message {
	m := &Message{Method: r.Method, URL: r.URL.String()}
	if r.Cookie != "" {
		m.Headers = append(m.Headers, Header{"Cookie", r.Cookie})
	}
	if r.Origin != "" {
		m.Headers = append(m.Headers, Header{"Origin", r.Origin})
	}
	if r.Referer != "" {
		m.Headers = append(m.Headers, Header{"Referer", r.Referer})
	}
	if len(r.Form) > 0 {
		m.Headers = append(m.Headers, Header{"Body", formBody(r.Form)})
	}
	return m
}

// formBody is a form's urlencoded body in a stable order.
func formBody(f map[string]string) string {
	keys := make([]string, 0, len(f))
	for k := range f {
		keys = append(keys, k)
	}
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && keys[j] < keys[j-1]; j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
	var b strings.Builder
	for i, k := range keys {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(k + "=" + f[k])
	}
	return b.String()
}

func responseMessage(r Response) *Message {
	m := &Message{Status: r.Status, Headers: append([]Header(nil), r.Headers...)}
	for _, c := range r.SetCookies {
		m.Headers = append(m.Headers, Header{"Set-Cookie", c})
	}
	return m
}

func lastCheck(cs []Check) *Check {
	if len(cs) == 0 {
		return nil
	}
	c := cs[len(cs)-1]
	return &c
}

func statusText(r Response) string {
	s := strconv.Itoa(r.Status)
	if r.Did != "" {
		s += ": " + r.Did
	} else if r.Reason != "" {
		s += ": " + r.Reason
	} else if loc := headerValue(r.Headers, "Location"); loc != "" {
		s += ": redirect to " + loc
	}
	if r.User != "" {
		s += " (as " + r.User + ")"
	}
	return s
}

func headerValue(hs []Header, name string) string {
	for _, h := range hs {
		if equalFold(h.Name, name) {
			return h.Value
		}
	}
	return ""
}

// span says a duration in its largest whole unit ("5 minutes", "2 weeks"),
// or, from an hour up, in days, hours and minutes ("1 day 5 minutes").
func span(d time.Duration) string {
	n := int(d / time.Second)
	if n < 3600 || n%60 != 0 || n%86400 == 0 || n < 86400 && n%3600 == 0 {
		return humanSeconds(n)
	}
	var parts []string
	for _, u := range []struct {
		secs int
		name string
	}{{86400, "day"}, {3600, "hour"}, {60, "minute"}} {
		if q := n / u.secs; q > 0 {
			parts = append(parts, plural(q, u.name))
			n -= q * u.secs
		}
	}
	return strings.Join(parts, " ")
}
