package sim

import (
	"fmt"
	"runtime"
	"slices"
	"sync"
)

// Scenario is one entry of the catalogue (DESIGN.md, "The scenario catalogue").
type Scenario struct {
	ID        string
	Title     string
	Story     string   // two or three sentences: what the attacker tries
	Lanes     []Lane   // the sequence diagram's columns, left to right
	Variables []string // the tracker's variables, in display order
	Toggles   []string // the Field keys the story turns on, for highlighting
	Timed     bool     // time matters: the page draws the lifetime timeline
	Tour      bool     // a guided tour, not an attack: its verdict answers a question
	ownVars   bool     // the script keeps the "session cookie" variable itself
	// logsIn: the story starts with the victim logging in (World.logIn), and
	// script goes on from there. The runner does the login, so that a board
	// can do it once for every such scenario (World.fork).
	logsIn bool
	script func(w *World)
}

// Scenarios is the catalogue in board order (DESIGN.md).
var Scenarios = []*Scenario{
	basics,
	xssCookieTheft,
	xssSessionRiding,
	wifiSniffing,
	sslStrip,
	csrfCrossSitePost,
	csrfCrossSiteGet,
	csrfSiblingPost,
	loginCSRF,
	sessionFixation,
	replayAfterLogout,
	stolenCookieKeptAlive,
	idleWalkaway,
	sharedComputer,
	subdomainCookieLeak,
	passwordChangeEviction,
}

// ScenarioByID returns the scenario with that id.
func ScenarioByID(id string) (*Scenario, bool) {
	for _, s := range Scenarios {
		if s.ID == id {
			return s, true
		}
	}
	return nil, false
}

// RunScenario runs one scenario on cfg and returns its full trace.
func RunScenario(cfg Config, id string) (*Run, error) {
	s, ok := ScenarioByID(id)
	if !ok {
		return nil, fmt.Errorf("unknown scenario %q", id)
	}
	return s.Run(cfg, true), nil
}

// Run runs the scenario on cfg. With trace false only the verdict is
// computed, which is what the board and the fix search need.
func (s *Scenario) Run(cfg Config, trace bool) *Run {
	w := newWorld(cfg, s, trace)
	s.play(w)
	return w.finish()
}

// play runs the story in w.
func (s *Scenario) play(w *World) {
	if s.logsIn {
		s.afterLogin(w, w.logIn(ActorVictim))
		return
	}
	s.script(w)
}

// afterLogin goes on with a story that starts with the victim's login,
// which succeeded when ok.
func (s *Scenario) afterLogin(w *World, ok bool) {
	if !ok {
		w.loginRefused()
		return
	}
	s.script(w)
}

// boardVerdicts runs every scenario on cfg, verdicts only. The victim's login,
// with which most stories start, is done once: each of those scenarios goes
// on from its own fork of the logged-in world.
func boardVerdicts(cfg Config) []Verdict {
	var loggedIn *World
	ok := false
	out := make([]Verdict, len(Scenarios))
	for i, s := range Scenarios {
		if !s.logsIn {
			out[i] = s.Run(cfg, false).Verdict
			continue
		}
		if loggedIn == nil {
			loggedIn = newWorld(cfg, s, false)
			ok = loggedIn.logIn(ActorVictim)
		}
		w := loggedIn.fork(s)
		s.afterLogin(w, ok)
		out[i] = w.finish().Verdict
	}
	return out
}

// Entry is one scenario's line on the board.
type Entry struct {
	Scenario *Scenario
	Verdict  Verdict
	Fixes    []Fix // only from BoardWithFixes
}

// Board runs every scenario on cfg, verdicts only.
func Board(cfg Config) []Entry {
	out := make([]Entry, len(Scenarios))
	for i, v := range boardVerdicts(cfg) {
		out[i] = Entry{Scenario: Scenarios[i], Verdict: v}
	}
	return out
}

// BoardWithFixes is Board with every scenario's fixes: the board of every
// alternative of cfg, the alternatives spread over the machine's cores (one,
// in a browser).
func BoardWithFixes(cfg Config) []Entry {
	out := Board(cfg)
	alts := alternatives(cfg)
	boards := make([][]Verdict, len(alts))
	next := make(chan int, len(alts))
	for i := range alts {
		next <- i
	}
	close(next)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(alts)) {
		wg.Go(func() {
			for i := range next {
				boards[i] = boardVerdicts(alts[i].cfg)
			}
		})
	}
	wg.Wait()
	login := slices.Index(Scenarios, basics) // the site's own login
	for i := range out {
		out[i].Fixes = fixesAmong(alts, out[i].Verdict.Outcome, func(a int) (Verdict, Verdict) { return boards[a][i], boards[a][login] },
			out[login].Verdict.Broken)
	}
	return out
}

// Fixes are the single changes of cfg that flip the scenario's verdict,
// found by running it again for every candidate value of every field.
func (s *Scenario) Fixes(cfg Config) []Fix {
	alts := alternatives(cfg)
	return fixesAmong(alts, s.Run(cfg, false).Verdict.Outcome, func(a int) (v, login Verdict) {
		if v = s.Run(alts[a].cfg, false).Verdict; s == basics {
			return v, v
		}
		return v, basics.Run(alts[a].cfg, false).Verdict
	}, basics.Run(cfg, false).Verdict.Broken)
}

// An alternative is a Config with one field changed to another candidate.
type alternative struct {
	key, from, to string
	cfg           Config
}

// alternatives are cfg's alternatives in field order, then candidate order.
func alternatives(cfg Config) []alternative {
	var alts []alternative
	for i := range Fields {
		f := &Fields[i]
		from := f.get(&cfg)
		for _, to := range f.Candidates() {
			if to == from {
				continue
			}
			alt := cfg
			if f.set(&alt, to) == nil {
				alts = append(alts, alternative{key: f.Key, from: from, to: to, cfg: alt})
			}
		}
	}
	return alts
}

// fixesAmong are the alternatives whose verdict differs from base: real
// fixes first, breakages after, each in field order. verdict(i) is the
// scenario's verdict for alts[i] and basics' there, the site's own login:
// a change that breaks that login (loginBroken says whether it was broken
// before) is a breakage whatever else it blocks, and its reason says so.
func fixesAmong(alts []alternative, base Outcome, verdict func(i int) (v, login Verdict), loginBroken bool) []Fix {
	var fixes, breakages []Fix
	for i, a := range alts {
		v, login := verdict(i)
		if v.Outcome == base {
			continue
		}
		f := Fix{Key: a.key, From: a.from, To: a.to, Outcome: v.Outcome, Reason: v.Reason, Breaks: v.Broken}
		if !f.Breaks && login.Broken && !loginBroken {
			f.Breaks = true
			f.Reason += "; but " + lowerFirst(login.Reason)
		}
		if f.Breaks {
			breakages = append(breakages, f)
		} else {
			fixes = append(fixes, f)
		}
	}
	return append(append(make([]Fix, 0, len(fixes)+len(breakages)), fixes...), breakages...)
}

// lowerFirst puts a sentence's first letter in lower case, for joining it
// to another ("Nobody can log in" -> "nobody can log in").
func lowerFirst(s string) string {
	if s == "" || s[0] < 'A' || s[0] > 'Z' {
		return s
	}
	return string(s[0]+'a'-'A') + s[1:]
}
