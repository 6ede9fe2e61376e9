package sim

// CsrfViewMiddleware (django/middleware/csrf.py @5.2). A secret of 32
// characters lives in the csrftoken cookie (or in the session with
// CSRF_USE_SESSIONS); pages carry it masked with a fresh one-time pad, so the
// token differs on every page (the BREACH mitigation). An unsafe request
// passes when its Origin is the site's own (or, with no Origin over HTTPS,
// its Referer is a same-host https URL) and its token unmasks to the secret.

import (
	"crypto/subtle"
	"strings"
)

const (
	csrfSecretLength = 32
	csrfTokenLength  = 2 * csrfSecretLength
	// csrfChars is CSRF_ALLOWED_CHARS = string.ascii_letters + string.digits;
	// its order defines the masking arithmetic.
	csrfChars      = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	csrfCookieName = "csrftoken" // CSRF_COOKIE_NAME
	csrfCookieAge  = 31449600    // CSRF_COOKIE_AGE, 52 weeks
	csrfFormField  = "csrfmiddlewaretoken"
)

const (
	djSrcCSRFView    Source = "django/middleware/csrf.py CsrfViewMiddleware.process_view"
	djSrcCSRFOrigin  Source = "django/middleware/csrf.py CsrfViewMiddleware._origin_verified"
	djSrcCSRFReferer Source = "django/middleware/csrf.py CsrfViewMiddleware._check_referer"
	djSrcCSRFToken   Source = "django/middleware/csrf.py CsrfViewMiddleware._check_token"
)

var csrfIndex = func() (t [256]int8) {
	for i := range t {
		t[i] = -1
	}
	for i := 0; i < len(csrfChars); i++ {
		t[csrfChars[i]] = int8(i)
	}
	return t
}()

// maskCipherSecret is _mask_cipher_secret: a fresh mask, then the cipher.
func (s *Site) maskCipherSecret(secret string) string {
	return maskCipher(secret, s.rnd.CSRFSecret())
}

// maskCipher is mask followed by (secret[i] + mask[i]) mod 62.
func maskCipher(secret, mask string) string {
	var b [csrfTokenLength]byte
	copy(b[:], mask)
	for i := 0; i < csrfSecretLength; i++ {
		b[csrfSecretLength+i] = csrfChars[(int(csrfIndex[secret[i]])+int(csrfIndex[mask[i]]))%len(csrfChars)]
	}
	return string(b[:])
}

// unmaskCipherToken is _unmask_cipher_token; token is 64 allowed characters.
func unmaskCipherToken(token string) string {
	var b [csrfSecretLength]byte
	for i := range b {
		d := int(csrfIndex[token[csrfSecretLength+i]]) - int(csrfIndex[token[i]])
		if d < 0 {
			d += len(csrfChars)
		}
		b[i] = csrfChars[d]
	}
	return string(b[:])
}

// checkTokenFormat is _check_token_format: "" when the token has 32 or 64
// allowed characters, else the reason.
func checkTokenFormat(t string) string {
	if len(t) != csrfSecretLength && len(t) != csrfTokenLength {
		return "has incorrect length"
	}
	for i := 0; i < len(t); i++ {
		if csrfIndex[t[i]] < 0 {
			return "has invalid characters"
		}
	}
	return ""
}

// addNewCSRFCookie is _add_new_csrf_cookie: a new secret, to be sent.
func (s *Site) addNewCSRFCookie(x *djExchange) string {
	x.csrfSecret = s.rnd.CSRFSecret()
	x.csrfNeedsUpdate = true
	return x.csrfSecret
}

// getToken is csrf.get_token, what {% csrf_token %} calls: the request's
// secret (a new one if it has none), masked afresh; the cookie is then
// re-sent to renew its expiry.
func (s *Site) getToken(x *djExchange) string {
	secret := x.csrfSecret
	if secret != "" {
		x.csrfNeedsUpdate = true
	} else {
		secret = s.addNewCSRFCookie(x)
	}
	return s.maskCipherSecret(secret)
}

// rotateToken is csrf.rotate_token, called by auth.login: a new secret, so
// tokens from pages served before the login stop working.
func (s *Site) rotateToken(x *djExchange) { s.addNewCSRFCookie(x) }

