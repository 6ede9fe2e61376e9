package sim

import (
	"strings"
	"testing"
	"time"
)

// django/http/cookie.py parse_cookie, with the cases of Django's
// httpwrappers CookieTests (test_python_cookies, test_cookie_edgecases,
// test_invalid_cookies). want lists every cookie of the parsed dict.
func TestParseCookie(t *testing.T) {
	for _, tc := range []struct {
		header string
		want   map[string]string
	}{
		{"chips=ahoy; vienna=finger", map[string]string{"chips": "ahoy", "vienna": "finger"}},
		// All semicolons are delimiters, even within quotes.
		{`keebler="E=mc2; L=\"Loves\"; fudge=\012;"`, map[string]string{"keebler": `"E=mc2`, "L": `\"Loves\"`, "fudge": `\012`, "": `"`}},
		{"keebler=E=mc2", map[string]string{"keebler": "E=mc2"}},
		{"key:term=value:term", map[string]string{"key:term": "value:term"}},
		{"a=b; c=[; d=r; f=h", map[string]string{"a": "b", "c": "[", "d": "r", "f": "h"}},
		{"a=b; Domain=example.com", map[string]string{"a": "b", "Domain": "example.com"}},
		// "parse_cookie() has historically kept only the last cookie with the same name."
		{"a=b; h=i; a=c", map[string]string{"a": "c", "h": "i"}},
		{"abc=def; unnamed; django_language=en", map[string]string{"abc": "def", "": "unnamed", "django_language": "en"}},
		{`a=b; "; c=d`, map[string]string{"a": "b", "": `"`, "c": "d"}},
		{"a b c=d e = f; gh=i", map[string]string{"a b c": "d e = f", "gh": "i"}},
		{`a   b,c<>@:/[]?{}=d  "  =e,f g`, map[string]string{"a   b,c<>@:/[]?{}": `d  "  =e,f g`}},
		{"saint=André Bessette", map[string]string{"saint": "André Bessette"}},
		{"  =  b  ;  ;  =  ;   c  =  ;  ", map[string]string{"": "b", "c": ""}},
		// http.cookies._unquote: quotes removed, \ooo and \c unescaped.
		{`sessionid="abc\"d\\e\101"`, map[string]string{"sessionid": `abc"d\eA`}},
		{"a=\x1cb\xa0", map[string]string{"a": "b"}}, // str.strip(): \x1c and NBSP are whitespace
	} {
		got := djParseCookieRef(tc.header)
		if len(got) != len(tc.want) {
			t.Errorf("parse_cookie(%q) = %q, want %q", tc.header, got, tc.want)
		}
		for name, v := range tc.want {
			if got, ok := djLookupCookie(tc.header, name); !ok || got != v {
				t.Errorf("parse_cookie(%q)[%q] = %q %v, want %q", tc.header, name, got, ok, v)
			}
		}
		if _, ok := djLookupCookie(tc.header, "absent"); ok {
			t.Errorf("parse_cookie(%q) has 'absent'", tc.header)
		}
	}
}

// djParseCookieRef is parse_cookie written the way Python writes it, a whole
// dict at once, as a second opinion on djLookupCookie.
func djParseCookieRef(header string) map[string]string {
	m := map[string]string{}
	for _, chunk := range strings.Split(header, ";") {
		k, v, ok := strings.Cut(chunk, "=")
		if !ok {
			k, v = "", chunk
		}
		k, v = pyStrip(k), pyStrip(v)
		if k != "" || v != "" {
			m[k] = pyCookieUnquote(v)
		}
	}
	return m
}

// FuzzLookupCookie: djLookupCookie agrees with the dict-building parse for
// every name in it.
func FuzzLookupCookie(f *testing.F) {
	f.Add("sessionid=abc; sessionid=def", "sessionid")
	f.Add(`a="\"\\\012"; =x; b`, "")
	f.Add("  =  b  ;  ;  =  ;   c  =  ;  ", "c")
	f.Fuzz(func(t *testing.T, header, name string) {
		ref := djParseCookieRef(header)
		want, wantOK := ref[name]
		got, ok := djLookupCookie(header, name)
		if ok != wantOK || got != want {
			t.Fatalf("lookup(%q, %q) = %q %v, dict says %q %v", header, name, got, ok, want, wantOK)
		}
	})
}

