package sim

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Group is one of the page's setting groups.
type Group string

// The setting groups, in the order the page shows them.
const (
	GroupCookie   Group = "cookie"
	GroupLifetime Group = "lifetime"
	GroupServer   Group = "server"
	GroupDeploy   Group = "deployment"
	GroupBrowser  Group = "browser"
)

// Groups lists the groups with their headings.
var Groups = []struct {
	ID    Group
	Title string
}{
	{GroupCookie, "Cookie flags"},
	{GroupLifetime, "Lifetimes"},
	{GroupServer, "Server code"},
	{GroupDeploy, "Deployment"},
	{GroupBrowser, "The victim's browser"},
}

// Kind is the type of a field's value.
type Kind int

const (
	KindBool   Kind = iota // "True" / "False"
	KindChoice             // one of Choices
	KindInt                // a whole number within [Min, Max]; Choices are suggestions
	KindText               // free text within MaxLen; Choices are suggestions
)

// Choice is one value a field offers, with its label.
type Choice struct{ Value, Label string }

// Field describes one member of Config: its stable key (the Django setting's
// name, or a lower-case name for code, deployment and world choices), how to
// read and write it as a string, and a one-line explanation. The page's
// controls, share links, settings.py, the command line and the fix search all
// go through this one table.
type Field struct {
	Key      string
	Group    Group
	Label    string
	Help     string
	Kind     Kind
	Choices  []Choice
	Min, Max int
	MaxLen   int
	Django   bool // a real Django setting (exported to settings.py as such)
	get      func(*Config) string
	set      func(*Config, string) error
}

// Get returns the field's value in c.
func (f *Field) Get(c *Config) string { return f.get(c) }

// Set parses v and stores it in c.
func (f *Field) Set(c *Config, v string) error {
	if err := f.set(c, v); err != nil {
		return fmt.Errorf("%s: %w", f.Key, err)
	}
	return nil
}

// Candidates are the values the fix search tries for this field.
func (f *Field) Candidates() []string {
	if f.Kind == KindBool {
		return []string{"True", "False"}
	}
	out := make([]string, len(f.Choices))
	for i, ch := range f.Choices {
		out[i] = ch.Value
	}
	return out
}

// ChoiceLabel returns the label of value v, or v itself.
func (f *Field) ChoiceLabel(v string) string {
	for _, ch := range f.Choices {
		if ch.Value == v {
			return ch.Label
		}
	}
	return v
}

func boolString(b bool) string {
	if b {
		return "True"
	}
	return "False"
}

func parseBool(v string) (bool, error) {
	switch strings.ToLower(v) {
	case "true", "1", "on", "yes":
		return true, nil
	case "false", "0", "off", "no":
		return false, nil
	}
	return false, fmt.Errorf("%q is not True or False", v)
}

func boolField(key string, g Group, django bool, label, help string, p func(*Config) *bool) Field {
	return Field{Key: key, Group: g, Label: label, Help: help, Kind: KindBool, Django: django,
		get: func(c *Config) string { return boolString(*p(c)) },
		set: func(c *Config, v string) error {
			b, err := parseBool(v)
			if err == nil {
				*p(c) = b
			}
			return err
		}}
}

func intField(key string, g Group, django bool, label, help string, min, max int, choices []Choice, p func(*Config) *int) Field {
	return Field{Key: key, Group: g, Label: label, Help: help, Kind: KindInt, Django: django, Min: min, Max: max, Choices: choices,
		get: func(c *Config) string { return strconv.Itoa(*p(c)) },
		set: func(c *Config, v string) error {
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil {
				return fmt.Errorf("%q is not a whole number", v)
			}
			if n < min || n > max {
				return fmt.Errorf("%d is outside %d..%d", n, min, max)
			}
			*p(c) = n
			return nil
		}}
}

func choiceField(key string, g Group, django bool, label, help string, choices []Choice, p func(*Config) *string) Field {
	return Field{Key: key, Group: g, Label: label, Help: help, Kind: KindChoice, Django: django, Choices: choices,
		get: func(c *Config) string { return *p(c) },
		set: func(c *Config, v string) error {
			for _, ch := range choices {
				if ch.Value == v {
					*p(c) = v
					return nil
				}
			}
			return fmt.Errorf("%q is not one of %s", v, choiceList(choices))
		}}
}

