package sim

import (
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"
)

// djWorld is a site and a virtual clock for the tests.
type djWorld struct {
	t    testing.TB
	cfg  Config
	site *Site
	now  time.Time
}

func newDJWorld(t testing.TB, mutate func(*Config)) *djWorld {
	w := &djWorld{t: t, cfg: Defaults(), now: Epoch}
	if mutate != nil {
		mutate(&w.cfg)
	}
	w.site = NewSite(&w.cfg, NewRand(42))
	return w
}

func (w *djWorld) advance(d time.Duration) { w.now = w.now.Add(d) }

// djClient is a raw HTTP client, not a browser: it keeps every cookie it is
// sent, whatever the attributes, and drops one only on Max-Age=0, like the
// conformance runner (testdata/django/conformance.py). Browsers are
// modelled and tested elsewhere.
type djClient struct {
	w     *djWorld
	names []string
	vals  map[string]string
	token string // the form token of the last page that had one
	sent  string // the session cookie the last request carried
	extra string // "name=value" sent after the client's own cookies (a tossed cookie), "" for none
}

func (w *djWorld) client() *djClient { return &djClient{w: w, vals: map[string]string{}} }

func (c *djClient) header() string {
	var b strings.Builder
	for i, n := range c.names {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(n + "=" + c.vals[n])
	}
	return b.String()
}

func (c *djClient) set(name, value string) {
	if _, ok := c.vals[name]; !ok {
		c.names = append(c.names, name)
	}
	c.vals[name] = value
}

func (c *djClient) drop(name string) {
	delete(c.vals, name)
	for i, n := range c.names {
		if n == name {
			c.names = append(c.names[:i], c.names[i+1:]...)
			return
		}
	}
}

func (c *djClient) cookie(name string) string { return c.vals[name] }
func (c *djClient) sid() string               { return c.vals[c.w.cfg.SessionCookieName] }

// copyTo gives other this client's session cookie (a theft, or a plant).
func (c *djClient) copyTo(other *djClient) {
	other.set(c.w.cfg.SessionCookieName, c.sid())
}

// send serves req with the client's cookies and keeps what comes back.
func (c *djClient) send(req Request) Response {
	req.Cookie = c.header()
	if c.extra != "" {
		req.Cookie += "; " + c.extra
	}
	c.sent = c.sid()
	r := c.w.site.Serve(req, c.w.now)
	for _, line := range r.SetCookies {
		name, rest, _ := strings.Cut(line, "=")
		value, _, _ := strings.Cut(rest, ";")
		if strings.Contains(line, "; Max-Age=0") {
			c.drop(name)
		} else {
			c.set(name, strings.Trim(value, `"`))
		}
	}
	if r.CSRFToken != "" {
		c.token = r.CSRFToken
	}
	return r
}

func (c *djClient) get(rawurl string) Response {
	return c.send(Request{Method: "GET", URL: djURL(rawurl)})
}

// post submits a same-origin form with the client's last page token.
func (c *djClient) post(rawurl string, form map[string]string) Response {
	u := djURL(rawurl)
	f := map[string]string{csrfFormField: c.token}
	for k, v := range form {
		f[k] = v
	}
	return c.send(Request{Method: "POST", URL: u, Form: f, Origin: u.Origin(), Referer: u.Origin() + "/account/"})
}

// djURL takes a path on the site over HTTPS, or a full URL.
func djURL(s string) URL {
	if strings.HasPrefix(s, "/") {
		s = SiteOrigin + s
	}
	return MustURL(s)
}

func (c *djClient) login(user, password string) Response {
	c.get("/login/")
	return c.post("/login/", map[string]string{"username": user, "password": password})
}

func (c *djClient) loginAlice() Response { return c.login(UserAlice, PasswordAlice) }

// whoami is the account page's user, "" when it redirects to the login page.
func (c *djClient) whoami() string {
	r := c.get("/account/")
	if r.Status == 200 {
		return r.User
	}
	if r.Status != 302 {
		c.w.t.Fatalf("GET /account/: status %d", r.Status)
	}
	return ""
}

var allEngines = []Engine{EngineDB, EngineCache, EngineCachedDB, EngineFile, EngineSigned}

