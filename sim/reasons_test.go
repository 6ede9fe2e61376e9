package sim

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

// reasonConfigs are the configurations TestReasonsFollowTheRun explores:
// every preset, every field at every candidate value from each preset, and
// every pair of values of the fields a scenario toggles.
func reasonConfigs(s *Scenario) []Config {
	var out []Config
	for _, p := range Presets {
		out = append(out, p.Config)
		for i := range Fields {
			f := &Fields[i]
			for _, v := range f.Candidates() {
				c := p.Config
				if v != f.get(&c) && f.set(&c, v) == nil {
					out = append(out, c)
				}
			}
		}
		for i, a := range s.Toggles {
			fa, _ := FieldByKey(a)
			for _, b := range s.Toggles[i+1:] {
				fb, _ := FieldByKey(b)
				for _, va := range fa.Candidates() {
					for _, vb := range fb.Candidates() {
						c := p.Config
						if fa.set(&c, va) == nil && fb.set(&c, vb) == nil {
							out = append(out, c)
						}
					}
				}
			}
		}
	}
	// Beyond single changes and toggle pairs: the SSL redirect on a browser
	// that does not try HTTPS first, the only way its remark can appear.
	for _, p := range Presets {
		c := p.Config
		c.HTTPSUpgrades, c.SecureSSLRedirect, c.SecurityMiddleware = false, true, true
		out = append(out, c)
	}
	return out
}

// anySessionSet reports whether any of the steps sets the session cookie.
func anySessionSet(steps []Step, name string) bool {
	for _, st := range steps {
		if len(sessionSets(st, name)) > 0 {
			return true
		}
	}
	return false
}

// sessionSets lists the session cookie values a step's response set
// (delete_cookie's empty value excluded).
func sessionSets(st Step, name string) []string {
	var out []string
	if st.Response == nil {
		return nil
	}
	for _, h := range st.Response.Headers {
		if h.Name == "Set-Cookie" && strings.HasPrefix(h.Value, name+"=") {
			v, _, _ := strings.Cut(strings.TrimPrefix(h.Value, name+"="), ";")
			if v != `""` && v != "" {
				out = append(out, v)
			}
		}
	}
	return out
}

// sentSession is the session cookie value a step's request carried.
func sentSession(st Step, name string) string {
	if st.Request == nil {
		return ""
	}
	return cookieValue(st.Request.Header("Cookie"), name)
}

func jarSession(st Step, name string) (CookieView, bool) {
	for _, c := range st.Jar {
		if c.Name == name {
			return c, true
		}
	}
	return CookieView{}, false
}

func stepsDoing(r *Run, action string) []Step {
	var out []Step
	for _, st := range r.Steps {
		if strings.Contains(st.Action, action) {
			out = append(out, st)
		}
	}
	return out
}

func varAt(st Step, name string) string {
	for _, v := range st.Vars {
		if v.Name == name {
			return v.Value
		}
	}
	return ""
}

// storeHas finds the stored session whose key starts with prefix (the
// tracker shows keys shortened to 8 characters and "…").
func storeHas(st Step, prefix string) (SessionView, bool) {
	prefix = strings.TrimSuffix(prefix, "…")
	for _, v := range st.Store {
		if prefix != "" && strings.HasPrefix(v.Key, prefix) {
			return v, true
		}
	}
	return SessionView{}, false
}

// redirectsToHTTPS reports whether a response in r redirects to https://
// with a 301, as SECURE_SSL_REDIRECT does.
func redirectsToHTTPS(r *Run) bool {
	for _, st := range r.Steps {
		if st.Response != nil && st.Response.Status == 301 && strings.HasPrefix(st.Response.Header("Location"), "https://") {
			return true
		}
	}
	return false
}

// sessionSentInClear reports whether the victim sent the session cookie
// name on an http:// request.
func sessionSentInClear(r *Run, name string) bool {
	for _, st := range r.Steps {
		if st.Actor == ActorVictim && st.Request != nil && strings.HasPrefix(st.Request.URL, "http://") && sentSession(st, name) != "" {
			return true
		}
	}
	return false
}

var setExpiryText = regexp.MustCompile(`set_expiry\((\d+)\) = `)

