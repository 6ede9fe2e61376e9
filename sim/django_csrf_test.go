package sim

import (
	"strings"
	"testing"
)

// csrf_tests test_mask_cipher_secret / test_unmask_cipher_token; the values
// are Django 3.2's and 5.2's _mask_cipher_secret (with the mask fixed) and
// _unmask_cipher_token.
func TestMaskUnmask(t *testing.T) {
	const secret = "lcccccccX2kcccccccY2jcccccccssIC" // csrf_tests TEST_SECRET
	if got := maskCipher(secret, "0123456789abcdefghijABCDEFGHIJxy"); got != "0123456789abcdefghijABCDEFGHIJxyb3456789V1kdefghij6bJDEFGHIJ0150" {
		t.Errorf("mask: %s", got)
	}
	for _, tc := range []struct{ token, secret string }{
		{"1bcdefghij2bcdefghij3bcdefghij4bcdefghij5bcdefghij6bcdefghijABCD", secret}, // MASKED_TEST_SECRET1
		{strings.Repeat("b", 64), strings.Repeat("a", 32)},
		{strings.Repeat("9", 32) + strings.Repeat("0", 32), strings.Repeat("1", 32)},
	} {
		if got := unmaskCipherToken(tc.token); got != tc.secret {
			t.Errorf("unmask(%s) = %s, want %s", tc.token, got, tc.secret)
		}
	}
	w := newDJWorld(t, nil)
	a, b := w.site.maskCipherSecret(secret), w.site.maskCipherSecret(secret)
	if a == b || unmaskCipherToken(a) != secret || unmaskCipherToken(b) != secret {
		t.Errorf("two maskings: %s %s", a, b)
	}
}

func TestCheckTokenFormat(t *testing.T) {
	for _, tc := range []struct{ token, want string }{
		{strings.Repeat("a", 32), ""},
		{strings.Repeat("Z", 64), ""},
		{strings.Repeat("a", 31), "has incorrect length"},
		{"", "has incorrect length"},
		{strings.Repeat("a", 31) + "-", "has invalid characters"},
	} {
		if got := checkTokenFormat(tc.token); got != tc.want {
			t.Errorf("%q: %q, want %q", tc.token, got, tc.want)
		}
	}
}

// utils_tests/test_http.py IsSameDomainTests.
func TestIsSameDomain(t *testing.T) {
	for _, tc := range []struct {
		host, pattern string
		want          bool
	}{
		{"example.com", "example.com", true},
		{"example.com", ".example.com", true},
		{"foo.example.com", ".example.com", true},
		{"example.com:8888", "example.com:8888", true},
		{"example.com:8888", ".example.com:8888", true},
		{"foo.example.com:8888", ".example.com:8888", true},
		{"example2.com", "example.com", false},
		{"foo.example.com", "example.com", false},
		{"example.com:9999", "example.com:8888", false},
		{"foo.example.com:8888", "", false},
	} {
		if got := djIsSameDomain(tc.host, tc.pattern); got != tc.want {
			t.Errorf("is_same_domain(%q, %q) = %v", tc.host, tc.pattern, got)
		}
	}
}

