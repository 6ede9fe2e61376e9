package app

import (
	"strconv"
	"strings"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"sessionlab/app/jsbridge"
	"sessionlab/sim"
)

// The embed mode. A link with mode=embed shows one scenario, or the board,
// with the controls the link names and none of the page's chrome, for an
// iframe in a documentation page. The embed tells its parent its height
// (jsbridge.HeightMessage) and takes a new state from it
// (jsbridge.SetMessage). It works in a cross-site frame and in a sandboxed
// one, where storage is an in-memory stand-in and no service worker runs
// (see bootScript). The playground's embed builder writes such a link and
// the HTML that goes around it.

const embedMode = "embed"

// embedKeys are the settings an embed shows controls for: the link's show
// list; without one, the open scenario's toggles, or every setting beside
// the board.
func embedKeys(l sim.LinkState) []string {
	if l.Show != nil {
		return l.Show
	}
	if s, ok := sim.ScenarioByID(l.Scenario); ok {
		return s.Toggles
	}
	keys := make([]string, len(sim.Fields))
	for i := range sim.Fields {
		keys[i] = sim.Fields[i].Key
	}
	return keys
}

// embedHides reports whether the embed keeps a setting out of reach: in
// an embed only the settings it shows can change, so that no change is
// made where the learner cannot see or undo it.
func embedHides(l sim.LinkState, key string) bool {
	return l.Mode == embedMode && !contains(embedKeys(l), key)
}

// embedLocked is every setting an embed cannot change: the link's locks
// and the settings it does not show.
func embedLocked(l sim.LinkState) []string {
	shown := embedKeys(l)
	out := append([]string(nil), l.Locked...)
	for i := range sim.Fields {
		if k := sim.Fields[i].Key; !contains(shown, k) && !contains(out, k) {
			out = append(out, k)
		}
	}
	return out
}

// playgroundLink is the embed's state on the full page: the same link
// without the embed's mode and show list.
func playgroundLink(l sim.LinkState) sim.LinkState {
	l.Mode, l.Show = "", nil
	return l
}

// mountEmbed starts the frame messaging when the page runs in a frame, and
// the preview's height listener for the embed builder.
func (c *Lab) mountEmbed(ctx goapp.Context) {
	if jsbridge.Framed() {
		// Deferred: the first height is measured once the page is drawn.
		ctx.Defer(func(goapp.Context) {
			if err := jsbridge.ReportHeight(); err != nil {
				goapp.Log("reporting the height to the parent page:", err)
			}
		})
		err := jsbridge.OnSetMessage(func(link string) {
			ctx.Dispatch(func(ctx goapp.Context) { c.send(ctx, SetFromParent{link}) })
		})
		if err != nil {
			goapp.Log("listening to the parent page:", err)
		}
	}
	err := jsbridge.OnFrameHeight(previewID, func(h int) {
		ctx.Dispatch(func(ctx goapp.Context) { c.send(ctx, PreviewHeight{h}) })
	})
	if err != nil {
		goapp.Log("listening to the embed preview:", err)
	}
}

// embedButton opens and closes the embed builder.
func (c *Lab) embedButton() goapp.UI {
	open := c.m.Embed.Open
	var controls any
	if open {
		controls = a("aria-controls", "embed-builder")
	}
	return el("button#embed-open", a("aria-expanded", open), controls,
		on("click", func(ctx goapp.Context, _ goapp.Event) { send(ctx, OpenEmbedBuilder{!open}) }, goapp.EventScope(open)),
		"Embed…")
}