func choiceList(choices []Choice) string {
	vs := make([]string, len(choices))
	for i, ch := range choices {
		vs[i] = strconv.Quote(ch.Value)
		if ch.Value == "" { // "" alone says nothing: name what it means
			vs[i] += " (" + ch.Label + ")"
		}
	}
	return strings.Join(vs, ", ")
}

// djangoRejects marks a Set error for a value that Django or Python refuses
// by itself. Any other Set error is a value Django takes but the lab does
// not model (out of the lab's range, say), which a settings.py import
// reports as such, not as a broken file.
type djangoRejects struct{ error }

// rejectedByDjango reports whether a Set error is a djangoRejects. (A loop
// of errors.Unwrap, not errors.As, whose reflection costs app.wasm 9 KB.)
func rejectedByDjango(err error) bool {
	for ; err != nil; err = errors.Unwrap(err) {
		if _, ok := err.(djangoRejects); ok {
			return true
		}
	}
	return false
}

// validCookieName accepts the names Django's set_cookie can emit: Python's
// http.cookies takes a key of letters, digits and !#$%&'*+-.^_`|~: only
// (_LegalChars; any other raises CookieError, a 500). That is RFC 6265's
// token characters and ':', which browsers store like any other.
func validCookieName(s string) error {
	if s == "" {
		return djangoRejects{fmt.Errorf("the cookie name is empty")}
	}
	for _, r := range s {
		if r <= ' ' || r >= 0x7f || strings.ContainsRune(`()<>@,;\"/[]?={}`, r) {
			return djangoRejects{fmt.Errorf("%q: a cookie name cannot contain %q", s, r)}
		}
	}
	return nil
}

func textField(key string, g Group, label, help string, maxLen int, choices []Choice, check func(string) error, p func(*Config) *string) Field {
	return Field{Key: key, Group: g, Label: label, Help: help, Kind: KindText, Django: true, MaxLen: maxLen, Choices: choices,
		get: func(c *Config) string { return *p(c) },
		set: func(c *Config, v string) error {
			if len(v) > maxLen {
				return fmt.Errorf("longer than %d characters", maxLen)
			}
			if check != nil {
				if err := check(v); err != nil {
					return err
				}
			}
			*p(c) = v
			return nil
		}}
}

// originsField is a list of origins (CSRF_TRUSTED_ORIGINS), stored as its
// entries joined by ",": a value is split at commas, each entry trimmed of
// spaces, empty entries dropped, and each checked by validOrigin.
func originsField(key string, g Group, label, help string, maxLen int, choices []Choice, p func(*Config) *string) Field {
	f := textField(key, g, label, help, maxLen, choices, nil, p)
	f.set = func(c *Config, v string) error {
		if len(v) > maxLen {
			return fmt.Errorf("longer than %d characters", maxLen)
		}
		var entries []string
		for _, e := range strings.Split(v, ",") {
			if e = strings.Trim(e, " \t"); e == "" {
				continue
			}
			if err := validOrigin(e); err != nil {
				return err
			}
			entries = append(entries, e)
		}
		*p(c) = strings.Join(entries, ",")
		return nil
	}
	return f
}

// validOrigin checks one CSRF_TRUSTED_ORIGINS entry: what Django 5.2 would
// refuse, and what the lab cannot store, is an error.
func validOrigin(e string) error {
	for _, r := range e {
		// RFC 3986 characters, less the "," that separates entries here:
		// no spaces, quotes or backslashes, which no origin has.
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-._~:/?#[]@!$&()*+;=%", r)) {
			return fmt.Errorf("%q: a trusted origin cannot contain %q", e, r)
		}
	}
	// django/core/checks/compatibility/django_4_0.py check_csrf_trusted_origins
	// (4_0.E001): "if '://' not in origin". The error stops runserver and
	// every management command that runs the checks (migrate among them).
	if !strings.Contains(e, "://") {
		write := `"https://` + e + `"`
		if strings.HasPrefix(e, ".") {
			// Django 3.2 matched ".example.com" to the domain and its subdomains.
			write = `"https://*` + e + `" (and "https://` + e[1:] + `" for the domain itself)`
		}
		return djangoRejects{fmt.Errorf("%q has no scheme: since Django 4.0 an entry is an origin, here %s; "+
			"a bare host fails the system check 4_0.E001, so runserver and migrate refuse to start", e, write)}
	}
	// CsrfViewMiddleware's csrf_trusted_origins_hosts, which the Referer
	// check reads (an HTTPS POST without Origin), calls urlsplit on every
	// entry, and allowed_origin_subdomains on every wildcard one: it raises
	// ValueError on an unbalanced "[" or "]" (TestTrustedOriginsMatchDjango).
	if _, _, ok := urlSchemeNetloc(e); !ok {
		return djangoRejects{fmt.Errorf("%q is not a URL Python's urlsplit can parse (ValueError: Invalid IPv6 URL)", e)}
	}
	return nil
}

