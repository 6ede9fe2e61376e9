package app

import (
	"fmt"
	"strconv"
	"time"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"sessionlab/app/jsbridge"
	"sessionlab/sim"
)

// The actions children post to the root: a Msg for Update, or a copy.
const (
	actionMsg  = "sessionlab.msg"
	actionCopy = "sessionlab.copy"
)

// send posts a message to the root component.
func send(ctx goapp.Context, m Msg) { ctx.NewActionWithValue(actionMsg, m) }

// copyRequest asks the root to put Text on the clipboard.
type copyRequest struct{ What, Text string }

// pasteKey is where the pasted settings.py survives a reload.
const pasteKey = "sessionlab.paste"

// playInterval is the player's pace.
const playInterval = 1200 * time.Millisecond

// Routes registers the page. There is one page: every state lives in the
// URL fragment, which keeps go-app's client-side links out of the way of a
// path prefix. In the browser the page is also whatever path it was loaded
// at, so that a site built with relative URLs works from any folder (go-app
// strips only an absolute prefix before it looks the path up).
func Routes() {
	newLab := func() goapp.Composer { return &Lab{} }
	goapp.Route("/", newLab)
	if goapp.IsClient {
		if p, err := jsbridge.Path(); err == nil {
			goapp.Route(p, newLab)
		}
	}
}

// Lab is the page: it owns the Model, runs Update on every message, keeps
// the engine's results for the current state and performs the effects.
type Lab struct {
	goapp.Compo

	m        Model
	d        derived
	live     string // the aria-live announcement of the last update
	hash     string // the fragment the URL holds, or will in hashDelay
	hashDue  bool   // a write of hash to the address bar is scheduled
	base     string // the page's URL without the fragment
	crash    string // a recovered panic: the page shows it with a reload button
	playGen  int    // identifies the player's current timer chain
	updating bool   // a new version of the page is ready

	cmp  compareCache // compare mode's side B (compare.go)
	quiz quizCache    // the quiz's current question (quiz.go)
}

// OnInit builds the first state, for the prerendered page and the browser,
// unless the page was made with one.
func (c *Lab) OnInit() {
	if c.m.Link.Config == (sim.Config{}) {
		c.m = NewModel()
	}
	c.refresh()
}

// refresh brings the engine's results up to the state: side A's always,
// side B's in compare mode. The views only read them.
func (c *Lab) refresh() {
	c.d.refresh(c.m.Link)
	if c.m.Link.Mode == compareMode {
		c.cmp.refresh(compareLink(c.m.Link))
	}
}

// OnMount wires the messages and restores the pasted settings.py.
func (c *Lab) OnMount(ctx goapp.Context) {
	if goapp.IsServer {
		return
	}
	ctx.Handle(actionMsg, func(ctx goapp.Context, a goapp.Action) {
		if m, ok := a.Value.(Msg); ok {
			c.send(ctx, m)
		}
	})
	ctx.Handle(actionCopy, func(ctx goapp.Context, a goapp.Action) {
		if r, ok := a.Value.(copyRequest); ok {
			c.copy(ctx, r)
		}
	})
	if base, err := jsbridge.PageURL(); err == nil {
		c.base = base
	}
	if text, err := jsbridge.Load(pasteKey); err == nil && text != "" {
		c.m.Paste = text
	}
	c.mountEmbed(ctx)
	c.watchUpdates(ctx)
}

// OnNav reads the state from the URL fragment: at load, and when the
// learner edits or pastes a link into the address bar.
func (c *Lab) OnNav(ctx goapp.Context) {
	if goapp.IsServer {
		return
	}
	fragment, err := jsbridge.Hash()
	if err != nil {
		c.send(ctx, Say{"The page cannot read its address (" + err.Error() + "); showing Django's defaults.", true})
	} else if fragment != c.hash {
		c.send(ctx, LoadLink{fragment})
		c.hash = fragment
	}
	ctx.Defer(func(goapp.Context) {
		if err := jsbridge.MarkReady(); err != nil {
			goapp.Log("marking the page ready:", err)
		}
	})
}

