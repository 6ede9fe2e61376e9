package sim

import "time"

var replayAfterLogout = &Scenario{
	ID:    "replay-after-logout",
	Title: "Replay after logout",
	Story: "The attacker holds a copy of the victim's session cookie. The victim logs out, believing that ends it. " +
		"The attacker replays the copy.",
	Lanes:     []Lane{{ActorVictim, "Victim's browser"}, {ActorServer, SiteHost}, {ActorAttacker, "Holder of the copy"}},
	Variables: []string{"session cookie", "attacker holds", "attacker is"},
	Toggles:   []string{"logout", "SESSION_ENGINE", "login"},
	logsIn:    true,
	script:    replayAfterLogoutScript,
}

var stolenCookieKeptAlive = &Scenario{
	ID:    "stolen-cookie-kept-alive",
	Title: "A stolen cookie kept alive",
	Story: "The victim stops using the site without logging out. The attacker replays the stolen cookie every few " +
		"minutes, for days. Does the session ever end?",
	Lanes:     []Lane{{ActorVictim, "Victim's browser"}, {ActorServer, SiteHost}, {ActorAttacker, "Holder of the copy"}},
	Variables: []string{"attacker holds", "session expires", "attacker is"},
	Toggles:   []string{"SESSION_SAVE_EVERY_REQUEST", "SESSION_COOKIE_AGE", "set_expiry", "SESSION_ENGINE", "replay_every_minutes"},
	Timed:     true,
	logsIn:    true,
	script:    stolenCookieKeptAliveScript,
}

var idleWalkaway = &Scenario{
	ID:    "idle-walkaway",
	Title: "The idle walk-away",
	Story: "The victim works for twenty minutes, then walks away from the open tab. Someone sits down some minutes later. " +
		"Is the session still open?",
	Lanes:     []Lane{{ActorVictim, "Victim's browser"}, {ActorServer, SiteHost}, {ActorNext, "The next person"}},
	Variables: []string{"session cookie", "session expires", "who is at the keyboard", "served as"},
	Toggles:   []string{"SESSION_SAVE_EVERY_REQUEST", "SESSION_COOKIE_AGE", "set_expiry", "idle_minutes"},
	Timed:     true,
	logsIn:    true,
	script:    idleWalkawayScript,
}

var sharedComputer = &Scenario{
	ID:    "shared-computer-browser-close",
	Title: "The shared computer",
	Story: "On a library computer, the victim closes the browser without logging out. The next person opens it and " +
		"goes to the site.",
	Lanes:     []Lane{{ActorVictim, "Victim's browser"}, {ActorServer, SiteHost}, {ActorNext, "The next person"}},
	Variables: []string{"session cookie", "session on the server", "who is at the keyboard", "served as"},
	Toggles:   []string{"SESSION_EXPIRE_AT_BROWSER_CLOSE", "session_restore", "set_expiry", "SESSION_COOKIE_AGE", "idle_minutes"},
	Timed:     true,
	logsIn:    true,
	script:    sharedComputerScript,
}

