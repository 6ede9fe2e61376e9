package app

import (
	"strconv"
	"time"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"sessionlab/sim"
)

// Presenter mode (mode=presenter) is the lab for a projector: large type,
// the open scenario across the whole width, stepping with the keyboard or a
// presentation clicker wherever the focus is, the player at an adjustable
// pace, and predict-then-reveal: until the presenter reveals it, the
// verdict is hidden, and so is everything that would give it away (the
// deciding rule, the fixes, the tracker and timeline, and the rows after
// the current step). LinkState.Reveal says whether it is revealed, so a
// link opens the same view; opening another scenario hides it again.

const presenterMode = "presenter"

// verdictHidden reports whether the open scenario's verdict is hidden.
func verdictHidden(l sim.LinkState) bool {
	return l.Mode == presenterMode && !l.Reveal && l.Scenario != ""
}

// paces are the player's speeds, fastest first, within the link's
// sim.MinPace and sim.MaxPace.
var paces = []time.Duration{sim.MinPace * time.Millisecond, playInterval, 2500 * time.Millisecond, sim.MaxPace * time.Millisecond}

// pace is the player's interval between two steps. It is in the link, so
// that a class gets the presenter's pace with the scenario.
func (m Model) pace() time.Duration {
	if m.Link.Pace > 0 {
		return time.Duration(m.Link.Pace) * time.Millisecond
	}
	return playInterval
}

// SetPace sets the player's interval between steps.
type SetPace struct{ Every time.Duration }

func (msg SetPace) update(m Model) Model {
	if msg.Every < paces[0] || msg.Every > paces[len(paces)-1] {
		m.Flash = Flash{"The player's pace is between " + seconds(paces[0]) + " and " + seconds(paces[len(paces)-1]) + ".", true}
		return m
	}
	m.Link.Pace = int(msg.Every / time.Millisecond)
	if msg.Every == playInterval {
		m.Link.Pace = 0 // the default stays out of the link
	}
	return m
}

// nextPace is the next faster (dir < 0) or slower (dir > 0) pace than d.
func nextPace(d time.Duration, dir int) time.Duration {
	i := 0
	for i < len(paces)-1 && paces[i] < d {
		i++
	}
	return paces[clamp(i+dir, 0, len(paces)-1)]
}

// seconds is a pace as its control labels it: "1.2 s".
func seconds(d time.Duration) string {
	return strconv.FormatFloat(d.Seconds(), 'f', -1, 64) + " s"
}

// ShowVerdict reveals or hides the open scenario's verdict.
type ShowVerdict struct{ On bool }

func (msg ShowVerdict) update(m Model) Model {
	m.Link.Reveal = msg.On
	return m
}

// ShowShortcuts opens or closes the keyboard-shortcuts sheet.
type ShowShortcuts struct{ On bool }

func (msg ShowShortcuts) update(m Model) Model {
	m.Shortcuts = msg.On
	return m
}

// presenterView is the presenter's page body: the controls bar, then the
// open scenario (or the list to open one from), then the settings.
func (c *Lab) presenterView(step int) goapp.UI {
	l := c.m.Link
	last := 0
	if c.d.run != nil {
		last = len(c.d.run.Steps)
	}
	var toggles []string
	title := ""
	if c.d.run != nil {
		toggles, title = c.d.run.Scenario.Toggles, c.d.run.Scenario.Title
	}
	return el("main.layout.presenter-layout",
		&presenterKeys{IStep: step, ILast: last, IReveal: l.Reveal, IPlaying: c.m.Playing, IPace: c.m.pace(), IShortcuts: c.m.Shortcuts},
		c.presenterBar(),
		goapp.If(c.d.run != nil, func() goapp.UI {
			return &detail{IRun: c.d.run, IFixes: c.d.fixes, IStep: step, IPlaying: c.m.Playing, ILocked: l.Locked, ITravel: l.Travel, IHide: verdictHidden(l)}
		}).Else(func() goapp.UI {
			return scenarioMenu(l.Scenario)
		}),
		&controls{IConfig: l.Config, IDrafts: c.m.Drafts, ILocked: l.Locked, IWarnings: c.d.warnings, IToggles: toggles, IScenario: title},
	)
}

