package sim

import (
	"math"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// This file turns a Config into a settings.py and reads one back.
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
// (see the evaluator below). Everything else is ignored with a Note naming its line.

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
		return humanSeconds(c.SessionCookieAge) + " after the session's last save"
	case "SESSION_COOKIE_DOMAIN":
		return "sent to " + strings.TrimPrefix(c.SessionCookieDomain, ".") + " and every subdomain of it"
	case "SESSION_COOKIE_PATH":
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

// Note is a remark about one line of an imported settings.py.
type Note struct {
	Line  int    `json:"line"`  // 1-based; 0 for the input as a whole
	Level string `json:"level"` // NoteInfo, NoteWarning or NoteError
	Text  string `json:"text"`
}

// Note levels.
const (
	NoteInfo    = "info"    // ignored, as expected of a settings file
	NoteWarning = "warning" // probably not what the author meant
	NoteError   = "error"   // Django or Python would reject it; not applied
)

const (
	maxSettingsSize = 1 << 20 // bytes of settings.py ImportSettings reads
	maxNesting      = 100     // brackets and unary operators; CPython stops at 200
	maxNotes        = 300
	maxTokens       = 1 << 16 // per logical line; longer ones are not evaluated
)

// ImportSettings reads a settings.py and applies what it sets to base.
// Settings the file does not assign keep base's value: pass Defaults() to
// read the file as a whole project, the current Config to apply a fragment.
//
// Only top-level assignments of literal values are read: strings, numbers,
// True/False/None, arithmetic on them, lists, tuples, dicts, names assigned
// earlier in the file, and django.utils.csp.CSP constants. MIDDLEWARE gives
// csrf_middleware and security_middleware; SECURE_CSP (with the CSP
// middleware) gives SECURE_CSP's switch. "# sessionlab:" comment lines give
// the application, deployment and world fields. Every other statement is
// ignored with a Note naming its line; unknown settings get a note only
// when they look session- or security-related (SESSION_, CSRF_, SECURE_).
// A value Django would reject is not applied and gets an error Note.
func ImportSettings(src string, base Config) (Config, []Note) {
	if len(src) > maxSettingsSize {
		return base, []Note{{0, NoteError, "settings.py is " + strconv.Itoa(len(src)) +
			" bytes; the lab reads at most " + strconv.Itoa(maxSettingsSize) + " (1 MiB)"}}
	}
	src = strings.TrimPrefix(src, "\ufeff")
	if strings.IndexByte(src, '\r') >= 0 { // universal newlines
		src = strings.ReplaceAll(strings.ReplaceAll(src, "\r\n", "\n"), "\r", "\n")
	}
	im := importer{cfg: base, env: map[string]pyValue{}, notTrue: map[string]bool{}, budget: 16*len(src) + 1<<16}
	lx := lexer{src: src, line: 1}
	var buf []token
	for {
		l, ok := lx.next(buf)
		if !ok {
			break
		}
		im.logical(&l)
		buf = l.toks[:0]
	}
	im.finish()
	return im.cfg, im.notes
}

// importer is one ImportSettings call's state.
type importer struct {
	cfg   Config
	notes []Note
	env   map[string]pyValue // every top-level name assigned so far

	budget    int  // elements and bytes left for building values
	exhausted bool // the budget ran out

	block     string // the compound statement whose indented lines follow ("" at top level)
	blockLine int

	mwSeen, mwCSP bool // MIDDLEWARE assigned; with the CSP middleware
	mwSession     bool // ... with SessionMiddleware
	mwCSRFFirst   bool // ... with CsrfViewMiddleware and no SessionMiddleware before it
	mwLine        int
	appsLine      int  // INSTALLED_APPS assigned, at this line (0: not)
	appsSessions  bool // ... with django.contrib.sessions or its AppConfig
	appsLiteral   bool // ... with the string "django.contrib.sessions" itself
	appsUnsure    bool // INSTALLED_APPS changed in a way the lab does not follow
	cspSeen       bool // SECURE_CSP assigned
	cspSecure     bool // ... with a policy that stops injected script
	cspLine       int
	// notTrue are the bool settings whose last value is truthy but not
	// True: the lab applies True, check --deploy (`is True`) warns.
	notTrue map[string]bool

	others     int // unknown settings ignored silently
	othersLine int
	otherNames []string

	dropped      int // notes beyond maxNotes
	droppedLevel string
}

func (im *importer) note(line int, level, text string) {
	if len(im.notes) >= maxNotes {
		im.dropped++
		if im.droppedLevel == "" || levelRank(level) > levelRank(im.droppedLevel) {
			im.droppedLevel = level
		}
		return
	}
	im.notes = append(im.notes, Note{line, level, text})
}

func levelRank(l string) int {
	switch l {
	case NoteError:
		return 2
	case NoteWarning:
		return 1
	}
	return 0
}

// spend takes n bytes from the evaluation budget, which bounds the memory
// and work of building values (a name holding a long list, concatenated
// many times) by a constant times the input's size. A list item costs
// itemCost.
const itemCost = 64 // about unsafe.Sizeof(pyValue{})

func (im *importer) spend(n int) bool {
	if n > im.budget {
		im.budget = 0
		im.exhausted = true
		return false
	}
	im.budget -= n
	return true
}

func (im *importer) logical(l *logical) {
	switch {
	case l.err != "":
		im.note(l.errLine, NoteError, "syntax error: "+l.err+"; Python cannot load this file")
		return
	case l.tooLong:
		im.note(l.line, NoteWarning, "a statement of more than "+strconv.Itoa(maxTokens)+" tokens: not evaluated")
		return
	case len(l.toks) == 0:
		im.comment(l.line, l.comment)
		return
	case l.indented:
		im.indented(l)
		return
	}
	if t := l.toks[0]; t.kind != tkName || !continuesBlock[t.text] {
		im.block, im.blockLine = "", 0
	}
	start := 0
	for i := 0; i <= len(l.toks); i++ {
		if i == len(l.toks) || l.toks[i].kind == tkSemi {
			if i > start {
				im.statement(l.toks[start:i])
			}
			start = i + 1
		}
	}
}

// Compound statements (Python reference §8) and the clauses that continue one.
var (
	compound       = map[string]bool{"if": true, "for": true, "while": true, "try": true, "with": true, "def": true, "class": true, "async": true}
	continuesBlock = map[string]bool{"elif": true, "else": true, "except": true, "finally": true}
)

// indented handles a line inside a compound statement: the lab cannot tell
// whether it runs, so assignments there are not applied.
func (im *importer) indented(l *logical) {
	if im.block == "" {
		im.block, im.blockLine = "indent", l.line
		im.note(l.line, NoteError, "unexpected indent: Python cannot load this file (paste the settings without leading spaces)")
		return
	}
	if im.block == "indent" {
		return
	}
	im.appsUnsure = im.appsUnsure || mentions(l.toks, "INSTALLED_APPS")
	start := 0
	for i := 0; i <= len(l.toks); i++ {
		if i == len(l.toks) || l.toks[i].kind == tkSemi {
			if st := l.toks[start:i]; len(st) > 1 && st[0].kind == tkName && isModeled(st[0].text) {
				im.note(st[0].line, NoteWarning, st[0].text+" is set inside the `"+im.block+"` at line "+
					strconv.Itoa(im.blockLine)+": not applied, since the lab does not run the file")
			}
			start = i + 1
		}
	}
}

func (im *importer) statement(st []token) {
	t0 := st[0]
	line := t0.line
	if t0.kind == tkOp && t0.text == "@" {
		im.block, im.blockLine = "decorated definition", line
		im.note(line, NoteInfo, "a decorated definition: ignored")
		return
	}
	if t0.kind == tkName {
		switch {
		case compound[t0.text]:
			im.block, im.blockLine = t0.text+" …:", line
			im.note(line, NoteInfo, "`"+t0.text+" …:` block ignored: the lab applies top-level assignments only")
			return
		case continuesBlock[t0.text]:
			return
		case t0.text == "import" || t0.text == "from":
			im.importStmt(st)
			return
		case t0.text == "pass":
			return
		}
	}

	// Split at the top-level "=" of an assignment (A = B = value).
	var segs [][]token
	depth, start := 0, 0
	for i, t := range st {
		if t.kind != tkOp {
			continue
		}
		switch t.text {
		case "(", "[", "{":
			depth++
		case ")", "]", "}":
			depth--
		case "=":
			if depth == 0 {
				segs = append(segs, st[start:i])
				start = i + 1
			}
		}
	}
	if len(segs) > 0 {
		v := im.eval(st[start:], line)
		for _, target := range segs {
			if len(target) != 1 || target[0].kind != tkName {
				im.unsupported(target, line, "an assignment to something other than a plain name")
				continue
			}
			im.assign(target[0].text, v, line)
		}
		return
	}
	if len(st) >= 2 && t0.kind == tkName && st[1].kind == tkOp && augmented[st[1].text] != "" {
		old, ok := im.env[t0.text]
		if !ok {
			old = undefinedName(t0.text)
		}
		rhs := im.eval(st[2:], line)
		im.assign(t0.text, im.binop(augmented[st[1].text], old, rhs), line)
		return
	}
	if len(st) == 1 && t0.kind == tkString {
		return // a docstring
	}
	im.unsupported(st, line, "an expression statement")
}

// augmented maps an augmented assignment to its operator.
var augmented = map[string]string{"+=": "+", "-=": "-", "*=": "*", "/=": "/", "//=": "//", "%=": "%", "**=": "**"}

// unsupported notes a statement the lab does not apply: a warning when it
// touches a setting the lab models (MIDDLEWARE.append(...)), else info.
func (im *importer) unsupported(st []token, line int, what string) {
	im.appsUnsure = im.appsUnsure || mentions(st, "INSTALLED_APPS")
	for _, t := range st {
		if t.kind == tkName && isModeled(t.text) {
			im.note(line, NoteWarning, what+" involving "+t.text+": not applied; assign the whole value instead")
			return
		}
	}
	im.note(line, NoteInfo, what+": ignored")
}

func (im *importer) importStmt(st []token) {
	line := st[0].line
	text := joinTokens(st)
	switch {
	case text == "from django.utils.csp import CSP":
		// CSP.SELF and friends are understood.
	case len(st) >= 4 && st[0].text == "from" && st[len(st)-2].text == "import" && st[len(st)-1].text == "*":
		mod := joinTokens(st[1 : len(st)-2])
		im.note(line, NoteInfo, text+": the settings "+mod+" defines are not seen; paste them too")
	default:
		im.note(line, NoteInfo, text+": ignored, the lab does not run imported code")
	}
}

// joinTokens renders tokens as Python source, roughly.
func joinTokens(ts []token) string {
	var b strings.Builder
	for i, t := range ts {
		prev := ""
		if i > 0 {
			prev = ts[i-1].text
		}
		if i > 0 && (t.text != "." && t.text != "," && prev != "." || prev == "from" || prev == "import" || t.text == "import") {
			b.WriteByte(' ')
		}
		if t.kind == tkString {
			b.WriteString(strconv.Quote(t.text))
		} else {
			b.WriteString(t.text)
		}
	}
	return b.String()
}

func isModeled(name string) bool {
	switch name {
	case "MIDDLEWARE", "SECURE_CSP":
		return true
	}
	f, ok := FieldByKey(name)
	return ok && f.Django
}

// assign binds name to v and applies it when it is a setting the lab models.
func (im *importer) assign(name string, v pyValue, line int) {
	im.env[name] = v
	if v.kind == pyErr {
		im.note(line, NoteError, "Python raises "+v.s+" here, so Django cannot load this file")
		return
	}
	if im.setting(name, v, line) || !isSettingName(name) {
		return
	}
	if why, ok := unmodeled[name]; ok {
		if v.truthy() {
			im.note(line, NoteInfo, name+" is not modeled by the lab: ignored. "+why)
		}
		return
	}
	for _, p := range []string{"SESSION_", "CSRF_", "SECURE_"} {
		if strings.HasPrefix(name, p) {
			im.note(line, NoteInfo, name+" is not modeled by the lab: ignored")
			return
		}
	}
	if im.others == 0 {
		im.othersLine = line
	}
	im.others++
	if len(im.otherNames) < 4 {
		im.otherNames = append(im.otherNames, name)
	}
}

// unmodeled says what the settings near sessions that the lab leaves out
// would change, for a settings file that sets them.
var unmodeled = map[string]string{
	// django/http/request.py HttpRequest.scheme (reference/django-sessions.md).
	"SECURE_PROXY_SSL_HEADER": "The lab's site terminates HTTPS itself, so request.is_secure() is the request's scheme. Behind a proxy, this header is what tells Django a request came over HTTPS, which SECURE_SSL_REDIRECT, HSTS and the CSRF Origin check rely on; a proxy that passes the header on from clients lets them claim HTTPS over plain HTTP.",
	// django/core/signing.py, auth's get_session_auth_fallback_hash.
	"SECRET_KEY_FALLBACKS": "The lab keeps one SECRET_KEY. Keys listed here still verify signed_cookies sessions and every session's auth hash, so rotating SECRET_KEY after a leak logs no one out until the old key leaves this list.",
	// django/middleware/csrf.py CsrfViewMiddleware._set_csrf_cookie.
	"CSRF_COOKIE_PATH": "The lab sends the CSRF cookie with Path=/. Like the session cookie's path, it limits where the browser sends the cookie, not who can read it.",
}

// isSettingName is Django's test for a setting: name.isupper()
// (django/conf/__init__.py, Settings.__init__).
func isSettingName(name string) bool {
	upper := false
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c >= 'a' && c <= 'z' {
			return false
		}
		upper = upper || c >= 'A' && c <= 'Z'
	}
	return upper
}