// CsrfViewMiddleware.process_view (reference §6.2) on a logged-in alice's
// POST /transfer/, with Django's rejection reasons and the csrf_tests each
// case mirrors.
func TestCSRFProcessView(t *testing.T) {
	const (
		https = SiteOrigin
		evil  = "https://" + AttackerHost
	)
	tok := func(c *djClient) string { return c.token }
	secret := func(c *djClient) string { return c.cookie("csrftoken") }
	for _, tc := range []struct {
		name, scheme, origin, referer string
		token                         func(c *djClient) string
		header                        bool // send the token as X-CSRFToken
		mutate                        func(*Config)
		cookie                        func(c *djClient) // adjust the cookies first
		reason                        string            // "" passes
	}{
		{"same origin", "https", https, "", tok, false, nil, nil, ""},
		{"same origin over HTTP", "http", "http://" + SiteHost, "", tok, false, nil, nil, ""},
		{"Origin foreign (test_bad_origin_bad_domain)", "https", evil, https + "/", tok, false, nil, nil,
			"Origin checking failed - https://evil.example.net does not match any trusted origins."},
		{"Origin null (test_bad_origin_null_origin)", "https", "null", "", tok, false, nil, nil,
			"Origin checking failed - null does not match any trusted origins."},
		{"Origin of the HTTP site on HTTPS", "https", "http://" + SiteHost, "", tok, false, nil, nil,
			"Origin checking failed - http://bank.example.com does not match any trusted origins."},
		{"Origin from a sibling subdomain", "https", "https://" + SiblingHost, "", tok, false, nil, nil,
			"Origin checking failed - https://blog.example.com does not match any trusted origins."},
		{"HTTPS, no Origin, same-host Referer", "https", "", https + "/account/", tok, false, nil, nil, ""},
		{"HTTPS, no Origin, no Referer (test_https_no_referer)", "https", "", "", tok, false, nil, nil,
			"Referer checking failed - no Referer."},
		{"HTTPS, insecure Referer (test_https_reject_insecure_referer)", "https", "", "http://" + SiteHost + "/", tok, false, nil, nil,
			"Referer checking failed - Referer is insecure while host is secure."},
		{"HTTPS, foreign Referer (test_https_bad_referer)", "https", "", evil + "/", tok, false, nil, nil,
			"Referer checking failed - https://evil.example.net/ does not match any trusted origins."},
		{"HTTPS, malformed Referer", "https", "", "https://[::1/", tok, false, nil, nil,
			"Referer checking failed - Referer is malformed."},
		{"HTTPS, Referer without a netloc", "https", "", "https:/account/", tok, false, nil, nil,
			"Referer checking failed - Referer is malformed."},
		{"HTTP, no Origin, foreign Referer: no Referer check", "http", "", evil + "/", tok, false, nil, nil, ""},
		{"no csrftoken cookie (test_no_csrf_cookie)", "https", https, "", tok, false, nil, func(c *djClient) { c.drop("csrftoken") },
			"CSRF cookie not set."},
		{"no token", "https", https, "", func(*djClient) string { return "" }, false, nil, nil, "CSRF token missing."},
		{"wrong token", "https", https, "", func(*djClient) string { return strings.Repeat("a", 64) }, false, nil, nil,
			"CSRF token from POST incorrect."},
		{"short token", "https", https, "", func(*djClient) string { return "abc" }, false, nil, nil,
			"CSRF token from POST has incorrect length."},
		{"unmasked secret as token (test_masked_unmasked_combinations)", "https", https, "", secret, false, nil, nil, ""},
		{"X-CSRFToken header", "https", https, "", tok, true, nil, nil, ""},
		{"wrong X-CSRFToken header", "https", https, "", func(*djClient) string { return strings.Repeat("b", 32) }, true, nil, nil,
			"CSRF token from the 'X-Csrftoken' HTTP header incorrect."},
		{"malformed cookie", "https", https, "", tok, false, nil, func(c *djClient) { c.set("csrftoken", "bad") },
			"CSRF cookie has incorrect length."},
		{"a masked 64-character cookie (Django < 4.1)", "https", https, "", tok, false, nil, func(c *djClient) {
			c.set("csrftoken", maskCipher(c.cookie("csrftoken"), strings.Repeat("x", 32)))
		}, ""},
		{"@csrf_exempt", "https", evil, evil + "/", func(*djClient) string { return "" }, false,
			func(c *Config) { c.TransferCSRFExempt = true }, nil, ""},
		{"no CsrfViewMiddleware", "https", evil, evil + "/", func(*djClient) string { return "" }, false,
			func(c *Config) { c.CSRFMiddleware = false }, nil, ""},
		{"CSRF_USE_SESSIONS, same origin", "https", https, "", tok, false, func(c *Config) { c.CSRFUseSessions = true }, nil, ""},
		{"CSRF_USE_SESSIONS, a sibling's Referer, host-only session cookie", "https", "", "https://" + SiblingHost + "/", tok, false,
			func(c *Config) { c.CSRFUseSessions = true }, nil,
			"Referer checking failed - https://blog.example.com/ does not match any trusted origins."},
		{"CSRF_USE_SESSIONS, a sibling's Referer, SESSION_COOKIE_DOMAIN=.example.com", "https", "", "https://" + SiblingHost + "/", tok, false,
			func(c *Config) { c.CSRFUseSessions, c.SessionCookieDomain = true, ParentDomain }, nil, ""},
		{"Origin from a sibling, CSRF_TRUSTED_ORIGINS https://*.example.com", "https", "https://" + SiblingHost, "", tok, false,
			func(c *Config) { c.CSRFTrustedOrigins = "https://*" + ParentDomain }, nil, ""},
		{"Origin from a sibling, a trusted http:// wildcard (test_bad_origin_csrf_trusted_origin_bad_protocol)", "https", "https://" + SiblingHost, "", tok, false,
			func(c *Config) { c.CSRFTrustedOrigins = "http://*" + ParentDomain }, nil,
			"Origin checking failed - https://blog.example.com does not match any trusted origins."},
		{"a sibling's Referer, CSRF_COOKIE_DOMAIN=.example.com", "https", "", "https://" + SiblingHost + "/", tok, false,
			func(c *Config) { c.CSRFCookieDomain = ParentDomain }, nil, ""},
		{"Origin from a sibling, CSRF_COOKIE_DOMAIN=.example.com: the Origin check has no cookie domain", "https", "https://" + SiblingHost, "", tok, false,
			func(c *Config) { c.CSRFCookieDomain = ParentDomain }, nil,
			"Origin checking failed - https://blog.example.com does not match any trusted origins."},
		{"trusted Origin, a tossed csrftoken and its token (last cookie wins)", "https", "https://" + SiblingHost, "",
			func(*djClient) string { return strings.Repeat("t", 32) }, false,
			func(c *Config) { c.CSRFTrustedOrigins = "https://*" + ParentDomain }, func(c *djClient) { c.extra = "csrftoken=" + strings.Repeat("t", 32) }, ""},
		{"trusted Origin, a tossed csrftoken, CSRF_USE_SESSIONS", "https", "https://" + SiblingHost, "",
			func(*djClient) string { return strings.Repeat("t", 32) }, false,
			func(c *Config) { c.CSRFTrustedOrigins, c.CSRFUseSessions = "https://*"+ParentDomain, true }, func(c *djClient) { c.extra = "csrftoken=" + strings.Repeat("t", 32) },
			"CSRF token from POST incorrect."},
	} {
		w := newDJWorld(t, tc.mutate)
		c := w.client()
		c.login(UserAlice, PasswordAlice)
		c.get(tc.scheme + "://" + SiteHost + "/account/")
		if tc.cookie != nil {
			tc.cookie(c)
		}
		req := Request{Method: "POST", URL: MustURL(tc.scheme + "://" + SiteHost + "/transfer/"), Origin: tc.origin, Referer: tc.referer,
			Form: map[string]string{"to": UserMallory, "amount": "100"}}
		if tc.header {
			req.XCSRFToken = tc.token(c)
		} else {
			req.Form[csrfFormField] = tc.token(c)
		}
		r := c.send(req)
		if tc.reason == "" {
			if r.Status != 200 || r.Did != "transferred 100 to mallory" {
				t.Errorf("%s: %d %q, want the transfer", tc.name, r.Status, r.Reason)
			}
		} else if r.Status != 403 || r.Reason != "CSRF verification failed. Request aborted: "+tc.reason || r.User != "" {
			t.Errorf("%s: %d %q, want 403 %q", tc.name, r.Status, r.Reason, tc.reason)
		}
		if last := r.Checks[len(r.Checks)-1]; tc.reason != "" && last.Passed {
			t.Errorf("%s: the last check passed: %+v", tc.name, last)
		}
	}
}