// embedView is the page in embed mode.
func (c *Lab) embedView() goapp.UI {
	l := c.m.Link
	step, _ := c.d.step(l)
	keys := embedKeys(l)
	locked := embedLocked(l)
	var toggles []string
	scenarioTitle := ""
	if c.d.run != nil {
		toggles = c.d.run.Scenario.Toggles
		scenarioTitle = c.d.run.Scenario.Title
	}
	return el("div.lab.embed", a("data-mode", embedMode),
		c.updateBanner(),
		c.flash(),
		el("div#live.sr-only[aria-live=polite][aria-atomic=true]", c.live),
		// The controls come first: the learner changes a setting and sees
		// the verdict below change.
		el("main.embed-body",
			// The frame's document has a title of its own for screen readers
			// (axe page-has-heading-one, inside a landmark); the host page
			// shows its own.
			el("h1.sr-only", embedTitle(l)),
			goapp.If(len(keys) > 0, func() goapp.UI {
				return &embedControls{
					IConfig:   l.Config,
					IDrafts:   c.m.Drafts,
					IWarnings: c.d.warnings,
					IKeys:     keys,
					ILocked:   locked,
					IToggles:  toggles,
					IScenario: scenarioTitle,
				}
			}),
			goapp.If(c.d.run != nil, func() goapp.UI {
				return &detail{IRun: c.d.run, IFixes: c.d.fixes, IStep: step, IPlaying: c.m.Playing, ILocked: locked, ITravel: l.Travel}
			}).Else(func() goapp.UI {
				return &board{IEntries: boardEntries(c.d.board), IOpen: l.Scenario}
			}),
		),
		el("footer.embed-foot",
			el("a#open-full[target=_blank][rel=noopener]", a("href", c.base+"#"+sim.EncodeLink(playgroundLink(l))),
				"Open in Session Lab",
				el("span.sr-only", " (opens a new tab)"),
				el("span[aria-hidden=true]", " ↗"),
			),
			el("span.embed-brand", "Django session settings against real attacks"),
		),
		bootError(),
	)
}

// embedTitle names an embed: its scenario, or the board.
func embedTitle(l sim.LinkState) string {
	if s, ok := sim.ScenarioByID(l.Scenario); ok {
		return "Session Lab: " + s.Title
	}
	return "Session Lab: every scenario's verdict"
}

// embedControls are the embed's controls: those of the settings panel for
// the keys the link shows, in its order, without the groups.
type embedControls struct {
	goapp.Compo

	IConfig   sim.Config
	IDrafts   map[string]Draft
	IWarnings []sim.CookieWarning
	IKeys     []string
	ILocked   []string
	IToggles  []string
	IScenario string
}

func (e *embedControls) Render() goapp.UI {
	panel := controls{IConfig: e.IConfig, IDrafts: e.IDrafts, IWarnings: e.IWarnings, ILocked: e.ILocked, IToggles: e.IToggles, IScenario: e.IScenario}
	return el("section#settings.panel.settings.embed-settings[aria-labelledby=settings-h]",
		el("h2#settings-h[tabindex=-1]", "Settings"),
		el("div.embed-fields",
			goapp.Range(e.IKeys).Slice(func(i int) goapp.UI {
				if f, ok := sim.FieldByKey(e.IKeys[i]); ok {
					return panel.field(f)
				}
				return nil
			}),
		),
	)
}

// SetFromParent is a link the page around the embed sent: the embed shows
// its state and stays in its mode. A link that does not decode changes
// nothing and says why.
type SetFromParent struct{ Fragment string }

func (msg SetFromParent) update(m Model) Model {
	if _, err := sim.DecodeLink(msg.Fragment); err != nil {
		m.Flash = Flash{"The page around this embed sent a link that could not be read (" + err.Error() + ").", true}
		return m
	}
	mode := m.Link.Mode
	m = LoadLink{msg.Fragment}.update(m)
	m.Link.Mode = mode
	return m
}

// The embed builder.

