package app

import (
	"strconv"
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
	return goapp.Section().ID("settings").Class("panel settings").Aria("labelledby", "settings-h").Body(
		goapp.H2().ID("settings-h").TabIndex(-1).Text("Settings"),
		goapp.P().Class("panel-note").Text("Every change re-runs every scenario."),
		goapp.Range(sim.Groups).Slice(func(i int) goapp.UI {
			g := sim.Groups[i]
			return goapp.Div().Class("group").Role("group").Aria("labelledby", "g-"+string(g.ID)).Body(
				goapp.H3().ID("g-"+string(g.ID)).Text(g.Title),
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
		input = disabled(checked(goapp.Input().Type("checkbox").ID(id), value == "True"), locked).
			Aria("describedby", describedBy).
			OnChange(func(ctx goapp.Context, e goapp.Event) {
				v := "False"
				if ctx.JSSrc().Get("checked").Bool() {
					v = "True"
				}
				send(ctx, SetField{f.Key, v})
			}, goapp.EventScope(f.Key))
	case sim.KindChoice:
		input = disabled(goapp.Select().ID(id), locked).
			Aria("describedby", describedBy).
			OnChange(c.onValue(f.Key), goapp.EventScope(f.Key)).
			Body(goapp.Range(f.Choices).Slice(func(i int) goapp.UI {
				ch := f.Choices[i]
				return selected(goapp.Option().Value(ch.Value), ch.Value == value).Text(ch.Label)
			}))
	default:
		typ := "text"
		if f.Kind == sim.KindInt {
			typ = "number"
		}
		in := disabled(goapp.Input().Type(typ).ID(id).Value(value), locked).
			Aria("describedby", describedBy).
			Aria("invalid", strconv.FormatBool(invalid)).
			AutoComplete(false).
			Spellcheck(false).
			OnChange(c.onValue(f.Key), goapp.EventScope(f.Key))
		if f.Kind == sim.KindInt {
			in = in.Min(f.Min).Max(f.Max).Step(1).Attr("inputmode", "numeric")
		} else {
			in = in.MaxLength(f.MaxLen)
		}
		if len(f.Choices) > 0 {
			in = in.List("l-" + f.Key)
		}
		input = goapp.Div().Class("text-input").Body(
			in,
			goapp.If(len(f.Choices) > 0, func() goapp.UI {
				return goapp.DataList().ID("l-" + f.Key).Body(
					goapp.Range(f.Choices).Slice(func(i int) goapp.UI {
						ch := f.Choices[i]
						return goapp.Option().Value(ch.Value).Label(ch.Label)
					}))
			}),
			goapp.If(!invalid && f.ChoiceLabel(value) != value, func() goapp.UI {
				return goapp.Span().Class("value-label").Text(f.ChoiceLabel(value))
			}),
		)
	}

	label := goapp.Label().For(id).Body(
		goapp.Span().Class("label").Text(f.Label),
		goapp.If(locked, func() goapp.UI {
			return goapp.Span().Class("locked-mark").Text(" (locked by this link)")
		}),
		goapp.If(matters, func() goapp.UI {
			return goapp.Span().Class("matters-mark").Title("Matters for %s", c.IScenario).Body(
				goapp.Span().Class("sr-only").Text(" (matters for " + c.IScenario + ")"),
			)
		}),
	)
	head := goapp.Div().Class("field-head")
	if f.Kind == sim.KindBool {
		head = head.Body(input, label)
	} else {
		head = head.Body(label)
	}

	return goapp.Div().Class(class).DataSet("key", f.Key).Body(
		head,
		goapp.Code().Class("key").Title("The name in settings.py and in share links").Text(f.Key),
		goapp.If(f.Kind != sim.KindBool, func() goapp.UI { return input }),
		goapp.P().Class("help").ID("h-"+f.Key).Text(f.Help),
		goapp.If(len(warnings) > 0, func() goapp.UI {
			return goapp.Div().Class("warnings").ID("w-" + f.Key).Body(
				goapp.Range(warnings).Slice(func(i int) goapp.UI {
					w := warnings[i]
					// The full reason goes with the first setting the
					// warning names; the others repeat its headline.
					full := w.Keys[0] == f.Key
					return goapp.Div().Class("warning").DataSet("code", w.Code).Body(
						icon(pathWarning, "warn"),
						goapp.Div().Body(
							goapp.Strong().Text(warningHeadline(w)),
							goapp.If(full, func() goapp.UI {
								return goapp.P().Class("warning-why").Body(
									goapp.Text(w.Why+" "),
									goapp.Cite().Class("source").Text(string(w.Source)),
								)
							}),
						),
					)
				}))
		}),
		goapp.If(invalid, func() goapp.UI {
			return goapp.P().Class("field-error").ID("e-" + f.Key).Text(draft.Err)
		}),
	)
}

// onValue sends the value of a select or input as the field's new value.
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
