package app

import (
	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"sessionlab/sim"
)

// settingsFile is the generated settings.py with a copy button, and a box
// to paste one's own: what parses is loaded, every problem is listed on its
// line, and the pasted text stays in the box whatever happens.
type settingsFile struct {
	goapp.Compo

	ISettings string // sim.ExportSettings of the current Config
	IPaste    string
	INotes    []sim.Note
	IReport   bool // show the check --deploy report of IDeploy and IBlind
	IDeploy   []sim.DeployWarning
	IBlind    []sim.BlindSpot
}

func (s *settingsFile) Render() goapp.UI {
	return goapp.Section().ID("settings-py").Class("panel settings-py").Aria("labelledby", "settings-py-h").Body(
		goapp.H2().ID("settings-py-h").TabIndex(-1).Text("settings.py"),
		goapp.Div().Class("py-columns").Body(
			goapp.Div().Class("py-out").Body(
				goapp.Div().Class("py-head").Body(
					goapp.H3().ID("py-out-h").Text("Generated from these settings"),
					goapp.Button().ID("copy-settings").
						OnClick(func(ctx goapp.Context, _ goapp.Event) {
							ctx.NewActionWithValue(actionCopy, copyRequest{What: "settings.py", Text: s.ISettings})
						}).
						Text("Copy settings.py"),
				),
				// The text is the pre's only child: the prerendered page
				// then has no indentation inside it.
				goapp.Pre().ID("settings-out").Class("code").Aria("labelledby", "py-out-h").TabIndex(0).Text(s.ISettings),
				goapp.If(s.IReport, func() goapp.UI { return &deployReport{IWarnings: s.IDeploy, IBlind: s.IBlind} }),
			),
			goapp.Div().Class("py-in").Body(
				goapp.H3().Body(goapp.Label().For("settings-in").Text("Load your own")),
				goapp.P().ID("settings-in-help").Class("help").
					Text("Paste a settings.py and press Load (or Ctrl+Enter). What parses is applied; the text stays here."),
				goapp.Textarea().ID("settings-in").Class("code").
					Rows(10).
					Spellcheck(false).
					Aria("describedby", "settings-in-help settings-notes").
					Placeholder("SESSION_COOKIE_SECURE = True").
					Text(s.IPaste).
					OnInput(func(ctx goapp.Context, _ goapp.Event) {
						send(ctx, EditPaste{ctx.JSSrc().Get("value").String()})
					}).
					OnKeyDown(func(ctx goapp.Context, e goapp.Event) {
						if e.Get("key").String() == "Enter" && (e.Get("ctrlKey").Bool() || e.Get("metaKey").Bool()) {
							e.PreventDefault()
							send(ctx, EditPaste{ctx.JSSrc().Get("value").String()})
							send(ctx, Import{})
						}
					}),
				goapp.Div().Class("py-actions").Body(
					disabled(goapp.Button().ID("load-settings"), s.IPaste == "").
						OnClick(func(ctx goapp.Context, _ goapp.Event) { send(ctx, Import{}) }).
						Text("Load"),
					disabled(goapp.Button().ID("clear-settings"), s.IPaste == "").
						OnClick(func(ctx goapp.Context, _ goapp.Event) { send(ctx, EditPaste{""}) }).
						Text("Clear"),
				),
				goapp.Ul().ID("settings-notes").Class("notes").Body(
					goapp.Range(s.INotes).Slice(func(i int) goapp.UI {
						n := s.INotes[i]
						level := n.Level
						return goapp.Li().Class("note "+level).DataSet("line", itoa(n.Line)).Body(
							goapp.Span().Class("note-line").Text("line "+itoa(n.Line)),
							goapp.Span().Class("note-level").Text(" "+level+": "),
							goapp.Span().Class("note-text").Text(n.Text),
						)
					}),
				),
			),
		),
	)
}
