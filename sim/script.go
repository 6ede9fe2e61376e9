package sim

import (
	"slices"
	"strconv"
	"time"
)

// The people of every story.
const (
	victimName   = "alice"
	attackerName = "mallory"
)

// Steps shared by the scenario scripts.

// open is someone at the victim's browser typing or reopening a URL.
func (w *World) open(actor Actor, u URL, action string) Response {
	return w.victim.do(nav{method: "GET", url: u, topLevel: true, action: action, actor: actor})
}

// follow is a click on a link of the site's own pages.
func (w *World) follow(actor Actor, path, action string) Response {
	u := w.siteURL(path)
	return w.victim.do(nav{method: "GET", url: u, initiator: u.Origin(), referrer: u.Origin() + "/", topLevel: true, action: action, actor: actor})
}

// submit posts a form of the site's own pages. Django's default
// SECURE_REFERRER_POLICY "same-origin" sends the full Referer.
func (w *World) submit(actor Actor, formPath, path string, form map[string]string, action string) Response {
	u := w.siteURL(path)
	if form == nil {
		form = map[string]string{}
	}
	if _, ok := form["csrfmiddlewaretoken"]; !ok && w.victim.token != "" {
		form["csrfmiddlewaretoken"] = w.victim.token
	}
	return w.victim.do(nav{method: "POST", url: u, initiator: u.Origin(), referrer: u.Origin() + formPath,
		topLevel: true, form: form, action: action, actor: actor})
}

// logIn loads the login form and submits alice's credentials with its CSRF
// token; it reports whether the browser ends up logged in as alice.
func (w *World) logIn(actor Actor) bool {
	page := w.open(actor, w.siteURL("/login/"), "opens the login page")
	resp := w.submit(actor, "/login/", "/login/", map[string]string{
		"username": victimName, "password": passwordOf(victimName), "csrfmiddlewaretoken": page.CSRFToken,
	}, "logs in as "+victimName)
	w.trackLogin()
	return w.loginStuck(resp)
}

// loginStuck reports whether the victim's login, which ended with resp,
// left her logged in: the page it led to was hers, and the session cookie
// her browser holds after that page still opens her session (that page's
// response may have replaced it: loginRefused says how).
func (w *World) loginStuck(resp Response) bool {
	return resp.User == victimName && w.sessionUser(w.victimSessionCookie()) == victimName
}

// trackLogin updates the tracker's common variables from the jar and store.
func (w *World) trackLogin() {
	if !w.trace {
		return
	}
	v := w.victimSessionCookie()
	if v == "" {
		w.track("session cookie", "None")
	} else {
		w.track("session cookie", short(v))
	}
}

// victimSessionCookie is the value of the session cookie the victim's
// browser would send now to the account page, where the login leads and the
// stories use the session ("" when none). With a SESSION_COOKIE_PATH other
// than "/", that page, not the home page, is where the session must work.
func (w *World) victimSessionCookie() string {
	ctx := RequestContext{URL: w.siteURL(loginRedirect), Method: "GET", TopLevel: true}
	h, _, _ := w.victim.jar.Cookies(ctx, w.time())
	return cookieValue(h, w.cfg.SessionCookieName)
}

// userIDOf is the user id a session stores: auth.login's _auth_user_id or
// the card's hand-written user_id ("" for an anonymous session).
func userIDOf(data map[string]string) string {
	if id := data[keyAuthUserID]; id != "" {
		return id
	}
	return data["user_id"]
}

// sessionUser is the name of the user whose session key opens now ("" when
// none).
func (w *World) sessionUser(key string) string {
	data, alive := w.site.Session(key, w.time())
	if key == "" || !alive {
		return ""
	}
	if u := w.site.userByID(userIDOf(data)); u != nil {
		return u.name
	}
	return ""
}

// loggedIn is the victim's session as the login left it: its lifetime and
// the session cookie the browser holds. A story takes it before it waits,
// so that it can say later how the session ended (sessionEnded).
type loggedIn struct {
	life   lifetime
	cookie Cookie
}