func forEngines(t *testing.T, mutate func(*Config), f func(t *testing.T, w *djWorld)) {
	for _, e := range allEngines {
		t.Run(string(e), func(t *testing.T) {
			f(t, newDJWorld(t, func(c *Config) {
				c.SessionEngine = e
				if mutate != nil {
					mutate(c)
				}
			}))
		})
	}
}

func header(r Response, name string) string {
	m := Message{Headers: r.Headers}
	return m.Header(name)
}

// sessionChange is what r did to the session cookie c sent, as
// conformance.py session_change says it: "none", "deleted", "same" or "new".
func (c *djClient) sessionChange(r Response) string {
	line := sessionCookieLine(r, c.w.cfg.SessionCookieName)
	switch {
	case line == "":
		return "none"
	case strings.Contains(line, "; Max-Age=0"):
		return "deleted"
	case djCookieValue(line) == c.sent:
		return "same"
	}
	return "new"
}

func sessionCookieLine(r Response, name string) string {
	for _, l := range r.SetCookies {
		if strings.HasPrefix(l, name+"=") {
			return l
		}
	}
	return ""
}

// Reference §5.6 "Replay stolen cookie after victim logout": only
// signed_cookies keeps it valid (sessions.txt "No freshness guarantee";
// signed_cookies.py delete() only forgets the local copy).
func TestReplayAfterLogout(t *testing.T) {
	want := map[Engine]string{EngineDB: "", EngineCache: "", EngineCachedDB: "", EngineFile: "", EngineSigned: UserAlice}
	forEngines(t, nil, func(t *testing.T, w *djWorld) {
		victim, thief := w.client(), w.client()
		victim.loginAlice()
		victim.copyTo(thief)
		victim.get("/account/")
		if r := victim.post("/logout/", nil); r.Status != 302 || !strings.Contains(sessionCookieLine(r, "sessionid"), "Max-Age=0") {
			t.Fatalf("logout: %d %q", r.Status, r.SetCookies)
		}
		w.advance(time.Minute)
		if got := thief.whoami(); got != want[w.cfg.SessionEngine] {
			t.Errorf("replay after logout: user %q, want %q", got, want[w.cfg.SessionEngine])
		}
	})
}

// Reference §5.4 and §5.5: an integer set_expiry is enforced by db, cache and
// cached_db, but not by file (file.py _expiry_date returns the int, which
// get_expiry_age returns as is, so the file never expires, not even after
// SESSION_COOKIE_AGE) nor by signed_cookies (#19201, CookieSessionTests
// .test_actual_expiry is an expectedFailure), which enforces only
// SESSION_COOKIE_AGE.
func TestIntSetExpiryEnforcement(t *testing.T) {
	type alive struct{ afterN, afterAge bool }
	want := map[Engine]alive{EngineDB: {}, EngineCache: {}, EngineCachedDB: {}, EngineFile: {true, true}, EngineSigned: {true, false}}
	forEngines(t, func(c *Config) { c.SetExpiry = 300; c.SessionCookieAge = 3600 }, func(t *testing.T, w *djWorld) {
		victim, thief := w.client(), w.client()
		r := victim.loginAlice()
		if l := sessionCookieLine(r, "sessionid"); !strings.Contains(l, "; Max-Age=300;") {
			t.Fatalf("cookie %q: want Max-Age=300", l)
		}
		victim.copyTo(thief)
		w.advance(299 * time.Second)
		if got := thief.whoami(); got != UserAlice {
			t.Fatalf("at 299 s: %q", got)
		}
		var got alive
		w.advance(2 * time.Second)
		got.afterN = thief.whoami() == UserAlice
		w.advance(3600 * time.Second)
		got.afterAge = thief.whoami() == UserAlice
		if got != want[w.cfg.SessionEngine] {
			t.Errorf("logged in after set_expiry, after SESSION_COOKIE_AGE = %v, want %v", got, want[w.cfg.SessionEngine])
		}
	})
}

