package sim

import "time"

var sessionFixation = &Scenario{
	ID:    "session-fixation",
	Title: "Session fixation",
	Story: "The attacker gets a valid session key of their own, plants it in the victim's browser — from a sibling " +
		"subdomain, from an injected script, or over plain HTTP — and waits for the victim to log in with it.",
	Lanes:     []Lane{{ActorVictim, "Victim's browser"}, {ActorServer, SiteHost}, {ActorAttacker, "Attacker"}},
	Variables: []string{"planted key", "session cookie", "attacker is"},
	Toggles:   []string{"login", "SESSION_COOKIE_NAME", "attacker_subdomain", "SECURE_CSP", "SECURE_HSTS_SECONDS", "hsts_preloaded"},
	script:    sessionFixationScript,
}

func sessionFixationScript(w *World) {
	resp := w.attackerRequest("GET", "/cart/add/?item=1", "", nil, "visits the shop anonymously to get a session key")
	key := w.sessionValue(resp.SetCookies)
	if key == "" {
		w.decide(Blocked, "The attacker could not obtain a session key", "no session cookie was issued", "django/contrib/sessions/middleware.py SessionMiddleware.process_response")
		return
	}
	w.track("planted key", short(key))
	// The attacker's anonymous session, as the server stores it: it never
	// called set_expiry, whatever the login view does later.
	planted, _ := w.site.Session(key, w.time())

	route, blocks := w.plant(key)
	w.trackLogin()
	if route == "" {
		rules := blocks[0].Rule
		for _, b := range blocks[1:] {
			rules += "; " + b.Rule
		}
		w.decide(Blocked, "None of the three routes planted the key in the victim's browser", rules, blocks[0].Source)
		return
	}

	w.wait(10 * time.Minute)
	if !w.site.alive(key, w.time()) {
		w.decide(Blocked, "Planted "+route+", but the key expired before the victim logged in (the anonymous session lives "+w.lifetimeOf(planted).lives()+")",
			"an unknown or expired key is never adopted: the login starts a new session", "django/contrib/sessions/backends/db.py SessionStore.load; base.py _get_new_session_key")
		return
	}
	if !w.logIn(ActorVictim) {
		w.loginRefused()
		return
	}
	// What the login did to the planted key, as the run saw it: the key the
	// victim's browser holds right after it and what that session stores
	// (a minute later a short set_expiry may have ended it).
	now := w.victimSessionCookie()
	data, _ := w.site.Session(now, w.time())
	byAuth := data[keyAuthUserID] != "" // auth.login stores _auth_user_id; the card's code user_id
	w.wait(time.Minute)
	user := w.replay(key, "replays the planted key")
	w.track("attacker is", userOrAnonymous(user))
	if user == victimName {
		reason := "The key planted " + route + " survived the login: the hand-written login never rotates it"
		if d := &w.victim.rejected; d.Code != "" {
			// Nobody else can log in (loginRefused): the site works only
			// for the victim of the fixation.
			reason += "; the browser refuses every session cookie Django sends (" + w.victim.prof.reasonName(d) + "), so the planted one is how the victim is logged in at all"
		}
		w.decide(Succeeded, reason,
			"a session key must change when privileges change; request.session['user_id'] = ... keeps the key",
			"django/contrib/auth/__init__.py login (cycle_key); RFC 6265bis §8.4")
		return
	}
	stillValid := w.site.alive(key, w.time()) // whether the planted key still opens anything
	switch {
	case now != key && byAuth && !stillValid:
		w.decide(Blocked, "Planted "+route+", but auth.login() gave the session a new key at login: the planted one is dead",
			"login() calls request.session.cycle_key() for an anonymous session", "django/contrib/auth/__init__.py login")
	case now != key && byAuth:
		w.decide(Blocked, "Planted "+route+", but auth.login() re-signed the session into a new value: the planted value still verifies, but it holds only the anonymous session it was signed with",
			"login() calls cycle_key(), which for signed_cookies signs the data anew; the user is only in the new value",
			"django/contrib/auth/__init__.py login; django/contrib/sessions/backends/signed_cookies.py SessionStore.cycle_key")
	case now != key && stillValid:
		w.decide(Blocked, "Planted "+route+", but the key is the signed data: logging in signed a new value, and the planted one still holds only the anonymous session",
			"signed_cookies: the cookie value is the signed session data", "django/contrib/sessions/backends/signed_cookies.py SessionStore.save")
	case now == key && !stillValid && w.cfg.Login == LoginHandWritten:
		w.decide(Blocked, "Planted "+route+" and kept by the login (the hand-written login never rotates it), but the session expired before the attacker replayed the key a minute later (it lives "+w.lifetimeOf(data).lives()+")",
			"a session, the fixed one too, lives its expiry age from its last save", "django/contrib/sessions/backends/base.py SessionBase.get_expiry_age")
	default:
		w.decide(Blocked, "Planted "+route+", but the victim's login did not use it", "the login request did not carry the planted key", "django/http/cookie.py parse_cookie")
	}
}

