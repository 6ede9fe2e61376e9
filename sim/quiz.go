package sim

import (
	"slices"
)

// A quiz is a list of questions generated from a seed: the same seed gives
// the same questions (for the same catalogue), so that a link holding the
// seed and a question's number reproduces the quiz exactly. A question is a
// Config (a preset plus one or two changes) and a scenario, and asks either
// whether the attack succeeds or which single change would stop it; every
// third question is on one of the points learners most often get wrong
// (DESIGN.md, "Truths the page must get right"), asked the same way.
//
// No answer key is stored anywhere: the generator keeps only questions the
// engine answers unambiguously, and Check runs the engine again.

// QuizLength is the number of questions in one quiz.
const QuizLength = 10

// AskKind is what a question asks.
type AskKind string

const (
	AskOutcome AskKind = "outcome" // does the attack succeed?
	AskFix     AskKind = "fix"     // which single change stops it?
)

// Change is one setting changed from a preset.
type Change struct{ Key, Value string }

// Pitfall is a point learners often get wrong, as a setup the engine runs.
type Pitfall struct {
	ID       string
	Topic    string // what the question is about, shown with it
	Mistake  string // the common belief, shown with the answer
	Scenario string
	Preset   string
	Changes  []Change
}

// Pitfalls are the truths of DESIGN.md that tutorials most often get wrong.
// Each names a setup only; whether the attack succeeds on it is the engine's
// answer, and quiz_test.go checks that answer against the truth.
var Pitfalls = []Pitfall{
	{"age-from-last-write", "SESSION_COOKIE_AGE and an idle tab",
		"SESSION_COOKIE_AGE is not an idle timeout: it counts from the session's last save (the login here), so 15 minutes means 15 minutes after the login, however busy the victim is.",
		"idle-walkaway", "defaults", []Change{{"SESSION_COOKIE_AGE", "900"}, {"idle_minutes", "5"}}},
	{"save-every-request-slides", "SESSION_SAVE_EVERY_REQUEST against a thief",
		"A sliding expiry slides for everyone: each of the thief's requests re-saves the session too, and Django has no absolute cap.",
		"stolen-cookie-kept-alive", "defaults", []Change{{"SESSION_SAVE_EVERY_REQUEST", "True"}, {"SESSION_COOKIE_AGE", "1800"}}},
	{"browser-close-and-restore", "SESSION_EXPIRE_AT_BROWSER_CLOSE on a shared computer",
		"A browser-length cookie ends with the browser session, and session restore (\"Continue where you left off\") carries the browser session over a restart.",
		"shared-computer-browser-close", "defaults", []Change{{"SESSION_EXPIRE_AT_BROWSER_CLOSE", "True"}, {"session_restore", "True"}}},
	{"firefox-restore-previous-session", "SESSION_EXPIRE_AT_BROWSER_CLOSE in Firefox on a shared computer",
		"Firefox keeps the closed session, session cookies included: even with session restore off, History › Restore Previous Session brings them back for whoever opens the browser next.",
		"shared-computer-browser-close", "defaults", []Change{{"SESSION_EXPIRE_AT_BROWSER_CLOSE", "True"}, {"browser", "firefox"}}},
	{"browser-close-server-side", "SESSION_EXPIRE_AT_BROWSER_CLOSE and the server",
		"Closing the browser drops the cookie from that browser only: the server keeps honouring the key for SESSION_COOKIE_AGE, so a copy of the cookie still works.",
		"shared-computer-browser-close", "defaults", []Change{{"SESSION_EXPIRE_AT_BROWSER_CLOSE", "True"}}},
	{"signed-cookies-logout", "Logging out with signed-cookie sessions",
		"signed_cookies keep no server record: logout clears the victim's cookie, but a copy stays valid until it expires.",
		"replay-after-logout", "defaults", []Change{{"SESSION_ENGINE", "signed_cookies"}}},
	{"ssl-redirect-not-hsts", "SECURE_SSL_REDIRECT on public Wi-Fi",
		"The redirect answers the plain request after it, and its cookie, have crossed the network; only HSTS (or the browser's own HTTPS upgrade) keeps the request off plain HTTP.",
		"wifi-sniffing", "defaults", []Change{{"SECURE_SSL_REDIRECT", "True"}, {"https_upgrades", "False"}}},
	{"hsts-after-one-visit", "HSTS on public Wi-Fi",
		"HSTS works from the second visit on (or from the first, when preloaded): the browser rewrites http:// to https:// before anything is sent.",
		"wifi-sniffing", "defaults", []Change{{"SECURE_HSTS_SECONDS", "31536000"}, {"https_upgrades", "False"}}},
	{"secure-not-password", "SESSION_COOKIE_SECURE against an on-path attacker",
		"Secure keeps the cookie off plain HTTP, not the password the victim types into a page the attacker keeps on HTTP.",
		"ssl-strip", "defaults", []Change{{"SESSION_COOKIE_SECURE", "True"}}},
	{"samesite-login-csrf", "SameSite=Strict against login CSRF",
		"SameSite restricts the cookies a cross-site request carries; a forged login needs none, so only CSRF protection of the login view stops it.",
		"login-csrf", "defaults", []Change{{"SESSION_COOKIE_SAMESITE", "Strict"}, {"CSRF_COOKIE_SAMESITE", "Strict"}, {"csrf_middleware", "False"}}},
	{"samesite-siblings", "SameSite=Strict against a sibling subdomain",
		"SameSite is about sites, not origins: a sibling subdomain is the same site, so its requests carry even a Strict cookie.",
		"csrf-sibling-post", "defaults", []Change{{"SESSION_COOKIE_SAMESITE", "Strict"}, {"csrf_middleware", "False"}}},
	{"missing-samesite", "A session cookie without SameSite",
		"No SameSite attribute is not SameSite=Lax: Chromium still sends a cookie up to two minutes old on a cross-site top-level POST (Firefox and Safari treat it as None).",
		"csrf-cross-site-post", "defaults", []Change{{"SESSION_COOKIE_SAMESITE", ""}, {"transfer_csrf_exempt", "True"}, {"cross_site_post_after_seconds", "60"}}},
	{"httponly-session-riding", "HttpOnly against injected script",
		"HttpOnly hides the cookie from document.cookie, but the script runs in the victim's page, whose requests carry the cookie anyway.",
		"xss-session-riding", "hardened", []Change{{"SECURE_CSP", "False"}}},
}

