package app

import (
	"strconv"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"sessionlab/sim"
)

// Compare mode (mode=compare) sets two configurations side by side: A is
// LinkState.Config, B is LinkState.Compare, both in one link. The settings
// that differ are listed (sim.Diff), the board shows each scenario's verdict
// on both sides, and an open scenario shows both runs step by step. The
// settings panel edits one side at a time (Model.EditB); the header's
// presets, Reset and the settings.py import act on that side too.

const compareMode = "compare"

// sideConfig is the Config the settings panel edits.
func (m Model) sideConfig() sim.Config {
	if m.editingB() {
		return *m.Link.Compare
	}
	return m.Link.Config
}

// setSide stores cfg as the edited side. B is replaced, never changed in
// place: the previous Model shares it.
func (m *Model) setSide(cfg sim.Config) {
	if m.editingB() {
		m.Link.Compare = &cfg
		return
	}
	m.Link.Config = cfg
}

func (m Model) editingB() bool {
	return m.EditB && m.Link.Mode == compareMode && m.Link.Compare != nil
}

// EditSide chooses the side the settings panel edits.
type EditSide struct{ B bool }

func (msg EditSide) update(m Model) Model {
	if m.EditB != msg.B {
		m.EditB, m.Drafts = msg.B, nil
	}
	return m
}

// CopyAcross sets Key on one side to the other side's value.
type CopyAcross struct {
	Key string
	ToB bool // A's value onto B; otherwise B's onto A
}

func (msg CopyAcross) update(m Model) Model {
	f, ok := sim.FieldByKey(msg.Key)
	if !ok || m.Link.Compare == nil {
		return m
	}
	if contains(m.Link.Locked, msg.Key) {
		m.Flash = Flash{f.Label + " is locked by this link.", true}
		return m
	}
	a, b := m.Link.Config, *m.Link.Compare
	var err error
	if msg.ToB {
		err = f.Set(&b, f.Get(&a))
	} else {
		err = f.Set(&a, f.Get(&b))
	}
	if err != nil {
		panic("app: a field's value does not round-trip: " + err.Error())
	}
	m.Link.Config, m.Link.Compare = a, &b
	delete(m.Drafts, msg.Key)
	return m
}

// compareCache is the engine's results for side B, recomputed only when B
// or the open scenario changes (side A's are the page's derived).
type compareCache struct {
	ok       bool
	cfg      sim.Config
	board    []sim.Entry
	warnings []sim.CookieWarning
	settings string
	scenario string
	run      *sim.Run
}

func (cc *compareCache) refresh(l sim.LinkState) {
	if l.Compare == nil {
		*cc = compareCache{}
		return
	}
	if !cc.ok || cc.cfg != *l.Compare {
		*cc = compareCache{ok: true, cfg: *l.Compare}
		cc.board = sim.Board(cc.cfg)
		cc.warnings = sim.CookieWarnings(cc.cfg)
		cc.settings = sim.ExportSettings(cc.cfg)
	}
	if l.Scenario != cc.scenario {
		cc.scenario, cc.run = l.Scenario, nil
		if s, ok := sim.ScenarioByID(l.Scenario); ok {
			cc.run = s.Run(cc.cfg, true)
		}
	}
}

// configName is a preset's title when cfg is one, else "custom settings".
func configName(cfg sim.Config) string {
	for _, p := range sim.Presets {
		if p.Config == cfg {
			return p.Title
		}
	}
	return "custom settings"
}

// compareView is the compare page's body.
func (c *Lab) compareView() goapp.UI {
	l := c.m.Link
	if l.Compare == nil {
		// A link with mode=compare but no B side compares A with itself.
		b := l.Config
		l.Compare = &b
	}
	c.cmp.refresh(l)
	a, b := l.Config, *l.Compare
	diff := sim.Diff(a, b)
	editB := c.m.EditB
	warnings, settings := c.d.warnings, c.d.settings
	if editB {
		warnings, settings = c.cmp.warnings, c.cmp.settings
	}
	var toggles []string
	title := ""
	if c.d.run != nil {
		toggles, title = c.d.run.Scenario.Toggles, c.d.run.Scenario.Title
	}
	return goapp.Main().Class("layout compare-layout").Body(
		goapp.Section().ID("compare").Class("panel compare").Aria("labelledby", "compare-h").Body(
			goapp.Div().Class("panel-head").Body(
				goapp.H2().ID("compare-h").TabIndex(-1).Text("Compare two configurations"),
				goapp.Button().ID("compare-exit").
					OnClick(func(ctx goapp.Context, _ goapp.Event) { send(ctx, SetMode{Mode: ""}) }).
					Text("Leave compare mode"),
			),
			goapp.P().Class("summary").Body(
				goapp.Strong().Text("A: "), goapp.Text(configName(a)+". "),
				goapp.Strong().Text("B: "), goapp.Text(configName(b)+". "),
				goapp.Text(differ(len(diff), "setting")),
			),
			diffTable(a, b, diff, l.Locked),
			compareBoard(c.d.board, c.cmp.board, l.Scenario),
		),
		goapp.If(c.d.run != nil && c.cmp.run != nil, func() goapp.UI {
			return compareRuns(c.d.run, c.cmp.run)
		}),
		goapp.Div().Class("compare-side").Body(
			goapp.Div().Class("side-switch").Role("radiogroup").Aria("label", "The settings panel edits").Body(
				sideButton(false, editB), sideButton(true, editB),
			),
			&controls{IConfig: c.m.sideConfig(), IDrafts: c.m.Drafts, ILocked: l.Locked, IWarnings: warnings, IToggles: toggles, IScenario: title},
		),
		&settingsFile{ISettings: settings, IPaste: c.m.Paste, INotes: c.m.Notes},
	)
}

