package app

import (
	"regexp"
	"sort"
	"strings"
	"testing"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"sessionlab/sim"
)

func TestEl(t *testing.T) {
	noop := func(goapp.Context, goapp.Event) {}
	for _, tc := range []struct {
		ui   goapp.UI
		want string
	}{
		{el("p"), `<p></p>`},
		{el("p", "a < b"), `<p>a &lt; b</p>`},
		{el("h2#embed-h[tabindex=-1]", "Embed"), `<h2 id="embed-h" tabindex="-1">Embed</h2>`},
		{el("div.a.b", a("class", "c")), `<div class="a b c"></div>`},
		{el("button#x.primary[aria-label=Close the panel][aria-keyshortcuts=Escape]", on("click", noop)),
			`<button aria-keyshortcuts="Escape" aria-label="Close the panel" class="primary" id="x"></button>`},
		{el("input#w[type=number]", a("min", 240), a("value", "640")), `<input id="w" min="240" type="number" value="640">`},
		{el("ul", nil, []goapp.UI{el("li", "1"), el("li", "2")}, el("li", "3")), "<ul>\n  <li>1</li>\n  <li>2</li>\n  <li>3</li>\n</ul>"},
		{el("option", isOn("selected", true), "x"), `<option selected>x</option>`},
		{el("span", sim.Blocked), `<span>blocked</span>`},
		{svgEl("path[fill=currentColor]", a("d", "M0 0")), `<path d="M0 0" fill="currentColor"></path>`},
	} {
		if got := normaliseAttrs(goapp.HTMLString(tc.ui)); got != tc.want {
			t.Errorf("got  %s\nwant %s", got, tc.want)
		}
	}
	// Outside the browser a false boolean is left out: HTML reads
	// selected="false" as selected.
	if got := goapp.HTMLString(el("option", isOn("selected", false), "x")); got != `<option>x</option>` {
		t.Errorf("a false boolean prerenders as %s", got)
	}
}

func TestParseSel(t *testing.T) {
	for _, tc := range []struct {
		sel, tag string
		attrs    []attr
	}{
		{"div", "div", nil},
		{"div#x", "div", []attr{{"id", "x"}}},
		{"div.a", "div", []attr{{"class", "a"}}},
		{"div#x.a.b", "div", []attr{{"id", "x"}, {"class", "a b"}}},
		{"th[scope=col]", "th", []attr{{"scope", "col"}}},
		{"a.link[href=/x?a=b][rel=noopener]", "a", []attr{{"href", "/x?a=b"}, {"rel", "noopener"}, {"class", "link"}}},
		{"svg.icon[viewBox=0 0 24 24]", "svg", []attr{{"viewBox", "0 0 24 24"}, {"class", "icon"}}},
	} {
		tag, attrs := parseSel(tc.sel)
		if tag != tc.tag || len(attrs) != len(tc.attrs) {
			t.Errorf("parseSel(%q) = %q, %v; want %q, %v", tc.sel, tag, attrs, tc.tag, tc.attrs)
			continue
		}
		for i := range attrs {
			if attrs[i] != tc.attrs[i] {
				t.Errorf("parseSel(%q) = %v; want %v", tc.sel, attrs, tc.attrs)
			}
		}
	}
}

// go-app writes an element's attributes in map order; normaliseAttrs sorts
// them so that HTML can be compared.
var (
	startTagRE = regexp.MustCompile(`<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s=>]+(?:="(?:[^"\\]|\\.)*")?)*)\s*>`)
	attrRE     = regexp.MustCompile(`[^\s=>]+(?:="(?:[^"\\]|\\.)*")?`)
)

func normaliseAttrs(html string) string {
	return startTagRE.ReplaceAllStringFunc(html, func(tag string) string {
		m := startTagRE.FindStringSubmatch(tag)
		attrs := attrRE.FindAllString(m[2], -1)
		if len(attrs) == 0 {
			return "<" + m[1] + ">"
		}
		sort.Strings(attrs)
		return "<" + m[1] + " " + strings.Join(attrs, " ") + ">"
	})
}