// Question is one generated question.
type Question struct {
	Seed     uint64
	N        int // 1-based
	Kind     AskKind
	Pitfall  *Pitfall // the mistake the question is about; nil for a random setup
	Preset   Preset
	Changes  []Change // applied to the preset, in order
	Config   Config
	Scenario *Scenario
	Choices  []QuizChoice
}

// QuizChoice is one answer offered.
type QuizChoice struct {
	Outcome Outcome // AskOutcome: the verdict predicted
	Key, To string  // AskFix: the change proposed
}

// Answer is the engine's verdict on a pick.
type Answer struct {
	Correct bool
	Right   int  // the first choice the engine confirms; -1 if none does
	Run     *Run // the question's scenario on its Config, with its trace
	Picked  Verdict
	Fixed   Verdict // AskFix: the verdict after the right change
}

// Check runs the engine to judge choice, and finds the right one.
func (q *Question) Check(choice int) Answer {
	a := Answer{Right: -1, Run: q.Scenario.Run(q.Config, true)}
	base := a.Run.Verdict
	for i, c := range q.Choices {
		v, ok := base, false
		switch q.Kind {
		case AskOutcome:
			ok = c.Outcome == base.Outcome
		case AskFix:
			if cfg, err := c.apply(q.Config); err == nil {
				v = q.Scenario.Run(cfg, false).Verdict
				ok = stops(base, v)
			}
		}
		if i == choice {
			a.Correct, a.Picked = ok, v
		}
		if ok && a.Right < 0 {
			a.Right, a.Fixed = i, v
		}
	}
	return a
}

func (c QuizChoice) apply(cfg Config) (Config, error) {
	err := cfg.Set(c.Key, c.To)
	return cfg, err
}