func (w *World) loggedIn() loggedIn {
	return loggedIn{life: w.victimLifetime(), cookie: w.victimCookie()}
}

// expired reports whether the session's cookie has expired in the browser.
func (s loggedIn) expired(now time.Time) bool {
	return s.cookie.Persistent && !now.Before(s.cookie.Expiry)
}

// sessionOver reports whether the session s has ended by now: its cookie
// expired in the browser, or the server's record did.
func (w *World) sessionOver(s loggedIn) bool {
	return s.expired(w.time()) || !w.site.alive(s.cookie.Value, w.time())
}

// sessionEnded says how the session s had ended by the time of event: its
// cookie expired in the browser, or it outlived the server's record.
func (w *World) sessionEnded(s loggedIn, event string) (reason, rule string, src Source) {
	if s.expired(w.time()) {
		return "The session cookie had already expired (" + s.life.cookie + ") when " + event,
			"an expired cookie is neither kept nor sent, nor shown to scripts", "RFC 6265bis §5.7, §5.8.3"
	}
	return "The victim's session had already ended on the server when " + event + " (it lives " + s.life.lives() + ")",
		"a session lives its expiry age from its last save", "django/contrib/sessions/backends/base.py SessionBase.get_expiry_age"
}

// victimHasSessionCookie reports whether the victim's jar holds a session
// cookie of the site's name, whatever it would be sent to.
func (w *World) victimHasSessionCookie() bool {
	for _, c := range w.victim.jar.All(w.time()) {
		if c.Name == w.cfg.SessionCookieName {
			return true
		}
	}
	return false
}

