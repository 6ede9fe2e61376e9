package app

import (
	"strings"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"sessionlab/sim"
)

// traceTable is the execution table: one row per step, the current one
// marked, each row's number a button that goes to it.
func traceTable(r *sim.Run, current int) goapp.UI {
	last := len(r.Steps)
	return goapp.Section().Class("trace").Aria("labelledby", "trace-h").Body(
		goapp.H3().ID("trace-h").Text("Execution table"),
		goapp.Div().Class("scroll-x").Body(
			goapp.Table().Class("trace-table cards").Body(
				goapp.THead().Body(goapp.Tr().Body(
					goapp.Th().Scope("col").Class("c-step").Text("Step"),
					goapp.Th().Scope("col").Class("c-actor").Text("Actor"),
					goapp.Th().Scope("col").Class("c-action").Text("Action"),
					goapp.Th().Scope("col").Class("c-http").Text("Request"),
					goapp.Th().Scope("col").Class("c-http").Text("Response"),
					goapp.Th().Scope("col").Class("c-check").Text("Check"),
					goapp.Th().Scope("col").Class("c-result").Text("Result"),
				)),
				goapp.TBody().Body(
					goapp.Range(r.Steps).Slice(func(i int) goapp.UI {
						st := &r.Steps[i]
						row := goapp.Tr().DataSet("step", itoa(st.N))
						if st.N == current {
							row = row.Class("current").Aria("current", "step")
						}
						return row.Body(
							goapp.Th().Scope("row").Class("c-step").Body(
								goapp.Button().Class("step-no").
									Aria("label", "Go to step "+itoa(st.N)).
									OnClick(func(ctx goapp.Context, _ goapp.Event) { send(ctx, GoTo{st.N, last}) }, goapp.EventScope(st.N, last)).
									Text(itoa(st.N)),
								goapp.Span().Class("time").Text(clock(st.At)),
							),
							goapp.Td().Class("actor").DataSet("label", "Actor").Body(
								goapp.Span().Body(breakable(laneTitle(r.Scenario.Lanes, st.Actor))...),
								goapp.If(st.To != "" && st.To != st.Actor, func() goapp.UI {
									return goapp.Span().Class("to").Text(" → " + laneTitle(r.Scenario.Lanes, st.To))
								}),
							),
							goapp.Td().Class("action").DataSet("label", "Action").Text(st.Action),
							goapp.Td().Class("request").DataSet("label", "Request").Body(requestCell(st.Request)),
							goapp.Td().Class("response").DataSet("label", "Response").Body(responseCell(st.Response)),
							goapp.Td().Class("check").DataSet("label", "Check").Body(checkCell(st.Check)),
							goapp.Td().Class("result").DataSet("label", "Result").Text(st.Result),
						)
					}),
				),
			),
		),
	)
}

func requestCell(m *sim.Message) goapp.UI {
	if m == nil {
		return goapp.Span().Class("none").Text("—")
	}
	cookie := m.Header("Cookie")
	return goapp.Div().Body(
		goapp.Code().Class("line").Body(breakable(requestLine(m))...),
		goapp.If(cookie != "", func() goapp.UI {
			return goapp.Code().Class("header cookie").Title("Cookie: %s", cookie).Body(breakable("Cookie: " + shortCookies(cookie))...)
		}).Else(func() goapp.UI {
			return goapp.Span().Class("header none").Text("no Cookie header")
		}),
	)
}

func responseCell(m *sim.Message) goapp.UI {
	if m == nil {
		return goapp.Span().Class("none").Text("—")
	}
	var setCookies []string
	for _, h := range m.Headers {
		if strings.EqualFold(h.Name, "Set-Cookie") {
			setCookies = append(setCookies, h.Value)
		}
	}
	return goapp.Div().Body(
		goapp.Code().Class("line").Text(statusLine(m)),
		goapp.Range(setCookies).Slice(func(i int) goapp.UI {
			return goapp.Code().Class("header set-cookie").Title("Set-Cookie: %s", setCookies[i]).Body(breakable("Set-Cookie: " + shortSetCookie(setCookies[i]))...)
		}),
	)
}

// breakable splits s into text with a line-break opportunity (<wbr>) after
// each "/", "?", "&", "." and ";", so that narrow cells wrap URLs and
// headers where a reader expects, not in the middle of a name.
func breakable(s string) []goapp.UI {
	var out []goapp.UI
	start := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '/', '?', '&', '.', ';':
			if i+1 < len(s) && s[i+1] != '/' {
				out = append(out, goapp.Text(s[start:i+1]), goapp.Wbr())
				start = i + 1
			}
		}
	}
	return append(out, goapp.Text(s[start:]))
}