// send runs Update and the effects that follow. A panic anywhere in it
// becomes the error panel instead of a dead page.
func (c *Lab) send(ctx goapp.Context, msg Msg) {
	defer c.recoverPanic()
	before, was, wasB := c.m, c.d, c.cmp.board
	if before.Link.Mode != compareMode {
		wasB = nil // side B had no board on screen
	}
	c.m = Update(c.m, msg)
	c.refresh()
	c.live = announce(before, c.m, &was, &c.d, wasB, c.cmp.board)

	// The URL fragment follows the state without adding history entries; a
	// link just loaded stays as it was typed.
	if _, loaded := msg.(LoadLink); !loaded {
		if enc := sim.EncodeLink(c.m.Link); enc != c.hash {
			c.hash = enc
			c.writeHash(ctx)
		}
	}
	if c.m.Paste != before.Paste {
		if err := jsbridge.Store(pasteKey, c.m.Paste); err != nil {
			goapp.Log("keeping the pasted settings.py:", err)
		}
	}
	switch msg.(type) {
	case Open:
		ctx.Defer(func(goapp.Context) { focus("detail-h") })
	case Close:
		if before.Link.Scenario != "" {
			id := "open-" + before.Link.Scenario
			ctx.Defer(func(goapp.Context) { focus(id) })
		}
	case SetMode, NewQuiz, NextQuestion:
		id := modeHeading(c.m.Link)
		ctx.Defer(func(goapp.Context) { focus(id) })
	}
	if p, ok := msg.(Play); ok && p.On && c.m.Playing {
		c.playGen++
		c.tick(ctx, c.playGen)
	}
}

// hashDelay is how long after a change the address bar follows it.
// history.replaceState costs Chromium about 3 ms (a same-document
// navigation), which would delay the frame that shows the change; a burst
// of changes (a held arrow key, the player) writes the address once.
const hashDelay = 120 * time.Millisecond

// writeHash puts c.hash in the address bar after hashDelay, unless a write
// is already due; the write takes the hash of that moment. Links are copied
// from the state, not from the address bar, so they never lag.
func (c *Lab) writeHash(ctx goapp.Context) {
	if c.hashDue {
		return
	}
	c.hashDue = true
	ctx.After(hashDelay, func(ctx goapp.Context) {
		c.hashDue = false
		if err := jsbridge.ReplaceHash(c.hash); err != nil {
			c.send(ctx, Say{"The address bar could not be updated (" + err.Error() + "); use Copy link to share.", true})
			return
		}
		ctx.PreventUpdate() // nothing on the page changed
	})
}

// tick advances the player at its pace while it plays; a newer chain (a
// new Play) or a stop ends this one.
func (c *Lab) tick(ctx goapp.Context, gen int) {
	ctx.After(c.m.pace(), func(ctx goapp.Context) {
		if gen != c.playGen || !c.m.Playing || c.d.run == nil {
			return
		}
		c.send(ctx, Tick{len(c.d.run.Steps)})
		if c.m.Playing {
			c.tick(ctx, gen)
		}
	})
}

// copy puts text on the clipboard and says how it went.
func (c *Lab) copy(ctx goapp.Context, r copyRequest) {
	done := jsbridge.CopyText(r.Text)
	ctx.Async(func() {
		err := <-done
		ctx.Dispatch(func(ctx goapp.Context) {
			if err != nil {
				c.send(ctx, Say{"Could not copy the " + r.What + " (" + err.Error() + "). Select it and copy it by hand.", true})
				return
			}
			c.send(ctx, Say{Text: "Copied the " + r.What + " to the clipboard."})
		})
	})
}

// shareURL is the link that restores the current state exactly.
func (c *Lab) shareURL() string {
	return c.base + "#" + sim.EncodeLink(c.m.Link)
}

func (c *Lab) recoverPanic() {
	if r := recover(); r != nil {
		c.crash = fmt.Sprint(r)
		goapp.Log("Session Lab recovered from a panic:", r)
	}
}

func focus(id string) {
	if err := jsbridge.Focus(id); err != nil {
		goapp.Log("focus:", err)
	}
}