func replayAfterLogoutScript(w *World) {
	life := w.victimLifetime()
	w.wait(5 * time.Minute)
	w.stealCopy()
	w.wait(5 * time.Minute)
	w.follow(ActorVictim, "/account/", "opens the account page")
	// Whether the copied key still opened the victim's session just before
	// the logout, so that the verdict names what ended it.
	aliveBefore := false
	if w.stolenCookie != "" {
		data, alive := w.site.Session(w.stolenCookie, w.time())
		aliveBefore = alive && userIDOf(data) != ""
	}
	onLogout, held := w.sessionCookieOn(w.siteURL("/logout/"), "POST", w.siteURL("/").Origin())
	out := w.submit(ActorVictim, "/account/", "/logout/", nil, "logs out")
	w.trackLogin()
	after, aliveAfter := w.site.Session(w.stolenCookie, w.time())
	w.wait(5 * time.Minute)
	aliveAtReplay := w.stolenCookie != "" && w.site.alive(w.stolenCookie, w.time())
	user := w.replay(w.stolenCookie, "replays the copy after the logout")
	w.track("attacker is", userOrAnonymous(user))
	if user == victimName {
		switch {
		case held.Code != "":
			w.decide(Succeeded, "The logout never reached the session: the browser did not send the session cookie to /logout/ ("+
				w.victim.prof.reasonName(&held)+"), so the logout view saw an empty session and the victim's lives on", held.Why, held.Source)
		case out.Status >= 500:
			w.decide(Succeeded, "The hand-written logout crashed (del request.session['user_id'] raised KeyError: auth.login stores _auth_user_id) and left the session alive",
				"a 5xx response skips the session save; nothing was flushed", "django/contrib/sessions/backends/base.py SessionBase.__delitem__; middleware.py process_response")
		case w.site.st.engine == EngineSigned:
			w.decide(Succeeded, "signed_cookies keep no server record: logout cleared the victim's cookie, not the attacker's copy",
				"cookie-based sessions are not invalidated when a user logs out", "Django docs, sessions: \"No freshness guarantee\"; signed_cookies.py")
		case onLogout.none || onLogout.key != w.stolenCookie:
			// file.py's integer set_expiry: the cookie expires, the record
			// never. The logout carries no session cookie, or the one of a
			// session started since (CSRF_USE_SESSIONS on the login page).
			flushed := "so the logout view saw an empty session"
			if !onLogout.none {
				flushed = "so the logout flushed only the new, anonymous session the site had started since"
			}
			w.decide(Succeeded, "The logout never reached the session: the browser had already dropped the expired session cookie ("+life.cookie+
				"), "+flushed+", while the server still honours the key: the session lives "+life.lives(),
				"logout flushes the session its request carries, and this request carried none",
				"django/contrib/auth/__init__.py logout; django/contrib/sessions/backends/file.py SessionStore._expiry_date")
		default:
			w.decide(Succeeded, "The logout left the session record alive", "logout did not flush the session", "django/contrib/auth/__init__.py logout")
		}
		return
	}
	switch {
	case w.stolenCookie == "":
		w.decide(Blocked, "The session cookie had already expired ("+life.cookie+") when the attacker came to copy it: there was nothing to replay",
			"an expired cookie is neither kept nor sent", "RFC 6265bis §5.7, §5.8.3")
	case !aliveBefore:
		w.decide(Blocked, "The session had already expired before the victim logged out (it lives "+life.lives()+"): the copied key opens nothing",
			"the session engine ignores a session older than its expiry", "django/contrib/sessions/backends/base.py SessionBase.get_expiry_age")
	case !aliveAfter:
		w.decide(Blocked, "auth.logout() flushed the session record: the copied key opens nothing",
			"logout() calls request.session.flush(), which deletes the record at once", "django/contrib/auth/__init__.py logout; backends/base.py SessionBase.flush")
	case !aliveAtReplay:
		w.decide(Blocked, "The session expired (it lives "+life.lives()+") before the attacker replayed the copy",
			"the session engine ignores a session older than its expiry", "django/contrib/sessions/backends/base.py SessionBase.get_expiry_age")
	case userIDOf(after) == "":
		w.decide(Blocked, "The hand-written logout removed user_id: the copied key still opens the session, but as an anonymous visitor",
			"del request.session['user_id'] keeps the key and the record", "django/contrib/sessions/backends/base.py SessionBase.__delitem__")
	default:
		w.decide(Blocked, "The copied key no longer opens the victim's session", "the server does not honour the key as the victim's", "django/contrib/sessions/backends/base.py SessionBase.load")
	}
}

func stolenCookieKeptAliveScript(w *World) {
	w.stealCopy()
	w.note(ActorVictim, "stops using the site (no logout)", "the tab is closed", nil)
	start := w.now
	every := time.Duration(w.cfg.ReplayEveryMinutes) * time.Minute
	w.trackExpiry(w.stolenCookie)
	data, _ := w.site.Session(w.stolenCookie, w.time())
	life := w.lifetimeOf(data)
	// The attacker keeps at it for three of the session's lifetimes as the
	// engine counts them (signed_cookies ignores set_expiry), and a day at
	// least: long enough to see a session that slides outlive its age.
	horizon := start + 3*life.age + every
	if horizon < start+24*time.Hour {
		horizon = start + 24*time.Hour
	}

	// Replays between two shown ones only push the expiry further out, so the
	// attacker's last scheduled replay before each expiry stands for them all.
	resaved := false // a replay's response saved the session again (a new Set-Cookie)
	next := start + every
	for replays := 0; next <= horizon && replays < 12; replays++ {
		at := w.lastAliveReplay(w.stolenCookie, next, every, horizon)
		w.now = at
		resp := w.replayResponse(w.stolenCookie, "replays the stolen cookie ("+span(at-start)+" after the theft)")
		if v := w.sessionValue(resp.SetCookies); v != "" {
			w.stolenCookie = v
			w.track("attacker holds", short(v))
		}
		w.trackExpiry(w.stolenCookie)
		w.track("attacker is", userOrAnonymous(resp.User))
		if resp.User != victimName {
			// The session ended between the last replay that worked (or the
			// theft) and this one, which finds it over.
			reason := "The session was already over at the first replay, " + span(at-start) + " after the theft: it lives " + life.lives()
			if replays > 0 {
				// A replay that re-saves restarts the whole age, so the next
				// one, no further off than the first, would find it alive:
				// a later replay finds it over only when none re-saved it.
				reason = "The session was over by the replay " + span(at-start) + " after the theft: no replay re-saved it " +
					"(a read saves it only with SESSION_SAVE_EVERY_REQUEST), and it lives " + life.lives()
			}
			w.decide(Blocked, reason, w.expiryRule(resaved, "replays"), "django/contrib/sessions/backends/base.py SessionBase.get_expiry_age")
			return
		}
		if v := w.sessionValue(resp.SetCookies); v != "" && v != `""` { // `""` is delete_cookie's value
			resaved = true
		}
		next = at + every
	}
	if !resaved {
		// Nothing re-saved the session: it outlived the horizon on its own.
		w.decide(Succeeded, "Still logged in "+span(w.now-start)+" after the theft, though no replay re-saved the session: it lives "+life.lives(),
			"a session lives its expiry age from its last save; Django has no absolute session cap",
			"django/contrib/sessions/backends/base.py SessionBase.get_expiry_age; file.py, signed_cookies.py SessionStore.load")
		return
	}
	w.decide(Succeeded, "Still logged in "+span(w.now-start)+" after the theft: every replay re-saved the session, so it never expires",
		"SESSION_SAVE_EVERY_REQUEST re-saves on every request, anyone's; Django has no absolute session cap",
		"django/contrib/sessions/middleware.py SessionMiddleware.process_response")
}

