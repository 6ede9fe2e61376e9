package sim

// The Django site the scenarios talk to: its views and the order in which a
// request passes the middleware (django/core/handlers/base.py): every
// process_request outermost first, URL resolution, process_view, the view,
// then every process_response innermost first. Responses that stop early (a
// redirect, a 403, a 404) still pass back out through the middleware that
// already saw the request.
//
// The site's views are plain function views in the project's urls.py:
//
//	GET  /            home page; reads request.user
//	GET  /login/      login form ({% csrf_token %})
//	POST /login/      authenticate, then auth.login or the card's code, then set_expiry
//	GET  /account/    the user's page with the transfer, password and logout forms
//	POST /transfer/   moves money for the logged-in user (GET too with Config.StateChangingGET)
//	POST /logout/     auth.logout or the card's del request.session['user_id']
//	POST /password/   sets new_password, then update_session_auth_hash if configured
//	GET  /cart/add/   session['cart'] += 1: any visitor gets a stored anonymous session
//
// They are the views of the conformance site (testdata/django/bank/views.py),
// which runs them on a real Django, plus {% csrf_token %} on the account
// page. They are not LoginView/LogoutView: with CsrfViewMiddleware removed,
// nothing CSRF-checks them (the stock views add csrf_protect of their own).

import (
	"net/url"
	"slices"
	"strconv"
	"sync"
	"time"
)

// Request is one HTTP request as it reaches the site.
type Request struct {
	Method     string
	URL        URL
	Cookie     string // the raw Cookie header
	Origin     string // the Origin header, "" when not sent
	Referer    string // the Referer header, "" when not sent
	XCSRFToken string // the X-CSRFToken header, "" when not sent
	Form       map[string]string
}

// Response is the site's answer, with what the model knows about it.
type Response struct {
	Status     int
	SetCookies []string // Set-Cookie values in the order Django emits them (csrftoken before the session)
	Headers    []Header // Location, Vary, Content-Security-Policy, Strict-Transport-Security
	User       string   // the user the view acted as, "" for anonymous
	Did        string   // what the view did, e.g. "transferred 100 to mallory"
	CSRFToken  string   // the masked token in the page's forms, "" when none
	Reason     string   // why the request was refused or failed: a CSRF failure, bad credentials, an exception
	Checks     []Check  // every security check the request went through, in order
}

// clone returns a copy of r that shares no slice with it.
func (r Response) clone() Response {
	r.SetCookies, r.Headers, r.Checks = slices.Clone(r.SetCookies), slices.Clone(r.Headers), slices.Clone(r.Checks)
	return r
}

// Site is one Django deployment with its session store and user table. It
// serves one request at a time.
type Site struct {
	cfg   *Config
	rnd   *Rand
	users [2]djUser
	st    djStore
	sess  djSession // request.session of the request being served
}

// djExchange is what Django hangs on the HttpRequest while serving it.
type djExchange struct {
	req              Request
	resp             Response
	now              time.Time
	secure           bool // request.is_secure(): the scheme (no SECURE_PROXY_SSL_HEADER)
	hadSessionCookie bool // SESSION_COOKIE_NAME in request.COOKIES
	csrfSecret       string
	csrfNeedsUpdate  bool
	user             *djUser // request.user, once resolved; nil is AnonymousUser
	userDone         bool
	vary             bool       // patch_vary_headers(response, ("Cookie",))
	cookies          []djCookie // response.cookies, by name in order of first set (setCookie)
	cookieBuf        [2]djCookie
	lineBuf          [512]byte // scratch space for Set-Cookie lines
}

// exchanges recycles the djExchange of finished requests. It is scratch
// space while a request is served; kept in every Site, it made two thirds
// of a Site's memory, and BoardWithFixes builds some thousand Sites. Serve
// puts an exchange back zeroed, so one from the pool is as new.
var exchanges = sync.Pool{New: func() any { return new(djExchange) }}

