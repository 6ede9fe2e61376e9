package sim

import (
	"strconv"
	"time"
)

var basics = &Scenario{
	ID:    "basics",
	Title: "The learning card's walkthrough",
	Story: "Log in, use the site, stay idle for five minutes, try again, log out. " +
		"The verdict answers the card's question: is the session still usable after five idle minutes?",
	Lanes:     []Lane{{ActorVictim, "Victim's browser"}, {ActorServer, SiteHost}},
	Variables: []string{"session['user_id']", "session expiry", "session cookie"},
	Toggles:   []string{"set_expiry", "SESSION_COOKIE_AGE", "SESSION_SAVE_EVERY_REQUEST", "login", "logout", "SESSION_ENGINE"},
	Timed:     true,
	Tour:      true,
	ownVars:   true,
	script:    basicsScript,
}

// basicsScript follows the card's execution table row for row: 1 submit
// the login form, 2 the server authenticates and sends the cookie, 3 a
// request with the cookie, 4 the same request after five idle minutes,
// 5 logout.
func basicsScript(w *World) {
	// Loading the form (GET /login/) is preparation, not a row of the card.
	w.muted = true
	page := w.open(ActorVictim, w.siteURL("/login/"), "opens the login page")
	w.muted = false

	login := w.siteURL("/login/")
	resp := w.victim.do(nav{method: "POST", url: login, initiator: login.Origin(), referrer: login.String(), topLevel: true,
		form:   map[string]string{"username": victimName, "password": passwordOf(victimName), "csrfmiddlewaretoken": page.CSRFToken},
		action: "submits the login form", reply: "authenticates, creates the session and sends its cookie", quiet: true, actor: ActorVictim})
	w.trackSession()
	if !w.loginStuck(resp) {
		w.loginRefused()
		return
	}
	session := w.loggedIn()
	life := session.life

	w.wait(time.Minute)
	action := "sends a request with the session cookie"
	if w.victimSessionCookie() == "" {
		action = "sends a request, without a session cookie: the browser no longer holds one"
	}
	w.follow(ActorVictim, "/account/", action)
	w.trackSession()

	idle := 5 * time.Minute
	w.wait(idle + time.Second)
	sent := w.victimSessionCookie()
	resp = w.victim.do(nav{method: "GET", url: w.siteURL("/account/"), initiator: w.siteURL("/").Origin(), topLevel: true, quiet: true,
		action: "comes back after " + span(idle) + " idle and sends a request", actor: ActorVictim})
	w.trackSession()
	if resp.User == victimName {
		w.decide(Succeeded, "Still logged in after "+span(idle)+" idle: the session lives "+life.lives(),
			"SESSION_COOKIE_AGE (or set_expiry) counts from the session's last save, not its last use",
			"django/contrib/sessions/backends/base.py SessionBase.get_expiry_age")
	} else {
		// The cookie sent now may name a new, anonymous session that a page
		// started after the victim's ended (CSRF_USE_SESSIONS on /login/).
		anew := ""
		if sent != "" && sent != session.cookie.Value && w.site.alive(sent, w.time()) {
			anew = "; the cookie it sends now names a new, anonymous session"
		}
		if sent == "" || session.expired(w.time()) {
			w.decide(Blocked, "Access denied after "+span(idle)+": the browser dropped the expired cookie ("+life.cookie+")"+anew,
				"a cookie whose expiry-time has passed is removed and no longer sent",
				"RFC 6265bis §5.7 (expiry-time), §5.8.3")
		} else {
			w.decide(Blocked, "Access denied after "+span(idle)+": the server no longer honours the session key (the session lives "+life.lives()+")"+anew,
				"the session engine ignores a session older than its expiry",
				"django/contrib/sessions/backends/db.py SessionStore.load (expire_date__gt=now)")
		}
	}

	w.submit(ActorVictim, "/account/", "/logout/", nil, "logs out")
	w.trackSession()
}

// lifetime says how long a session lives after a save, read from the data
// the session holds (its _session_expiry) and the engine that stores it,
// not from the settings: an anonymous session never called set_expiry, and
// two engines do not honour it.
type lifetime struct {
	cookie string        // the cookie's Max-Age: get_expiry_age(), e.g. "set_expiry(300) = 5 minutes"
	server string        // how long the engine honours the key after a save
	age    time.Duration // the same as a duration; 0 when never
	never  bool          // the engine never expires it (file.py with an integer set_expiry)
}

// lives completes "the session lives ...".
func (l lifetime) lives() string {
	if l.never {
		return "with no expiry on the server (" + l.server + ")"
	}
	return l.server + " from its last save"
}

// lifetimeOf describes the lifetime of a session holding data.
func (w *World) lifetimeOf(data map[string]string) lifetime {
	cookieAge := time.Duration(w.cfg.SessionCookieAge) * time.Second
	age := "SESSION_COOKIE_AGE = " + span(cookieAge)
	n, _ := strconv.Atoi(data[keyExpiry])
	if n <= 0 { // get_expiry_age(): None and 0 alike mean SESSION_COOKIE_AGE
		return lifetime{cookie: age, server: age, age: cookieAge}
	}
	set := "set_expiry(" + strconv.Itoa(n) + ") = " + span(time.Duration(n)*time.Second)
	l := lifetime{cookie: set, server: set, age: time.Duration(n) * time.Second}
	switch w.site.st.engine {
	case EngineSigned:
		l.server = age + " (signed_cookies ignores set_expiry(" + strconv.Itoa(n) + "))"
		l.age = cookieAge
	case EngineFile:
		l.server, l.age, l.never = "file.py never expires a session whose set_expiry is an integer", 0, true
	}
	return l
}

// victimLifetime is lifetimeOf the session the victim's cookie names now.
func (w *World) victimLifetime() lifetime {
	data, _ := w.site.Session(w.victimSessionCookie(), w.time())
	return w.lifetimeOf(data)
}

// trackSession updates the card's three variables from the victim's cookie
// and the server's record of it.
func (w *World) trackSession() {
	if !w.trace {
		return
	}
	key := w.victimSessionCookie()
	w.trackLogin()
	if key == "" && w.lastKey != "" {
		// The browser dropped the cookie; the server may still hold the record.
		key = w.lastKey
		w.track("session cookie", "Removed (expired)")
	}
	w.lastKey = key
	data, alive := w.site.Session(key, w.time())
	switch {
	case key == "":
		w.track("session['user_id']", "None")
		w.track("session expiry", "None")
	case !alive:
		w.track("session['user_id']", "None")
		w.track("session expiry", "Expired")
	default:
		uid := userIDOf(data)
		if uid == "" {
			uid = "None"
		}
		w.track("session['user_id']", uid)
		w.track("session expiry", w.site.ExpiryText(key, w.time()))
	}
}
