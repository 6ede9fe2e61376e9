package sim

import (
	"maps"
	"strconv"
	"time"
)

// attackerPage is the attacker's page, on the site's scheme: against a
// plain-HTTP site the attacker serves it over plain HTTP too, because
// Chromium holds a form that an https:// page submits to an http:// URL
// behind a full-page warning ("Form is not secure ... Send anyway"; Chrome
// 86+ mixed form warnings, InsecureFormNavigationThrottle) until the victim
// clicks through, and HTTPS-Upgrades would move a page on a host that
// answers HTTPS to https:// (answersHTTPS).
func (w *World) attackerPage() URL {
	u := w.siteURL("/")
	u.Host = AttackerHost
	return u
}

var csrfCrossSitePost = &Scenario{
	ID:        "csrf-cross-site-post",
	Title:     "CSRF: a cross-site form POST",
	Story:     "The victim, logged in, opens the attacker's page, which auto-submits a hidden form to the site's transfer view.",
	Lanes:     []Lane{{ActorVictim, "Victim's browser"}, {ActorServer, SiteHost}, {ActorAttacker, "Attacker's page (" + AttackerHost + ")"}},
	Variables: []string{"session cookie", "cookie age", "cookie sent", "transfer"},
	Toggles:   []string{"SESSION_COOKIE_SAMESITE", "csrf_middleware", "transfer_csrf_exempt", "browser", "cross_site_post_after_seconds"},
	Timed:     true,
	logsIn:    true,
	script:    csrfCrossSitePostScript,
}

var csrfCrossSiteGet = &Scenario{
	ID:    "csrf-cross-site-get",
	Title: "CSRF: a cross-site link to a state-changing GET",
	Story: "The attacker's page links to /transfer/?to=mallory. A top-level GET carries Lax cookies, and the CSRF " +
		"middleware never checks GET.",
	Lanes:     []Lane{{ActorVictim, "Victim's browser"}, {ActorServer, SiteHost}, {ActorAttacker, "Attacker's page (" + AttackerHost + ")"}},
	Variables: []string{"session cookie", "cookie sent", "transfer"},
	Toggles:   []string{"state_changing_get", "SESSION_COOKIE_SAMESITE", "browser"},
	logsIn:    true,
	script:    csrfCrossSiteGetScript,
}

var csrfSiblingPost = &Scenario{
	ID:    "csrf-sibling-post",
	Title: "CSRF from a sibling subdomain",
	Story: "The same forged form, served this time from " + SiblingHost + ", which the attacker controls. " +
		"A sibling is the same site, so SameSite, even Strict, lets the cookie through; only the CSRF check is left. " +
		"The page first tosses a CSRF cookie of the attacker's own (under the site's CSRF_COOKIE_NAME) for the whole domain, so the form carries a matching token.",
	Lanes:     []Lane{{ActorVictim, "Victim's browser"}, {ActorServer, SiteHost}, {ActorAttacker, "Attacker's " + SiblingHost}},
	Variables: []string{"session cookie", "cookie sent", "csrftoken sent", "transfer"},
	Toggles: []string{"csrf_middleware", "transfer_csrf_exempt", "attacker_subdomain", "SESSION_COOKIE_SAMESITE",
		"CSRF_TRUSTED_ORIGINS", "CSRF_USE_SESSIONS", "CSRF_COOKIE_DOMAIN", "CSRF_COOKIE_NAME"},
	logsIn: true,
	script: csrfSiblingPostScript,
}

var loginCSRF = &Scenario{
	ID:    "login-csrf",
	Title: "Login CSRF",
	Story: "The attacker's page posts the attacker's own credentials to the site's login view. If it works, the victim " +
		"is silently logged into the attacker's account and types their secrets into it. SameSite does not help. " +
		"When the CSRF check refuses it and the attacker controls a sibling subdomain, the attacker tries again from there.",
	Lanes:     []Lane{{ActorVictim, "Victim's browser"}, {ActorServer, SiteHost}, {ActorAttacker, "Attacker (" + AttackerHost + ", " + SiblingHost + ")"}},
	Variables: []string{"session cookie", "victim is logged in as"},
	Toggles:   []string{"csrf_middleware", "SESSION_COOKIE_SAMESITE", "attacker_subdomain", "CSRF_TRUSTED_ORIGINS"},
	script:    loginCSRFScript,
}