// setting applies a modeled setting and reports whether name is one.
func (im *importer) setting(name string, v pyValue, line int) bool {
	switch name {
	case "MIDDLEWARE":
		im.middleware(v, line)
		return true
	case "SECURE_CSP":
		im.csp(v, line)
		return true
	case "INSTALLED_APPS":
		im.installedApps(v, line)
		return true
	case "SECURE_CSP_REPORT_ONLY":
		im.note(line, NoteInfo, "SECURE_CSP_REPORT_ONLY only reports: the browser still runs the injected script")
		return true
	case "MIDDLEWARE_CLASSES":
		im.note(line, NoteInfo, "MIDDLEWARE_CLASSES is ignored since Django 2.0: MIDDLEWARE is what counts")
		return true
	}
	f, ok := FieldByKey(name)
	if !ok || !f.Django {
		return false
	}
	if v.kind == pyUnknown {
		im.note(line, NoteWarning, notEvaluated(name, v))
		return true
	}
	for _, it := range v.items {
		if name == "CSRF_TRUSTED_ORIGINS" && it.kind == pyUnknown {
			im.note(line, NoteWarning, notEvaluated(name+"'s entry", it))
			return true
		}
	}
	s, level, msg := settingValue(f, v)
	if f.Kind == KindBool {
		im.notTrue[name] = v.kind != pyBool && v.truthy()
	}
	if level != NoteError {
		if err := f.Set(&im.cfg, s); err != nil {
			level, msg = NoteError, err.Error()+"; not applied"
		}
	}
	if msg != "" {
		im.note(line, level, msg)
	}
	return true
}

func notEvaluated(name string, v pyValue) string {
	return name + " is " + v.s + ", which the lab does not evaluate: not applied (it reads literal values only); " +
		"the lab keeps the value it had, so set the one the site runs with by hand"
}