// setCookie is HttpResponse.set_cookie (delete_cookie calls it too) on the
// response being built. response.cookies is a SimpleCookie: a dict by name
// whose Morsel a second call updates in place (http/cookies.py
// BaseCookie.__set), so when two calls share a name (SESSION_COOKIE_NAME =
// "csrftoken") one Set-Cookie line goes out, with the later value and every
// attribute the later call leaves alone (django/http/response.py
// set_cookie): max-age when it passes none, domain when None, secure,
// httponly and samesite when falsy. expires is always reset ("" when not
// given, which is not output).
func (x *djExchange) setCookie(c djCookie) {
	for i := range x.cookies {
		o := &x.cookies[i]
		if o.name != c.name {
			continue
		}
		if !c.hasMaxAge {
			c.maxAge, c.hasMaxAge = o.maxAge, o.hasMaxAge
		}
		if c.domain == "" {
			c.domain = o.domain
		}
		c.secure = c.secure || o.secure
		c.httpOnly = c.httpOnly || o.httpOnly
		if c.sameSite == "" {
			c.sameSite = o.sameSite
		}
		*o = c
		return
	}
	x.cookies = append(x.cookies, c)
}

func (x *djExchange) check(rule string, src Source, passed bool) {
	x.resp.Checks = append(x.resp.Checks, Check{rule, src, passed})
}

// NewSite returns a freshly deployed site: no sessions, the fixture users.
// The session engine is fixed here; every other setting is read from cfg on
// each request.
func NewSite(cfg *Config, rnd *Rand) *Site {
	s := &Site{cfg: cfg, rnd: rnd, users: fixtureUsers}
	s.st = djStore{engine: cfg.SessionEngine, cfg: cfg, rnd: rnd, recs: make(map[string]*djRecord)}
	if cfg.SessionEngine == EngineSigned {
		s.st.signer = newSigner()
	}
	return s
}

// clone returns a copy of s, between requests, that reads cfg and rnd and
// shares no session record with s.
func (s *Site) clone(cfg *Config, rnd *Rand) *Site {
	c := NewSite(cfg, rnd)
	c.users = s.users
	c.st.now = s.st.now
	recs := make([]djRecord, 0, len(s.st.recs)) // one allocation for them all
	for k, r := range s.st.recs {
		recs = append(recs, *r)
		rc := &recs[len(recs)-1]
		rc.data = r.data.clone()
		c.st.recs[k] = rc
	}
	c.st.order = slices.Clone(s.st.order)
	return c
}

// Serve runs one request through the middleware and the views at virtual
// time now.
func (s *Site) Serve(req Request, now time.Time) Response {
	x := exchanges.Get().(*djExchange)
	x.req, x.now, x.secure = req, now, req.URL.Secure()
	x.cookies = x.cookieBuf[:0]
	b := new(djResponseBufs) // one allocation for the response's usual slices
	x.resp.Checks, x.resp.Headers, x.resp.SetCookies = b.checks[:0], b.headers[:0], b.cookies[:0]
	s.st.now, s.st.resp = now, &x.resp

	if s.sslRedirect(x) {
		s.securityProcessResponse(x)
	} else {
		s.sessionProcessRequest(x)
		if req.URL.Host != SiteHost {
			// CommonMiddleware.process_request calls request.get_host(), which
			// raises DisallowedHost for a host outside ALLOWED_HOSTS: the
			// 400 is views.defaults.bad_request's.
			x.resp.Status, x.resp.Reason = 400, "Invalid HTTP_HOST header: "+req.URL.Host
			s.ensureCSRFToken(x)
		} else {
			s.handle(x)
		}
		s.sessionProcessResponse(x)
		if x.vary {
			x.resp.Headers = append(x.resp.Headers, Header{"Vary", "Cookie"})
		}
		s.cspProcessResponse(x)
		s.securityProcessResponse(x)
	}
	for _, c := range x.cookies {
		x.resp.SetCookies = append(x.resp.SetCookies, c.format(x.lineBuf[:0]))
	}
	s.st.resp = nil
	resp := x.resp
	*x = djExchange{} // the pool keeps no reference to the request
	exchanges.Put(x)
	return resp
}

// djResponseBufs backs a Response's slices: room for what a request usually
// produces, in one allocation.
type djResponseBufs struct {
	checks  [6]Check
	headers [4]Header
	cookies [2]string
}

