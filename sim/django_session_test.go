package sim

import (
	"testing"
	"time"
)

// djOpen is SessionStore(key) on w's store at w's time.
func djOpen(w *djWorld, key string) *djSession {
	w.site.st.now = w.now
	s := new(djSession)
	s.open(&w.site.st, key)
	return s
}

// djSaved stores a session holding data and returns its key.
func djSaved(w *djWorld, data ...string) string {
	s := djOpen(w, "")
	for i := 0; i+1 < len(data); i += 2 {
		s.setString(data[i], data[i+1])
	}
	w.site.st.save(s, false)
	return s.key
}

// sessions_tests: test_session_key_empty_string_invalid,
// test_session_key_too_short_invalid, test_session_key_valid_string_saved
// (base.py _validate_session_key: truthy and at least 8 characters).
func TestSessionKeyValidation(t *testing.T) {
	w := newDJWorld(t, nil)
	for _, tc := range []struct{ key, want string }{
		{"", ""},
		{"1234567", ""},
		{"12345678", "12345678"},
		{"attackerchosenkey000000000000000", "attackerchosenkey000000000000000"},
	} {
		if got := djOpen(w, tc.key).key; got != tc.want {
			t.Errorf("SessionStore(%q).session_key = %q, want %q", tc.key, got, tc.want)
		}
	}
}

// sessions_tests test_get_expire_at_browser_close: the setting decides when
// set_expiry was never called (or called with None); otherwise expiry == 0.
func TestGetExpireAtBrowserClose(t *testing.T) {
	const none = NoSetExpiry
	for _, tc := range []struct {
		setting bool
		expiry  int
		want    bool
	}{
		{false, 10, false}, {false, 0, true}, {false, none, false},
		{true, 10, false}, {true, 0, true}, {true, none, true},
	} {
		w := newDJWorld(t, func(c *Config) { c.SessionExpireAtBrowserClose = tc.setting })
		s := djOpen(w, "")
		s.setExpiry(5)
		if tc.expiry == none {
			s.del(keyExpiry) // set_expiry(None)
		} else {
			s.setExpiry(tc.expiry)
		}
		if got := s.getExpireAtBrowserClose(); got != tc.want {
			t.Errorf("SESSION_EXPIRE_AT_BROWSER_CLOSE=%v, set_expiry(%d): %v, want %v", tc.setting, tc.expiry, got, tc.want)
		}
	}
}

// sessions_tests test_default_expiry ("A normal session has a max age equal
// to settings", also after set_expiry(0)) and test_custom_expiry_seconds.
func TestExpiryAgeAndDate(t *testing.T) {
	for _, tc := range []struct{ expiry, want int }{
		{NoSetExpiry, 1209600}, {0, 1209600}, {10, 10}, {300, 300},
	} {
		w := newDJWorld(t, nil)
		s := djOpen(w, "")
		if tc.expiry != NoSetExpiry {
			s.setExpiry(tc.expiry)
		}
		if got := s.getExpiryAge(); got != tc.want {
			t.Errorf("set_expiry(%d): get_expiry_age() = %d, want %d", tc.expiry, got, tc.want)
		}
		if got, want := s.getExpiryDate(), Epoch.Add(time.Duration(tc.want)*time.Second); !got.Equal(want) {
			t.Errorf("set_expiry(%d): get_expiry_date() = %v, want %v", tc.expiry, got, want)
		}
	}
}

