package app

import (
	"strconv"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"sessionlab/sim"
)

// Time travel: after the scenario's own script, the learner plays what
// happens next (the clock jumps, the browser is closed and reopened, the
// next person sits down, the victim comes back, the attacker tries again)
// and the engine appends the rows (sim.Scenario.RunWithTravel). The moves
// are part of the link; the verdict stays the script's.

// travelButton is one move the panel offers.
type travelButton struct {
	ID, Label, Help string
	Move            sim.Travel
}

var travelButtons = []travelButton{
	{"travel-15m", "+15 minutes", "The virtual clock jumps 15 minutes ahead.", sim.Travel{Kind: sim.TravelWait, Minutes: 15}},
	{"travel-1h", "+1 hour", "The virtual clock jumps an hour ahead.", sim.Travel{Kind: sim.TravelWait, Minutes: 60}},
	{"travel-1d", "+1 day", "The virtual clock jumps a day ahead.", sim.Travel{Kind: sim.TravelWait, Minutes: 24 * 60}},
	{"travel-2w", "+2 weeks", "The virtual clock jumps two weeks ahead, Django's default SESSION_COOKIE_AGE.", sim.Travel{Kind: sim.TravelWait, Minutes: 14 * 24 * 60}},
	{"travel-close", "Close the browser", "The victim's browser is closed and reopened: session cookies go, unless session restore keeps them.", sim.Travel{Kind: sim.TravelClose}},
	{"travel-next", "Next person", "The next person sits down at the victim's computer and opens the site.", sim.Travel{Kind: sim.TravelNext}},
	{"travel-victim", "Victim returns", "The victim opens the site again.", sim.Travel{Kind: sim.TravelVictim}},
	{"travel-replay", "Attacker retries", "The attacker replays the session cookie they hold, if any.", sim.Travel{Kind: sim.TravelReplay}},
}

// moveLabel is a played move as the panel lists it.
func moveLabel(t sim.Travel) string {
	for _, b := range travelButtons {
		if b.Move == t {
			return b.Label
		}
	}
	if t.Kind == sim.TravelWait {
		return "+" + strconv.Itoa(t.Minutes) + " min"
	}
	return string(t.Kind)
}

// AddTravel plays one more move in the open scenario, whose run has From
// rows; the stepper goes to the first row the move adds.
type AddTravel struct {
	Move sim.Travel
	From int
}

func (msg AddTravel) update(m Model) Model {
	if m.Link.Scenario == "" {
		return m
	}
	if len(m.Link.Travel) >= sim.MaxTravel {
		m.Flash = Flash{"At most " + strconv.Itoa(sim.MaxTravel) + " time-travel moves: undo or clear some first.", true}
		return m
	}
	n := len(m.Link.Travel)
	m.Link.Travel = append(m.Link.Travel[:n:n], msg.Move)
	m.Link.Step, m.Playing = msg.From+1, false
	return m
}

// UndoTravel takes the last move back.
type UndoTravel struct{}

func (UndoTravel) update(m Model) Model {
	n := len(m.Link.Travel)
	if n == 0 {
		return m
	}
	m.Link.Travel = m.Link.Travel[: n-1 : n-1]
	if n == 1 {
		m.Link.Travel = nil
	}
	return m.clampStep()
}

// ClearTravel takes every move back.
type ClearTravel struct{}

func (ClearTravel) update(m Model) Model {
	if len(m.Link.Travel) == 0 {
		return m
	}
	m.Link.Travel = nil
	return m.clampStep()
}

// clampStep keeps the step within the open scenario's run after moves were
// taken back, so that the link says what the page shows.
func (m Model) clampStep() Model {
	m.Playing = false
	if s, ok := sim.ScenarioByID(m.Link.Scenario); ok {
		m.Link.Step = clamp(m.Link.Step, 1, len(s.RunWithTravel(m.Link.Config, m.Link.Travel).Steps))
	}
	return m
}

// travelPanel is the time-travel controls of the open scenario.
type travelPanel struct {
	goapp.Compo

	IMoves []sim.Travel
	ISteps int // rows in the run, the moves' included
}

func (p *travelPanel) Render() goapp.UI {
	full := len(p.IMoves) >= sim.MaxTravel
	return el("section#travel.travel[aria-labelledby=travel-h]",
		el("h3#travel-h", "What happens next?"),
		el("p#travel-help.panel-note", "Play on after the story: each move adds rows to the run. The verdict stays the story's."),
		el("div.travel-moves[role=group][aria-labelledby=travel-h][aria-describedby=travel-help]",
			goapp.Range(travelButtons).Slice(func(i int) goapp.UI {
				b := travelButtons[i]
				return el("button.travel-move", a("id", b.ID), a("data-move", sim.FormatTravel([]sim.Travel{b.Move})), isOn("disabled", full),
					a("title", b.Help),
					on("click", func(ctx goapp.Context, _ goapp.Event) {
						send(ctx, AddTravel{b.Move, p.ISteps})
					}, goapp.EventScope(b.ID, p.ISteps)),
					b.Label)
			}),
		),
		goapp.If(len(p.IMoves) > 0, func() goapp.UI {
			return el("div.travel-played",
				el("span.toolbar-label", "Played: "),
				el("ol#travel-list.moves",
					goapp.Range(p.IMoves).Slice(func(i int) goapp.UI {
						return el("li", moveLabel(p.IMoves[i]))
					}),
				),
				el("button#travel-undo",
					on("click", func(ctx goapp.Context, _ goapp.Event) { send(ctx, UndoTravel{}) }),
					"Undo"),
				el("button#travel-clear",
					on("click", func(ctx goapp.Context, _ goapp.Event) { send(ctx, ClearTravel{}) }),
					"Clear"),
			)
		}),
	)
}
