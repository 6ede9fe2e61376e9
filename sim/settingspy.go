package sim

import (
	"net/url"
	"strconv"
	"strings"
)

// settings.py, both ways: this file turns a Config into one,
// settingspy_import.go reads one back, with the lexer in settingspy_lex.go and
// the expression evaluator in settingspy_eval.go.
//
// ExportSettings writes only what differs from Django's defaults, one
// assignment per setting with a comment, MIDDLEWARE when the Config departs
// from startproject's, the application's code as commented Python, and the
// deployment and the world as a comment block ending in machine-readable
// "# sessionlab:" lines, so that ImportSettings(ExportSettings(c), Defaults())
// gives c back.
//
// ImportSettings reads a pasted settings.py without running it: a small
// evaluator for the literal subset of Python that settings files are made of
// (settingspy_eval.go). Everything else is ignored with a Note naming its line.

// The MIDDLEWARE entries the model cares about, by dotted path.
const (
	mwSecurity = "django.middleware.security.SecurityMiddleware"
	mwSession  = "django.contrib.sessions.middleware.SessionMiddleware"
	mwCSRF     = "django.middleware.csrf.CsrfViewMiddleware"
	mwAuth     = "django.contrib.auth.middleware.AuthenticationMiddleware"
	mwCSP      = "django.middleware.csp.ContentSecurityPolicyMiddleware" // Django 6.0
	enginePath = "django.contrib.sessions.backends."
)

// startprojectMiddleware is MIDDLEWARE in Django 5.2's project template
// (django/conf/project_template/project_name/settings.py-tpl, lines 42–50).
var startprojectMiddleware = []string{
	mwSecurity,
	mwSession,
	"django.middleware.common.CommonMiddleware",
	mwCSRF,
	"django.contrib.auth.middleware.AuthenticationMiddleware",
	"django.contrib.messages.middleware.MessageMiddleware",
	"django.middleware.clickjacking.XFrameOptionsMiddleware",
}

// ExportSettings renders c as a settings.py fragment for Django 5.2 (6.0 when
// SECURE_CSP is on). It is valid Python.
func ExportSettings(c Config) string {
	var b strings.Builder
	b.WriteString("# settings.py: Session Lab's changes to a fresh `django-admin startproject`.\n")
	b.WriteString("# Only settings that differ from Django's defaults are written.\n")
	if c.SecureCSP {
		b.WriteString("# SECURE_CSP and its middleware need Django 6.0.\n")
	}
	b.WriteString("\n")

	n := 0
	if !c.SecurityMiddleware || !c.CSRFMiddleware || c.SecureCSP {
		writeMiddleware(&b, c)
		n++
	}
	djangoDefaults := Defaults()
	for i := range Fields {
		f := &Fields[i]
		if !f.Django || f.Key == "SECURE_CSP" || f.get(&c) == f.get(&djangoDefaults) {
			continue
		}
		b.WriteString(f.Key)
		b.WriteString(" = ")
		b.WriteString(pyLiteral(f, &c))
		b.WriteString("  # ")
		b.WriteString(settingComment(f.Key, &c))
		b.WriteString("\n")
		n++
	}
	if c.SecureCSP {
		b.WriteString("SECURE_CSP = {  # the Content-Security-Policy header (CSP.SELF is \"'self'\")\n")
		b.WriteString("    \"default-src\": [\"'self'\"],\n")
		b.WriteString("    \"script-src\": [\"'self'\"],  # no 'unsafe-inline': injected inline script does not run\n")
		b.WriteString("}\n")
		n++
	}
	if n == 0 {
		b.WriteString("# (Django's defaults: nothing to change.)\n")
	}
	b.WriteString("\n")
	writeCode(&b, c)
	b.WriteString("\n")
	writeWorld(&b, c)
	return b.String()
}

func writeMiddleware(b *strings.Builder, c Config) {
	b.WriteString("MIDDLEWARE = [\n")
	for _, mw := range startprojectMiddleware {
		switch {
		case mw == mwSecurity && !c.SecurityMiddleware:
			b.WriteString("    # \"" + mw + "\",  # removed: no HSTS header, no HTTPS redirect\n")
		case mw == mwCSRF && !c.CSRFMiddleware:
			b.WriteString("    # \"" + mw + "\",  # removed: no CSRF checks at all\n")
		default:
			b.WriteString("    \"" + mw + "\",\n")
		}
	}
	if c.SecureCSP {
		b.WriteString("    \"" + mwCSP + "\",  # sends SECURE_CSP\n")
	}
	b.WriteString("]\n")
}

