package sim

// TestDjangoRandom is the conformance suite's randomized counterpart: from a
// fixed seed it draws configurations over every Config field the conformance
// site honours (testdata/django/bank/settings.py from_config) and scripts of
// realistic requests, and runs them through the same machinery as
// cases.json (confRun: one conformance.py run for all cases, the same
// request-by-request comparison, the signed_cookies values checked both
// ways). A failing case is logged as JSON, ready to be pinned in cases.json.
//
// -django.seed and -django.n change the seed and the number of cases, to
// explore further than the default run (go test ./sim -run TestDjangoRandom
// -django.seed 7 -django.n 2000).
//
// Random cases never narrow a comparison, and draw what 5.2 does that older
// Djangos did not: Origin headers checked on every unsafe request (cross-site,
// sibling, other-scheme, "null", with and without a Referer), APPEND_SLASH
// redirects with CSRF_USE_SESSIONS, CSRF cookies the server never set
// (malformed ones included), and a session and CSRF cookie of the same name.
// SECURE_CSP (6.0) stays at its default.

import (
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

var (
	djangoSeed = flag.Uint64("django.seed", 20260302, "seed of TestDjangoRandom's cases")
	djangoN    = flag.Int("django.n", 400, "number of TestDjangoRandom's cases")
)

func TestDjangoRandom(t *testing.T) {
	if testing.Short() {
		t.Skip("the randomized conformance run takes seconds; -short skips it")
	}
	needDjango(t)
	seed, n := *djangoSeed, *djangoN
	r := rand.New(rand.NewPCG(seed, 0xd1a90))
	cases := make([]confCase, n)
	fwd := make([]map[string]any, n)
	for i := range cases {
		cases[i] = genDjangoCase(r, fmt.Sprintf("random-%d-%03d", seed, i))
		b, err := json.Marshal(cases[i])
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, &fwd[i]); err != nil {
			t.Fatal(err)
		}
	}
	confRun(t, cases, fwd, true)
}

// djGen draws one case.
type djGen struct {
	r     *rand.Rand
	cfg   Config
	over  map[string]string
	steps []confStep
}

func (g *djGen) chance(p float64) bool { return g.r.Float64() < p }

func djPick[T any](r *rand.Rand, xs ...T) T { return xs[r.IntN(len(xs))] }

// set records an override and applies it to the generator's view of the Config.
func (g *djGen) set(key, value string) {
	if err := g.cfg.Set(key, value); err != nil {
		panic(key + ": " + err.Error())
	}
	g.over[key] = value
}

func genDjangoCase(r *rand.Rand, name string) confCase {
	g := &djGen{r: r, cfg: Defaults(), over: map[string]string{}}
	g.genConfig()
	g.genSteps()
	// Keep only the overrides that differ from Defaults: the JSON is then
	// what a hand-written case would say.
	def := Defaults()
	for k, v := range g.over {
		if f, _ := FieldByKey(k); f.Get(&def) == v {
			delete(g.over, k)
		}
	}
	return confCase{Name: name, Source: "TestDjangoRandom", Config: g.over, Steps: g.steps}
}