// Reference §3.3 and §10.1: SESSION_COOKIE_AGE counts from the last save.
// Without SESSION_SAVE_EVERY_REQUEST reads do not extend it; with it, every
// request slides both the record and the cookie, the thief's too (§10.2).
func TestSaveEveryRequestSlides(t *testing.T) {
	for _, every := range []bool{false, true} {
		forEngines(t, func(c *Config) { c.SessionCookieAge = 300; c.SessionSaveEveryRequest = every }, func(t *testing.T, w *djWorld) {
			victim := w.client()
			victim.loginAlice()
			for i := 1; i <= 3; i++ {
				w.advance(200 * time.Second)
				r := victim.get("/account/")
				loggedIn := r.Status == 200
				if wantIn := every || i == 1; loggedIn != wantIn {
					t.Fatalf("save_every=%v, request %d at %d s: logged in %v, want %v", every, i, 200*i, loggedIn, wantIn)
				}
				if every {
					want := "expires=" + string(appendHTTPDate(nil, w.now.Unix()+300)) + "; HttpOnly; Max-Age=300"
					if l := sessionCookieLine(r, "sessionid"); !strings.Contains(l, want) {
						t.Fatalf("request %d: cookie %q, want %q", i, l, want)
					}
				}
			}
		})
	}
}

// Reference §10.6 (verified on Django 5.2): with SESSION_SAVE_EVERY_REQUEST a
// stale key on a request that never reads the session makes even the db
// backend create a brand-new empty session, against settings.txt's "Empty
// sessions won't be created". Without the setting nothing is sent.
func TestStaleKeyNewEmptySession(t *testing.T) {
	for _, every := range []bool{false, true} {
		w := newDJWorld(t, func(c *Config) { c.SessionSaveEveryRequest = every })
		c := w.client()
		c.set("sessionid", "abcdefghijklmnopqrstuvwxyz012345")
		r := c.get("/login/") // the login form never touches the session
		line := sessionCookieLine(r, "sessionid")
		if every == (line == "") || strings.Contains(line, "abcdefghijklmnopqrstuvwxyz012345") {
			t.Errorf("SAVE_EVERY_REQUEST=%v: session cookie %q", every, line)
		}
		if n := len(w.site.Sessions(w.now)); n != map[bool]int{false: 0, true: 1}[every] {
			t.Errorf("SAVE_EVERY_REQUEST=%v: %d stored sessions", every, n)
		}
	}
}

// Reference §4.1 (test_session_key_flushed_on_login_after_password_change:
// "If no password change, session key should not be flushed"): the same user
// logging in again keeps the key, so a stolen key outlives the re-login.
func TestSameUserReloginKeepsKey(t *testing.T) {
	forEngines(t, nil, func(t *testing.T, w *djWorld) {
		victim, thief := w.client(), w.client()
		victim.loginAlice()
		before := victim.sid()
		victim.copyTo(thief)
		victim.loginAlice()
		if w.cfg.SessionEngine != EngineSigned && victim.sid() != before {
			t.Errorf("re-login changed the key")
		}
		if got := thief.whoami(); got != UserAlice {
			t.Errorf("the stolen key after the victim's re-login: %q, want alice", got)
		}
	})
}

// DESIGN.md session-fixation: the attacker gets a stored anonymous key
// (/cart/add/) and plants it. auth.login cycles it (base.py cycle_key, the
// fixation defence); the card's code keeps it. signed_cookies: the planted
// value carries no user, and the attacker cannot forge the new one.
func TestSessionFixation(t *testing.T) {
	want := map[LoginCode]map[Engine]string{
		LoginAuth:        {},
		LoginHandWritten: {EngineDB: UserAlice, EngineCache: UserAlice, EngineCachedDB: UserAlice, EngineFile: UserAlice},
	}
	for _, login := range []LoginCode{LoginAuth, LoginHandWritten} {
		forEngines(t, func(c *Config) { c.Login = login }, func(t *testing.T, w *djWorld) {
			attacker, victim := w.client(), w.client()
			if r := attacker.get("/cart/add/"); r.Status != 200 || attacker.sid() == "" {
				t.Fatalf("cart: %d %q", r.Status, r.SetCookies)
			}
			attacker.copyTo(victim)
			victim.loginAlice()
			if got := attacker.whoami(); got != want[login][w.cfg.SessionEngine] {
				t.Errorf("%s login: the planted key is logged in as %q, want %q", login, got, want[login][w.cfg.SessionEngine])
			}
		})
	}
}

