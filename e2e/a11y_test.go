package e2e

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"sessionlab/sim"
)

// axeScript is axe-core's browser build, which build.sh and .ci/run install
// with npm into e2e/axe/node_modules.
var axeScript = filepath.Join("axe", "node_modules", "axe-core", "axe.min.js")

// auditPage is one state of the page that the audits check.
type auditPage struct {
	name string
	link sim.LinkState // what the URL fragment holds; the zero value is none
}

// auditPages are the page's states worth auditing: the playground, an open
// scenario, and each mode a link can open, whether or not the page has it
// yet, so that a mode is audited from the day it lands.
func auditPages() []auditPage {
	first := sim.Scenarios[0].ID
	pages := []auditPage{
		{"playground", sim.LinkState{}},
		{"scenario", sim.LinkState{Config: sim.Defaults(), Scenario: first, Step: 2}},
	}
	hardened := sim.Hardened()
	for _, m := range sim.LinkModes {
		l := sim.LinkState{Config: sim.Defaults(), Scenario: first, Step: 2, Mode: m}
		if m == "compare" {
			l.Compare = &hardened
		}
		pages = append(pages, auditPage{"mode=" + m, l})
	}
	return pages
}

func (p auditPage) url(base string) string {
	if p.link.Config == (sim.Config{}) {
		return base
	}
	return base + "#" + sim.EncodeLink(p.link)
}

// axeViolation is the part of an axe-core result the test reports.
type axeViolation struct {
	ID    string `json:"id"`
	Help  string `json:"help"`
	Nodes []struct {
		Target  []any  `json:"target"`
		Summary string `json:"failureSummary"`
	} `json:"nodes"`
}

// runAxe injects axe-core into the page and returns its violations.
func runAxe(t *testing.T, ctx context.Context) []axeViolation {
	t.Helper()
	src, err := os.ReadFile(axeScript)
	if err != nil {
		t.Fatalf("axe-core is not installed (npm ci --prefix e2e/axe): %v", err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](string(src))); err != nil {
		t.Fatalf("injecting axe-core: %v", err)
	}
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[string](
		`axe.run(document, {resultTypes: ["violations"]}).then(r => JSON.stringify(r.violations))`,
		chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("axe.run: %v", err)
	}
	var v []axeViolation
	if err := json.Unmarshal([]byte(raw), &v); err != nil {
		t.Fatal(err)
	}
	return v
}

func reportViolations(t *testing.T, where string, vs []axeViolation) {
	t.Helper()
	for _, v := range vs {
		var nodes []string
		for i, n := range v.Nodes {
			if i == 5 {
				nodes = append(nodes, "…")
				break
			}
			target, _ := json.Marshal(n.Target)
			nodes = append(nodes, string(target)+": "+strings.ReplaceAll(n.Summary, "\n", " "))
		}
		t.Errorf("%s: axe %s (%s), %d nodes:\n  %s", where, v.ID, v.Help, len(v.Nodes), strings.Join(nodes, "\n  "))
	}
}

// colorScheme emulates the system's light or dark preference.
func colorScheme(t *testing.T, ctx context.Context, scheme string) {
	t.Helper()
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
	}); err != nil {
		t.Fatal(err)
	}
}

// TestAxe runs axe-core, every rule it has except the experimental ones,
// on each audited state in light and dark, at a laptop's width, a phone's
// and a projector's.
func TestAxe(t *testing.T) {
	for _, p := range auditPages() {
		t.Run(p.name, func(t *testing.T) {
			for _, view := range []struct {
				scheme        string
				width, height int64
			}{{"light", 1280, 900}, {"dark", 1280, 900}, {"light", 360, 740}, {"dark", 1920, 1080}} {
				// A fresh tab each time: the same address in the same tab
				// would be a same-document navigation, and axe would sample
				// colours in the middle of the transition to the new scheme.
				ctx := newPage(t)
				if err := chromedp.Do(ctx, chromedp.EmulateViewport(view.width, view.height)); err != nil {
					t.Fatal(err)
				}
				colorScheme(t, ctx, view.scheme)
				load(t, ctx, p.url(rootURL))
				reportViolations(t, p.name+" "+view.scheme+" "+itoa(view.width), runAxe(t, ctx))
			}
		})
	}
}

