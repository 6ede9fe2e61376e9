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
	return goapp.Section().ID("detail").Class("panel detail").
		DataSet("open-scenario", s.ID).
		DataSet("step", strconv.Itoa(d.IStep)).
		Aria("labelledby", "detail-h").
		OnKeyDown(d.onKey, goapp.EventScope(d.IStep, last)).
		Body(
			goapp.Div().Class("detail-head").Body(
				goapp.H2().ID("detail-h").TabIndex(-1).Text(s.Title),
				goapp.Button().Class("close").Aria("label", "Close this scenario").Aria("keyshortcuts", "Escape").
					OnClick(func(ctx goapp.Context, _ goapp.Event) { send(ctx, Close{}) }).
					Text("Close"),
			),
			goapp.P().Class("story").Text(s.Story),
			goapp.If(d.IHide, func() goapp.UI { return hiddenVerdict(s) }).Else(d.verdictLine),
			d.stepper(st, last),
			goapp.Figure().Class("diagram").Body(
				goapp.FigCaption().ID("diagram-cap").Text("Sequence diagram: who sends what to whom. Click a message to go to its step."),
				goapp.Div().Class("scroll-x").Body(sequenceDiagram(shown, d.IStep)),
			),
			goapp.If(s.Timed && !d.IHide, func() goapp.UI {
				rows := lifetimes(r)
				return goapp.Figure().Class("timeline").Body(
					goapp.FigCaption().ID("timeline-cap").Text("Lifetimes on the virtual clock: the cookies in the browsers and the sessions on the server, step by step."),
					// Focusable, so that the keyboard can scroll it on a narrow screen.
					goapp.Div().Class("scroll-x").TabIndex(0).Role("group").Aria("labelledby", "timeline-cap").Body(timeline(r, rows, d.IStep)),
					lifetimesAt(rows, d.IStep),
				)
			}),
			traceTable(shown, d.IStep),
			&travelPanel{IMoves: d.ITravel, ISteps: last},
			goapp.If(!d.IHide, func() goapp.UI { return trackerTable(r, d.IStep) }),
			goapp.If(st != nil, func() goapp.UI {
				return goapp.Div().Class("state").Body(
					exchange(st),
					jarTable(st, r.Scenario.Lanes),
					storeTable(st),
				)
			}),
			goapp.If(!d.IHide, d.why),
			goapp.If(!d.IHide, d.fixes),
			goapp.If(d.IHide, func() goapp.UI {
				return goapp.P().Class("panel-note hidden-note").Text("The variable tracker, the timeline, the deciding rule and the fixes appear with the verdict.")
			}),
		)
}