// lastAliveReplay returns the attacker's last scheduled replay time, from
// next on, at which the session is still alive; next itself when it is not.
// Left alone, a session only dies: aliveness is monotonic in time, so a
// binary search over the schedule finds it.
func (w *World) lastAliveReplay(key string, next, every, horizon time.Duration) time.Duration {
	lo, hi := 0, int((horizon-next)/every) // replay next+lo*every is the answer
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if w.site.alive(key, Epoch.Add(next+time.Duration(mid)*every)) {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return next + time.Duration(lo)*every
}

// expiryRule says what bounded the session's life, from whether the
// requests in between (the attacker's replays, the victim's clicks) were
// seen to save it again.
func (w *World) expiryRule(resaved bool, requests string) string {
	if resaved {
		return "each of the " + requests + " re-saved the session, but the gap between two of them exceeded the session's age"
	}
	return "no request re-saved the session before it expired (reads re-save it only with SESSION_SAVE_EVERY_REQUEST): it expires its age after the last write"
}

func (w *World) trackExpiry(key string) {
	if w.trace {
		w.track("session expires", w.site.ExpiryText(key, w.time()))
	}
}

// replayResponse is replay returning the whole response.
func (w *World) replayResponse(value, action string) Response {
	u := w.siteURL("/account/")
	req := Request{Method: "GET", URL: u, Cookie: w.cfg.SessionCookieName + "=" + value}
	resp, _ := w.serve(u, req)
	if w.trace {
		w.row(Step{Actor: ActorAttacker, To: ActorServer, Action: action,
			Request: requestMessage(req), Response: responseMessage(resp), Check: lastCheck(resp.Checks), Result: statusText(resp)})
	}
	return resp
}

func idleWalkawayScript(w *World) {
	life := w.victimLifetime()
	w.track("who is at the keyboard", "victim")
	kicked := time.Duration(-1)
	kickedWithCookie := false // the browser still sent a key the server refused
	resaved := false          // a response to the victim's clicks saved the session again
	for i := 0; i < 4; i++ {
		w.wait(5 * time.Minute)
		had := w.victimSessionCookie()
		r := w.follow(ActorVictim, "/account/", "works on the site")
		if r.User != victimName && kicked < 0 {
			kicked, kickedWithCookie = w.now, had != ""
		}
		if v := w.sessionValue(r.SetCookies); r.User == victimName && v != "" && v != `""` {
			resaved = true
		}
	}
	w.trackExpiry(w.victimSessionCookie())
	w.note(ActorVictim, "walks away from the open tab", "the tab stays open", nil)
	idle := time.Duration(w.cfg.IdleMinutes) * time.Minute
	w.wait(idle)
	w.track("who is at the keyboard", "the next person")
	sent := w.victimSessionCookie()
	r := w.follow(ActorNext, "/account/", "sits down and clicks \"My account\"")
	w.track("served as", userOrAnonymous(r.User))
	w.trackExpiry(sent)
	if r.User == victimName {
		reason := "Still logged in after " + span(idle) + " idle"
		switch {
		case life.never:
			reason += ": the session has no expiry on the server (" + life.server + ") and its cookie lives " + life.cookie
		case !resaved:
			reason += ": the session lives " + life.lives() + " (the login), not from its last use"
		default:
			reason += ": shorter than the sliding age of " + life.server + ", which every request restarted"
		}
		w.decide(Succeeded, reason, "SESSION_COOKIE_AGE counts from the last write; only SESSION_SAVE_EVERY_REQUEST makes it an idle timeout",
			"django/contrib/sessions/backends/base.py SessionBase.get_expiry_age; Django docs, sessions: \"When sessions are saved\"")
		return
	}
	reason := "Logged out after " + span(idle) + " idle"
	dropped, refused := " ("+life.cookie+")", " (the session lives "+life.lives()+")"
	if kicked >= 0 {
		dropped, refused = "", "" // the reason names the lifetime already
		what := life.cookie       // the browser dropped the cookie
		if kickedWithCookie {
			what = life.server // the server refused the key
		}
		if resaved {
			reason = "The session had already ended while the victim was still working: each request re-saved it, but its age (" + what + ") is no longer than the 5 minutes between them"
		} else {
			reason = "The session had already ended while the victim was still working (" + what + " from the login, and no request re-saved it)"
		}
	}
	switch {
	case sent == "" && kickedWithCookie:
		w.decide(Blocked, reason+": the server no longer honoured the key and deleted the cookie", w.expiryRule(resaved, "victim's requests"),
			"django/contrib/sessions/backends/base.py SessionBase.get_expiry_age; middleware.py SessionMiddleware.process_response")
	case sent == "":
		w.decide(Blocked, reason+": the browser had dropped the expired cookie"+dropped, "an expired cookie is neither kept nor sent", "RFC 6265bis §5.7, §5.8.3")
	case w.site.alive(sent, w.time()):
		w.decide(Blocked, reason+": the cookie the browser holds now names a new, anonymous session", "a session that expired is not revived: a new one starts empty",
			"django/contrib/sessions/backends/base.py SessionBase.load")
	default:
		w.decide(Blocked, reason+": the server no longer honours the key"+refused, w.expiryRule(resaved, "victim's requests"), "django/contrib/sessions/backends/base.py SessionBase.get_expiry_age")
	}
}

func sharedComputerScript(w *World) {
	life := w.victimLifetime()
	w.track("who is at the keyboard", "victim")
	w.wait(10 * time.Minute)
	had := w.victimSessionCookie()
	read := w.follow(ActorVictim, "/account/", "reads the account page")
	key := w.victimSessionCookie()
	persistent := false // whether the cookie the browser closes on has an expiry
	for _, c := range w.victim.jar.All(w.time()) {
		if c.Name == w.cfg.SessionCookieName && c.Value == key {
			persistent = c.Persistent
		}
	}
	w.victim.jar.CloseBrowser(w.cfg.SessionRestore)
	kept := w.victimSessionCookie()
	result := "the session cookie is gone"
	if kept != "" {
		result = "the session cookie is still in the profile"
	}
	w.note(ActorVictim, "closes the browser without logging out", result, w.closeCheck(kept != "", persistent))
	w.trackLogin()
	idle := time.Duration(w.cfg.IdleMinutes) * time.Minute
	w.wait(idle)
	if _, alive := w.site.Session(key, w.time()); alive {
		w.track("session on the server", "alive")
	} else {
		w.track("session on the server", "expired")
	}
	w.track("who is at the keyboard", "the next person")
	// Firefox offers the closed session back: the next person takes it.
	restored := kept == "" && key != "" && w.victim.jar.RestoreLastSession(w.time())
	if restored {
		kept = w.victimSessionCookie()
		w.note(ActorNext, "opens the browser and chooses History › Restore Previous Session", "the session cookie is back", restoreLastCheck())
		w.trackLogin()
	}
	sent := w.victimSessionCookie()
	action := "opens the browser and the site"
	if restored {
		action = "goes to the site"
	}
	r := w.open(ActorNext, w.siteURL("/account/"), action)
	w.track("served as", userOrAnonymous(r.User))
	if r.User == victimName {
		c := w.closeCheck(true, persistent)
		if restored {
			c = restoreLastCheck()
		}
		w.decide(Succeeded, "The next person is logged in as the victim: "+c.Rule, c.Rule, c.Source)
		return
	}
	if read.User != victimName {
		// The victim's session ended before the browser was closed.
		left, did := "", "deleted its cookie"
		if key != "" {
			left = "; the cookie left names a new, anonymous session"
			did = "replaced its cookie with one for a new, anonymous session"
		}
		if had == "" {
			w.decide(Blocked, "The session cookie had already expired before the browser was closed ("+life.cookie+")"+left,
				"an expired cookie is neither kept nor sent", "RFC 6265bis §5.7, §5.8.3")
			return
		}
		w.decide(Blocked, "The session had already expired on the server before the browser was closed (it lives "+life.lives()+"), and the server "+did,
			"the session engine ignores a session older than its expiry; the response deletes or replaces the cookie",
			"django/contrib/sessions/backends/base.py SessionBase.get_expiry_age; middleware.py SessionMiddleware.process_response")
		return
	}
	if kept == "" {
		reason := "The browser dropped the session cookie at close"
		if _, alive := w.site.Session(key, w.time()); alive {
			reason += " (the server still honours the key: a copy would work)"
		}
		c := w.closeCheck(false, persistent)
		w.decide(Blocked, reason, c.Rule, c.Source)
		return
	}
	survived := "The cookie survived the close"
	if restored {
		survived = "Restore Previous Session brought the cookie back"
	}
	if sent == "" {
		w.decide(Blocked, survived+", but expired in the browser before the next person sat down ("+life.cookie+" after its last save)",
			"an expired cookie is neither kept nor sent", "RFC 6265bis §5.7, §5.8.3")
		return
	}
	w.decide(Blocked, survived+", but the session expired before the next person sat down (it lives "+life.lives()+")",
		"the session expires its age after its last save", "django/contrib/sessions/backends/base.py SessionBase.get_expiry_age")
}

// restoreLastCheck is Firefox's History › Restore Previous Session, which
// brings back the closed session's session cookies (Profile.RestoreLastSession).
func restoreLastCheck() *Check {
	return &Check{Rule: "Firefox keeps the closed session, session cookies included, and History › Restore Previous Session brings them back",
		Source: "Firefox SessionStore.restoreLastSession, SessionCookies.sys.mjs (checked by TestFirefoxSessionRestore)", Passed: true}
}

// closeCheck explains what a browser close did to the session cookie, from
// whether the cookie had an expiry (persistent) and whether it was kept.
func (w *World) closeCheck(kept, persistent bool) *Check {
	switch {
	case kept && !persistent:
		// Each browser's own mechanism: Chromium writes session cookies to
		// disk and, at the next start, deletes them unless "Continue where
		// you left off" restores the session (ProfileImpl::
		// ShouldRestoreOldSessionCookies; SQLitePersistentCookieStore's
		// DeleteSessionCookiesOnStartup; checked on a real Chromium by
		// TestScenariosRealStack); Firefox's session restore restores them
		// (Bugzilla 443354). For Safari no source was found: the setting is
		// the user's assumption, and the page says so.
		src := Source("Chromium ProfileImpl::ShouldRestoreOldSessionCookies")
		switch w.cfg.Browser {
		case Firefox:
			src = "Firefox session restore, SessionCookies.sys.mjs (Bugzilla 443354; checked by TestFirefoxSessionRestore)"
		case Safari:
			src = "session_restore = True (not verified for Safari)"
		}
		return &Check{Rule: "session restore (\"Continue where you left off\") keeps session cookies across a restart", Source: src + "; Django docs, sessions: browser-length sessions", Passed: true}
	case kept:
		return &Check{Rule: "the session cookie is persistent (it has Max-Age), so closing the browser does not remove it", Source: "RFC 6265bis §5.7 (persistent-flag)", Passed: true}
	}
	rule := "a session cookie (no Max-Age, from SESSION_EXPIRE_AT_BROWSER_CLOSE or set_expiry(0)) ends with the browser session"
	src := Source("RFC 6265bis §5.7; django/contrib/sessions/backends/base.py get_expire_at_browser_close")
	switch w.cfg.Browser {
	case Chromium:
		// Chromium drops them at the next start, and keeps them when the
		// last session crashed (killed, it keeps those its cookie store had
		// committed, with session restore off: checked by
		// TestChromiumCrashRestoresSessionCookies).
		rule += " when the browser quits cleanly (after a crash, Chromium restores those it had written to disk)"
		src += "; Chromium ProfileImpl::ShouldRestoreOldSessionCookies"
	case Firefox:
		// Killed, Firefox restores them at the next start with session
		// restore off (browser.sessionstore.resume_from_crash; checked by
		// TestFirefoxSessionRestore).
		rule += ", but Firefox keeps them in the closed session: History › Restore Previous Session brings them back, and so does the restore after a crash"
		src += "; Firefox SessionStore.restoreLastSession"
	}
	return &Check{Rule: rule, Source: src, Passed: false}
}