// crossSite sends the victim's browser from the attacker's page to the site.
func (w *World) crossSite(method, path string, form map[string]string, action string) Response {
	origin := w.attackerPage().Origin()
	return w.victim.do(nav{method: method, url: w.siteURL(path), initiator: origin,
		referrer: origin + "/", topLevel: true, form: form, action: action, actor: ActorVictim})
}

// whySent explains, from the cookie's attributes and the browser profile,
// why a cross-site request carried the session cookie whose value is key.
func (w *World) whySent(method, key string) (string, Source) {
	var c *Cookie // the cookie of the name that holds key, else the last
	for _, k := range w.victim.jar.All(w.time()) {
		if k.Name == w.cfg.SessionCookieName && (c == nil || c.Value != key) {
			c = k // keeps the first that holds key
		}
	}
	if c == nil {
		return "the cookie was sent", "RFC 6265bis §5.8.3"
	}
	why, src := w.sameSiteLetThrough(c, method)
	if w.csrfCookieIsSessionCookie() && c.SameSite.String() == w.cfg.CSRFCookieSameSite && w.cfg.CSRFCookieSameSite != w.cfg.SessionCookieSameSite {
		why += ", and this cookie is CsrfViewMiddleware's: " + nameClash + ", so it took the session key for its secret and set it again with CSRF_COOKIE_SAMESITE"
		src += "; django/middleware/csrf.py get_token, _set_csrf_cookie"
	}
	return why, src
}

// sameSiteLetThrough says why the browser sent c on a cross-site request.
func (w *World) sameSiteLetThrough(c *Cookie, method string) (string, Source) {
	switch c.SameSite {
	case SameSiteNone:
		return "SameSite=None sends the cookie on every cross-site request", "RFC 6265bis §5.6.7, §5.8.3"
	case SameSiteLax:
		return "SameSite=Lax still sends the cookie on cross-site top-level GET navigations", "RFC 6265bis §5.6.7.1, §5.8.3"
	case SameSiteUnset:
		if w.victim.prof.LaxByDefault && method == "POST" {
			age := w.time().Sub(c.Created)
			return "no SameSite attribute: Chromium treats it as Lax but lets a cookie " + span(age) + " old through on a top-level POST (Lax-allowing-unsafe, two minutes)", "RFC 6265bis §5.6.7.2; Chromium kLaxAllowUnsafeMaxAge"
		}
		if w.victim.prof.LaxByDefault {
			return "no SameSite attribute: Chromium treats it as Lax, which sends it on top-level GET navigations", "RFC 6265bis §5.6.7.1; Chromium Lax-by-default"
		}
		f, _ := FieldByKey("browser")
		return "no SameSite attribute: " + f.ChoiceLabel(string(w.cfg.Browser)) + " treats a missing SameSite as None", "MDN browser-compat-data Set-Cookie SameSite Lax_default"
	}
	return "the cookie was sent", "RFC 6265bis §5.8.3"
}

func csrfCrossSitePostScript(w *World) {
	after := time.Duration(w.cfg.CrossSitePostAfterSecs) * time.Second
	session := w.loggedIn()
	w.wait(after)
	w.open(ActorVictim, w.attackerPage(), "opens the attacker's page, "+span(after)+" after logging in")
	w.track("cookie age", span(after))
	sent, held := w.sessionCookieOn(w.siteURL("/transfer/"), "POST", w.attackerPage().Origin())
	resp := w.crossSite("POST", "/transfer/", map[string]string{"to": attackerName, "amount": "1000"},
		"the page auto-submits a hidden form to /transfer/")
	w.track("cookie sent", strconv.FormatBool(sent.sent))
	w.track("transfer", didOrNothing(resp))
	w.csrfVerdict(resp, sent, held, session, "POST", "cross-site", w.attackerPage().Origin())
}