// pyLiteral is f's value in c as a Python literal.
func pyLiteral(f *Field, c *Config) string {
	v := f.get(c)
	switch f.Key {
	case "SESSION_ENGINE":
		return pyQuote(enginePath + v)
	case "SESSION_COOKIE_SAMESITE", "CSRF_COOKIE_SAMESITE":
		if v == "" {
			return "False"
		}
	case "SESSION_COOKIE_DOMAIN", "CSRF_COOKIE_DOMAIN":
		if v == "" {
			return "None"
		}
	case "CSRF_TRUSTED_ORIGINS":
		return pyListLiteral(v)
	}
	switch f.Kind {
	case KindBool, KindInt:
		return v
	}
	return pyQuote(v)
}

// pyListLiteral writes CSRF_TRUSTED_ORIGINS's stored value as the Python
// list settings.py holds.
func pyListLiteral(joined string) string {
	if joined == "" {
		return "[]"
	}
	var b strings.Builder
	b.WriteByte('[')
	for i, e := range strings.Split(joined, ",") {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(pyQuote(e))
	}
	b.WriteByte(']')
	return b.String()
}

// pyQuote writes s as a double-quoted Python str literal.
func pyQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r >= ' ' && r < 0x7f:
			b.WriteRune(r)
		case r < 0x10000:
			b.WriteString(`\u`)
			b.WriteString(hex4(int(r)))
		default:
			b.WriteString(`\U`)
			b.WriteString(hex4(int(r) >> 16))
			b.WriteString(hex4(int(r) & 0xffff))
		}
	}
	b.WriteByte('"')
	return b.String()
}

func hex4(n int) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[n>>12&0xf], digits[n>>8&0xf], digits[n>>4&0xf], digits[n&0xf]})
}

// prefixDemands is what browsers demand of a cookie named name
// (RFC 6265bis §4.1.3); Django adds none of it by itself, so secure names
// the setting that must supply Secure. "" when the name has no prefix.
func prefixDemands(name, secure string) string {
	switch {
	case strings.HasPrefix(name, "__Host-"):
		return "__Host-: browsers demand Secure (" + secure + "), Path=/ and no Domain"
	case strings.HasPrefix(name, "__Secure-"):
		return "__Secure-: browsers demand Secure (" + secure + ")"
	}
	return ""
}