// settingValue converts a Python value to f's string form, as Django reads
// that setting. A NoteError level means the value cannot be applied.
func settingValue(f *Field, v pyValue) (s, level, msg string) {
	bad := func(why string) (string, string, string) {
		return "", NoteError, f.Key + " = " + v.repr() + ": " + why + "; not applied"
	}
	switch f.Key {
	case "SESSION_COOKIE_SAMESITE", "CSRF_COOKIE_SAMESITE":
		// HttpResponseBase.set_cookie: "if samesite: if samesite.lower() not in
		// ('lax', 'none', 'strict'): raise ValueError" (django/http/response.py).
		if !v.truthy() {
			return "", "", ""
		}
		if v.kind != pyStr {
			return bad("Django calls .lower() on it and fails when it sets the cookie")
		}
		for _, ch := range sameSiteChoices {
			if ch.Value != "" && strings.EqualFold(ch.Value, v.s) {
				if ch.Value != v.s {
					return ch.Value, NoteInfo, f.Key + " = " + v.repr() + ": browsers read SameSite case-insensitively, so it is " + ch.Value
				}
				return ch.Value, "", ""
			}
		}
		return bad(`Django raises ValueError("samesite must be \"lax\", \"none\", or \"strict\".") on every response that sets the cookie`)
	case "SESSION_ENGINE":
		if v.kind != pyStr {
			return bad("not a dotted module path")
		}
		e, ok := strings.CutPrefix(v.s, enginePath)
		if !ok || f.set(&Config{}, e) != nil {
			return bad("the lab models Django's five engines only (" + enginePath + "db, cache, cached_db, file, signed_cookies)")
		}
		return e, "", ""
	case "SESSION_COOKIE_DOMAIN", "CSRF_COOKIE_DOMAIN":
		if v.kind == pyNone {
			return "", "", ""
		}
	case "CSRF_TRUSTED_ORIGINS":
		return trustedOriginsValue(f, v)
	}
	switch f.Kind {
	case KindBool:
		if v.kind == pyBool {
			return boolString(v.i != 0), "", ""
		}
		t := v.truthy()
		why := ""
		if v.kind == pyStr && t && (strings.EqualFold(v.s, "false") || v.s == "0") {
			why = " (a non-empty string is true in Python)"
		}
		text := f.Key + " = " + v.repr() + " is not a bool: Django uses its truth value, " + boolString(t) + why
		if w, ok := isTrueCheck(f.Key); ok && t {
			text += ", but check --deploy tests `is True` and judges it False (" + w.ID + ")"
		}
		return boolString(t), NoteWarning, text
	case KindInt:
		switch {
		case v.kind == pyInt:
			return strconv.FormatInt(v.i, 10), "", ""
		case v.kind == pyFloat && v.f == math.Trunc(v.f) && math.Abs(v.f) < 1<<53:
			return strconv.FormatInt(int64(v.f), 10), NoteInfo, f.Key + " = " + v.repr() + ": a float; read as a whole number"
		}
		return bad("not a whole number")
	case KindText:
		if v.kind == pyStr {
			return v.s, "", ""
		}
		return bad("not a str")
	}
	return bad("not a value the lab can represent")
}

// trustedOriginsValue reads CSRF_TRUSTED_ORIGINS as CsrfViewMiddleware
// and the system check iterate it (csrf.py @5.2 cached properties;
// checks/compatibility/django_4_0.py): a list, tuple or set of str. A str
// is iterated character by character, so the check rejects every
// character (4_0.E001) unless it is empty. Entries go through the Field's
// own checks (validOrigin) when the caller applies the value.
func trustedOriginsValue(f *Field, v pyValue) (s, level, msg string) {
	bad := func(why string) (string, string, string) {
		return "", NoteError, f.Key + " = " + v.repr() + ": " + why + "; not applied"
	}
	switch v.kind {
	case pyStr:
		if v.s == "" {
			return "", "", "" // iterates to nothing, as []
		}
		return bad("a str, not a list: Django iterates it one character at a time, and the system check 4_0.E001 rejects each character " +
			"(runserver and migrate refuse to start); write [" + strconv.Quote(v.s) + "]")
	case pyList, pyTuple, pySet:
	default:
		return bad("not a list of origins (Django iterates it)")
	}
	var entries, odd []string
	for _, it := range v.items {
		switch {
		case it.kind != pyStr:
			return bad("the entry " + it.repr() + " is not a str")
		case it.s == "":
			return bad(`an empty entry has no scheme, which the system check 4_0.E001 rejects`)
		case it.s != strings.TrimSpace(it.s) || strings.Contains(it.s, ","):
			return bad("the entry " + it.repr() + " has spaces around it or a comma in it, which the lab cannot store")
		}
		entries = append(entries, it.s)
		if w := originShape(it.s); w != "" {
			odd = append(odd, w)
		}
	}
	if len(odd) > 0 {
		return strings.Join(entries, ","), NoteWarning, f.Key + ": " + strings.Join(odd, "; ")
	}
	return strings.Join(entries, ","), "", ""
}

// originShape explains an entry that Django accepts but whose exact form
// never equals an Origin header (scheme://host[:port], lower case, as
// browsers send it): _origin_verified compares the entries without "*" as
// strings, so only the Referer check (which reads their host) uses it.
func originShape(e string) string {
	if strings.Contains(e, "*") {
		return ""
	}
	scheme, netloc, ok := urlSchemeNetloc(e)
	if !ok || scheme == "" {
		return ""
	}
	switch {
	case len(e) > len(scheme)+3+len(netloc):
		return strconv.Quote(e) + " has more than scheme://host: it never equals an Origin header, so only the HTTPS Referer check uses it (by its host)"
	case e != strings.ToLower(e):
		return strconv.Quote(e) + " has capitals: browsers send the Origin in lower case, so it never matches one; only the HTTPS Referer check uses it (by its host)"
	}
	return ""
}

func (im *importer) middleware(v pyValue, line int) {
	if v.kind == pyUnknown {
		im.note(line, NoteWarning, notEvaluated("MIDDLEWARE", v))
		return
	}
	if v.kind != pyList && v.kind != pyTuple {
		im.note(line, NoteError, "MIDDLEWARE = "+v.repr()+": not a list or tuple; not applied")
		return
	}
	has := map[string]bool{}
	afterSession := map[string]bool{} // entry -> SessionMiddleware comes before it
	for _, it := range v.items {
		if it.kind != pyStr {
			im.note(line, NoteWarning, "MIDDLEWARE entry "+it.repr()+" is not a literal string: ignored")
			continue
		}
		has[it.s] = true
		afterSession[it.s] = has[mwSession]
	}
	im.cfg.CSRFMiddleware = has[mwCSRF]
	im.cfg.SecurityMiddleware = has[mwSecurity]
	im.mwSeen, im.mwCSP, im.mwSession = true, has[mwCSP], has[mwSession]
	im.mwCSRFFirst, im.mwLine = has[mwCSRF] && !afterSession[mwCSRF], line
	// Middleware runs process_request in MIDDLEWARE's order: request.session
	// exists only after SessionMiddleware's.
	switch {
	case !has[mwSession] && has[mwAuth]:
		// auth/middleware.py AuthenticationMiddleware.process_request:
		// no request.session raises ImproperlyConfigured.
		im.note(line, NoteWarning, "MIDDLEWARE lacks "+mwSession+": AuthenticationMiddleware raises ImproperlyConfigured on every request, so the site serves nothing; the lab always runs it")
	case !has[mwSession]:
		im.note(line, NoteWarning, "MIDDLEWARE lacks "+mwSession+": Django would keep no sessions at all; the lab always runs it")
	case has[mwAuth] && !afterSession[mwAuth]:
		im.note(line, NoteWarning, "MIDDLEWARE lists AuthenticationMiddleware before "+mwSession+": it finds no request.session and raises ImproperlyConfigured on every request, so the site serves nothing; the lab runs them in working order")
	}
}

// installedApps notes whether INSTALLED_APPS has the sessions app, whose
// Session model the db and cached_db engines store sessions in.
func (im *importer) installedApps(v pyValue, line int) {
	im.appsLine, im.appsSessions, im.appsLiteral = line, false, false
	if v.kind != pyList && v.kind != pyTuple {
		im.appsUnsure = true
		return
	}
	for _, it := range v.items {
		switch {
		case it.kind != pyStr:
			im.appsUnsure = true
		case it.s == "django.contrib.sessions" || it.s == "django.contrib.sessions.apps.SessionsConfig":
			im.appsSessions = true
			im.appsLiteral = im.appsLiteral || it.s == "django.contrib.sessions"
		}
	}
}

// sessionModelMissing reports whether the file's INSTALLED_APPS lacks the
// sessions app while its engine stores sessions in the app's Session model:
// backends/db.py SessionStore.get_model_class imports the model, which
// Django refuses outside INSTALLED_APPS (RuntimeError).
func (im *importer) sessionModelMissing() bool {
	return im.appsLine > 0 && !im.appsSessions && !im.appsUnsure &&
		(im.cfg.SessionEngine == EngineDB || im.cfg.SessionEngine == EngineCachedDB)
}

