package app

import (
	"strings"
	"testing"
	"time"

	"sessionlab/sim"
)

// presenting is the presenter's page on scenario id at step n.
func presenting(t *testing.T, id string, n int) Model {
	t.Helper()
	m := Update(NewModel(), SetMode{Mode: presenterMode})
	m = Update(m, Open{id})
	var d derived
	d.refresh(m.Link)
	return Update(m, GoTo{n, len(d.run.Steps)})
}

func TestPresenterHidesTheVerdictUntilRevealed(t *testing.T) {
	for _, s := range sim.Scenarios {
		t.Run(s.ID, func(t *testing.T) {
			r := s.Run(sim.Defaults(), true)
			if len(r.Steps) < 3 {
				return // too short to hide anything between step 2 and the end
			}
			m := presenting(t, s.ID, 2)
			if !verdictHidden(m.Link) {
				t.Fatal("the verdict is not hidden after opening")
			}
			html := mount(t, labAt(m))
			hidden := []string{`class="verdict-line ` + string(r.Verdict.Outcome), `id="fixes-h"`, `id="tracker-h"`, `id="board"`}
			// The deciding rule is hidden, unless a step already shown made
			// the same check (login-csrf: the cross-site try fails as the
			// sibling's will).
			if !checkedBy(r.Steps[:2], r.Verdict.Rule) {
				hidden = append(hidden, escape(r.Verdict.Rule))
			}
			for _, gone := range hidden {
				if strings.Contains(html, gone) {
					t.Errorf("before the reveal the page shows %s", gone)
				}
			}
			if !strings.Contains(html, `data-verdict-hidden="1"`) {
				t.Error("no hidden-verdict line")
			}
			// Only the rows up to the current step are drawn.
			if got := countTags(html, "<tr", `data-step="`); got != 2 {
				t.Errorf("%d table rows at step 2 before the reveal", got)
			}
			if got := countTags(html, "<g", `class="msg`); got != 2 {
				t.Errorf("%d diagram rows at step 2 before the reveal", got)
			}
			// Step 2 of the whole run: the position counts every step.
			if !strings.Contains(html, "Step 2 of "+itoa(len(r.Steps))) {
				t.Error("the stepper does not count the whole run")
			}

			shown := Update(m, ShowVerdict{true})
			html = mount(t, labAt(shown))
			for _, want := range []string{`class="verdict-line ` + string(r.Verdict.Outcome), escape(r.Verdict.Rule), `id="fixes-h"`, `id="tracker-h"`} {
				if !strings.Contains(html, want) {
					t.Errorf("after the reveal no %s", want)
				}
			}
			if got := countTags(html, "<tr", `data-step="`); got != len(r.Steps) {
				t.Errorf("%d table rows after the reveal, want %d", got, len(r.Steps))
			}
			// The link holds the reveal; opening another scenario hides again.
			l, err := sim.DecodeLink(sim.EncodeLink(shown.Link))
			if err != nil || !l.Reveal || l.Mode != presenterMode {
				t.Errorf("the link loses the reveal: %+v, %v", l, err)
			}
			if again := Update(shown, Open{"basics"}); !verdictHidden(again.Link) {
				t.Error("opening another scenario keeps the reveal")
			}
		})
	}
}

func TestPresenterMenuShowsNoVerdict(t *testing.T) {
	m := Update(NewModel(), SetMode{Mode: presenterMode})
	html := mount(t, labAt(m))
	for _, s := range sim.Scenarios {
		if !strings.Contains(html, `id="open-`+s.ID+`"`) {
			t.Errorf("no button to open %s", s.ID)
		}
	}
	if strings.Contains(html, "data-verdict=") || strings.Contains(html, `class="verdict `) {
		t.Error("the presenter's menu shows verdicts")
	}
}