// Render derives the whole page from the Model and the engine's results.
func (c *Lab) Render() (ui goapp.UI) {
	defer func() {
		if r := recover(); r != nil {
			c.crash = fmt.Sprint(r)
			ui = c.crashPanel()
		}
	}()
	if c.crash != "" {
		return c.crashPanel()
	}
	if c.m.Link.Mode == embedMode {
		return c.embedView()
	}
	l := c.m.Link
	step, _ := c.d.step(l)
	var toggles []string
	scenarioTitle := ""
	if c.d.run != nil {
		toggles = c.d.run.Scenario.Toggles
		scenarioTitle = c.d.run.Scenario.Title
	}
	modeView := c.modeView(step)
	return el("div.lab", a("data-mode", l.Mode),
		c.header(),
		c.updateBanner(),
		c.flash(),
		slot(c.m.Share, func() goapp.UI { return c.shareBox() }),
		slot(c.m.Embed.Open, func() goapp.UI {
			return &embedBuilder{IBuilder: c.m.Embed, IBase: c.base, IConfig: l.Config}
		}),
		el("div#live.sr-only[aria-live=polite][aria-atomic=true]", c.live),
		// The board and the open scenario come first, the settings panel
		// after them (a sidebar on wide screens), then settings.py: the
		// reading and tab order is the same at every width.
		goapp.If(modeView != nil, func() goapp.UI { return modeView }).Else(func() goapp.UI {
			return el("main.layout",
				&board{IEntries: boardEntries(c.d.board), IOpen: l.Scenario},
				goapp.If(c.d.run != nil, func() goapp.UI {
					return &detail{IRun: c.d.run, IFixes: c.d.fixes, IStep: step, IPlaying: c.m.Playing, ILocked: l.Locked, ITravel: l.Travel}
				}).Else(func() goapp.UI {
					return el("p.panel.hint-open", "Open a scenario to step through it: a sequence diagram, the execution table, the variable tracker, the HTTP exchange, the cookie jar and the session store, and the fixes.")
				}),
				&controls{
					IConfig:   l.Config,
					IDrafts:   c.m.Drafts,
					ILocked:   l.Locked,
					IWarnings: c.d.warnings,
					IToggles:  toggles,
					IScenario: scenarioTitle,
				},
				&settingsFile{ISettings: c.d.settings, IPaste: c.m.Paste, INotes: c.m.Notes, IReport: true, IDeploy: c.d.deploy, IBlind: c.d.blind},
			)
		}),
		c.footer(),
		bootError(),
	)
}

// modeView is the page body of the presenter, compare and quiz modes; nil
// for the lab.
func (c *Lab) modeView(step int) goapp.UI {
	switch c.m.Link.Mode {
	case presenterMode:
		return c.presenterView(step)
	case compareMode:
		return c.compareView()
	case quizMode:
		return c.quizView()
	}
	return nil
}

// modeHeading is the heading that takes the focus when a mode opens.
func modeHeading(l sim.LinkState) string {
	switch {
	case l.Mode == quizMode:
		return "quiz-h"
	case l.Mode == compareMode:
		return "compare-h"
	case l.Scenario != "":
		return "detail-h"
	case l.Mode == presenterMode:
		return "menu-h"
	}
	return "board-h"
}

// scenariosHeading is where the "Scenarios" skip link goes: the board in
// the lab, the mode's own scenarios elsewhere.
func scenariosHeading(l sim.LinkState) string {
	if l.Mode == "" {
		return "board-h"
	}
	return modeHeading(l)
}

// modes are the modes the header offers; embed is for other pages.
var modes = []struct{ Mode, Label string }{
	{"", "Lab"}, {presenterMode, "Present"}, {compareMode, "Compare"}, {quizMode, "Quiz"},
}

// modeNav switches between the lab and its modes.
func (c *Lab) modeNav() goapp.UI {
	current := c.m.Link.Mode
	return el("div.modes[role=group][aria-labelledby=modes-label]",
		el("span#modes-label.toolbar-label", "Mode"),
		goapp.Range(modes).Slice(func(i int) goapp.UI {
			md := modes[i]
			return el("button.mode", a("id", "mode-"+strconv.Itoa(i)), a("data-mode", md.Mode),
				a("aria-pressed", md.Mode == current),
				on("click", func(ctx goapp.Context, _ goapp.Event) {
					if md.Mode != current {
						send(ctx, SetMode{Mode: md.Mode, Seed: newSeed()})
					}
				}, goapp.EventScope(md.Mode, current)),
				md.Label)
		}),
	)
}

// slot keeps a place in the page for an element that comes and goes:
// go-app matches an element's children by position, so without it every
// element after it would be re-created, focus and scroll lost, each time it
// came or went.
func slot(show bool, ui func() goapp.UI) goapp.UI {
	return el("div.slot", goapp.If(show, ui))
}

// updateBanner offers the new version once it is downloaded (offline.go).
func (c *Lab) updateBanner() goapp.UI {
	return slot(c.updating, func() goapp.UI {
		return el("div#update.banner.update[role=status]",
			el("span", "A new version of Session Lab is ready. "),
			el("button#update-reload", on("click", func(ctx goapp.Context, _ goapp.Event) { ctx.Reload() }), "Reload"),
		)
	})
}

// flash is the last message, dismissable.
func (c *Lab) flash() goapp.UI {
	return slot(c.m.Flash.Text != "", func() goapp.UI {
		var errorClass any
		role := "status"
		if c.m.Flash.Error {
			errorClass, role = a("class", "error"), "alert"
		}
		return el("div#flash.banner.flash", errorClass, a("role", role),
			el("span.flash-text", c.m.Flash.Text),
			el("button.dismiss[aria-label=Dismiss this message]",
				on("click", func(ctx goapp.Context, _ goapp.Event) { send(ctx, Say{}) }),
				"×"),
		)
	})
}

