package app

import (
	"strconv"
	"strings"

	"sessionlab/sim"
)

// derived is what the view computes from the Model through the engine. It is
// recomputed only when the Config or the open scenario changes, so stepping,
// typing in the paste box or opening the share box runs no scenario.
type derived struct {
	ok       bool
	cfg      sim.Config
	board    []sim.Entry
	warnings []sim.CookieWarning // cookies the settings make browsers refuse
	settings string              // the generated settings.py
	deploy   []sim.DeployWarning // manage.py check --deploy on these settings
	blind    []sim.BlindSpot     // live attacks no deploy warning speaks to

	scenario string
	run      *sim.Run // the open scenario's full trace, time travel included
	fixes    []sim.Fix
	fixed    bool   // fixes were computed for run (compare mode shows none)
	travel   string // the time-travel moves run holds (sim.FormatTravel)
}

func (d *derived) refresh(l sim.LinkState) {
	if !d.ok || d.cfg != l.Config {
		d.ok, d.cfg = true, l.Config
		d.board = sim.Board(l.Config)
		d.warnings = sim.CookieWarnings(l.Config)
		d.settings = sim.ExportSettings(l.Config)
		d.deploy = sim.DeployChecks(l.Config)
		d.blind = sim.DeployBlindSpots(l.Config, d.board)
		d.scenario, d.run, d.fixes, d.fixed = "", nil, nil, false
	}
	travel := sim.FormatTravel(l.Travel)
	if l.Scenario != d.scenario || (d.run == nil && l.Scenario != "") {
		d.scenario, d.run, d.fixes, d.fixed = l.Scenario, nil, nil, false
		if s, ok := sim.ScenarioByID(l.Scenario); ok {
			d.run, d.travel = s.RunWithTravel(l.Config, l.Travel), travel
		}
	} else if d.run != nil && travel != d.travel {
		// Time travel plays after the script: the verdict and the fixes stay.
		d.run, d.travel = d.run.Scenario.RunWithTravel(l.Config, l.Travel), travel
	}
	// The fix search re-runs the scenario once per candidate change (the
	// costliest work of a click); compare mode shows no fixes, so it waits.
	if d.run != nil && !d.fixed && l.Mode != "compare" {
		d.fixes, d.fixed = d.run.Scenario.Fixes(l.Config), true
	}
}

// step returns the open scenario's current step, clamped to the run.
func (d *derived) step(l sim.LinkState) (n int, st *sim.Step) {
	if d.run == nil || len(d.run.Steps) == 0 {
		return 0, nil
	}
	n = clamp(l.Step, 1, len(d.run.Steps))
	return n, &d.run.Steps[n-1]
}

// announce is what the aria-live region says after an update: the verdicts
// that flipped, cookies browsers now refuse, the step reached, a scenario
// opened and failures. Screen-reader users hear what sighted users see change.
// In compare mode wasB and nowB are side B's boards before and after.
func announce(before, after Model, was, now *derived, wasB, nowB []sim.Entry) string {
	var parts []string
	if after.Flash != before.Flash && after.Flash.Text != "" {
		parts = append(parts, after.Flash.Text)
	}
	switch after.Link.Mode {
	case presenterMode:
		// The presenter shows no board, and hides the verdict until asked.
	case compareMode:
		for _, said := range []string{flipsSaid("Side A: ", was.board, now.board), flipsSaid("Side B: ", wasB, nowB)} {
			if said != "" {
				parts = append(parts, said)
			}
		}
	default:
		if said := flipsSaid("", was.board, now.board); said != "" {
			parts = append(parts, said)
		}
	}
	for _, w := range now.warnings {
		if !hasWarning(was.warnings, w) {
			parts = append(parts, "Warning: "+warningHeadline(w))
		}
	}
	if now.run != nil {
		n, st := now.step(after.Link)
		switch {
		case after.Link.Scenario != before.Link.Scenario && verdictHidden(after.Link):
			parts = append(parts, "Opened "+now.run.Scenario.Title+". The verdict is hidden.")
		case after.Link.Scenario != before.Link.Scenario:
			v := now.run.Verdict
			parts = append(parts, "Opened "+now.run.Scenario.Title+": "+string(v.Outcome)+". "+v.Reason+".")
		case after.Link.Mode == presenterMode && after.Link.Reveal && !before.Link.Reveal:
			v := now.run.Verdict
			parts = append(parts, "The verdict: "+string(v.Outcome)+". "+v.Reason+".")
		case n != clampStep(before.Link.Step, now.run) && st != nil:
			parts = append(parts, "Step "+strconv.Itoa(n)+" of "+strconv.Itoa(len(now.run.Steps))+": "+st.Action+". "+st.Result)
		}
	}
	return strings.Join(parts, " ")
}

// flipsSaid says which verdicts differ between two boards of the same
// scenarios, the first four by name: "XSS steals the session cookie: now
// blocked." side names the board in compare mode.
func flipsSaid(side string, was, now []sim.Entry) string {
	var flips []string
	if len(was) == len(now) {
		for i, e := range now {
			if was[i].Scenario == e.Scenario && was[i].Verdict.Outcome != e.Verdict.Outcome {
				flips = append(flips, e.Scenario.Title+": now "+string(e.Verdict.Outcome)+".")
			}
		}
	}
	switch {
	case len(flips) > 4:
		return side + strconv.Itoa(len(flips)) + " verdicts changed. " + strings.Join(flips[:4], " ") + " and more."
	case len(flips) > 0:
		return side + strings.Join(flips, " ")
	}
	return ""
}

func clampStep(n int, r *sim.Run) int { return clamp(n, 1, len(r.Steps)) }

func hasWarning(ws []sim.CookieWarning, w sim.CookieWarning) bool {
	for _, v := range ws {
		if v.Cookie == w.Cookie && v.Code == w.Code {
			return true
		}
	}
	return false
}