// csrfSecret is _get_secret: the secret the request came with. bad is the
// format error of a malformed cookie. A 64-character value (Django < 4.1
// stored the masked token) is unmasked.
func (s *Site) csrfSecret(x *djExchange) (secret, bad string) {
	if s.cfg.CSRFUseSessions {
		e, _ := s.sess.get(keyCSRF)
		secret = e.val
	} else {
		v, ok := djLookupCookie(x.req.Cookie, csrfCookieName)
		if !ok {
			return "", ""
		}
		if bad = checkTokenFormat(v); bad != "" {
			return "", bad
		}
		secret = v
	}
	if len(secret) == csrfTokenLength {
		secret = unmaskCipherToken(secret)
	}
	return secret, ""
}

// csrfProcessRequest is CsrfViewMiddleware.process_request: keep the
// request's secret for get_token, or replace a malformed cookie.
func (s *Site) csrfProcessRequest(x *djExchange) {
	secret, bad := s.csrfSecret(x)
	if bad != "" {
		s.addNewCSRFCookie(x)
	} else if secret != "" {
		x.csrfSecret = secret
	}
}

// csrfProcessView is CsrfViewMiddleware.process_view, the checks in order:
// csrf_exempt, safe methods, Origin (when sent), the strict Referer check
// (HTTPS without Origin), the token. It returns the rejection reason, or "".
func (s *Site) csrfProcessView(x *djExchange, exempt bool) string {
	req := &x.req
	if exempt {
		x.check("@csrf_exempt: the view opts out of CSRF checks", djSrcCSRFView, true)
		return ""
	}
	if csrfSafeMethod(req.Method) {
		x.check("a safe method (GET, HEAD, OPTIONS, TRACE; RFC 9110 §9.2.1): no CSRF check", djSrcCSRFView, true)
		return ""
	}
	if req.Origin != "" {
		// CSRF_TRUSTED_ORIGINS is empty: only the exact origin passes.
		good, rule := "http://"+SiteHost, "the Origin header is the site's own, http://"+SiteHost
		if x.secure {
			good, rule = "https://"+SiteHost, "the Origin header is the site's own, https://"+SiteHost
		}
		ok := req.Origin == good
		x.check(rule, djSrcCSRFOrigin, ok)
		if !ok {
			return "Origin checking failed - " + req.Origin + " does not match any trusted origins."
		}
	} else if x.secure {
		why := s.checkReferer(req.Referer)
		x.check("over HTTPS without Origin, the Referer is an https URL of this host", djSrcCSRFReferer, why == "")
		if why != "" {
			return why
		}
	}
	return s.checkToken(x)
}

// checkReferer is _check_referer. The allowed host is CSRF_COOKIE_DOMAIN
// (None here) or, with CSRF_USE_SESSIONS, SESSION_COOKIE_DOMAIN, matched with
// is_same_domain, so a parent domain lets every sibling subdomain through;
// when None, the request's host exactly.
func (s *Site) checkReferer(referer string) string {
	if referer == "" {
		return "Referer checking failed - no Referer."
	}
	scheme, netloc, ok := urlSchemeNetloc(referer)
	if !ok || scheme == "" || netloc == "" {
		return "Referer checking failed - Referer is malformed."
	}
	if scheme != "https" {
		return "Referer checking failed - Referer is insecure while host is secure."
	}
	good := SiteHost
	if s.cfg.CSRFUseSessions && s.cfg.SessionCookieDomain != "" {
		good = s.cfg.SessionCookieDomain // the port is 443: nothing appended
	}
	if !djIsSameDomain(netloc, good) {
		return "Referer checking failed - " + referer + " does not match any trusted origins."
	}
	return ""
}

// urlSchemeNetloc is the part of urllib.parse.urlparse the Referer check
// uses: the scheme (lower-cased) and the netloc after "//". ok is false where
// urlparse raises ValueError (an unbalanced "[" in the netloc).
func urlSchemeNetloc(u string) (scheme, netloc string, ok bool) {
	if i := strings.IndexByte(u, ':'); i > 0 && isURLScheme(u[:i]) {
		scheme, u = strings.ToLower(u[:i]), u[i+1:]
	}
	if strings.HasPrefix(u, "//") {
		netloc = u[2:]
		if i := strings.IndexAny(netloc, "/?#"); i >= 0 {
			netloc = netloc[:i]
		}
	}
	if strings.Contains(netloc, "[") != strings.Contains(netloc, "]") {
		return "", "", false
	}
	return scheme, netloc, true
}