// HttpResponse.set_cookie / delete_cookie through Morsel.OutputString: the
// attribute order and spelling of sessions_tests SessionMiddlewareTests.
func TestSetCookieLines(t *testing.T) {
	exp := Epoch.Unix() + 1209600
	for _, tc := range []struct {
		name string
		got  string
		want string
	}{
		{"defaults (test_httponly_session_cookie, test_samesite_session_cookie)",
			djCookie{name: "sessionid", value: "k", maxAge: 1209600, hasMaxAge: true, expires: exp, hasExpires: true, path: "/", httpOnly: true, sameSite: "Lax"}.format(nil),
			"sessionid=k; expires=Mon, 16 Mar 2026 09:00:00 GMT; HttpOnly; Max-Age=1209600; Path=/; SameSite=Lax"},
		{"test_secure_session_cookie, test_no_httponly_session_cookie",
			djCookie{name: "sessionid", value: "k", maxAge: 1209600, hasMaxAge: true, expires: exp, hasExpires: true, path: "/", secure: true, sameSite: "Strict"}.format(nil),
			"sessionid=k; expires=Mon, 16 Mar 2026 09:00:00 GMT; Max-Age=1209600; Path=/; SameSite=Strict; Secure"},
		{"browser-session cookie, Domain, SameSite False",
			djCookie{name: "__Host-sessionid", value: "k", domain: ".example.com", path: "/", httpOnly: true}.format(nil),
			"__Host-sessionid=k; Domain=.example.com; HttpOnly; Path=/"},
		{"SameSite=None without Secure is emitted as is",
			djCookie{name: "sessionid", value: "k", path: "/", sameSite: "None"}.format(nil),
			"sessionid=k; Path=/; SameSite=None"},
		{"test_session_delete_on_end",
			djDeleteCookie("sessionid", "/", "", "Lax").format(nil),
			`sessionid=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/; SameSite=Lax`},
		{"test_session_delete_on_end_with_custom_domain_and_path",
			djDeleteCookie("sessionid", "/example/", ".example.local", "Lax").format(nil),
			`sessionid=""; Domain=.example.local; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/example/; SameSite=Lax`},
		{"delete_cookie adds Secure for a __Host- name",
			djDeleteCookie("__Host-sessionid", "/", "", "Strict").format(nil),
			`__Host-sessionid=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/; SameSite=Strict; Secure`},
		{"delete_cookie adds Secure for SameSite=None",
			djDeleteCookie("sessionid", "/", "", "None").format(nil),
			`sessionid=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/; SameSite=None; Secure`},
		{"delete_cookie with SameSite False",
			djDeleteCookie("sessionid", "/", "", "").format(nil),
			`sessionid=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/`},
	} {
		if tc.got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, tc.got, tc.want)
		}
	}
}

// django.utils.http.http_date (the first want is Django 3.2's output for
// 1773651600).
func TestHTTPDate(t *testing.T) {
	for _, tc := range []struct {
		unix int64
		want string
	}{{1773651600, "Mon, 16 Mar 2026 09:00:00 GMT"}, {0, "Thu, 01 Jan 1970 00:00:00 GMT"}, {951782400, "Tue, 29 Feb 2000 00:00:00 GMT"}} {
		if got := string(appendHTTPDate(nil, tc.unix)); got != tc.want {
			t.Errorf("http_date(%d) = %q, want %q", tc.unix, got, tc.want)
		}
	}
}

// SessionMiddleware.process_response's decision table (reference §2.1), one
// row per case, through the whole stack.
func TestSessionMiddlewareDecisions(t *testing.T) {
	for _, tc := range []struct {
		name   string
		mutate func(*Config)
		run    func(w *djWorld, c *djClient) Response
		status int
		cookie string // what the response did to the session cookie sent
		vary   bool
	}{
		{"accessed only: Vary, no cookie", nil, func(w *djWorld, c *djClient) Response {
			c.loginAlice()
			return c.get("/")
		}, 200, "none", true},
		{"neither accessed nor modified: nothing", nil, func(w *djWorld, c *djClient) Response {
			c.set("sessionid", "abcdefghijklmnopqrstuvwxyz012345")
			return c.send(Request{Method: "GET", URL: djURL("/nowhere/")})
		}, 404, "none", false},
		{"test_session_delete_on_end: flushed with a cookie", nil, func(w *djWorld, c *djClient) Response {
			c.loginAlice()
			c.get("/account/")
			return c.post("/logout/", nil)
		}, 302, "deleted", true},
		{"test_flush_empty_without_session_cookie_doesnt_set_cookie", nil, func(w *djWorld, c *djClient) Response {
			c.get("/login/")
			return c.post("/logout/", nil)
		}, 302, "none", true},
		{"test_empty_session_saved: emptied but keyed, saved and re-sent", func(c *Config) { c.Login, c.Logout = LoginHandWritten, LogoutHandWritten }, func(w *djWorld, c *djClient) Response {
			c.loginAlice()
			c.get("/account/")
			return c.post("/logout/", nil)
		}, 302, "same", true},
		{"a short key is None: deleted even unread", nil, func(w *djWorld, c *djClient) Response {
			c.set("sessionid", "short")
			return c.send(Request{Method: "GET", URL: djURL("/nowhere/")})
		}, 404, "deleted", true},
		{"unknown key, read: deleted (db)", nil, func(w *djWorld, c *djClient) Response {
			c.set("sessionid", "abcdefghijklmnopqrstuvwxyz012345")
			return c.get("/")
		}, 200, "deleted", true},
		{"unknown key, read: a new session (signed_cookies)", func(c *Config) { c.SessionEngine = EngineSigned }, func(w *djWorld, c *djClient) Response {
			c.set("sessionid", "abcdefghijklmnopqrstuvwxyz012345")
			return c.get("/")
		}, 200, "new", true},
		{"expired file: a new session", func(c *Config) { c.SessionEngine = EngineFile; c.SessionCookieAge = 60 }, func(w *djWorld, c *djClient) Response {
			c.loginAlice()
			w.advance(time.Minute)
			return c.get("/")
		}, 200, "new", true},
		{"test_session_save_on_500: no save, no cookie", func(c *Config) { c.Logout = LogoutHandWritten; c.SessionSaveEveryRequest = true }, func(w *djWorld, c *djClient) Response {
			c.loginAlice()
			c.get("/account/")
			return c.post("/logout/", nil) // del request.session['user_id'] after auth.login: KeyError
		}, 500, "none", true},
		{"SAVE_EVERY_REQUEST below 500: saved and re-sent", func(c *Config) { c.SessionSaveEveryRequest = true }, func(w *djWorld, c *djClient) Response {
			c.loginAlice()
			return c.get("/")
		}, 200, "same", true},
		{"the 301 of SECURE_SSL_REDIRECT never reaches SessionMiddleware", func(c *Config) { c.SecureSSLRedirect = true; c.SessionSaveEveryRequest = true }, func(w *djWorld, c *djClient) Response {
			c.loginAlice()
			return c.send(Request{Method: "GET", URL: MustURL("http://" + SiteHost + "/")})
		}, 301, "none", false},
	} {
		w := newDJWorld(t, tc.mutate)
		c := w.client()
		r := tc.run(w, c)
		got := c.sessionChange(r)
		const deleted = `sessionid=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/; SameSite=Lax`
		if got == "deleted" && sessionCookieLine(r, "sessionid") != deleted {
			t.Errorf("%s: deletion %q, want %q", tc.name, sessionCookieLine(r, "sessionid"), deleted)
		}
		if r.Status != tc.status || got != tc.cookie || (header(r, "Vary") == "Cookie") != tc.vary {
			t.Errorf("%s: status %d cookie %q (%q) vary %q; want %d %q vary=%v", tc.name, r.Status, got, r.SetCookies, header(r, "Vary"), tc.status, tc.cookie, tc.vary)
		}
	}
}