// Reference §3.1 "Unknown / expired keys are never adopted"
// (test_session_load_does_not_create_record, test_invalid_key).
func TestUnknownKeyNeverAdopted(t *testing.T) {
	forEngines(t, nil, func(t *testing.T, w *djWorld) {
		c := w.client()
		const chosen = "attackerchosenkey000000000000000"
		c.set("sessionid", chosen)
		r := c.get("/cart/add/")
		if c.sid() == chosen || c.sid() == "" {
			t.Fatalf("cart with a chosen key: cookies %q", r.SetCookies)
		}
		if data, _ := w.site.Session(chosen, w.now); data != nil {
			t.Errorf("a record exists under the chosen key: %v", data)
		}
	})
}

func TestRoutes(t *testing.T) {
	w := newDJWorld(t, nil)
	c := w.client()
	c.loginAlice()
	cases := []struct {
		method, url string
		status      int
		location    string
	}{
		{"GET", "/transfer/?to=mallory&amount=5", 405, ""}, // require POST unless state_changing_get
		{"GET", "/logout/", 405, ""},                       // LogoutView: POST only since 5.0
		{"POST", "/", 403, ""},                             // CSRF comes before the view's method check
		{"GET", "/account", 301, "/account/"},              // CommonMiddleware APPEND_SLASH
		{"GET", "/nowhere/", 404, ""},
		{"GET", "https://" + SiblingHost + "/", 400, ""}, // ALLOWED_HOSTS
		{"GET", "/", 200, ""},
	}
	for _, tc := range cases {
		r := c.send(Request{Method: tc.method, URL: djURL(tc.url)})
		if r.Status != tc.status || header(r, "Location") != tc.location {
			t.Errorf("%s %s: %d %q, want %d %q", tc.method, tc.url, r.Status, header(r, "Location"), tc.status, tc.location)
		}
	}
}

// DESIGN.md csrf-cross-site-get: a state-changing GET needs no token.
func TestStateChangingGET(t *testing.T) {
	w := newDJWorld(t, func(c *Config) { c.StateChangingGET = true })
	c := w.client()
	c.loginAlice()
	r := c.send(Request{Method: "GET", URL: djURL("/transfer/?to=mallory&amount=100"), Referer: "https://" + AttackerHost + "/"})
	if r.Status != 200 || r.Did != "transferred 100 to mallory" || r.User != UserAlice {
		t.Errorf("GET transfer: %d %q %q", r.Status, r.Did, r.User)
	}
}

func TestSessionsView(t *testing.T) {
	w := newDJWorld(t, func(c *Config) { c.SessionCookieAge = 300 })
	c := w.client()
	c.loginAlice()
	views := w.site.Sessions(w.now)
	if len(views) != 1 || views[0].Key != c.sid() || views[0].Expires != clock(300*time.Second) || views[0].Note != "" ||
		!strings.HasPrefix(views[0].Data, `{"_auth_user_id": "1", "_auth_user_backend": "django.contrib.auth.backends.ModelBackend", "_auth_user_hash": "`) {
		t.Fatalf("Sessions: %+v", views)
	}
	data, alive := w.site.Session(c.sid(), w.now)
	if !alive || data[keyAuthUserID] != "1" {
		t.Errorf("Session: %v %v", data, alive)
	}
	w.advance(300 * time.Second)
	if _, alive := w.site.Session(c.sid(), w.now); alive {
		t.Errorf("alive at expire_date")
	}
	if v := w.site.Sessions(w.now); len(v) != 1 || !strings.Contains(v[0].Note, "clearsessions") {
		t.Errorf("an expired db row: %+v", v)
	}

	s := newDJWorld(t, func(c *Config) { c.SessionEngine = EngineSigned })
	sc := s.client()
	sc.loginAlice()
	if v := s.site.Sessions(s.now); len(v) != 1 || v[0].Key != "" || v[0].Note == "" {
		t.Errorf("signed_cookies Sessions: %+v", v)
	}
	if data, alive := s.site.Session(sc.sid(), s.now); !alive || data[keyAuthUserID] != "1" {
		t.Errorf("signed_cookies Session: %v %v", data, alive)
	}
}

