package sim

import "time"

// CookieWarning is a combination of settings that makes Django emit a
// cookie that browsers refuse to store. Django checks none of these rules
// (django/http/response.py set_cookie), so the page has to.
type CookieWarning struct {
	Cookie   string   // the cookie's name
	Keys     []string // the Field keys that shape the refused attribute
	Code     string   // Chromium CookieInclusionStatus name
	Why      string   // in DevTools' words
	Source   Source
	Browsers []Browser // the browser profiles that refuse it
}

// CookieWarnings stores the session and CSRF cookies exactly as Django
// would set them, in every browser profile, and reports the refusals.
func CookieWarnings(c Config) []CookieWarning {
	u := URL{Scheme: "http", Host: SiteHost, Path: "/login/"}
	if c.HTTPS {
		u.Scheme = "https"
	}
	ctx := RequestContext{URL: u, Method: "POST", Initiator: u.Origin(), TopLevel: true}
	session := djCookie{name: c.SessionCookieName, value: "k", domain: c.SessionCookieDomain, path: c.SessionCookiePath,
		secure: c.SessionCookieSecure, httpOnly: c.SessionCookieHTTPOnly, sameSite: c.SessionCookieSameSite}.String()
	lines := []string{session}
	if c.CSRFMiddleware && !c.CSRFUseSessions {
		lines = append(lines, djCookie{name: c.CSRFCookieName, value: "k", domain: c.CSRFCookieDomain, path: c.CSRFCookiePath, secure: c.CSRFCookieSecure,
			httpOnly: c.CSRFCookieHTTPOnly, sameSite: c.CSRFCookieSameSite}.String())
	}
	var out []CookieWarning
	for i, line := range lines {
		for _, b := range []Browser{Chromium, Firefox, Safari} {
			d := NewJar(ProfileFor(b)).SetCookie(ctx, line, Epoch.Add(time.Second))
			if d.Code == CodeInclude {
				continue
			}
			if n := len(out); n > 0 && out[n-1].Code == d.Code && out[n-1].Cookie == cookieName(line) {
				out[n-1].Browsers = append(out[n-1].Browsers, b)
				continue
			}
			out = append(out, CookieWarning{Cookie: cookieName(line), Keys: warningKeys(d.Code, i == 0), Code: d.Code,
				Why: d.Why, Source: d.Source, Browsers: []Browser{b}})
		}
	}
	return out
}

func cookieName(line string) string {
	for i := 0; i < len(line); i++ {
		if line[i] == '=' {
			return line[:i]
		}
	}
	return line
}

// warningKeys names the settings behind a refusal.
func warningKeys(code string, session bool) []string {
	if !session {
		switch code {
		case "EXCLUDE_SAMESITE_NONE_INSECURE":
			return []string{"CSRF_COOKIE_SAMESITE", "CSRF_COOKIE_SECURE"}
		case "EXCLUDE_INVALID_PREFIX":
			return []string{"CSRF_COOKIE_NAME", "CSRF_COOKIE_SECURE", "CSRF_COOKIE_DOMAIN"}
		case "EXCLUDE_SECURE_ONLY":
			return []string{"CSRF_COOKIE_SECURE", "https"}
		case "EXCLUDE_INVALID_DOMAIN", "EXCLUDE_DOMAIN_MISMATCH":
			return []string{"CSRF_COOKIE_DOMAIN"}
		}
		return []string{"CSRF_COOKIE_NAME", "CSRF_COOKIE_SECURE", "CSRF_COOKIE_SAMESITE", "CSRF_COOKIE_DOMAIN"}
	}
	switch code {
	case "EXCLUDE_SAMESITE_NONE_INSECURE":
		return []string{"SESSION_COOKIE_SAMESITE", "SESSION_COOKIE_SECURE"}
	case "EXCLUDE_INVALID_PREFIX":
		return []string{"SESSION_COOKIE_NAME", "SESSION_COOKIE_SECURE", "SESSION_COOKIE_DOMAIN", "SESSION_COOKIE_PATH"}
	case "EXCLUDE_SECURE_ONLY":
		return []string{"SESSION_COOKIE_SECURE", "https"}
	case "EXCLUDE_INVALID_DOMAIN", "EXCLUDE_DOMAIN_MISMATCH":
		return []string{"SESSION_COOKIE_DOMAIN"}
	}
	return []string{"SESSION_COOKIE_NAME", "SESSION_COOKIE_DOMAIN", "SESSION_COOKIE_PATH", "SESSION_COOKIE_SECURE", "SESSION_COOKIE_SAMESITE"}
}