// loginRefused decides a run in which the victim's login did not stick: the
// browser rejected the session or CSRF cookie Django sent, kept the CSRF
// cookie or (with CSRF_USE_SESSIONS, which holds the CSRF secret) the session
// cookie off the login POST, or keeps the session cookie off the page the
// login leads to (each the site's own failure, Verdict.Broken), or sends
// another cookie of its name after it; or SESSION_COOKIE_AGE is 0.
func (w *World) loginRefused() {
	a := w.victim
	broken := true
	reason := "The victim never gets logged in, so there is nothing to attack"
	rule, src := "the victim's browser did not keep the session cookie", Source("RFC 6265bis §5.7")
	// With CSRF_USE_SESSIONS, why the session cookie the login page set,
	// and with it the CSRF secret, stayed off the login POST; shadowed when
	// another cookie of its name (one planted with Path=/) went instead.
	// Without it, why the CSRF cookie stayed off the login POST
	// (CSRF_COOKIE_PATH).
	var secret, csrfCookie Decision
	shadowed := false
	if w.refusedForNoSecret(a.page) {
		ctx := RequestContext{URL: w.siteURL("/login/"), Method: "POST", Initiator: w.siteURL("/").Origin(), TopLevel: true}
		h, _, held := a.jar.Cookies(ctx, w.time())
		if w.cfg.CSRFUseSessions {
			shadowed = cookieValue(h, w.cfg.SessionCookieName) != ""
			secret = withheldCookie(held, w.cfg.SessionCookieName)
		} else {
			csrfCookie = withheldCookie(held, w.cfg.CSRFCookieName)
		}
	}
	switch {
	case a.rejected.Code != "":
		reason = "Nobody can log in: the browser rejects Django's session cookie (" + a.prof.reasonName(&a.rejected) + ")" + w.oneCookieANameNote()
		rule, src = a.rejected.Why, a.rejected.Source
	case a.unanswered != "":
		reason = "Nobody can log in: " + a.unanswered
		rule, src = w.whyUnanswered()
	case a.rejectedCSRF.Code != "":
		reason = "Nobody can log in: the browser rejects the CSRF cookie " + w.cfg.CSRFCookieName + " (" + a.prof.reasonName(&a.rejectedCSRF) + "), so every login POST fails the CSRF check (CSRF cookie not set)"
		rule, src = a.rejectedCSRF.Why, a.rejectedCSRF.Source
	case secret.Code != "":
		reason = "Nobody can log in: with CSRF_USE_SESSIONS the CSRF secret lives in the session, and the browser does not send the session cookie to /login/ (" +
			a.prof.reasonName(&secret) + ")"
		if shadowed {
			reason += "; the other " + w.cfg.SessionCookieName + " cookie it sends there holds no CSRF secret"
		}
		reason += ", so every login POST fails the CSRF check (CSRF cookie not set)"
		rule, src = secret.Why, secret.Source
	case csrfCookie.Code != "":
		reason = "Nobody can log in: the browser keeps the CSRF cookie " + w.cfg.CSRFCookieName + " but does not send it to /login/ (" +
			a.prof.reasonName(&csrfCookie) + "), so every login POST fails the CSRF check (CSRF cookie not set)"
		rule, src = csrfCookie.Why, csrfCookie.Source
	case a.landing.withheld.Code != "":
		d := &a.landing.withheld
		reason = "Nobody stays logged in: the browser keeps Django's session cookie but does not send it to " + a.landing.path +
			", where the login leads (" + a.prof.reasonName(d) + ")" + w.noPathNote()
		rule, src = d.Why, d.Source
	case w.sessionsDieAtOnce():
		reason, rule, src = w.diesAtOnce("Nobody stays logged in")
	case w.landingReplacedSession():
		reason, rule, src = w.replacedSession()
	default:
		if last, n := lastCookie(a.landing.cookie, w.cfg.SessionCookieName); n > 1 {
			broken = false // the site works; a cookie the victim held before shadows the login's
			reason = "The login does not stick: the browser sends " + strconv.Itoa(n) + " " + w.cfg.SessionCookieName + " cookies to " + a.landing.path +
				", where the login leads, and Django reads only the last, " + short(last) + ", not the key the login set; that key opens no session"
			rule, src = "with two cookies of the same name in one Cookie header Django keeps the last; the browser lists longer paths first, then older cookies",
				"django/http/cookie.py parse_cookie; RFC 6265bis §5.8.3 step 2"
		} else if c, ok := deciding(a.page); ok && a.page.Status == 403 {
			// The login form's answer (the last page loaded) refused it with
			// cookies the browser kept: one planted under the session
			// cookie's name, read as the CSRF cookie, say.
			reason = "The victim never gets logged in: the site refused the login form (" + refusal(a.page) + ")"
			rule, src = c.Rule, c.Source
		}
	}
	w.decide(Blocked, reason, rule, src)
	w.verdict.Broken = broken
}

// landingReplacedSession reports whether the page the login led to still
// opened the victim's session, and its response then set a cookie of the
// session cookie's name that the browser now sends instead, and that opens
// no session.
func (w *World) landingReplacedSession() bool {
	sent := cookieValue(w.victim.landing.cookie, w.cfg.SessionCookieName)
	return sent != "" && w.sessionUser(sent) == victimName && w.victimSessionCookie() != sent
}

// replacedSession explains landingReplacedSession: the new cookie replaced
// the session's (same domain and path), or goes after it (another domain or
// path, created later), and Django reads the last. The one way Django sets
// it: with CSRF_COOKIE_NAME = SESSION_COOKIE_NAME, CsrfViewMiddleware reads
// the session cookie as its own, and when the value is no CSRF secret (a
// signed_cookies value is far longer than 32 characters) it sets a new
// secret under that name; SessionMiddleware overwrites it only in a response
// that saves the session.
func (w *World) replacedSession() (reason, rule string, src Source) {
	a := w.victim
	name := w.cfg.SessionCookieName
	sent, now := cookieValue(a.landing.cookie, name), w.victimSessionCookie()
	what := "replaced the session cookie with " + short(now) + ", which opens no session"
	rule, src = "a cookie with the same name, domain and path replaces the one the browser holds", "RFC 6265bis §5.7 step 23"
	if slices.ContainsFunc(a.jar.All(w.time()), func(c *Cookie) bool { return c.Name == name && c.Value == sent }) {
		what = "set another " + name + " cookie, " + short(now) + ", which opens no session and goes after the session's own in the Cookie header"
		rule, src = "with two cookies of the same name in one Cookie header Django keeps the last; the browser lists longer paths first, then older cookies",
			"django/http/cookie.py parse_cookie; RFC 6265bis §5.8.3 step 2"
	}
	reason = "Nobody stays logged in: the response of " + a.landing.path + ", where the login leads, " + what
	if bad := checkTokenFormat(sent); w.csrfCookieIsSessionCookie() && bad != "" {
		reason += ": " + nameClash + ", and CsrfViewMiddleware, finding that the cookie " + bad +
			" for a CSRF secret (it holds the session, " + short(sent) + "), set a new secret under that name"
		rule = "CsrfViewMiddleware replaces a CSRF cookie of the wrong format with a new secret (InvalidTokenFormat, _add_new_csrf_cookie), " +
			"and SessionMiddleware sets its cookie only when it saves the session; " + rule
		src = "django/middleware/csrf.py CsrfViewMiddleware.process_request; " + src
	}
	return reason, rule, src
}

