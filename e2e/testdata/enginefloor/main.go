// Command enginefloor is the floor page (../floor) plus every engine entry
// point the real page calls, and no other user interface. "./build.sh bench"
// prints its size beside app.wasm's, which splits what Session Lab adds to
// the floor into the engine's share and the user interface's.
package main

import (
	"strconv"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"sessionlab/sim"
)

type counter struct {
	goapp.Compo
	n int
}

func (c *counter) Render() goapp.UI {
	return goapp.Div().Body(
		goapp.Button().OnClick(func(goapp.Context, goapp.Event) { c.n += engine(c.n) }).Text("Add one"),
		goapp.P().Text(strconv.Itoa(c.n)),
	)
}

// engine calls what the page calls: links, the settings.py importer and
// exporter, the board, runs with time travel, fixes, deploy checks, cookie
// warnings and the quiz. Its inputs come from the page so that nothing is
// computed at build time.
func engine(n int) int {
	l, err := sim.DecodeLink(goapp.Window().URL().Fragment)
	if err != nil {
		l.Config = sim.Defaults()
	}
	cfg, notes := sim.ImportSettings(sim.ExportSettings(l.Config), l.Config)
	board := sim.Board(cfg)
	total := len(notes) + len(board) + len(sim.DeployChecks(cfg)) + len(sim.DeployBlindSpots(cfg, board)) +
		len(sim.CookieWarnings(cfg)) + len(sim.EncodeLink(l)) + len(sim.FormatTravel(l.Travel))
	for _, s := range sim.Scenarios {
		total += len(s.RunWithTravel(cfg, l.Travel).Steps) + len(s.Fixes(cfg))
	}
	q := sim.QuizQuestion(uint64(n+1), 1)
	return total + q.Check(0).Right
}

func main() {
	goapp.Route("/", func() goapp.Composer { return &counter{} })
	goapp.RunWhenOnBrowser()
}
