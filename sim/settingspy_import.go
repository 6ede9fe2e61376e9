package sim

import (
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

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
// Assignments of literal values are read: strings, numbers, True/False/None,
// arithmetic and == on them, lists, tuples, dicts, names assigned earlier in
// the file, django.utils.csp.CSP constants, int(), str(), timedelta, and
// list methods; at the top level, or in the block of an if whose condition
// is such a value (settingspy_if.go). MIDDLEWARE gives
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
	chains    []*ifChain // the if statements being followed, outermost first
	indent    string     // the indentation of the line being run
	inline    bool       // running an inline block (if X: A = 1)

	mwSeen, mwCSP bool // MIDDLEWARE assigned; with the CSP middleware
	mwSession     bool // ... with SessionMiddleware
	mwCSRFFirst   bool // ... with CsrfViewMiddleware and no SessionMiddleware before it
	mwLine        int
	appsLine      int  // INSTALLED_APPS assigned, at this line (0: not)
	appsSessions  bool // ... with django.contrib.sessions or its AppConfig
	appsLiteral   bool // ... with the string "django.contrib.sessions" itself
	appsUnsure    bool // INSTALLED_APPS changed in a way the lab does not follow
	nameLine      int  // the last line that set SESSION_COOKIE_NAME or CSRF_COOKIE_NAME
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
	case l.indented && len(im.chains) > 0:
		im.chainBlock(l)
		return
	case l.indented:
		im.indented(l)
		return
	}
	if t := l.toks[0]; t.kind != tkName || !continuesBlock[t.text] {
		im.block, im.blockLine = "", 0
		im.chains = nil
	} else if len(im.chains) > 1 {
		im.chains = im.chains[:1] // an elif or else of the top-level if closes the ifs nested in it
	}
	im.indent = ""
	im.statements(l.toks)
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
	im.notRun(l.toks)
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
			why := ""
			if t0.text == "if" {
				var followed bool
				if followed, why = im.clause(st); followed {
					return
				}
			}
			im.block, im.blockLine = t0.text+" …:", line
			switch {
			case why != "":
				im.note(line, NoteInfo, "`if …:` block ignored: "+why)
			case t0.text == "if":
				im.note(line, NoteInfo, "`if …:` block ignored: the lab cannot read its header")
			default:
				im.note(line, NoteInfo, "`"+t0.text+" …:` block ignored: of compound statements, the lab follows only an if whose condition it can evaluate")
			}
			im.notRun(st)
			return
		case continuesBlock[t0.text]:
			followed, why := false, ""
			if t0.text == "elif" || t0.text == "else" {
				followed, why = im.clause(st)
			}
			if why != "" {
				// an elif the lab cannot evaluate, after clauses it followed
				im.block, im.blockLine = "elif …:", line
				im.note(line, NoteInfo, "`elif …:` block ignored: "+why+"; nor does the lab run the clauses after it")
			}
			if !followed && im.block != "" {
				im.notRun(st)
			}
			return
		case t0.text == "import" || t0.text == "from":
			im.importStmt(st)
			return
		case t0.text == "pass":
			return
		}
	}

	// An assignment's targets and value, split at its top-level "=" (A = B = value).
	if parts := splitAt(st, "="); len(parts) > 1 {
		v := im.eval(parts[len(parts)-1], line)
		for _, target := range parts[:len(parts)-1] {
			names, unpack, ok := targetNames(target)
			switch {
			case !ok:
				im.unsupported(target, line, "an assignment to something other than a plain name")
			case unpack:
				vs := im.unpacked(v, len(names))
				if vs[0].kind == pyErr {
					im.assign(names[0], vs[0], line) // Python raises once, before binding any
					continue
				}
				for i, v := range vs {
					im.assign(names[i], v, line)
				}
			default:
				im.assign(names[0], v, line)
			}
		}
		return
	}
	if len(st) >= 3 && t0.kind == tkName && st[1].kind == tkOp && st[1].text == ":" {
		return // an annotation without a value binds nothing
	}
	if t0.kind == tkName && t0.text == "del" {
		im.del(st, line)
		return
	}
	if name, method, args, ok := listCall(st); ok {
		old, defined := im.env[name]
		if !defined {
			old = undefinedName(name)
		}
		im.assign(name, im.listMethod(name, old, method, im.callArgs(args, line)), line)
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

// del handles del NAME, ...: for a setting, Django then reads its global
// default, which for each field is the lab's default (startproject sets
// none of them); a name of the file's own is unbound. Other targets
// (subscripts, attributes) are not applied.
func (im *importer) del(st []token, line int) {
	targets := splitAt(st[1:], ",")
	if n := len(targets); n > 1 && len(targets[n-1]) == 0 {
		targets = targets[:n-1] // del A, B, (a trailing comma)
	}
	for _, target := range targets {
		var f *Field
		if len(target) == 1 && target[0].kind == tkName {
			name := target[0].text
			if f, _ = FieldByKey(name); f == nil {
				if v, bound := im.env[name]; bound && v.kind != pyErr {
					// A name of the file's own: reading it again raises.
					im.env[name] = pyError("NameError: name '" + name + "' is not defined")
					continue
				}
			}
		}
		d := Defaults()
		if f == nil || !f.Django || f.Set(&im.cfg, f.Get(&d)) != nil {
			im.unsupported(append([]token{st[0]}, target...), line, "a del statement")
			continue
		}
		delete(im.env, f.Key)
		im.note(line, NoteInfo, "del "+f.Key+": Django falls back to its default, "+f.ChoiceLabel(f.Get(&d)))
	}
}

// topLevel is the indexes of the operator op in st outside any brackets.
func topLevel(st []token, op string) []int {
	var at []int
	depth := 0
	for i, t := range st {
		if t.kind != tkOp {
			continue
		}
		switch t.text {
		case "(", "[", "{":
			depth++
		case ")", "]", "}":
			depth--
		case op:
			if depth == 0 {
				at = append(at, i)
			}
		}
	}
	return at
}

// splitAt splits tokens at each op outside brackets.
func splitAt(toks []token, op string) [][]token {
	var parts [][]token
	start := 0
	for _, i := range append(topLevel(toks, op), len(toks)) {
		parts = append(parts, toks[start:i])
		start = i + 1
	}
	return parts
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
	case im.importDatetime(st):
		// datetime.timedelta is understood.
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
	case "SESSION_SERIALIZER":
		if v.kind == pyStr && strings.HasSuffix(v.s, ".PickleSerializer") {
			// Deprecated in Django 4.1, removed in 5.0 (docs/releases/5.0.txt).
			// 5.2 sessions/backends/base.py SessionBase.__init__:
			// "self.serializer = import_string(settings.SESSION_SERIALIZER)",
			// and SessionMiddleware.process_request builds a SessionStore
			// for every request.
			im.note(line, NoteWarning, "SESSION_SERIALIZER names PickleSerializer, which Django 5.0 removed: there SessionMiddleware "+
				"raises ImportError on every request (each request's session store imports the serializer), so the site serves nothing. "+
				"On older Django it lets anyone who learns SECRET_KEY run code on the server through a signed_cookies session. "+
				"The lab models JSONSerializer")
		} else {
			im.note(line, NoteInfo, "SESSION_SERIALIZER is not modeled by the lab: ignored")
		}
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
	s, level, msg, apply := settingValue(f, v)
	if f.Kind == KindBool {
		im.notTrue[name] = v.kind != pyBool && v.truthy()
	}
	if apply {
		switch err := f.Set(&im.cfg, s); {
		case rejectedByDjango(err):
			level, msg = NoteError, err.Error()+"; not applied"
		case err != nil:
			level, msg = NoteWarning, labLimit(err.Error())
		case name == "SESSION_COOKIE_NAME" || name == "CSRF_COOKIE_NAME":
			im.nameLine = line
		}
	}
	if msg != "" {
		im.note(line, level, msg)
	}
	return true
}

// labLimit words a value that Django takes but the lab does not model.
func labLimit(why string) string {
	return why + ": Django takes it, but the lab cannot model it, so it is not applied and the lab keeps the value it had"
}

// refused is settingValue's answer for a value Django or Python refuses: an
// error, not applied.
func refused(f *Field, v pyValue, why string) (s, level, msg string, apply bool) {
	return "", NoteError, f.Key + " = " + v.repr() + ": " + why + "; not applied", false
}

// unmodelled is settingValue's answer for a value Django takes but the lab
// cannot model: a warning, not applied.
func unmodelled(f *Field, v pyValue, why string) (s, level, msg string, apply bool) {
	return "", NoteWarning, labLimit(f.Key + " = " + v.repr() + ": " + why), false
}

// notEvaluated words a value the lab stopped evaluating at v.s: the first
// construct it does not evaluate (which may sit inside a larger expression),
// or the name it was computed from.
func notEvaluated(name string, v pyValue) string {
	verb, why := " uses ", ", which the lab does not evaluate"
	if strings.HasPrefix(v.s, envReason) {
		verb, why = " reads ", ", which the lab cannot see"
	}
	if from, ok := strings.CutPrefix(v.s, computedFrom); ok {
		verb = " is "
		if _, reason, _ := strings.Cut(from, ", "); strings.HasPrefix(reason, envReason) {
			why = ", which the lab cannot see"
		}
	}
	return name + verb + v.s + why + ": not applied; the lab keeps the value it had, so set the one the site runs with by hand"
}

// settingValue converts a Python value to f's string form, as Django reads
// that setting. apply is false when the value is not applied: a NoteError
// (Django or Python refuses it) or a lab limit (Django takes it, the lab
// cannot model it; a NoteWarning).
func settingValue(f *Field, v pyValue) (s, level, msg string, apply bool) {
	switch f.Key {
	case "SESSION_COOKIE_SAMESITE", "CSRF_COOKIE_SAMESITE":
		// HttpResponseBase.set_cookie: "if samesite: if samesite.lower() not in
		// ('lax', 'none', 'strict'): raise ValueError" (django/http/response.py).
		if v.kind == pyNone {
			// A common slip: Python's None is not the string "None".
			return "", NoteInfo, f.Key + " = None is Python's None, not the string 'None': Django sends no SameSite attribute " +
				"(the lab's False), so Chromium treats the cookie as SameSite=Lax while Firefox and Safari apply no SameSite restriction to it; " +
				"SameSite=None is written 'None'", true
		}
		if !v.truthy() {
			return "", "", "", true
		}
		if v.kind != pyStr {
			return refused(f, v, "Django calls .lower() on it and fails when it sets the cookie")
		}
		for _, ch := range sameSiteChoices {
			if ch.Value != "" && strings.EqualFold(ch.Value, v.s) {
				if ch.Value != v.s {
					return ch.Value, NoteInfo, f.Key + " = " + v.repr() + ": browsers read SameSite case-insensitively, so it is " + ch.Value, true
				}
				return ch.Value, "", "", true
			}
		}
		return refused(f, v, `Django raises ValueError("samesite must be \"lax\", \"none\", or \"strict\".") on every response that sets the cookie`)
	case "SESSION_ENGINE":
		if v.kind != pyStr {
			return refused(f, v, "not a dotted module path")
		}
		e, ok := strings.CutPrefix(v.s, enginePath)
		switch {
		case !ok:
			return unmodelled(f, v, "the lab models Django's five engines only ("+enginePath+"db, cache, cached_db, file, signed_cookies)")
		case f.set(&Config{}, e) != nil:
			return refused(f, v, "Django has no such engine (ImportError on the first request that uses the session)")
		}
		return e, "", "", true
	case "SESSION_COOKIE_DOMAIN", "CSRF_COOKIE_DOMAIN", "SESSION_COOKIE_PATH", "CSRF_COOKIE_PATH":
		// set_cookie: "if domain is not None: self.cookies[key]['domain'] =
		// domain" (path alike), and the Morsel prints any value but "" with
		// "%s=%s": None leaves the attribute out, as "" does, and
		// SESSION_COOKIE_DOMAIN = False sends Domain=False (checked with
		// Django by TestImportCookieAttributesMatchDjango).
		switch v.kind {
		case pyNone:
			return "", "", "", true
		case pyBool, pyInt, pyFloat:
			sent := "Path=" + v.repr() + ", which browsers ignore (a Path starts with /), so the cookie takes the default path"
			if strings.HasSuffix(f.Key, "_DOMAIN") {
				sent = "Domain=" + v.repr() + ", which is not the site's host or a parent of it, so browsers reject the cookie"
			}
			return v.repr(), NoteWarning, f.Key + " = " + v.repr() + " is not a str: Django writes it into Set-Cookie as Python prints it, " +
				sent + "; the lab stores " + strconv.Quote(v.repr()), true
		}
	case "CSRF_TRUSTED_ORIGINS":
		return trustedOriginsValue(f, v)
	case "SECURE_HSTS_SECONDS":
		return hstsSecondsValue(f, v)
	case "SESSION_COOKIE_AGE":
		if v.kind == pyTimedelta {
			// SessionMiddleware.process_response: expires_time = time.time() + max_age;
			// base.py get_expiry_date and file.py _expiry_date: timedelta(seconds=expiry);
			// the cache's timeout: time.time() + timeout.
			return "", NoteWarning, f.Key + " = " + v.repr() + ": a timedelta, not seconds. Django adds it to time.time() when it sets " +
				"the session cookie (TypeError), and with SESSION_EXPIRE_AT_BROWSER_CLOSE the db, cache and file engines fail on it " +
				"when they save or load the session: only signed_cookies get by. Not applied: the lab keeps the value it had; " +
				"write int(timedelta(…).total_seconds())", false
		}
		if v.kind == pyInt && v.i < 0 {
			// Max-Age below 0 deletes the cookie as 0 does (RFC 6265bis
			// §5.6.2), and the session's expiry date is already past.
			return "0", NoteInfo, f.Key + " = " + v.repr() + ": below 0, which works as 0 (Max-Age=" + v.repr() +
				" deletes the cookie on arrival, and the session is over the moment it is saved); the lab stores 0", true
		}
	}
	switch f.Kind {
	case KindBool:
		if v.kind == pyBool {
			return boolString(v.i != 0), "", "", true
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
		return boolString(t), NoteWarning, text, true
	case KindInt:
		switch {
		case v.kind == pyInt:
			return strconv.FormatInt(v.i, 10), "", "", true
		case v.kind == pyFloat && v.f == math.Trunc(v.f) && math.Abs(v.f) < 1<<53:
			return strconv.FormatInt(int64(v.f), 10), NoteInfo, f.Key + " = " + v.repr() + ": a float; read as a whole number", true
		case v.kind == pyFloat:
			return unmodelled(f, v, "the lab models whole seconds only")
		case v.kind == pyBool: // bool is a subclass of int: Django computes with it, and int(True) is 1
			n := strconv.FormatInt(v.i, 10)
			return n, NoteWarning, f.Key + " = " + v.repr() + " is a bool, which Python counts as the int " + n + ", and so does Django: the lab stores " + n, true
		}
		return refused(f, v, "not a whole number")
	case KindText:
		if v.kind == pyStr {
			return v.s, "", "", true
		}
		return refused(f, v, "not a str")
	}
	return refused(f, v, "not a value the lab can represent")
}

// hstsSecondsValue reads SECURE_HSTS_SECONDS as SecurityMiddleware writes
// it (django/middleware/security.py process_response: "if self.sts_seconds
// and request.is_secure() ...: sts_header = "max-age=%s" %
// self.sts_seconds"): any truthy value goes into the header as Python
// prints it, and browsers keep only a max-age of digits (RFC 6797 §6.1.1;
// parseSTS). A header they ignore, or max-age=0, gives no HSTS: the lab's
// 0. check --deploy tests the value's truth only (check_sts and its
// siblings), so a truthy value the browsers ignore passes W004.
func hstsSecondsValue(f *Field, v pyValue) (s, level, msg string, apply bool) {
	if !v.truthy() {
		return "0", "", "", true
	}
	var printed string // "%s" % v; a container prints with a character no max-age has
	switch v.kind {
	case pyInt, pyBool, pyFloat:
		printed = v.repr()
	case pyStr:
		printed = v.s
	case pyTimedelta:
		printed = timedeltaString(v.i) // "365 days, 0:00:00"
	}
	head := f.Key + " = " + v.repr() + ": "
	n, _, ok := parseSTS("max-age=" + printed)
	switch {
	case strings.Contains(printed, ";"):
		return unmodelled(f, v, "directives of its own in the header")
	case !ok:
		sent := "as Python prints it"
		if printed != "" && len(printed) <= 40 {
			sent = "as max-age=" + printed
		}
		return "0", NoteWarning, head + "Django writes it into Strict-Transport-Security " + sent + ", and browsers ignore a max-age that is not digits only (RFC 6797 §6.1.1): no HSTS, as 0; " +
			"yet check --deploy counts it as set (it tests only that the value is true)", true
	case n == 0:
		return "0", NoteWarning, head + "a non-empty str is true, so Django sends max-age=0, which tells browsers to forget the site: no HSTS, as 0; yet check --deploy counts it as set", true
	case n > maxAge:
		return strconv.Itoa(maxAge), NoteInfo, head + "more than ten years, the longest the lab models, so it stores ten years; no scenario can tell them apart (Chromium keeps HSTS a year at most)", true
	case v.kind == pyStr:
		return strconv.FormatInt(n, 10), NoteInfo, head + "a str, which Django writes into the header as it is, so browsers read max-age=" + strconv.FormatInt(n, 10), true
	}
	return printed, "", "", true
}

// trustedOriginsValue reads CSRF_TRUSTED_ORIGINS as CsrfViewMiddleware
// and the system check iterate it (csrf.py @5.2 cached properties;
// checks/compatibility/django_4_0.py): a list, tuple or set of str. A str
// is iterated character by character, so the check rejects every
// character (4_0.E001) unless it is empty. Entries go through the Field's
// own checks (validOrigin) when the caller applies the value.
func trustedOriginsValue(f *Field, v pyValue) (s, level, msg string, apply bool) {
	switch v.kind {
	case pyStr:
		if v.s == "" {
			return "", "", "", true // iterates to nothing, as []
		}
		return refused(f, v, "a str, not a list: Django iterates it one character at a time, and the system check 4_0.E001 rejects each character "+
			"(runserver and migrate refuse to start); write ["+strconv.Quote(v.s)+"]")
	case pyList, pyTuple, pySet:
	default:
		return refused(f, v, "not a list of origins (Django iterates it)")
	}
	var entries, odd []string
	for _, it := range v.items {
		switch {
		case it.kind != pyStr:
			return refused(f, v, "the entry "+it.repr()+" is not a str")
		case it.s == "":
			return refused(f, v, `an empty entry has no scheme, which the system check 4_0.E001 rejects`)
		case it.s != strings.TrimSpace(it.s) || strings.Contains(it.s, ","):
			return unmodelled(f, v, "the entry "+it.repr()+" has spaces around it or a comma in it, which the lab cannot store")
		}
		entries = append(entries, it.s)
		if w := originShape(it.s); w != "" {
			odd = append(odd, w)
		}
	}
	if len(odd) > 0 {
		return strings.Join(entries, ","), NoteWarning, f.Key + ": " + strings.Join(odd, "; "), true
	}
	return strings.Join(entries, ","), "", "", true
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
	if c := &im.cfg; im.nameLine > 0 && c.CSRFCookieName == c.SessionCookieName && c.CSRFMiddleware && !c.CSRFUseSessions {
		// response.py set_cookie; csrf.py _get_secret, _set_csrf_cookie.
		im.note(im.nameLine, NoteWarning, "CSRF_COOKIE_NAME and SESSION_COOKIE_NAME are both "+strconv.Quote(c.SessionCookieName)+
			": one cookie serves both. CsrfViewMiddleware reads the session key as its CSRF secret (a signed_cookies value, too long for one, it replaces, "+
			"which logs the user out), and a response that sets both sends one cookie, with CsrfViewMiddleware's attributes wherever SessionMiddleware sets none; the board shows what that does")
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
	slices.SortStableFunc(im.notes, func(a, b Note) int { return a.Line - b.Line })
}
