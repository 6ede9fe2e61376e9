package app

import (
	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"sessionlab/sim"
)

// Icon paths on a 24×24 grid, drawn for this page.
const (
	// A shield with a check mark: the attack was blocked.
	pathBlocked = "M12 2 4 5v6c0 5 3.4 9.4 8 11 4.6-1.6 8-6 8-11V5l-8-3zm-1.2 13.6-3.5-3.5 1.4-1.4 2.1 2.1 4.9-4.9 1.4 1.4-6.3 6.3z"
	// A warning triangle: the attack succeeded.
	pathSucceeded = "M12 2 1 21h22L12 2zm1 16h-2v-2h2v2zm0-4h-2V9h2v5z"
	// An exclamation mark in a circle: a cookie browsers refuse.
	pathWarning = "M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm1 15h-2v-2h2v2zm0-4h-2V7h2v6z"
)

// icon draws one of the paths above. The icon is decorative: the words next
// to it carry the meaning.
func icon(path, class string) goapp.UI {
	return svgEl("svg.icon[viewBox=0 0 24 24][width=20][height=20][focusable=false][aria-hidden=true]", a("class", class),
		svgEl("path[fill=currentColor]", a("d", path)))
}

// verdictIcon is the icon of an outcome.
func verdictIcon(o sim.Outcome) goapp.UI {
	if o == sim.Blocked {
		return icon(pathBlocked, "blocked")
	}
	return icon(pathSucceeded, "succeeded")
}

// verdictWord is the outcome in words, capitalised for a label.
func verdictWord(o sim.Outcome) string {
	if o == sim.Blocked {
		return "Blocked"
	}
	return "Succeeded"
}