// A Site is deterministic: the same seed and requests give the same bytes.
func TestServeDeterministic(t *testing.T) {
	run := func() []Response {
		w := newDJWorld(t, nil)
		c := w.client()
		var out []Response
		out = append(out, c.get("/login/"), c.post("/login/", map[string]string{"username": UserAlice, "password": PasswordAlice}))
		out = append(out, c.get("/account/"), c.post("/transfer/", map[string]string{"to": UserMallory, "amount": "7"}))
		return out
	}
	if a, b := run(), run(); !reflect.DeepEqual(a, b) {
		t.Errorf("two runs differ")
	}
}

// FuzzServe sends arbitrary headers and form values: the site must answer
// with a valid status and never panic.
func FuzzServe(f *testing.F) {
	f.Add("POST", "/transfer/", "sessionid=abc; csrftoken=x", "https://evil.example.net", "", "tok", false)
	f.Add("GET", "/account/", `sessionid="\101bc\"defghijk"; a=b`, "", "https://bank.example.com/", "", true)
	f.Add("POST", "/login/", "csrftoken="+strings.Repeat("a", 64), "null", "http://[::1/", strings.Repeat("b", 64), false)
	f.Fuzz(func(t *testing.T, method, path, cookie, origin, referer, token string, signed bool) {
		u, err := ParseURL("https://" + SiteHost + "/" + strings.TrimPrefix(path, "/"))
		if err != nil {
			return
		}
		cfg := Defaults()
		if signed {
			cfg.SessionEngine = EngineSigned
			cfg.CSRFUseSessions = true
		}
		s := NewSite(&cfg, NewRand(1))
		r := s.Serve(Request{Method: method, URL: u, Cookie: cookie, Origin: origin, Referer: referer, XCSRFToken: token,
			Form: map[string]string{csrfFormField: token, "username": UserAlice, "password": PasswordAlice}}, Epoch)
		if r.Status < 200 || r.Status > 599 {
			t.Fatalf("status %d", r.Status)
		}
	})
}

// BenchmarkSiteServe is one session's life on the default site: login form,
// login, two page views, a transfer, logout: six requests per iteration.
func BenchmarkSiteServe(b *testing.B) {
	for _, e := range []Engine{EngineDB, EngineSigned} {
		b.Run(string(e), func(b *testing.B) {
			cfg := Defaults()
			cfg.SessionEngine = e
			site := NewSite(&cfg, NewRand(1))
			login := map[string]string{"username": UserAlice, "password": PasswordAlice}
			transfer := map[string]string{"to": UserMallory, "amount": "100"}
			origin := SiteOrigin
			get := func(u URL, cookie string) Response {
				return site.Serve(Request{Method: "GET", URL: u, Cookie: cookie}, Epoch)
			}
			loginURL, accountURL, transferURL, logoutURL := djURL("/login/"), djURL("/account/"), djURL("/transfer/"), djURL("/logout/")
			b.ReportAllocs()
			for b.Loop() {
				r := get(loginURL, "")
				csrf := "csrftoken=" + djCookieValue(r.SetCookies[0])
				login[csrfFormField] = r.CSRFToken
				r = site.Serve(Request{Method: "POST", URL: loginURL, Cookie: csrf, Origin: origin, Form: login}, Epoch)
				cookie := "csrftoken=" + djCookieValue(r.SetCookies[0]) + "; sessionid=" + djCookieValue(r.SetCookies[1])
				get(accountURL, cookie)
				r = get(accountURL, cookie)
				transfer[csrfFormField] = r.CSRFToken
				site.Serve(Request{Method: "POST", URL: transferURL, Cookie: cookie, Origin: origin, Form: transfer}, Epoch)
				site.Serve(Request{Method: "POST", URL: logoutURL, Cookie: cookie, Origin: origin, Form: transfer}, Epoch)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(6*b.N), "ns/request")
		})
	}
}

func djCookieValue(line string) string {
	_, rest, _ := strings.Cut(line, "=")
	v, _, _ := strings.Cut(rest, ";")
	return v
}

// The transfer form's values reach Did unchanged, GET ones percent-decoded.
func TestTransferDid(t *testing.T) {
	w := newDJWorld(t, func(c *Config) { c.StateChangingGET = true })
	c := w.client()
	c.loginAlice()
	q := url.Values{"to": {"mallory"}, "amount": {"1 000"}}
	if r := c.get("/transfer/?" + q.Encode()); r.Did != "transferred 1 000 to mallory" {
		t.Errorf("Did %q", r.Did)
	}
}