// TestReasonsFollowTheRun checks that a verdict naming a mechanism is
// borne out by the traced run: the reason's words are matched to what the
// trace's requests, responses, jar and store show happened.
func TestReasonsFollowTheRun(t *testing.T) {
	type claim struct {
		name     string // what the check establishes
		scenario string // "" for any
		says     string // the reason (for ruleClaims, the rule) contains this
		happened func(r *Run, cfg Config) bool
	}
	claims := []claim{
		{"a new key at login means the victim's cookie is no longer the planted key", "session-fixation", "gave the session a new key",
			func(r *Run, cfg Config) bool {
				last := r.Steps[len(r.Steps)-1] // the tracker's "session cookie" is the one the browser sends
				sent, planted := varAt(last, "session cookie"), varAt(last, "planted key")
				_, stored := storeHas(last, planted)
				signed := len(last.Store) == 1 && last.Store[0].Key == "" // signed_cookies: the planted value is still a valid session
				return sent != "None" && sent != planted && !stored && !signed
			}},
		{"an expired planted key is named by the anonymous session's own lifetime: it never called set_expiry", "session-fixation", "the anonymous session lives SESSION_COOKIE_AGE",
			func(r *Run, cfg Config) bool {
				v, ok := storeHas(r.Steps[0], varAt(r.Steps[0], "planted key"))
				return ok && !strings.Contains(v.Data, keyExpiry) || cfg.SessionEngine == EngineSigned
			}},
		{"a flushed session is in the store before the logout and gone after it", "replay-after-logout", "flushed the session record",
			func(r *Run, cfg Config) bool {
				out := stepsDoing(r, "logs out")
				before := stepsDoing(r, "opens the account page")
				held := varAt(r.Steps[len(r.Steps)-1], "attacker holds")
				if len(out) != 1 || len(before) != 1 {
					return false
				}
				v, was := storeHas(before[0], held)
				_, is := storeHas(out[0], held)
				return was && v.Note == "" && !is
			}},
		{"a hand-written logout leaves the record, without user_id", "replay-after-logout", "removed user_id",
			func(r *Run, cfg Config) bool {
				out := stepsDoing(r, "logs out")
				v, ok := storeHas(out[len(out)-1], varAt(r.Steps[len(r.Steps)-1], "attacker holds"))
				return ok && !strings.Contains(v.Data, `"user_id"`)
			}},
		{"nothing to replay means the attacker never held a copy", "replay-after-logout", "nothing to replay",
			func(r *Run, cfg Config) bool { return varAt(r.Steps[len(r.Steps)-1], "attacker holds") == "None" }},
		{"every replay re-saved: replay responses set the session cookie again", "stolen-cookie-kept-alive", "every replay re-saved",
			func(r *Run, cfg Config) bool {
				rs := stepsDoing(r, "replays the stolen cookie")
				return len(rs) > 0 && len(sessionSets(rs[0], cfg.SessionCookieName)) > 0
			}},
		{"no replay re-saved: no replay that opened the victim's session set the session cookie", "stolen-cookie-kept-alive", "no replay re-saved",
			func(r *Run, cfg Config) bool {
				// The replay that finds the session over may set a new one's
				// cookie (file.py creates a session for an expired key).
				var opened []Step
				for _, st := range stepsDoing(r, "replays the stolen cookie") {
					if strings.Contains(st.Result, "(as "+victimName+")") {
						opened = append(opened, st)
					}
				}
				return !anySessionSet(opened, cfg.SessionCookieName)
			}},
		{"a session that lives from the login was not re-saved by the victim's clicks", "idle-walkaway", "(the login), not from its last use",
			func(r *Run, cfg Config) bool {
				return !anySessionSet(stepsDoing(r, "works on the site"), cfg.SessionCookieName)
			}},
		{"a sliding age means the victim's clicks re-saved the session", "idle-walkaway", "which every request restarted",
			func(r *Run, cfg Config) bool {
				ws := stepsDoing(r, "works on the site")
				return len(ws) > 0 && len(sessionSets(ws[0], cfg.SessionCookieName)) > 0
			}},
		{"the server deleted the cookie of a key the browser still sent", "idle-walkaway", "deleted the cookie",
			func(r *Run, cfg Config) bool {
				for _, st := range stepsDoing(r, "works on the site") {
					if sentSession(st, cfg.SessionCookieName) != "" && strings.Contains(st.Response.Header("Set-Cookie"), cfg.SessionCookieName+`=""`) {
						return true
					}
				}
				return false
			}},
		{"a persistent cookie kept at close has an expiry in the jar", "shared-computer-browser-close", "persistent (it has Max-Age)",
			func(r *Run, cfg Config) bool {
				st := stepsDoing(r, "reads the account page")
				c, ok := jarSession(st[0], cfg.SessionCookieName)
				return ok && c.Expires != ""
			}},
		{"session restore kept a cookie without an expiry", "shared-computer-browser-close", "session restore",
			func(r *Run, cfg Config) bool {
				st := stepsDoing(r, "reads the account page")
				c, ok := jarSession(st[0], cfg.SessionCookieName)
				return ok && c.Expires == ""
			}},
		{"SECURE_SSL_REDIRECT answered: a 301 to https:// is in the trace", "wifi-sniffing", "SECURE_SSL_REDIRECT answered",
			func(r *Run, _ Config) bool { return redirectsToHTTPS(r) }},
		{"a cookie that crossed in clear was sent on an http:// request", "ssl-strip", "the session cookie too",
			func(r *Run, cfg Config) bool { return sessionSentInClear(r, cfg.SessionCookieName) }},
		{"only the password crossed: no http:// request carried the session cookie", "ssl-strip", "only the password crossed",
			func(r *Run, cfg Config) bool { return !sessionSentInClear(r, cfg.SessionCookieName) }},
		{"a host-only cookie is host-only in the jar", "subdomain-cookie-leak", "host-only",
			func(r *Run, cfg Config) bool {
				c, ok := jarSession(r.Steps[len(r.Steps)-1], cfg.SessionCookieName)
				return ok && c.HostOnly
			}},
		{"a token that matched a tossed csrftoken: the forged POST sent it last and carried it in the form", "csrf-sibling-post", "tossed for the whole domain",
			func(r *Run, cfg Config) bool {
				post := stepsDoing(r, "auto-submits a hidden form")
				if len(post) != 1 || post[0].Request == nil {
					return false
				}
				return cookieValue(post[0].Request.Header("Cookie"), cfg.CSRFCookieName) == tossedSecret &&
					strings.Contains(post[0].Request.Header("Body"), csrfFormField+"="+tossedSecret)
			}},
		{"the victim's own csrftoken, read on the sibling: the sibling's request carried it and the form reuses it", "csrf-sibling-post", "CSRF_COOKIE_DOMAIN sends",
			func(r *Run, cfg Config) bool {
				page, post := stepsDoing(r, "reads a post on "+SiblingHost), stepsDoing(r, "auto-submits a hidden form")
				if len(page) != 1 || len(post) != 1 || page[0].Request == nil || post[0].Request == nil {
					return false
				}
				v := cookieValue(page[0].Request.Header("Cookie"), cfg.CSRFCookieName)
				return v != "" && v != tossedSecret && cookieValue(post[0].Request.Header("Cookie"), cfg.CSRFCookieName) == v &&
					strings.Contains(post[0].Request.Header("Body"), csrfFormField+"="+v)
			}},
		{"the tossed cookie counts for nothing: CSRF_USE_SESSIONS is on and the POST carried it", "csrf-sibling-post", "cookie the sibling tossed counts for nothing",
			func(r *Run, cfg Config) bool {
				post := stepsDoing(r, "auto-submits a hidden form")
				return cfg.CSRFUseSessions && len(post) == 1 && post[0].Request != nil &&
					cookieValue(post[0].Request.Header("Cookie"), cfg.CSRFCookieName) == tossedSecret
			}},
		{"a toss the browser refused: the forged POST carried the victim's own secret, not the tossed one, and the form the tossed one", "csrf-sibling-post", "cookie the sibling tossed (",
			func(r *Run, cfg Config) bool {
				post := stepsDoing(r, "auto-submits a hidden form")
				if len(post) != 1 || post[0].Request == nil {
					return false
				}
				v := cookieValue(post[0].Request.Header("Cookie"), cfg.CSRFCookieName)
				return v != "" && v != tossedSecret && strings.Contains(post[0].Request.Header("Body"), csrfFormField+"="+tossedSecret)
			}},
		{"a reason naming set_expiry(N) is about a session that stores _session_expiry N", "", "set_expiry(",
			func(r *Run, cfg Config) bool {
				m := setExpiryText.FindStringSubmatch(r.Verdict.Reason)
				if m == nil {
					return true // "set_expiry" named only as a setting, not as this session's lifetime
				}
				for _, st := range r.Steps {
					for _, v := range st.Store {
						if strings.Contains(v.Data, `"`+keyExpiry+`": `+m[1]) || strings.Contains(v.Note, "signed_cookies") {
							return true
						}
					}
				}
				return false
			}},
	}
	ruleClaims := []claim{
		{"a rule naming HSTS is about a request HSTS kept off http://", "", "a Known HSTS Host is only contacted over HTTPS",
			func(r *Run, cfg Config) bool {
				for _, st := range r.Steps {
					if strings.Contains(st.Result, "HSTS forbids anything else") {
						return true
					}
				}
				return false
			}},
		{"a rule naming SECURE_SSL_REDIRECT is about a 301 to https:// in the trace", "", "SECURE_SSL_REDIRECT sends every http:// request",
			func(r *Run, _ Config) bool { return redirectsToHTTPS(r) }},
	}
	checked := map[string]int{}
	verify := func(s *Scenario, cfg Config, r *Run, claims []claim, text string) {
		for _, c := range claims {
			if c.scenario != "" && c.scenario != s.ID || !strings.Contains(text, c.says) {
				continue
			}
			checked[c.name]++
			if !c.happened(r, cfg) {
				t.Errorf("%s: %s\n  verdict: %s (%s)\n  config differs from defaults in %v", s.ID, c.name, r.Verdict.Reason, r.Verdict.Rule, Diff(Defaults(), cfg))
			}
		}
	}
	for _, s := range Scenarios {
		for _, cfg := range reasonConfigs(s) {
			r := s.Run(cfg, true)
			verify(s, cfg, r, claims, r.Verdict.Reason)
			verify(s, cfg, r, ruleClaims, r.Verdict.Rule)
		}
	}
	// Every claim must have met its words somewhere, or it checks nothing.
	for _, c := range slices.Concat(claims, ruleClaims) {
		if checked[c.name] == 0 {
			t.Errorf("no explored configuration gives %q in %s: the check %q never ran", c.says, c.scenario, c.name)
		}
	}
}

