package sim

// django.contrib.auth's session handling (django/contrib/auth/__init__.py
// @5.2): login rotates or flushes the session and stores the user with a hash
// of the password field; every later request re-checks that hash (get_user),
// so a password change ends all the user's other sessions; logout flushes.
// Next to it, the learning card's hand-written code, which does none of that.

import (
	"crypto/hmac"
	"crypto/md5"
	"encoding/hex"
	"strconv"
)

// The site's users: the victim and the attacker, each with an account.
const (
	UserAlice       = "alice"   // id 1, the victim
	UserMallory     = "mallory" // id 2, the attacker
	PasswordAlice   = "alice-password"
	PasswordMallory = "mallory-password"
)

// modelBackend is the only entry of AUTHENTICATION_BACKENDS.
const modelBackend = "django.contrib.auth.backends.ModelBackend"

const (
	djSrcAuthenticate  Source = "django/contrib/auth/__init__.py authenticate (backends.py ModelBackend.authenticate)"
	djSrcGetUser       Source = "django/contrib/auth/__init__.py get_user"
	djSrcAuthenticated Source = "the site's view: request.user.is_authenticated (auth/middleware.py AuthenticationMiddleware)"
	djSrcCardView      Source = "the learning card's view code"
)

// djUser is a row of auth_user.
type djUser struct {
	id       int
	name     string
	password string // the password field, "md5$<salt>$<hash>"
	authHash string // get_session_auth_hash(), derived from password
	hashRule string // get_user's check, in words
}

func (u *djUser) idString() string { return strconv.Itoa(u.id) } // pk.value_to_string

// setPassword is AbstractBaseUser.set_password with MD5PasswordHasher, the
// hasher Django's own test settings use for speed (hashers.py:
// "md5$" + salt + "$" + md5(salt + password)). The default PBKDF2 would only
// be slower: what the session code sees is that the field changes, and with
// it the session auth hash.
func (u *djUser) setPassword(password, salt string) {
	sum := md5.Sum([]byte(salt + password))
	u.password = "md5$" + salt + "$" + hex.EncodeToString(sum[:])
	// AbstractBaseUser.get_session_auth_hash: salted_hmac(key_salt,
	// self.password, algorithm="sha256").hexdigest().
	mac := saltedHMAC("django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash", SecretKey)
	mac.Write([]byte(u.password))
	u.authHash = hex.EncodeToString(mac.Sum(nil))
	u.hashRule = "the session's _auth_user_hash matches " + u.name + "'s current session auth hash (an HMAC of the password field)"
}

// checkPassword is AbstractBaseUser.check_password with MD5PasswordHasher.
// MD5 being the only configured hasher, a match never rehashes (which would
// change the field and so the auth hash).
func (u *djUser) checkPassword(password string) bool {
	salt := u.password[len("md5$"):]
	salt = salt[:len(salt)-len("$")-2*md5.Size]
	sum := md5.Sum([]byte(salt + password))
	var want [2 * md5.Size]byte
	hex.Encode(want[:], sum[:])
	return hmac.Equal(want[:], []byte(u.password[len(u.password)-2*md5.Size:]))
}

// The accounts as the fixture creates them; every Site starts from a copy.
var fixtureUsers = func() [2]djUser {
	us := [2]djUser{{id: 1, name: UserAlice}, {id: 2, name: UserMallory}}
	us[0].setPassword(PasswordAlice, "aliceSaltFixture000001")
	us[1].setPassword(PasswordMallory, "mallorySaltFixture0002")
	return us
}()

func (s *Site) userByName(name string) *djUser {
	for i := range s.users {
		if s.users[i].name == name {
			return &s.users[i]
		}
	}
	return nil
}

// userByID looks a user up by the id a session holds: the string
// "_auth_user_id" or the card's integer "user_id".
func (s *Site) userByID(id string) *djUser {
	for i := range s.users {
		if s.users[i].idString() == id {
			return &s.users[i]
		}
	}
	return nil
}

// authenticate is auth.authenticate with ModelBackend: the user whose
// password matches, or nil.
func (s *Site) authenticate(x *djExchange, username, password string) *djUser {
	u := s.userByName(username)
	ok := u != nil && u.checkPassword(password)
	x.check("authenticate(): the username exists and the password matches", djSrcAuthenticate, ok)
	if !ok {
		return nil
	}
	return u
}

// requestUser is request.user: AuthenticationMiddleware's SimpleLazyObject,
// which runs get_user on first use only.
func (s *Site) requestUser(x *djExchange) *djUser {
	if !x.userDone {
		x.user, x.userDone = s.getUser(x), true
	}
	return x.user
}