// presenterBar holds the reveal, the pace, the shortcuts sheet and the way out.
func (c *Lab) presenterBar() goapp.UI {
	l := c.m.Link
	open := c.d.run != nil
	reveal := "Reveal the verdict"
	if l.Reveal {
		reveal = "Hide the verdict"
	}
	pace := c.m.pace()
	return el("section#presenter-bar.panel.presenter-bar[aria-label=Presenter controls]",
		el("span.mode-badge", "Presenter"),
		goapp.If(open, func() goapp.UI {
			return el("button#reveal.primary[aria-keyshortcuts=R]",
				a("aria-pressed", l.Reveal),
				on("click", func(ctx goapp.Context, _ goapp.Event) { send(ctx, ShowVerdict{!l.Reveal}) }, goapp.EventScope(l.Reveal)),
				reveal)
		}),
		el("label.toolbar-label[for=pace]", "Player pace"),
		el("select#pace[aria-keyshortcuts=+ -]",
			on("change", func(ctx goapp.Context, _ goapp.Event) {
				if ms, err := strconv.Atoi(ctx.JSSrc().Get("value").String()); err == nil {
					send(ctx, SetPace{time.Duration(ms) * time.Millisecond})
				}
			}),
			goapp.Range(paces).Slice(func(i int) goapp.UI {
				p := paces[i]
				return el("option", a("value", strconv.FormatInt(p.Milliseconds(), 10)), isOn("selected", p == pace), seconds(p)+" a step")
			})),
		el("button#shortcuts-open[aria-haspopup=dialog][aria-keyshortcuts=?]",
			on("click", func(ctx goapp.Context, _ goapp.Event) { send(ctx, ShowShortcuts{true}) }),
			"Keyboard shortcuts (?)"),
		el("button#presenter-exit",
			on("click", func(ctx goapp.Context, _ goapp.Event) { send(ctx, SetMode{Mode: ""}) }),
			"Leave presenter mode"),
	)
}

// scenarioMenu lists the scenarios to present, without their verdicts.
func scenarioMenu(open string) goapp.UI {
	return el("section#menu.panel.menu[aria-labelledby=menu-h]",
		el("h2#menu-h[tabindex=-1]", "Choose a scenario to present"),
		el("p.panel-note", "Each opens with its verdict hidden: let the room predict, step through, then reveal."),
		el("ul.menu-list",
			goapp.Range(sim.Scenarios).Slice(func(i int) goapp.UI {
				s := sim.Scenarios[i]
				return el("li", a("data-scenario", s.ID),
					el("button.entry-button", a("id", "open-"+s.ID),
						a("aria-expanded", s.ID == open),
						on("click", func(ctx goapp.Context, _ goapp.Event) { send(ctx, Open{s.ID}) }, goapp.EventScope(s.ID)),
						el("span.title", s.Title),
						el("span.reason", s.Story),
					),
				)
			}),
		),
	)
}

// hiddenVerdict stands for the verdict line until the reveal.
func hiddenVerdict(s *sim.Scenario) goapp.UI {
	ask := "Will the attack succeed?"
	if s.Tour {
		ask = "What will the answer be?"
	}
	return el("p#verdict-hidden.verdict-line.hidden[data-verdict-hidden=1]",
		el("span.word", "Verdict hidden."),
		el("span.reason", " "+ask+" Predict, step through, then reveal (R)."),
	)
}

// upTo is r with its steps after n left out, for the view before the reveal.
func upTo(r *sim.Run, n int) *sim.Run {
	if n >= len(r.Steps) {
		return r
	}
	v := *r
	v.Steps = r.Steps[:max(n, 0)]
	return &v
}