// Reference §2.1: is_empty is "not self._session_key and not
// self._session_cache", an unloaded cache counting as empty.
func TestIsEmpty(t *testing.T) {
	w := newDJWorld(t, nil)
	key := djSaved(w, "cart", "x")
	for _, tc := range []struct {
		name string
		s    func() *djSession
		want bool
	}{
		{"no key, never loaded", func() *djSession { return djOpen(w, "") }, true},
		{"unknown key, never loaded (the key short-circuits)", func() *djSession { return djOpen(w, "unknownkey000000") }, false},
		{"unknown key, loaded (load set the key to None)", func() *djSession { s := djOpen(w, "unknownkey000000"); s.get("x"); return s }, true},
		{"stored key, loaded", func() *djSession { s := djOpen(w, key); s.get("x"); return s }, false},
		{"no key, written", func() *djSession { s := djOpen(w, ""); s.setString("a", "b"); return s }, false},
		{"stored key, cleared (key kept)", func() *djSession { s := djOpen(w, key); s.clear(); return s }, false},
		{"stored key, flushed", func() *djSession { s := djOpen(w, key); s.flush(); return s }, true},
	} {
		if got := tc.s().isEmpty(); got != tc.want {
			t.Errorf("%s: is_empty() = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// Reference §3.2: reads set accessed only; writes set modified; a failed del
// (KeyError) sets neither modified.
func TestAccessedModified(t *testing.T) {
	w := newDJWorld(t, nil)
	key := djSaved(w, "cart", "1")
	for _, tc := range []struct {
		name               string
		op                 func(s *djSession)
		accessed, modified bool
	}{
		{"nothing", func(s *djSession) {}, false, false},
		{"get", func(s *djSession) { s.get("cart") }, true, false},
		{"contains", func(s *djSession) { s.contains("cart") }, true, false},
		{"set", func(s *djSession) { s.setString("a", "b") }, true, true},
		{"del present", func(s *djSession) { s.del("cart") }, true, true},
		{"del absent (KeyError)", func(s *djSession) { s.del("user_id") }, true, false},
		{"set_expiry", func(s *djSession) { s.setExpiry(300) }, true, true},
		{"get_expiry_age", func(s *djSession) { s.getExpiryAge() }, true, false},
	} {
		s := djOpen(w, key)
		tc.op(s)
		if s.accessed != tc.accessed || s.modified != tc.modified {
			t.Errorf("%s: accessed %v modified %v, want %v %v", tc.name, s.accessed, s.modified, tc.accessed, tc.modified)
		}
	}
}

// sessions_tests test_flush: the record is gone at once, the key is None, the
// session accessed and modified.
func TestFlush(t *testing.T) {
	forEngines(t, nil, func(t *testing.T, w *djWorld) {
		s := djOpen(w, "")
		s.setString("foo", "bar")
		w.site.st.save(s, false)
		old := s.key
		s = djOpen(w, old)
		s.get("foo")
		s.flush()
		if s.key != "" || !s.accessed || !s.modified || len(s.data) != 0 {
			t.Errorf("after flush: key %q accessed %v modified %v data %v", s.key, s.accessed, s.modified, s.data)
		}
		if _, alive := w.site.st.peek(old); alive != (w.cfg.SessionEngine == EngineSigned) {
			// signed_cookies cannot delete anything: the old value still verifies.
			t.Errorf("old key alive = %v after flush", alive)
		}
	})
}

// sessions_tests test_cycle and test_cycle_with_no_session_cache: the same
// data under a new key, the old key gone. CookieSessionTests.test_cycle: "we
// can't invalidate previously signed cookies".
func TestCycleKey(t *testing.T) {
	forEngines(t, nil, func(t *testing.T, w *djWorld) {
		old := djSaved(w, "a", "c", "b", "d")
		w.advance(time.Second) // so that a signed value changes
		s := djOpen(w, old)    // not loaded: cycle_key must load it
		s.cycleKey()
		if s.key == old || s.key == "" {
			t.Fatalf("key after cycle_key: %q (old %q)", s.key, old)
		}
		if got := s.data.String(); got != `{"a": "c", "b": "d"}` {
			t.Errorf("data after cycle_key: %s", got)
		}
		if w.cfg.SessionEngine == EngineSigned {
			w.site.st.save(s, false) // the middleware's save at response time
		}
		if d, _ := w.site.st.peek(s.key); d.String() != `{"a": "c", "b": "d"}` {
			t.Errorf("stored under the new key: %s", d)
		}
		if _, alive := w.site.st.peek(old); alive != (w.cfg.SessionEngine == EngineSigned) {
			t.Errorf("old key alive = %v after cycle_key", alive)
		}
	})
}

// sessions_tests test_invalid_key and test_session_load_does_not_create_record:
// loading an unknown key creates nothing and forgets the key; a save then
// creates a fresh one. signed_cookies: a bad signature makes load() create().
func TestInvalidKey(t *testing.T) {
	const unknown = "1234567890abcdefghij1234567890ab"
	forEngines(t, nil, func(t *testing.T, w *djWorld) {
		s := djOpen(w, unknown)
		s.get("cat")
		if w.site.st.exists(unknown) {
			t.Errorf("load created a record")
		}
		if w.cfg.SessionEngine == EngineSigned {
			if s.key != unknown || !s.modified {
				t.Errorf("signed load of a bad value: key %q modified %v, want the value kept and modified", s.key, s.modified)
			}
		} else if s.key != "" {
			t.Errorf("key after loading an unknown key: %q, want None", s.key)
		}
		s.setString("cat", "dog")
		w.site.st.save(s, false)
		if s.key == unknown || s.key == "" {
			t.Errorf("key after save: %q", s.key)
		}
	})
}

// sessions_tests test_actual_expiry (default expiry): every engine refuses a
// session SESSION_COOKIE_AGE after its save. signed_cookies' "age > max_age"
// holds then too: its timestamp is the save's second, truncated, and the
// request runs into its own (inSecond).
func TestActualExpiry(t *testing.T) {
	lastAlive := map[Engine]time.Duration{EngineDB: 299, EngineCache: 299, EngineCachedDB: 299, EngineFile: 299, EngineSigned: 299}
	forEngines(t, func(c *Config) { c.SessionCookieAge = 300 }, func(t *testing.T, w *djWorld) {
		key := djSaved(w, "foo", "bar")
		for _, at := range []time.Duration{0, 299, 300, 301} {
			w.now = Epoch.Add(at * time.Second)
			s := djOpen(w, key)
			_, found := s.get("foo")
			if want := at <= lastAlive[w.cfg.SessionEngine]; found != want {
				t.Errorf("at %d s: loaded %v, want %v", at, found, want)
			}
		}
	})
}

// file.py load: an expired file is deleted and a new empty session created
// (so the response sets a new cookie), where db forgets the key.
func TestExpiredLoad(t *testing.T) {
	forEngines(t, func(c *Config) { c.SessionCookieAge = 300 }, func(t *testing.T, w *djWorld) {
		key := djSaved(w, "foo", "bar")
		w.advance(400 * time.Second)
		s := djOpen(w, key)
		s.get("foo")
		switch w.cfg.SessionEngine {
		case EngineFile:
			if s.key == "" || s.key == key || !s.modified || w.site.st.exists(key) || !w.site.st.exists(s.key) {
				t.Errorf("file: key %q modified %v", s.key, s.modified)
			}
		case EngineSigned:
			if s.key != key || !s.modified {
				t.Errorf("signed: key %q modified %v", s.key, s.modified)
			}
		default:
			if s.key != "" || s.modified {
				t.Errorf("key %q modified %v, want None and unmodified", s.key, s.modified)
			}
		}
	})
}