var sameSiteChoices = []Choice{{"Lax", "Lax"}, {"Strict", "Strict"}, {"None", "None"}, {"", "False (no attribute)"}}

// maxAge bounds SESSION_COOKIE_AGE and SECURE_HSTS_SECONDS, which Django
// takes at any size: ten years, beyond any site's choice (browsers cap a
// cookie at 400 days, RFC 6265bis §5.5; Chromium an HSTS entry at one year,
// kMaxHSTSAgeSecs in net/http/http_security_headers.h), and far from
// overflowing the virtual clock's time.Duration (292 years).
const maxAge = 10 * 365 * 24 * 3600

// Fields is the table of every Config member, in display order.
var Fields = []Field{
	textField("SESSION_COOKIE_NAME", GroupCookie, "Cookie name",
		"The __Secure- and __Host- prefixes make browsers enforce Secure (and, for __Host-, no Domain and Path=/).", 64,
		[]Choice{{"sessionid", "sessionid"}, {"__Secure-sessionid", "__Secure-sessionid"}, {"__Host-sessionid", "__Host-sessionid"}},
		validCookieName, func(c *Config) *string { return &c.SessionCookieName }),
	boolField("SESSION_COOKIE_SECURE", GroupCookie, true, "Secure",
		"The browser sends the cookie only over HTTPS, so a network listener never sees it.",
		func(c *Config) *bool { return &c.SessionCookieSecure }),
	boolField("SESSION_COOKIE_HTTPONLY", GroupCookie, true, "HttpOnly",
		"Scripts cannot read the cookie through document.cookie; they can still use it.",
		func(c *Config) *bool { return &c.SessionCookieHTTPOnly }),
	choiceField("SESSION_COOKIE_SAMESITE", GroupCookie, true, "SameSite",
		"Whether cross-site requests carry the cookie. None needs Secure in Chromium and Firefox; False leaves it to the browser.",
		sameSiteChoices, func(c *Config) *string { return &c.SessionCookieSameSite }),
	textField("SESSION_COOKIE_DOMAIN", GroupCookie, "Domain",
		"None keeps the cookie on this host; a parent domain sends it to every sibling subdomain too.", 253,
		[]Choice{{"", "None (this host only)"}, {ParentDomain, ParentDomain}},
		validDomain, func(c *Config) *string { return &c.SessionCookieDomain }),
	textField("SESSION_COOKIE_PATH", GroupCookie, "Path",
		"Path scopes where the cookie is sent; it is not a security boundary. The lab's site serves /login/, /account/, /password/, /transfer/ and /logout/. "+
			"Empty (None) or without a leading / it is no Path at all: the browser scopes the cookie to the folder of the page that set it.", 200,
		[]Choice{{"/", "/"}}, validPath, func(c *Config) *string { return &c.SessionCookiePath }),

	intField("SESSION_COOKIE_AGE", GroupLifetime, true, "Session age (seconds)",
		"Counted from the session's last save, not its last use: an idle timeout only with SAVE_EVERY_REQUEST.",
		0, maxAge, []Choice{{"300", "5 minutes"}, {"900", "15 minutes"}, {"3600", "1 hour"}, {"86400", "1 day"}, {"1209600", "2 weeks"}},
		func(c *Config) *int { return &c.SessionCookieAge }),
	boolField("SESSION_SAVE_EVERY_REQUEST", GroupLifetime, true, "Save every request",
		"Every response below 500 re-saves a non-empty session and re-sends the cookie: expiry slides with each request, anyone's.",
		func(c *Config) *bool { return &c.SessionSaveEveryRequest }),
	boolField("SESSION_EXPIRE_AT_BROWSER_CLOSE", GroupLifetime, true, "Expire at browser close",
		"The cookie has no Max-Age, so the browser drops it at close; the server keeps the session for the full age.",
		func(c *Config) *bool { return &c.SessionExpireAtBrowserClose }),
	intField("set_expiry", GroupLifetime, false, "set_expiry() at login",
		"request.session.set_expiry(N) in the login view: N seconds from each save; 0 means a browser-session cookie.",
		NoSetExpiry, 400*24*3600, []Choice{{"-1", "not called"}, {"0", "0 (browser close)"}, {"300", "300 (5 minutes)"}, {"3600", "3600 (1 hour)"}},
		func(c *Config) *int { return &c.SetExpiry }),

	choiceField("SESSION_ENGINE", GroupServer, true, "Session engine",
		"Where sessions live. signed_cookies keeps no server record, so logout cannot revoke a copied cookie.",
		[]Choice{{"db", "db"}, {"cache", "cache"}, {"cached_db", "cached_db"}, {"file", "file"}, {"signed_cookies", "signed_cookies"}},
		func(c *Config) *string { return (*string)(&c.SessionEngine) }),
	choiceField("login", GroupServer, false, "Login view",
		"auth.login() rotates the session key; writing user_id by hand keeps the key an attacker may have planted.",
		[]Choice{{"auth", "django.contrib.auth.login()"}, {"handwritten", "request.session['user_id'] = user.id"}},
		func(c *Config) *string { return (*string)(&c.Login) }),
	choiceField("logout", GroupServer, false, "Logout view",
		"auth.logout() flushes the session record; deleting user_id leaves the key alive.",
		[]Choice{{"auth", "django.contrib.auth.logout()"}, {"handwritten", "del request.session['user_id']"}},
		func(c *Config) *string { return (*string)(&c.Logout) }),
	boolField("password_change_keeps_session", GroupServer, false, "Password change calls update_session_auth_hash",
		"The stock PasswordChangeView does: the changer's session gets a new key and stays logged in.",
		func(c *Config) *bool { return &c.PasswordChangeKeep }),
	boolField("csrf_middleware", GroupServer, false, "CsrfViewMiddleware",
		"Checks the Origin (or, over HTTPS without an Origin, the Referer) and the CSRF token on every unsafe request.",
		func(c *Config) *bool { return &c.CSRFMiddleware }),
	boolField("transfer_csrf_exempt", GroupServer, false, "@csrf_exempt on the transfer view",
		"Switches the CSRF middleware off for the one view that matters.",
		func(c *Config) *bool { return &c.TransferCSRFExempt }),
	boolField("state_changing_get", GroupServer, false, "Transfer also works on GET",
		"A GET that changes state is reachable from a plain link, which SameSite=Lax lets through.",
		func(c *Config) *bool { return &c.StateChangingGET }),
	textField("CSRF_COOKIE_NAME", GroupServer, "CSRF cookie name",
		"Django adds no Secure for a __Secure- or __Host- name: without CSRF_COOKIE_SECURE browsers refuse the cookie and every checked POST fails. "+
			"__Host- also forbids CSRF_COOKIE_DOMAIN, and stops a sibling subdomain from planting its own.", 64,
		[]Choice{{"csrftoken", "csrftoken"}, {"__Host-csrftoken", "__Host-csrftoken"}, {"__Secure-csrftoken", "__Secure-csrftoken"}},
		validCookieName, func(c *Config) *string { return &c.CSRFCookieName }),
	boolField("CSRF_COOKIE_SECURE", GroupServer, true, "CSRF cookie Secure",
		"The CSRF cookie only over HTTPS.",
		func(c *Config) *bool { return &c.CSRFCookieSecure }),
	boolField("CSRF_COOKIE_HTTPONLY", GroupServer, true, "CSRF cookie HttpOnly",
		"Offers no practical protection (Django's docs say so): the token is in the page anyway.",
		func(c *Config) *bool { return &c.CSRFCookieHTTPOnly }),
	choiceField("CSRF_COOKIE_SAMESITE", GroupServer, true, "CSRF cookie SameSite",
		"Defence in depth; the token and Origin checks are what stop CSRF.",
		sameSiteChoices, func(c *Config) *string { return &c.CSRFCookieSameSite }),
	textField("CSRF_COOKIE_DOMAIN", GroupServer, "CSRF cookie Domain",
		"None keeps the CSRF cookie on this host; a parent domain sends it to every sibling subdomain, and lets their Referer through the HTTPS check.", 253,
		[]Choice{{"", "None (this host only)"}, {ParentDomain, ParentDomain}},
		validDomain, func(c *Config) *string { return &c.CSRFCookieDomain }),
	textField("CSRF_COOKIE_PATH", GroupServer, "CSRF cookie Path",
		"Where the browser sends the CSRF cookie: a path that leaves out /login/ or /transfer/ fails every form posted there (CSRF cookie not set).", 200,
		[]Choice{{"/", "/"}}, validPath, func(c *Config) *string { return &c.CSRFCookiePath }),
	boolField("CSRF_USE_SESSIONS", GroupServer, true, "CSRF token in the session",
		"Keeps the CSRF secret in the session instead of a cookie, where a sibling subdomain cannot plant its own.",
		func(c *Config) *bool { return &c.CSRFUseSessions }),
	originsField("CSRF_TRUSTED_ORIGINS", GroupServer, "Trusted origins",
		"Comma-separated origins, each with its scheme, whose unsafe requests pass the Origin and Referer checks. "+
			"https://*.example.com trusts every subdomain, an attacker's too.", 1000,
		[]Choice{{"", "[] (none)"}, {"https://*" + ParentDomain, "https://*" + ParentDomain}, {"https://" + SiblingHost, "https://" + SiblingHost}},
		func(c *Config) *string { return &c.CSRFTrustedOrigins }),
	boolField("security_middleware", GroupServer, false, "SecurityMiddleware",
		"Without it SECURE_SSL_REDIRECT and SECURE_HSTS_SECONDS do nothing.",
		func(c *Config) *bool { return &c.SecurityMiddleware }),
	boolField("SECURE_SSL_REDIRECT", GroupServer, true, "Redirect HTTP to HTTPS",
		"A 301 to HTTPS, after the plain request (and its cookies) has already crossed the network.",
		func(c *Config) *bool { return &c.SecureSSLRedirect }),
	intField("SECURE_HSTS_SECONDS", GroupServer, true, "HSTS max-age (seconds)",
		"Sent on HTTPS responses only; the browser then refuses plain HTTP for this long.",
		0, maxAge, []Choice{{"0", "0 (no header)"}, {"3600", "1 hour"}, {"31536000", "1 year"}},
		func(c *Config) *int { return &c.SecureHSTSSeconds }),
	boolField("SECURE_HSTS_INCLUDE_SUBDOMAINS", GroupServer, true, "HSTS includeSubDomains",
		"Extends HSTS to every subdomain.",
		func(c *Config) *bool { return &c.SecureHSTSIncludeSubdomains }),
	boolField("SECURE_HSTS_PRELOAD", GroupServer, true, "HSTS preload",
		"Adds the preload token; the list itself is a separate submission (see Deployment).",
		func(c *Config) *bool { return &c.SecureHSTSPreload }),
	boolField("SECURE_CSP", GroupServer, true, "Content-Security-Policy",
		"A script-src without 'unsafe-inline' (Django 6.0's SECURE_CSP): injected inline script does not run.",
		func(c *Config) *bool { return &c.SecureCSP }),

	boolField("https", GroupDeploy, false, "Served over HTTPS",
		"The site has a certificate; plain HTTP still answers on port 80.",
		func(c *Config) *bool { return &c.HTTPS }),
	boolField("hsts_preloaded", GroupDeploy, false, "On the HSTS preload list",
		"Browsers know the site is HTTPS-only before the first visit; the list takes the base domain ("+ParentDomain[1:]+") with every subdomain.",
		func(c *Config) *bool { return &c.HSTSPreloaded }),
	boolField("attacker_subdomain", GroupDeploy, false, "An attacker controls a sibling subdomain",
		"User content or a taken-over subdomain ("+SiblingHost+"): same site, so SameSite does not apply.",
		func(c *Config) *bool { return &c.AttackerSubdomain }),

	choiceField("browser", GroupBrowser, false, "Browser",
		"Chromium treats a missing SameSite as Lax (with a two-minute POST window); Firefox and Safari as None.",
		[]Choice{{"chromium", "Chromium"}, {"firefox", "Firefox"}, {"safari", "Safari"}},
		func(c *Config) *string { return (*string)(&c.Browser) }),
	boolField("session_restore", GroupBrowser, false, "Session restore on",
		"\"Continue where you left off\" (Firefox: \"Open previous windows and tabs\") keeps session cookies across a restart; without it, Firefox's History › Restore Previous Session brings them back.",
		func(c *Config) *bool { return &c.SessionRestore }),
	boolField("https_upgrades", GroupBrowser, false, "Tries HTTPS first",
		"HTTPS-Upgrades (Chrome 115, Safari 18.2, Firefox 136 HTTPS-First): http:// navigations go to https:// first, falling back to http:// if it fails.",
		func(c *Config) *bool { return &c.HTTPSUpgrades }),
	boolField("visited_https_before", GroupBrowser, false, "Visited over HTTPS before",
		"The browser has already received the site's HSTS header, if it sends one.",
		func(c *Config) *bool { return &c.VisitedHTTPSBefore }),
	intField("idle_minutes", GroupBrowser, false, "Minutes the tab sits idle",
		"How long before the next person sits down at the victim's computer.",
		0, 60*24*30, []Choice{{"5", "5 minutes"}, {"30", "30 minutes"}, {"120", "2 hours"}, {"1440", "1 day"}},
		func(c *Config) *int { return &c.IdleMinutes }),
	intField("cross_site_post_after_seconds", GroupBrowser, false, "Cookie age at the cross-site POST (seconds)",
		"Chromium sends a cookie without SameSite on a cross-site POST only in its first two minutes.",
		0, 400*24*3600, []Choice{{"60", "1 minute"}, {"600", "10 minutes"}, {"86400", "1 day"}},
		func(c *Config) *int { return &c.CrossSitePostAfterSecs }),
	intField("replay_every_minutes", GroupBrowser, false, "Thief replays every (minutes)",
		"How often the holder of a stolen cookie uses it.",
		1, 60*24*30, []Choice{{"5", "5 minutes"}, {"60", "1 hour"}, {"1440", "1 day"}},
		func(c *Config) *int { return &c.ReplayEveryMinutes }),
}

