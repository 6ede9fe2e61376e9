package sim

import (
	"strings"
	"testing"
	"time"
)

// The golden values below were produced by Django 3.2's signing.dumps, and
// 5.2.19's gives the same, with SECRET_KEY = SecretKey, salt
// "django.contrib.sessions.backends.signed_cookies", JSONSerializer and
// time.time() patched to sim.Epoch + 0.5 s.
const (
	djangoSignedPlain = "eyJfYXV0aF91c2VyX2lkIjoiMSIsInVzZXJfaWQiOjEsIl9zZXNzaW9uX2V4cGlyeSI6MzAwfQ:1vwz8C:49MzEFl5nO_JzLaia2J5-WTsJY3QEqAW76tbxNzlYGY"
	djangoSignedEmpty = "e30:1vwz8C:-XJFAUie8mXwAJEyQzikiqlmZNFqyPu8bmLC1220HDk"
	// compress=True: zlib saved enough bytes, so the payload starts with ".".
	djangoSignedZlib = ".eJxVjEEOwiAQRe_C2pBhKAO4dN8zkClQqRqalHZlvLsh6UK3_7333yLwsZdwtLyFJYmrUOLyu00cn7l2kB5c76uMa923ZZJdkSdtclxTft1O9--gcCu9jkiklYeMht08kFGaFSFEC4jZWqAElgx479hrpyCBHyhppJkjWPH5AqUYNhs:1vwz8C:Cd8OkyRJ64tZgcPdy1SsIpC6R0B8JyN921-aphRFKOw"
)

func TestSignerMatchesDjango(t *testing.T) {
	g := newSigner()
	at := Epoch.Add(500 * time.Millisecond)
	for _, tc := range []struct {
		data djData
		want string
	}{
		{djData{{keyAuthUserID, "1", false}, {"user_id", "1", true}, {keyExpiry, "300", true}}, djangoSignedPlain},
		{nil, djangoSignedEmpty},
	} {
		if got := g.dumps(tc.data, at); got != tc.want {
			t.Errorf("dumps(%s) =\n%s, want\n%s", tc.data, got, tc.want)
		}
		d, why := g.loads(nil, tc.want, at, 10)
		if why != "" || d.String() != tc.data.String() {
			t.Errorf("loads(%s) = %s %q", tc.want, d, why)
		}
	}
	d, why := g.loads(nil, djangoSignedZlib, at, 10)
	if why != "" || d.String() != `{"_auth_user_id": "1", "_auth_user_backend": "django.contrib.auth.backends.ModelBackend", "_auth_user_hash": "dc2663190e25a8f46513a1620c7022e7706d07650998a93810d0946d326fac07"}` {
		t.Errorf("loads(compressed) = %s %q", d, why)
	}
}

// signing.py TimestampSigner.unsign and Signer.unsign: every way a value
// fails, and the max_age boundary ("if age > max_age").
func TestSignerLoadsRejects(t *testing.T) {
	g := newSigner()
	v := djangoSignedPlain
	payload, rest, _ := strings.Cut(v, ":")
	for _, tc := range []struct {
		name, value string
		at          time.Duration
		ok          bool
	}{
		{"fresh", v, 0, true},
		{"at max_age exactly", v, 10 * time.Second, true},
		{"just past max_age", v, 10*time.Second + time.Millisecond, false},
		{"signed in the future", v, -time.Hour, true}, // a negative age is not > max_age
		{"payload edited", strings.Replace(payload, "iMSI", "iMiI", 1) + ":" + rest, 0, false},
		{"timestamp edited", payload + ":1vwz8D:" + rest[7:], 0, false},
		{"signature dropped", payload + ":1vwz8C", 0, false},
		{"no separator", "abcdefghijkl", 0, false},
		{"a server-side key", "abcdefghijklmnopqrstuvwxyz012345", 0, false},
		{"empty", "", 0, false},
	} {
		_, why := g.loads(nil, tc.value, Epoch.Add(tc.at), 10) // signed at int(Epoch + 0.5 s) = Epoch
		if (why == "") != tc.ok {
			t.Errorf("%s: loads error %q, want ok=%v", tc.name, why, tc.ok)
		}
	}
}

func TestBase62(t *testing.T) {
	for _, tc := range []struct {
		n int64
		s string
	}{{0, "0"}, {61, "z"}, {62, "10"}, {-1, "-1"}, {1772442000, "1vwz8C"}} { // django.utils.baseconv.base62
		if got := string(appendBase62(nil, tc.n)); got != tc.s {
			t.Errorf("b62_encode(%d) = %q, want %q", tc.n, got, tc.s)
		}
		if got, ok := parseBase62(tc.s); !ok || got != tc.n {
			t.Errorf("b62_decode(%q) = %d %v", tc.s, got, ok)
		}
	}
	for _, bad := range []string{"", "-", "1.5", "zzzzzzzzzzzz"} {
		if _, ok := parseBase62(bad); ok {
			t.Errorf("b62_decode(%q) succeeded", bad)
		}
	}
}