// TestAxePrerendered audits the page a visitor sees before the wasm runs,
// and the HTML go-app wrote for it: go-app writes an attribute whose value
// is "true" bare (aria-hidden alone means no value, not hidden), so no ARIA
// attribute may be bare in it.
func TestAxePrerendered(t *testing.T) {
	ctx := newPage(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(rootURL+"?wasm=false")); err != nil {
		t.Fatal(err)
	}
	reportViolations(t, "prerendered", runAxe(t, ctx))

	html, err := chromedp.Run(ctx, chromedp.Evaluate[string](`fetch(".").then(r => r.text())`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	if bare := bareARIA.FindAllString(html, -1); len(bare) > 0 {
		t.Errorf("prerendered ARIA attributes without a value: %q", bare)
	}
	if strings.Contains(html, `\"`) {
		t.Errorf("a prerendered attribute holds a backslash-escaped quote, which HTML does not read as one")
	}
}

// bareARIA matches an aria-* attribute written without a value inside a tag.
var bareARIA = regexp.MustCompile(`<[a-zA-Z][^<>]*\saria-[a-z]+(\s|/?>)`)

// TestLiveRegion checks that what changes on screen is announced: a verdict
// flipped by a setting, then each step of a scenario, through one polite
// live region that exists from the start.
func TestLiveRegion(t *testing.T) {
	needScenario(t, "xss-cookie-theft")
	ctx := newPage(t)
	load(t, ctx, rootURL)
	if got := eval[string](t, ctx, `(e => e ? e.getAttribute("aria-live") + " " + e.getAttribute("aria-atomic") : "none")(document.getElementById("live"))`); got != "polite true" {
		t.Fatalf("#live: aria-live aria-atomic = %q, want polite true", got)
	}
	off := sim.Defaults()
	off.SessionCookieHTTPOnly = false
	title := ""
	for _, e := range sim.Board(off) {
		if e.Scenario.ID == "xss-cookie-theft" {
			title = e.Scenario.Title
		}
	}
	click(t, ctx, "#f-SESSION_COOKIE_HTTPONLY")
	waitFor(t, ctx, `document.getElementById("live").textContent.includes(`+jsString(title+": now succeeded")+`)`)

	click(t, ctx, "#open-xss-cookie-theft")
	waitFor(t, ctx, `document.getElementById("live").textContent.startsWith("Opened ")`)
	click(t, ctx, "#step-next")
	waitFor(t, ctx, `document.getElementById("live").textContent.startsWith("Step 2 of ")`)
	click(t, ctx, "#step-next")
	waitFor(t, ctx, `document.getElementById("live").textContent.startsWith("Step 3 of ")`)
	if n := eval[int](t, ctx, `document.querySelectorAll("[aria-live]").length`); n < 1 {
		t.Errorf("%d live regions", n)
	}
}

// TestReducedMotion checks that nothing moves for a visitor who asked for
// less motion: no animation or transition longer than an instant anywhere
// on the page, with a scenario open and the player running.
func TestReducedMotion(t *testing.T) {
	needScenario(t, "basics")
	ctx := newPage(t)
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-reduced-motion", Value: "reduce"}},
	}); err != nil {
		t.Fatal(err)
	}
	load(t, ctx, rootURL+"#"+sim.EncodeLink(sim.LinkState{Config: sim.Defaults(), Scenario: "basics", Step: 1}))
	if !eval[bool](t, ctx, `matchMedia("(prefers-reduced-motion: reduce)").matches`) {
		t.Fatal("the emulation did not apply")
	}
	click(t, ctx, "#step-play")
	waitFor(t, ctx, `document.querySelector("#detail").dataset.step === "2"`)
	moving := eval[[]string](t, ctx, `[...document.querySelectorAll("*")].filter(e => {
			const s = getComputedStyle(e);
			const long = v => v.split(",").some(d => parseFloat(d) * (d.trim().endsWith("ms") ? 1 : 1000) > 10);
			return (s.animationName !== "none" && long(s.animationDuration)) || long(s.transitionDuration);
		}).map(e => e.tagName + "." + e.className + " " + getComputedStyle(e).animationName + " " +
			getComputedStyle(e).animationDuration + " " + getComputedStyle(e).transitionDuration).slice(0, 10)`)
	if len(moving) > 0 {
		t.Errorf("moving with prefers-reduced-motion: reduce: %v", moving)
	}
	if behavior := eval[string](t, ctx, `getComputedStyle(document.documentElement).scrollBehavior`); behavior == "smooth" {
		t.Error("smooth scrolling with prefers-reduced-motion: reduce")
	}
}

// TestNoPolicyViolation loads each audited state under the server's
// Content-Security-Policy and fails on anything it blocks: an inline script
// whose hash is not listed, a style, a frame, an eval.
func TestNoPolicyViolation(t *testing.T) {
	for _, p := range auditPages() {
		t.Run(p.name, func(t *testing.T) {
			ctx := newPage(t)
			onNewDocument(t, ctx, `window.__violations = [];
				document.addEventListener("securitypolicyviolation", e =>
					window.__violations.push(e.violatedDirective + " " + e.blockedURI + " " + (e.sample || "")));`)
			load(t, ctx, p.url(rootURL))
			if p.link.Mode == "" {
				click(t, ctx, "#f-SESSION_COOKIE_HTTPONLY")
			}
			if v := eval[[]string](t, ctx, `window.__violations`); len(v) > 0 {
				t.Errorf("Content-Security-Policy violations: %q", v)
			}
		})
	}
}

// onNewDocument runs script in every document the tab loads from now on,
// before the page's own scripts.
func onNewDocument(t testing.TB, ctx context.Context, script string) {
	t.Helper()
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: script}); err != nil {
		t.Fatal(err)
	}
}

func itoa(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}