// The csrftoken Set-Cookie (csrf.py _set_csrf_cookie; test_csrf_cookie_samesite):
// max_age=CSRF_COOKIE_AGE and the CSRF_COOKIE_* flags; Vary: Cookie. A
// malformed cookie is replaced (process_request → _add_new_csrf_cookie).
// CSRF_USE_SESSIONS sends no cookie and keeps the secret in the session,
// so the login form creates an anonymous session.
func TestCSRFCookie(t *testing.T) {
	for _, tc := range []struct {
		name   string
		mutate func(*Config)
		want   string
	}{
		{"defaults", nil, "csrftoken=S; expires=Mon, 01 Mar 2027 09:00:00 GMT; Max-Age=31449600; Path=/; SameSite=Lax"},
		{"hardened", func(c *Config) { c.CSRFCookieSecure, c.CSRFCookieHTTPOnly, c.CSRFCookieSameSite = true, true, "Strict" },
			"csrftoken=S; expires=Mon, 01 Mar 2027 09:00:00 GMT; HttpOnly; Max-Age=31449600; Path=/; SameSite=Strict; Secure"},
		{"SameSite False", func(c *Config) { c.CSRFCookieSameSite = "" }, "csrftoken=S; expires=Mon, 01 Mar 2027 09:00:00 GMT; Max-Age=31449600; Path=/"},
		// _set_csrf_cookie: domain=settings.CSRF_COOKIE_DOMAIN (test_csrf_cookie_age sets it).
		{"CSRF_COOKIE_DOMAIN", func(c *Config) { c.CSRFCookieDomain = ParentDomain },
			"csrftoken=S; Domain=.example.com; expires=Mon, 01 Mar 2027 09:00:00 GMT; Max-Age=31449600; Path=/; SameSite=Lax"},
	} {
		w := newDJWorld(t, tc.mutate)
		c := w.client()
		r := c.get("/login/")
		if len(r.SetCookies) != 1 || header(r, "Vary") != "Cookie" || r.CSRFToken == "" {
			t.Fatalf("%s: %q %+v", tc.name, r.SetCookies, r.Headers)
		}
		secret := djCookieValue(r.SetCookies[0])
		if got := strings.Replace(r.SetCookies[0], secret, "S", 1); got != tc.want || len(secret) != 32 || unmaskCipherToken(r.CSRFToken) != secret {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, got, tc.want)
		}
		c.set("csrftoken", "not-a-secret")
		r = c.get("/")
		if len(r.SetCookies) != 1 || djCookieValue(r.SetCookies[0]) == "not-a-secret" || len(djCookieValue(r.SetCookies[0])) != 32 {
			t.Errorf("%s: a malformed cookie is not replaced: %q", tc.name, r.SetCookies)
		}
	}

	w := newDJWorld(t, func(c *Config) { c.CSRFUseSessions = true })
	c := w.client()
	r := c.get("/login/")
	if len(r.SetCookies) != 1 || !strings.HasPrefix(r.SetCookies[0], "sessionid=") {
		t.Fatalf("CSRF_USE_SESSIONS login form: %q", r.SetCookies)
	}
	data, _ := w.site.Session(c.sid(), w.now)
	if unmaskCipherToken(r.CSRFToken) != data[keyCSRF] {
		t.Errorf("the session's _csrftoken %q does not match the page token", data[keyCSRF])
	}
}