// presenterKey is the command of a key press the presenter's window-wide
// listener takes, or "". It reads only the event and the document, so the
// listener can decide at once whether to prevent the key's default action.
// Keys typed into fields, pressed in a dialog (the sheet handles its own)
// or already handled (the open scenario steps with the arrows, Home and End
// itself) are left alone, and so is Space on a button, which presses it.
func presenterKey(e goapp.Event) string {
	if e.Get("defaultPrevented").Bool() || e.Get("altKey").Bool() || e.Get("ctrlKey").Bool() || e.Get("metaKey").Bool() {
		return ""
	}
	target := e.Get("target")
	tag := target.Get("tagName").String()
	switch tag {
	case "INPUT", "SELECT", "TEXTAREA":
		return ""
	}
	if target.Get("isContentEditable").Bool() || !target.Call("closest", "dialog").IsNull() {
		return ""
	}
	inDetail := !target.Call("closest", "#detail").IsNull()
	open := !goapp.Window().Get("document").Call("getElementById", "detail").IsNull()
	key := e.Get("key").String()
	switch key {
	case "ArrowRight", "ArrowLeft", "Home", "End":
		if inDetail {
			return ""
		}
	case " ":
		if tag == "BUTTON" || tag == "A" || tag == "SUMMARY" {
			return ""
		}
	}
	switch key {
	case "ArrowRight", "PageDown", " ":
		key = "next"
	case "ArrowLeft", "PageUp":
		key = "prev"
	case "Home":
		key = "first"
	case "End":
		key = "last"
	case "r", "R":
		key = "reveal"
	case "k", "K":
		key = "play"
	case "+", "=":
		return "faster"
	case "-", "_":
		return "slower"
	case "?":
		return "help"
	default:
		return ""
	}
	if !open {
		return ""
	}
	return key
}

// presenterKeys listens to the keyboard on the whole window (a clicker's
// keys arrive wherever the focus is) and shows the shortcuts sheet.
type presenterKeys struct {
	goapp.Compo

	IStep, ILast int
	IReveal      bool
	IPlaying     bool
	IPace        time.Duration
	IShortcuts   bool

	listener goapp.Func
}

func (p *presenterKeys) OnMount(ctx goapp.Context) {
	if goapp.IsServer {
		return
	}
	p.listener = goapp.FuncOf(func(_ goapp.Value, args []goapp.Value) any {
		if len(args) == 0 {
			return nil
		}
		e := goapp.Event{Value: args[0]}
		if cmd := presenterKey(e); cmd != "" {
			e.PreventDefault()
			ctx.Dispatch(func(ctx goapp.Context) { p.do(ctx, cmd) })
		}
		return nil
	})
	goapp.Window().Call("addEventListener", "keydown", p.listener)
}

func (p *presenterKeys) OnDismount() {
	if p.listener != nil {
		goapp.Window().Call("removeEventListener", "keydown", p.listener)
		p.listener.Release()
		p.listener = nil
	}
}

// do runs a presenter command on the current state.
func (p *presenterKeys) do(ctx goapp.Context, cmd string) {
	n := p.IStep
	switch cmd {
	case "next":
		n++
	case "prev":
		n--
	case "first":
		n = 1
	case "last":
		n = p.ILast
	case "reveal":
		send(ctx, ShowVerdict{!p.IReveal})
		return
	case "play":
		send(ctx, Play{!p.IPlaying, p.ILast})
		return
	case "faster", "slower":
		dir := -1
		if cmd == "slower" {
			dir = 1
		}
		send(ctx, SetPace{nextPace(p.IPace, dir)})
		return
	case "help":
		send(ctx, ShowShortcuts{true})
		return
	}
	if n >= 1 && n <= p.ILast && n != p.IStep {
		send(ctx, GoTo{n, p.ILast})
	}
}

func (p *presenterKeys) Render() goapp.UI {
	if p.IShortcuts {
		return &shortcutsSheet{}
	}
	return el("span[hidden=true]")
}

