package sim

// CsrfViewMiddleware (django/middleware/csrf.py @5.2). A secret of 32
// characters lives in the csrftoken cookie (or in the session with
// CSRF_USE_SESSIONS); pages carry it masked with a fresh one-time pad, so the
// token differs on every page (the BREACH mitigation). An unsafe request
// passes when its Origin is the site's own or one CSRF_TRUSTED_ORIGINS
// trusts (or, with no Origin over HTTPS, its Referer is an https URL of this
// host, of CSRF_COOKIE_DOMAIN or of a trusted origin's host) and its token
// unmasks to the secret. Nothing binds the cookie's secret to the session:
// whoever can set a csrftoken cookie for the site (a sibling subdomain, by
// Domain=) knows a token that passes.

import (
	"crypto/subtle"
	"strings"
)

const (
	csrfSecretLength = 32
	csrfTokenLength  = 2 * csrfSecretLength
	// csrfChars is CSRF_ALLOWED_CHARS = string.ascii_letters + string.digits;
	// its order defines the masking arithmetic.
	csrfChars     = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	csrfCookieAge = 31449600 // CSRF_COOKIE_AGE, 52 weeks
	csrfFormField = "csrfmiddlewaretoken"
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
		// _get_secret: request.COOKIES[settings.CSRF_COOKIE_NAME].
		v, ok := djLookupCookie(x.req.Cookie, s.cfg.CSRFCookieName)
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
		ok, rule := csrfOriginVerified(s.cfg, req.Origin, x.secure)
		x.check(rule, djSrcCSRFOrigin, ok)
		if !ok {
			return "Origin checking failed - " + req.Origin + " does not match any trusted origins."
		}
	} else if x.secure {
		why, rule := csrfCheckReferer(s.cfg, req.Referer)
		x.check(rule, djSrcCSRFReferer, why == "")
		if why != "" {
			return why
		}
	}
	return s.checkToken(x)
}

// csrfTrustedOrigins yields the entries of settings.CSRF_TRUSTED_ORIGINS
// (Config.CSRFTrustedOrigins, joined by ","; validOrigin vetted each).
func csrfTrustedOrigins(cfg *Config) func(yield func(string) bool) {
	return func(yield func(string) bool) {
		if cfg.CSRFTrustedOrigins == "" {
			return
		}
		for e := range strings.SplitSeq(cfg.CSRFTrustedOrigins, ",") {
			if !yield(e) {
				return
			}
		}
	}
}

// csrfTrustedHost is an entry's host as CsrfViewMiddleware's cached
// properties read it (csrf.py @5.2): urlsplit(origin).netloc.lstrip("*"),
// so "https://*.example.com" gives ".example.com", which is_same_domain
// matches to example.com and every subdomain. The scheme is lower-cased,
// the netloc left as written.
func csrfTrustedHost(entry string) (scheme, host string) {
	scheme, netloc, _ := urlSchemeNetloc(entry)
	return scheme, strings.TrimLeft(netloc, "*")
}

// csrfOriginVerified is CsrfViewMiddleware._origin_verified (csrf.py @5.2):
// the Origin passes when it is the request's own origin ("https" if
// request.is_secure() else "http", then request.get_host()); or when it is
// in allowed_origins_exact (the CSRF_TRUSTED_ORIGINS entries without "*"),
// compared as strings; or when urlsplit(Origin) has a scheme and a netloc
// that allowed_origin_subdomains covers (per scheme, the netloc of every
// entry with "*", lstrip("*")) by is_same_domain. An Origin urlsplit cannot
// parse fails. rule says which of these decided.
func csrfOriginVerified(cfg *Config, origin string, secure bool) (ok bool, rule string) {
	good, rule := "http://"+SiteHost, "the Origin header is the site's own, http://"+SiteHost
	if secure {
		good, rule = "https://"+SiteHost, "the Origin header is the site's own, https://"+SiteHost
	}
	if origin == good {
		return true, rule
	}
	if cfg.CSRFTrustedOrigins == "" {
		return false, rule
	}
	for e := range csrfTrustedOrigins(cfg) {
		if !strings.Contains(e, "*") && origin == e {
			return true, "the Origin " + origin + " is in CSRF_TRUSTED_ORIGINS"
		}
	}
	rule += ", or CSRF_TRUSTED_ORIGINS = " + pyListLiteral(cfg.CSRFTrustedOrigins) + " trusts it"
	scheme, netloc, parsed := urlSchemeNetloc(origin)
	if !parsed {
		return false, rule
	}
	for e := range csrfTrustedOrigins(cfg) {
		if !strings.Contains(e, "*") {
			continue
		}
		if s, host := csrfTrustedHost(e); s == scheme && djIsSameDomain(netloc, host) {
			return true, "CSRF_TRUSTED_ORIGINS entry " + e + " trusts the Origin " + origin +
				" (the same scheme, a host within " + strings.TrimPrefix(host, ".") + ")"
		}
	}
	return false, rule
}

