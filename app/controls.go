package app

import (
	"strings"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"sessionlab/sim"
)

// controls is the settings panel: one control per sim.Field, grouped by
// sim.Groups, each with its label, its Django name, its one-line help, the
// engine's warning when the settings make Django emit a cookie browsers
// refuse, and the error of a value that did not parse.
type controls struct {
	goapp.Compo

	IConfig   sim.Config
	IDrafts   map[string]Draft
	IWarnings []sim.CookieWarning
	ILocked   []string // the keys the link locks
	IToggles  []string // the keys the open scenario turns on
	IScenario string   // the open scenario's title, for the highlight's label
}

func (c *controls) Render() goapp.UI {
	return el("section#settings.panel.settings[aria-labelledby=settings-h]",
		el("h2#settings-h[tabindex=-1]", "Settings"),
		el("p.panel-note", "Every change re-runs every scenario."),
		goapp.Range(sim.Groups).Slice(func(i int) goapp.UI {
			g := sim.Groups[i]
			return el("div.group[role=group]", a("aria-labelledby", "g-"+string(g.ID)),
				el("h3", a("id", "g-"+string(g.ID)), g.Title),
				goapp.Range(sim.Fields).Slice(func(j int) goapp.UI {
					if sim.Fields[j].Group != g.ID {
						return nil
					}
					return c.field(&sim.Fields[j])
				}),
			)
		}),
	)
}

