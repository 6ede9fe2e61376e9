package app

import (
	"strings"
	"testing"

	"sessionlab/sim"
)

func TestUpdate(t *testing.T) {
	firstScenario := sim.Scenarios[0].ID
	tests := []struct {
		name string
		from Model
		msgs []Msg
		// check reports what is wrong with the result, or "".
		check func(Model) string
	}{
		{
			name: "a bool field",
			msgs: []Msg{SetField{"SESSION_COOKIE_HTTPONLY", "False"}},
			check: func(m Model) string {
				if m.Link.Config.SessionCookieHTTPOnly {
					return "HttpOnly still on"
				}
				return ""
			},
		},
		{
			name: "a value that does not parse stays as a draft with its error",
			msgs: []Msg{SetField{"SESSION_COOKIE_AGE", "two weeks"}},
			check: func(m Model) string {
				d, ok := m.Drafts["SESSION_COOKIE_AGE"]
				switch {
				case !ok || d.Text != "two weeks" || d.Err == "":
					return "draft " + d.Text + " / " + d.Err
				case m.Link.Config.SessionCookieAge != sim.Defaults().SessionCookieAge:
					return "the Config changed"
				}
				return ""
			},
		},
		{
			name: "a good value clears the draft",
			msgs: []Msg{SetField{"SESSION_COOKIE_AGE", "-5"}, SetField{"SESSION_COOKIE_AGE", "900"}},
			check: func(m Model) string {
				if _, ok := m.Drafts["SESSION_COOKIE_AGE"]; ok || m.Link.Config.SessionCookieAge != 900 {
					return "draft kept or age not set"
				}
				return ""
			},
		},
		{
			name: "an unknown key is an error message, not a panic",
			msgs: []Msg{SetField{"NO_SUCH_SETTING", "1"}},
			check: func(m Model) string {
				if !m.Flash.Error {
					return "no error"
				}
				return ""
			},
		},
		{
			name: "a preset replaces the Config and drops drafts",
			msgs: []Msg{SetField{"SESSION_COOKIE_AGE", "x"}, UsePreset{"hardened"}},
			check: func(m Model) string {
				if m.Link.Config != sim.Hardened() || len(m.Drafts) != 0 {
					return "not the hardened preset"
				}
				return ""
			},
		},
		{
			name: "reset keeps the open scenario",
			msgs: []Msg{UsePreset{"everything-off"}, Open{firstScenario}, Reset{}},
			check: func(m Model) string {
				if m.Link.Config != sim.Defaults() || m.Link.Scenario != firstScenario {
					return "not defaults with the scenario open"
				}
				return ""
			},
		},
		{
			name: "open starts at step 1, stepping clamps to the run",
			msgs: []Msg{Open{firstScenario}, GoTo{7, 5}, GoTo{0, 5}},
			check: func(m Model) string {
				if m.Link.Scenario != firstScenario || m.Link.Step != 1 {
					return "wrong scenario or step"
				}
				return ""
			},
		},
		{
			name: "opening an unknown scenario says so",
			msgs: []Msg{Open{"no-such-scenario"}},
			check: func(m Model) string {
				if m.Link.Scenario != "" || !m.Flash.Error {
					return "opened or silent"
				}
				return ""
			},
		},
		{
			name: "play from the last step starts over; ticks stop at the end",
			msgs: []Msg{Open{firstScenario}, GoTo{3, 3}, Play{true, 3}, Tick{3}, Tick{3}, Tick{3}},
			check: func(m Model) string {
				if m.Link.Step != 3 || m.Playing {
					return "did not stop on the last step"
				}
				return ""
			},
		},
		{
			name: "stepping by hand stops the player",
			msgs: []Msg{Open{firstScenario}, Play{true, 4}, GoTo{2, 4}},
			check: func(m Model) string {
				if m.Playing {
					return "still playing"
				}
				return ""
			},
		},
		{
			name: "close",
			msgs: []Msg{Open{firstScenario}, Close{}},
			check: func(m Model) string {
				if m.Link.Scenario != "" || m.Link.Step != 0 {
					return "still open"
				}
				return ""
			},
		},
		{
			name: "a pasted settings.py is applied over the Config",
			msgs: []Msg{EditPaste{"SESSION_COOKIE_SECURE = True\n"}, Import{}},
			check: func(m Model) string {
				if !m.Link.Config.SessionCookieSecure || m.Paste == "" {
					return "not applied or text lost"
				}
				return ""
			},
		},
		{
			name: "a broken settings.py keeps its text and gets notes",
			msgs: []Msg{EditPaste{"SESSION_COOKIE_SECURE = (\n"}, Import{}},
			check: func(m Model) string {
				if m.Paste != "SESSION_COOKIE_SECURE = (\n" || len(m.Notes) == 0 {
					return "text lost or no notes"
				}
				if !m.Flash.Error || !strings.Contains(m.Flash.Text, "1 error") {
					return "no error message: " + m.Flash.Text
				}
				return ""
			},
		},
		{
			name: "a share link restores everything it holds",
			msgs: []Msg{LoadLink{sim.EncodeLink(sim.LinkState{Config: sim.Hardened(), Scenario: firstScenario, Step: 2})}},
			check: func(m Model) string {
				if m.Link.Config != sim.Hardened() || m.Link.Scenario != firstScenario || m.Link.Step != 2 || m.Flash.Text != "" {
					return "not restored"
				}
				return ""
			},
		},
		{
			name: "a bad link loads the defaults and says why",
			from: Model{Link: sim.LinkState{Config: sim.Hardened(), Scenario: firstScenario, Step: 2}},
			msgs: []Msg{LoadLink{"v1&SESSION_COOKIE_SECURE=Maybe"}},
			check: func(m Model) string {
				if m.Link.Config != sim.Defaults() || m.Link.Scenario != "" || !m.Flash.Error ||
					!strings.Contains(m.Flash.Text, "could not be read") {
					return "not defaults with a message: " + m.Flash.Text
				}
				return ""
			},
		},
		{
			name: "a link to a scenario this page lacks keeps its settings",
			msgs: []Msg{LoadLink{sim.EncodeLink(sim.LinkState{Config: sim.Hardened(), Scenario: "from-the-future", Step: 2})}},
			check: func(m Model) string {
				if m.Link.Config != sim.Hardened() || m.Link.Scenario != "" || !m.Flash.Error {
					return "wrong"
				}
				return ""
			},
		},
		{
			name: "a locked setting cannot change, by hand, preset, reset or import",
			from: Model{Link: sim.LinkState{Config: sim.Defaults(), Locked: []string{"SESSION_COOKIE_HTTPONLY"}}},
			msgs: []Msg{
				SetField{"SESSION_COOKIE_HTTPONLY", "False"},
				UsePreset{"everything-off"},
				Reset{},
				EditPaste{"SESSION_COOKIE_HTTPONLY = False\nSESSION_COOKIE_SECURE = True\n"}, Import{},
			},
			check: func(m Model) string {
				if !m.Link.Config.SessionCookieHTTPOnly {
					return "the locked HttpOnly changed"
				}
				if !m.Link.Config.SessionCookieSecure {
					return "the import of an unlocked setting was lost"
				}
				return ""
			},
		},
		{
			name: "an empty fragment is a fresh page",
			from: Model{Link: sim.LinkState{Config: sim.Hardened()}},
			msgs: []Msg{LoadLink{""}},
			check: func(m Model) string {
				if m.Link.Config != sim.Defaults() || m.Flash.Text != "" {
					return "not a fresh page"
				}
				return ""
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := tt.from
			if m.Link.Config == (sim.Config{}) {
				m = NewModel()
			}
			for _, msg := range tt.msgs {
				m = Update(m, msg)
			}
			if problem := tt.check(m); problem != "" {
				t.Errorf("%s; model %+v", problem, m)
			}
		})
	}
}

