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
	return el("section.trace[aria-labelledby=trace-h]",
		el("h3#trace-h", "Execution table"),
		el("div.scroll-x",
			el("table.trace-table.cards",
				el("thead", el("tr",
					el("th.c-step[scope=col]", "Step"),
					el("th.c-actor[scope=col]", "Actor"),
					el("th.c-action[scope=col]", "Action"),
					el("th.c-http[scope=col]", "Request"),
					el("th.c-http[scope=col]", "Response"),
					el("th.c-check[scope=col]", "Check"),
					el("th.c-result[scope=col]", "Result"),
				)),
				el("tbody",
					goapp.Range(r.Steps).Slice(func(i int) goapp.UI {
						st := &r.Steps[i]
						var class, cur any
						if st.N == current {
							class, cur = a("class", "current"), a("aria-current", "step")
						}
						return el("tr", a("data-step", itoa(st.N)), class, cur,
							el("th.c-step[scope=row]",
								el("button.step-no",
									a("aria-label", "Go to step "+itoa(st.N)),
									on("click", func(ctx goapp.Context, _ goapp.Event) { send(ctx, GoTo{st.N, last}) }, goapp.EventScope(st.N, last)),
									itoa(st.N)),
								el("span.time", clock(st.At)),
							),
							el("td.actor[data-label=Actor]",
								el("span", breakable(laneTitle(r.Scenario.Lanes, st.Actor))),
								goapp.If(st.To != "" && st.To != st.Actor, func() goapp.UI {
									return el("span.to", " → "+laneTitle(r.Scenario.Lanes, st.To))
								}),
							),
							el("td.action[data-label=Action]", st.Action),
							el("td.request[data-label=Request]", requestCell(st.Request)),
							el("td.response[data-label=Response]", responseCell(st.Response)),
							el("td.check[data-label=Check]", checkCell(st.Check)),
							el("td.result[data-label=Result]", st.Result),
						)
					}),
				),
			),
		),
	)
}

func requestCell(m *sim.Message) goapp.UI {
	if m == nil {
		return el("span.none", "—")
	}
	cookie := m.Header("Cookie")
	return el("div",
		el("code.line", breakable(requestLine(m))),
		goapp.If(cookie != "", func() goapp.UI {
			return el("code.header.cookie", a("title", "Cookie: "+cookie), breakable("Cookie: "+shortCookies(cookie)))
		}).Else(func() goapp.UI {
			return el("span.header.none", "no Cookie header")
		}),
	)
}

func responseCell(m *sim.Message) goapp.UI {
	if m == nil {
		return el("span.none", "—")
	}
	var setCookies []string
	for _, h := range m.Headers {
		if strings.EqualFold(h.Name, "Set-Cookie") {
			setCookies = append(setCookies, h.Value)
		}
	}
	return el("div",
		el("code.line", statusLine(m)),
		goapp.Range(setCookies).Slice(func(i int) goapp.UI {
			return el("code.header.set-cookie", a("title", "Set-Cookie: "+setCookies[i]), breakable("Set-Cookie: "+shortSetCookie(setCookies[i])))
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
				out = append(out, goapp.Text(s[start:i+1]), el("wbr"))
				start = i + 1
			}
		}
	}
	return append(out, goapp.Text(s[start:]))
}