// sessionDeployIDs notes the deploy warnings Django raises for
// SESSION_COOKIE_SECURE and SESSION_COOKIE_HTTPONLY when INSTALLED_APPS lacks
// the string "django.contrib.sessions" (its AppConfig's path does not count):
// the checks see SessionMiddleware alone and raise W011 and W014 where
// DeployChecks, which assumes both, lists W012 and W015
// (django/core/checks/security/sessions.py), or the lab's note on a value
// that is truthy but not True names them. A site that fails every
// request for want of the app or of SessionMiddleware has its own note instead.
func (im *importer) sessionDeployIDs() {
	if im.appsLine == 0 || im.appsUnsure || im.appsLiteral || im.mwSeen && !im.mwSession || im.sessionModelMissing() {
		return
	}
	middlewareOnly := map[string]string{w012.ID: "W011", w015.ID: "W014"}
	warnings := DeployChecks(im.cfg)
	for _, w := range isTrueChecks {
		if im.notTrue[w.Key] {
			warnings = append(warnings, w)
		}
	}
	for _, w := range warnings {
		if id, ok := middlewareOnly[w.ID]; ok {
			im.note(im.appsLine, NoteInfo, "check --deploy names the "+w.Key+" warning "+id+", not "+strings.TrimPrefix(w.ID, "security.")+
				" as the lab does: without the string \"django.contrib.sessions\" in INSTALLED_APPS it sees SessionMiddleware alone")
		}
	}
}

// mentions reports whether the tokens use the name.
func mentions(toks []token, name string) bool {
	return slices.ContainsFunc(toks, func(t token) bool { return t.kind == tkName && t.text == name })
}

func (im *importer) csp(v pyValue, line int) {
	switch {
	case v.kind == pyUnknown:
		im.note(line, NoteWarning, notEvaluated("SECURE_CSP", v))
		return
	case !v.truthy():
		im.cspSeen, im.cspSecure, im.cspLine = true, false, line
		return
	case v.kind != pyDict:
		im.note(line, NoteError, "SECURE_CSP = "+v.repr()+": not a dict (check security.W026); not applied")
		return
	}
	ok, why := cspStopsInjectedScript(v)
	im.cspSeen, im.cspSecure, im.cspLine = true, ok, line
	if !ok {
		im.note(line, NoteWarning, "SECURE_CSP does not stop injected script: "+why)
	}
}

// cspNonce is django.utils.csp.CSP.NONCE, which the middleware replaces by
// 'nonce-…' when a template uses csp_nonce.
const cspNonce = "<CSP_NONCE_SENTINEL>"

// cspConstants are the members of django.utils.csp.CSP (Django 6.0).
var cspConstants = map[string]string{
	"HEADER_ENFORCE": "Content-Security-Policy", "HEADER_REPORT_ONLY": "Content-Security-Policy-Report-Only",
	"NONE": "'none'", "REPORT_SAMPLE": "'report-sample'", "SELF": "'self'", "STRICT_DYNAMIC": "'strict-dynamic'",
	"UNSAFE_EVAL": "'unsafe-eval'", "UNSAFE_HASHES": "'unsafe-hashes'", "UNSAFE_INLINE": "'unsafe-inline'",
	"WASM_UNSAFE_EVAL": "'wasm-unsafe-eval'", "NONCE": cspNonce,
}

// cspStopsInjectedScript reports whether the policy stops a script an
// attacker injects into a page, inline or loaded from the attacker's host.
//
// A <script> element is governed by the first of script-src-elem,
// script-src and default-src that the policy has (CSP3 §6.8.3, "Get the
// effective directive" and the directive fallback list). Django renders a
// directive whose value is None or False as absent, True as an empty source
// list, a string as one source (django/utils/csp.py, build_policy).
// 'unsafe-inline' is ignored when the list has a nonce or a hash, or
// 'strict-dynamic' (CSP3 §6.7.3.3); 'strict-dynamic' also ignores host and
// scheme sources (CSP3 §8.2), which otherwise let "*", "https:", "http:" and
// "data:" load the attacker's script.
func cspStopsInjectedScript(policy pyValue) (bool, string) {
	for _, dir := range []string{"script-src-elem", "script-src", "default-src"} {
		v, ok := policy.lookup(dir)
		if !ok || v.kind == pyNone || v.kind == pyBool && v.i == 0 {
			continue
		}
		var srcs []pyValue
		switch v.kind {
		case pyBool:
		case pyStr:
			srcs = []pyValue{v}
		case pyList, pyTuple, pySet:
			srcs = v.items
		default:
			return false, "the lab cannot read " + dir + " = " + v.repr()
		}
		inlineOK, strictDynamic := false, false
		for _, s := range srcs {
			if s.kind != pyStr {
				return false, "the lab cannot read " + dir + " entry " + s.repr()
			}
			l := strings.ToLower(s.s)
			switch {
			case s.s == cspNonce || strings.HasPrefix(l, "'nonce-") || strings.HasPrefix(l, "'sha256-") ||
				strings.HasPrefix(l, "'sha384-") || strings.HasPrefix(l, "'sha512-"):
				inlineOK = true
			case l == "'strict-dynamic'":
				inlineOK, strictDynamic = true, true
			}
		}
		for _, s := range srcs {
			switch l := strings.ToLower(s.s); {
			case l == "'unsafe-inline'" && !inlineOK:
				return false, dir + " allows 'unsafe-inline', so injected inline script runs"
			case !strictDynamic && (l == "*" || l == "http:" || l == "https:" || l == "data:"):
				return false, dir + " allows " + s.s + ", so an injected <script src> loads the attacker's code"
			}
		}
		return true, ""
	}
	return false, "it has neither script-src nor default-src, so scripts are unrestricted"
}

// comment reads a "# sessionlab:" line; other comments are ignored.
func (im *importer) comment(line int, text string) {
	rest, ok := strings.CutPrefix(strings.TrimSpace(text), sessionlabTag)
	if !ok {
		return
	}
	for _, kv := range strings.Fields(rest) {
		k, v, ok := strings.Cut(kv, "=")
		f, known := FieldByKey(k)
		switch {
		case !ok:
			im.note(line, NoteError, "sessionlab: "+strconv.Quote(kv)+" is not key=value")
			continue
		case !known:
			im.note(line, NoteError, "sessionlab: unknown key "+strconv.Quote(k))
			continue
		case f.Django:
			im.note(line, NoteWarning, "sessionlab: "+k+" is a Django setting; assign it in Python")
			continue
		}
		uv, err := url.QueryUnescape(v)
		if err == nil {
			err = f.Set(&im.cfg, uv)
		}
		if err != nil {
			im.note(line, NoteError, "sessionlab: "+err.Error())
		}
	}
}

func (im *importer) finish() {
	if im.cspSeen || im.mwSeen {
		cspOK := im.cfg.SecureCSP
		if im.cspSeen {
			cspOK = im.cspSecure
		}
		switch {
		case im.cspSeen && im.cspSecure && !im.mwSeen:
			im.note(im.cspLine, NoteInfo, "SECURE_CSP takes effect only with "+mwCSP+" in MIDDLEWARE; assumed present")
		case im.cspSeen && im.cspSecure && !im.mwCSP:
			im.note(im.cspLine, NoteWarning, "SECURE_CSP has no effect: MIDDLEWARE lacks "+mwCSP)
		}
		im.cfg.SecureCSP = cspOK && (!im.mwSeen || im.mwCSP)
	}
	if im.sessionModelMissing() {
		im.note(im.appsLine, NoteWarning, "INSTALLED_APPS lacks django.contrib.sessions: the "+string(im.cfg.SessionEngine)+
			" engine keeps sessions in its Session model, so the first request that uses a session fails with a 500 (RuntimeError); the lab runs the engine as if it were installed")
	}
	im.sessionDeployIDs()
	if im.mwCSRFFirst && im.cfg.CSRFUseSessions {
		// csrf.py CsrfViewMiddleware._get_secret, from process_request.
		im.note(im.mwLine, NoteWarning, "CSRF_USE_SESSIONS = True needs "+mwSession+" before CsrfViewMiddleware in MIDDLEWARE: without it CsrfViewMiddleware raises ImproperlyConfigured on every request, so the site serves nothing; the lab runs them in working order")
	}
	if im.exhausted {
		im.note(0, NoteWarning, "the file builds values too large to evaluate; some were not applied")
	}
	if im.others > 0 {
		names := strings.Join(im.otherNames, ", ")
		if im.others > len(im.otherNames) {
			names += ", …"
		}
		im.note(im.othersLine, NoteInfo, "ignored "+plural(im.others, "other setting")+" unrelated to sessions ("+names+")")
	}
	if im.dropped > 0 {
		im.notes = append(im.notes, Note{0, im.droppedLevel, plural(im.dropped, "more note") + " not shown"})
	}
	sort.SliceStable(im.notes, func(i, j int) bool { return im.notes[i].Line < im.notes[j].Line })
}