// JSONSerializer: json.dumps(separators=(",", ":")) with ensure_ascii; the
// want string is Python's output for the same dict.
func TestJSONData(t *testing.T) {
	d := djData{{"k", "é\n\"\\\u2028😀\x7f\x01/", false}, {"n", "-12", true}}
	want := `{"k":"\u00e9\n\"\\\u2028\ud83d\ude00\u007f\u0001/","n":-12}`
	if got := string(d.appendJSON(nil)); got != want {
		t.Errorf("dumps = %s, want %s", got, want)
	}
	back, ok := parseJSONData(nil, want)
	if !ok || back.String() != d.String() {
		t.Errorf("loads = %q %v", back, ok)
	}
	for _, tc := range []struct {
		in   string
		want string // "" when rejected
	}{
		{`{}`, `{}`},
		{` { "a" : "b" , "c" : 3 } `, `{"a": "b", "c": 3}`},
		{`{"a":"b","a":"c"}`, `{"a": "c"}`}, // a repeated key: the last value wins
		{`{"a":1.5}`, ""},
		{`{"a":01}`, ""},
		{`{"a":true}`, ""},
		{`{"a":{"b":1}}`, ""},
		{`{"a":"\x"}`, ""},
		{`{"a":"b"`, ""},
		{`{"a":"b"} x`, ""},
		{`[]`, ""},
	} {
		d, ok := parseJSONData(nil, tc.in)
		if got := d.String(); ok != (tc.want != "") || ok && got != tc.want {
			t.Errorf("parse %s = %s %v, want %s", tc.in, got, ok, tc.want)
		}
	}
}

// file.py load: get_expiry_age(expiry=...) in whole seconds, floored like
// timedelta.days*86400 + timedelta.seconds, expired at <= 0; an integer
// _session_expiry is returned as is.
func TestFileExpiryAge(t *testing.T) {
	mtime := Epoch
	for _, tc := range []struct {
		data djData
		now  time.Duration
		want int
	}{
		{nil, 0, 300},
		{nil, 299 * time.Second, 1},
		{nil, 299*time.Second + 500*time.Millisecond, 0}, // expires up to a second early
		{nil, 300 * time.Second, 0},
		{nil, 301*time.Second + 500*time.Millisecond, -2},
		{djData{{keyExpiry, "0", true}}, 300 * time.Second, 0},           // 0 is falsy: mtime + AGE
		{djData{{keyExpiry, "60", true}}, 1000 * time.Hour, 60},          // the quirk
		{djData{{keyExpiry, "60", true}}, 1000 * 24 * time.Hour, 60},     // still
		{djData{{keyExpiry, "2026-03-03", false}}, 300 * time.Second, 0}, // not modelled: only integers are stored
	} {
		if got := fileExpiryAge(tc.data, mtime, mtime.Add(tc.now), 300); got != tc.want {
			t.Errorf("%s at %v: %d, want %d", tc.data, tc.now, got, tc.want)
		}
	}
}

// file.py _key_to_file: InvalidSessionKey for characters outside [a-z0-9]
// (test_invalid_key_backslash, test_invalid_key_forwardslash): no session.
func TestFileKeyCharacters(t *testing.T) {
	w := newDJWorld(t, func(c *Config) { c.SessionEngine = EngineFile })
	for _, key := range []string{`a\b\c\d\e\f\g\h`, "a/b/c/d/e/f/g/h", "ABCDEFGHIJKLMNOP"} {
		s := djOpen(w, key)
		if s.get("x"); s.key != "" {
			t.Errorf("key %q kept", key)
		}
	}
}

func TestSessionsViewPerEngine(t *testing.T) {
	for _, tc := range []struct {
		engine    Engine
		n         int
		expires   string
		noteHas   string
		setExpiry int
	}{
		{EngineDB, 1, clock(300 * time.Second), "clearsessions", NoSetExpiry},
		{EngineCachedDB, 1, clock(300 * time.Second), "clearsessions", NoSetExpiry},
		{EngineCache, 0, "", "", NoSetExpiry}, // evicted at the end of its TTL
		{EngineFile, 1, clock(300 * time.Second), "next load", NoSetExpiry},
		{EngineFile, 1, "", "never expires", 60},
		{EngineSigned, 1, "", "nothing on the server", NoSetExpiry},
	} {
		w := newDJWorld(t, func(c *Config) { c.SessionEngine = tc.engine; c.SessionCookieAge = 300; c.SetExpiry = tc.setExpiry })
		w.client().loginAlice()
		w.advance(time.Hour)
		v := w.site.Sessions(w.now)
		if len(v) != tc.n || tc.n == 1 && (v[0].Expires != tc.expires || !strings.Contains(v[0].Note, tc.noteHas)) {
			t.Errorf("%s set_expiry(%d): %+v", tc.engine, tc.setExpiry, v)
		}
	}
}

// FuzzSignedLoads: arbitrary cookie values never panic, and whatever verifies
// re-signs to a value that loads the same data.
func FuzzSignedLoads(f *testing.F) {
	f.Add(djangoSignedPlain)
	f.Add(djangoSignedZlib)
	f.Add("e30:1vwz8C:")
	f.Add("::")
	f.Fuzz(func(t *testing.T, v string) {
		g := newSigner()
		d, why := g.loads(nil, v, Epoch, 1209600)
		if why != "" {
			return
		}
		again, why := g.loads(nil, g.dumps(d, Epoch), Epoch, 1209600)
		if why != "" || again.String() != d.String() {
			t.Fatalf("re-signed %s loads as %s %q", d, again, why)
		}
	})
}

// FuzzParseJSONData: no panic; what parses serializes and parses back equal.
func FuzzParseJSONData(f *testing.F) {
	f.Add(`{"a":"b","n":1}`)
	f.Add(`{"k":"\u00e9\n\"\\\u2028\ud83d\ude00"}`)
	f.Add(`{"a":-0}`)
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := parseJSONData(nil, s)
		if !ok {
			return
		}
		back, ok := parseJSONData(nil, string(d.appendJSON(nil)))
		if !ok || back.String() != d.String() {
			t.Fatalf("%q: round trip %s → %s", s, d, back)
		}
	})
}