// differ is "1 setting differs." or "3 settings differ."
func differ(n int, noun string) string {
	if n == 1 {
		return "1 " + noun + " differs."
	}
	return plural(n, noun) + " differ."
}

func sideButton(b, editB bool) goapp.UI {
	id, label := "edit-a", "Edit A"
	if b {
		id, label = "edit-b", "Edit B"
	}
	on := b == editB
	tab := -1
	if on {
		tab = 0
	}
	return goapp.Button().ID(id).Role("radio").Aria("checked", strconv.FormatBool(on)).TabIndex(tab).
		OnClick(func(ctx goapp.Context, _ goapp.Event) { send(ctx, EditSide{b}) }, goapp.EventScope(b)).
		OnKeyDown(func(ctx goapp.Context, e goapp.Event) {
			// A radio group moves with the arrow keys (WAI-ARIA APG, radio group).
			switch e.Get("key").String() {
			case "ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown":
				e.PreventDefault()
				send(ctx, EditSide{!b})
				other := "edit-b"
				if b {
					other = "edit-a"
				}
				ctx.Defer(func(goapp.Context) { focus(other) })
			}
		}, goapp.EventScope(b)).
		Text(label)
}

// diffTable lists the settings that differ, each with both values and a
// button to copy either value across.
func diffTable(a, b sim.Config, diff, locked []string) goapp.UI {
	if len(diff) == 0 {
		return goapp.P().ID("diff").Class("empty").Text("The two sides are the same. Edit B (or A) below, or load a preset on one side, to see what changes.")
	}
	return goapp.Div().Class("scroll-x").Body(goapp.Table().ID("diff").Class("diff-table").Body(
		goapp.Caption().Text("Settings that differ"),
		goapp.THead().Body(goapp.Tr().Body(
			goapp.Th().Scope("col").Text("Setting"),
			goapp.Th().Scope("col").Text("A"),
			goapp.Th().Scope("col").Text("B"),
			goapp.Th().Scope("col").Text("Copy"),
		)),
		goapp.TBody().Body(goapp.Range(diff).Slice(func(i int) goapp.UI {
			key := diff[i]
			f, _ := sim.FieldByKey(key)
			va, vb := f.Get(&a), f.Get(&b)
			lock := contains(locked, key)
			return goapp.Tr().DataSet("key", key).Body(
				goapp.Th().Scope("row").Body(
					goapp.Span().Class("label").Text(f.Label),
					goapp.Code().Class("key").Text(key),
				),
				goapp.Td().DataSet("side", "a").Body(goapp.Code().Text(displayValue(key, va))),
				goapp.Td().DataSet("side", "b").Body(goapp.Code().Text(displayValue(key, vb))),
				goapp.Td().Class("copy").Body(
					disabled(goapp.Button().Class("copy-b"), lock).
						Aria("label", "A → B: copy "+f.Label+" from A to B").
						OnClick(func(ctx goapp.Context, _ goapp.Event) { send(ctx, CopyAcross{key, true}) }, goapp.EventScope(key)).
						Text("A → B"),
					disabled(goapp.Button().Class("copy-a"), lock).
						Aria("label", "A ← B: copy "+f.Label+" from B to A").
						OnClick(func(ctx goapp.Context, _ goapp.Event) { send(ctx, CopyAcross{key, false}) }, goapp.EventScope(key)).
						Text("A ← B"),
				),
			)
		})),
	))
}