func (c *Lab) header() goapp.UI {
	return el("header.top",
		el("div.brand",
			// Decorative: go-app drops an empty alt, so the role says it.
			el("img.logo[src=/web/icon.svg][role=presentation][width=36][height=36]"),
			el("div",
				el("h1", "Session Lab"),
				el("p.tagline", "Toggle a Django site's session settings and watch real attacks succeed or fail, step by step."),
			),
		),
		el("nav.skip[aria-label=Jump to]",
			skipButton(scenariosHeading(c.m.Link), "Scenarios"),
			skipButton("settings-h", "Settings"),
			goapp.If(c.m.Link.Mode != presenterMode, func() goapp.UI { return skipButton("settings-py-h", "settings.py") }),
		),
		el("div.toolbar",
			c.modeNav(),
			el("div.presets[role=group][aria-labelledby=presets-label]",
				el("span#presets-label.toolbar-label", "Presets"),
				goapp.Range(sim.Presets).Slice(func(i int) goapp.UI {
					p := sim.Presets[i]
					active := p.Config == c.m.sideConfig()
					return el("button.preset", a("data-preset", p.ID),
						a("title", p.About),
						a("aria-pressed", active),
						on("click", func(ctx goapp.Context, _ goapp.Event) { send(ctx, UsePreset{p.ID}) }, goapp.EventScope(p.ID)),
						p.Title)
				}),
			),
			el("div.actions",
				el("button#reset",
					on("click", func(ctx goapp.Context, _ goapp.Event) { send(ctx, Reset{}) }),
					"Reset settings"),
				el("button#share.primary",
					on("click", func(ctx goapp.Context, _ goapp.Event) {
						send(ctx, ShowShare{true})
						ctx.NewActionWithValue(actionCopy, copyRequest{What: "link", Text: c.shareURL()})
					}),
					"Copy link"),
				c.embedButton(),
			),
		),
	)
}

func skipButton(target, label string) goapp.UI {
	return el("button.skip-link",
		on("click", func(goapp.Context, goapp.Event) { focus(target) }, goapp.EventScope(target)),
		label)
}

// shareBox shows the link, selectable, for when the clipboard is refused.
func (c *Lab) shareBox() goapp.UI {
	return el("div#share-box.banner.share",
		el("label[for=share-url]", "Link to exactly this state (settings, scenario and step):"),
		el("input#share-url[type=text][readonly=true]", a("value", c.shareURL()),
			on("focus", func(ctx goapp.Context, _ goapp.Event) { ctx.JSSrc().Call("select") })),
		el("button.dismiss[aria-label=Close the link box]",
			on("click", func(ctx goapp.Context, _ goapp.Event) { send(ctx, ShowShare{false}) }),
			"×"),
	)
}

func (c *Lab) footer() goapp.UI {
	return el("footer.foot",
		el("p", "Session Lab models Django 5.2's session code and what Chromium, Firefox and Safari do with cookies. Every verdict is computed on this page, in your browser; nothing is sent anywhere."),
	)
}

// crashPanel replaces the page after a panic: what happened, the link that
// restores the state, and a reload.
func (c *Lab) crashPanel() goapp.UI {
	link := c.base + "#" + c.hash
	func() {
		defer func() { recover() }()
		link = c.shareURL()
	}()
	return el("div.lab",
		el("div#crash.panel.crash[role=alert]",
			el("h1", "Session Lab stopped"),
			el("p", "Something went wrong inside the simulator: "+c.crash),
			el("p", "Your settings are kept in this link:"),
			el("input[type=text][readonly=true][aria-label=Link to your state]", a("value", link)),
			el("button.primary",
				on("click", func(ctx goapp.Context, _ goapp.Event) { ctx.Reload() }),
				"Reload the page"),
		),
	)
}

// bootError is filled and shown by the page's boot script when the
// WebAssembly cannot load or the Go program stops (see bootScript).
func bootError() goapp.UI {
	return el("div#boot-error.panel.crash[role=alert][hidden=true]",
		el("h2", "Session Lab could not start"),
		el("p#boot-error-text"),
		el("p", "Your settings are kept in this page's address:"),
		el("input#boot-error-link[type=text][readonly=true][aria-label=Link to your state]"),
		el("button#boot-reload.primary", "Reload the page"),
	)
}
