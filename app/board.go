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
	return el("section#board.panel.board[aria-labelledby=board-h]",
		el("div.panel-head",
			el("h2#board-h[tabindex=-1]", "Scenarios"),
			el("p.summary", strconv.Itoa(succeeded)+" of "+strconv.Itoa(attacks)+" attacks succeed with these settings."),
		),
		el("ul.entries",
			goapp.Range(b.IEntries).Slice(func(i int) goapp.UI {
				e := b.IEntries[i]
				open := e.ID == b.IOpen
				class := string(e.Outcome)
				if open {
					class += " open"
				}
				if e.Tour {
					class += " tour"
				}
				if e.Broken {
					class += " broken"
				}
				var controls any
				if open {
					controls = a("aria-controls", "detail")
				}
				return el("li.entry", a("class", class),
					a("data-scenario", e.ID),
					a("data-verdict", string(e.Outcome)),
					el("button.entry-button", a("id", "open-"+e.ID),
						a("aria-expanded", strconv.FormatBool(open)),
						controls,
						on("click", func(ctx goapp.Context, _ goapp.Event) {
							if open {
								send(ctx, Close{})
							} else {
								send(ctx, Open{e.ID})
							}
						}, goapp.EventScope(e.ID, open)),
						el("span.verdict-row",
							el("span.verdict", a("class", string(e.Outcome)),
								verdictIcon(e.Outcome),
								el("span.word", verdictWord(e.Outcome)),
							),
							goapp.If(e.Tour, func() goapp.UI {
								return el("span.tag", "guided tour")
							}),
							goapp.If(e.Broken, func() goapp.UI {
								return el("span.tag.broken", "the site is broken")
							}),
						),
						el("span.title", e.Title),
						el("span.reason", e.Reason),
					),
				)
			}),
		),
	)
}