// shortcuts are the sheet's lines: the keys, and what they do.
var shortcuts = []struct{ Keys, Does string }{
	{"→  Page Down  Space", "next step"},
	{"←  Page Up", "previous step"},
	{"Home  End", "first, last step"},
	{"R", "reveal or hide the verdict"},
	{"K", "play or pause"},
	{"+  −", "play faster, slower"},
	{"?", "this sheet"},
	{"Escape", "close this sheet; with none open, close the scenario"},
}

// shortcutsSheet is the modal dialog of keyboard shortcuts. The browser's
// modal dialog makes the rest of the page inert and closes on Escape; the
// sheet keeps Tab inside it, and gives the focus back on closing.
type shortcutsSheet struct {
	goapp.Compo

	opener goapp.Value // the element that had the focus
}

func (s *shortcutsSheet) OnMount(ctx goapp.Context) {
	if goapp.IsServer {
		return
	}
	s.opener = goapp.Window().Get("document").Get("activeElement")
	ctx.Defer(func(goapp.Context) {
		jsTry("opening the shortcuts sheet", func() {
			d := goapp.Window().GetElementByID("shortcuts")
			if !d.Get("open").Bool() {
				d.Call("showModal")
			}
			goapp.Window().GetElementByID("shortcuts-close").Call("focus")
		})
	})
}

func (s *shortcutsSheet) OnDismount() {
	if s.opener != nil && s.opener.Truthy() && s.opener.Get("isConnected").Bool() {
		jsTry("giving the focus back", func() { s.opener.Call("focus") })
	}
}

func (s *shortcutsSheet) Render() goapp.UI {
	return el("dialog#shortcuts.sheet[aria-labelledby=shortcuts-h][aria-describedby=shortcuts-note]",
		on("close", func(ctx goapp.Context, _ goapp.Event) { send(ctx, ShowShortcuts{false}) }),
		on("keydown", s.trapTab),
		el("h2#shortcuts-h", "Keyboard shortcuts"),
		el("p#shortcuts-note.panel-note", "They work anywhere on the page except in text fields; a presentation clicker's keys are among them."),
		el("table.keys",
			el("tbody", goapp.Range(shortcuts).Slice(func(i int) goapp.UI {
				k := shortcuts[i]
				return el("tr",
					el("th[scope=row]", el("kbd", k.Keys)),
					el("td", k.Does),
				)
			})),
		),
		el("button#shortcuts-close.primary",
			on("click", func(ctx goapp.Context, _ goapp.Event) {
				jsTry("closing the shortcuts sheet", func() { goapp.Window().GetElementByID("shortcuts").Call("close") })
			}),
			"Close"),
	)
}

// trapTab keeps Tab and Shift+Tab cycling through the sheet's controls.
func (s *shortcutsSheet) trapTab(ctx goapp.Context, e goapp.Event) {
	if e.Get("key").String() != "Tab" {
		return
	}
	d := ctx.JSSrc()
	items := d.Call("querySelectorAll", "button, [href], input, select, textarea, [tabindex]:not([tabindex='-1'])")
	n := items.Length()
	if n == 0 {
		return
	}
	first, last := items.Index(0), items.Index(n-1)
	active := goapp.Window().Get("document").Get("activeElement")
	switch {
	case e.Get("shiftKey").Bool() && (active.Equal(first) || !d.Call("contains", active).Bool()):
		e.PreventDefault()
		last.Call("focus")
	case !e.Get("shiftKey").Bool() && (active.Equal(last) || !d.Call("contains", active).Bool()):
		e.PreventDefault()
		first.Call("focus")
	}
}

// jsTry runs f, which calls into the browser, and logs instead of stopping
// the page when the browser throws.
func jsTry(what string, f func()) {
	defer func() {
		if r := recover(); r != nil {
			goapp.Log(what+":", r)
		}
	}()
	f()
}