// csrfCheckReferer is CsrfViewMiddleware._check_referer (csrf.py @5.2), run
// over HTTPS when no Origin was sent: the Referer must be an https URL
// whose netloc is_same_domain matches a CSRF_TRUSTED_ORIGINS entry's host
// (csrf_trusted_origins_hosts: the entry's scheme is not compared), or the
// allowed host: CSRF_COOKIE_DOMAIN (SESSION_COOKIE_DOMAIN with
// CSRF_USE_SESSIONS) with ":port" appended off 80 and 443 (the site is on
// 443: nothing appended), so ".example.com" lets every subdomain through;
// when that is None, request.get_host() exactly. It returns the rejection
// reason ("" passes) and the rule that decided.
func csrfCheckReferer(cfg *Config, referer string) (why, rule string) {
	good, setting := SiteHost, ""
	if cfg.CSRFUseSessions && cfg.SessionCookieDomain != "" {
		good, setting = cfg.SessionCookieDomain, "SESSION_COOKIE_DOMAIN"
	} else if !cfg.CSRFUseSessions && cfg.CSRFCookieDomain != "" {
		good, setting = cfg.CSRFCookieDomain, "CSRF_COOKIE_DOMAIN"
	}
	rule = "over HTTPS without Origin, the Referer is an https URL of this host"
	if setting != "" || cfg.CSRFTrustedOrigins != "" {
		if setting != "" {
			rule = "over HTTPS without Origin, the Referer is an https URL within " + setting + " " + good
		}
		if cfg.CSRFTrustedOrigins != "" {
			rule += " or of a CSRF_TRUSTED_ORIGINS host"
		}
	}
	if referer == "" {
		return "Referer checking failed - no Referer.", rule
	}
	scheme, netloc, ok := urlSchemeNetloc(referer)
	if !ok || scheme == "" || netloc == "" {
		return "Referer checking failed - Referer is malformed.", rule
	}
	if scheme != "https" {
		return "Referer checking failed - Referer is insecure while host is secure.", rule
	}
	for e := range csrfTrustedOrigins(cfg) {
		if _, host := csrfTrustedHost(e); djIsSameDomain(netloc, host) {
			return "", "over HTTPS without Origin, the Referer's host " + netloc + " matches CSRF_TRUSTED_ORIGINS entry " + e
		}
	}
	if !djIsSameDomain(netloc, good) {
		return "Referer checking failed - " + referer + " does not match any trusted origins.", rule
	}
	return "", rule
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
		x.check("the CSRF secret in the "+s.cfg.CSRFCookieName+" cookie is well-formed", djSrcCSRFToken, false)
		return "CSRF cookie " + bad + "."
	}
	if secret == "" {
		x.check(s.csrfRule(where, 0), djSrcCSRFToken, false)
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
	rule, source := s.csrfRule(where, 1), "POST"
	if header {
		rule, source = s.csrfRule(where, 2), "the 'X-Csrftoken' HTTP header"
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

// csrfRule is csrfRules[where][i], naming the site's CSRF_COOKIE_NAME.
func (s *Site) csrfRule(where, i int) string {
	if where == 0 {
		return strings.Replace(csrfRules[0][i], "csrftoken", s.cfg.CSRFCookieName, 1)
	}
	return csrfRules[where][i]
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
	// _set_csrf_cookie: response.set_cookie(settings.CSRF_COOKIE_NAME, ...,
	// secure=settings.CSRF_COOKIE_SECURE, ...). Nothing adds Secure for a
	// __Secure- or __Host- name, or drops the Domain for __Host-: browsers
	// then refuse the cookie (warnings.go, loginRefused).
	c := djCookie{name: cfg.CSRFCookieName, value: x.csrfSecret, maxAge: csrfCookieAge, hasMaxAge: true,
		expires: x.now.Unix() + csrfCookieAge, hasExpires: true, domain: cfg.CSRFCookieDomain,
		path: cfg.CSRFCookiePath, secure: cfg.CSRFCookieSecure, httpOnly: cfg.CSRFCookieHTTPOnly, sameSite: cfg.CSRFCookieSameSite}
	x.setCookie(c)
	x.vary = true
}