// SecurityMiddleware (reference §7): SECURE_SSL_REDIRECT answers plain HTTP
// with a 301 and no HSTS; HSTS only on secure responses; nothing at all
// without the middleware. The CSP middleware adds its header everywhere but
// on the 301 made before it.
func TestSecurityMiddleware(t *testing.T) {
	for _, tc := range []struct {
		name         string
		mutate       func(*Config)
		url          string
		status       int
		location     string
		hsts, csp    string
		ssrCheck     bool // a SECURE_SSL_REDIRECT check is recorded
		ssrCheckPass bool
	}{
		{"HSTS on HTTPS", func(c *Config) { c.SecureHSTSSeconds = 31536000 }, "https://bank.example.com/", 200, "", "max-age=31536000", "", false, false},
		{"no HSTS on HTTP", func(c *Config) { c.SecureHSTSSeconds = 31536000 }, "http://bank.example.com/", 200, "", "", "", false, false},
		{"includeSubDomains; preload", func(c *Config) {
			c.SecureHSTSSeconds, c.SecureHSTSIncludeSubdomains, c.SecureHSTSPreload = 3600, true, true
		}, "https://bank.example.com/", 200, "", "max-age=3600; includeSubDomains; preload", "", false, false},
		{"301 without HSTS", func(c *Config) { c.SecureSSLRedirect, c.SecureHSTSSeconds = true, 3600 },
			"http://bank.example.com/transfer/?to=mallory&amount=1", 301, "https://bank.example.com/transfer/?to=mallory&amount=1", "", "", true, false},
		{"HTTPS passes the redirect check", func(c *Config) { c.SecureSSLRedirect, c.SecureHSTSSeconds = true, 3600 },
			"https://bank.example.com/", 200, "", "max-age=3600", "", true, true},
		{"middleware off: neither", func(c *Config) { c.SecurityMiddleware, c.SecureSSLRedirect, c.SecureHSTSSeconds = false, true, 3600 },
			"http://bank.example.com/", 200, "", "", "", false, false},
		{"SECURE_CSP", func(c *Config) { c.SecureCSP = true }, "http://bank.example.com/", 200, "", "", SecureCSPPolicy, false, false},
	} {
		w := newDJWorld(t, tc.mutate)
		r := w.client().send(Request{Method: "GET", URL: MustURL(tc.url)})
		check := false
		for _, ch := range r.Checks {
			if ch.Source == djSrcSSLRedirect {
				check = true
				if ch.Passed != tc.ssrCheckPass {
					t.Errorf("%s: redirect check passed=%v", tc.name, ch.Passed)
				}
			}
		}
		if r.Status != tc.status || header(r, "Location") != tc.location || header(r, "Strict-Transport-Security") != tc.hsts ||
			header(r, "Content-Security-Policy") != tc.csp || check != tc.ssrCheck {
			t.Errorf("%s: %d %+v checks %+v", tc.name, r.Status, r.Headers, r.Checks)
		}
	}
}