// handle is everything inside CommonMiddleware: CSRF, authentication,
// resolution and the view.
func (s *Site) handle(x *djExchange) {
	cfg, req := s.cfg, &x.req
	if cfg.CSRFMiddleware {
		s.csrfProcessRequest(x)
	}
	// AuthenticationMiddleware.process_request only makes request.user lazy.
	view := djRoute(req.URL.Path)
	switch {
	case view == nil:
		// Resolver404: views.defaults.page_not_found answers.
		x.resp.Status, x.resp.Reason = 404, "no such page"
		s.ensureCSRFToken(x)
	default:
		reject := ""
		if cfg.CSRFMiddleware {
			reject = s.csrfProcessView(x, req.URL.Path == "/transfer/" && cfg.TransferCSRFExempt)
		} else if !csrfSafeMethod(req.Method) {
			x.check("CsrfViewMiddleware is not in MIDDLEWARE: nothing checks the request's origin or token", djSrcCSRFView, true)
		}
		if reject != "" {
			x.resp.Status, x.resp.Reason = 403, "CSRF verification failed. Request aborted: "+reject
		} else {
			view(s, x)
		}
	}
	if cfg.CSRFMiddleware {
		s.csrfProcessResponse(x)
	}
	if view == nil && djRoute(req.URL.Path+"/") != nil {
		// CommonMiddleware.process_response (4.1+, #33700): with APPEND_SLASH
		// a 404 whose path resolves with a slash is replaced by a new
		// HttpResponsePermanentRedirect, so whatever the inner middleware
		// and page_not_found put on the 404 (a csrftoken cookie, its Vary)
		// is dropped; SessionMiddleware, outside, works on the 301.
		loc := req.URL.Path + "/"
		if req.URL.Query != "" {
			loc += "?" + req.URL.Query
		}
		x.resp.Status, x.resp.Reason = 301, ""
		x.cookies = x.cookies[:0]
		x.vary = false
		x.resp.Headers = append(x.resp.Headers, Header{"Location", loc})
	}
}

// ensureCSRFToken is @requires_csrf_token, which decorates Django's default
// error views (django/views/defaults.py page_not_found, bad_request,
// server_error) whether or not CsrfViewMiddleware is in MIDDLEWARE: its
// _EnsureCsrfToken (middleware/csrf.py) is a CsrfViewMiddleware that never
// rejects. Its process_request reads the secret (request.session with
// CSRF_USE_SESSIONS, so the session counts as accessed, and a stale key is
// found out) and replaces a malformed csrftoken cookie; its process_response
// sends the cookie when that happened. Its process_view refuses nothing and
// reads nothing process_request has not.
func (s *Site) ensureCSRFToken(x *djExchange) {
	s.csrfProcessRequest(x)
	s.csrfProcessResponse(x)
}

func csrfSafeMethod(m string) bool {
	return m == "GET" || m == "HEAD" || m == "OPTIONS" || m == "TRACE"
}

// loginRedirect is where the login view sends a user it logged in (Django's
// LOGIN_REDIRECT_URL, here the account page).
const loginRedirect = "/account/"

func djRoute(path string) func(*Site, *djExchange) {
	switch path {
	case "/":
		return (*Site).home
	case "/login/":
		return (*Site).loginView
	case "/account/":
		return (*Site).account
	case "/transfer/":
		return (*Site).transfer
	case "/logout/":
		return (*Site).logoutView
	case "/password/":
		return (*Site).passwordChange
	case "/cart/add/":
		return (*Site).cartAdd
	}
	return nil
}

// djAllow answers 405 unless the method is one the view takes (require_http_methods).
func djAllow(x *djExchange, methods ...string) bool {
	for _, m := range methods {
		if x.req.Method == m {
			return true
		}
	}
	x.resp.Status, x.resp.Reason = 405, x.req.Method+" not allowed"
	return false
}

func respondOK(x *djExchange, u *djUser) {
	x.resp.Status = 200
	if u != nil {
		x.resp.User = u.name
	}
}

func djRedirect(x *djExchange, to string) {
	x.resp.Status = 302
	x.resp.Headers = append(x.resp.Headers, Header{"Location", to})
}

// toLogin sends a visitor who is not logged in to the login page.
func toLogin(x *djExchange) { djRedirect(x, "/login/") }

func (s *Site) home(x *djExchange) {
	if djAllow(x, "GET") {
		respondOK(x, s.requestUser(x))
	}
}