// settingComment says in a few words what the exported value does.
func settingComment(key string, c *Config) string {
	noSecMW := ""
	if !c.SecurityMiddleware {
		noSecMW = " (no effect without SecurityMiddleware)"
	}
	switch key {
	case "SESSION_COOKIE_NAME":
		if d := prefixDemands(c.SessionCookieName, "SESSION_COOKIE_SECURE"); d != "" {
			return d
		}
		return "the session cookie's name"
	case "SESSION_COOKIE_AGE":
		if c.SessionCookieAge <= 0 {
			return "no time at all: every session ends the moment it is saved"
		}
		return humanSeconds(c.SessionCookieAge) + " after the session's last save"
	case "SESSION_COOKIE_DOMAIN":
		return "sent to " + strings.TrimPrefix(c.SessionCookieDomain, ".") + " and every subdomain of it"
	case "SESSION_COOKIE_PATH":
		if !isCookiePath(c.SessionCookiePath) {
			return noPathText("the cookie") + " (/login for the login)"
		}
		return "sent only to URLs under " + c.SessionCookiePath
	case "SESSION_COOKIE_SECURE":
		if c.SessionCookieSecure {
			return "the session cookie travels over HTTPS only"
		}
	case "SESSION_COOKIE_HTTPONLY":
		if !c.SessionCookieHTTPOnly {
			return "scripts can read the session cookie through document.cookie"
		}
	case "SESSION_COOKIE_SAMESITE":
		return sameSiteComment(c.SessionCookieSameSite, c.SessionCookieSecure)
	case "SESSION_SAVE_EVERY_REQUEST":
		if c.SessionSaveEveryRequest {
			return "every request re-saves the session: its expiry slides"
		}
	case "SESSION_EXPIRE_AT_BROWSER_CLOSE":
		if c.SessionExpireAtBrowserClose {
			return "no Max-Age: the browser drops the cookie when it closes"
		}
	case "SESSION_ENGINE":
		switch c.SessionEngine {
		case EngineCache:
			return "sessions live in the cache only"
		case EngineCachedDB:
			return "the database, behind a write-through cache"
		case EngineFile:
			return "one file per session"
		case EngineSigned:
			return "the session is the signed cookie: no server record to revoke"
		}
	case "CSRF_COOKIE_NAME":
		if d := prefixDemands(c.CSRFCookieName, "CSRF_COOKIE_SECURE"); d != "" {
			return d
		}
		return "the CSRF cookie's name"
	case "CSRF_COOKIE_SECURE":
		if c.CSRFCookieSecure {
			return "the " + c.CSRFCookieName + " cookie travels over HTTPS only"
		}
	case "CSRF_COOKIE_HTTPONLY":
		if c.CSRFCookieHTTPOnly {
			return "scripts cannot read " + c.CSRFCookieName + " (little practical protection)"
		}
	case "CSRF_COOKIE_SAMESITE":
		return sameSiteComment(c.CSRFCookieSameSite, c.CSRFCookieSecure)
	case "CSRF_COOKIE_DOMAIN":
		return c.CSRFCookieName + " is sent to " + strings.TrimPrefix(c.CSRFCookieDomain, ".") + " and every subdomain of it"
	case "CSRF_COOKIE_PATH":
		if !isCookiePath(c.CSRFCookiePath) {
			return noPathText(c.CSRFCookieName)
		}
		return c.CSRFCookieName + " is sent only to URLs under " + c.CSRFCookiePath + "; a form posted anywhere else fails (CSRF cookie not set)"
	case "CSRF_USE_SESSIONS":
		if c.CSRFUseSessions {
			return "the CSRF secret lives in the session, not in a cookie"
		}
	case "CSRF_TRUSTED_ORIGINS":
		if strings.Contains(c.CSRFTrustedOrigins, "*") {
			return "unsafe requests from these origins pass the Origin check; a * trusts every subdomain"
		}
		return "unsafe requests from these origins pass the Origin check"
	case "SECURE_SSL_REDIRECT":
		if c.SecureSSLRedirect {
			return "301 from http:// to https://" + noSecMW
		}
	case "SECURE_HSTS_SECONDS":
		return "Strict-Transport-Security for " + humanSeconds(c.SecureHSTSSeconds) + noSecMW
	case "SECURE_HSTS_INCLUDE_SUBDOMAINS":
		if c.SecureHSTSIncludeSubdomains {
			return "HSTS covers every subdomain too" + noSecMW
		}
	case "SECURE_HSTS_PRELOAD":
		if c.SecureHSTSPreload {
			return "the preload token; the list is a separate submission" + noSecMW
		}
	}
	return "differs from Django's default"
}

func sameSiteComment(v string, secure bool) string {
	switch v {
	case "Strict":
		return "never sent on requests that start on another site"
	case "None":
		if !secure {
			return "browsers reject a SameSite=None cookie without Secure"
		}
		return "sent on cross-site requests too"
	case "":
		return "no SameSite attribute: the browser's own default applies"
	}
	return "sent cross-site only on top-level GET navigations"
}

// humanSeconds says n seconds in the largest whole unit.
func humanSeconds(n int) string {
	units := []struct {
		secs int
		name string
	}{{604800, "week"}, {86400, "day"}, {3600, "hour"}, {60, "minute"}}
	for _, u := range units {
		if n >= u.secs && n%u.secs == 0 {
			return plural(n/u.secs, u.name)
		}
	}
	return plural(n, "second")
}

func plural(n int, unit string) string {
	s := strconv.Itoa(n) + " " + unit
	if n != 1 {
		s += "s"
	}
	return s
}

