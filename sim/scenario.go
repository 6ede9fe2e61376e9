package sim

import (
	"fmt"
	"runtime"
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
	script    func(w *World)
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
	s.script(w)
	return w.finish()
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
	for i, s := range Scenarios {
		out[i] = Entry{Scenario: s, Verdict: s.Run(cfg, false).Verdict}
	}
	return out
}

// BoardWithFixes is Board with every scenario's fixes, the scenarios
// spread over the machine's cores (one, in a browser).
func BoardWithFixes(cfg Config) []Entry {
	out := Board(cfg)
	next := make(chan int, len(out))
	for i := range out {
		next <- i
	}
	close(next)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(out)) {
		wg.Go(func() {
			for i := range next {
				out[i].Fixes = out[i].Scenario.fixes(cfg, out[i].Verdict.Outcome)
			}
		})
	}
	wg.Wait()
	return out
}

// Fixes are the single changes of cfg that flip the scenario's verdict,
// found by running it again for every candidate value of every field.
func (s *Scenario) Fixes(cfg Config) []Fix {
	return s.fixes(cfg, s.Run(cfg, false).Verdict.Outcome)
}

func (s *Scenario) fixes(cfg Config, base Outcome) []Fix {
	var fixes []Fix
	for i := range Fields {
		f := &Fields[i]
		from := f.get(&cfg)
		for _, to := range f.Candidates() {
			if to == from {
				continue
			}
			alt := cfg
			if f.set(&alt, to) != nil {
				continue
			}
			v := s.Run(alt, false).Verdict
			if v.Outcome != base {
				fixes = append(fixes, Fix{Key: f.Key, From: from, To: to, Outcome: v.Outcome, Reason: v.Reason, Breaks: v.Broken})
			}
		}
	}
	// Real fixes first, breakages after, each in field order.
	sorted := make([]Fix, 0, len(fixes))
	for _, breaks := range []bool{false, true} {
		for _, f := range fixes {
			if f.Breaks == breaks {
				sorted = append(sorted, f)
			}
		}
	}
	return sorted
}