// getUser is auth.get_user: the user named by the session, provided the
// stored hash still matches the user's current session auth hash. On a
// mismatch (the password changed since login, or the session has no hash)
// the session is flushed: the record is deleted, and the response deletes
// the cookie.
func (s *Site) getUser(x *djExchange) *djUser {
	sess := &s.sess
	id, ok := sess.get(keyAuthUserID) // request.session[SESSION_KEY]: KeyError → anonymous
	if !ok {
		return nil
	}
	backend, ok := sess.get(keyAuthBackend)
	if !ok || backend.val != modelBackend {
		return nil
	}
	u := s.userByID(id.val)
	if u == nil {
		return nil
	}
	h, _ := sess.get(keyAuthHash)
	verified := h.val != "" && hmac.Equal([]byte(h.val), []byte(u.authHash))
	x.check(u.hashRule, djSrcGetUser, verified)
	if !verified {
		sess.flush()
		return nil
	}
	return u
}

// login is auth.login(request, user). An anonymous session keeps its data
// under a new key (cycle_key, the session-fixation defence); a session of
// another user, or with a stale hash, is flushed; the same user logging in
// again keeps the key. It ends with rotate_token (a new CSRF secret).
func (s *Site) login(x *djExchange, u *djUser) string {
	sess := &s.sess
	how := "same user, valid hash: the session key is kept"
	if sess.contains(keyAuthUserID) {
		id, _ := sess.get(keyAuthUserID)
		h, _ := sess.get(keyAuthHash)
		if id.val != u.idString() || !hmac.Equal([]byte(h.val), []byte(u.authHash)) {
			sess.flush()
			how = "another user's or a stale session: flush(), a new empty session"
		}
	} else {
		sess.cycleKey()
		how = "anonymous session: cycle_key(), same data under a new key"
		if s.st.engine == EngineSigned {
			how = "anonymous session: cycle_key() re-signs it; the old value stays valid"
		}
	}
	sess.setString(keyAuthUserID, u.idString())
	sess.setString(keyAuthBackend, modelBackend)
	sess.setString(keyAuthHash, u.authHash)
	x.user, x.userDone = u, true
	s.rotateToken(x)
	return how
}

// logout is auth.logout: request.user is resolved (so the hash check runs),
// then the session is flushed.
func (s *Site) logout(x *djExchange) {
	s.requestUser(x)
	s.sess.flush()
	x.user, x.userDone = nil, true
}

// updateSessionAuthHash is auth.update_session_auth_hash: the session gets a
// new key and, when it is the changer's own (request.user == user), the new
// hash, so it survives the password change that ends every other session.
func (s *Site) updateSessionAuthHash(x *djExchange, u *djUser) {
	s.sess.cycleKey()
	if s.requestUser(x) == u {
		s.sess.setString(keyAuthHash, u.authHash)
	}
}

// currentUser is how a view finds its user: request.user with auth's login,
// request.session.get('user_id') with the card's (conformance site
// views.py _current_user). nil is anonymous.
func (s *Site) currentUser(x *djExchange) *djUser {
	if s.cfg.Login == LoginAuth {
		return s.requestUser(x)
	}
	if e, ok := s.sess.get("user_id"); ok {
		return s.userByID(e.val)
	}
	return nil
}

// loggedInUser is currentUser for a view that requires a login, with the check
// recorded.
func (s *Site) loggedInUser(x *djExchange) *djUser {
	u := s.currentUser(x)
	if s.cfg.Login == LoginAuth {
		x.check("request.user.is_authenticated", djSrcAuthenticated, u != nil)
	} else {
		x.check("request.session.get('user_id') names a user", djSrcCardView, u != nil)
	}
	return u
}

// handWrittenLogin is the card's login view body after authenticate_user:
//
//	request.session['user_id'] = user.id
//
// The key an attacker planted stays, and no hash ties the session to the
// password.
func (s *Site) handWrittenLogin(u *djUser) {
	s.sess.setInt("user_id", u.id)
}

// handWrittenLogout is the card's `del request.session['user_id']`. It
// returns false where Python raises KeyError (no 'user_id' in the session,
// e.g. after auth.login, or once the session expired): an HTTP 500.
func (s *Site) handWrittenLogout(x *djExchange) bool {
	ok := s.sess.del("user_id")
	x.check("del request.session['user_id']: the session holds 'user_id' (else KeyError)", djSrcCardView, ok)
	return ok
}
