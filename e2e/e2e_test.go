package e2e

import (
	"context"
	"encoding/json"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"sessionlab/sim"
)

// newPage opens a tab in a fresh browser context: its own storage, cache
// and service worker, as a new visitor has.
func newPage(tb testing.TB) context.Context {
	tb.Helper()
	if skipReason != "" {
		tb.Skip(skipReason)
	}
	ctx, cancel := chromedp.NewContext(chrome, chromedp.WithNewBrowserContext())
	tb.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		tb.Fatal(err)
	}
	return ctx
}

// load navigates and waits for the page's own ready marker, which the Go
// side sets once it has mounted and read the URL fragment.
func load(t *testing.T, ctx context.Context, u string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(u)); err != nil {
		t.Fatal(err)
	}
	// The page's execution context can be replaced while the navigation
	// settles ("Cannot find context with specified id"): poll across it.
	waitAcrossReload(t, ctx, `document.body.dataset.ready === "1"`)
}

// waitFor polls a JavaScript condition until it holds.
func waitFor(t *testing.T, ctx context.Context, cond string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](cond, chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		t.Fatalf("waiting for %s: %v", cond, err)
	}
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

func click(t *testing.T, ctx context.Context, css string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(css), chromedp.NodeVisible)); err != nil {
		t.Fatalf("clicking %s: %v", css, err)
	}
}

// setValue sets a select or input the way a change by hand does.
func setValue(t *testing.T, ctx context.Context, id, value string) {
	t.Helper()
	v, _ := json.Marshal(value)
	eval[chromedp.Void](t, ctx, `(() => { const e = document.getElementById("`+id+`");
		e.value = `+string(v)+`; e.dispatchEvent(new Event("input", {bubbles: true}));
		e.dispatchEvent(new Event("change", {bubbles: true})); })()`)
}

// choose picks the option of select id whose text is label, as a user does.
func choose(t *testing.T, ctx context.Context, id, label string) {
	t.Helper()
	l, _ := json.Marshal(label)
	eval[chromedp.Void](t, ctx, `(() => { const e = document.getElementById("`+id+`");
		e.selectedIndex = [...e.options].findIndex(o => o.text === `+string(l)+`);
		e.dispatchEvent(new Event("change", {bubbles: true})); })()`)
}

// board reads every board entry's data-verdict by data-scenario.
func board(t *testing.T, ctx context.Context) map[string]string {
	t.Helper()
	return eval[map[string]string](t, ctx, `Object.fromEntries([...document.querySelectorAll("#board [data-scenario]")]
		.map(e => [e.dataset.scenario, e.dataset.verdict]))`)
}

func verdictIs(id string, o sim.Outcome) string {
	return `document.querySelector('#board [data-scenario="` + id + `"]')?.dataset.verdict === "` + string(o) + `"`
}

// want returns the engine's board for cfg, by scenario id.
func want(cfg sim.Config) map[string]string {
	m := map[string]string{}
	for _, e := range sim.Board(cfg) {
		m[e.Scenario.ID] = string(e.Verdict.Outcome)
	}
	return m
}

// needScenario skips a test whose scenario the engine does not have yet.
func needScenario(t *testing.T, id string) {
	t.Helper()
	if _, ok := sim.ScenarioByID(id); !ok {
		t.Fatalf("scenario %s is not registered", id)
	}
}