// CsrfViewMiddleware._origin_verified and _check_referer with
// CSRF_TRUSTED_ORIGINS and CSRF_COOKIE_DOMAIN, case by case from Django's
// tests/csrf_tests/tests.py (CsrfViewMiddlewareTestMixin and
// CsrfViewMiddlewareTests), with bank.example.com in place of their
// www.example.com host and is_secure() as noted.
func TestCSRFTrustedOrigins(t *testing.T) {
	origins := []struct {
		name, trusted, origin string
		secure, want          bool
	}{
		{"test_good_origin_secure", "", "https://" + SiteHost, true, true},
		{"test_good_origin_insecure", "", "http://" + SiteHost, false, true},
		{"the site's http origin on HTTPS", "", "http://" + SiteHost, true, false},
		{"test_bad_origin_bad_domain", "", "https://www.evil.org", false, false},
		{"test_bad_origin_null_origin", "", "null", false, false},
		{"test_bad_origin_bad_protocol", "", "http://example.com", true, false},
		{"test_bad_origin_csrf_trusted_origin_bad_protocol",
			"http://no-match.com,https://*.example.com,http://*.no-match.com,http://*.no-match-2.com", "http://foo.example.com", true, false},
		{"test_bad_origin_cannot_be_parsed", "https://*.example.com", "https://[", false, false},
		{"test_good_origin_csrf_trusted_origin_allowed", "https://dashboard.example.com", "https://dashboard.example.com", true, true},
		{"test_good_origin_wildcard_csrf_trusted_origin_allowed", "https://*.example.com", "https://foo.example.com", true, true},
		// is_same_domain(netloc, ".example.com") takes the domain itself.
		{"a wildcard covers its bare domain", "https://*.example.com", "https://example.com", true, true},
		{"a wildcard covers the attacker's sibling over plain HTTP too", "https://*.example.com", "https://" + SiblingHost, false, true},
		{"a wildcard does not cover a port", "https://*.example.com", "https://foo.example.com:8443", true, false},
		{"a wildcard does not cover a look-alike", "https://*.example.com", "https://evilexample.com", true, false},
		// allowed_origins_exact is a set of strings: no case folding, no
		// trailing slash removed.
		{"an exact entry compares case-sensitively", "https://Dashboard.example.com", "https://dashboard.example.com", true, false},
		{"an exact entry with a path never matches", "https://dashboard.example.com/", "https://dashboard.example.com", true, false},
		{"a wildcard's scheme is lower-cased by urlsplit", "HTTPS://*.example.com", "https://foo.example.com", true, true},
		{"a wildcard not at the start is literal", "https://foo*.example.com", "https://foo1.example.com", true, false},
		{"a bare * trusts nothing", "https://*", "https://foo.example.com", true, false},
	}
	for _, tc := range origins {
		cfg := Defaults()
		if err := cfg.Set("CSRF_TRUSTED_ORIGINS", tc.trusted); err != nil {
			t.Fatal(err)
		}
		if got, rule := csrfOriginVerified(&cfg, tc.origin, tc.secure); got != tc.want {
			t.Errorf("%s: _origin_verified(%q) with %q = %v (%s), want %v", tc.name, tc.origin, tc.trusted, got, rule, tc.want)
		}
	}

	referers := []struct {
		name, trusted, cookieDomain string
		useSessions                 bool
		referer, why                string // "" passes
	}{
		{"test_https_good_referer", "", "", false, "https://" + SiteHost + "/somepage", ""},
		{"test_https_bad_referer", "", "", false, "https://www.evil.org/somepage",
			"Referer checking failed - https://www.evil.org/somepage does not match any trusted origins."},
		{"test_https_csrf_trusted_origin_allowed", "https://dashboard.example.com", "", false, "https://dashboard.example.com", ""},
		{"test_https_csrf_wildcard_trusted_origin_allowed", "https://*.example.com", "", false, "https://dashboard.example.com", ""},
		// csrf_trusted_origins_hosts keeps only the netloc: the entry's
		// scheme is not compared with the Referer's.
		{"a trusted http:// origin's host passes an https Referer", "http://*.example.com", "", false, "https://dashboard.example.com/", ""},
		{"an exact entry's path is dropped for the Referer", "https://dashboard.example.com/x", "", false, "https://dashboard.example.com/y", ""},
		{"test_https_good_referer_matches_cookie_domain", "", ".example.com", false, "https://foo.example.com/", ""},
		{"test_https_reject_insecure_referer", "", ".example.com", false, "http://example.com/",
			"Referer checking failed - Referer is insecure while host is secure."},
		{"CSRF_COOKIE_DOMAIN without the dot matches that host only, not the site's own", "", "example.com", false, "https://" + SiteHost + "/",
			"Referer checking failed - https://bank.example.com/ does not match any trusted origins."},
		{"CSRF_COOKIE_DOMAIN is ignored with CSRF_USE_SESSIONS (SESSION_COOKIE_DOMAIN is None)", "", ".example.com", true, "https://foo.example.com/",
			"Referer checking failed - https://foo.example.com/ does not match any trusted origins."},
		{"trusted origins count with CSRF_USE_SESSIONS too", "https://*.example.com", "", true, "https://foo.example.com/", ""},
		{"test_https_no_referer", "https://*.example.com", ".example.com", false, "", "Referer checking failed - no Referer."},
	}
	for _, tc := range referers {
		cfg := Defaults()
		cfg.CSRFCookieDomain, cfg.CSRFUseSessions = tc.cookieDomain, tc.useSessions
		if err := cfg.Set("CSRF_TRUSTED_ORIGINS", tc.trusted); err != nil {
			t.Fatal(err)
		}
		if why, rule := csrfCheckReferer(&cfg, tc.referer); why != tc.why {
			t.Errorf("%s: _check_referer(%q) = %q (%s), want %q", tc.name, tc.referer, why, rule, tc.why)
		}
	}
}
