package app

import (
	"strconv"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"sessionlab/sim"
)

// detail is the open scenario: its verdict, the sequence diagram and
// timeline, the stepper, the execution table, the variable tracker, the
// current step's HTTP exchange, cookie jar and session store, the deciding
// rule and the fixes.
type detail struct {
	goapp.Compo

	IRun     *sim.Run
	IFixes   []sim.Fix
	IStep    int // 1-based, within the run
	IPlaying bool
	ILocked  []string     // the keys the link locks: their fixes cannot be applied
	ITravel  []sim.Travel // the time-travel moves played (travel.go)
	IHide    bool         // presenter mode before the reveal (presenter.go)
}

func (d *detail) Render() goapp.UI {
	r := d.IRun
	s := r.Scenario
	last := len(r.Steps)
	var st *sim.Step
	if d.IStep >= 1 && d.IStep <= last {
		st = &r.Steps[d.IStep-1]
	}
	// Before the reveal, the run is drawn up to the current step only.
	shown := r
	if d.IHide {
		shown = upTo(r, d.IStep)
	}
	return el("section#detail.panel.detail[aria-labelledby=detail-h]",
		a("data-open-scenario", s.ID),
		a("data-step", strconv.Itoa(d.IStep)),
		on("keydown", d.onKey, goapp.EventScope(d.IStep, last)),
		el("div.detail-head",
			el("h2#detail-h[tabindex=-1]", s.Title),
			el("button.close[aria-label=Close this scenario][aria-keyshortcuts=Escape]",
				on("click", func(ctx goapp.Context, _ goapp.Event) { send(ctx, Close{}) }),
				"Close"),
		),
		el("p.story", s.Story),
		goapp.If(d.IHide, func() goapp.UI { return hiddenVerdict(s) }).Else(d.verdictLine),
		d.stepper(st, last),
		el("figure.diagram",
			el("figcaption#diagram-cap", "Sequence diagram: who sends what to whom. Click a message to go to its step."),
			el("div.scroll-x", sequenceDiagram(shown, d.IStep)),
		),
		goapp.If(s.Timed && !d.IHide, func() goapp.UI {
			rows := lifetimes(r)
			return el("figure.timeline",
				el("figcaption#timeline-cap", "Lifetimes on the virtual clock: the cookies in the browsers and the sessions on the server, step by step."),
				// Focusable, so that the keyboard can scroll it on a narrow screen.
				el("div.scroll-x[tabindex=0][role=group][aria-labelledby=timeline-cap]", timeline(r, rows, d.IStep)),
				lifetimesAt(rows, d.IStep),
			)
		}),
		traceTable(shown, d.IStep),
		&travelPanel{IMoves: d.ITravel, ISteps: last},
		goapp.If(!d.IHide, func() goapp.UI { return trackerTable(r, d.IStep) }),
		goapp.If(st != nil, func() goapp.UI {
			return el("div.state",
				exchange(st),
				jarTable(st, r.Scenario.Lanes),
				storeTable(st),
			)
		}),
		goapp.If(!d.IHide, d.why),
		goapp.If(!d.IHide, d.fixes),
		goapp.If(d.IHide, func() goapp.UI {
			return el("p.panel-note.hidden-note", "The variable tracker, the timeline, the deciding rule and the fixes appear with the verdict.")
		}),
	)
}

// verdictLine is the verdict with its reason.
func (d *detail) verdictLine() goapp.UI {
	v := d.IRun.Verdict
	return el("p.verdict-line", a("class", string(v.Outcome)),
		el("span.verdict", a("class", string(v.Outcome)),
			verdictIcon(v.Outcome),
			el("span.word", verdictWord(v.Outcome)),
		),
		el("span.reason", v.Reason),
		goapp.If(v.Broken, func() goapp.UI {
			return el("span.broken-note", "The site itself fails with these settings: nobody can log in, so nothing is left to attack. That is a breakage, not a defence.")
		}),
	)
}

// stepper is the previous / play / next bar with the position in the run.
func (d *detail) stepper(st *sim.Step, last int) goapp.UI {
	pos := "No steps"
	if st != nil {
		pos = "Step " + strconv.Itoa(d.IStep) + " of " + strconv.Itoa(last) + " · " + clock(st.At)
	}
	playLabel := "Play"
	if d.IPlaying {
		playLabel = "Pause"
	}
	return el("div.stepper[role=group][aria-label=Step through the run]",
		el("button#step-prev.step-button[aria-keyshortcuts=ArrowLeft]", isOn("disabled", d.IStep <= 1),
			on("click", func(ctx goapp.Context, _ goapp.Event) { send(ctx, GoTo{d.IStep - 1, last}) }, goapp.EventScope(d.IStep, last)),
			"◀ Previous"),
		el("button#step-play.step-button", isOn("disabled", last < 2),
			a("aria-pressed", strconv.FormatBool(d.IPlaying)),
			on("click", func(ctx goapp.Context, _ goapp.Event) { send(ctx, Play{!d.IPlaying, last}) }, goapp.EventScope(d.IPlaying, last)),
			playLabel),
		el("button#step-next.step-button[aria-keyshortcuts=ArrowRight]", isOn("disabled", d.IStep >= last),
			on("click", func(ctx goapp.Context, _ goapp.Event) { send(ctx, GoTo{d.IStep + 1, last}) }, goapp.EventScope(d.IStep, last)),
			"Next ▶"),
		el("span.position", pos),
		el("span.hint", "Arrow keys step, Home and End jump, Escape closes."),
	)
}