// needHttpOnlyFlip checks the premise of the tests that toggle HttpOnly:
// the engine flips xss-cookie-theft from blocked to succeeded on HttpOnly
// alone. It returns the defaults with HttpOnly off.
func needHttpOnlyFlip(t *testing.T) sim.Config {
	t.Helper()
	needScenario(t, "xss-cookie-theft")
	off := sim.Defaults()
	off.SessionCookieHTTPOnly = false
	if want(sim.Defaults())["xss-cookie-theft"] != "blocked" || want(off)["xss-cookie-theft"] != "succeeded" {
		t.Fatal("the engine does not flip xss-cookie-theft on HttpOnly alone")
	}
	return off
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestBoardShowsEveryScenario(t *testing.T) {
	ctx := newPage(t)
	load(t, ctx, rootURL)
	got, exp := board(t, ctx), want(sim.Defaults())
	if len(exp) == 0 {
		t.Fatal("the engine registers no scenario")
	}
	if !equalMaps(got, exp) {
		t.Errorf("board = %v\nengine = %v", got, exp)
	}
	// Each verdict is in words, not only in colour.
	words := eval[[]string](t, ctx, `[...document.querySelectorAll("#board [data-scenario] .word")].map(e => e.textContent)`)
	for _, w := range words {
		if w != "Succeeded" && w != "Blocked" {
			t.Errorf("verdict word %q", w)
		}
	}
	if len(words) != len(exp) {
		t.Errorf("%d verdict words for %d scenarios", len(words), len(exp))
	}
}

func TestPrerenderedBoard(t *testing.T) {
	ctx := newPage(t)
	// ?wasm=false is go-app's no-WebAssembly mode: what a visitor sees
	// before the wasm arrives.
	if err := chromedp.Do(ctx, chromedp.Navigate(rootURL+"?wasm=false")); err != nil {
		t.Fatal(err)
	}
	if got, exp := board(t, ctx), want(sim.Defaults()); !equalMaps(got, exp) {
		t.Errorf("prerendered board = %v\nengine = %v", got, exp)
	}
	// The controls show the defaults too.
	got := eval[map[string]string](t, ctx, `Object.fromEntries([...document.querySelectorAll("#settings [id^=f-]")]
		.map(e => [e.id.slice(2), e.type === "checkbox" ? (e.checked ? "True" : "False") : e.value]))`)
	d := sim.Defaults()
	for _, f := range sim.Fields {
		if got[f.Key] != f.Get(&d) {
			t.Errorf("prerendered %s = %q, want %q", f.Key, got[f.Key], f.Get(&d))
		}
	}
}

func TestHttpOnlyFlipsXSSCookieTheft(t *testing.T) {
	off := needHttpOnlyFlip(t)
	ctx := newPage(t)
	load(t, ctx, rootURL)
	waitFor(t, ctx, verdictIs("xss-cookie-theft", sim.Blocked))
	click(t, ctx, "#f-SESSION_COOKIE_HTTPONLY")
	waitFor(t, ctx, verdictIs("xss-cookie-theft", sim.Succeeded))
	if got := board(t, ctx); !equalMaps(got, want(off)) {
		t.Errorf("board with HttpOnly off = %v\nengine = %v", got, want(off))
	}
	waitFor(t, ctx, `document.getElementById("live").textContent.includes("now succeeded")`)
	click(t, ctx, "#f-SESSION_COOKIE_HTTPONLY")
	waitFor(t, ctx, verdictIs("xss-cookie-theft", sim.Blocked))
}

func TestRefusedCookieIsFlaggedAtOnce(t *testing.T) {
	cfg := sim.Defaults()
	cfg.SessionCookieSameSite = "None"
	warnings := sim.CookieWarnings(cfg)
	if len(warnings) == 0 {
		t.Fatal("the engine reports no refused cookie for SameSite=None without Secure")
	}
	ctx := newPage(t)
	load(t, ctx, rootURL)
	setValue(t, ctx, "f-SESSION_COOKIE_SAMESITE", "None")
	for _, key := range warnings[0].Keys {
		waitFor(t, ctx, `!!document.querySelector('[data-key="`+key+`"] .warning[data-code="`+warnings[0].Code+`"]')`)
	}
	if !eval[bool](t, ctx, `document.getElementById("f-SESSION_COOKIE_SAMESITE").getAttribute("aria-describedby").includes("w-SESSION_COOKIE_SAMESITE")`) {
		t.Error("the select is not described by its warning")
	}
	waitFor(t, ctx, `document.getElementById("live").textContent.includes("Warning:")`)
	click(t, ctx, "#f-SESSION_COOKIE_SECURE")
	waitFor(t, ctx, `!document.querySelector('[data-key="SESSION_COOKIE_SAMESITE"] .warning')`)
}

// An option whose value is empty: go-app writes no value attribute for it,
// so the browser's value is the option's text. SameSite's "False (no
// attribute)" must still set SESSION_COOKIE_SAMESITE = False.
func TestChoiceWithAnEmptyValue(t *testing.T) {
	cfg := sim.Defaults()
	cfg.SessionCookieSameSite = ""
	ctx := newPage(t)
	load(t, ctx, rootURL)
	choose(t, ctx, "f-SESSION_COOKIE_SAMESITE", "False (no attribute)")
	want := map[string]string{}
	for _, e := range sim.Board(cfg) {
		want[e.Scenario.ID] = string(e.Verdict.Outcome)
	}
	for id, v := range want {
		waitFor(t, ctx, verdictIs(id, sim.Outcome(v)))
	}
	if err := eval[string](t, ctx, `document.getElementById("e-SESSION_COOKIE_SAMESITE")?.textContent ?? ""`); err != "" {
		t.Errorf("the choice is refused: %s", err)
	}
	if got := eval[int](t, ctx, `document.getElementById("f-SESSION_COOKIE_SAMESITE").selectedIndex`); got != 3 {
		t.Errorf("the select shows option %d, want 3", got)
	}
}

func TestFixButtonFlipsVerdict(t *testing.T) {
	needScenario(t, "xss-cookie-theft")
	cfg := sim.Defaults()
	cfg.SessionCookieHTTPOnly = false
	s, _ := sim.ScenarioByID("xss-cookie-theft")
	fixes := s.Fixes(cfg)
	if len(fixes) == 0 {
		t.Fatal("the engine finds no fix")
	}
	ctx := newPage(t)
	load(t, ctx, rootURL)
	click(t, ctx, "#f-SESSION_COOKIE_HTTPONLY")
	click(t, ctx, "#open-xss-cookie-theft")
	waitFor(t, ctx, `document.querySelector("#detail")?.dataset.openScenario === "xss-cookie-theft"`)
	before := eval[string](t, ctx, `document.querySelector('#board [data-scenario="xss-cookie-theft"]').dataset.verdict`)
	n := eval[int](t, ctx, `document.querySelectorAll("#detail .fix").length`)
	if n != len(fixes) {
		t.Errorf("%d fixes shown, the engine finds %d", n, len(fixes))
	}
	f := fixes[0]
	click(t, ctx, `#detail .fix[data-key="`+f.Key+`"][data-to="`+f.To+`"] button.apply`)
	waitFor(t, ctx, verdictIs("xss-cookie-theft", f.Outcome))
	if string(f.Outcome) == before {
		t.Errorf("fix %s=%s keeps the verdict %s", f.Key, f.To, before)
	}
	// The fix is a real settings change: its control shows it.
	if got := eval[string](t, ctx, `document.querySelector('[data-key="`+f.Key+`"] :is(input, select)').type === "checkbox" ?
		String(document.querySelector('[data-key="`+f.Key+`"] input').checked) : document.querySelector('[data-key="`+f.Key+`"] :is(input, select)').value`); !strings.EqualFold(got, f.To) {
		t.Errorf("control of %s shows %q after the fix to %q", f.Key, got, f.To)
	}
}

func TestShareLinkRestoresStateAndStep(t *testing.T) {
	needScenario(t, "basics")
	ctx := newPage(t)
	load(t, ctx, rootURL)
	entries := eval[int](t, ctx, `history.length`)
	click(t, ctx, "#f-SESSION_COOKIE_HTTPONLY")
	setValue(t, ctx, "f-SESSION_COOKIE_SAMESITE", "Strict")
	setValue(t, ctx, "f-SESSION_COOKIE_AGE", "900")
	click(t, ctx, "#open-basics")
	waitFor(t, ctx, `document.querySelector("#detail")?.dataset.step === "1"`)
	click(t, ctx, "#step-next")
	waitFor(t, ctx, `document.querySelector("#detail").dataset.step === "2"`)
	// The arrow keys step too.
	eval[chromedp.Void](t, ctx, `document.getElementById("detail-h").focus()`)
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowRight)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `document.querySelector("#detail").dataset.step === "3"`)
	// The address follows the state a moment later (page.go, hashDelay).
	waitFor(t, ctx, `/[#&]step=3(&|$)/.test(location.hash)`)
	link := eval[string](t, ctx, `location.href`)

	// History is replaced, not pushed: no entry for any of the changes.
	if n := eval[int](t, ctx, `history.length`); n != entries {
		t.Errorf("history.length = %d after several changes, want %d as before them", n, entries)
	}

	// Copy link puts it on the clipboard and in the share box.
	allowClipboard(t, ctx)
	click(t, ctx, "#share")
	waitFor(t, ctx, `!!document.getElementById("share-url")`)
	if shown := eval[string](t, ctx, `document.getElementById("share-url").value`); shown != link {
		t.Errorf("share box %q, address %q", shown, link)
	}
	waitFor(t, ctx, `document.getElementById("flash")?.textContent.includes("Copied the link")`)
	copied, err := chromedp.Run(ctx, chromedp.Evaluate[string](`navigator.clipboard.readText()`, chromedp.EvalAwaitPromise))
	if err != nil || copied != link {
		t.Errorf("clipboard %q (%v), want %q", copied, err, link)
	}

	fresh := newPage(t)
	load(t, fresh, link)
	state := `JSON.stringify({
		httponly: document.getElementById("f-SESSION_COOKIE_HTTPONLY").checked,
		samesite: document.getElementById("f-SESSION_COOKIE_SAMESITE").value,
		age: document.getElementById("f-SESSION_COOKIE_AGE").value,
		scenario: document.querySelector("#detail")?.dataset.openScenario,
		step: document.querySelector("#detail")?.dataset.step,
		current: document.querySelector(".trace-table tr.current")?.dataset.step,
		hash: location.hash,
	})`
	got, exp := eval[string](t, fresh, state), eval[string](t, ctx, state)
	if got != exp {
		t.Errorf("restored %s\nwant     %s", got, exp)
	}
	if !strings.Contains(got, `"step":"3"`) || !strings.Contains(got, `"httponly":false`) {
		t.Errorf("restored state %s lost the changes", got)
	}
	if got := board(t, fresh); !equalMaps(got, board(t, ctx)) {
		t.Errorf("restored board %v, original %v", got, board(t, ctx))
	}
}