// The lexer follows the Python reference's lexical analysis (§2) for the
// parts a settings file uses: logical lines joined by brackets and
// backslashes, comments, names, numbers, string literals with prefixes and
// escapes, and operators.

type tokKind uint8

const (
	tkName tokKind = iota + 1
	tkNumber
	tkString
	tkOp
	tkSemi // ";" between statements on one line
)

type strKind uint8

const (
	strText    strKind = iota
	strBytes           // b"…"
	strFormat          // f"…": not a literal
	strUnnamed         // has a \N{…} escape, which the lab does not decode
)

type token struct {
	kind tokKind
	text string // a name, number or operator as written; a string's value
	line int
	str  strKind
}

// logical is one logical line, a comment-only line, or a syntax error.
type logical struct {
	line     int  // the first physical line
	indented bool // inside a compound statement's block
	toks     []token
	comment  string // a comment-only line's text after "#"
	tooLong  bool   // more than maxTokens tokens; toks holds none
	err      string
	errLine  int
}

type lexer struct {
	src  string
	pos  int
	line int
}

// opLen is the length of the operator or delimiter s starts with, longest
// first, or 0 (Python reference §2.5, §2.6; brackets and ";" aside).
func opLen(s string) int {
	if len(s) >= 3 {
		switch s[:3] {
		case "**=", "//=", ">>=", "<<=", "...":
			return 3
		}
	}
	if len(s) >= 2 {
		switch s[:2] {
		case "->", ":=", "**", "//", "==", "!=", "<=", ">=", "<<", ">>",
			"+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@=":
			return 2
		}
	}
	if strings.IndexByte("+-*/%@&|^~<>=.,:", s[0]) >= 0 {
		return 1
	}
	return 0
}

// next returns the next logical line, reusing buf for its tokens.
func (lx *lexer) next(buf []token) (logical, bool) {
	l := logical{toks: buf[:0]}
	var open []byte // unclosed brackets
	openLine := 0
	atStart := true
	add := func(t token) {
		switch {
		case len(l.toks) == 0 && !l.tooLong:
			l.line = t.line
		case len(l.toks) >= maxTokens:
			l.tooLong, l.toks = true, l.toks[:0]
		}
		if !l.tooLong {
			l.toks = append(l.toks, t)
		}
	}
	for {
		if lx.pos >= len(lx.src) {
			if len(open) > 0 {
				l.err, l.errLine = "'"+string(open[0])+"' was never closed", openLine
				return l, true
			}
			return l, len(l.toks) > 0 || l.tooLong
		}
		c := lx.src[lx.pos]
		if atStart {
			atStart = false
			i := lx.pos
			for i < len(lx.src) && (lx.src[i] == ' ' || lx.src[i] == '\t' || lx.src[i] == '\f') {
				i++
			}
			if i < len(lx.src) && lx.src[i] != '\n' && lx.src[i] != '#' {
				l.indented = i > lx.pos
			}
			lx.pos = i
			continue
		}
		switch {
		case c == ' ' || c == '\t' || c == '\f':
			lx.pos++
		case c == '\n':
			lx.pos++
			lx.line++
			if len(open) == 0 {
				if len(l.toks) > 0 || l.tooLong {
					return l, true
				}
				atStart = true
			}
		case c == '#':
			end := strings.IndexByte(lx.src[lx.pos:], '\n')
			if end < 0 {
				end = len(lx.src) - lx.pos
			}
			text := lx.src[lx.pos+1 : lx.pos+end]
			lx.pos += end
			if len(open) == 0 && len(l.toks) == 0 && !l.tooLong {
				l.line, l.comment = lx.line, text
				if lx.pos < len(lx.src) {
					lx.pos++
					lx.line++
				}
				return l, true
			}
		case c == '\\':
			if lx.pos+1 < len(lx.src) && lx.src[lx.pos+1] == '\n' {
				lx.pos += 2
				lx.line++
				continue
			}
			return lx.fail(l, "a backslash outside a string must end the line"), true
		case c >= '0' && c <= '9' || c == '.' && lx.pos+1 < len(lx.src) && isDigit(lx.src[lx.pos+1]):
			t, err := lx.number()
			if err != "" {
				return lx.fail(l, err), true
			}
			add(t)
		case c == '"' || c == '\'' || isNameByte(c):
			if c != '"' && c != '\'' {
				i := lx.pos
				for i < len(lx.src) && isNameByte(lx.src[i]) {
					i++
				}
				name := lx.src[lx.pos:i]
				if i >= len(lx.src) || (lx.src[i] != '"' && lx.src[i] != '\'') || !isStringPrefix(name) {
					add(token{kind: tkName, text: name, line: lx.line})
					lx.pos = i
					continue
				}
			}
			t, err := lx.string()
			if err != "" {
				return lx.fail(l, err), true
			}
			add(t)
		case c == '(' || c == '[' || c == '{':
			if len(open) == 0 {
				openLine = lx.line
			}
			if len(open) >= maxNesting {
				return lx.fail(l, "too many nested brackets"), true
			}
			open = append(open, c)
			add(token{kind: tkOp, text: lx.src[lx.pos : lx.pos+1], line: lx.line})
			lx.pos++
		case c == ')' || c == ']' || c == '}':
			if len(open) == 0 || closer(open[len(open)-1]) != c {
				return lx.fail(l, "unmatched '"+string(c)+"'"), true
			}
			open = open[:len(open)-1]
			add(token{kind: tkOp, text: lx.src[lx.pos : lx.pos+1], line: lx.line})
			lx.pos++
		case c == ';' && len(open) == 0:
			add(token{kind: tkSemi, text: ";", line: lx.line})
			lx.pos++
		default:
			n := opLen(lx.src[lx.pos:])
			if n == 0 {
				return lx.fail(l, "invalid character "+strconv.QuoteRune(rune(c))), true
			}
			add(token{kind: tkOp, text: lx.src[lx.pos : lx.pos+n], line: lx.line})
			lx.pos += n
		}
	}
}

// fail ends the logical line with a syntax error and skips the rest of the
// physical line; lexing resumes at the next one.
func (lx *lexer) fail(l logical, msg string) logical {
	l.err, l.errLine = msg, lx.line
	if end := strings.IndexByte(lx.src[lx.pos:], '\n'); end >= 0 {
		lx.pos += end + 1
		lx.line++
	} else {
		lx.pos = len(lx.src)
	}
	return l
}

func closer(open byte) byte {
	switch open {
	case '(':
		return ')'
	case '[':
		return ']'
	}
	return '}'
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// isNameByte accepts identifier bytes; non-ASCII bytes count as letters,
// since Python identifiers may be Unicode.
func isNameByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || isDigit(c) || c >= 0x80
}

func isStringPrefix(p string) bool {
	switch strings.ToLower(p) {
	case "r", "u", "b", "f", "br", "rb", "fr", "rf":
		return true
	}
	return false
}