// EmbedBuilder holds the embed builder's choices; they belong to the tab.
type EmbedBuilder struct {
	Open     bool
	Scenario string   // "" for the board
	Show     []string // the settings the embed shows, in field order
	Lock     []string // those of Show it shows locked, in field order
	Width    int      // CSS pixels; 0 for the full width of the docs column
	Height   int      // CSS pixels, until the embed reports its own height
	Sandbox  bool     // the snippet's iframe is sandboxed
	Preview  bool     // the builder shows a live preview
	Measured int      // the preview's last reported height; 0 before it reports
}

// The builder's size bounds and defaults, in CSS pixels.
const (
	embedMinWidth, embedMaxWidth   = 240, 2400
	embedMinHeight, embedMaxHeight = 120, 6000
	embedDefaultHeight             = 640
)

// OpenEmbedBuilder opens the builder on what the page shows (its scenario,
// or the board, and its locks) or closes it.
type OpenEmbedBuilder struct{ On bool }

func (msg OpenEmbedBuilder) update(m Model) Model {
	if !msg.On {
		m.Embed = EmbedBuilder{}
		return m
	}
	b := EmbedBuilder{Open: true, Height: embedDefaultHeight}.withScenario(m.Link.Scenario)
	for _, k := range b.Show {
		if contains(m.Link.Locked, k) {
			b.Lock = append(b.Lock, k)
		}
	}
	m.Embed = b
	return m
}

// withScenario embeds scenario id ("" for the board), with the settings
// that matter for it shown, or the cookie's own beside the board.
func (b EmbedBuilder) withScenario(id string) EmbedBuilder {
	b.Scenario, b.Show, b.Lock, b.Measured = "", nil, nil, 0
	s, ok := sim.ScenarioByID(id)
	if ok {
		b.Scenario = id
	}
	for i := range sim.Fields {
		f := &sim.Fields[i]
		if ok && contains(s.Toggles, f.Key) || !ok && f.Group == sim.GroupCookie {
			b.Show = append(b.Show, f.Key)
		}
	}
	return b
}

// EmbedScenario chooses what the embed shows: a scenario by id, or "" for
// the board.
type EmbedScenario struct{ ID string }

func (msg EmbedScenario) update(m Model) Model {
	if _, ok := sim.ScenarioByID(msg.ID); !ok && msg.ID != "" {
		m.Flash = Flash{"There is no scenario called " + msg.ID + ".", true}
		return m
	}
	m.Embed = m.Embed.withScenario(msg.ID)
	return m
}

// The ways the builder offers for a setting in the embed.
const (
	asHidden = "hidden"
	asShown  = "shown"
	asLocked = "locked"
)

// EmbedControl sets how the embed offers one setting: asHidden, asShown
// or asLocked.
type EmbedControl struct{ Key, As string }

func (msg EmbedControl) update(m Model) Model {
	if _, ok := sim.FieldByKey(msg.Key); !ok {
		m.Flash = Flash{"There is no setting called " + msg.Key + ".", true}
		return m
	}
	var show, lock []string
	for i := range sim.Fields {
		k := sim.Fields[i].Key
		as := m.Embed.as(k)
		if k == msg.Key {
			as = msg.As
		}
		switch as {
		case asLocked:
			lock = append(lock, k)
			fallthrough
		case asShown:
			show = append(show, k)
		}
	}
	m.Embed.Show, m.Embed.Lock, m.Embed.Measured = show, lock, 0
	return m
}

// as is how the embed offers key.
func (b EmbedBuilder) as(key string) string {
	switch {
	case contains(b.Lock, key):
		return asLocked
	case contains(b.Show, key):
		return asShown
	}
	return asHidden
}

// EmbedSize sets the frame's width (empty for the column's full width) and
// initial height from the builder's inputs.
type EmbedSize struct{ Width, Height string }

