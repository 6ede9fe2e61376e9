package sim

import "time"

var passwordChangeEviction = &Scenario{
	ID:    "password-change-eviction",
	Title: "Does a password change evict the attacker?",
	Story: "The attacker holds a copy of the victim's cookie and, separately, has logged in with the stolen password. " +
		"The victim notices and changes the password. Is the attacker out, in both ways in?",
	Lanes:     []Lane{{ActorVictim, "Victim's browser"}, {ActorServer, SiteHost}, {ActorAttacker, "Attacker"}},
	Variables: []string{"session cookie", "attacker holds", "copied cookie opens", "attacker's own session opens"},
	Toggles:   []string{"password_change_keeps_session", "login", "SESSION_ENGINE"},
	logsIn:    true,
	script:    passwordChangeEvictionScript,
}

func passwordChangeEvictionScript(w *World) {
	w.stealCopy()
	w.wait(time.Minute)
	own := w.attackerLogIn(victimName, passwordOf(victimName))
	if own.User != victimName {
		w.attackerLoginFailed()
		return
	}
	w.wait(time.Minute)
	w.follow(ActorVictim, "/account/", "opens the account page")
	_, held := w.sessionCookieOn(w.siteURL("/password/"), "POST", w.siteURL("/").Origin())
	w.submit(ActorVictim, "/account/", "/password/", map[string]string{
		"old_password": passwordOf(victimName), "new_password": "a new password",
	}, "changes the password")
	w.trackLogin()
	w.wait(time.Minute)

	copyUser := w.replay(w.stolenCookie, "replays the copied cookie")
	w.track("copied cookie opens", userOrAnonymous(copyUser))
	ownUser := w.attackerRequest("GET", "/account/", cookieHeader(w.attackerJar), nil, "uses the session opened with the stolen password").User
	w.track("attacker's own session opens", userOrAnonymous(ownUser))

	switch {
	case held.Code != "" && (copyUser == victimName || ownUser == victimName):
		w.decide(Succeeded, "The password never changed: the browser did not send the session cookie to /password/ ("+
			w.victim.prof.reasonName(&held)+"), so the view sent the victim to log in again, and the attacker is still in", held.Why, held.Source)
	case copyUser == victimName && ownUser == victimName:
		w.decide(Succeeded, "The attacker is still in, both with the copied cookie and with their own session", w.survivorRule(true), w.survivorSource())
	case copyUser == victimName:
		w.decide(Succeeded, "The copied cookie still works after the password change", w.survivorRule(true), w.survivorSource())
	case ownUser == victimName:
		w.decide(Succeeded, "The attacker's own session survives the password change: the hand-written login stores no auth hash to check",
			"only sessions created by auth.login() carry _auth_user_hash, which get_user() compares on every request", "django/contrib/auth/__init__.py get_user")
	default:
		w.decide(Blocked, "Both ways in are closed: the password change invalidated every other session of the user",
			"get_user() flushes a session whose stored hash no longer matches the password; update_session_auth_hash() re-keys the changer's own session",
			"django/contrib/auth/__init__.py get_user, update_session_auth_hash")
	}
}

// survivorRule explains why a copied cookie outlived the password change.
func (w *World) survivorRule(copy bool) string {
	switch {
	case w.cfg.SessionEngine == EngineSigned && w.cfg.Login == LoginHandWritten:
		return "signed_cookies keep whatever the cookie carries, and a hand-written login stores no auth hash to invalidate it"
	case w.cfg.Login == LoginHandWritten && !w.cfg.PasswordChangeKeep:
		return "the hand-written session stores no auth hash, and nothing re-keys the session: the old key stays valid"
	}
	return "the session outlived the password change"
}

func (w *World) survivorSource() Source {
	if w.cfg.SessionEngine == EngineSigned {
		return "django/contrib/sessions/backends/signed_cookies.py; django/contrib/auth/__init__.py get_user"
	}
	return "django/contrib/auth/__init__.py get_user, update_session_auth_hash"
}
