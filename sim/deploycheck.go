package sim

import "slices"

// DeployWarning is one warning of Django's `manage.py check --deploy`, as
// the check framework words it (django/core/checks/security/*.py @5.2).
type DeployWarning struct {
	ID      string `json:"id"`      // e.g. "security.W004"
	Message string `json:"message"` // the warning's text
	Hint    string `json:"hint"`    // Django's hint; no warning of this family has one
	Key     string `json:"key"`     // the Field whose change silences the warning ...
	Value   string `json:"value"`   // ... and the value that does
}

// The warnings of the session, CSRF and HTTPS family, with their messages
// from Django 5.2 (checked by TestDeployChecksMatchDjango).
var (
	w001 = DeployWarning{ID: "security.W001", Key: "security_middleware", Value: "True",
		Message: "You do not have 'django.middleware.security.SecurityMiddleware' in your MIDDLEWARE so the " +
			"SECURE_HSTS_SECONDS, SECURE_CONTENT_TYPE_NOSNIFF, SECURE_REFERRER_POLICY, " +
			"SECURE_CROSS_ORIGIN_OPENER_POLICY, and SECURE_SSL_REDIRECT settings will have no effect."}
	w003 = DeployWarning{ID: "security.W003", Key: "csrf_middleware", Value: "True",
		Message: "You don't appear to be using Django's built-in cross-site request forgery protection via the " +
			"middleware ('django.middleware.csrf.CsrfViewMiddleware' is not in your MIDDLEWARE). Enabling the " +
			"middleware is the safest approach to ensure you don't leave any holes."}
	w004 = DeployWarning{ID: "security.W004", Key: "SECURE_HSTS_SECONDS", Value: "31536000",
		Message: "You have not set a value for the SECURE_HSTS_SECONDS setting. If your entire site is served only " +
			"over SSL, you may want to consider setting a value and enabling HTTP Strict Transport Security. Be " +
			"sure to read the documentation first; enabling HSTS carelessly can cause serious, irreversible problems."}
	w005 = DeployWarning{ID: "security.W005", Key: "SECURE_HSTS_INCLUDE_SUBDOMAINS", Value: "True",
		Message: "You have not set the SECURE_HSTS_INCLUDE_SUBDOMAINS setting to True. Without this, your site is " +
			"potentially vulnerable to attack via an insecure connection to a subdomain. Only set this to True if " +
			"you are certain that all subdomains of your domain should be served exclusively via SSL."}
	w008 = DeployWarning{ID: "security.W008", Key: "SECURE_SSL_REDIRECT", Value: "True",
		Message: "Your SECURE_SSL_REDIRECT setting is not set to True. Unless your site should be available over " +
			"both SSL and non-SSL connections, you may want to either set this setting True or configure a load " +
			"balancer or reverse-proxy server to redirect all connections to HTTPS."}
	w012 = DeployWarning{ID: "security.W012", Key: "SESSION_COOKIE_SECURE", Value: "True",
		Message: "SESSION_COOKIE_SECURE is not set to True. Using a secure-only session cookie makes it more " +
			"difficult for network traffic sniffers to hijack user sessions."}
	w015 = DeployWarning{ID: "security.W015", Key: "SESSION_COOKIE_HTTPONLY", Value: "True",
		Message: "SESSION_COOKIE_HTTPONLY is not set to True. Using an HttpOnly session cookie makes it more " +
			"difficult for cross-site scripting attacks to hijack user sessions."}
	w016 = DeployWarning{ID: "security.W016", Key: "CSRF_COOKIE_SECURE", Value: "True",
		Message: "You have 'django.middleware.csrf.CsrfViewMiddleware' in your MIDDLEWARE, but you have not set " +
			"CSRF_COOKIE_SECURE to True. Using a secure-only CSRF cookie makes it more difficult for network " +
			"traffic sniffers to steal the CSRF token."}
	w021 = DeployWarning{ID: "security.W021", Key: "SECURE_HSTS_PRELOAD", Value: "True",
		Message: "You have not set the SECURE_HSTS_PRELOAD setting to True. Without this, your site cannot be " +
			"submitted to the browser preload list."}
)

// isTrueChecks are the warnings whose check tests its setting with `is True`
// (django/core/checks/security/*.py @5.2), so that a truthy value that is
// not the bool True still raises them.
var isTrueChecks = []DeployWarning{w005, w008, w012, w015, w016, w021}

// isTrueCheck returns the warning whose check tests the setting key with
// `is True`, if there is one.
func isTrueCheck(key string) (DeployWarning, bool) {
	i := slices.IndexFunc(isTrueChecks, func(w DeployWarning) bool { return w.Key == key })
	if i < 0 {
		return DeployWarning{}, false
	}
	return isTrueChecks[i], true
}