func TestKeyboardAndLabels(t *testing.T) {
	ctx := newPage(t)
	load(t, ctx, rootURL)
	first := sim.Scenarios[0].ID
	click(t, ctx, "#open-"+first) // a scenario open, so that every kind of control is on the page
	waitFor(t, ctx, `!!document.querySelector("#detail")`)

	unnamed := eval[[]string](t, ctx, `[...document.querySelectorAll("input, select, textarea, button")]
		.filter(e => !e.closest("[hidden]"))
		.filter(e => !(e.labels?.length || e.getAttribute("aria-label") || e.getAttribute("aria-labelledby") ||
			(e.tagName === "BUTTON" && e.textContent.trim())))
		.map(e => e.outerHTML.slice(0, 80))`)
	if len(unnamed) > 0 {
		t.Errorf("controls without an accessible name: %v", unnamed)
	}
	danglingRefs := `[...document.querySelectorAll("[aria-labelledby], [aria-describedby], [aria-controls]")]
		.flatMap(e => ["aria-labelledby", "aria-describedby", "aria-controls"].flatMap(a => (e.getAttribute(a) || "").split(" ").filter(Boolean)))
		.filter(id => !document.getElementById(id))`
	if broken := eval[[]string](t, ctx, danglingRefs); len(broken) > 0 {
		t.Errorf("ARIA references to missing ids: %v", broken)
	}

	// Escape closes and gives the focus back to the board; Enter opens and
	// moves it to the scenario's heading.
	eval[chromedp.Void](t, ctx, `document.getElementById("detail-h").focus()`)
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Escape)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `!document.querySelector("#detail") && document.activeElement.id === "open-`+first+`"`)
	if broken := eval[[]string](t, ctx, danglingRefs); len(broken) > 0 {
		t.Errorf("with the scenario closed, ARIA references to missing ids: %v", broken)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `document.activeElement.id === "detail-h"`)

	// The keyboard focus is visible.
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
		t.Fatal(err)
	}
	if style := eval[string](t, ctx, `getComputedStyle(document.activeElement).outlineStyle`); style == "none" {
		t.Errorf("the focused %s has no outline", eval[string](t, ctx, `document.activeElement.outerHTML.slice(0, 60)`))
	}
}