func (s *Site) loginView(x *djExchange) {
	if !djAllow(x, "GET", "POST") {
		return
	}
	if x.req.Method == "POST" {
		if u := s.authenticate(x, x.req.Form["username"], x.req.Form["password"]); u != nil {
			if s.cfg.Login == LoginAuth {
				x.resp.Did = "logged in as " + u.name + " with auth.login (" + s.login(x, u) + ")"
			} else {
				s.handWrittenLogin(u)
				x.resp.Did = "logged in as " + u.name + " with session['user_id'] = " + u.idString() + " (the session key is kept)"
			}
			if n := s.cfg.SetExpiry; n != NoSetExpiry {
				s.sess.setExpiry(n)
				x.resp.Did += ", set_expiry(" + strconv.Itoa(n) + ")"
			}
			x.resp.User = u.name
			djRedirect(x, loginRedirect)
			return
		}
		x.resp.Reason = "invalid username or password"
	}
	respondOK(x, nil)
	x.resp.CSRFToken = s.getToken(x)
}

func (s *Site) account(x *djExchange) {
	if !djAllow(x, "GET") {
		return
	}
	u := s.loggedInUser(x)
	if u == nil {
		toLogin(x)
		return
	}
	respondOK(x, u)
	x.resp.CSRFToken = s.getToken(x)
}

func (s *Site) transfer(x *djExchange) {
	if s.cfg.StateChangingGET {
		if !djAllow(x, "GET", "POST") {
			return
		}
	} else if !djAllow(x, "POST") {
		return
	}
	u := s.loggedInUser(x)
	if u == nil {
		toLogin(x)
		return
	}
	to, amount := x.req.Form["to"], x.req.Form["amount"]
	if x.req.Method == "GET" {
		q, _ := url.ParseQuery(x.req.URL.Query)
		to, amount = q.Get("to"), q.Get("amount")
	}
	respondOK(x, u)
	x.resp.Did = "transferred " + amount + " to " + to
}

func (s *Site) logoutView(x *djExchange) {
	if !djAllow(x, "POST") {
		return
	}
	u := s.currentUser(x)
	if s.cfg.Logout == LogoutAuth {
		s.logout(x)
		x.resp.Did = "logged out with auth.logout: session.flush()"
	} else {
		if !s.handWrittenLogout(x) {
			// The KeyError is answered by views.defaults.server_error.
			x.resp.Status, x.resp.Reason = 500, "KeyError: 'user_id' (del request.session['user_id'] on a session without it)"
			s.ensureCSRFToken(x)
			return
		}
		x.resp.Did = "logged out with del request.session['user_id'] (the session key survives)"
	}
	djRedirect(x, "/")
	if u != nil {
		x.resp.User = u.name
	}
}

// passwordChange sets the new password (a new salt, so a new password field
// and session auth hash) and, if configured, keeps the changer's session with
// update_session_auth_hash, as PasswordChangeView.form_valid does.
func (s *Site) passwordChange(x *djExchange) {
	if !djAllow(x, "POST") {
		return
	}
	u := s.loggedInUser(x)
	if u == nil {
		toLogin(x)
		return
	}
	u.setPassword(x.req.Form["new_password"], s.rnd.CSRFSecret()[:22]) // hashers.py salt(): 22 characters of [A-Za-z0-9]
	x.resp.Did = "changed " + u.name + "'s password"
	if s.cfg.PasswordChangeKeep {
		s.updateSessionAuthHash(x, u)
		x.resp.Did += "; update_session_auth_hash: this session gets a new key and the new hash"
	}
	djRedirect(x, "/account/")
	x.resp.User = u.name
}

func (s *Site) cartAdd(x *djExchange) {
	if !djAllow(x, "GET") {
		return
	}
	n := 0
	if e, found := s.sess.get("cart"); found {
		n = intValue(e)
	}
	s.sess.setInt("cart", n+1)
	respondOK(x, nil)
	x.resp.Did = "added an item to the cart: session['cart'] = " + strconv.Itoa(n+1)
}

// Sessions lists the server's stored sessions at now.
func (s *Site) Sessions(now time.Time) []SessionView {
	s.st.now = now
	return s.st.views()
}

// Session returns the data stored under key (for signed_cookies, the data
// the cookie value carries) and whether the engine would honour it at now.
// Values are the stored strings, or an integer's digits.
func (s *Site) Session(key string, now time.Time) (data map[string]string, alive bool) {
	s.st.now = now
	d, alive := s.st.peek(key)
	if d == nil {
		return nil, alive
	}
	data = make(map[string]string, len(d))
	for _, e := range d {
		data[e.key] = e.val
	}
	return data, alive
}
