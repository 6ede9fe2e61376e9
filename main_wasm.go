package main

import (
	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"sessionlab/app"
)

// main is the page. The command line (server.go) is not built into
// app.wasm: its packages' init functions and flags would still be, even
// behind a constant that is false in the browser.
func main() {
	app.Routes()
	goapp.RunWhenOnBrowser()
}
