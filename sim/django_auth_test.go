package sim

import (
	"strings"
	"testing"
)

// MD5PasswordHasher and get_session_auth_hash, checked against Django 3.2 and 5.2:
// make_password("alice-password", "aliceSaltFixture000001") with
// PASSWORD_HASHERS = [MD5PasswordHasher], and salted_hmac(..., algorithm="sha256")
// of that field with SECRET_KEY = SecretKey.
func TestPasswordFieldAndAuthHash(t *testing.T) {
	var u djUser
	u.setPassword("alice-pass-1", "aliceSaltFixture000001")
	if u.password != "md5$aliceSaltFixture000001$41f2301ddedd66e5244d6b027823f1ec" ||
		u.authHash != "dc2663190e25a8f46513a1620c7022e7706d07650998a93810d0946d326fac07" {
		t.Errorf("password %q hash %q", u.password, u.authHash)
	}
	if !u.checkPassword("alice-pass-1") || u.checkPassword("alice-pass-2") || u.checkPassword("") {
		t.Errorf("check_password")
	}
	before := u.authHash
	u.setPassword("alice-pass-1", "anotherSalt00000000000")
	if u.authHash == before {
		t.Errorf("a new salt left the auth hash unchanged")
	}
}

// auth.login (reference §4.1): cycle_key for an anonymous session (its data
// kept), flush for another user's or a stale session, nothing for the same
// user (test_session_key_flushed_on_login,
// test_session_key_flushed_on_login_after_password_change,
// test_login_session_without_hash_session_key).
func TestLoginRotation(t *testing.T) {
	for _, tc := range []struct {
		name     string
		before   func(w *djWorld, c *djClient)
		sameKey  bool
		keepCart bool
	}{
		{"anonymous: cycle_key keeps the data", func(w *djWorld, c *djClient) { c.get("/cart/add/") }, false, true},
		{"same user: the key stays", func(w *djWorld, c *djClient) { c.get("/cart/add/"); c.loginAlice() }, true, true},
		{"another user: flush", func(w *djWorld, c *djClient) { c.get("/cart/add/"); c.login(UserMallory, PasswordMallory) }, false, false},
		{"stale hash: flush", func(w *djWorld, c *djClient) {
			c.get("/cart/add/")
			c.loginAlice()
			other := w.client()
			other.loginAlice()
			other.get("/account/")
			other.post("/password/", map[string]string{"new_password": PasswordAlice}) // a new salt, a new hash
		}, false, false},
	} {
		forEngines(t, nil, func(t *testing.T, w *djWorld) {
			c := w.client()
			tc.before(w, c)
			before := c.sid()
			r := c.loginAlice()
			if r.Status != 302 || r.User != UserAlice {
				t.Fatalf("%s: login %d %q", tc.name, r.Status, r.User)
			}
			if w.cfg.SessionEngine != EngineSigned && (c.sid() == before) != tc.sameKey {
				t.Errorf("%s: key %q → %q, want same=%v", tc.name, before, c.sid(), tc.sameKey)
			}
			data, alive := w.site.Session(c.sid(), w.now)
			if _, cart := data["cart"]; !alive || cart != tc.keepCart || data[keyAuthUserID] != "1" {
				t.Errorf("%s: session after login %v alive=%v, want cart=%v", tc.name, data, alive, tc.keepCart)
			}
			if w.cfg.SessionEngine != EngineSigned && !tc.sameKey && before != "" {
				if _, alive := w.site.Session(before, w.now); alive {
					t.Errorf("%s: the old key survives", tc.name)
				}
			}
		})
	}
}

// DESIGN.md password-change-eviction, on every engine (reference §4.3, §4.4,
// §10.12): the victim changes the password while an intruder is logged in
// with the stolen password and a thief holds a copy of the victim's cookie.
func TestPasswordChangeEviction(t *testing.T) {
	type who struct{ victim, intruder, thief string }
	const a = UserAlice
	for _, tc := range []struct {
		login LoginCode
		keep  bool
		want  map[Engine]who // missing engines: the server-side default
		def   who
	}{
		// auth's hash check ends every other session; update_session_auth_hash
		// gives the changer a new key, so a copy of the old one dies too.
		{LoginAuth, true, nil, who{a, "", ""}},
		// Without update_session_auth_hash the changer's own session goes stale.
		{LoginAuth, false, nil, who{"", "", ""}},
		// The card's login stores no hash: nothing ends the intruder's session.
		// cycle_key still retires the victim's old key, except for
		// signed_cookies, where the old value stays valid.
		{LoginHandWritten, true, map[Engine]who{EngineSigned: {a, a, a}}, who{a, a, ""}},
		{LoginHandWritten, false, nil, who{a, a, a}},
	} {
		forEngines(t, func(c *Config) { c.Login, c.PasswordChangeKeep = tc.login, tc.keep }, func(t *testing.T, w *djWorld) {
			victim, intruder, thief := w.client(), w.client(), w.client()
			victim.loginAlice()
			intruder.loginAlice()
			victim.copyTo(thief)
			victim.get("/account/")
			r := victim.post("/password/", map[string]string{"new_password": "a-new-password"})
			if r.Status != 302 || r.User != UserAlice {
				t.Fatalf("password change: %d %q", r.Status, r.User)
			}
			got := who{victim.whoami(), intruder.whoami(), thief.whoami()}
			want, ok := tc.want[w.cfg.SessionEngine]
			if !ok {
				want = tc.def
			}
			if got != want {
				t.Errorf("login=%s keep=%v: logged in (victim, intruder, thief) = %q, want %q", tc.login, tc.keep, got, want)
			}
		})
	}
}