// stops reports whether a change turned the attack that base saw succeed
// into a blocked one without breaking the site.
func stops(base, after Verdict) bool {
	return base.Outcome == Succeeded && after.Outcome == Blocked && !after.Broken
}

// QuizQuestion returns question n (1-based) of the quiz with this seed.
// Questions are generated independently, so any one is cheap to reach.
func QuizQuestion(seed uint64, n int) Question {
	order := quizRand(seed, 0)
	attacks := make([]*Scenario, 0, len(Scenarios))
	for _, s := range Scenarios {
		if !s.Tour {
			attacks = append(attacks, s)
		}
	}
	outcomeOrder, fixOrder := order.r.Perm(len(attacks)), order.r.Perm(len(attacks))
	pitfallOrder := order.r.Perm(len(Pitfalls))

	// In every block of three questions each kind comes once, in an order
	// the seed turns.
	block := (n - 1) / 3
	r := quizRand(seed, n)
	q := Question{Seed: seed, N: n}
	switch (n - 1 + int(seed%3)) % 3 {
	case 0:
		if q.randomOutcome(r, attacks, outcomeOrder, block) {
			return q
		}
	case 1:
		if q.randomFix(r, attacks, fixOrder, block) {
			return q
		}
	}
	q.pitfall(&Pitfalls[pitfallOrder[block%len(Pitfalls)]])
	return q
}

func quizRand(seed uint64, stream int) *Rand {
	return newRand(seed, uint64(stream))
}

// pitfall makes q the outcome question on p.
func (q *Question) pitfall(p *Pitfall) {
	preset, ok := PresetByID(p.Preset)
	s, found := ScenarioByID(p.Scenario)
	if !ok || !found {
		panic("sim: pitfall " + p.ID + " names an unknown preset or scenario")
	}
	cfg := preset.Config
	for _, c := range p.Changes {
		if err := cfg.Set(c.Key, c.Value); err != nil {
			panic("sim: pitfall " + p.ID + ": " + err.Error())
		}
	}
	q.Kind, q.Pitfall, q.Preset, q.Changes, q.Config, q.Scenario = AskOutcome, p, preset, p.Changes, cfg, s
	q.Choices = []QuizChoice{{Outcome: Succeeded}, {Outcome: Blocked}}
}

// Attempts per scenario at a setup the question can use.
const quizAttempts = 16

// randomOutcome asks whether an attack succeeds on a random setup; half of
// the seeds look for one where it does, half for one where it does not.
func (q *Question) randomOutcome(r *Rand, attacks []*Scenario, order []int, block int) bool {
	want := []Outcome{Succeeded, Blocked}[r.r.IntN(2)]
	var fallback *Question
	for i := range attacks {
		s := attacks[order[(block+i)%len(order)]]
		for range quizAttempts {
			preset, changes, cfg := randomSetup(r, s)
			v := s.Run(cfg, false).Verdict
			if v.Broken || len(changes) == 0 {
				continue
			}
			cand := Question{Seed: q.Seed, N: q.N, Kind: AskOutcome, Preset: preset, Changes: changes, Config: cfg, Scenario: s,
				Choices: []QuizChoice{{Outcome: Succeeded}, {Outcome: Blocked}}}
			if v.Outcome == want {
				*q = cand
				return true
			}
			if fallback == nil {
				fallback = &cand
			}
		}
	}
	if fallback != nil {
		*q = *fallback
		return true
	}
	return false
}