func checkCell(c *sim.Check) goapp.UI {
	if c == nil {
		return el("span.none", "—")
	}
	outcome, class := "let through", "passed"
	if !c.Passed {
		outcome, class = "stopped it", "failed"
	}
	return el("div",
		el("span.rule", c.Rule),
		el("span.check-outcome", a("class", class), " — "+outcome),
		goapp.If(c.Source != "", func() goapp.UI {
			return el("cite.source", breakable(string(c.Source)))
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
	return el("section.tracker[aria-labelledby=tracker-h]",
		el("h3#tracker-h", "Variable tracker"),
		// Focusable, so that the keyboard can scroll it on a narrow screen.
		el("div.scroll-x[tabindex=0][role=group][aria-labelledby=tracker-h]",
			el("table.tracker-table",
				el("thead", el("tr",
					el("th[scope=col]", "Variable"),
					goapp.Range(r.Steps).Slice(func(i int) goapp.UI {
						var class, cur any
						if r.Steps[i].N == current {
							class, cur = a("class", "current"), a("aria-current", "step")
						}
						label := "after " + itoa(r.Steps[i].N)
						if i == len(r.Steps)-1 {
							label += " (final)"
						}
						return el("th[scope=col]", class, cur, label)
					}),
				)),
				el("tbody",
					goapp.Range(names).Slice(func(j int) goapp.UI {
						name := names[j]
						return el("tr",
							el("th[scope=row]", name),
							goapp.Range(r.Steps).Slice(func(i int) goapp.UI {
								st := &r.Steps[i]
								v := varValue(st.Vars, name)
								class := ""
								if st.N == current {
									class = "current"
								}
								if i > 0 && varValue(r.Steps[i-1].Vars, name) != v {
									class += " changed"
								}
								// An empty class is not set.
								return el("td", a("class", class), v)
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
	return el("section.exchange[aria-labelledby=exchange-h]",
		el("h3#exchange-h", "HTTP exchange at step "+itoa(st.N)),
		goapp.If(st.Request == nil && st.Response == nil, func() goapp.UI {
			return el("p.empty", "Nothing crosses the network in this step.")
		}),
		goapp.If(st.Request != nil, func() goapp.UI {
			return messageBlock("Request", requestLine(st.Request), st.Request.Headers)
		}),
		goapp.If(st.Response != nil, func() goapp.UI {
			return messageBlock("Response", statusLine(st.Response), st.Response.Headers)
		}),
		goapp.If(len(st.Seen) > 0, func() goapp.UI {
			return el("div.seen",
				el("h4", "The attacker learns"),
				el("ul", goapp.Range(st.Seen).Slice(func(i int) goapp.UI {
					return el("li", st.Seen[i])
				})),
			)
		}),
	)
}

func messageBlock(title, first string, headers []sim.Header) goapp.UI {
	return el("div.message",
		el("h4", title),
		el("pre",
			el("span.first", first),
			goapp.Range(headers).Slice(func(i int) goapp.UI {
				h := headers[i]
				var cookie any
				if strings.EqualFold(h.Name, "Cookie") || strings.EqualFold(h.Name, "Set-Cookie") {
					cookie = a("class", "cookie")
				}
				return el("span.hdr", cookie, "\n"+h.Name+": "+h.Value)
			}),
		),
	)
}

// jarTable is every browser's cookies after the current step.
func jarTable(st *sim.Step, lanes []sim.Lane) goapp.UI {
	return el("section.jar[aria-labelledby=jar-h]",
		el("h3#jar-h", "Cookie jar after step "+itoa(st.N)),
		goapp.If(len(st.Jar) == 0, func() goapp.UI {
			return el("p.empty", "No cookies.")
		}).Else(func() goapp.UI {
			return el("div.scroll-x", el("table.jar-table.cards",
				el("thead", el("tr",
					el("th[scope=col]", "Browser"),
					el("th[scope=col]", "Name"),
					el("th[scope=col]", "Value"),
					el("th[scope=col]", "Domain"),
					el("th[scope=col]", "Path"),
					el("th[scope=col]", "Flags"),
					el("th[scope=col]", "Expires"),
				)),
				el("tbody", goapp.Range(st.Jar).Slice(func(i int) goapp.UI {
					c := st.Jar[i]
					domain := c.Domain
					if c.HostOnly {
						domain += " (host-only)"
					}
					expires := c.Expires
					if expires == "" {
						expires = "session (browser close)"
					}
					return el("tr",
						el("td[data-label=Browser]", laneTitle(lanes, c.Owner)),
						el("th[scope=row][data-label=Name]", el("code", c.Name)),
						el("td.value[data-label=Value]", el("code", c.Value)),
						el("td[data-label=Domain]", domain),
						el("td[data-label=Path]", c.Path),
						el("td[data-label=Flags]", cookieFlags(c)),
						el("td[data-label=Expires]", expires),
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
	return el("section.store[aria-labelledby=store-h]",
		el("h3#store-h", "Session store after step "+itoa(st.N)),
		goapp.If(len(st.Store) == 0, func() goapp.UI {
			return el("p.empty", "No session records.")
		}).Else(func() goapp.UI {
			return el("div.scroll-x", el("table.store-table.cards",
				el("thead", el("tr",
					el("th[scope=col]", "Session key"),
					el("th[scope=col]", "Data"),
					el("th[scope=col]", "Honoured until"),
					el("th[scope=col]", "Note"),
				)),
				el("tbody", goapp.Range(st.Store).Slice(func(i int) goapp.UI {
					s := st.Store[i]
					expires := s.Expires
					if expires == "" {
						expires = "not checked"
					}
					return el("tr",
						el("th[scope=row][data-label=Session key]", el("code", s.Key)),
						el("td[data-label=Data]", el("code", s.Data)),
						el("td[data-label=Honoured until]", expires),
						el("td[data-label=Note]", s.Note),
					)
				})),
			))
		}),
	)
}