// Update is pure: the Model it is given does not change, drafts included.
func TestUpdateDoesNotChangeItsInput(t *testing.T) {
	m := Update(NewModel(), SetField{"SESSION_COOKIE_AGE", "x"})
	before := m.Drafts["SESSION_COOKIE_AGE"]
	_ = Update(m, SetField{"SESSION_COOKIE_AGE", "900"})
	_ = Update(m, SetField{"SESSION_COOKIE_PATH", "/a;b"})
	if m.Drafts["SESSION_COOKIE_AGE"] != before || len(m.Drafts) != 1 || m.Link.Config.SessionCookieAge != sim.Defaults().SessionCookieAge {
		t.Errorf("Update changed its input: %+v", m)
	}
}

// TestFixesWaitOutsideCompare: compare mode shows no fixes, so the fix
// search does not run there; leaving compare computes them.
func TestFixesWaitOutsideCompare(t *testing.T) {
	var d derived
	l := sim.LinkState{Config: sim.Defaults(), Scenario: "xss-session-riding", Mode: "compare"}
	d.refresh(l)
	if d.run == nil || d.fixes != nil {
		t.Fatalf("compare: run %v, fixes %v", d.run != nil, d.fixes)
	}
	l.Mode = ""
	d.refresh(l)
	s, _ := sim.ScenarioByID(l.Scenario)
	if want := s.Fixes(l.Config); len(d.fixes) == 0 || len(d.fixes) != len(want) {
		t.Fatalf("lab: %d fixes, want %d", len(d.fixes), len(want))
	}
}