func (g *djGen) genConfig() {
	r := g.r
	g.set("SESSION_ENGINE", djPick(r, "db", "cache", "cached_db", "file", "signed_cookies"))
	g.set("SESSION_COOKIE_AGE", djPick(r, "1", "60", "300", "300", "900", "3600", "1209600"))
	if g.chance(0.35) {
		g.set("SESSION_SAVE_EVERY_REQUEST", "True")
	}
	if g.chance(0.25) {
		g.set("SESSION_EXPIRE_AT_BROWSER_CLOSE", "True")
	}
	if g.chance(0.5) {
		g.set("set_expiry", djPick(r, "0", "1", "30", "120", "300", "600", "7200"))
	}
	if g.chance(0.3) {
		g.set("SESSION_COOKIE_SECURE", "True")
	}
	if g.chance(0.2) {
		g.set("SESSION_COOKIE_HTTPONLY", "False")
	}
	g.set("SESSION_COOKIE_SAMESITE", djPick(r, "Lax", "Lax", "Strict", "None", ""))
	if g.chance(0.25) {
		g.set("SESSION_COOKIE_DOMAIN", djPick(r, ParentDomain, ParentDomain, SiteHost, "Example.COM"))
	}
	if g.chance(0.15) {
		g.set("SESSION_COOKIE_PATH", djPick(r, "/bank/", "/bank/", "/a,b\"c'd", "", "bank/"))
	}
	g.set("SESSION_COOKIE_NAME", djPick(r, "sessionid", "sessionid", "sessionid", "__Secure-sessionid", "__Host-sessionid", "bank_session", "s!d", "csrftoken"))
	if g.chance(0.15) {
		g.set("csrf_middleware", "False")
	}
	if g.chance(0.2) {
		g.set("CSRF_COOKIE_NAME", djPick(r, "__Host-csrftoken", "__Secure-csrftoken", "bank_csrf", "sessionid"))
	}
	if g.chance(0.3) {
		g.set("CSRF_COOKIE_SECURE", "True")
	}
	if g.chance(0.2) {
		g.set("CSRF_COOKIE_HTTPONLY", "True")
	}
	g.set("CSRF_COOKIE_SAMESITE", djPick(r, "Lax", "Lax", "Strict", "None", ""))
	if g.chance(0.25) {
		g.set("CSRF_USE_SESSIONS", "True")
	}
	if g.chance(0.15) {
		g.set("CSRF_COOKIE_PATH", djPick(r, "/login/", "/bank/", "", "/"))
	}
	if g.chance(0.2) {
		g.set("CSRF_COOKIE_DOMAIN", djPick(r, ParentDomain, ParentDomain, "example.com", SiteHost, "Example.COM"))
	}
	if g.chance(0.3) {
		g.set("CSRF_TRUSTED_ORIGINS", djPick(r, "https://*.example.com", "https://*.example.com", "https://"+SiblingHost,
			"http://*.example.com", "https://"+SiteHost, "https://*.example.com,https://"+AttackerHost, "HTTPS://Blog.Example.com/"))
	}
	// Switches away from their defaults, each with its own chance, drawn in
	// this order (the order keeps a seed's cases the same).
	flips := func(fs []djFlip) {
		for _, f := range fs {
			if g.chance(f.p) {
				g.set(f.key, f.value)
			}
		}
	}
	flips([]djFlip{
		{0.15, "security_middleware", "False"},
		{0.3, "SECURE_SSL_REDIRECT", "True"},
	})
	g.set("SECURE_HSTS_SECONDS", djPick(r, "0", "0", "1", "3600", "31536000"))
	flips([]djFlip{
		{0.3, "SECURE_HSTS_INCLUDE_SUBDOMAINS", "True"},
		{0.2, "SECURE_HSTS_PRELOAD", "True"},
		{0.3, "login", "handwritten"},
		{0.3, "logout", "handwritten"},
		{0.3, "password_change_keeps_session", "False"},
		{0.2, "transfer_csrf_exempt", "True"},
		{0.25, "state_changing_get", "True"},
		{0.25, "https", "False"},
	})
}

// djFlip sets key to value with probability p.
type djFlip struct {
	p          float64
	key, value string
}

var djClients = []string{"victim", "victim", "victim", "attacker", "intruder"}

func (g *djGen) client() string { return djPick(g.r, djClients...) }

// scheme follows the deployment mostly, and sometimes goes the other way
// (a plain-HTTP request to an HTTPS site, an https:// URL typed at an
// HTTP-only one, which the harness still serves).
func (g *djGen) scheme() string {
	https := g.cfg.HTTPS
	if g.chance(0.15) {
		https = !https
	}
	if https {
		return "https"
	}
	return "http"
}

func (g *djGen) add(st confStep) {
	if st.Client == "victim" {
		st.Client = ""
	}
	if st.Scheme == "https" {
		st.Scheme = ""
	}
	g.steps = append(g.steps, st)
}

// request is a step of client to path with the method and scheme.
func (g *djGen) request(client, method, path, scheme string) confStep {
	st := confStep{Client: client, Path: path, Scheme: scheme}
	if method != "GET" {
		st.Method = method
	}
	if g.chance(0.12) {
		// A query string, which the SSL and APPEND_SLASH redirects carry
		// over (get_full_path) and a state-changing GET reads.
		st.Query = djPick(g.r, "to=mallory&amount=100", "a=1", "next=/account/", "q=%C3%A9&x=")
	}
	return st
}

