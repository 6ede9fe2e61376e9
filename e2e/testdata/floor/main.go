// Command floor is the smallest go-app page: one component with a button,
// client-only as the real page is. "./build.sh bench" builds it with the
// page's flags and prints app.wasm's size as a ratio to it, which isolates
// what Session Lab adds to the go-app and Go runtime floor.
package main

import (
	"strconv"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"
)

type counter struct {
	goapp.Compo
	n int
}

func (c *counter) Render() goapp.UI {
	return goapp.Div().Body(
		goapp.Button().OnClick(func(goapp.Context, goapp.Event) { c.n++ }).Text("Add one"),
		goapp.P().Text(strconv.Itoa(c.n)),
	)
}

func main() {
	goapp.Route("/", func() goapp.Composer { return &counter{} })
	goapp.RunWhenOnBrowser()
	if goapp.IsClient {
		return
	}
	goapp.GenerateStaticWebsite("floor", &goapp.Handler{Name: "floor"})
}