func csrfCrossSiteGetScript(w *World) {
	session := w.loggedIn()
	w.wait(10 * time.Minute)
	w.open(ActorVictim, w.attackerPage(), "opens the attacker's page")
	u := w.siteURL("/transfer/?to=" + attackerName + "&amount=1000")
	sent, held := w.sessionCookieOn(u, "GET", w.attackerPage().Origin())
	resp := w.crossSite("GET", "/transfer/?to="+attackerName+"&amount=1000", nil, "clicks the page's link to /transfer/?to="+attackerName)
	w.track("cookie sent", strconv.FormatBool(sent.sent))
	w.track("transfer", didOrNothing(resp))
	w.csrfVerdict(resp, sent, held, session, "GET", "cross-site", w.attackerPage().Origin())
}

// csrfVerdict decides a forged request: it worked if the view acted;
// otherwise the first defence in line decided: the cookie withheld, then
// the server's refusal. kind names the request ("cross-site", or "forged"
// for a sibling's, which is same-site on the same scheme) and origin the
// page that sent it; session is the victim's session as the login left it.
func (w *World) csrfVerdict(resp Response, c sentCookie, held Decision, session loggedIn, method, kind, origin string) {
	sent := c.sent
	if resp.Did != "" {
		why, src := w.whySent(method, c.key)
		reason := "The forged " + method + " carried the session cookie (" + why + ")"
		if method == "POST" {
			reason += " and " + w.csrfPassText(resp)
		} else {
			reason += " and the view changes state on GET, which CSRF protection never checks"
		}
		w.decide(Succeeded, reason, why, src)
		return
	}
	if !sent && held.Code != "" {
		w.decide(Blocked, "The browser did not send the session cookie on the "+kind+" "+method+" ("+w.victim.prof.reasonName(&held)+")", held.Why, held.Source)
		return
	}
	if !sent && c.none {
		ended, rule, src := w.sessionEnded(session, "the "+kind+" "+method+" went out")
		w.decide(Blocked, ended+": the browser had none to send", rule, src)
		return
	}
	if !sent {
		w.decide(Blocked, "The "+kind+" "+method+" carried no session cookie", "no session cookie matched the request", "RFC 6265bis §5.8.3")
		return
	}
	if resp.Status == 405 {
		w.decide(Blocked, "The transfer view acts only on POST: the forged GET changes nothing (405)",
			"no state-changing GET views", "RFC 9110 §9.2.1 (safe methods); django/views/decorators/http.py require_POST")
		return
	}
	// The cookie went, but the server had ended its session: the view saw an
	// anonymous visitor or, with CSRF_USE_SESSIONS, CsrfViewMiddleware (which
	// runs before the view) found no secret in the new, empty session.
	secretGone := w.cfg.CSRFUseSessions && w.refusedForNoSecret(resp)
	if !c.honoured && (resp.Status != 403 || secretGone) {
		ended, rule, src := w.sessionEnded(session, "the "+kind+" "+method+" went out")
		what := "the transfer view saw an anonymous visitor"
		if secretGone {
			what = "the CSRF secret ended with the session (CSRF_USE_SESSIONS), so CsrfViewMiddleware refused it (CSRF cookie not set)"
		}
		w.decide(Blocked, ended+": the "+method+" carried its cookie, but "+what, rule, src)
		return
	}
	w.decide(Blocked, "The site refused the forged "+method+": "+w.refusedOn(resp, method, w.siteURL("/transfer/"), origin),
		failedRule(resp, "the view refused the request"), failedSource(resp))
}

// csrfPassText says why the server accepted a forged POST.
func (w *World) csrfPassText(resp Response) string {
	switch {
	case !w.cfg.CSRFMiddleware:
		return "CsrfViewMiddleware is not installed"
	case w.cfg.TransferCSRFExempt:
		return "the transfer view is @csrf_exempt"
	}
	return "the CSRF middleware let it through"
}

// siblingFormPage is the page the attacker's sibling sends the forged form
// from: over the site's scheme, unless CsrfViewMiddleware would refuse that
// Origin and accept the other scheme's (CSRF_TRUSTED_ORIGINS =
// ["http://*.example.com"] on an HTTPS site): _origin_verified matches
// trusted wildcards by scheme, and the attacker picks the one it covers.
// checked says whether the target view goes through that check.
func (w *World) siblingFormPage(checked bool) URL {
	p := w.siblingPage()
	if !w.cfg.CSRFMiddleware || !checked {
		return p
	}
	secure := w.cfg.HTTPS
	if ok, _ := csrfOriginVerified(&w.cfg, p.Origin(), secure); ok {
		return p
	}
	alt := p
	alt.Scheme = "http"
	if p.Scheme == "http" {
		alt.Scheme = "https"
	}
	if ok, _ := csrfOriginVerified(&w.cfg, alt.Origin(), secure); ok {
		return alt
	}
	return p
}

