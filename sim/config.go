// Package sim is Session Lab's engine: a deterministic model of a Django site's
// session machinery, a browser's cookie jar and HSTS store, a network with
// attacker vantage points, and the attack scenarios that run over them.
//
// Everything the page shows is computed here. The package knows nothing of
// HTML, uses no wall clock (a virtual clock starts at Epoch) and no global
// randomness (session keys come from a seeded generator owned by each run).
package sim

// Engine is a SESSION_ENGINE backend, by the last element of its dotted path.
type Engine string

// The five session engines Django ships (django/contrib/sessions/backends/).
const (
	EngineDB       Engine = "db"
	EngineCache    Engine = "cache"
	EngineCachedDB Engine = "cached_db"
	EngineFile     Engine = "file"
	EngineSigned   Engine = "signed_cookies"
)

// Browser is the victim's browser model.
type Browser string

// The browser profiles. Chromium is the default; Firefox and Safari differ
// where a verdict changes (reference/browser-cookies.md §3.9).
const (
	Chromium Browser = "chromium"
	Firefox  Browser = "firefox"
	Safari   Browser = "safari"
)

// LoginCode is how the application's login view establishes the session.
type LoginCode string

const (
	// LoginAuth calls django.contrib.auth.login(request, user): the key is
	// cycled (or the session flushed) and the auth hash stored.
	LoginAuth LoginCode = "auth"
	// LoginHandWritten is the learning card's request.session['user_id'] = user.id.
	LoginHandWritten LoginCode = "handwritten"
)

// LogoutCode is how the application's logout view ends the session.
type LogoutCode string

const (
	// LogoutAuth calls django.contrib.auth.logout(request): session.flush().
	LogoutAuth LogoutCode = "auth"
	// LogoutHandWritten is del request.session['user_id']: the key survives.
	LogoutHandWritten LogoutCode = "handwritten"
)

// NoSetExpiry marks Config.SetExpiry when the login view never calls
// request.session.set_expiry.
const NoSetExpiry = -1

// Config is the whole state a learner can change: one value that round-trips
// through a share link, a settings.py and the command line.
//
// Field order follows the four groups of DESIGN.md: Django settings (names and
// defaults of Django 5.2's global_settings.py), the application's code, the
// deployment, and the world.
type Config struct {
	// Django settings.
	SessionCookieName           string // SESSION_COOKIE_NAME
	SessionCookieAge            int    // SESSION_COOKIE_AGE, seconds
	SessionCookieDomain         string // SESSION_COOKIE_DOMAIN, "" for None
	SessionCookiePath           string // SESSION_COOKIE_PATH
	SessionCookieSecure         bool   // SESSION_COOKIE_SECURE
	SessionCookieHTTPOnly       bool   // SESSION_COOKIE_HTTPONLY
	SessionCookieSameSite       string // SESSION_COOKIE_SAMESITE: "Lax", "Strict", "None", or "" for False
	SessionSaveEveryRequest     bool   // SESSION_SAVE_EVERY_REQUEST
	SessionExpireAtBrowserClose bool   // SESSION_EXPIRE_AT_BROWSER_CLOSE
	SessionEngine               Engine // SESSION_ENGINE
	CSRFMiddleware              bool   // CsrfViewMiddleware in MIDDLEWARE
	CSRFCookieName              string // CSRF_COOKIE_NAME
	CSRFCookieSecure            bool   // CSRF_COOKIE_SECURE
	CSRFCookieHTTPOnly          bool   // CSRF_COOKIE_HTTPONLY
	CSRFCookieSameSite          string // CSRF_COOKIE_SAMESITE, "" for False
	CSRFCookieDomain            string // CSRF_COOKIE_DOMAIN, "" for None
	CSRFCookiePath              string // CSRF_COOKIE_PATH
	CSRFUseSessions             bool   // CSRF_USE_SESSIONS
	CSRFTrustedOrigins          string // CSRF_TRUSTED_ORIGINS: the entries joined by ",", "" for []
	SecurityMiddleware          bool   // SecurityMiddleware in MIDDLEWARE
	SecureSSLRedirect           bool   // SECURE_SSL_REDIRECT
	SecureHSTSSeconds           int    // SECURE_HSTS_SECONDS
	SecureHSTSIncludeSubdomains bool   // SECURE_HSTS_INCLUDE_SUBDOMAINS
	SecureHSTSPreload           bool   // SECURE_HSTS_PRELOAD
	SecureCSP                   bool   // SECURE_CSP with a script-src that forbids inline script (Django 6.0)

	// The application's code.
	Login              LoginCode  // the login view
	SetExpiry          int        // set_expiry(N) at login; NoSetExpiry when not called
	Logout             LogoutCode // the logout view
	PasswordChangeKeep bool       // the password change view calls update_session_auth_hash
	TransferCSRFExempt bool       // @csrf_exempt on the transfer view
	StateChangingGET   bool       // the transfer view also acts on GET

	// The deployment.
	HTTPS             bool // served over HTTPS (plain HTTP still answers on port 80)
	HSTSPreloaded     bool // the host is on the browsers' HSTS preload list
	AttackerSubdomain bool // a sibling subdomain serves attacker-controlled content

	// The world.
	Browser                Browser
	SessionRestore         bool // "Continue where you left off": session cookies survive a restart
	HTTPSUpgrades          bool // the browser tries https:// first for http:// navigations (on by default since 2023-2025)
	VisitedHTTPSBefore     bool // the victim's browser has seen the site over HTTPS before
	IdleMinutes            int  // how long the victim's tab sits unattended
	CrossSitePostAfterSecs int  // age of the session cookie when a cross-site POST arrives
	ReplayEveryMinutes     int  // how often a thief replays a stolen cookie
}

// Hosts of the simulated world. Public, registrable names, so that the public
// suffix list and Chromium's HTTPS-Upgrades treat them as real sites.
const (
	SiteHost     = "bank.example.com" // the Django site
	SiblingHost  = "blog.example.com" // a sibling subdomain (user content, or taken over)
	AttackerHost = "evil.example.net" // the attacker's own site
	ParentDomain = ".example.com"     // the broad SESSION_COOKIE_DOMAIN learners set
	SiteOrigin   = "https://" + SiteHost
)
