package sim

// The middleware around the views, and the HTTP details they emit exactly as
// Django does: the Cookie header parser (django/http/cookie.py), Set-Cookie
// lines (HttpResponse.set_cookie / delete_cookie and Python's
// http.cookies.Morsel), SessionMiddleware (django/contrib/sessions/
// middleware.py), SecurityMiddleware (django/middleware/security.py) and the
// Content-Security-Policy middleware (django/middleware/csp.py, Django 6.0).
//
// The stack, outermost first, is startproject's MIDDLEWARE with the CSP
// middleware after SecurityMiddleware: Security, CSP, Session, Common, Csrf,
// Authentication, Message, XFrameOptions. No view uses messages, so
// MessageMiddleware never touches the session.

import (
	"strconv"
	"strings"
	"time"
)

const (
	djSrcSessionKey  Source = "django/contrib/sessions/backends/base.py SessionBase._validate_session_key"
	djSrcSSLRedirect Source = "django/middleware/security.py SecurityMiddleware.process_request"
)

// SecureCSPPolicy is the Content-Security-Policy header SECURE_CSP turns on:
// SECURE_CSP = {"script-src": [CSP.SELF]}, rendered by
// django/utils/csp.py build_policy. Inline and injected script does not run.
const SecureCSPPolicy = "script-src 'self'"

// djLookupCookie returns the value of the named cookie in a Cookie header as
// django.http.parse_cookie reads it: split on ";", name and value split at
// the first "=" (a chunk without one is a value with an empty name), both
// stripped, quotes removed; of several cookies with one name the last wins.
func djLookupCookie(header, name string) (value string, ok bool) {
	for header != "" {
		chunk := header
		if i := strings.IndexByte(header, ';'); i >= 0 {
			chunk, header = header[:i], header[i+1:]
		} else {
			header = ""
		}
		k, v := "", chunk
		if i := strings.IndexByte(chunk, '='); i >= 0 {
			k, v = chunk[:i], chunk[i+1:]
		}
		k, v = pyStrip(k), pyStrip(v)
		if (k != "" || v != "") && k == name {
			value, ok = v, true
		}
	}
	if ok {
		value = pyCookieUnquote(value)
	}
	return value, ok
}

// pyStrip is str.strip() on a header decoded as Latin-1 (PEP 3333): it
// removes what Python's str.isspace() calls whitespace, which includes the
// separators \x1c-\x1f, NEL (\x85) and NBSP (\xa0).
func pyStrip(s string) string {
	i, j := 0, len(s)
	for i < j && pySpace(s[i]) {
		i++
	}
	for j > i && pySpace(s[j-1]) {
		j--
	}
	return s[i:j]
}

func pySpace(c byte) bool {
	return c == ' ' || c >= '\t' && c <= '\r' || c >= 0x1c && c <= 0x1f || c == 0x85 || c == 0xa0
}

// pyCookieUnquote is http.cookies._unquote: a value in double quotes loses
// them, and inside, \ooo (octal, first digit 0-3) is that byte and \c is c.
func pyCookieUnquote(s string) string {
	if len(s) < 2 || s[0] != '"' || s[len(s)-1] != '"' {
		return s
	}
	s = s[1 : len(s)-1]
	if strings.IndexByte(s, '\\') < 0 {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 >= len(s) || s[i+1] == '\n' { // _QuotePatt is [\\]. and "." does not match a newline
			b = append(b, c)
			continue
		}
		if i+3 < len(s) && s[i+1] >= '0' && s[i+1] <= '3' && isOctal(s[i+2]) && isOctal(s[i+3]) {
			b = append(b, (s[i+1]-'0')<<6|(s[i+2]-'0')<<3|(s[i+3]-'0'))
			i += 3
			continue
		}
		b = append(b, s[i+1])
		i++
	}
	return string(b)
}

func isOctal(c byte) bool { return c >= '0' && c <= '7' }

// djCookie is one HttpResponse.set_cookie call.
type djCookie struct {
	name, value      string
	maxAge           int
	hasMaxAge        bool
	expires          int64 // Unix seconds, when hasExpires
	hasExpires       bool
	domain, path     string
	secure, httpOnly bool
	sameSite         string // "" for False
}

// String is the Set-Cookie value Django emits for c (see format).
func (c djCookie) String() string { return c.format(nil) }