// tossedSecret is the CSRF secret the attacker's sibling page plants: any
// 32 characters of [A-Za-z0-9] pass Django's _check_token_format.
const tossedSecret = "tossedByMallory0tossedByMallory0"

func csrfSiblingPostScript(w *World) {
	if !w.cfg.AttackerSubdomain {
		w.decide(Blocked, "No sibling subdomain is under the attacker's control", "the attacker has no same-site page to send the form from", "deployment")
		return
	}
	session := w.loggedIn()
	w.wait(10 * time.Minute)
	page := w.siblingFormPage(!w.cfg.TransferCSRFExempt)
	checked := w.cfg.CSRFMiddleware && !w.cfg.TransferCSRFExempt
	token, read, refused := w.siblingCSRFToken(&page, checked)
	u := w.siteURL("/transfer/")
	sent, held := w.sessionCookieOn(u, "POST", page.Origin())
	name := w.cfg.CSRFCookieName
	csrf := w.cookieOn(u, "POST", page.Origin(), name)
	form, action := map[string]string{"to": attackerName, "amount": "1000"}, "the post auto-submits a hidden form to /transfer/"
	if checked {
		form[csrfFormField] = token
		action += ", with the token that matches"
	}
	resp := w.victim.do(nav{method: "POST", url: u, initiator: page.Origin(), referrer: page.Origin() + "/",
		topLevel: true, form: form, action: action, actor: ActorVictim})
	w.track("cookie sent", strconv.FormatBool(sent.sent))
	switch {
	case csrf == "":
		w.track("csrftoken sent", "None")
	case csrf == tossedSecret:
		w.track("csrftoken sent", "the tossed one, "+short(csrf))
	case read:
		w.track("csrftoken sent", victimName+"'s, read by "+attackerName)
	default:
		w.track("csrftoken sent", victimName+"'s own, "+short(csrf))
	}
	w.track("transfer", didOrNothing(resp))
	if resp.Did != "" {
		came := "The forged POST came from the same site (" + SiblingHost + "), so SameSite let the session cookie through"
		rule, src := "SameSite compares registrable domains: a sibling subdomain is same-site", Source("RFC 6265bis §5.2; HTML same site")
		if !sameSiteHosts(page.Scheme, page.Host, u.Scheme, u.Host, w.victim.prof.Schemeful) {
			// Chromium's same-site compares schemes: http://blog is
			// cross-site to https://bank, and only the cookie's own
			// SameSite let it go.
			why, whySrc := w.whySent("POST", sent.key)
			came = "The forged POST came from " + page.Origin() + ", cross-site to " + u.Origin() + " for Chromium (schemeful same-site), but the session cookie went anyway (" + why + ")"
			rule, src = why, whySrc
		}
		reason := came + ", and "
		if w.cfg.CSRFMiddleware && !w.cfg.TransferCSRFExempt {
			_, origin := csrfOriginVerified(&w.cfg, page.Origin(), u.Secure())
			how := w.siblingTokenSource(read)
			if read {
				how += " (HttpOnly hides nothing from a server)"
			} else {
				how += " (the browser sends it after the site's own, and Django reads the last)"
			}
			reason = came + "; CsrfViewMiddleware let it through too: " + origin + ", and the form's token matched " + how
			rule = origin + "; and the " + name + " cookie is not bound to the session, so a page that sets or reads it holds a valid token"
			src = djSrcCSRFOrigin + "; docs/ref/csrf.txt Limitations"
		} else {
			reason += w.csrfPassText(resp)
		}
		w.decide(Succeeded, reason, rule, src)
		return
	}
	if w.cfg.CSRFUseSessions && resp.Status == 403 && failedRule(resp, "") == csrfRules[1][1] {
		w.decide(Blocked, "The site refused the forged POST: CSRF_USE_SESSIONS keeps the secret in "+victimName+"'s session, "+
			"so the "+name+" cookie the sibling tossed counts for nothing and the form's token does not match",
			csrfRules[1][1], djSrcCSRFToken)
		return
	}
	if refused.Code != "" && sent.sent && csrf != "" && resp.Status == 403 && failedRule(resp, "") == w.site.csrfRule(0, 1) {
		// The Origin check passed (it runs first); the token check did not,
		// because the browser kept the victim's secret and refused the toss.
		w.decide(Blocked, "The site refused the forged POST: the browser refused the "+name+" cookie the sibling tossed ("+w.victim.prof.reasonName(&refused)+
			"), so the request carried "+victimName+"'s own secret and the form's token, made for the tossed one, does not match",
			w.victim.prof.reasonName(&refused)+": "+refused.Why, refused.Source+"; "+djSrcCSRFToken)
		return
	}
	w.csrfVerdict(resp, sent, held, session, "POST", "forged", page.Origin())
}