var fieldIndex = func() map[string]int {
	m := make(map[string]int, len(Fields))
	for i, f := range Fields {
		m[f.Key] = i
	}
	return m
}()

// FieldByKey returns the field with that key.
func FieldByKey(key string) (*Field, bool) {
	i, ok := fieldIndex[key]
	if !ok {
		return nil, false
	}
	return &Fields[i], true
}

// Set sets the field named key to v.
func (c *Config) Set(key, v string) error {
	f, ok := FieldByKey(key)
	if !ok {
		return fmt.Errorf("unknown setting %q", key)
	}
	return f.Set(c, v)
}

// Get returns the value of the field named key ("" for an unknown key).
func (c *Config) Get(key string) string {
	f, ok := FieldByKey(key)
	if !ok {
		return ""
	}
	return f.Get(c)
}

// Diff lists the keys whose values differ between a and b, in field order.
func Diff(a, b Config) []string {
	var keys []string
	for i := range Fields {
		if Fields[i].get(&a) != Fields[i].get(&b) {
			keys = append(keys, Fields[i].Key)
		}
	}
	return keys
}

func validDomain(s string) error {
	if s == "" {
		return nil
	}
	for _, r := range s {
		if !(r == '.' || r == '-' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return fmt.Errorf("%q is not a host name", s)
		}
	}
	return nil
}

// validPath takes any path Django can send. One that does not start with
// "/", the empty one included (Django leaves the attribute out then), is
// not a Path browsers take: the cookie gets the default-path of the page
// that set it (RFC 6265bis §5.6.4), which the jar works out.
func validPath(s string) error {
	for _, r := range s {
		if r <= ' ' || r == ';' || r >= 0x7f {
			return fmt.Errorf("%q: a cookie path cannot contain %q", s, r)
		}
	}
	return nil
}
