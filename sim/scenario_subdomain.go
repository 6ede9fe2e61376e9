package sim

import "time"

var subdomainCookieLeak = &Scenario{
	ID:    "subdomain-cookie-leak",
	Title: "The cookie leaks to a sibling subdomain",
	Story: "The attacker runs " + SiblingHost + " (user content, or a taken-over subdomain). The victim, logged in, " +
		"follows a link there. Does the browser send the site's session cookie along?",
	Lanes:     []Lane{{ActorVictim, "Victim's browser"}, {ActorServer, SiteHost}, {ActorAttacker, "Attacker's " + SiblingHost}},
	Variables: []string{"session cookie", "cookie domain", "attacker holds", "attacker is"},
	Toggles:   []string{"SESSION_COOKIE_DOMAIN", "SESSION_COOKIE_NAME", "attacker_subdomain"},
	logsIn:    true,
	script:    subdomainCookieLeakScript,
}

func subdomainCookieLeakScript(w *World) {
	for _, c := range w.victim.jar.All(w.time()) {
		if c.Name == w.cfg.SessionCookieName {
			if c.HostOnly {
				w.track("cookie domain", c.Domain+" (host-only)")
			} else {
				w.track("cookie domain", c.Domain+" and every subdomain")
			}
		}
	}
	if !w.cfg.AttackerSubdomain {
		w.decide(Blocked, "No sibling subdomain is under the attacker's control", "the attacker has no server in the cookie's domain", "deployment")
		return
	}
	session := w.loggedIn()
	w.wait(5 * time.Minute)
	w.attackerServer = func(u URL, req Request) Response {
		if v := cookieValue(req.Cookie, w.cfg.SessionCookieName); v != "" {
			w.stolenCookie = v
		}
		return Response{Status: 200}
	}
	origin, sibling := w.siteURL("/").Origin(), w.siblingPage()
	_, held := w.sessionCookieOn(sibling, "GET", origin)
	w.victim.do(nav{method: "GET", url: sibling, initiator: origin, topLevel: true,
		action: "follows a link to " + SiblingHost, actor: ActorVictim})
	w.attackerServer = nil
	if w.stolenCookie == "" {
		switch c := w.victimCookie(); {
		case c.Name == "": // nothing was sent since the login: the cookie expired
			ended, rule, src := w.sessionEnded(session, "the victim followed the link")
			w.decide(Blocked, ended+": there was nothing to leak", rule, src)
		case c.HostOnly:
			w.decide(Blocked, "The session cookie is host-only (SESSION_COOKIE_DOMAIN = None): the browser never sends it to "+SiblingHost,
				"a host-only cookie is sent only to the exact host that set it", "RFC 6265bis §5.8.3 (host-only-flag)")
		case held.Code != "":
			w.decide(Blocked, "The browser withheld the session cookie from "+SiblingHost+" ("+w.victim.prof.reasonName(&held)+")", held.Why, held.Source)
		default:
			w.decide(Blocked, "The browser did not send the session cookie (Domain="+c.Domain+") to "+SiblingHost,
				"a cookie is sent only to hosts that domain-match its Domain", "RFC 6265bis §5.1.3, §5.8.3")
		}
		return
	}
	w.track("attacker holds", short(w.stolenCookie))
	w.note(ActorAttacker, SiblingHost+" logs the request's Cookie header", "holds "+w.cfg.SessionCookieName+"="+short(w.stolenCookie), nil)
	replayed := w.replayResponse(w.stolenCookie, "replays the cookie")
	user := replayed.User
	w.track("attacker is", userOrAnonymous(user))
	if user == victimName {
		w.decide(Succeeded, "SESSION_COOKIE_DOMAIN = \""+w.cfg.SessionCookieDomain+"\" sends the session cookie to every subdomain, the attacker's too",
			"a Domain cookie domain-matches every subdomain; Secure and HttpOnly do not help against a server", "RFC 6265bis §5.1.3, §5.8.3; Django docs, sessions: Session security")
		return
	}
	if !w.site.alive(w.stolenCookie, w.time()) && w.sessionOver(session) {
		ended, rule, src := w.sessionEnded(session, "its cookie leaked to "+SiblingHost)
		w.decide(Blocked, ended+": the leaked cookie opens nothing", rule, src)
		return
	}
	w.decide(Blocked, "The leaked cookie does not open a session: "+refusal(replayed),
		failedRule(replayed, "the server does not honour the key"), failedSource(replayed))
}
