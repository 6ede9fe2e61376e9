package sim

import (
	"strings"
	"time"
)

var wifiSniffing = &Scenario{
	ID:    "wifi-sniffing",
	Title: "A listener on public Wi-Fi",
	Story: "The victim, logged in earlier, sits in a café whose Wi-Fi a passive listener records. " +
		"The browser makes one plain-HTTP request to the site: an old http:// link. Does the cookie cross the air in clear?",
	Lanes:     []Lane{{ActorVictim, "Victim's browser"}, {ActorServer, SiteHost}, {ActorAttacker, "Listener on the Wi-Fi"}},
	Variables: []string{"session cookie", "request scheme", "attacker holds", "attacker is"},
	Toggles:   []string{"SESSION_COOKIE_SECURE", "SECURE_HSTS_SECONDS", "hsts_preloaded", "SECURE_SSL_REDIRECT", "browser", "https"},
	logsIn:    true,
	script:    wifiSniffingScript,
}

var sslStrip = &Scenario{
	ID:    "ssl-strip",
	Title: "SSL stripping",
	Story: "An active attacker sits between the victim and the site, blocks HTTPS and relays the site over plain HTTP " +
		"(sslstrip). The victim types the site's name and logs in. Only a browser that refuses plain HTTP for the site is safe.",
	Lanes:     []Lane{{ActorVictim, "Victim's browser"}, {ActorAttacker, "On-path attacker"}, {ActorServer, SiteHost}},
	Variables: []string{"request scheme", "HSTS known", "attacker holds", "attacker is"},
	Toggles:   []string{"SECURE_HSTS_SECONDS", "hsts_preloaded", "visited_https_before", "SESSION_COOKIE_SECURE", "browser"},
	script:    sslStripScript,
}

func wifiSniffingScript(w *World) {
	session := w.loggedIn()
	w.wait(10 * time.Minute)
	w.listener = true
	w.note(ActorAttacker, "starts recording the café's Wi-Fi", "sees every plain-HTTP request in full", nil)

	old := URL{Scheme: "http", Host: SiteHost, Path: "/account/"}
	held := w.victimHasSessionCookie() // before the answer sets another
	linkCookie, _, _ := w.victim.jar.Cookies(RequestContext{URL: old, Method: "GET", TopLevel: true}, w.time())
	final := w.victim.do(nav{method: "GET", url: old, initiator: "", topLevel: true, action: "opens an old http:// link to the site", actor: ActorVictim})
	w.listener = false
	// The old link's own request decides what crossed the air; a redirect
	// after it (to the login page, say) is another request, whose cookie
	// may name a new, anonymous session. The listener holds both; the
	// victim's, on the link, is the one worth replaying.
	upgrade := w.victim.firstUpgrade
	if v := cookieValue(linkCookie, w.cfg.SessionCookieName); v != "" && upgrade == "" {
		w.stolenCookie = v
	}
	scheme := "http"
	if upgrade != "" {
		scheme = "https"
	}
	w.track("request scheme", scheme)
	if w.stolenCookie == "" {
		switch {
		case upgrade == "HSTS":
			w.decide(Blocked, "HSTS: the browser turned the http:// link into https:// before sending anything",
				"a Known HSTS Host is only ever contacted over HTTPS", "RFC 6797 §8.3")
		case upgrade == "HTTPS-Upgrades":
			w.decide(Blocked, "The browser's HTTPS-Upgrades tried https:// first and the site answered; nothing crossed in clear",
				"HTTPS-Upgrades: navigations to public hosts try HTTPS first; a passive listener cannot make that fail", httpsUpgradesSource)
		case !held: // nothing was sent since the login: the cookie expired
			ended, rule, src := w.sessionEnded(session, "the victim opened the old link")
			w.decide(Blocked, ended+": the browser holds no session cookie to leak", rule, src)
		case w.victimCookie().Secure:
			w.decide(Blocked, "The plain request carried no session cookie: it is Secure, so the browser only sends it over HTTPS",
				"a Secure cookie is only sent over a secure channel", "RFC 6265bis §5.8.3")
		default:
			w.decide(Blocked, "The request carried no session cookie", "no session cookie matched the request", "RFC 6265bis §5.8.3")
		}
		return
	}
	w.track("attacker holds", short(w.stolenCookie))
	w.note(ActorAttacker, "reads the Cookie header of the plain request", "holds "+w.cfg.SessionCookieName+"="+short(w.stolenCookie), nil)
	alive := w.site.alive(w.stolenCookie, w.time()) // when it crossed the air
	replayed := w.replayResponse(w.stolenCookie, "replays the sniffed cookie")
	user := replayed.User
	w.track("attacker is", userOrAnonymous(user))
	if user == victimName {
		reason := "The plain-HTTP request carried the session cookie (SESSION_COOKIE_SECURE = False)"
		if sslRedirected(final) {
			reason += "; SECURE_SSL_REDIRECT answered only after it had crossed the air"
		}
		w.decide(Succeeded, reason, "a cookie without Secure is attached to http:// requests", "RFC 6265bis §5.8.3, §8.3")
		return
	}
	if !alive {
		ended, rule, src := w.sessionEnded(session, "its cookie crossed the air")
		w.decide(Blocked, ended+": the sniffed cookie opens nothing", rule, src)
		return
	}
	w.decide(Blocked, "The sniffed cookie does not open a session: "+refusal(replayed),
		failedRule(replayed, "the server does not honour the key"), failedSource(replayed))
}

