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

// compareLink is l as compare mode shows it: a link with mode=compare but
// no B side compares A with itself.
func compareLink(l sim.LinkState) sim.LinkState {
	if l.Mode == compareMode && l.Compare == nil {
		b := l.Config
		l.Compare = &b
	}
	return l
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
	l := compareLink(c.m.Link)
	cfgA, cfgB := l.Config, *l.Compare
	diff := sim.Diff(cfgA, cfgB)
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
	return el("main.layout.compare-layout",
		el("section#compare.panel.compare[aria-labelledby=compare-h]",
			el("div.panel-head",
				el("h2#compare-h[tabindex=-1]", "Compare two configurations"),
				el("button#compare-exit",
					on("click", func(ctx goapp.Context, _ goapp.Event) { send(ctx, SetMode{Mode: ""}) }),
					"Leave compare mode"),
			),
			el("p.summary",
				el("strong", "A: "), goapp.Text(configName(cfgA)+". "),
				el("strong", "B: "), goapp.Text(configName(cfgB)+". "),
				goapp.Text(differ(len(diff), "setting")),
			),
			diffTable(cfgA, cfgB, diff, l.Locked),
			compareBoard(c.d.board, c.cmp.board, l.Scenario),
		),
		goapp.If(c.d.run != nil && c.cmp.run != nil, func() goapp.UI {
			return compareRuns(c.d.run, c.cmp.run)
		}),
		el("div.compare-side",
			el("div.side-switch[role=radiogroup][aria-label=The settings panel edits]",
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
	chosen := b == editB
	tab := -1
	if chosen {
		tab = 0
	}
	return el("button[role=radio]", a("id", id), a("aria-checked", strconv.FormatBool(chosen)), a("tabindex", tab),
		on("click", func(ctx goapp.Context, _ goapp.Event) { send(ctx, EditSide{b}) }, goapp.EventScope(b)),
		on("keydown", func(ctx goapp.Context, e goapp.Event) {
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
		}, goapp.EventScope(b)),
		label)
}

// diffTable lists the settings that differ, each with both values and a
// button to copy either value across.
func diffTable(cfgA, cfgB sim.Config, diff, locked []string) goapp.UI {
	if len(diff) == 0 {
		return el("p#diff.empty", "The two sides are the same. Edit B (or A) below, or load a preset on one side, to see what changes.")
	}
	return el("div.scroll-x", el("table#diff.diff-table",
		el("caption", "Settings that differ"),
		el("thead", el("tr",
			el("th[scope=col]", "Setting"),
			el("th[scope=col]", "A"),
			el("th[scope=col]", "B"),
			el("th[scope=col]", "Copy"),
		)),
		el("tbody", goapp.Range(diff).Slice(func(i int) goapp.UI {
			key := diff[i]
			f, _ := sim.FieldByKey(key)
			va, vb := f.Get(&cfgA), f.Get(&cfgB)
			lock := contains(locked, key)
			return el("tr", a("data-key", key),
				el("th[scope=row]",
					el("span.label", f.Label),
					el("code.key", key),
				),
				el("td[data-side=a]", el("code", displayValue(key, va))),
				el("td[data-side=b]", el("code", displayValue(key, vb))),
				el("td.copy",
					el("button.copy-b", isOn("disabled", lock),
						a("aria-label", "A → B: copy "+f.Label+" from A to B"),
						on("click", func(ctx goapp.Context, _ goapp.Event) { send(ctx, CopyAcross{key, true}) }, goapp.EventScope(key)),
						"A → B"),
					el("button.copy-a", isOn("disabled", lock),
						a("aria-label", "A ← B: copy "+f.Label+" from B to A"),
						on("click", func(ctx goapp.Context, _ goapp.Event) { send(ctx, CopyAcross{key, false}) }, goapp.EventScope(key)),
						"A ← B"),
				),
			)
		})),
	))
}

// compareBoard is both boards in one table: a row per scenario, a cell per
// side; the rows whose verdicts differ are marked.
func compareBoard(boardA, boardB []sim.Entry, open string) goapp.UI {
	n := 0
	for i := range boardA {
		if i < len(boardB) && boardA[i].Verdict.Outcome != boardB[i].Verdict.Outcome {
			n++
		}
	}
	return el("section.compare-board[aria-labelledby=cboard-h]",
		el("h3#cboard-h", "The board on both sides"),
		el("p#cboard-summary.summary", differ(n, "verdict")),
		el("div.scroll-x", el("table#compare-board.compare-table",
			el("thead", el("tr",
				el("th[scope=col]", "Scenario"),
				el("th[scope=col]", "A"),
				el("th[scope=col]", "B"),
			)),
			el("tbody", goapp.Range(boardA).Slice(func(i int) goapp.UI {
				if i >= len(boardB) {
					return nil
				}
				ea, eb := boardA[i], boardB[i]
				id := ea.Scenario.ID
				class := "entry"
				if ea.Verdict.Outcome != eb.Verdict.Outcome {
					class += " differs"
				}
				if id == open {
					class += " open"
				}
				return el("tr", a("class", class), a("data-scenario", id),
					el("th[scope=row]",
						el("button.link-button", a("id", "open-"+id),
							a("aria-expanded", strconv.FormatBool(id == open)),
							on("click", func(ctx goapp.Context, _ goapp.Event) {
								if id == open {
									send(ctx, Close{})
								} else {
									send(ctx, Open{id})
								}
							}, goapp.EventScope(id, open)),
							ea.Scenario.Title),
						goapp.If(ea.Verdict.Outcome != eb.Verdict.Outcome, func() goapp.UI {
							return el("span.tag", "differs")
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
	return el("td.side", a("class", string(v.Outcome)), a("data-side", side), a("data-verdict", string(v.Outcome)),
		el("span.verdict", a("class", string(v.Outcome)),
			verdictIcon(v.Outcome),
			el("span.word", verdictWord(v.Outcome)),
		),
		goapp.If(v.Broken, func() goapp.UI { return el("span.tag.broken", "breaks the site") }),
		el("span.reason", v.Reason),
	)
}

// compareRuns shows the open scenario on both sides: each verdict with its
// rule, and the steps side by side, the ones that differ marked.
func compareRuns(runA, runB *sim.Run) goapp.UI {
	return el("section#compare-detail.panel.compare-detail[aria-labelledby=detail-h]",
		a("data-open-scenario", runA.Scenario.ID),
		el("div.detail-head",
			el("h2#detail-h[tabindex=-1]", runA.Scenario.Title),
			el("button.close[aria-label=Close this scenario]",
				on("click", func(ctx goapp.Context, _ goapp.Event) { send(ctx, Close{}) }),
				"Close"),
		),
		el("p.story", runA.Scenario.Story),
		el("div.compare-columns",
			runColumn("a", "A", runA, runB),
			runColumn("b", "B", runB, runA),
		),
	)
}

func runColumn(side, name string, r, other *sim.Run) goapp.UI {
	v := r.Verdict
	return el("div.run-side", a("data-side", side), a("data-verdict", string(v.Outcome)),
		el("h3", name),
		el("p.verdict-line", a("class", string(v.Outcome)),
			el("span.verdict", a("class", string(v.Outcome)),
				verdictIcon(v.Outcome),
				el("span.word", verdictWord(v.Outcome)),
			),
			el("span.reason", v.Reason),
		),
		el("p.rule", v.Rule),
		el("p.source",
			el("span.source-label", "Source: "),
			el("cite", string(v.Source)),
		),
		el("ol.run-steps", goapp.Range(r.Steps).Slice(func(i int) goapp.UI {
			st := &r.Steps[i]
			class := ""
			if i >= len(other.Steps) || other.Steps[i].Action != st.Action || other.Steps[i].Result != st.Result {
				class = "differs"
			}
			if st.N == v.Step {
				class += " decisive"
			}
			var classAttr any
			if class != "" {
				classAttr = a("class", class)
			}
			return el("li", a("data-step", itoa(st.N)), classAttr,
				el("span.time", clock(st.At)),
				el("strong", " "+laneTitle(r.Scenario.Lanes, st.Actor)+" "),
				el("span.action", st.Action),
				el("span.result", " → "+st.Result),
			)
		})),
	)
}
