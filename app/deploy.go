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
	return goapp.Div().ID("deploy-report").Class("deploy-report").Body(
		goapp.H3().ID("deploy-h").Text("manage.py check --deploy"),
		goapp.If(len(d.IWarnings) == 0, func() goapp.UI {
			return goapp.P().Class("help").Text("No warning of the session, CSRF and HTTPS family.")
		}).Else(func() goapp.UI {
			return goapp.Ul().Class("deploy-warnings").Aria("labelledby", "deploy-h").Body(
				goapp.Range(d.IWarnings).Slice(func(i int) goapp.UI {
					w := d.IWarnings[i]
					return goapp.Li().DataSet("check", w.ID).Body(
						goapp.Code().Text(w.ID),
						goapp.Text(" "+w.Message+" "),
						goapp.Span().Class("help").Text("(silenced by "+w.Key+" = "+w.Value+")"),
					)
				}),
			)
		}),
		goapp.H3().ID("blind-h").Text("Live attacks no warning mentions"),
		goapp.If(len(d.IBlind) == 0, func() goapp.UI {
			return goapp.P().Class("help").Text("None: every attack that succeeds here is one a warning points at.")
		}).Else(func() goapp.UI {
			return goapp.Ul().Class("blind-spots").Aria("labelledby", "blind-h").Body(
				goapp.Range(d.IBlind).Slice(func(i int) goapp.UI {
					b := d.IBlind[i]
					return goapp.Li().DataSet("scenario", b.Scenario.ID).Body(
						goapp.Strong().Text(b.Scenario.Title+": "),
						goapp.Text(b.Verdict.Reason),
					)
				}),
			)
		}),
	)
}
