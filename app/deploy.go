package app

import (
	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"sessionlab/sim"
)

// deployReport answers the developer who pasted their settings.py: which
// `manage.py check --deploy` warnings these settings raise, and which live
// attacks none of those warnings speaks to (sim.DeployChecks, DeployBlindSpots).
type deployReport struct {
	goapp.Compo

	IWarnings []sim.DeployWarning
	IBlind    []sim.BlindSpot
}

func (d *deployReport) Render() goapp.UI {
	return el("div#deploy-report.deploy-report",
		el("h3#deploy-h", "manage.py check --deploy"),
		goapp.If(len(d.IWarnings) == 0, func() goapp.UI {
			return el("p.help", "No warning of the session, CSRF and HTTPS family.")
		}).Else(func() goapp.UI {
			return el("ul.deploy-warnings[aria-labelledby=deploy-h]",
				goapp.Range(d.IWarnings).Slice(func(i int) goapp.UI {
					w := d.IWarnings[i]
					return el("li", a("data-check", w.ID),
						el("code", w.ID),
						goapp.Text(" "+w.Message+" "),
						el("span.help", "(silenced by "+w.Key+" = "+w.Value+")"),
					)
				}),
			)
		}),
		el("h3#blind-h", "Live attacks no warning mentions"),
		goapp.If(len(d.IBlind) == 0, func() goapp.UI {
			return el("p.help", "None: every attack that succeeds here is one a warning points at.")
		}).Else(func() goapp.UI {
			return el("ul.blind-spots[aria-labelledby=blind-h]",
				goapp.Range(d.IBlind).Slice(func(i int) goapp.UI {
					b := d.IBlind[i]
					return el("li", a("data-scenario", b.Scenario.ID),
						el("strong", b.Scenario.Title+": "),
						goapp.Text(b.Verdict.Reason),
					)
				}),
			)
		}),
	)
}