// randomFix asks which single change stops an attack that succeeds on a
// random setup: one choice is a real fix the engine found (not a change
// that only breaks the login), the three others are changes toward the
// hardened preset or of the settings the scenario turns on that the engine
// confirms leave the attack succeeding. Every choice is the site's to make:
// the victim's browser is not a defence.
func (q *Question) randomFix(r *Rand, attacks []*Scenario, order []int, block int) bool {
	for i := range attacks {
		s := attacks[order[(block+i)%len(order)]]
		for range quizAttempts {
			preset, changes, cfg := randomSetup(r, s)
			if len(changes) == 0 || s.Run(cfg, false).Verdict.Outcome != Succeeded {
				continue
			}
			var real []Fix
			for _, f := range s.Fixes(cfg) {
				if f.Outcome == Blocked && !f.Breaks && siteSide(f.Key) {
					real = append(real, f)
				}
			}
			if len(real) == 0 {
				continue
			}
			right := real[r.r.IntN(len(real))]
			wrong := wrongChoices(r, s, cfg, right.Key, 3)
			if len(wrong) < 3 {
				continue
			}
			choices := append(wrong, QuizChoice{Key: right.Key, To: right.To})
			r.r.Shuffle(len(choices), func(i, j int) { choices[i], choices[j] = choices[j], choices[i] })
			*q = Question{Seed: q.Seed, N: q.N, Kind: AskFix, Preset: preset, Changes: changes, Config: cfg, Scenario: s, Choices: choices}
			return true
		}
	}
	return false
}

// wrongChoices returns up to n single changes of cfg, each of a different
// setting other than exclude, after which s still succeeds. They are drawn
// from the plausible first: the changes toward the hardened preset, then
// the settings the scenario turns on, then any Django setting.
func wrongChoices(r *Rand, s *Scenario, cfg Config, exclude string, n int) []QuizChoice {
	hardened := Hardened()
	var tiers [3][]QuizChoice
	for _, k := range Diff(cfg, hardened) {
		if !siteSide(k) {
			continue
		}
		tiers[0] = append(tiers[0], QuizChoice{Key: k, To: hardened.Get(k)})
	}
	for i := range Fields {
		f := &Fields[i]
		tier := 2
		switch {
		case !siteSide(f.Key):
			continue
		case slices.Contains(s.Toggles, f.Key):
			tier = 1
		case !f.Django:
			continue
		}
		from := f.get(&cfg)
		for _, to := range f.Candidates() {
			if to != from {
				tiers[tier] = append(tiers[tier], QuizChoice{Key: f.Key, To: to})
			}
		}
	}
	used := map[string]bool{exclude: true}
	var out []QuizChoice
	for _, tier := range tiers {
		r.r.Shuffle(len(tier), func(i, j int) { tier[i], tier[j] = tier[j], tier[i] })
		for _, c := range tier {
			if len(out) == n {
				return out
			}
			if used[c.Key] {
				continue
			}
			alt, err := c.apply(cfg)
			if err != nil || s.Run(alt, false).Verdict.Outcome != Succeeded {
				continue
			}
			used[c.Key] = true
			out = append(out, c)
		}
	}
	return out
}

// siteSide reports whether the site's owner decides the field: a setting,
// the application's code or the deployment, not the victim's browser.
func siteSide(key string) bool {
	f, ok := FieldByKey(key)
	return ok && f.Group != GroupBrowser
}

// randomSetup is a random preset with one or two changes, the first of a
// setting the scenario turns on, the second of that kind or a Django setting.
func randomSetup(r *Rand, s *Scenario) (Preset, []Change, Config) {
	preset := Presets[r.r.IntN(len(Presets))]
	cfg := preset.Config
	var keys []string
	for _, k := range s.Toggles {
		if _, ok := FieldByKey(k); ok {
			keys = append(keys, k)
		}
	}
	first := len(keys)
	for i := range Fields {
		if Fields[i].Django && !slices.Contains(keys, Fields[i].Key) {
			keys = append(keys, Fields[i].Key)
		}
	}
	if first == 0 {
		first = len(keys)
	}
	want := 1 + r.r.IntN(2)
	var changes []Change
	for try := 0; len(changes) < want && try < 8; try++ {
		pool := keys
		if len(changes) == 0 {
			pool = keys[:first]
		}
		f, _ := FieldByKey(pool[r.r.IntN(len(pool))])
		if len(changes) > 0 && changes[0].Key == f.Key {
			continue
		}
		from := f.get(&cfg)
		var to []string
		for _, v := range f.Candidates() {
			if v != from {
				to = append(to, v)
			}
		}
		if len(to) == 0 {
			continue
		}
		c := Change{f.Key, to[r.r.IntN(len(to))]}
		if f.set(&cfg, c.Value) == nil {
			changes = append(changes, c)
		}
	}
	return preset, changes, cfg
}