// siblingLogin is the login CSRF's second try: the victim reads a post on
// the attacker's sibling subdomain, which gets a CSRF token as in
// csrf-sibling-post and auto-submits the attacker's credentials with it.
// When the POST passed CsrfViewMiddleware, origin says why its Origin was
// accepted and token where the form's token came from.
func (w *World) siblingLogin(creds map[string]string) (resp Response, origin, token string) {
	page := w.siblingFormPage(true)
	secret, read, _ := w.siblingCSRFToken(&page, true)
	u := w.siteURL("/login/")
	form := map[string]string{csrfFormField: secret}
	maps.Copy(form, creds)
	resp = w.victim.do(nav{method: "POST", url: u, initiator: page.Origin(), referrer: page.Origin() + "/",
		topLevel: true, form: form, action: "the post auto-submits the attacker's credentials to /login/, with the token that matches", actor: ActorVictim})
	if resp.Status == 403 {
		return resp, "", ""
	}
	_, origin = csrfOriginVerified(&w.cfg, page.Origin(), u.Secure())
	return resp, origin, w.siblingTokenSource(read)
}

// siblingTokenSource says where the sibling's form token came from: the
// victim's own CSRF cookie, which it read, or the one it tossed.
func (w *World) siblingTokenSource(read bool) string {
	if read {
		return victimName + "'s own " + w.cfg.CSRFCookieName + ", which CSRF_COOKIE_DOMAIN sends to " + SiblingHost
	}
	return "the " + w.cfg.CSRFCookieName + " cookie the sibling had tossed for the whole domain"
}