// isURLScheme: a letter, then letters, digits, "+", "-" or "." (urllib.parse scheme_chars).
func isURLScheme(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i] | 0x20
		if !(c >= 'a' && c <= 'z' || i > 0 && (s[i] >= '0' && s[i] <= '9' || s[i] == '+' || s[i] == '-' || s[i] == '.')) {
			return false
		}
	}
	return true
}

// djIsSameDomain is django.utils.http.is_same_domain: pattern "." + d matches
// d and its subdomains; anything else matches exactly.
func djIsSameDomain(host, pattern string) bool {
	if pattern == "" {
		return false
	}
	pattern = strings.ToLower(pattern)
	if pattern[0] == '.' {
		return strings.HasSuffix(host, pattern) || host == pattern[1:]
	}
	return host == pattern
}

// checkToken is _check_token: the secret must exist (no cookie blocks even
// login CSRF), and the POST field, or else the X-CSRFToken header, must
// unmask to it.
func (s *Site) checkToken(x *djExchange) string {
	where := 0 // csrfRules row: the cookie
	if s.cfg.CSRFUseSessions {
		where = 1
	}
	secret, bad := s.csrfSecret(x)
	if bad != "" {
		x.check("the CSRF secret in the csrftoken cookie is well-formed", djSrcCSRFToken, false)
		return "CSRF cookie " + bad + "."
	}
	if secret == "" {
		x.check(csrfRules[where][0], djSrcCSRFToken, false)
		return "CSRF cookie not set."
	}
	token, header := "", false
	if x.req.Method == "POST" {
		token = x.req.Form[csrfFormField]
	}
	if token == "" {
		if token = x.req.XCSRFToken; token == "" {
			x.check("the request carries a CSRF token (csrfmiddlewaretoken or X-CSRFToken)", djSrcCSRFToken, false)
			return "CSRF token missing."
		}
		header = true
	}
	rule, source := csrfRules[where][1], "POST"
	if header {
		rule, source = csrfRules[where][2], "the 'X-Csrftoken' HTTP header"
	}
	if bad := checkTokenFormat(token); bad != "" {
		x.check(rule, djSrcCSRFToken, false)
		return "CSRF token from " + source + " " + bad + "."
	}
	if len(token) == csrfTokenLength {
		token = unmaskCipherToken(token)
	}
	ok := subtle.ConstantTimeCompare([]byte(token), []byte(secret)) == 1
	x.check(rule, djSrcCSRFToken, ok)
	if !ok {
		return "CSRF token from " + source + " incorrect."
	}
	return ""
}

// csrfRules are _check_token's rule texts, by CSRF_USE_SESSIONS: the secret
// exists, the POST token matches it, the header token matches it.
var csrfRules = [2][3]string{
	{"the request carries a CSRF secret in the csrftoken cookie",
		"the CSRF token from POST matches the secret in the csrftoken cookie",
		"the CSRF token from the X-CSRFToken header matches the secret in the csrftoken cookie"},
	{"the request carries a CSRF secret in the session's _csrftoken",
		"the CSRF token from POST matches the secret in the session's _csrftoken",
		"the CSRF token from the X-CSRFToken header matches the secret in the session's _csrftoken"},
}

// csrfProcessResponse is CsrfViewMiddleware.process_response → _set_csrf_cookie:
// when the secret is new or was used, store it in the session or send the
// cookie (max_age=CSRF_COOKIE_AGE and the CSRF_COOKIE_* flags), with Vary: Cookie.
func (s *Site) csrfProcessResponse(x *djExchange) {
	if !x.csrfNeedsUpdate {
		return
	}
	x.csrfNeedsUpdate = false
	cfg := s.cfg
	if cfg.CSRFUseSessions {
		if e, _ := s.sess.get(keyCSRF); e.val != x.csrfSecret {
			s.sess.setString(keyCSRF, x.csrfSecret)
		}
		return
	}
	c := djCookie{name: csrfCookieName, value: x.csrfSecret, maxAge: csrfCookieAge, hasMaxAge: true,
		expires: x.now.Unix() + csrfCookieAge, hasExpires: true,
		path: "/", secure: cfg.CSRFCookieSecure, httpOnly: cfg.CSRFCookieHTTPOnly, sameSite: cfg.CSRFCookieSameSite}
	x.setCookie(c)
	x.vary = true
}