func TestAnnounceKeepsTheHiddenVerdict(t *testing.T) {
	s := sim.Scenarios[1]
	before := Update(NewModel(), SetMode{Mode: presenterMode})
	after := Update(before, Open{s.ID})
	var was, now derived
	was.refresh(before.Link)
	now.refresh(after.Link)
	v := now.run.Verdict
	if msg := announce(before, after, &was, &now, nil, nil); strings.Contains(msg, string(v.Outcome)) || strings.Contains(msg, v.Reason) {
		t.Errorf("opening announces the hidden verdict: %q", msg)
	}
	revealed := Update(after, ShowVerdict{true})
	if msg := announce(after, revealed, &now, &now, nil, nil); !strings.Contains(msg, string(v.Outcome)) || !strings.Contains(msg, v.Reason) {
		t.Errorf("the reveal announces %q", msg)
	}
	// Settings changes flip verdicts the presenter has not revealed.
	off := Update(after, UsePreset{"everything-off"})
	var o derived
	o.refresh(off.Link)
	if msg := announce(after, off, &now, &o, nil, nil); strings.Contains(msg, ": now ") {
		t.Errorf("a settings change announces verdicts: %q", msg)
	}
}

func TestPace(t *testing.T) {
	m := NewModel()
	if m.pace() != playInterval {
		t.Errorf("default pace %v", m.pace())
	}
	m = Update(m, SetPace{paces[0]})
	if m.pace() != paces[0] {
		t.Errorf("pace %v after setting %v", m.pace(), paces[0])
	}
	if bad := Update(m, SetPace{time.Millisecond}); bad.pace() != paces[0] || !bad.Flash.Error {
		t.Errorf("a pace of 1 ms was taken: %v", bad.pace())
	}
	// The pace travels in the share link, and the default stays out of it.
	l, err := sim.DecodeLink(sim.EncodeLink(m.Link))
	if err != nil || !strings.Contains(sim.EncodeLink(m.Link), "pace=600") {
		t.Fatalf("the link %q: %v", sim.EncodeLink(m.Link), err)
	}
	if shared := Update(NewModel(), LoadLink{sim.EncodeLink(l)}); shared.pace() != paces[0] {
		t.Errorf("a shared link plays at %v, want %v", shared.pace(), paces[0])
	}
	if back := Update(m, SetPace{playInterval}); strings.Contains(sim.EncodeLink(back.Link), "pace=") {
		t.Errorf("the default pace is in the link: %s", sim.EncodeLink(back.Link))
	}
	tests := []struct {
		from time.Duration
		dir  int
		want time.Duration
	}{
		{playInterval, -1, paces[0]},
		{playInterval, 1, paces[2]},
		{paces[0], -1, paces[0]},
		{paces[len(paces)-1], 1, paces[len(paces)-1]},
		{2 * time.Second, -1, playInterval}, // a pace between two steps moves to a neighbour
	}
	for _, tt := range tests {
		if got := nextPace(tt.from, tt.dir); got != tt.want {
			t.Errorf("nextPace(%v, %d) = %v, want %v", tt.from, tt.dir, got, tt.want)
		}
	}
}

func TestPresenterBarAndShortcuts(t *testing.T) {
	m := presenting(t, "basics", 1)
	html := mount(t, labAt(m))
	for _, want := range []string{`id="presenter-bar"`, `id="reveal"`, `id="pace"`, `id="shortcuts-open"`} {
		if !strings.Contains(html, want) {
			t.Errorf("no %s", want)
		}
	}
	if strings.Contains(html, `id="shortcuts"`) {
		t.Error("the shortcuts sheet is open before it is asked for")
	}
	open := Update(m, ShowShortcuts{true})
	html = mount(t, labAt(open))
	sheet := tagWith(html, `id="shortcuts"`)
	if !strings.HasPrefix(sheet, "<dialog") || !strings.Contains(sheet, `aria-labelledby="shortcuts-h"`) {
		t.Errorf("the sheet is %s", sheet)
	}
	for _, k := range shortcuts {
		if !strings.Contains(html, escape(k.Does)) {
			t.Errorf("the sheet does not say %q", k.Does)
		}
	}
	if Update(open, ShowShortcuts{false}).Shortcuts {
		t.Error("the sheet does not close")
	}
}

// checkedBy reports whether one of the steps made a check with that rule.
func checkedBy(steps []sim.Step, rule string) bool {
	for _, st := range steps {
		if st.Check != nil && st.Check.Rule == rule {
			return true
		}
	}
	return false
}