// unsafe decorates a POST with origin headers and a CSRF token, as a page
// of the site, a page elsewhere, or a hand-made request would send them.
func (g *djGen) unsafe(st *confStep) {
	scheme := st.Scheme
	if scheme == "" {
		scheme = "https"
	}
	self := scheme + "://" + SiteHost
	switch g.r.IntN(10) {
	case 0, 1, 2, 3: // the site's own page
		st.Origin, st.Referer = self, self+"/account/"
	case 4: // Referer only (an older browser, or Origin stripped)
		st.Referer = self + "/login/"
	case 5: // Origin only (Referrer-Policy: no-referrer)
		st.Origin = self
	case 6: // nothing (curl)
	case 7: // a cross-site page
		st.Origin, st.Referer = "https://"+AttackerHost, "https://"+AttackerHost+"/"
	case 8: // a sibling subdomain
		st.Origin, st.Referer = "https://"+SiblingHost, "https://"+SiblingHost+"/post"
		if g.chance(0.5) {
			st.Origin = ""
		}
	case 9:
		switch g.r.IntN(3) {
		case 0: // the site's page over the other scheme
			other := "http://" + SiteHost
			if scheme == "http" {
				other = "https://" + SiteHost
			}
			st.Referer = other + "/"
			if g.chance(0.5) {
				st.Origin = other
			}
		case 1: // a sandboxed or privacy-stripped page
			st.Origin = "null"
			st.Referer = djPick(g.r, "", self+"/account/")
		case 2: // Referers the strict check must refuse or parse
			st.Referer = djPick(g.r, "https://"+SiteHost+".evil.example.net/", "https://evil.example.net/?"+SiteHost,
				"//"+SiteHost+"/", "https:///account/", "https://"+SiteHost+":8443/", "https://blog."+SiteHost+"/")
		}
	}
	if st.Form == nil {
		st.Form = map[string]string{}
	}
	switch g.r.IntN(10) {
	case 0, 1, 2, 3, 4, 5:
		st.Form[csrfFormField] = "$token"
	case 6:
		st.Form[csrfFormField] = "$cookie_token"
	case 7:
		st.XCSRFToken = djPick(g.r, "$cookie_token", "$token")
	case 8: // none
	case 9:
		bad := djPick(g.r, "not-a-token", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
		if g.chance(0.5) {
			st.Form[csrfFormField] = bad
		} else {
			st.XCSRFToken = bad
		}
	}
	if st.Method != "POST" {
		st.Form = nil // only a POST body is parsed (request.POST)
	}
}

// advance moves the clock by an amount near a lifetime boundary: the
// session age, the set_expiry value, either side of them and exactly on
// them (the clock is whole seconds on both sides, so a tie is
// deterministic).
func (g *djGen) advance() {
	ages := []int{g.cfg.SessionCookieAge}
	if g.cfg.SetExpiry > 0 {
		ages = append(ages, g.cfg.SetExpiry)
	}
	a := djPick(g.r, ages...)
	var d int
	switch g.r.IntN(7) {
	case 0:
		d = a - 1
	case 1:
		d = a
	case 2:
		d = a + 1
	case 3:
		d = a / 2
	case 4:
		d = 1 + g.r.IntN(60)
	case 5:
		d = a/2 + 1
	case 6:
		d = 2 * a
	}
	if d < 1 {
		d = 1
	}
	g.add(confStep{Advance: d})
}

func (g *djGen) login(client, user, password string) {
	st := g.request(client, "POST", "/login/", g.scheme())
	st.Form = map[string]string{"username": user, "password": password}
	g.unsafe(&st)
	g.add(st)
}

func (g *djGen) genSteps() {
	r := g.r
	// Most scripts start as a visit does: the login form, then a login.
	switch r.IntN(10) {
	case 0, 1, 2, 3, 4, 5, 6:
		s := g.scheme()
		g.add(g.request("victim", "GET", "/login/", s))
		st := g.request("victim", "POST", "/login/", s)
		st.Form = map[string]string{"username": UserAlice, "password": "$password", csrfFormField: "$token"}
		st.Origin, st.Referer = s+"://"+SiteHost, s+"://"+SiteHost+"/login/"
		g.add(st)
	case 7:
		g.add(g.request("victim", "GET", "/cart/add/", g.scheme()))
	}
	n := 6 + r.IntN(12)
	if r.IntN(5) == 0 {
		n += 15 // a longer life: more saves, expiries and logins to interleave
	}
	for range n {
		g.step()
	}
}

func (g *djGen) step() {
	r := g.r
	c := g.client()
	switch r.IntN(25) {
	case 0, 1:
		g.add(g.request(c, "GET", "/login/", g.scheme()))
	case 2, 3:
		user := djPick(r, UserAlice, UserAlice, UserMallory)
		if c == "attacker" && g.chance(0.6) {
			user = UserMallory
		}
		g.login(c, user, "$password")
	case 4:
		g.login(c, djPick(r, UserAlice, UserMallory), djPick(r, "wrong-password", "alice-new-password"))
	case 5, 6, 7:
		g.add(g.request(c, "GET", "/account/", g.scheme()))
	case 8:
		g.add(g.request(c, "GET", "/", g.scheme()))
	case 9, 10:
		st := g.request(c, "POST", "/transfer/", g.scheme())
		st.Form = map[string]string{"to": UserMallory, "amount": "100"}
		g.unsafe(&st)
		if g.chance(0.25) {
			// A sibling subdomain's tossed CSRF cookie, sent after the
			// client's own, and the matching token.
			st.Cookie = "$jar; " + g.cfg.CSRFCookieName + "=tossedByMallory0tossedByMallory0"
			st.Form[csrfFormField], st.XCSRFToken = "tossedByMallory0tossedByMallory0", ""
		}
		g.add(st)
	case 11:
		st := g.request(c, "GET", "/transfer/", g.scheme())
		st.Referer = djPick(r, "", "https://"+AttackerHost+"/")
		g.add(st)
	case 12, 13:
		st := g.request(c, "POST", "/logout/", g.scheme())
		g.unsafe(&st)
		g.add(st)
	case 14:
		st := g.request(c, "POST", "/password/", g.scheme())
		st.Form = map[string]string{"new_password": "alice-new-password"}
		g.unsafe(&st)
		g.add(st)
	case 15:
		g.add(g.request(c, "GET", "/cart/add/", g.scheme()))
	case 16, 17, 18:
		g.advance()
	case 19:
		from, to := "victim", "attacker"
		switch r.IntN(4) {
		case 0:
			from, to = "attacker", "victim" // fixation: the attacker's key planted in the victim's browser
		case 1:
			to = "intruder"
		}
		st := confStep{Copy: from, To: to}
		g.steps = append(g.steps, st)
	case 20:
		v := djPick(r,
			"attackerchosenkey000000000000000", // well-formed, unknown
			"short",                            // fails _validate_session_key
			"abcdefg", "abcdefgh",              // either side of the 8-character minimum
			"",                                 // an empty value
			"Attacker-Chosen-Key-0123456789AB", // not [a-z0-9]: file.py InvalidSessionKey
			"e30:1vwUdq:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA") // a forged signed value
		v2 := v
		g.add(confStep{Client: c, SetSession: &v2})
	case 21:
		if g.chance(0.5) {
			g.add(g.request(c, "GET", "/account", g.scheme()))
		} else {
			st := g.request(c, "POST", "/logout", g.scheme())
			g.unsafe(&st)
			g.add(st)
		}
	case 22:
		if g.chance(0.4) {
			// Methods the views refuse (require_GET, require_POST): the
			// unsafe ones pass CsrfViewMiddleware first.
			path := djPick(r, "/", "/login/", "/account/", "/transfer/", "/logout/", "/password/", "/cart/add/")
			method := djPick(r, "HEAD", "OPTIONS", "PUT", "DELETE", "POST", "GET")
			st := g.request(c, method, path, g.scheme())
			if !csrfSafeMethod(method) {
				g.unsafe(&st)
			}
			g.add(st)
			return
		}
		st := g.request(c, "GET", djPick(r, "/nope/", "/account/"), g.scheme())
		if st.Path == "/account/" {
			st.Host = AttackerHost // a Host outside ALLOWED_HOSTS
		}
		g.add(st)
	case 23:
		// Two session cookies in one header (cookie tossing): Django keeps the last.
		other := djPick(r, "attacker", "intruder")
		if c != "victim" {
			other = "victim"
		}
		st := g.request(c, "GET", "/account/", g.scheme())
		name := g.cfg.SessionCookieName
		switch r.IntN(4) {
		case 0, 1:
			st.Cookie = "$jar; " + name + "=$session:" + other
		case 2:
			st.Cookie = name + "=$session:" + other + "; $jar"
		case 3: // a quoted value, which parse_cookie unquotes
			st.Cookie = "$jar; " + name + "=\"$session:" + other + "\""
		}
		g.add(st)
	case 24:
		// A CSRF cookie the server never set, alone or after the client's
		// own: malformed (CsrfViewMiddleware replaces it), an old masked
		// 64-character token, or a well-formed secret.
		v := djPick(r, "short", "not-a-token-not-a-token-not-a-tok", strings.Repeat("a", 63)+"!",
			strings.Repeat("AbC1", 16), "tossedByMallory0tossedByMallory0", "")
		st := g.request(c, djPick(r, "GET", "GET", "POST"), djPick(r, "/account/", "/login/", "/transfer/", "/account"), g.scheme())
		st.Cookie = djPick(r, "$jar; ", "") + g.cfg.CSRFCookieName + "=" + v
		if st.Method == "POST" {
			g.unsafe(&st)
		}
		g.add(st)
	}
}