// plant tries the three routes in turn and returns the first that puts the
// key into the Cookie header the victim's browser sends to the site, with
// the checks that stopped the others.
func (w *World) plant(key string) (route string, blocks []Check) {
	name := w.cfg.SessionCookieName
	planted := func() bool { return w.victimSessionCookie() == key }

	if w.cfg.AttackerSubdomain {
		w.attackerServer = func(u URL, req Request) Response {
			line := name + "=" + key + "; Domain=" + ParentDomain[1:] + "; Path=/"
			if hasPrefixFold(name, "__Secure-") || hasPrefixFold(name, "__Host-") {
				line += "; Secure" // what the prefix demands (RFC 6265bis §4.1.3)
			}
			return Response{Status: 200, SetCookies: []string{line}}
		}
		w.victim.do(nav{method: "GET", url: w.siblingPage(), initiator: "", topLevel: true,
			action: "reads a post on " + SiblingHost + ", which sets the key for the whole domain", actor: ActorVictim})
		w.attackerServer = nil
		if planted() {
			return "from " + SiblingHost, nil
		}
		blocks = append(blocks, w.plantCheck("the sibling subdomain's Domain cookie was refused"))
	} else {
		blocks = append(blocks, Check{Rule: "no sibling subdomain is under the attacker's control", Source: "deployment", Passed: false})
	}

	w.follow(ActorVictim, "/", "opens a page of the site that carries the attacker's script")
	if runs, check := w.victim.scriptRuns(); runs {
		line := name + "=" + key + "; Path=/"
		if w.cfg.HTTPS {
			line += "; Secure"
		}
		doc := w.siteURL("/")
		d := w.victim.jar.SetCookie(RequestContext{URL: doc, Method: "GET", TopLevel: true, Script: true}, line, w.time())
		outcome := w.victim.prof.reasonName(&d)
		c := Check{Rule: "document.cookie = \"" + line + "\": " + outcome, Source: d.Source, Passed: d.Code == CodeInclude}
		if d.Code != CodeInclude {
			c.Rule = outcome + ": " + d.Why
		}
		w.note(ActorVictim, "the injected script writes the key into document.cookie", outcome, &c)
		if planted() {
			return "by an injected script", nil
		}
		blocks = append(blocks, c)
	} else {
		w.note(ActorVictim, "the injected script is blocked", "nothing runs", &check)
		blocks = append(blocks, check)
	}

	w.onPath = true
	apex := ParentDomain[1:]
	w.injectHTTP = func(u URL, resp *Response) {
		switch u.Host {
		case SiteHost:
			resp.SetCookies = append(resp.SetCookies, name+"="+key+"; Path=/")
		case apex:
			resp.SetCookies = append(resp.SetCookies, name+"="+key+"; Domain="+apex+"; Path=/")
		}
	}
	defer func() { w.onPath, w.injectHTTP = false, nil }()
	w.victim.do(nav{method: "GET", url: URL{Scheme: "http", Host: SiteHost, Path: "/"}, topLevel: true,
		action: "on the attacker's Wi-Fi, follows an old http:// link; the attacker injects Set-Cookie into the plain answer", actor: ActorVictim})
	if planted() {
		return "over plain HTTP", nil
	}
	if w.victim.firstUpgrade != "HSTS" {
		return "", append(blocks, w.plantCheck("the injected cookie was refused"))
	}
	// HSTS kept that request on HTTPS, but it covers only the HSTS host
	// (and, with includeSubDomains, its own subdomains: RFC 6797 §8.2): the
	// on-path attacker answers a plain request to the parent domain instead,
	// with a cookie for the whole domain (RFC 6265bis §8.6, Weak Integrity).
	w.victim.do(nav{method: "GET", url: URL{Scheme: "http", Host: apex, Path: "/"}, topLevel: true,
		action: "on the attacker's Wi-Fi, opens http://" + apex + "/; the attacker answers it and sets the key for the whole domain", actor: ActorVictim})
	if planted() {
		return "over plain HTTP, through http://" + apex + " (HSTS covered only " + SiteHost + ")", nil
	}
	if w.victim.firstUpgrade == "HSTS" {
		return "", append(blocks, Check{Rule: "HSTS kept the requests to " + SiteHost + " and " + apex + " on HTTPS, where nothing can be injected", Source: "RFC 6797 §8.3", Passed: false})
	}
	return "", append(blocks, w.plantCheck("the injected cookie was refused"))
}

// plantCheck turns the jar's last refusal of the session cookie into a check.
func (w *World) plantCheck(fallback string) Check {
	if d := w.victim.rejected; d.Code != "" {
		w.victim.rejected = Decision{}
		return Check{Rule: w.victim.prof.reasonName(&d) + ": " + d.Why, Source: d.Source, Passed: false}
	}
	return Check{Rule: fallback, Source: "RFC 6265bis §5.7", Passed: false}
}