// writeCode renders the application's code choices as commented Python.
func writeCode(b *strings.Builder, c Config) {
	lines := []string{
		"The application's code (views.py), which settings cannot express:",
		"",
		"def login_view(request):",
		"    user = auth.authenticate(request, username=..., password=...)",
	}
	if c.Login == LoginAuth {
		lines = append(lines, "    auth.login(request, user)  # a new session key; the auth hash is stored")
	} else {
		lines = append(lines, `    request.session["user_id"] = user.id  # hand-written: the key is not rotated`)
	}
	switch {
	case c.SetExpiry == 0:
		lines = append(lines, "    request.session.set_expiry(0)  # a browser-session cookie")
	case c.SetExpiry > 0:
		lines = append(lines, "    request.session.set_expiry("+strconv.Itoa(c.SetExpiry)+")  # "+humanSeconds(c.SetExpiry)+" after each save")
	}
	lines = append(lines, "", "def logout_view(request):")
	if c.Logout == LogoutAuth {
		lines = append(lines, "    auth.logout(request)  # session.flush(): the record and its key are gone")
	} else {
		lines = append(lines, `    del request.session["user_id"]  # hand-written: the record and its key survive`)
	}
	lines = append(lines, "")
	if c.TransferCSRFExempt {
		lines = append(lines, "@csrf_exempt  # CsrfViewMiddleware skips this view")
	}
	if c.StateChangingGET {
		lines = append(lines, `@require_http_methods(["GET", "POST"])  # a plain link can trigger it`)
	} else {
		lines = append(lines, "@require_POST")
	}
	lines = append(lines, "def transfer(request): ...", "", "def password_change(request):", "    form.save()")
	if c.PasswordChangeKeep {
		lines = append(lines, "    update_session_auth_hash(request, form.user)  # as PasswordChangeView: new key, still logged in")
	} else {
		lines = append(lines, "    # no update_session_auth_hash(): the stored auth hash no longer matches")
	}
	for _, l := range lines {
		writeComment(b, l)
	}
}

// writeWorld renders the deployment and the world as comments, then the
// machine-readable "# sessionlab:" lines that ImportSettings reads back.
func writeWorld(b *strings.Builder, c Config) {
	scheme := "plain HTTP only"
	if c.HTTPS {
		scheme = "HTTPS (plain HTTP still answers on port 80)"
	}
	preload := "not on the HSTS preload list"
	if c.HSTSPreloaded {
		preload = "on the browsers' HSTS preload list"
	}
	sibling := "no attacker on a sibling subdomain"
	if c.AttackerSubdomain {
		sibling = "an attacker controls " + SiblingHost
	}
	writeComment(b, "Deployment: "+SiteHost+" over "+scheme+";")
	writeComment(b, "  "+preload+"; "+sibling+".")

	restore := "session restore off"
	if c.SessionRestore {
		restore = "session restore on"
	}
	visited := "never visited the site over HTTPS"
	if c.VisitedHTTPSBefore {
		visited = "visited the site over HTTPS before"
	}
	browser, _ := FieldByKey("browser")
	writeComment(b, "The victim: "+browser.ChoiceLabel(string(c.Browser))+", "+restore+", "+visited+";")
	writeComment(b, "  the tab sits idle "+plural(c.IdleMinutes, "minute")+"; a cross-site POST arrives when the cookie is "+
		plural(c.CrossSitePostAfterSecs, "second")+" old;")
	writeComment(b, "  a thief replays a stolen cookie every "+plural(c.ReplayEveryMinutes, "minute")+".")

	d := Defaults()
	var kv []string
	for i := range Fields {
		f := &Fields[i]
		if f.Django || f.Key == "csrf_middleware" || f.Key == "security_middleware" {
			continue // settings, and MIDDLEWARE, carry these
		}
		if v := f.get(&c); v != f.get(&d) {
			kv = append(kv, f.Key+"="+url.QueryEscape(v))
		}
	}
	line := ""
	for _, p := range kv {
		if line != "" && len(line)+1+len(p) > 70 {
			b.WriteString("# " + sessionlabTag + " " + line + "\n")
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += p
	}
	if line != "" {
		b.WriteString("# " + sessionlabTag + " " + line + "\n")
	}
}

// sessionlabTag starts the comment lines that carry the Config fields a
// settings.py cannot express, as space-separated key=value pairs (values
// query-escaped), relative to Defaults().
const sessionlabTag = "sessionlab:"

func writeComment(b *strings.Builder, s string) {
	if s == "" {
		b.WriteString("#\n")
		return
	}
	b.WriteString("# ")
	b.WriteString(s)
	b.WriteString("\n")
}