// sessionsDieAtOnce: SESSION_COOKIE_AGE ≤ 0 ends a logged-in session the
// moment it is saved, unless the login view's set_expiry(N > 0) gives it an
// age of its own (which signed_cookies ignores: its load checks
// SESSION_COOKIE_AGE).
func (w *World) sessionsDieAtOnce() bool {
	return w.cfg.SessionCookieAge <= 0 && (w.cfg.SetExpiry <= 0 || w.cfg.SessionEngine == EngineSigned)
}

// diesAtOnce words a login that sessionsDieAtOnce undid, after lead.
func (w *World) diesAtOnce(lead string) (reason, rule string, src Source) {
	reason = lead + ": SESSION_COOKIE_AGE = " + strconv.Itoa(w.cfg.SessionCookieAge) + " ends every session the moment it is saved"
	if !w.cfg.SessionExpireAtBrowserClose && w.cfg.SetExpiry == NoSetExpiry {
		reason += ", and Django sends its cookie with Max-Age=" + strconv.Itoa(w.cfg.SessionCookieAge) + ", which tells the browser to delete it at once"
	}
	return reason, "a session lives SESSION_COOKIE_AGE seconds from its last save, so 0 is no time at all",
		"django/contrib/sessions/backends/base.py SessionBase.get_expiry_age; RFC 6265bis §5.6.2 (Max-Age ≤ 0)"
}

// loginCookiePath is the path of the session cookie the login sets:
// SESSION_COOKIE_PATH, or the login page's folder when browsers do not take
// it as a Path (RFC 6265bis §5.6.4).
func (w *World) loginCookiePath() string {
	if isCookiePath(w.cfg.SessionCookiePath) {
		return w.cfg.SessionCookiePath
	}
	return defaultPath("/login/")
}

// noPathNote says why a session cookie set by the login stays on /login
// when SESSION_COOKIE_PATH is no Path browsers take ("" when it is one).
func (w *World) noPathNote() string {
	if isCookiePath(w.cfg.SessionCookiePath) {
		return ""
	}
	return ": SESSION_COOKIE_PATH = " + strconv.Quote(w.cfg.SessionCookiePath) + " is " + noPathText("the cookie") + ", " + w.loginCookiePath() + " for the login"
}

// noPathText words a cookie path browsers do not take as a Path.
func noPathText(cookie string) string {
	return "no Path browsers take (it must start with /): they scope " + cookie + " to the folder of the page that sets it"
}

// whyUnanswered is the rule that left the victim's last request without an
// answer: HSTS kept it off http://, or SECURE_SSL_REDIRECT sent it to an
// https:// the site does not serve.
func (w *World) whyUnanswered() (string, Source) {
	a := w.victim
	switch {
	case a.upgrade == "HSTS":
		return "a Known HSTS Host is only contacted over HTTPS", "RFC 6797 §8.3"
	case w.cfg.SecurityMiddleware && w.cfg.SecureSSLRedirect && !w.cfg.HTTPS:
		return "SECURE_SSL_REDIRECT sends every http:// request to https://, which this site does not serve", djSrcSSLRedirect
	}
	return a.unanswered, ""
}