// number scans an integer, float or imaginary literal (Python reference §2.4.5–§2.4.7).
func (lx *lexer) number() (token, string) {
	s, i := lx.src, lx.pos
	digits := func(ok func(byte) bool) {
		for i < len(s) && (ok(s[i]) || s[i] == '_') {
			i++
		}
	}
	if s[i] == '0' && i+1 < len(s) && strings.IndexByte("xXoObB", s[i+1]) >= 0 {
		i += 2
		digits(func(c byte) bool { return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' })
	} else {
		digits(isDigit)
		if i < len(s) && s[i] == '.' {
			i++
			digits(isDigit)
		}
		if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
			j := i + 1
			if j < len(s) && (s[j] == '+' || s[j] == '-') {
				j++
			}
			if j < len(s) && isDigit(s[j]) {
				i = j
				digits(isDigit)
			}
		}
		if i < len(s) && (s[i] == 'j' || s[i] == 'J') {
			i++
		}
	}
	if i < len(s) && isNameByte(s[i]) {
		return token{}, "invalid number literal"
	}
	t := token{kind: tkNumber, text: s[lx.pos:i], line: lx.line}
	lx.pos = i
	return t, ""
}

// string scans a string or bytes literal with its prefix and decodes it
// (Python reference §2.4.1).
func (lx *lexer) string() (token, string) {
	s, i := lx.src, lx.pos
	for s[i] != '"' && s[i] != '\'' {
		i++
	}
	prefix := strings.ToLower(s[lx.pos:i])
	q := s[i]
	triple := i+2 < len(s) && s[i+1] == q && s[i+2] == q
	if triple {
		i += 3
	} else {
		i++
	}
	start, lines := i, 0
	for {
		if i >= len(s) {
			if triple {
				lx.pos = len(s) // Python reads the rest of the file as the string
				return token{}, "unterminated triple-quoted string"
			}
			return token{}, "unterminated string literal"
		}
		c := s[i]
		if c == '\\' {
			if i+1 < len(s) && s[i+1] == '\n' {
				lines++
			}
			i += 2
			continue
		}
		if c == '\n' {
			if !triple {
				return token{}, "unterminated string literal"
			}
			lines++
		}
		if c == q && (!triple || i+2 < len(s) && s[i+1] == q && s[i+2] == q) {
			break
		}
		i++
	}
	body := s[start:i]
	if triple {
		i += 3
	} else {
		i++
	}
	t := token{kind: tkString, line: lx.line}
	lx.pos = i
	lx.line += lines
	raw, bytes := strings.Contains(prefix, "r"), strings.Contains(prefix, "b")
	switch {
	case strings.Contains(prefix, "f"):
		t.str = strFormat
		return t, ""
	case bytes:
		t.str = strBytes
		for j := 0; j < len(body); j++ {
			if body[j] >= 0x80 {
				return token{}, "bytes can only contain ASCII literal characters"
			}
		}
	}
	if raw {
		t.text = body
		return t, ""
	}
	v, named, err := unescape(body, bytes)
	if err != "" {
		return token{}, err
	}
	if named {
		t.str = strUnnamed
	}
	t.text = v
	return t, ""
}

// unescape decodes the escape sequences of a non-raw literal (Python
// reference §2.4.1.1). Unrecognized escapes stay as written, as in Python.
func unescape(body string, bytes bool) (v string, named bool, err string) {
	if strings.IndexByte(body, '\\') < 0 {
		return body, false, ""
	}
	var b strings.Builder
	for i := 0; i < len(body); {
		c := body[i]
		if c != '\\' || i+1 >= len(body) {
			b.WriteByte(c)
			i++
			continue
		}
		e := body[i+1]
		i += 2
		switch e {
		case '\n':
		case '\\', '\'', '"':
			b.WriteByte(e)
		case 'a':
			b.WriteByte(7)
		case 'b':
			b.WriteByte(8)
		case 'f':
			b.WriteByte(12)
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'v':
			b.WriteByte(11)
		case '0', '1', '2', '3', '4', '5', '6', '7':
			n := int(e - '0')
			for k := 0; k < 2 && i < len(body) && body[i] >= '0' && body[i] <= '7'; k++ {
				n = n*8 + int(body[i]-'0')
				i++
			}
			writeEscaped(&b, n, bytes)
		case 'x', 'u', 'U':
			width := map[byte]int{'x': 2, 'u': 4, 'U': 8}[e]
			if e != 'x' && bytes {
				b.WriteByte('\\')
				b.WriteByte(e)
				continue
			}
			if i+width > len(body) {
				return "", false, "truncated \\" + string(e) + " escape"
			}
			n, perr := strconv.ParseUint(body[i:i+width], 16, 32)
			if perr != nil || n > 0x10ffff {
				return "", false, "invalid \\" + string(e) + " escape"
			}
			i += width
			writeEscaped(&b, int(n), bytes)
		case 'N':
			if bytes {
				b.WriteString(`\N`)
				continue
			}
			named = true
		default:
			b.WriteByte('\\')
			b.WriteByte(e)
		}
	}
	return b.String(), named, ""
}

func writeEscaped(b *strings.Builder, n int, bytes bool) {
	if bytes {
		b.WriteByte(byte(n))
	} else {
		b.WriteRune(rune(n))
	}
}

// The evaluator computes the value of an expression made of literals, the
// way Python would, without running anything: a recursive descent over the
// Python grammar's expression rules (Python reference §6), bounded in depth.
// What it does not evaluate (calls, attributes, comparisons, conditional
// expressions, comprehensions, f-strings) yields an unknown value.

type pyKind uint8

const (
	pyUnknown pyKind = iota // not evaluated; s says what it is
	pyErr                   // Python raises here; s names the exception
	pyNone
	pyBool
	pyInt
	pyFloat
	pyStr
	pyBytes
	pyList
	pyTuple
	pySet
	pyDict // items alternate key, value
)

type pyValue struct {
	kind  pyKind
	i     int64 // bool (0 or 1) and int
	f     float64
	s     string // str and bytes; unknown and error: the explanation
	items []pyValue
}

func unknown(why string) pyValue { return pyValue{kind: pyUnknown, s: why} }
func pyError(exc string) pyValue { return pyValue{kind: pyErr, s: exc} }

// computedFrom starts the reason of a value read from a name the lab could
// not evaluate; a value computed from it keeps the first name's reason.
const computedFrom = "computed from "

// undefinedName is the value of a name the file reads before it assigns it
// (one a star import or the environment would define).
func undefinedName(name string) pyValue {
	return unknown(computedFrom + name + " (not defined in this file)")
}

// truthy is Python's truth value; unknown values count as false.
func (v pyValue) truthy() bool {
	switch v.kind {
	case pyBool, pyInt:
		return v.i != 0
	case pyFloat:
		return v.f != 0
	case pyStr, pyBytes:
		return v.s != ""
	case pyList, pyTuple, pySet, pyDict:
		return len(v.items) > 0
	}
	return false
}

// lookup returns a dict's value for the str key k (the last one wins, as in Python).
func (v pyValue) lookup(k string) (pyValue, bool) {
	for i := len(v.items) - 2; i >= 0; i -= 2 {
		if key := v.items[i]; key.kind == pyStr && key.s == k {
			return v.items[i+1], true
		}
	}
	return pyValue{}, false
}

// repr is a short Python-like rendering for notes.
func (v pyValue) repr() string {
	switch v.kind {
	case pyNone:
		return "None"
	case pyBool:
		return boolString(v.i != 0)
	case pyInt:
		return strconv.FormatInt(v.i, 10)
	case pyFloat:
		return strconv.FormatFloat(v.f, 'g', -1, 64)
	case pyStr, pyBytes:
		s := v.s
		if len(s) > 40 {
			s = s[:40] + "…"
		}
		q := strconv.Quote(s)
		if v.kind == pyBytes {
			q = "b" + q
		}
		return q
	case pyList:
		return "[…]"
	case pyTuple:
		return "(…)"
	case pySet, pyDict:
		return "{…}"
	}
	return v.s
}

type parser struct {
	im    *importer
	toks  []token
	pos   int
	depth int
	stop  bool    // the statement is abandoned ...
	fail  pyValue // ... with this unknown or error value
}

// eval evaluates an assignment's right-hand side.
func (im *importer) eval(toks []token, line int) pyValue {
	if len(toks) == 0 {
		im.note(line, NoteError, "syntax error: nothing after '='; Python cannot load this file")
		return unknown("nothing")
	}
	p := parser{im: im, toks: toks}
	v := p.exprList()
	if p.stop {
		return p.fail
	}
	if p.pos < len(p.toks) {
		return unknown("an expression the lab does not read (near " + strconv.Quote(p.toks[p.pos].text) + ")")
	}
	return v
}

// abandon gives up on the statement.
func (p *parser) abandon(why string) pyValue { return p.halt(unknown(why)) }

func (p *parser) halt(v pyValue) pyValue {
	if !p.stop {
		p.stop, p.fail = true, v
	}
	return v
}

func (p *parser) isOp(op string) bool {
	return p.pos < len(p.toks) && p.toks[p.pos].kind == tkOp && p.toks[p.pos].text == op
}

func (p *parser) isName(name string) bool {
	return p.pos < len(p.toks) && p.toks[p.pos].kind == tkName && p.toks[p.pos].text == name
}

// exprList is an expression, or a tuple written without parentheses.
func (p *parser) exprList() pyValue {
	v := p.test()
	if p.stop || !p.isOp(",") {
		return v
	}
	items := []pyValue{v}
	for p.isOp(",") && !p.stop {
		p.pos++
		if p.pos == len(p.toks) {
			break
		}
		items = append(items, p.test())
	}
	return p.collection(pyTuple, items)
}

func (p *parser) test() pyValue {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxNesting {
		return p.abandon("an expression nested too deeply")
	}
	if p.isName("lambda") {
		return p.abandon("a lambda")
	}
	v := p.or()
	if !p.stop && p.isName("if") {
		return p.abandon("a conditional expression")
	}
	if !p.stop && p.isOp(":=") {
		return p.abandon("an assignment expression")
	}
	return v
}

func (p *parser) or() pyValue {
	v := p.and()
	for !p.stop && p.isName("or") {
		p.pos++
		w := p.and()
		if v.kind == pyUnknown || v.kind == pyErr {
			continue
		}
		if !v.truthy() {
			v = w
		}
	}
	return v
}

func (p *parser) and() pyValue {
	v := p.not()
	for !p.stop && p.isName("and") {
		p.pos++
		w := p.not()
		if v.kind == pyUnknown || v.kind == pyErr {
			continue
		}
		if v.truthy() {
			v = w
		}
	}
	return v
}

func (p *parser) not() pyValue {
	if !p.isName("not") {
		return p.comparison()
	}
	p.pos++
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxNesting {
		return p.abandon("an expression nested too deeply")
	}
	v := p.not()
	if v.kind == pyUnknown || v.kind == pyErr {
		return v
	}
	return pyBoolean(!v.truthy())
}

func pyBoolean(b bool) pyValue {
	if b {
		return pyValue{kind: pyBool, i: 1}
	}
	return pyValue{kind: pyBool}
}

func (p *parser) comparison() pyValue {
	v := p.arith()
	if p.stop || p.pos >= len(p.toks) {
		return v
	}
	t := p.toks[p.pos]
	switch {
	case t.kind == tkOp && unevaluated[t.text]:
		return p.abandon("an operator the lab does not evaluate (" + t.text + ")")
	case t.kind == tkName && (t.text == "in" || t.text == "is" || t.text == "not"):
		return p.abandon("a comparison")
	}
	return v
}

// unevaluated are the comparison and bitwise operators.
var unevaluated = map[string]bool{"==": true, "!=": true, "<": true, ">": true, "<=": true, ">=": true,
	"|": true, "&": true, "^": true, "<<": true, ">>": true}

func (p *parser) arith() pyValue {
	v := p.term()
	for !p.stop && (p.isOp("+") || p.isOp("-")) {
		op := p.toks[p.pos].text
		p.pos++
		v = p.im.binop(op, v, p.term())
	}
	return v
}

func (p *parser) term() pyValue {
	v := p.factor()
	for !p.stop && (p.isOp("*") || p.isOp("/") || p.isOp("//") || p.isOp("%") || p.isOp("@")) {
		op := p.toks[p.pos].text
		p.pos++
		v = p.im.binop(op, v, p.factor())
	}
	return v
}

func (p *parser) factor() pyValue {
	if !(p.isOp("-") || p.isOp("+") || p.isOp("~")) {
		return p.power()
	}
	op := p.toks[p.pos].text
	p.pos++
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxNesting {
		return p.abandon("an expression nested too deeply")
	}
	v := p.factor()
	if v.kind == pyBool {
		v.kind = pyInt
	}
	switch {
	case v.kind == pyUnknown || v.kind == pyErr:
		return v
	case v.kind == pyFloat && op != "~":
		if op == "-" {
			v.f = -v.f
		}
		return v
	case v.kind != pyInt:
		return pyError("TypeError: bad operand type for unary " + op)
	case op == "-":
		if v.i == math.MinInt64 {
			return unknown("a number beyond 64 bits")
		}
		v.i = -v.i
	case op == "~":
		v.i = ^v.i
	}
	return v
}

func (p *parser) power() pyValue {
	v := p.primary()
	if p.stop || !p.isOp("**") {
		return v
	}
	p.pos++
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxNesting {
		return p.abandon("an expression nested too deeply")
	}
	return p.im.binop("**", v, p.factor())
}

// primary is an atom with its trailers: attributes, calls and subscripts.
// Only CSP.<NAME> (django.utils.csp) is evaluated.
func (p *parser) primary() pyValue {
	isCSP := p.isName("CSP")
	if isCSP {
		if v, ok := p.im.env["CSP"]; ok && v.kind != pyUnknown {
			isCSP = false // the file bound CSP to something else
		}
	}
	v := p.atom()
	for !p.stop && p.pos < len(p.toks) {
		switch {
		case p.isOp(".") && isCSP && p.pos+1 < len(p.toks):
			c, ok := cspConstants[p.toks[p.pos+1].text]
			if !ok {
				return p.halt(pyError("AttributeError: CSP has no member " + p.toks[p.pos+1].text))
			}
			p.pos += 2
			v, isCSP = pyValue{kind: pyStr, s: c}, false
		case p.isOp("."):
			return p.abandon("an attribute lookup")
		case p.isOp("("):
			return p.abandon("a function call")
		case p.isOp("["):
			return p.abandon("a subscript")
		default:
			return v
		}
	}
	return v
}

func (p *parser) atom() pyValue {
	if p.pos >= len(p.toks) {
		return p.abandon("an incomplete expression")
	}
	t := p.toks[p.pos]
	p.pos++
	switch t.kind {
	case tkNumber:
		return parseNumber(t.text)
	case tkString:
		return p.strings(t)
	case tkName:
		switch t.text {
		case "True":
			return pyBoolean(true)
		case "False":
			return pyBoolean(false)
		case "None":
			return pyValue{kind: pyNone}
		case "lambda", "yield", "await", "not", "and", "or", "if", "else", "for", "in", "is":
			return p.abandon("the keyword " + t.text)
		}
		if v, ok := p.im.env[t.text]; ok {
			if v.kind == pyUnknown && !strings.HasPrefix(v.s, computedFrom) {
				// DEBUG = env("DEBUG"); SESSION_COOKIE_SECURE = not DEBUG
				return unknown(computedFrom + t.text + ", " + v.s)
			}
			return v
		}
		return undefinedName(t.text)
	case tkOp:
		switch t.text {
		case "(":
			return p.parens()
		case "[":
			return p.collection(pyList, p.items("]"))
		case "{":
			return p.braces()
		case "*", "**":
			return p.abandon("an unpacking")
		}
	}
	return p.abandon("invalid syntax near " + strconv.Quote(t.text))
}

// strings concatenates adjacent string literals (Python reference §2.4.2).
func (p *parser) strings(first token) pyValue {
	kind := pyStr
	if first.str == strBytes {
		kind = pyBytes
	}
	var b strings.Builder
	for t, more := first, true; more; {
		switch {
		case t.str == strFormat:
			return p.abandon("an f-string")
		case t.str == strUnnamed:
			return p.abandon(`a \N{…} escape`)
		case (t.str == strBytes) != (kind == pyBytes):
			return p.halt(pyError("SyntaxError: cannot mix bytes and nonbytes literals"))
		}
		if !p.im.spend(len(t.text)) {
			return p.abandon("a value too large to evaluate")
		}
		b.WriteString(t.text)
		more = p.pos < len(p.toks) && p.toks[p.pos].kind == tkString
		if more {
			t = p.toks[p.pos]
			p.pos++
		}
	}
	return pyValue{kind: kind, s: b.String()}
}

func (p *parser) parens() pyValue {
	if p.isOp(")") {
		p.pos++
		return pyValue{kind: pyTuple}
	}
	v := p.test()
	if p.stop {
		return v
	}
	if p.isName("for") {
		return p.abandon("a generator expression")
	}
	if p.isOp(")") {
		p.pos++
		return v
	}
	if !p.isOp(",") {
		return p.abandon("invalid syntax in parentheses")
	}
	p.pos++
	return p.collection(pyTuple, append([]pyValue{v}, p.items(")")...))
}

// items parses comma-separated expressions up to and including end.
func (p *parser) items(end string) []pyValue {
	var items []pyValue
	for !p.stop {
		if p.isOp(end) {
			p.pos++
			return items
		}
		items = append(items, p.test())
		if p.stop {
			break
		}
		if p.isName("for") {
			p.abandon("a comprehension")
			break
		}
		if p.isOp(",") {
			p.pos++
		} else if !p.isOp(end) {
			p.abandon("invalid syntax in a list")
		}
	}
	return nil
}

// braces parses a dict or set display.
func (p *parser) braces() pyValue {
	if p.isOp("}") {
		p.pos++
		return pyValue{kind: pyDict}
	}
	if p.isOp("**") {
		return p.abandon("a dict unpacking")
	}
	first := p.test()
	if p.stop {
		return first
	}
	if !p.isOp(":") {
		if p.isOp(",") {
			p.pos++
		}
		return p.collection(pySet, append([]pyValue{first}, p.items("}")...))
	}
	items := []pyValue{first}
	for !p.stop {
		if !p.isOp(":") {
			return p.abandon("invalid syntax in a dict")
		}
		p.pos++
		items = append(items, p.test())
		if p.stop {
			break
		}
		if p.isName("for") {
			return p.abandon("a comprehension")
		}
		if p.isOp(",") {
			p.pos++
		}
		if p.isOp("}") {
			p.pos++
			return p.collection(pyDict, items)
		}
		if p.isOp("**") {
			return p.abandon("a dict unpacking")
		}
		items = append(items, p.test())
	}
	return p.fail
}

// collection charges the budget for a container's items.
func (p *parser) collection(kind pyKind, items []pyValue) pyValue {
	if p.stop {
		return p.fail
	}
	if !p.im.spend(itemCost * len(items)) {
		return p.abandon("a value too large to evaluate")
	}
	for _, it := range items {
		if it.kind == pyErr {
			return it
		}
	}
	return pyValue{kind: kind, items: items}
}

// parseNumber reads an integer or float literal.
func parseNumber(lit string) pyValue {
	s := strings.ReplaceAll(lit, "_", "")
	switch last := s[len(s)-1]; {
	case last == 'j' || last == 'J':
		return unknown("a complex number")
	case len(s) > 1 && s[0] == '0' && strings.IndexByte("xXoObB", s[1]) >= 0:
		n, err := strconv.ParseUint(s[2:], map[byte]int{'x': 16, 'o': 8, 'b': 2}[s[1]|0x20], 64)
		if err != nil || n > math.MaxInt64 {
			return unknown("a number beyond 64 bits")
		}
		return pyValue{kind: pyInt, i: int64(n)}
	case strings.ContainsAny(s, ".eE"):
		f, err := strconv.ParseFloat(s, 64)
		if err != nil && !math.IsInf(f, 0) {
			return pyError("SyntaxError: invalid float " + lit)
		}
		return pyValue{kind: pyFloat, f: f}
	}
	if len(strings.TrimLeft(s, "0")) > 0 && s[0] == '0' {
		return pyError("SyntaxError: leading zeros in decimal integer literals are not permitted")
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return unknown("a number beyond 64 bits")
	}
	return pyValue{kind: pyInt, i: n}
}

// binop applies a binary arithmetic operator with Python's semantics for
// int, float, str, bytes, list and tuple operands.
func (im *importer) binop(op string, a, b pyValue) pyValue {
	for _, v := range []pyValue{a, b} {
		if v.kind == pyErr {
			return v
		}
	}
	for _, v := range []pyValue{a, b} {
		if v.kind == pyUnknown {
			return v
		}
	}
	if a.kind == pyBool {
		a.kind = pyInt
	}
	if b.kind == pyBool {
		b.kind = pyInt
	}
	switch {
	case a.kind == pyInt && b.kind == pyInt:
		return intOp(op, a.i, b.i)
	case (a.kind == pyInt || a.kind == pyFloat) && (b.kind == pyInt || b.kind == pyFloat):
		return floatOp(op, a.float(), b.float())
	case op == "+" && a.kind == b.kind && (a.kind == pyStr || a.kind == pyBytes):
		if !im.spend(len(a.s) + len(b.s)) {
			return unknown("a value too large to evaluate")
		}
		return pyValue{kind: a.kind, s: a.s + b.s}
	case op == "+" && a.kind == b.kind && (a.kind == pyList || a.kind == pyTuple):
		if !im.spend(itemCost * (len(a.items) + len(b.items))) {
			return unknown("a value too large to evaluate")
		}
		items := make([]pyValue, 0, len(a.items)+len(b.items))
		return pyValue{kind: a.kind, items: append(append(items, a.items...), b.items...)}
	case op == "*" && (a.kind == pyInt || b.kind == pyInt):
		return unknown("a repeated sequence")
	}
	return pyError("TypeError: unsupported operand types for " + op)
}

func (v pyValue) float() float64 {
	if v.kind == pyInt {
		return float64(v.i)
	}
	return v.f
}

var errZeroDivision = pyError("ZeroDivisionError")

func intOp(op string, a, b int64) pyValue {
	big := unknown("a number beyond 64 bits")
	switch op {
	case "+":
		if s := a + b; (s > a) == (b > 0) {
			return pyValue{kind: pyInt, i: s}
		}
		return big
	case "-":
		if s := a - b; (s < a) == (b > 0) {
			return pyValue{kind: pyInt, i: s}
		}
		return big
	case "*":
		if m, ok := mul64(a, b); ok {
			return pyValue{kind: pyInt, i: m}
		}
		return big
	case "/":
		if b == 0 {
			return errZeroDivision
		}
		return pyValue{kind: pyFloat, f: float64(a) / float64(b)}
	case "//", "%":
		if b == 0 {
			return errZeroDivision
		}
		if a == math.MinInt64 && b == -1 {
			return big
		}
		q, r := a/b, a%b
		if r != 0 && (r < 0) != (b < 0) { // Python floors toward negative infinity
			q, r = q-1, r+b
		}
		if op == "%" {
			return pyValue{kind: pyInt, i: r}
		}
		return pyValue{kind: pyInt, i: q}
	case "**":
		if b < 0 {
			if a == 0 {
				return errZeroDivision
			}
			return pyValue{kind: pyFloat, f: math.Pow(float64(a), float64(b))}
		}
		r := int64(1)
		for ok := true; b > 0; b >>= 1 {
			if b&1 == 1 {
				if r, ok = mul64(r, a); !ok {
					return big
				}
			}
			if b > 1 {
				if a, ok = mul64(a, a); !ok {
					return big
				}
			}
		}
		return pyValue{kind: pyInt, i: r}
	}
	return pyError("TypeError: unsupported operand types for " + op)
}

func mul64(a, b int64) (int64, bool) {
	if a == 0 || b == 0 {
		return 0, true
	}
	m := a * b
	if m/b != a || (a == -1 && b == math.MinInt64) || (b == -1 && a == math.MinInt64) {
		return 0, false
	}
	return m, true
}

func floatOp(op string, a, b float64) pyValue {
	var r float64
	switch op {
	case "+":
		r = a + b
	case "-":
		r = a - b
	case "*":
		r = a * b
	case "/", "//", "%":
		if b == 0 {
			return errZeroDivision
		}
		switch op {
		case "/":
			r = a / b
		case "//":
			r = math.Floor(a / b)
		default:
			r = math.Mod(a, b)
			if r != 0 && (r < 0) != (b < 0) {
				r += b
			}
		}
	case "**":
		if r = math.Pow(a, b); math.IsInf(r, 0) && !math.IsInf(a, 0) && !math.IsInf(b, 0) {
			return pyError("OverflowError")
		}
	default:
		return pyError("TypeError: unsupported operand types for " + op)
	}
	return pyValue{kind: pyFloat, f: r}
}