// format is the Set-Cookie value Morsel.OutputString produces, built in b
// (which the caller may reuse): the attributes in sorted key order (domain,
// expires, httponly, max-age, path, samesite, secure), empty ones left out.
// set_cookie only sets SameSite "if samesite:", so False emits none; Django
// adds nothing of its own (no Secure for SameSite=None, no check of the
// __Host- rules).
func (c djCookie) format(b []byte) string {
	b = append(b, c.name...)
	b = append(b, '=')
	if c.value == "" {
		b = append(b, `""`...) // _quote: "" is not a legal token; every other value the site sets is
	} else {
		b = append(b, c.value...)
	}
	if c.domain != "" {
		b = append(b, "; Domain="...)
		b = append(b, c.domain...)
	}
	if c.hasExpires {
		b = append(b, "; expires="...)
		b = appendHTTPDate(b, c.expires)
	}
	if c.httpOnly {
		b = append(b, "; HttpOnly"...)
	}
	if c.hasMaxAge {
		b = append(b, "; Max-Age="...)
		b = strconv.AppendInt(b, int64(c.maxAge), 10)
	}
	if c.path != "" {
		b = append(b, "; Path="...)
		b = append(b, c.path...)
	}
	if c.sameSite != "" {
		b = append(b, "; SameSite="...)
		b = append(b, c.sameSite...)
	}
	if c.secure {
		b = append(b, "; Secure"...)
	}
	return string(b)
}

// appendHTTPDate is django.utils.http.http_date: RFC 7231 IMF-fixdate of
// whole seconds, e.g. "Mon, 16 Mar 2026 09:00:00 GMT".
func appendHTTPDate(b []byte, unix int64) []byte {
	const days, months = "SunMonTueWedThuFriSat", "JanFebMarAprMayJunJulAugSepOctNovDec"
	t := time.Unix(unix, 0).UTC()
	y, mo, d := t.Date()
	h, mi, s := t.Clock()
	wd := int(t.Weekday())
	return append(b,
		days[3*wd], days[3*wd+1], days[3*wd+2], ',', ' ',
		byte('0'+d/10), byte('0'+d%10), ' ',
		months[3*(mo-1)], months[3*(mo-1)+1], months[3*(mo-1)+2], ' ',
		byte('0'+y/1000%10), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), ' ',
		byte('0'+h/10), byte('0'+h%10), ':', byte('0'+mi/10), byte('0'+mi%10), ':', byte('0'+s/10), byte('0'+s%10),
		' ', 'G', 'M', 'T')
}

// djDeleteCookie is HttpResponse.delete_cookie: an empty value that expired
// at "Thu, 01 Jan 1970 00:00:00 GMT", with Secure added only where browsers
// would otherwise refuse it (a __Secure- or __Host- name, or SameSite=None),
// and no HttpOnly.
func djDeleteCookie(name, path, domain, sameSite string) djCookie {
	secure := strings.HasPrefix(name, "__Secure-") || strings.HasPrefix(name, "__Host-") || equalFold(sameSite, "none")
	return djCookie{name: name, hasMaxAge: true, expires: 0, hasExpires: true,
		path: path, domain: domain, secure: secure, sameSite: sameSite}
}

// sessionProcessRequest is SessionMiddleware.process_request:
// request.session = SessionStore(request.COOKIES.get(SESSION_COOKIE_NAME)).
func (s *Site) sessionProcessRequest(x *djExchange) {
	key, ok := djLookupCookie(x.req.Cookie, s.cfg.SessionCookieName)
	x.hadSessionCookie = ok
	s.sess.open(&s.st, key)
	if ok && s.sess.key == "" {
		x.check("the session cookie's key is at least 8 characters", djSrcSessionKey, false)
	}
}

// sessionProcessResponse is SessionMiddleware.process_response, in its order:
//
//  1. the request had a session cookie and the session is empty: delete
//     the cookie, whatever the status;
//  2. else, if the session was accessed: Vary: Cookie;
//  3. and if it was modified, or SESSION_SAVE_EVERY_REQUEST, and it is not
//     empty and the status is below 500: save it and set the cookie, with
//     Max-Age = get_expiry_age() and expires = now + that, or neither when
//     get_expire_at_browser_close(); a cookie set adds Vary: Cookie ("With a
//     session cookie set, it must be varied on", in 5.2.19's middleware).
//
// "Empty" is read before step 3 loads the session, so with
// SESSION_SAVE_EVERY_REQUEST a stale key the view never touched yields a
// new, empty session and cookie (reference §10.6).
func (s *Site) sessionProcessResponse(x *djExchange) {
	cfg, sess := s.cfg, &s.sess
	accessed, modified, empty := sess.accessed, sess.modified, sess.isEmpty()
	if x.hadSessionCookie && empty {
		c := djDeleteCookie(cfg.SessionCookieName, cfg.SessionCookiePath, cfg.SessionCookieDomain, cfg.SessionCookieSameSite)
		x.setCookie(c)
		x.vary = true
		return
	}
	if accessed {
		x.vary = true
	}
	if !(modified || cfg.SessionSaveEveryRequest) || empty {
		return
	}
	c := djCookie{name: cfg.SessionCookieName, domain: cfg.SessionCookieDomain, path: cfg.SessionCookiePath,
		secure: cfg.SessionCookieSecure, httpOnly: cfg.SessionCookieHTTPOnly, sameSite: cfg.SessionCookieSameSite}
	if !sess.getExpireAtBrowserClose() {
		c.maxAge, c.hasMaxAge = sess.getExpiryAge(), true
		c.expires, c.hasExpires = x.now.Unix()+int64(c.maxAge), true
	}
	if x.resp.Status >= 500 {
		return // "Skip session save for 5xx responses."
	}
	s.st.save(sess, false)
	c.value = sess.key
	x.setCookie(c)
	x.vary = true
}