// siblingCSRFToken is the victim reading a post on the attacker's sibling
// subdomain, whose server gets a CSRF token for the forged form as a real
// attacker would: the victim's own CSRF cookie (named CSRF_COOKIE_NAME) when
// the request carries it (CSRF_COOKIE_DOMAIN sends it to every subdomain;
// read is true), else a secret of its own, tossed under the same name for the
// whole domain (docs/ref/csrf.txt
// Limitations: "a subdomain can set cookies for the parent domain"), Secure
// when the page is served over HTTPS, Path=/ so that the browser sends it
// after the site's own (RFC 6265bis §5.8.3 step 2: same path length, later
// creation), and Django keeps the last of two (django/http/cookie.py parse_cookie).
// refused is the browser's refusal of the toss, if it refused it: a __Host-
// name forbids the Domain attribute (RFC 6265bis §4.1.3.2). page is the
// sibling's page, served over its scheme only; its scheme becomes https when
// the browser upgraded it. When the target view checks no token (needed is
// false) the page gets none and tosses nothing, which could only harm the
// attack (a toss named like the session cookie shadows it).
func (w *World) siblingCSRFToken(page *URL, needed bool) (token string, read bool, refused Decision) {
	w.siblingScheme = page.Scheme
	defer func() { w.siblingScheme = "" }()
	var victims string
	name := w.cfg.CSRFCookieName
	w.attackerServer = func(u URL, req Request) Response {
		if !needed {
			return Response{Status: 200}
		}
		if v := cookieValue(req.Cookie, name); v != "" {
			victims = v
			return Response{Status: 200}
		}
		line := name + "=" + tossedSecret + "; Domain=" + ParentDomain[1:] + "; Path=/"
		if u.Secure() { // a Secure cookie from http:// is refused (RFC 6265bis §5.7 step 13)
			line += "; Secure"
		}
		return Response{Status: 200, SetCookies: []string{line}}
	}
	rejected := w.victim.rejectedCSRF
	w.victim.do(nav{method: "GET", url: *page, topLevel: true, action: "reads a post on " + SiblingHost, actor: ActorVictim})
	if w.victim.firstUpgrade != "" {
		page.Scheme = "https" // HSTS or HTTPS-Upgrades loaded the page over HTTPS
	}
	w.attackerServer = nil
	if !needed {
		return "", false, Decision{}
	}
	if victims != "" {
		w.note(ActorAttacker, "reads "+victimName+"'s "+name+" from the request and copies it into the forged form", "holds "+short(victims),
			&Check{Rule: "CSRF_COOKIE_DOMAIN = \"" + w.cfg.CSRFCookieDomain + "\" sends the " + name + " cookie to every subdomain; HttpOnly hides nothing from a server",
				Source: "RFC 6265bis §5.8.3; django/middleware/csrf.py CsrfViewMiddleware._set_csrf_cookie", Passed: true})
		return victims, true, Decision{}
	}
	d := w.victim.rejectedCSRF
	w.victim.rejectedCSRF = rejected
	if d.Code != "" && d.Code != rejected.Code {
		w.note(ActorAttacker, "tries to toss a "+name+" cookie for the whole domain", w.victim.prof.reasonName(&d),
			&Check{Rule: w.victim.prof.reasonName(&d) + ": " + d.Why, Source: d.Source, Passed: false})
		return tossedSecret, false, d
	}
	w.note(ActorAttacker, "the page tossed "+name+"="+short(tossedSecret)+" for the whole domain; the forged form carries the same value", "planted",
		&Check{Rule: "a subdomain may set a cookie for its parent domain, which the browser then sends to every sibling; nothing ties " + name + " to the session",
			Source: "RFC 6265bis §5.7 steps 9-10; docs/ref/csrf.txt Limitations", Passed: true})
	return tossedSecret, false, Decision{}
}

// cookieOn is the value of the named cookie that Django would read from the
// Cookie header the victim's browser sends with such a request (the last of
// duplicates), "" when none.
func (w *World) cookieOn(u URL, method, initiator, name string) string {
	ctx := RequestContext{URL: u, Method: method, Initiator: initiator, TopLevel: true}
	h, _, _ := w.victim.jar.Cookies(ctx, w.time())
	return cookieValue(h, name)
}

// refusedOn is refusal(r) for a request to u from origin, saying why the
// request carried no CSRF cookie when that is the check it failed: the
// victim's browser holds none yet, or keeps it off such a request. It reads
// the jar as the request left it (a refusal sets no cookie).
func (w *World) refusedOn(r Response, method string, u URL, origin string) string {
	text := refusal(r)
	if w.cfg.CSRFUseSessions || !w.refusedForNoSecret(r) {
		return text
	}
	name := w.cfg.CSRFCookieName
	_, _, held := w.victim.jar.Cookies(RequestContext{URL: u, Method: method, Initiator: origin, TopLevel: true}, w.time())
	if d := withheldCookie(held, name); d.Code != "" {
		return text + ": the browser kept the " + name + " cookie off it (" + w.victim.prof.reasonName(&d) + ")"
	}
	return text + ": the victim's browser holds no " + name + " cookie yet"
}

