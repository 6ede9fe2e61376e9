package sim

// Preset is a named Config.
type Preset struct {
	ID, Title, About string
	Config           Config
}

// Defaults is a fresh `django-admin startproject` site (Django 5.2
// global_settings.py plus the project template's MIDDLEWARE), with stock auth
// views, deployed over HTTPS, a sibling subdomain open to an attacker, and a
// current Chromium.
func Defaults() Config {
	return Config{
		SessionCookieName:     "sessionid",
		SessionCookieAge:      1209600,
		SessionCookiePath:     "/",
		SessionCookieHTTPOnly: true,
		SessionCookieSameSite: "Lax",
		SessionEngine:         EngineDB,
		CSRFMiddleware:        true,
		CSRFCookieName:        "csrftoken",
		CSRFCookiePath:        "/",
		CSRFCookieSameSite:    "Lax",
		SecurityMiddleware:    true,

		Login:              LoginAuth,
		SetExpiry:          NoSetExpiry,
		Logout:             LogoutAuth,
		PasswordChangeKeep: true,

		HTTPS:             true,
		AttackerSubdomain: true,

		Browser:                Chromium,
		HTTPSUpgrades:          true,
		VisitedHTTPSBefore:     true,
		IdleMinutes:            30,
		CrossSitePostAfterSecs: 600,
		ReplayEveryMinutes:     5,
	}
}

// LearningCard is the seed card's code: a hand-written login that stores
// user_id and calls set_expiry(300), and a hand-written logout.
func LearningCard() Config {
	c := Defaults()
	c.Login = LoginHandWritten
	c.SetExpiry = 300
	c.Logout = LogoutHandWritten
	return c
}

// Hardened turns on every protection Django offers for sessions.
func Hardened() Config {
	c := Defaults()
	c.SessionCookieName = "__Host-sessionid"
	c.SessionCookieAge = 900
	c.SessionCookieSecure = true
	c.SessionCookieSameSite = "Strict"
	c.SessionExpireAtBrowserClose = true
	c.CSRFCookieSecure = true
	c.SecureSSLRedirect = true
	c.SecureHSTSSeconds = 31536000
	c.SecureHSTSIncludeSubdomains = true
	c.SecureHSTSPreload = true
	c.SecureCSP = true
	c.HSTSPreloaded = true
	return c
}

// EverythingOff turns off every protection: the worst site one can configure.
func EverythingOff() Config {
	c := Defaults()
	c.SessionCookieDomain = ParentDomain
	c.SessionCookieHTTPOnly = false
	c.SessionCookieSameSite = ""
	c.SessionSaveEveryRequest = true
	c.CSRFMiddleware = false
	c.CSRFCookieSameSite = ""
	c.SecurityMiddleware = false
	c.Login = LoginHandWritten
	c.Logout = LogoutHandWritten
	c.PasswordChangeKeep = false
	c.TransferCSRFExempt = true
	c.StateChangingGET = true
	c.HTTPS = false
	return c
}

// Presets lists the named Configs in the order the page offers them.
var Presets = []Preset{
	{"defaults", "Django defaults", "A fresh startproject with stock auth views.", Defaults()},
	{"learning-card", "The learning card's code", "Hand-written login with set_expiry(300) and a hand-written logout.", LearningCard()},
	{"hardened", "Hardened", "A __Host- session cookie, Secure and SameSite=Strict, 15 minutes long and gone at browser close; HTTPS with redirect and preloaded HSTS; a Content-Security-Policy.", Hardened()},
	{"everything-off", "Everything off", "Every protection off.", EverythingOff()},
}

// PresetByID returns the preset with that id.
func PresetByID(id string) (Preset, bool) {
	for _, p := range Presets {
		if p.ID == id {
			return p, true
		}
	}
	return Preset{}, false
}