func checkCell(c *sim.Check) goapp.UI {
	if c == nil {
		return goapp.Span().Class("none").Text("—")
	}
	outcome, class := "let through", "passed"
	if !c.Passed {
		outcome, class = "stopped it", "failed"
	}
	return goapp.Div().Body(
		goapp.Span().Class("rule").Text(c.Rule),
		goapp.Span().Class("check-outcome "+class).Text(" — "+outcome),
		goapp.If(c.Source != "", func() goapp.UI {
			return goapp.Cite().Class("source").Body(breakable(string(c.Source))...)
		}),
	)
}

// trackerTable is the variable tracker: one row per variable, one column
// per step, as in the learning card.
func trackerTable(r *sim.Run, current int) goapp.UI {
	names := r.Scenario.Variables
	if len(names) == 0 && len(r.Steps) > 0 {
		for _, v := range r.Steps[0].Vars {
			names = append(names, v.Name)
		}
	}
	return goapp.Section().Class("tracker").Aria("labelledby", "tracker-h").Body(
		goapp.H3().ID("tracker-h").Text("Variable tracker"),
		// Focusable, so that the keyboard can scroll it on a narrow screen.
		goapp.Div().Class("scroll-x").TabIndex(0).Role("group").Aria("labelledby", "tracker-h").Body(
			goapp.Table().Class("tracker-table").Body(
				goapp.THead().Body(goapp.Tr().Body(
					goapp.Th().Scope("col").Text("Variable"),
					goapp.Range(r.Steps).Slice(func(i int) goapp.UI {
						th := goapp.Th().Scope("col")
						if r.Steps[i].N == current {
							th = th.Class("current").Aria("current", "step")
						}
						label := "after " + itoa(r.Steps[i].N)
						if i == len(r.Steps)-1 {
							label += " (final)"
						}
						return th.Text(label)
					}),
				)),
				goapp.TBody().Body(
					goapp.Range(names).Slice(func(j int) goapp.UI {
						name := names[j]
						return goapp.Tr().Body(
							goapp.Th().Scope("row").Text(name),
							goapp.Range(r.Steps).Slice(func(i int) goapp.UI {
								st := &r.Steps[i]
								v := varValue(st.Vars, name)
								td := goapp.Td()
								class := ""
								if st.N == current {
									class = "current"
								}
								if i > 0 && varValue(r.Steps[i-1].Vars, name) != v {
									class += " changed"
								}
								if class != "" {
									td = td.Class(class)
								}
								return td.Text(v)
							}),
						)
					}),
				),
			),
		),
	)
}

func varValue(vars []sim.Var, name string) string {
	for _, v := range vars {
		if v.Name == name {
			return v.Value
		}
	}
	return "—"
}

// exchange is the current step's HTTP request and response, header by header.
func exchange(st *sim.Step) goapp.UI {
	return goapp.Section().Class("exchange").Aria("labelledby", "exchange-h").Body(
		goapp.H3().ID("exchange-h").Text("HTTP exchange at step "+itoa(st.N)),
		goapp.If(st.Request == nil && st.Response == nil, func() goapp.UI {
			return goapp.P().Class("empty").Text("Nothing crosses the network in this step.")
		}),
		goapp.If(st.Request != nil, func() goapp.UI {
			return messageBlock("Request", requestLine(st.Request), st.Request.Headers)
		}),
		goapp.If(st.Response != nil, func() goapp.UI {
			return messageBlock("Response", statusLine(st.Response), st.Response.Headers)
		}),
		goapp.If(len(st.Seen) > 0, func() goapp.UI {
			return goapp.Div().Class("seen").Body(
				goapp.H4().Text("The attacker learns"),
				goapp.Ul().Body(goapp.Range(st.Seen).Slice(func(i int) goapp.UI {
					return goapp.Li().Text(st.Seen[i])
				})),
			)
		}),
	)
}