func (msg EmbedSize) update(m Model) Model {
	w, h := 0, m.Embed.Height
	if msg.Width != "" {
		n, err := strconv.Atoi(msg.Width)
		if err != nil {
			m.Flash = Flash{"The width is a whole number of pixels, or empty for the full width.", true}
			return m
		}
		w = clamp(n, embedMinWidth, embedMaxWidth)
	}
	if msg.Height != "" {
		n, err := strconv.Atoi(msg.Height)
		if err != nil {
			m.Flash = Flash{"The height is a whole number of pixels.", true}
			return m
		}
		h = clamp(n, embedMinHeight, embedMaxHeight)
	}
	if w != m.Embed.Width {
		m.Embed.Measured = 0
	}
	m.Embed.Width, m.Embed.Height = w, h
	return m
}

// EmbedSandbox chooses a sandboxed iframe for the snippet.
type EmbedSandbox struct{ On bool }

func (msg EmbedSandbox) update(m Model) Model {
	m.Embed.Sandbox = msg.On
	return m
}

// EmbedPreview shows or hides the live preview.
type EmbedPreview struct{ On bool }

func (msg EmbedPreview) update(m Model) Model {
	m.Embed.Preview, m.Embed.Measured = msg.On, 0
	return m
}

// PreviewHeight is the height the preview reported.
type PreviewHeight struct{ N int }

func (msg PreviewHeight) update(m Model) Model {
	if m.Embed.Preview {
		m.Embed.Measured = msg.N
	}
	return m
}

// link is the embed's link for the playground's current settings.
func (b EmbedBuilder) link(cfg sim.Config) sim.LinkState {
	l := sim.LinkState{Config: cfg, Scenario: b.Scenario, Mode: embedMode, Locked: b.Lock, Show: b.Show}
	if l.Show == nil {
		l.Show = []string{}
	}
	if l.Scenario != "" {
		l.Step = 1
	}
	return l
}

// title names the embed for the iframe's title attribute.
func (b EmbedBuilder) title() string { return embedTitle(sim.LinkState{Scenario: b.Scenario}) }

// embedScript is what the documentation page adds once to size its
// Session Lab frames: each frame reports its content's height, and only
// the frame a message comes from is resized.
const embedScript = `<script>
addEventListener("message", (e) => {
  const d = e.data;
  if (!d || d.type !== "` + jsbridge.HeightMessage + `" || !Number.isFinite(d.height)) return;
  for (const f of document.querySelectorAll("iframe"))
    if (f.contentWindow === e.source) f.style.height = Math.min(Math.max(d.height, 100), 20000) + "px";
});
</script>`

// embedSandbox is the sandbox of a sandboxed embed: scripts, and a new tab
// for "Open in Session Lab" that is not sandboxed itself.
const embedSandbox = "allow-scripts allow-popups allow-popups-to-escape-sandbox"

// snippet is the HTML to paste: the iframe, then the sizing script.
func (b EmbedBuilder) snippet(src string) string {
	width := "width:100%"
	if b.Width > 0 {
		width = "width:" + strconv.Itoa(b.Width) + "px;max-width:100%"
	}
	s := `<iframe src="` + escapeAttr(src) + `" title="` + escapeAttr(b.title()) + `"` +
		` style="` + width + `;height:` + strconv.Itoa(b.Height) + `px;border:0" loading="lazy"`
	if b.Sandbox {
		s += ` sandbox="` + embedSandbox + `"`
	}
	return s + "></iframe>\n" + embedScript
}