func sslStripScript(w *World) {
	// The victim's earlier visit, a day before, is what HSTS remembers.
	if w.cfg.VisitedHTTPSBefore {
		w.muted = true
		w.open(ActorVictim, URL{Scheme: "https", Host: SiteHost, Path: "/"}, "visited the site over HTTPS")
		w.muted = false
		w.wait(24 * time.Hour)
	}
	known, why := w.victim.hsts.Known(SiteHost, w.time())
	if known {
		w.track("HSTS known", "yes: "+why)
	} else {
		w.track("HSTS known", "no")
	}
	w.onPath, w.strip = true, true
	w.note(ActorAttacker, "takes over the network path (rogue Wi-Fi) and blocks HTTPS to "+SiteHost, "relays plain HTTP, speaking HTTPS to the site itself", nil)

	typed := URL{Scheme: "http", Host: SiteHost, Path: "/login/"}
	page := w.victim.do(nav{method: "GET", url: typed, topLevel: true, action: "types " + SiteHost + " into the address bar", actor: ActorVictim})
	scheme := "http"
	if w.victim.firstUpgrade != "" {
		scheme = "https"
	}
	w.track("request scheme", scheme)
	if w.victim.unanswered != "" {
		// The login page never loads: HSTS, or SECURE_SSL_REDIRECT, sends
		// the browser to an https:// the site does not serve. That stops
		// the attacker and everyone else: the site's own failure.
		w.loginRefused()
		return
	}
	if scheme == "https" {
		w.decide(Blocked, "HSTS: the browser went straight to https://, which the attacker cannot read or strip",
			"a Known HSTS Host is only ever contacted over HTTPS, and certificate errors cannot be bypassed", "RFC 6797 §8.3, §12.1")
		return
	}
	stripped := URL{Scheme: "http", Host: SiteHost, Path: "/login/"}
	w.victim.do(nav{method: "POST", url: stripped, initiator: stripped.Origin(), referrer: stripped.String(), topLevel: true,
		form:   map[string]string{"username": victimName, "password": passwordOf(victimName), "csrfmiddlewaretoken": page.CSRFToken},
		action: "logs in on the stripped page, whose form posts to http://", actor: ActorVictim})
	w.onPath, w.strip = false, false
	if w.stolenPassword == "" {
		w.decide(Blocked, "The password never crossed the network in clear", "the login form was posted over HTTPS", "RFC 6797 §8.3")
		return
	}
	w.track("attacker holds", "alice's password")
	resp := w.attackerLogIn(victimName, w.stolenPassword)
	w.track("attacker is", userOrAnonymous(resp.User))
	if resp.User == victimName {
		reason := "No HSTS for the first request: the attacker kept the victim on http:// and read the password"
		switch {
		case w.stolenCookie != "" && w.cfg.SessionCookieSecure:
			reason += ", and the session cookie too: the relay stripped its Secure flag"
		case w.stolenCookie != "":
			reason += ", and the session cookie too"
		case w.victim.rejected.Code != "":
			reason += " (the browser refused the stripped session cookie, " + w.victim.prof.reasonName(&w.victim.rejected) + ", so only the password crossed)"
		}
		w.decide(Succeeded, reason, "without a Known HSTS Host (header seen before, or preload) the first request may be plain HTTP",
			"RFC 6797 §14.6 (bootstrap MITM vulnerability)")
		return
	}
	w.attackerLoginFailed()
}