// DeployChecks returns the warnings of the session, CSRF and HTTPS family
// that `manage.py check --deploy` raises for c, in ID order (Django prints
// them sorted). The rules, from django/core/checks/security/:
//
//	W001  SecurityMiddleware not in MIDDLEWARE (base.py check_security_middleware);
//	      it silences W004, W005, W008 and W021, which pass without the middleware
//	W003  CsrfViewMiddleware not in MIDDLEWARE (csrf.py check_csrf_middleware)
//	W004  SECURE_HSTS_SECONDS falsy (base.py check_sts)
//	W005  HSTS on, SECURE_HSTS_INCLUDE_SUBDOMAINS not True (check_sts_include_subdomains)
//	W008  SECURE_SSL_REDIRECT not True (check_ssl_redirect)
//	W012  SESSION_COOKIE_SECURE not True (sessions.py check_session_cookie_secure)
//	W015  SESSION_COOKIE_HTTPONLY not True (check_session_cookie_httponly)
//	W016  CsrfViewMiddleware in MIDDLEWARE, CSRF_COOKIE_SECURE not True and
//	      CSRF_USE_SESSIONS off (csrf.py check_csrf_cookie_secure)
//	W021  HSTS on, SECURE_HSTS_PRELOAD not True (check_sts_preload)
//
// W010/W011 and W013/W014 (the sessions app or its middleware alone) never
// occur: the modelled site always has both, which turns them into W012 and
// W015 (the importer notes a settings file that would raise W011 and W014).
// A fresh startproject also gets W009 (SECRET_KEY), W018 (DEBUG) and
// W020 (ALLOWED_HOSTS), which concern settings Config does not hold, and the
// header checks (W002, W006, W019, W022, E023, E024) pass at Django's
// defaults, which the lab does not change. No check looks at SameSite, the
// session's age or engine, SESSION_COOKIE_DOMAIN or SAVE_EVERY_REQUEST.
func DeployChecks(c Config) []DeployWarning {
	var ws []DeployWarning
	if !c.SecurityMiddleware {
		ws = append(ws, w001)
	}
	if !c.CSRFMiddleware {
		ws = append(ws, w003)
	}
	if c.SecurityMiddleware {
		if c.SecureHSTSSeconds == 0 {
			ws = append(ws, w004)
		} else if !c.SecureHSTSIncludeSubdomains {
			ws = append(ws, w005)
		}
		if !c.SecureSSLRedirect {
			ws = append(ws, w008)
		}
	}
	if !c.SessionCookieSecure {
		ws = append(ws, w012)
	}
	if !c.SessionCookieHTTPOnly {
		ws = append(ws, w015)
	}
	if c.CSRFMiddleware && !c.CSRFCookieSecure && !c.CSRFUseSessions {
		ws = append(ws, w016)
	}
	if c.SecurityMiddleware && c.SecureHSTSSeconds != 0 && !c.SecureHSTSPreload {
		ws = append(ws, w021)
	}
	return ws
}

// HeedDeployChecks returns c changed as every deploy warning asks, until
// none fires: heeding W001 can raise W004 and W008, and heeding W004 can
// raise W005 and W021. HSTS is heeded with one year, the value Django's docs
// end with; heeding W021 adds the preload token but does not put the site
// on the browsers' list, which is a separate submission.
func HeedDeployChecks(c Config) Config {
	for ws := DeployChecks(c); len(ws) > 0; ws = DeployChecks(c) {
		for _, w := range ws {
			if err := c.Set(w.Key, w.Value); err != nil {
				panic("sim: deploy warning " + w.ID + ": " + err.Error())
			}
		}
	}
	return c
}

// BlindSpot is a live attack that `check --deploy` does not catch.
type BlindSpot struct {
	Scenario *Scenario
	Verdict  Verdict // the verdict once every deploy warning is heeded: still succeeded
}

// DeployBlindSpots lists the attacks on board (the Board of c) that succeed
// and still succeed once every deploy warning is heeded: no warning of
// `check --deploy` speaks to them. SESSION_COOKIE_SAMESITE="None",
// signed_cookies, a parent SESSION_COOKIE_DOMAIN, SAVE_EVERY_REQUEST and the
// application's code raise nothing. The basics tour is not an attack.
func DeployBlindSpots(c Config, board []Entry) []BlindSpot {
	return blindSpots(c, board, func(s *Scenario, c Config) Verdict { return s.Run(c, false).Verdict })
}

func blindSpots(c Config, board []Entry, run func(*Scenario, Config) Verdict) []BlindSpot {
	heeded := HeedDeployChecks(c)
	var spots []BlindSpot
	for _, e := range board {
		if e.Verdict.Outcome != Succeeded || !isAttack(e.Scenario) {
			continue
		}
		if v := run(e.Scenario, heeded); v.Outcome == Succeeded {
			spots = append(spots, BlindSpot{e.Scenario, v})
		}
	}
	return spots
}

// isAttack reports whether s is an attack: every scenario but the basics
// tour, the learning card's walkthrough (DESIGN.md, "not an attack"). Lanes
// cannot tell, since an injected script acts in the victim's own lane.
func isAttack(s *Scenario) bool { return !s.Tour }