// TestNetworkSchemeIsTheFirstRequests: the "request scheme" the network
// scenarios track is the scheme of the request the victim's link or typing
// made, after HSTS or HTTPS-Upgrades, not of a redirect that followed it.
func TestNetworkSchemeIsTheFirstRequests(t *testing.T) {
	for id, action := range map[string]string{
		"wifi-sniffing": "opens an old http:// link to the site",
		"ssl-strip":     "types " + SiteHost + " into the address bar",
	} {
		s, _ := ScenarioByID(id)
		seen := map[string]bool{}
		for _, cfg := range reasonConfigs(s) {
			r := s.Run(cfg, true)
			tracked, sent := "", ""
			for _, st := range r.Steps {
				if st.Action == action && st.Request != nil && sent == "" {
					sent, _, _ = strings.Cut(st.Request.URL, "://")
				}
				for _, v := range st.Vars {
					if v.Name == "request scheme" && (v.Value == "http" || v.Value == "https") {
						tracked = v.Value
					}
				}
			}
			if sent == "" {
				continue // the victim never got that far
			}
			seen[tracked] = true
			if tracked != sent {
				t.Errorf("%s: tracks %s, but %q went over %s\n  config differs from defaults in %v", id, tracked, action, sent, Diff(Defaults(), cfg))
			}
		}
		if !seen["http"] || !seen["https"] {
			t.Errorf("%s: the explored configurations track only %v", id, seen)
		}
	}
}
