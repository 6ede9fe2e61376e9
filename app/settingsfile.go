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
	return el("section#settings-py.panel.settings-py[aria-labelledby=settings-py-h]",
		el("h2#settings-py-h[tabindex=-1]", "settings.py"),
		el("div.py-columns",
			el("div.py-out",
				el("div.py-head",
					el("h3#py-out-h", "Generated from these settings"),
					el("button#copy-settings",
						on("click", func(ctx goapp.Context, _ goapp.Event) {
							ctx.NewActionWithValue(actionCopy, copyRequest{What: "settings.py", Text: s.ISettings})
						}),
						"Copy settings.py"),
				),
				// The text is the pre's only child: the prerendered page
				// then has no indentation inside it.
				el("pre#settings-out.code[aria-labelledby=py-out-h][tabindex=0]", s.ISettings),
				goapp.If(s.IReport, func() goapp.UI { return &deployReport{IWarnings: s.IDeploy, IBlind: s.IBlind} }),
			),
			el("div.py-in",
				el("h3", el("label[for=settings-in]", "Load your own")),
				el("p#settings-in-help.help",
					"Paste a settings.py and press Load (or Ctrl+Enter). What parses is applied; the text stays here."),
				el("textarea#settings-in.code[rows=10][spellcheck=false][aria-describedby=settings-in-help settings-notes][placeholder=SESSION_COOKIE_SECURE = True]",
					a("value", s.IPaste),
					on("input", func(ctx goapp.Context, _ goapp.Event) {
						send(ctx, EditPaste{ctx.JSSrc().Get("value").String()})
					}),
					on("keydown", func(ctx goapp.Context, e goapp.Event) {
						if e.Get("key").String() == "Enter" && (e.Get("ctrlKey").Bool() || e.Get("metaKey").Bool()) {
							e.PreventDefault()
							send(ctx, EditPaste{ctx.JSSrc().Get("value").String()})
							send(ctx, Import{})
						}
					})),
				el("div.py-actions",
					el("button#load-settings", isOn("disabled", s.IPaste == ""),
						on("click", func(ctx goapp.Context, _ goapp.Event) { send(ctx, Import{}) }),
						"Load"),
					el("button#clear-settings", isOn("disabled", s.IPaste == ""),
						on("click", func(ctx goapp.Context, _ goapp.Event) { send(ctx, EditPaste{""}) }),
						"Clear"),
				),
				el("ul#settings-notes.notes",
					goapp.Range(s.INotes).Slice(func(i int) goapp.UI {
						n := s.INotes[i]
						level := n.Level
						// note-warning, not warning: .warning is a setting's own warning line
						return el("li.note", a("class", "note-"+level), a("data-line", itoa(n.Line)),
							el("span.note-line", "line "+itoa(n.Line)),
							el("span.note-level", " "+level+": "),
							el("span.note-text", n.Text),
						)
					}),
				),
			),
		),
	)
}