// sslRedirect is SecurityMiddleware.process_request: with
// SECURE_SSL_REDIRECT, a plain-HTTP request gets a 301 to the same URL over
// HTTPS. The request, cookies and all, has already crossed the network.
func (s *Site) sslRedirect(x *djExchange) bool {
	if !s.cfg.SecurityMiddleware || !s.cfg.SecureSSLRedirect {
		return false
	}
	x.check("SECURE_SSL_REDIRECT: the request came over HTTPS", djSrcSSLRedirect, x.secure)
	if x.secure {
		return false
	}
	u := x.req.URL
	if u.Host != SiteHost {
		s.disallowedHostBeforeSession(x)
		return true
	}
	loc := "https://" + u.Host + u.Path
	if u.Query != "" {
		loc += "?" + u.Query
	}
	x.resp.Status = 301
	x.resp.Reason = "SECURE_SSL_REDIRECT: redirected to HTTPS"
	x.resp.Headers = append(x.resp.Headers, Header{"Location", loc})
	return true
}

// disallowedHostBeforeSession answers a plain-HTTP request to a host
// outside ALLOWED_HOSTS when SECURE_SSL_REDIRECT is on: process_request
// builds the redirect from request.get_host(), which raises DisallowedHost
// in the outermost middleware, so no other middleware runs, in or out
// (core/handlers/exception.py convert_exception_to_response wraps each one).
// views.defaults.bad_request answers 400 through @requires_csrf_token;
// with CSRF_USE_SESSIONS its _EnsureCsrfToken finds no request.session
// (SessionMiddleware never ran) and raises ImproperlyConfigured, which
// server_error's own decorator raises again (handle_uncaught_exception), so
// the exception leaves Django and the WSGI server answers 500 with nothing
// of Django's.
func (s *Site) disallowedHostBeforeSession(x *djExchange) {
	if s.cfg.CSRFUseSessions {
		x.resp.Status = 500
		x.resp.Reason = "Invalid HTTP_HOST header: " + x.req.URL.Host + "; the 400 page's @requires_csrf_token then raised ImproperlyConfigured (CSRF_USE_SESSIONS without request.session), which no handler catches"
		return
	}
	x.resp.Status, x.resp.Reason = 400, "Invalid HTTP_HOST header: "+x.req.URL.Host
	s.ensureCSRFToken(x)
	if x.vary {
		x.resp.Headers = append(x.resp.Headers, Header{"Vary", "Cookie"})
	}
}

// securityProcessResponse is SecurityMiddleware.process_response's HSTS part:
// "max-age=N[; includeSubDomains][; preload]", only when SECURE_HSTS_SECONDS
// is set and only on a secure request.
func (s *Site) securityProcessResponse(x *djExchange) {
	cfg := s.cfg
	if !cfg.SecurityMiddleware || cfg.SecureHSTSSeconds == 0 || !x.secure {
		return
	}
	b := make([]byte, 0, 64)
	b = append(b, "max-age="...)
	b = strconv.AppendInt(b, int64(cfg.SecureHSTSSeconds), 10)
	if cfg.SecureHSTSIncludeSubdomains {
		b = append(b, "; includeSubDomains"...)
	}
	if cfg.SecureHSTSPreload {
		b = append(b, "; preload"...)
	}
	x.resp.Headers = append(x.resp.Headers, Header{"Strict-Transport-Security", string(b)})
}

// cspProcessResponse is ContentSecurityPolicyMiddleware.process_response:
// the header on every response when SECURE_CSP is set.
func (s *Site) cspProcessResponse(x *djExchange) {
	if s.cfg.SecureCSP {
		x.resp.Headers = append(x.resp.Headers, Header{"Content-Security-Policy", SecureCSPPolicy})
	}
}