// sslRedirected reports whether SecurityMiddleware's SSL redirect ran on the
// request chain that ended in resp: its check is on every request it sees,
// so the final HTTPS hop of a redirected plain request carries it.
func sslRedirected(resp Response) bool {
	for _, c := range resp.Checks {
		if c.Source == djSrcSSLRedirect {
			return true
		}
	}
	return false
}

// victimCookie is the session cookie in the victim's jar (zero when none).
func (w *World) victimCookie() Cookie {
	for _, c := range w.victim.jar.All(w.time()) {
		if c.Name == w.cfg.SessionCookieName {
			return *c
		}
	}
	return Cookie{}
}

// relayStripped is sslstrip: the attacker answers the victim's plain-HTTP
// request by fetching the page over HTTPS itself and rewriting the answer
// so the victim stays on http://: Secure flags, HSTS and https:// links go.
func (w *World) relayStripped(u URL, req Request) Response {
	up := req
	up.URL = u.WithScheme("https")
	up.Origin = strings.Replace(up.Origin, "http://", "https://", 1)
	up.Referer = strings.Replace(up.Referer, "http://", "https://", 1)
	resp := w.site.Serve(up, w.time())
	out := resp
	out.Headers = nil
	for _, h := range resp.Headers {
		switch {
		case equalFold(h.Name, "Strict-Transport-Security"):
			continue
		case equalFold(h.Name, "Location"):
			h.Value = strings.Replace(h.Value, "https://", "http://", 1)
		}
		out.Headers = append(out.Headers, h)
	}
	out.SetCookies = make([]string, len(resp.SetCookies))
	for i, c := range resp.SetCookies {
		out.SetCookies[i] = stripAttribute(c, "Secure")
	}
	return out
}

// stripAttribute removes a flag attribute from a Set-Cookie line.
func stripAttribute(line, attr string) string {
	parts := strings.Split(line, ";")
	kept := parts[:1]
	for _, p := range parts[1:] {
		if !equalFold(strings.TrimSpace(p), attr) {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, ";")
}

// attackerLogIn logs the attacker in from their own machine with a
// password, fetching the form first for its CSRF cookie and token.
func (w *World) attackerLogIn(user, password string) Response {
	jar := map[string]string{}
	form := w.attackerRequest("GET", "/login/", "", nil, "opens the login page")
	absorb(jar, form.SetCookies)
	resp := w.attackerRequest("POST", "/login/", cookieHeader(jar), map[string]string{
		"username": user, "password": password, "csrfmiddlewaretoken": form.CSRFToken,
	}, "logs in as "+user+" with the stolen password")
	absorb(jar, resp.SetCookies)
	w.attackerJar = jar
	return w.attackerRequest("GET", "/account/", cookieHeader(jar), nil, "opens "+user+"'s account")
}

// attackerLoginFailed decides a run in which the stolen password left the
// attacker anonymous on the account page.
func (w *World) attackerLoginFailed() {
	if w.sessionsDieAtOnce() {
		reason, rule, src := w.diesAtOnce("The stolen password logged the attacker in, to no avail")
		w.decide(Blocked, reason, rule, src)
		w.verdict.Broken = true // nobody stays logged in, the victim included
		return
	}
	w.decide(Blocked, "The stolen password did not log the attacker in", "the login view refused the credentials", "django/contrib/auth/__init__.py authenticate")
}

// absorb is a command-line client's cookie file: it keeps name=value pairs
// and forgets deleted ones; it applies none of a browser's rules.
func absorb(jar map[string]string, setCookies []string) {
	for _, line := range setCookies {
		nv, attrs, _ := strings.Cut(line, ";")
		name, value, _ := strings.Cut(nv, "=")
		if strings.Contains(strings.ToLower(attrs), "max-age=0") || value == `""` {
			delete(jar, name)
			continue
		}
		jar[name] = value
	}
}

func cookieHeader(jar map[string]string) string {
	names := make([]string, 0, len(jar))
	for k := range jar {
		names = append(names, k)
	}
	for i := 1; i < len(names); i++ {
		for j := i; j > 0 && names[j] < names[j-1]; j-- {
			names[j], names[j-1] = names[j-1], names[j]
		}
	}
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = n + "=" + jar[n]
	}
	return strings.Join(parts, "; ")
}