// test_changed_password_invalidates_session (auth_tests/test_middleware.py):
// get_user flushes a session whose hash no longer matches: the record is
// deleted and the response deletes the cookie.
func TestGetUserFlushesStaleHash(t *testing.T) {
	w := newDJWorld(t, nil)
	victim, intruder := w.client(), w.client()
	victim.loginAlice()
	intruder.loginAlice()
	key := intruder.sid()
	victim.get("/account/")
	victim.post("/password/", map[string]string{"new_password": "x"})
	r := intruder.get("/")
	if r.User != "" || !strings.Contains(sessionCookieLine(r, "sessionid"), "Max-Age=0") {
		t.Errorf("intruder after the change: user %q cookies %q", r.User, r.SetCookies)
	}
	if _, alive := w.site.Session(key, w.now); alive {
		t.Errorf("the stale session's record survives")
	}
	failed := false
	for _, ch := range r.Checks {
		failed = failed || ch.Source == djSrcGetUser && !ch.Passed
	}
	if !failed {
		t.Errorf("no failed get_user check in %+v", r.Checks)
	}
}

// The card's logout, del request.session['user_id'] (reference §4.2 by
// contrast): after the card's login the key survives with the rest of the
// session; after auth.login there is no 'user_id': KeyError, HTTP 500, no
// save, and the user stays logged in.
func TestHandWrittenLogout(t *testing.T) {
	forEngines(t, func(c *Config) { c.Login, c.Logout, c.SetExpiry = LoginHandWritten, LogoutHandWritten, 300 }, func(t *testing.T, w *djWorld) {
		c := w.client()
		c.loginAlice()
		c.get("/account/")
		r := c.post("/logout/", nil)
		if r.Status != 302 || r.User != UserAlice {
			t.Fatalf("logout: %d %q", r.Status, r.User)
		}
		if w.cfg.SessionEngine != EngineSigned && c.sessionChange(r) != "same" {
			t.Errorf("the key did not survive: %q", r.SetCookies)
		}
		data, alive := w.site.Session(c.sid(), w.now)
		if _, has := data["user_id"]; !alive || has || data[keyExpiry] != "300" {
			t.Errorf("session after the card's logout: %v alive=%v", data, alive)
		}
		if got := c.whoami(); got != "" {
			t.Errorf("still logged in as %q", got)
		}
	})
	forEngines(t, func(c *Config) { c.Logout = LogoutHandWritten }, func(t *testing.T, w *djWorld) {
		c := w.client()
		c.loginAlice()
		c.get("/account/")
		r := c.post("/logout/", nil)
		if r.Status != 500 || r.User != "" || sessionCookieLine(r, "sessionid") != "" || !strings.Contains(r.Reason, "KeyError") {
			t.Errorf("logout after auth.login: %d %q %q %q", r.Status, r.User, r.SetCookies, r.Reason)
		}
		if got := c.whoami(); got != UserAlice {
			t.Errorf("after the 500: logged in as %q, want alice", got)
		}
	})
}

// test_login_csrf_rotate: login rotates the CSRF secret, so a form token
// from before the login is refused; logout does not rotate it (reference §4.2).
func TestLoginRotatesCSRF(t *testing.T) {
	w := newDJWorld(t, nil)
	c := w.client()
	c.get("/login/")
	oldSecret, oldToken := c.cookie("csrftoken"), c.token
	c.post("/login/", map[string]string{"username": UserAlice, "password": PasswordAlice})
	if c.cookie("csrftoken") == oldSecret {
		t.Fatalf("login kept the CSRF secret")
	}
	c.token = oldToken
	if r := c.post("/transfer/", map[string]string{"to": UserMallory, "amount": "1"}); r.Status != 403 || r.Reason != "CSRF verification failed. Request aborted: CSRF token from POST incorrect." {
		t.Errorf("pre-login token: %d %q", r.Status, r.Reason)
	}
	c.get("/account/")
	secret := c.cookie("csrftoken")
	r := c.post("/logout/", nil)
	if r.Status != 302 || c.cookie("csrftoken") != secret {
		t.Errorf("logout: %d, CSRF secret %q → %q", r.Status, secret, c.cookie("csrftoken"))
	}
}
