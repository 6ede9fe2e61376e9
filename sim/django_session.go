package sim

// One request's session object: Django's SessionBase
// (django/contrib/sessions/backends/base.py @5.2). It holds the key the
// cookie named, loads the data lazily, and records whether the data was read
// (accessed) or written (modified), which is all SessionMiddleware looks at
// when the response goes out. Storage lives in django_engines.go.

import (
	"strconv"
	"time"
)

// Session dict keys written by Django itself.
const (
	keyAuthUserID  = "_auth_user_id"      // auth/__init__.py SESSION_KEY
	keyAuthBackend = "_auth_user_backend" // auth/__init__.py BACKEND_SESSION_KEY
	keyAuthHash    = "_auth_user_hash"    // auth/__init__.py HASH_SESSION_KEY
	keyExpiry      = "_session_expiry"    // base.py set_expiry
	keyCSRF        = "_csrftoken"         // middleware/csrf.py CSRF_SESSION_KEY
)

// djEntry is one item of a session dict as JSONSerializer stores it: a
// string or an integer (the only types the site's views write).
type djEntry struct {
	key string
	val string // the string, or the integer's decimal digits
	num bool
}

// djData is a session dict. It is a slice, not a map: Python dicts keep
// insertion order, the signed-cookie JSON follows it, and four entries are
// cheaper to scan than to hash.
type djData []djEntry

func (d djData) index(k string) int {
	for i := range d {
		if d[i].key == k {
			return i
		}
	}
	return -1
}

func (d djData) clone() djData {
	if len(d) == 0 {
		return nil
	}
	return append(djData(nil), d...)
}

// djSession is SessionBase for one request.
type djSession struct {
	st       *djStore
	key      string // SessionBase.__session_key; "" is None
	data     djData // _session_cache
	loaded   bool   // _session_cache exists
	accessed bool
	modified bool
	buf      djData // spare room for the next load; never aliases a stored record
}

// open is SessionBase.__init__(session_key): nothing is loaded yet. The
// previous request's data buffer is kept for reuse (see djStore.load).
func (s *djSession) open(st *djStore, key string) {
	buf := s.data[:0]
	*s = djSession{st: st, buf: buf}
	s.setKey(key)
}

// setKey is the _session_key setter: a key that fails _validate_session_key
// ("must be truthy and at least 8 characters long") becomes None. No other
// check: the key is not looked up until the data is needed.
func (s *djSession) setKey(k string) {
	if len(k) >= 8 {
		s.key = k
	} else {
		s.key = ""
	}
}

// newKey is _get_new_session_key: 32 characters of [a-z0-9], retried until
// the backend does not know it.
func (s *djSession) newKey() string {
	for {
		k := s.st.rnd.SessionKey()
		if !s.st.exists(k) {
			return k
		}
	}
}

// session is _get_session: every use marks the session accessed, and the
// first one loads it from the backend (unless there is no key, or noLoad).
func (s *djSession) session(noLoad bool) djData {
	s.accessed = true
	if !s.loaded {
		if s.key != "" && !noLoad {
			s.data = s.st.load(s)
		} else {
			s.data = nil
		}
		s.loaded = true
	}
	return s.data
}

// get is SessionBase.get: a read, so accessed but not modified.
func (s *djSession) get(k string) (djEntry, bool) {
	d := s.session(false)
	if i := d.index(k); i >= 0 {
		return d[i], true
	}
	return djEntry{}, false
}

// contains is SessionBase.__contains__.
func (s *djSession) contains(k string) bool {
	return s.session(false).index(k) >= 0
}

// set is SessionBase.__setitem__: a new key goes last, an existing one keeps
// its place.
func (s *djSession) set(k, v string, num bool) {
	d := s.session(false)
	if i := d.index(k); i >= 0 {
		d[i].val, d[i].num = v, num
	} else {
		s.data = append(d, djEntry{k, v, num})
	}
	s.modified = true
}

func (s *djSession) setString(k, v string)  { s.set(k, v, false) }
func (s *djSession) setInt(k string, n int) { s.set(k, strconv.Itoa(n), true) }

// del is SessionBase.__delitem__. It reports false where Python raises
// KeyError; modified is set only after a successful delete.
func (s *djSession) del(k string) bool {
	d := s.session(false)
	i := d.index(k)
	if i < 0 {
		return false
	}
	s.data = append(d[:i], d[i+1:]...)
	s.modified = true
	return true
}

// clear empties the data without loading it and keeps the key (base.py clear).
func (s *djSession) clear() {
	s.data, s.loaded = nil, true
	s.accessed, s.modified = true, true
}

// isEmpty is SessionBase.is_empty: "not self._session_key and not
// self._session_cache". A key short-circuits it, so a never-loaded session
// with a well-formed but unknown key is not empty; with no key, a never-loaded
// session is (AttributeError → True).
func (s *djSession) isEmpty() bool {
	if s.key != "" {
		return false
	}
	return !s.loaded || len(s.data) == 0
}

// flush is SessionBase.flush: clear, delete the stored record now (not at
// response time), and forget the key.
func (s *djSession) flush() {
	s.clear()
	s.st.delete(s, "")
	s.key = ""
}

// cycleKey is SessionBase.cycle_key: the same data under a new key, saved at
// once, and the old record deleted. signed_cookies overrides it with save().
func (s *djSession) cycleKey() {
	if s.st.engine == EngineSigned {
		s.st.save(s, false)
		return
	}
	data := s.session(false)
	old := s.key
	s.st.create(s)
	s.data = data
	if old != "" {
		s.st.delete(s, old)
	}
}

// setExpiry is SessionBase.set_expiry with an integer: seconds from each
// save, 0 meaning a browser-session cookie. It is a write (modified).
func (s *djSession) setExpiry(n int) { s.setInt(keyExpiry, n) }

// expiry returns get('_session_expiry'): the stored integer, or ok false for
// None.
func (s *djSession) expiry() (n int, ok bool) {
	e, ok := s.get(keyExpiry)
	if !ok {
		return 0, false
	}
	return intValue(e), true
}

// intValue reads a stored integer. The site stores _session_expiry only as
// one (set_expiry(int)); anything else reads as 0, falsy like None.
func intValue(e djEntry) int {
	if !e.num {
		return 0
	}
	n, _ := strconv.Atoi(e.val)
	return n
}

// getExpiryAge is SessionBase.get_expiry_age(): "if not expiry: return
// SESSION_COOKIE_AGE" (None and 0 alike), else the integer itself.
func (s *djSession) getExpiryAge() int {
	if n, _ := s.expiry(); n != 0 {
		return n
	}
	return s.st.cfg.SessionCookieAge
}

// getExpiryDate is SessionBase.get_expiry_date(): now + (expiry or
// SESSION_COOKIE_AGE) seconds.
func (s *djSession) getExpiryDate() time.Time {
	return s.st.now.Add(time.Duration(s.getExpiryAge()) * time.Second)
}

// getExpireAtBrowserClose is SessionBase.get_expire_at_browser_close: the
// setting when set_expiry was never called, else whether it was called with 0.
func (s *djSession) getExpireAtBrowserClose() bool {
	n, ok := s.expiry()
	if !ok {
		return s.st.cfg.SessionExpireAtBrowserClose
	}
	return n == 0
}