// onKey steps with the arrow keys, Home and End anywhere in the scenario
// except inside form fields, where the keys keep their usual meaning;
// Escape closes the scenario.
func (d *detail) onKey(ctx goapp.Context, e goapp.Event) {
	if e.Get("altKey").Bool() || e.Get("ctrlKey").Bool() || e.Get("metaKey").Bool() {
		return
	}
	switch e.Get("target").Get("tagName").String() {
	case "INPUT", "SELECT", "TEXTAREA":
		return
	}
	last := len(d.IRun.Steps)
	n := d.IStep
	switch e.Get("key").String() {
	case "ArrowLeft", "ArrowUp":
		n--
	case "ArrowRight", "ArrowDown":
		n++
	case "Home":
		n = 1
	case "End":
		n = last
	case "Escape":
		e.PreventDefault()
		send(ctx, Close{})
		return
	default:
		return
	}
	e.PreventDefault()
	if n >= 1 && n <= last && n != d.IStep {
		send(ctx, GoTo{n, last})
	}
}

// why is the verdict's deciding rule with its source and step.
func (d *detail) why() goapp.UI {
	v := d.IRun.Verdict
	last := len(d.IRun.Steps)
	return el("section.why[aria-labelledby=why-h]",
		el("h3#why-h", "Why: the deciding rule"),
		el("p.rule", v.Rule),
		el("p.source",
			el("span.source-label", "Source: "),
			el("cite", string(v.Source)),
		),
		goapp.If(v.Step >= 1 && v.Step <= last, func() goapp.UI {
			return el("p",
				el("button.link-button",
					on("click", func(ctx goapp.Context, _ goapp.Event) { send(ctx, GoTo{v.Step, last}) }, goapp.EventScope(v.Step, last)),
					"Decided at step "+strconv.Itoa(v.Step)+": go there"),
			)
		}),
	)
}

// fixes lists the single changes that flip the verdict, each a button that
// applies it; the changes that flip it only by breaking the site come last,
// apart, since they are not fixes.
func (d *detail) fixes() goapp.UI {
	title := "Fixes: one change that blocks it"
	empty := "No single change of the settings blocks this attack."
	if d.IRun.Verdict.Outcome == sim.Blocked {
		title = "What one change would let it through"
		empty = "No single change of the settings lets this attack through."
	}
	if d.IRun.Scenario.Tour {
		title = "What one change would change the answer"
		empty = "No single change of the settings changes the answer."
	}
	var real, breaking []sim.Fix
	for _, f := range d.IFixes {
		if f.Breaks {
			breaking = append(breaking, f)
		} else {
			real = append(real, f)
		}
	}
	return el("section.fixes[aria-labelledby=fixes-h]",
		el("h3#fixes-h", title),
		goapp.If(len(real) == 0, func() goapp.UI {
			return el("p.empty", empty)
		}).Else(func() goapp.UI {
			return d.fixList(real)
		}),
		goapp.If(len(breaking) > 0, func() goapp.UI {
			return el("div.breakages",
				el("h4#breaks-h", "Changes that break the site"),
				el("p.empty", "With one of these, nobody can log in, or nobody stays logged in: whatever else it does, the site fails its own users."),
				d.fixList(breaking),
			)
		}),
	)
}

func (d *detail) fixList(fixes []sim.Fix) goapp.UI {
	return el("ul.fix-list",
		goapp.Range(fixes).Slice(func(i int) goapp.UI {
			f := fixes[i]
			label := fieldLabel(f.Key)
			locked := contains(d.ILocked, f.Key)
			var title any
			if locked {
				title = a("title", "Locked by this link")
			}
			class := string(f.Outcome)
			if f.Breaks {
				class += " breaks"
			}
			return el("li.fix", a("class", class), a("data-key", f.Key), a("data-to", f.To),
				el("button.apply", isOn("disabled", locked),
					a("aria-label", "Apply: set "+label+" to "+displayValue(f.Key, f.To)),
					title,
					on("click", func(ctx goapp.Context, _ goapp.Event) { send(ctx, ApplyFix{f.Key, f.To}) }, goapp.EventScope(f.Key, f.To)),
					"Apply"),
				el("div.fix-text",
					el("span.fix-change",
						el("strong", label),
						": ",
						el("code", displayValue(f.Key, f.From)),
						" → ",
						el("code", displayValue(f.Key, f.To)),
					),
					el("span.fix-result",
						goapp.If(f.Breaks, func() goapp.UI {
							return el("span.tag.broken", "breaks the site")
						}).Else(func() goapp.UI {
							return el("span.verdict", a("class", string(f.Outcome)),
								verdictIcon(f.Outcome),
								el("span.word", verdictWord(f.Outcome)),
							)
						}),
						" "+f.Reason,
					),
				),
			)
		}),
	)
}

func fieldLabel(key string) string {
	if f, ok := sim.FieldByKey(key); ok {
		return f.Label
	}
	return key
}