// stealCopy is the premise of the replay scenarios: the attacker holds a
// copy of the victim's session cookie, however obtained.
func (w *World) stealCopy() bool {
	v := w.victimSessionCookie()
	if v == "" {
		return false
	}
	w.stolenCookie = v
	w.track("attacker holds", short(v))
	w.note(ActorAttacker, "copies the victim's session cookie (by any means)", "holds "+w.cfg.SessionCookieName+"="+short(v), nil)
	return true
}

// short abbreviates a session key for the tracker.
func short(v string) string {
	if len(v) <= 12 {
		return v
	}
	return v[:8] + "…"
}

// clock formats a virtual time offset as the trace's time column.
func clock(d time.Duration) string {
	t := Epoch.Add(d)
	day := int(d / (24 * time.Hour))
	s := t.Format("15:04:05")
	if day > 0 {
		s = "day " + strconv.Itoa(day+1) + " " + s
	}
	return s
}

// passwordOf is the fixture user's password (django_auth.go).
func passwordOf(user string) string {
	if user == attackerName {
		return PasswordMallory
	}
	return PasswordAlice
}

// alive reports whether the engine would honour key at now.
func (s *Site) alive(key string, now time.Time) bool {
	s.st.now = now
	_, ok := s.st.peek(key)
	return ok
}

// ExpiryText says until when the site honours key, for the tracker.
func (s *Site) ExpiryText(key string, now time.Time) string {
	if key == "" {
		return "None"
	}
	if _, alive := s.Session(key, now); !alive {
		return "Expired"
	}
	for _, v := range s.Sessions(now) {
		if v.Key == key {
			if v.Expires == "" {
				return v.Note
			}
			if t, err := time.Parse("2006-01-02 15:04:05", v.Expires); err == nil {
				return "until " + clock(t.Sub(Epoch))
			}
			return "until " + v.Expires
		}
	}
	return "alive: a signed cookie, honoured SESSION_COOKIE_AGE after its signing"
}

// sessionCookieOn is what the victim's browser would send to u now with a
// top-level request: whether it carries a session cookie, and the jar's
// reason when it carries none although it holds one. sent.honoured says
// whether the server still honours the key it carries.
func (w *World) sessionCookieOn(u URL, method, initiator string) (sent sentCookie, withheld Decision) {
	ctx := RequestContext{URL: u, Method: method, Initiator: initiator, TopLevel: true}
	h, _, held := w.victim.jar.Cookies(ctx, w.time())
	if v := cookieValue(h, w.cfg.SessionCookieName); v != "" {
		alive := w.site.alive(v, w.time())
		if !alive {
			// Another cookie of the name went (the CSRF cookie, when the
			// two share a name) while the one holding a live session
			// stayed home: the request carried no session cookie.
			for _, d := range held {
				if d.Cookie != nil && d.Cookie.Name == w.cfg.SessionCookieName && w.site.alive(d.Cookie.Value, w.time()) {
					return sentCookie{}, d
				}
			}
		}
		return sentCookie{sent: true, key: v, honoured: alive}, Decision{}
	}
	if d := withheldCookie(held, w.cfg.SessionCookieName); d.Code != "" {
		return sentCookie{}, d
	}
	return sentCookie{none: !w.victimHasSessionCookie()}, Decision{}
}

// withheldCookie is the jar's first reason to keep a cookie called name off
// a request, from the decisions Jar.Cookies returns (zero when none).
func withheldCookie(held []Decision, name string) Decision {
	for _, d := range held {
		if d.Cookie != nil && d.Cookie.Name == name {
			return d
		}
	}
	return Decision{}
}

// sentCookie is what a forged request carried: the session cookie or not,
// its key, whether the server still honoured that key when the request
// went out, and whether the browser held no session cookie at all by then.
type sentCookie struct {
	sent, honoured, none bool
	key                  string
}