func TestPlayerStepsByItselfAndPauses(t *testing.T) {
	needScenario(t, "basics")
	ctx := newPage(t)
	load(t, ctx, rootURL+"#"+sim.EncodeLink(sim.LinkState{Config: sim.Defaults(), Scenario: "basics", Step: 1}))
	click(t, ctx, "#step-play")
	waitFor(t, ctx, `document.getElementById("step-play").textContent === "Pause"`)
	waitFor(t, ctx, `document.querySelector("#detail").dataset.step === "2"`)
	waitFor(t, ctx, `document.getElementById("live").textContent.startsWith("Step 2 of ")`)
	click(t, ctx, "#step-play")
	waitFor(t, ctx, `document.getElementById("step-play").textContent === "Play"`)
}

// A link pasted into the address bar of an open page loads like a fresh
// one, locks included.
func TestEditedAddressLoadsItsState(t *testing.T) {
	needScenario(t, "basics")
	ctx := newPage(t)
	load(t, ctx, rootURL)
	cfg := sim.Defaults()
	cfg.SessionCookieHTTPOnly = false
	link := sim.EncodeLink(sim.LinkState{Config: cfg, Scenario: "basics", Step: 2, Locked: []string{"SESSION_COOKIE_SECURE"}})
	eval[chromedp.Void](t, ctx, `location.hash = `+jsString(link))
	waitFor(t, ctx, `!document.getElementById("f-SESSION_COOKIE_HTTPONLY").checked`)
	waitFor(t, ctx, `document.querySelector("#detail")?.dataset.step === "2"`)
	if !eval[bool](t, ctx, `document.getElementById("f-SESSION_COOKIE_SECURE").disabled`) {
		t.Error("the locked setting can be changed")
	}
	if got := eval[string](t, ctx, `location.hash.slice(1)`); got != link {
		t.Errorf("hash %q, want the pasted %q", got, link)
	}
}