func (c *controls) field(f *sim.Field) goapp.UI {
	id := "f-" + f.Key
	value := f.Get(&c.IConfig)
	draft, invalid := c.IDrafts[f.Key]
	if invalid {
		value = draft.Text
	}
	matters := contains(c.IToggles, f.Key)
	locked := contains(c.ILocked, f.Key)
	warnings := c.warningsFor(f.Key)

	describedBy := "h-" + f.Key
	if len(warnings) > 0 {
		describedBy += " w-" + f.Key
	}
	if invalid {
		describedBy += " e-" + f.Key
	}

	class := "field kind-" + kindName(f.Kind)
	if matters {
		class += " matters"
	}
	if len(warnings) > 0 {
		class += " warned"
	}
	if invalid {
		class += " invalid"
	}
	if locked {
		class += " locked"
	}

	var input goapp.UI
	switch f.Kind {
	case sim.KindBool:
		input = el("input[type=checkbox]", a("id", id),
			isOn("checked", value == "True"), isOn("disabled", locked),
			a("aria-describedby", describedBy),
			on("change", func(ctx goapp.Context, e goapp.Event) {
				v := "False"
				if ctx.JSSrc().Get("checked").Bool() {
					v = "True"
				}
				send(ctx, SetField{f.Key, v})
			}, goapp.EventScope(f.Key)))
	case sim.KindChoice:
		input = el("select", a("id", id), isOn("disabled", locked),
			a("aria-describedby", describedBy),
			on("change", func(ctx goapp.Context, _ goapp.Event) {
				if i, ok := chosen(ctx, len(f.Choices)); ok {
					send(ctx, SetField{f.Key, f.Choices[i].Value})
				}
			}, goapp.EventScope(f.Key)),
			goapp.Range(f.Choices).Slice(func(i int) goapp.UI {
				ch := f.Choices[i]
				return el("option", a("value", ch.Value), isOn("selected", ch.Value == value), ch.Label)
			}))
	default:
		typ := "text"
		// A number has its bounds (step is a float64, 1.0000, as go-app's
		// Step wrote it), a text its length.
		var lo, hi, step, mode, maxLen, list any
		if f.Kind == sim.KindInt {
			typ = "number"
			lo, hi, step, mode = a("min", f.Min), a("max", f.Max), a("step", 1.0), a("inputmode", "numeric")
		} else {
			maxLen = a("maxlength", f.MaxLen)
		}
		if len(f.Choices) > 0 {
			list = a("list", "l-"+f.Key)
		}
		input = el("div.text-input",
			el("input[autocomplete=off][spellcheck=false]", a("type", typ), a("id", id), a("value", value),
				isOn("disabled", locked),
				a("aria-describedby", describedBy),
				a("aria-invalid", invalid),
				lo, hi, step, mode, maxLen, list,
				on("change", c.onValue(f.Key), goapp.EventScope(f.Key))),
			goapp.If(len(f.Choices) > 0, func() goapp.UI {
				return el("datalist", a("id", "l-"+f.Key),
					goapp.Range(f.Choices).Slice(func(i int) goapp.UI {
						ch := f.Choices[i]
						return el("option", a("value", ch.Value), a("label", ch.Label))
					}))
			}),
			goapp.If(!invalid && f.ChoiceLabel(value) != value, func() goapp.UI {
				return el("span.value-label", f.ChoiceLabel(value))
			}),
		)
	}

	label := el("label", a("for", id),
		el("span.label", f.Label),
		goapp.If(locked, func() goapp.UI {
			return el("span.locked-mark", " (locked by this link)")
		}),
		goapp.If(matters, func() goapp.UI {
			return el("span.matters-mark", a("title", "Matters for "+c.IScenario),
				el("span.sr-only", " (matters for "+c.IScenario+")"),
			)
		}),
	)
	var head goapp.UI
	if f.Kind == sim.KindBool {
		head = el("div.field-head", input, label)
	} else {
		head = el("div.field-head", label)
	}

	return el("div", a("class", class), a("data-key", f.Key),
		head,
		el("code.key[title=The name in settings.py and in share links]", f.Key),
		goapp.If(f.Kind != sim.KindBool, func() goapp.UI { return input }),
		el("p.help", a("id", "h-"+f.Key), f.Help),
		goapp.If(len(warnings) > 0, func() goapp.UI {
			return el("div.warnings", a("id", "w-"+f.Key),
				goapp.Range(warnings).Slice(func(i int) goapp.UI {
					w := warnings[i]
					// The full reason goes with the first setting the
					// warning names; the others repeat its headline.
					full := w.Keys[0] == f.Key
					return el("div.warning", a("data-code", w.Code),
						icon(pathWarning, "warn"),
						el("div",
							el("strong", warningHeadline(w)),
							goapp.If(full, func() goapp.UI {
								return el("p.warning-why",
									goapp.Text(w.Why+" "),
									el("cite.source", string(w.Source)),
								)
							}),
						),
					)
				}))
		}),
		goapp.If(invalid, func() goapp.UI {
			return el("p.field-error", a("id", "e-"+f.Key), draft.Err)
		}),
	)
}

// onValue sends the value of an input as the field's new value.
func (c *controls) onValue(key string) goapp.EventHandler {
	return func(ctx goapp.Context, e goapp.Event) {
		send(ctx, SetField{key, ctx.JSSrc().Get("value").String()})
	}
}

func (c *controls) warningsFor(key string) []sim.CookieWarning {
	var out []sim.CookieWarning
	for _, w := range c.IWarnings {
		if contains(w.Keys, key) {
			out = append(out, w)
		}
	}
	return out
}

// warningHeadline says who refuses which cookie: "Chromium and Firefox
// refuse the sessionid cookie."
func warningHeadline(w sim.CookieWarning) string {
	browser, _ := sim.FieldByKey("browser")
	names := make([]string, len(w.Browsers))
	for i, b := range w.Browsers {
		names[i] = browser.ChoiceLabel(string(b))
	}
	who := ""
	switch len(names) {
	case 0:
		who = "Browsers"
	case 1:
		who = names[0]
	default:
		who = strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
	}
	verb := " refuse"
	if len(names) == 1 {
		verb = " refuses"
	}
	return who + verb + " the " + w.Cookie + " cookie."
}

func kindName(k sim.Kind) string {
	switch k {
	case sim.KindBool:
		return "bool"
	case sim.KindChoice:
		return "choice"
	case sim.KindInt:
		return "int"
	}
	return "text"
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