func loginCSRFScript(w *World) {
	w.open(ActorVictim, w.attackerPage(), "opens the attacker's page")
	creds := map[string]string{"username": attackerName, "password": passwordOf(attackerName)}
	resp := w.crossSite("POST", "/login/", creds, "the page auto-submits the attacker's credentials to /login/")
	w.trackLogin()
	// What refused the last attempt, said as it happens: refusedOn reads
	// the jar, which the sibling's try changes with the cookie it tosses.
	refusedBy := w.refusedOn(resp, "POST", w.siteURL("/login/"), w.attackerPage().Origin())
	refused := "The site refused the forged login: "
	var origin, token string // how the sibling's forged login got through CsrfViewMiddleware
	if resp.Status == 403 && w.cfg.AttackerSubdomain {
		first, firstRefusedBy := resp, refusedBy
		resp, origin, token = w.siblingLogin(creds)
		w.trackLogin()
		refusedBy = refusal(resp)
		refused = "The site refused the forged login, from " + AttackerHost + " and again from " + SiblingHost + ": "
		if refusal(first) != refusedBy {
			// Each attempt failed its own check: name both.
			refused = "The site refused the forged login, from " + AttackerHost + " (" + firstRefusedBy + ") and again from " + SiblingHost + ": "
		}
	}
	// Refused, and the browser holds no session of the attacker's (a
	// cookie of the session cookie's name it holds may be the CSRF cookie,
	// when the two share a name, or an anonymous session).
	if resp.User != attackerName && w.sessionUser(w.victimSessionCookie()) != attackerName {
		if failed := failedRule(resp, ""); failed != "" {
			w.decide(Blocked, refused+refusedBy, failed, failedSource(resp))
			return
		}
		if w.victim.rejected.Code != "" {
			w.loginRefused()
			return
		}
	}
	forged := w.victimSessionCookie()
	forgedIsAttackers := w.sessionUser(forged) == attackerName
	forgedLife := w.victimLifetime()
	// Held but withheld from the site's own navigation to the account page:
	// SESSION_COOKIE_PATH keeps it off, whoever logs in.
	_, offPath := w.sessionCookieOn(w.siteURL(loginRedirect), "GET", "")
	w.wait(time.Minute)
	later := w.open(ActorVictim, w.siteURL("/account/"), "a minute later opens the site to enter their card details")
	w.track("victim is logged in as", userOrAnonymous(later.User))
	if later.User == attackerName && origin != "" {
		w.decide(Succeeded, "The victim is now working in the attacker's account: the attacker's "+SiblingHost+" posted the login form, "+
			"and CsrfViewMiddleware let it through: "+origin+", and the form's token matched "+token,
			origin+"; and the "+w.cfg.CSRFCookieName+" cookie is not bound to a session, so a sibling that sets or reads it holds a valid token",
			djSrcCSRFOrigin+"; docs/ref/csrf.txt Limitations")
		return
	}
	if later.User == attackerName {
		reason := "The victim is now working in the attacker's account: the login view accepted a cross-site POST"
		if !w.cfg.CSRFMiddleware {
			reason += " (no CsrfViewMiddleware)"
		}
		w.decide(Succeeded, reason, "a cross-site top-level POST may set cookies of any SameSite value",
			"RFC 6265bis §5.7 step 18.3; WPT cookies/samesite/setcookie-navigation")
		return
	}
	if w.victim.unanswered != "" {
		rule, src := w.whyUnanswered()
		w.decide(Blocked, "The forged login never reached the site: "+w.victim.unanswered, rule, src)
		return
	}
	if forgedIsAttackers && !w.site.alive(forged, w.time()) {
		w.decide(Blocked, "The forged login expired before the victim came back a minute later (the session lives "+forgedLife.lives()+")",
			"a session, the attacker's too, lives its expiry age from its last save", "django/contrib/sessions/backends/base.py SessionBase.get_expiry_age")
		return
	}
	if forgedIsAttackers && !w.victimHasSessionCookie() {
		w.decide(Blocked, "The forged login expired before the victim came back a minute later: the browser had dropped its session cookie ("+forgedLife.cookie+")",
			"an expired cookie is neither kept nor sent", "RFC 6265bis §5.7, §5.8.3")
		return
	}
	if d := &offPath; d.Code != "" {
		// The site's own failure: no session reaches the account page.
		w.decide(Blocked, "The forged login did not stick: the browser keeps the session cookie it set but does not send it to "+loginRedirect+
			", where the login leads ("+w.victim.prof.reasonName(d)+"), so nobody stays logged in, the attacker's login included"+w.noPathNote(), d.Why, d.Source)
		w.verdict.Broken = true
		return
	}
	w.decide(Blocked, "The forged login did not stick", failedRule(resp, "the victim's browser holds no attacker session"), failedSource(resp))
}