// escapeAttr escapes s for a quoted HTML attribute value, as
// html.EscapeString does; that package (its replacer and entity table)
// costs app.wasm 8 KB brotli.
func escapeAttr(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&#34;")
		case '\'':
			b.WriteString("&#39;")
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// previewID is the preview frame's element id.
const previewID = "embed-preview"

// embedBuilder is the playground's panel that writes an embed.
type embedBuilder struct {
	goapp.Compo

	IBuilder EmbedBuilder
	IBase    string // the page's URL without its fragment
	IConfig  sim.Config
}

func (e *embedBuilder) OnMount(ctx goapp.Context) {
	if goapp.IsClient {
		ctx.Defer(func(goapp.Context) { focus("embed-h") })
	}
}

func (e *embedBuilder) Render() goapp.UI {
	b := e.IBuilder
	src := e.IBase + "#" + sim.EncodeLink(b.link(e.IConfig))
	return el("section#embed-builder.panel.embed-builder[aria-labelledby=embed-h]",
		on("keydown", func(ctx goapp.Context, ev goapp.Event) {
			if ev.Get("key").String() == "Escape" {
				ev.PreventDefault()
				closeEmbedBuilder(ctx)
			}
		}),
		el("div.panel-head",
			el("h2#embed-h[tabindex=-1]", "Embed in a documentation page"),
			el("button.dismiss[aria-label=Close the embed builder][aria-keyshortcuts=Escape]",
				on("click", func(ctx goapp.Context, _ goapp.Event) { closeEmbedBuilder(ctx) }),
				"×"),
		),
		el("p.panel-note", "The embed shows this page's current settings, with only the controls you choose, and a link to the full page. It works in any site's iframe, sandboxed or not."),
		el("div.embed-options",
			el("div.embed-option",
				el("label[for=embed-scenario]", "Shows"),
				el("select#embed-scenario",
					on("change", func(ctx goapp.Context, _ goapp.Event) {
						if i, ok := chosen(ctx, 1+len(sim.Scenarios)); ok {
							id := ""
							if i > 0 {
								id = sim.Scenarios[i-1].ID
							}
							send(ctx, EmbedScenario{id})
						}
					}),
					el("option", isOn("selected", b.Scenario == ""), "The board: every scenario's verdict"),
					goapp.Range(sim.Scenarios).Slice(func(i int) goapp.UI {
						s := sim.Scenarios[i]
						return el("option", a("value", s.ID), isOn("selected", s.ID == b.Scenario), s.Title)
					}),
				),
			),
			el("div.embed-option",
				el("label[for=embed-width]", "Width in pixels (empty: the column's width)"),
				el("input#embed-width[type=number]", a("min", embedMinWidth), a("max", embedMaxWidth), a("step", 10),
					a("value", sizeText(b.Width)),
					on("change", func(ctx goapp.Context, _ goapp.Event) {
						send(ctx, EmbedSize{Width: ctx.JSSrc().Get("value").String(), Height: strconv.Itoa(b.Height)})
					}, goapp.EventScope(b.Height))),
			),
			el("div.embed-option",
				el("label[for=embed-height]", "Height in pixels until it loads"),
				el("input#embed-height[type=number]", a("min", embedMinHeight), a("max", embedMaxHeight), a("step", 10),
					a("value", strconv.Itoa(b.Height)),
					on("change", func(ctx goapp.Context, _ goapp.Event) {
						send(ctx, EmbedSize{Width: sizeText(b.Width), Height: ctx.JSSrc().Get("value").String()})
					}, goapp.EventScope(b.Width))),
			),
			el("div.embed-option.embed-check",
				el("input#embed-sandbox[type=checkbox]", isOn("checked", b.Sandbox),
					a("aria-describedby", "embed-sandbox-h"),
					on("change", func(ctx goapp.Context, _ goapp.Event) {
						send(ctx, EmbedSandbox{ctx.JSSrc().Get("checked").Bool()})
					})),
				el("div",
					el("label[for=embed-sandbox]", "Sandboxed frame"),
					el("p#embed-sandbox-h.help", "The embed then keeps nothing between visits and runs without offline support."),
				),
			),
		),
		el("div.embed-controls[role=group][aria-labelledby=embed-controls-h]",
			el("h3#embed-controls-h", "Controls in the embed"),
			goapp.Range(sim.Groups).Slice(func(i int) goapp.UI {
				g := sim.Groups[i]
				return el("div.embed-group[role=group]", a("aria-labelledby", "eg-"+string(g.ID)),
					el("h4", a("id", "eg-"+string(g.ID)), g.Title),
					goapp.Range(sim.Fields).Slice(func(j int) goapp.UI {
						f := &sim.Fields[j]
						if f.Group != g.ID {
							return nil
						}
						return e.controlChoice(f)
					}),
				)
			}),
		),
		el("div.embed-preview-bar",
			e.previewButton(),
			el("p#embed-size.embed-size[aria-live=polite]", sizeHint(b)),
		),
		goapp.If(b.Preview, func() goapp.UI {
			width := "100%"
			if b.Width > 0 {
				width = strconv.Itoa(b.Width) + "px"
			}
			height := b.Height
			if b.Measured > 0 {
				height = b.Measured
			}
			return el("div.embed-stage",
				el("iframe", a("id", previewID), a("src", src), a("title", "Preview: "+b.title()),
					a("style", "width:"+width+";height:"+strconv.Itoa(height)+"px")),
			)
		}),
		el("label[for=embed-code]", "HTML to paste into the page"),
		el("textarea#embed-code.code[readonly=true][rows=9][spellcheck=false]", a("value", b.snippet(src))),
		el("div.actions",
			el("button#embed-copy.primary",
				on("click", func(ctx goapp.Context, _ goapp.Event) {
					ctx.NewActionWithValue(actionCopy, copyRequest{What: "embed code", Text: b.snippet(src)})
				}, goapp.EventScope(src, b.Width, b.Height, b.Sandbox)),
				"Copy the HTML"),
		),
	)
}

// previewButton shows and hides the preview.
func (e *embedBuilder) previewButton() goapp.UI {
	shown := e.IBuilder.Preview
	var controls any
	if shown {
		controls = a("aria-controls", previewID)
	}
	return el("button#embed-preview-toggle", a("aria-pressed", shown), controls,
		on("click", func(ctx goapp.Context, _ goapp.Event) { send(ctx, EmbedPreview{!shown}) }, goapp.EventScope(shown)),
		"Preview")
}

// controlChoice is one setting's line: hidden, shown or locked in the embed.
func (e *embedBuilder) controlChoice(f *sim.Field) goapp.UI {
	as := e.IBuilder.as(f.Key)
	id := "ec-" + f.Key
	return el("div.embed-choice", a("class", as), a("data-key", f.Key),
		el("label", a("for", id), f.Label),
		el("select", a("id", id),
			on("change", func(ctx goapp.Context, _ goapp.Event) {
				send(ctx, EmbedControl{f.Key, ctx.JSSrc().Get("value").String()})
			}, goapp.EventScope(f.Key)),
			el("option", a("value", asHidden), isOn("selected", as == asHidden), "Hidden"),
			el("option", a("value", asShown), isOn("selected", as == asShown), "Shown"),
			el("option", a("value", asLocked), isOn("selected", as == asLocked), "Locked"),
		),
	)
}

// OnDismount gives the focus back to the button that opened the builder.
func (e *embedBuilder) OnDismount() {
	if goapp.IsClient {
		focus("embed-open")
	}
}

func closeEmbedBuilder(ctx goapp.Context) { send(ctx, OpenEmbedBuilder{false}) }

// sizeText is a width for its input: empty for the full width.
func sizeText(px int) string {
	if px == 0 {
		return ""
	}
	return strconv.Itoa(px)
}

// sizeHint says how tall the embed is, once the preview has measured it.
func sizeHint(b EmbedBuilder) string {
	wide := "at the column's full width"
	if b.Width > 0 {
		wide = "at " + strconv.Itoa(b.Width) + " px wide"
	}
	switch {
	case !b.Preview:
		return "Preview the embed to measure its height. The script in the snippet resizes the frame to fit its content."
	case b.Measured == 0:
		return "Measuring the preview…"
	}
	return "The embed is " + strconv.Itoa(b.Measured) + " px tall " + wide + ", measured on the preview; the script in the snippet keeps the frame at its content's height."
}
