package app

import (
	"strconv"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"sessionlab/sim"
)

// boardEntry is one scenario's line on the board.
type boardEntry struct {
	ID, Title string
	Outcome   sim.Outcome
	Reason    string
	Tour      bool // a guided tour, not an attack
	Broken    bool // blocked only because the site itself fails
}

func boardEntries(entries []sim.Entry) []boardEntry {
	out := make([]boardEntry, len(entries))
	for i, e := range entries {
		out[i] = boardEntry{e.Scenario.ID, e.Scenario.Title, e.Verdict.Outcome, e.Verdict.Reason, e.Scenario.Tour, e.Verdict.Broken}
	}
	return out
}

// board shows every scenario's verdict on the current settings. Each entry
// opens its scenario.
type board struct {
	goapp.Compo

	IEntries []boardEntry
	IOpen    string // the open scenario's id
}

func (b *board) Render() goapp.UI {
	attacks, succeeded := 0, 0
	for _, e := range b.IEntries {
		if e.Tour {
			continue
		}
		attacks++
		if e.Outcome == sim.Succeeded {
			succeeded++
		}
	}
	return goapp.Section().ID("board").Class("panel board").Aria("labelledby", "board-h").Body(
		goapp.Div().Class("panel-head").Body(
			goapp.H2().ID("board-h").TabIndex(-1).Text("Scenarios"),
			goapp.P().Class("summary").Text(strconv.Itoa(succeeded)+" of "+strconv.Itoa(attacks)+" attacks succeed with these settings."),
		),
		goapp.Ul().Class("entries").Body(
			goapp.Range(b.IEntries).Slice(func(i int) goapp.UI {
				e := b.IEntries[i]
				open := e.ID == b.IOpen
				class := "entry " + string(e.Outcome)
				if open {
					class += " open"
				}
				if e.Tour {
					class += " tour"
				}
				if e.Broken {
					class += " broken"
				}
				button := goapp.Button().ID("open-"+e.ID).Class("entry-button").
					Aria("expanded", strconv.FormatBool(open))
				if open {
					button = button.Aria("controls", "detail")
				}
				return goapp.Li().Class(class).
					DataSet("scenario", e.ID).
					DataSet("verdict", string(e.Outcome)).
					Body(
						button.OnClick(func(ctx goapp.Context, _ goapp.Event) {
							if open {
								send(ctx, Close{})
							} else {
								send(ctx, Open{e.ID})
							}
						}, goapp.EventScope(e.ID, open)).
							Body(
								goapp.Span().Class("verdict-row").Body(
									goapp.Span().Class("verdict "+string(e.Outcome)).Body(
										verdictIcon(e.Outcome),
										goapp.Span().Class("word").Text(verdictWord(e.Outcome)),
									),
									goapp.If(e.Tour, func() goapp.UI {
										return goapp.Span().Class("tag").Text("guided tour")
									}),
									goapp.If(e.Broken, func() goapp.UI {
										return goapp.Span().Class("tag broken").Text("the site is broken")
									}),
								),
								goapp.Span().Class("title").Text(e.Title),
								goapp.Span().Class("reason").Text(e.Reason),
							),
					)
			}),
		),
	)
}
