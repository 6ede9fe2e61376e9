package app

import (
	"slices"
	"strings"
	"testing"

	"sessionlab/sim"
)

func TestCompareEditsOneSideAtATime(t *testing.T) {
	m := Update(NewModel(), SetMode{Mode: compareMode})
	if m.Link.Compare == nil || *m.Link.Compare != m.Link.Config {
		t.Fatalf("compare mode starts with B = %v", m.Link.Compare)
	}
	b := Update(m, EditSide{B: true})
	b = Update(b, SetField{"SESSION_COOKIE_HTTPONLY", "False"})
	if b.Link.Config != sim.Defaults() || b.Link.Compare.SessionCookieHTTPOnly {
		t.Errorf("editing B changed A or not B: A %v, B HttpOnly %v", b.Link.Config == sim.Defaults(), b.Link.Compare.SessionCookieHTTPOnly)
	}
	if !m.Link.Compare.SessionCookieHTTPOnly {
		t.Error("editing B changed the previous Model's B: Update is not pure")
	}
	b = Update(b, UsePreset{"hardened"})
	if *b.Link.Compare != sim.Hardened() || b.Link.Config != sim.Defaults() {
		t.Error("a preset on side B did not land on B alone")
	}
	if got := sim.Diff(b.Link.Config, *b.Link.Compare); !slices.Equal(got, sim.Diff(sim.Defaults(), sim.Hardened())) {
		t.Errorf("diff %v", got)
	}
	a := Update(b, EditSide{B: false})
	a = Update(a, SetField{"SESSION_COOKIE_SECURE", "True"})
	if !a.Link.Config.SessionCookieSecure || *a.Link.Compare != sim.Hardened() {
		t.Error("editing A changed B or not A")
	}
	copied := Update(a, CopyAcross{Key: "SESSION_COOKIE_NAME", ToB: false})
	if copied.Link.Config.SessionCookieName != sim.Hardened().SessionCookieName || a.Link.Config.SessionCookieName != "sessionid" {
		t.Errorf("copy B→A: %q (before %q)", copied.Link.Config.SessionCookieName, a.Link.Config.SessionCookieName)
	}
	// The pair is one link.
	l, err := sim.DecodeLink(sim.EncodeLink(copied.Link))
	if err != nil || l.Mode != compareMode || l.Compare == nil || *l.Compare != *copied.Link.Compare || l.Config != copied.Link.Config {
		t.Errorf("the link does not keep both sides: %v", err)
	}
	// Outside compare mode the panel edits A, whatever EditB says.
	lab := Update(b, SetMode{Mode: ""})
	lab = Update(lab, SetField{"SESSION_COOKIE_AGE", "600"})
	if lab.Link.Config.SessionCookieAge != 600 || *lab.Link.Compare != sim.Hardened() {
		t.Error("in the lab a change went to B")
	}
}

func TestCompareBoardShowsBothSidesAsTheEngineDoes(t *testing.T) {
	a, b := sim.Defaults(), sim.EverythingOff()
	m := Update(NewModel(), LoadLink{sim.EncodeLink(sim.LinkState{Config: a, Compare: &b, Mode: compareMode, Scenario: "xss-cookie-theft", Step: 1})})
	html := mount(t, labAt(m))
	wa, wb := sim.Board(a), sim.Board(b)
	differ := 0
	for i := range wa {
		id := wa[i].Scenario.ID
		row := html[strings.Index(html, `data-scenario="`+id+`"`):]
		row = row[:strings.Index(row, "</tr>")]
		for side, want := range map[string]sim.Outcome{"a": wa[i].Verdict.Outcome, "b": wb[i].Verdict.Outcome} {
			if cell := tagWith(row, `data-side="`+side+`"`); !strings.Contains(cell, `data-verdict="`+string(want)+`"`) {
				t.Errorf("%s side %s: want %s, got %s", id, side, want, cell)
			}
		}
		if wa[i].Verdict.Outcome != wb[i].Verdict.Outcome {
			differ++
		}
	}
	if got := countTags(html, "<tr", "differs"); got != differ {
		t.Errorf("%d rows marked as differing, the engine says %d", got, differ)
	}
	for _, key := range sim.Diff(a, b) {
		if !strings.Contains(html, `<tr data-key="`+key+`"`) {
			t.Errorf("the differing setting %s is not listed", key)
		}
	}
	if got := countTags(html, "<tr", "data-key="); got != len(sim.Diff(a, b)) {
		t.Errorf("%d settings listed as differing, sim.Diff says %d", got, len(sim.Diff(a, b)))
	}
	// The open scenario is run on both sides.
	sides := tagsWith(html, `class="run-side"`)
	if len(sides) != 2 {
		t.Fatalf("%d sides of the open scenario", len(sides))
	}
	s, _ := sim.ScenarioByID("xss-cookie-theft")
	for i, cfg := range []sim.Config{a, b} {
		v := s.Run(cfg, false).Verdict
		if side := "abc"[i : i+1]; !strings.Contains(sides[i], `data-side="`+side+`"`) || !strings.Contains(sides[i], `data-verdict="`+string(v.Outcome)+`"`) {
			t.Errorf("side %s of the open scenario: %s, want %s", side, sides[i], v.Outcome)
		}
	}
}

// tagsWith returns every opening tag that holds attr, in document order.
func tagsWith(html, attr string) []string {
	var tags []string
	for rest := html; ; {
		tag := tagWith(rest, attr)
		if tag == "" {
			return tags
		}
		tags = append(tags, tag)
		rest = rest[strings.Index(rest, attr)+len(attr):]
	}
}

func TestAnnounceSaysWhichSideFlipped(t *testing.T) {
	m := Update(Update(NewModel(), SetMode{Mode: compareMode}), EditSide{B: true})
	after := Update(m, UsePreset{"everything-off"})
	var was, now derived
	was.refresh(m.Link)
	now.refresh(after.Link)
	var wasB, nowB compareCache
	wasB.refresh(compareLink(m.Link))
	nowB.refresh(compareLink(after.Link))
	msg := announce(m, after, &was, &now, wasB.board, nowB.board)
	if strings.Contains(msg, "Side A: ") {
		t.Errorf("%q: side A did not change", msg)
	}
	flipped := 0
	for i, e := range nowB.board {
		if wasB.board[i].Verdict.Outcome != e.Verdict.Outcome {
			flipped++
		}
	}
	if flipped == 0 {
		t.Fatal("everything-off flips no verdict on side B")
	}
	if !strings.Contains(msg, "Side B: ") || !strings.Contains(msg, " verdicts changed.") && flipped > 4 {
		t.Errorf("%q does not say side B's %d flips", msg, flipped)
	}
	// Back to A: a change there is side A's.
	back := Update(Update(after, EditSide{B: false}), UsePreset{"everything-off"})
	var again derived
	again.refresh(back.Link)
	nowB.refresh(compareLink(back.Link))
	if msg := announce(after, back, &now, &again, nowB.board, nowB.board); !strings.Contains(msg, "Side A: ") || strings.Contains(msg, "Side B: ") {
		t.Errorf("a change on side A is announced as %q", msg)
	}
}
