package app

import (
	"strings"
	"testing"

	"sessionlab/sim"
)

func TestTravelMovesAppendWithoutSharing(t *testing.T) {
	m := Update(NewModel(), Open{"shared-computer-browser-close"})
	var d derived
	d.refresh(m.Link)
	from := len(d.run.Steps)

	a := Update(m, AddTravel{sim.Travel{Kind: sim.TravelClose}, from})
	if len(a.Link.Travel) != 1 || a.Link.Step != from+1 || len(m.Link.Travel) != 0 {
		t.Fatalf("after one move: %v at step %d (before: %v)", a.Link.Travel, a.Link.Step, m.Link.Travel)
	}
	// Two different moves from the same state must not share an array.
	b := Update(a, AddTravel{sim.Travel{Kind: sim.TravelNext}, from + 1})
	c := Update(a, AddTravel{sim.Travel{Kind: sim.TravelReplay}, from + 1})
	if b.Link.Travel[1].Kind != sim.TravelNext || c.Link.Travel[1].Kind != sim.TravelReplay {
		t.Errorf("moves share their array: %v and %v", b.Link.Travel, c.Link.Travel)
	}

	// The run grows by the rows of the moves, and the step the move went to exists.
	d.refresh(b.Link)
	if len(d.run.Steps) <= from+1 || b.Link.Step > len(d.run.Steps) {
		t.Errorf("run of %d rows after two moves from %d, step %d", len(d.run.Steps), from, b.Link.Step)
	}

	undone := Update(b, UndoTravel{})
	if len(undone.Link.Travel) != 1 || len(b.Link.Travel) != 2 {
		t.Errorf("undo: %v (before: %v)", undone.Link.Travel, b.Link.Travel)
	}
	var du derived
	du.refresh(undone.Link)
	if undone.Link.Step > len(du.run.Steps) {
		t.Errorf("after undo the step %d is past the run's %d rows", undone.Link.Step, len(du.run.Steps))
	}
	cleared := Update(b, ClearTravel{})
	if cleared.Link.Travel != nil || cleared.Link.Step > from {
		t.Errorf("clear: %v at step %d of %d", cleared.Link.Travel, cleared.Link.Step, from)
	}
	if reopened := Update(b, Open{"idle-walkaway"}); reopened.Link.Travel != nil {
		t.Errorf("opening another scenario kept the moves %v", reopened.Link.Travel)
	}
}

func TestTravelIsBounded(t *testing.T) {
	m := Update(NewModel(), Open{"basics"})
	for i := range sim.MaxTravel {
		m = Update(m, AddTravel{sim.Travel{Kind: sim.TravelWait, Minutes: 5}, 10 + i})
	}
	m = Update(m, AddTravel{sim.Travel{Kind: sim.TravelWait, Minutes: 5}, 99})
	if len(m.Link.Travel) != sim.MaxTravel || !m.Flash.Error {
		t.Errorf("%d moves, flash %q", len(m.Link.Travel), m.Flash.Text)
	}
	if _, err := sim.DecodeLink(sim.EncodeLink(m.Link)); err != nil {
		t.Errorf("the longest list of moves does not make a valid link: %v", err)
	}
	if closed := Update(NewModel(), AddTravel{sim.Travel{Kind: sim.TravelClose}, 3}); closed.Link.Travel != nil {
		t.Error("a move without an open scenario was kept")
	}
}

// TestTravelOnTheSharedComputer is the case: after the story, the
// browser is closed again and the next person sits down. With
// SESSION_EXPIRE_AT_BROWSER_CLOSE the next person is not logged in; with
// session restore on as well, they are (the victim is alice).
func TestTravelOnTheSharedComputer(t *testing.T) {
	for _, tt := range []struct {
		restore bool
		served  string
	}{{false, "/login/"}, {true, "as alice"}} {
		cfg := sim.Defaults()
		cfg.SessionExpireAtBrowserClose, cfg.SessionRestore = true, tt.restore
		m := Update(NewModel(), LoadLink{sim.EncodeLink(sim.LinkState{Config: cfg, Scenario: "shared-computer-browser-close", Step: 1})})
		var d derived
		d.refresh(m.Link)
		m = Update(m, AddTravel{sim.Travel{Kind: sim.TravelClose}, len(d.run.Steps)})
		d.refresh(m.Link)
		m = Update(m, AddTravel{sim.Travel{Kind: sim.TravelNext}, len(d.run.Steps)})
		d.refresh(m.Link)
		last := d.run.Steps[len(d.run.Steps)-1]
		if last.Actor != sim.ActorNext || !strings.Contains(last.Result, tt.served) {
			t.Errorf("restore %v: the last row is %s: %q, want the next person served %q", tt.restore, last.Actor, last.Result, tt.served)
		}
		if n, _ := d.step(m.Link); n != len(d.run.Steps) {
			t.Errorf("restore %v: the stepper is at %d of %d, not on the new row", tt.restore, n, len(d.run.Steps))
		}
		// The page draws the new rows and lists the moves.
		html := mount(t, &detail{IRun: d.run, IStep: m.Link.Step, ITravel: m.Link.Travel})
		if got := countTags(html, "<tr", `data-step="`); got != len(d.run.Steps) {
			t.Errorf("restore %v: %d table rows for %d steps", tt.restore, got, len(d.run.Steps))
		}
		list := html[strings.Index(html, `id="travel-list"`)+1:]
		list = list[:strings.Index(list, "</ol>")]
		if strings.Count(list, "<li>") != 2 || !strings.Contains(list, "Close the browser") || !strings.Contains(list, "Next person") {
			t.Errorf("restore %v: the played moves are not listed: %s", tt.restore, list)
		}
	}
}