// compareBoard is both boards in one table: a row per scenario, a cell per
// side; the rows whose verdicts differ are marked.
func compareBoard(a, b []sim.Entry, open string) goapp.UI {
	n := 0
	for i := range a {
		if i < len(b) && a[i].Verdict.Outcome != b[i].Verdict.Outcome {
			n++
		}
	}
	return goapp.Section().Class("compare-board").Aria("labelledby", "cboard-h").Body(
		goapp.H3().ID("cboard-h").Text("The board on both sides"),
		goapp.P().ID("cboard-summary").Class("summary").Text(differ(n, "verdict")),
		goapp.Div().Class("scroll-x").Body(goapp.Table().ID("compare-board").Class("compare-table").Body(
			goapp.THead().Body(goapp.Tr().Body(
				goapp.Th().Scope("col").Text("Scenario"),
				goapp.Th().Scope("col").Text("A"),
				goapp.Th().Scope("col").Text("B"),
			)),
			goapp.TBody().Body(goapp.Range(a).Slice(func(i int) goapp.UI {
				if i >= len(b) {
					return nil
				}
				ea, eb := a[i], b[i]
				id := ea.Scenario.ID
				class := "entry"
				if ea.Verdict.Outcome != eb.Verdict.Outcome {
					class += " differs"
				}
				if id == open {
					class += " open"
				}
				return goapp.Tr().Class(class).DataSet("scenario", id).Body(
					goapp.Th().Scope("row").Body(
						goapp.Button().ID("open-"+id).Class("link-button").
							Aria("expanded", strconv.FormatBool(id == open)).
							OnClick(func(ctx goapp.Context, _ goapp.Event) {
								if id == open {
									send(ctx, Close{})
								} else {
									send(ctx, Open{id})
								}
							}, goapp.EventScope(id, open)).
							Text(ea.Scenario.Title),
						goapp.If(ea.Verdict.Outcome != eb.Verdict.Outcome, func() goapp.UI {
							return goapp.Span().Class("tag").Text("differs")
						}),
					),
					sideCell("a", ea.Verdict),
					sideCell("b", eb.Verdict),
				)
			})),
		)),
	)
}

func sideCell(side string, v sim.Verdict) goapp.UI {
	return goapp.Td().Class("side "+string(v.Outcome)).DataSet("side", side).DataSet("verdict", string(v.Outcome)).Body(
		goapp.Span().Class("verdict "+string(v.Outcome)).Body(
			verdictIcon(v.Outcome),
			goapp.Span().Class("word").Text(verdictWord(v.Outcome)),
		),
		goapp.If(v.Broken, func() goapp.UI { return goapp.Span().Class("tag broken").Text("breaks the site") }),
		goapp.Span().Class("reason").Text(v.Reason),
	)
}

// compareRuns shows the open scenario on both sides: each verdict with its
// rule, and the steps side by side, the ones that differ marked.
func compareRuns(a, b *sim.Run) goapp.UI {
	return goapp.Section().ID("compare-detail").Class("panel compare-detail").
		DataSet("open-scenario", a.Scenario.ID).
		Aria("labelledby", "detail-h").Body(
		goapp.Div().Class("detail-head").Body(
			goapp.H2().ID("detail-h").TabIndex(-1).Text(a.Scenario.Title),
			goapp.Button().Class("close").Aria("label", "Close this scenario").
				OnClick(func(ctx goapp.Context, _ goapp.Event) { send(ctx, Close{}) }).
				Text("Close"),
		),
		goapp.P().Class("story").Text(a.Scenario.Story),
		goapp.Div().Class("compare-columns").Body(
			runColumn("a", "A", a, b),
			runColumn("b", "B", b, a),
		),
	)
}

func runColumn(side, name string, r, other *sim.Run) goapp.UI {
	v := r.Verdict
	return goapp.Div().Class("run-side").DataSet("side", side).DataSet("verdict", string(v.Outcome)).Body(
		goapp.H3().Text(name),
		goapp.P().Class("verdict-line "+string(v.Outcome)).Body(
			goapp.Span().Class("verdict "+string(v.Outcome)).Body(
				verdictIcon(v.Outcome),
				goapp.Span().Class("word").Text(verdictWord(v.Outcome)),
			),
			goapp.Span().Class("reason").Text(v.Reason),
		),
		goapp.P().Class("rule").Text(v.Rule),
		goapp.P().Class("source").Body(
			goapp.Span().Class("source-label").Text("Source: "),
			goapp.Cite().Text(string(v.Source)),
		),
		goapp.Ol().Class("run-steps").Body(goapp.Range(r.Steps).Slice(func(i int) goapp.UI {
			st := &r.Steps[i]
			li := goapp.Li().DataSet("step", itoa(st.N))
			class := ""
			if i >= len(other.Steps) || other.Steps[i].Action != st.Action || other.Steps[i].Result != st.Result {
				class = "differs"
			}
			if st.N == v.Step {
				class += " decisive"
			}
			if class != "" {
				li = li.Class(class)
			}
			return li.Body(
				goapp.Span().Class("time").Text(clock(st.At)),
				goapp.Strong().Text(" "+laneTitle(r.Scenario.Lanes, st.Actor)+" "),
				goapp.Span().Class("action").Text(st.Action),
				goapp.Span().Class("result").Text(" → "+st.Result),
			)
		})),
	)
}
