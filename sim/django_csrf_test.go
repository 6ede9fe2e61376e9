package sim

import (
	"strings"
	"testing"
)

// csrf_tests test_mask_cipher_secret / test_unmask_cipher_token; the values
// are Django 3.2's _mask_cipher_secret (with the mask fixed) and
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