// allowClipboard grants the page the clipboard, as a user's click does, and
// keeps the headless tab focused, which the clipboard requires.
func allowClipboard(t *testing.T, ctx context.Context) {
	t.Helper()
	c := chromedp.FromContext(ctx)
	for _, name := range []string{"clipboard-read", "clipboard-write"} {
		if _, err := chromedp.CallBrowser(ctx, browser.SetPermission, browser.SetPermissionParams{
			Permission:       &browser.PermissionDescriptor{Name: name},
			Setting:          browser.PermissionSettingGranted,
			BrowserContextID: c.BrowserContextID,
		}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := chromedp.Call(ctx, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true}); err != nil {
		t.Fatal(err)
	}
}

func TestTamperedLinkShowsMessageAndDefaults(t *testing.T) {
	// A real link with a value mistyped, one cut short, and fragments that are
	// not links at all.
	cfg := sim.Defaults()
	cfg.SessionCookieHTTPOnly = false
	good := sim.EncodeLink(sim.LinkState{Config: cfg, Scenario: "basics", Step: 2})
	mistyped := strings.Replace(good, "False", "Flase", 1)
	cut := good[:strings.LastIndex(good, "=")+1] + "&"
	for _, bad := range []string{mistyped, cut} {
		if bad == good {
			t.Fatalf("could not tamper with %q", good)
		}
		if _, err := sim.DecodeLink(bad); err == nil {
			t.Fatalf("sim.DecodeLink accepts the tampered link %q", bad)
		}
	}
	for _, fragment := range []string{mistyped, cut, "not-a-session-lab-link", "%%%"} {
		t.Run(fragment[:min(len(fragment), 12)], func(t *testing.T) {
			ctx := newPage(t)
			load(t, ctx, rootURL+"#"+fragment)
			waitFor(t, ctx, `document.querySelector("#flash.error") !== null`)
			msg := eval[string](t, ctx, `document.querySelector("#flash.error").textContent`)
			if !strings.Contains(msg, "could not be read") {
				t.Errorf("message %q", msg)
			}
			if got := board(t, ctx); !equalMaps(got, want(sim.Defaults())) {
				t.Errorf("board after a bad link = %v, want the defaults' %v", got, want(sim.Defaults()))
			}
			if !eval[bool](t, ctx, `document.getElementById("f-SESSION_COOKIE_HTTPONLY").checked`) {
				t.Error("HttpOnly is off after a bad link; want the default, on")
			}
		})
	}
}

func TestPastedSettingsLoadAndBrokenOnesKeepTheText(t *testing.T) {
	needScenario(t, "xss-cookie-theft")
	ctx := newPage(t)
	load(t, ctx, rootURL)

	good := "SESSION_COOKIE_HTTPONLY = False\nSESSION_COOKIE_AGE = 600\n"
	setValue(t, ctx, "settings-in", good)
	click(t, ctx, "#load-settings")
	waitFor(t, ctx, `!document.getElementById("f-SESSION_COOKIE_HTTPONLY").checked`)
	waitFor(t, ctx, `document.getElementById("f-SESSION_COOKIE_AGE").value === "600"`)
	cfg := sim.Defaults()
	cfg.SessionCookieHTTPOnly, cfg.SessionCookieAge = false, 600
	if got := board(t, ctx); !equalMaps(got, want(cfg)) {
		t.Errorf("board after the paste = %v\nengine = %v", got, want(cfg))
	}

	broken := "SESSION_COOKIE_SECURE = (True\nSESSION_COOKIE_SAMESITE = 'Sideways'\n"
	_, notes := sim.ImportSettings(broken, cfg)
	setValue(t, ctx, "settings-in", broken)
	click(t, ctx, "#load-settings")
	waitFor(t, ctx, `document.querySelectorAll("#settings-notes .note").length > 0`)
	if got := eval[string](t, ctx, `document.getElementById("settings-in").value`); got != broken {
		t.Errorf("the box holds %q after a failed load, want the pasted text", got)
	}
	lines := eval[[]string](t, ctx, `[...document.querySelectorAll("#settings-notes .note")].map(e => e.dataset.line)`)
	if len(lines) != len(notes) {
		t.Errorf("%d notes shown (lines %v), the engine gives %d: %v", len(lines), lines, len(notes), notes)
	}
	// The text survives a reload.
	if err := chromedp.Do(ctx, chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `document.body.dataset.ready === "1"`)
	waitFor(t, ctx, `document.getElementById("settings-in").value === `+jsString(broken))
}

// TestPastedSettingsFollowIfStatements pastes a settings file whose values
// depend on DEBUG, as many do: the page applies what Python would run, and
// shows the notes the engine gives, each at its line.
func TestPastedSettingsFollowIfStatements(t *testing.T) {
	ctx := newPage(t)
	load(t, ctx, rootURL)
	src := "from datetime import timedelta\nDEBUG = False\nif DEBUG:\n    SESSION_COOKIE_HTTPONLY = True\nelse:\n    SESSION_COOKIE_HTTPONLY = False\n" +
		"SESSION_COOKIE_AGE = int(timedelta(minutes=10).total_seconds()) if not DEBUG else 60\n"
	cfg, notes := sim.ImportSettings(src, sim.Defaults())
	if cfg.SessionCookieHTTPOnly || cfg.SessionCookieAge != 600 {
		t.Fatalf("the engine imports %+v", cfg)
	}
	setValue(t, ctx, "settings-in", src)
	click(t, ctx, "#load-settings")
	waitFor(t, ctx, `!document.getElementById("f-SESSION_COOKIE_HTTPONLY").checked`)
	waitFor(t, ctx, `document.getElementById("f-SESSION_COOKIE_AGE").value === "600"`)
	if got := board(t, ctx); !equalMaps(got, want(cfg)) {
		t.Errorf("board after the paste = %v\nengine = %v", got, want(cfg))
	}
	shown := eval[[]string](t, ctx, `[...document.querySelectorAll("#settings-notes .note")].map(e => e.dataset.line + " " + e.querySelector(".note-text").textContent)`)
	var wanted []string
	for _, n := range notes {
		wanted = append(wanted, strconv.Itoa(n.Line)+" "+n.Text)
	}
	if !slices.Equal(shown, wanted) {
		t.Errorf("notes shown %q, the engine gives %q", shown, wanted)
	}
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func TestUnderPathPrefix(t *testing.T) {
	for _, site := range []struct{ name, url, path string }{
		{"built for the prefix", prefixURL, prefix + "/"},
		{"relative, in another folder", folderURL, folder + "/"},
	} {
		t.Run(site.name, func(t *testing.T) {
			ctx := newPage(t)
			load(t, ctx, site.url)
			if got := board(t, ctx); !equalMaps(got, want(sim.Defaults())) {
				t.Errorf("board under %s = %v", site.path, got)
			}
			click(t, ctx, "#f-SESSION_COOKIE_SECURE")
			waitFor(t, ctx, `location.hash.length > 1`)
			if path := eval[string](t, ctx, `location.pathname`); path != site.path {
				t.Errorf("location.pathname = %q after a change, want %q", path, site.path)
			}
			// Every resource the page loaded, and every link and source it
			// holds, stays under the path.
			urls := eval[[]string](t, ctx, `[...performance.getEntriesByType("resource").map(e => e.name),
				...[...document.querySelectorAll("[href], [src]")].map(e => e.href || e.src)]`)
			if len(urls) < 5 {
				t.Fatalf("only %d resources recorded: %v", len(urls), urls)
			}
			for _, raw := range urls {
				u, err := url.Parse(raw)
				if err != nil {
					t.Errorf("bad URL %q", raw)
					continue
				}
				if u.Scheme == "data" || u.Scheme == "blob" {
					continue
				}
				if !strings.HasPrefix(u.Path, site.path) {
					t.Errorf("%s leaves %s", raw, site.path)
				}
			}
			click(t, ctx, "#share")
			waitFor(t, ctx, `!!document.getElementById("share-url")`)
			if link := eval[string](t, ctx, `document.getElementById("share-url").value`); !strings.HasPrefix(link, site.url+"#") {
				t.Errorf("share link %q is not under %s", link, site.url)
			}
		})
	}
}

func TestNoRequestLeavesLoopback(t *testing.T) {
	ctx := newPage(t)
	var mu sync.Mutex
	var requests []string
	if err := chromedp.Listen(ctx, func(ev any) {
		if e, ok := ev.(*network.EventRequestWillBeSent); ok {
			mu.Lock()
			requests = append(requests, e.Request.URL)
			mu.Unlock()
		}
	}); err != nil {
		t.Fatal(err)
	}
	load(t, ctx, rootURL)
	click(t, ctx, "#f-SESSION_COOKIE_HTTPONLY")
	if _, ok := sim.ScenarioByID("basics"); ok {
		click(t, ctx, "#open-basics")
		waitFor(t, ctx, `!!document.querySelector("#detail")`)
	}
	// The service worker's precache list is the page's own files.
	worker, err := chromedp.Run(ctx, chromedp.Evaluate[string](`fetch("app-worker.js").then(r => r.text())`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(worker, "http://") || strings.Contains(worker, "https://") {
		t.Errorf("app-worker.js names a remote resource:\n%s", worker)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(requests) < 5 {
		t.Fatalf("only %d requests recorded: %v", len(requests), requests)
	}
	for _, raw := range requests {
		u, err := url.Parse(raw)
		if err != nil || (u.Scheme != "data" && u.Hostname() != "127.0.0.1") {
			t.Errorf("request to %s", raw)
		}
	}
}

func TestWasmFailureSaysSo(t *testing.T) {
	for _, tt := range []struct{ name, url, says string }{
		{"app.wasm missing", brokenURL, "could not be loaded"},
		{"the Go program stops", exitedURL, "stopped unexpectedly"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ctx := newPage(t)
			link := sim.EncodeLink(sim.LinkState{Config: sim.Hardened()})
			if err := chromedp.Do(ctx, chromedp.Navigate(tt.url+"#"+link)); err != nil {
				t.Fatal(err)
			}
			waitFor(t, ctx, `document.body.dataset.failed === "1"`)
			visible := eval[bool](t, ctx, `!document.getElementById("boot-error").hidden`)
			text := eval[string](t, ctx, `document.getElementById("boot-error-text").textContent`)
			if !visible || !strings.Contains(text, tt.says) {
				t.Errorf("boot error visible=%v text=%q", visible, text)
			}
			// It offers the link that holds the state, and the prerendered
			// page is still there to read.
			if got := eval[string](t, ctx, `document.getElementById("boot-error-link").value`); !strings.HasSuffix(got, "#"+link) {
				t.Errorf("the error offers %q, not the state's link", got)
			}
			if got := board(t, ctx); !equalMaps(got, want(sim.Defaults())) {
				t.Errorf("prerendered board = %v", got)
			}
		})
	}
}

// A settings.py that trusts every subdomain's origin lets the sibling's
// forged POST through (a tossed csrftoken supplies the token), and the
// control, set back to no trusted origins, blocks it again.
func TestTrustedOriginsLetTheSiblingForge(t *testing.T) {
	needScenario(t, "csrf-sibling-post")
	ctx := newPage(t)
	load(t, ctx, rootURL)
	waitFor(t, ctx, verdictIs("csrf-sibling-post", sim.Blocked))

	setValue(t, ctx, "settings-in", "CSRF_TRUSTED_ORIGINS = ['https://*.example.com']\n")
	click(t, ctx, "#load-settings")
	waitFor(t, ctx, verdictIs("csrf-sibling-post", sim.Succeeded))
	cfg := sim.Defaults()
	cfg.CSRFTrustedOrigins = "https://*.example.com"
	if got := board(t, ctx); !equalMaps(got, want(cfg)) {
		t.Errorf("board after the paste = %v\nengine = %v", got, want(cfg))
	}
	if got := eval[string](t, ctx, `document.getElementById("f-CSRF_TRUSTED_ORIGINS").value`); got != cfg.CSRFTrustedOrigins {
		t.Errorf("the control shows %q, want %q", got, cfg.CSRFTrustedOrigins)
	}

	setValue(t, ctx, "f-CSRF_TRUSTED_ORIGINS", "")
	waitFor(t, ctx, verdictIs("csrf-sibling-post", sim.Blocked))
	waitFor(t, ctx, `!location.hash.includes("CSRF_TRUSTED_ORIGINS")`)
}