func messageBlock(title, first string, headers []sim.Header) goapp.UI {
	return goapp.Div().Class("message").Body(
		goapp.H4().Text(title),
		goapp.Pre().Body(
			goapp.Span().Class("first").Text(first),
			goapp.Range(headers).Slice(func(i int) goapp.UI {
				h := headers[i]
				class := "hdr"
				if strings.EqualFold(h.Name, "Cookie") || strings.EqualFold(h.Name, "Set-Cookie") {
					class += " cookie"
				}
				return goapp.Span().Class(class).Text("\n" + h.Name + ": " + h.Value)
			}),
		),
	)
}

// jarTable is every browser's cookies after the current step.
func jarTable(st *sim.Step, lanes []sim.Lane) goapp.UI {
	return goapp.Section().Class("jar").Aria("labelledby", "jar-h").Body(
		goapp.H3().ID("jar-h").Text("Cookie jar after step "+itoa(st.N)),
		goapp.If(len(st.Jar) == 0, func() goapp.UI {
			return goapp.P().Class("empty").Text("No cookies.")
		}).Else(func() goapp.UI {
			return goapp.Div().Class("scroll-x").Body(goapp.Table().Class("jar-table cards").Body(
				goapp.THead().Body(goapp.Tr().Body(
					goapp.Th().Scope("col").Text("Browser"),
					goapp.Th().Scope("col").Text("Name"),
					goapp.Th().Scope("col").Text("Value"),
					goapp.Th().Scope("col").Text("Domain"),
					goapp.Th().Scope("col").Text("Path"),
					goapp.Th().Scope("col").Text("Flags"),
					goapp.Th().Scope("col").Text("Expires"),
				)),
				goapp.TBody().Body(goapp.Range(st.Jar).Slice(func(i int) goapp.UI {
					c := st.Jar[i]
					domain := c.Domain
					if c.HostOnly {
						domain += " (host-only)"
					}
					expires := c.Expires
					if expires == "" {
						expires = "session (browser close)"
					}
					return goapp.Tr().Body(
						goapp.Td().DataSet("label", "Browser").Text(laneTitle(lanes, c.Owner)),
						goapp.Th().Scope("row").DataSet("label", "Name").Body(goapp.Code().Text(c.Name)),
						goapp.Td().Class("value").DataSet("label", "Value").Body(goapp.Code().Text(c.Value)),
						goapp.Td().DataSet("label", "Domain").Text(domain),
						goapp.Td().DataSet("label", "Path").Text(c.Path),
						goapp.Td().DataSet("label", "Flags").Text(cookieFlags(c)),
						goapp.Td().DataSet("label", "Expires").Text(expires),
					)
				})),
			))
		}),
	)
}

// cookieFlags is the attribute list of a stored cookie, e.g.
// "Secure, HttpOnly, SameSite=Lax".
func cookieFlags(c sim.CookieView) string {
	s := ""
	add := func(f string) {
		if s != "" {
			s += ", "
		}
		s += f
	}
	if c.Secure {
		add("Secure")
	}
	if c.HTTPOnly {
		add("HttpOnly")
	}
	if c.SameSite != "" {
		add("SameSite=" + c.SameSite)
	} else {
		add("no SameSite")
	}
	return s
}

// storeTable is the server's session records after the current step.
func storeTable(st *sim.Step) goapp.UI {
	return goapp.Section().Class("store").Aria("labelledby", "store-h").Body(
		goapp.H3().ID("store-h").Text("Session store after step "+itoa(st.N)),
		goapp.If(len(st.Store) == 0, func() goapp.UI {
			return goapp.P().Class("empty").Text("No session records.")
		}).Else(func() goapp.UI {
			return goapp.Div().Class("scroll-x").Body(goapp.Table().Class("store-table cards").Body(
				goapp.THead().Body(goapp.Tr().Body(
					goapp.Th().Scope("col").Text("Session key"),
					goapp.Th().Scope("col").Text("Data"),
					goapp.Th().Scope("col").Text("Honoured until"),
					goapp.Th().Scope("col").Text("Note"),
				)),
				goapp.TBody().Body(goapp.Range(st.Store).Slice(func(i int) goapp.UI {
					s := st.Store[i]
					expires := s.Expires
					if expires == "" {
						expires = "not checked"
					}
					return goapp.Tr().Body(
						goapp.Th().Scope("row").DataSet("label", "Session key").Body(goapp.Code().Text(s.Key)),
						goapp.Td().DataSet("label", "Data").Body(goapp.Code().Text(s.Data)),
						goapp.Td().DataSet("label", "Honoured until").Text(expires),
						goapp.Td().DataSet("label", "Note").Text(s.Note),
					)
				})),
			))
		}),
	)
}