// verdictLine is the verdict with its reason.
func (d *detail) verdictLine() goapp.UI {
	v := d.IRun.Verdict
	return goapp.P().Class("verdict-line "+string(v.Outcome)).Body(
		goapp.Span().Class("verdict "+string(v.Outcome)).Body(
			verdictIcon(v.Outcome),
			goapp.Span().Class("word").Text(verdictWord(v.Outcome)),
		),
		goapp.Span().Class("reason").Text(v.Reason),
		goapp.If(v.Broken, func() goapp.UI {
			return goapp.Span().Class("broken-note").Text("The site itself fails with these settings: nobody can log in, so nothing is left to attack. That is a breakage, not a defence.")
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
	return goapp.Div().Class("stepper").Role("group").Aria("label", "Step through the run").Body(
		disabled(goapp.Button().ID("step-prev").Class("step-button"), d.IStep <= 1).
			Aria("keyshortcuts", "ArrowLeft").
			OnClick(func(ctx goapp.Context, _ goapp.Event) { send(ctx, GoTo{d.IStep - 1, last}) }, goapp.EventScope(d.IStep, last)).
			Text("◀ Previous"),
		disabled(goapp.Button().ID("step-play").Class("step-button"), last < 2).
			Aria("pressed", strconv.FormatBool(d.IPlaying)).
			OnClick(func(ctx goapp.Context, _ goapp.Event) { send(ctx, Play{!d.IPlaying, last}) }, goapp.EventScope(d.IPlaying, last)).
			Text(playLabel),
		disabled(goapp.Button().ID("step-next").Class("step-button"), d.IStep >= last).
			Aria("keyshortcuts", "ArrowRight").
			OnClick(func(ctx goapp.Context, _ goapp.Event) { send(ctx, GoTo{d.IStep + 1, last}) }, goapp.EventScope(d.IStep, last)).
			Text("Next ▶"),
		goapp.Span().Class("position").Text(pos),
		goapp.Span().Class("hint").Text("Arrow keys step, Home and End jump, Escape closes."),
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
	return goapp.Section().Class("why").Aria("labelledby", "why-h").Body(
		goapp.H3().ID("why-h").Text("Why: the deciding rule"),
		goapp.P().Class("rule").Text(v.Rule),
		goapp.P().Class("source").Body(
			goapp.Span().Class("source-label").Text("Source: "),
			goapp.Cite().Text(string(v.Source)),
		),
		goapp.If(v.Step >= 1 && v.Step <= last, func() goapp.UI {
			return goapp.P().Body(
				goapp.Button().Class("link-button").
					OnClick(func(ctx goapp.Context, _ goapp.Event) { send(ctx, GoTo{v.Step, last}) }, goapp.EventScope(v.Step, last)).
					Text("Decided at step " + strconv.Itoa(v.Step) + ": go there"),
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
	return goapp.Section().Class("fixes").Aria("labelledby", "fixes-h").Body(
		goapp.H3().ID("fixes-h").Text(title),
		goapp.If(len(real) == 0, func() goapp.UI {
			return goapp.P().Class("empty").Text(empty)
		}).Else(func() goapp.UI {
			return d.fixList(real)
		}),
		goapp.If(len(breaking) > 0, func() goapp.UI {
			return goapp.Div().Class("breakages").Body(
				goapp.H4().ID("breaks-h").Text("Changes that only “work” by breaking the site"),
				goapp.P().Class("empty").Text("With one of these, nobody can log in at all: the attack fails because the site does."),
				d.fixList(breaking),
			)
		}),
	)
}

func (d *detail) fixList(fixes []sim.Fix) goapp.UI {
	return goapp.Ul().Class("fix-list").Body(
		goapp.Range(fixes).Slice(func(i int) goapp.UI {
			f := fixes[i]
			label := fieldLabel(f.Key)
			locked := contains(d.ILocked, f.Key)
			apply := disabled(goapp.Button().Class("apply"), locked).
				Aria("label", "Apply: set "+label+" to "+displayValue(f.Key, f.To)).
				OnClick(func(ctx goapp.Context, _ goapp.Event) { send(ctx, ApplyFix{f.Key, f.To}) }, goapp.EventScope(f.Key, f.To)).
				Text("Apply")
			if locked {
				apply = apply.Title("Locked by this link")
			}
			class := "fix " + string(f.Outcome)
			if f.Breaks {
				class += " breaks"
			}
			return goapp.Li().Class(class).DataSet("key", f.Key).DataSet("to", f.To).Body(
				apply,
				goapp.Div().Class("fix-text").Body(
					goapp.Span().Class("fix-change").Body(
						goapp.Strong().Text(label),
						goapp.Text(": "),
						goapp.Code().Text(displayValue(f.Key, f.From)),
						goapp.Text(" → "),
						goapp.Code().Text(displayValue(f.Key, f.To)),
					),
					goapp.Span().Class("fix-result").Body(
						goapp.If(f.Breaks, func() goapp.UI {
							return goapp.Span().Class("tag broken").Text("breaks the site")
						}).Else(func() goapp.UI {
							return goapp.Span().Class("verdict "+string(f.Outcome)).Body(
								verdictIcon(f.Outcome),
								goapp.Span().Class("word").Text(verdictWord(f.Outcome)),
							)
						}),
						goapp.Text(" "+f.Reason),
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
