package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"sessionlab/sim"
)

// A Go panic in the running page leaves an error panel with the link that
// holds the state and a reload button, never a page that silently stopped
// answering. The panics are real: a browser API the Go side calls is made
// to throw, which syscall/js turns into a panic, once in an event handler
// (the share box's focus handler selects its text) and once while go-app
// renders an update into the DOM.
func TestPanicShowsErrorPanelWithLink(t *testing.T) {
	needScenario(t, "basics")
	for _, tt := range []struct {
		name, sabotage, trigger string
	}{
		{"in an event handler",
			`HTMLInputElement.prototype.select = function () { throw new Error("injected failure") }`,
			`document.getElementById("share").click();
			 new Promise(r => setTimeout(r, 200)).then(() => document.getElementById("share-url").focus())`},
		{"while rendering",
			`const set = Element.prototype.setAttribute;
			 Element.prototype.setAttribute = function (name, value) {
				if (name === "data-verdict") throw new Error("injected failure");
				return set.call(this, name, value);
			 }`,
			`document.getElementById("f-SESSION_COOKIE_HTTPONLY").click()`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ctx := newPage(t)
			cfg := sim.Defaults()
			cfg.SessionCookieAge = 900
			load(t, ctx, rootURL+"#"+sim.EncodeLink(sim.LinkState{Config: cfg, Scenario: "basics", Step: 2}))
			eval[any](t, ctx, tt.sabotage)
			eval[any](t, ctx, tt.trigger)
			waitFor(t, ctx, `document.body.dataset.failed === "1" || !!document.getElementById("crash")`)

			// The Lab's own panel (a panic it recovered) or the boot
			// script's (the Go program stopped): either names the failure
			// and offers the state's link and a reload.
			panel := eval[string](t, ctx, `document.getElementById("crash") ? "crash" : "boot-error"`)
			text := eval[string](t, ctx, `document.getElementById(`+jsString(panel)+`).textContent`)
			t.Logf("%s panel: %q", panel, text)
			if !strings.Contains(text, "stopped") {
				t.Errorf("%s panel says %q", panel, text)
			}
			state := eval[string](t, ctx, `location.href`)
			link := eval[string](t, ctx, `document.querySelector("#`+panel+` input").value`)
			if link != state || !strings.Contains(link, "SESSION_COOKIE_AGE=900") {
				t.Errorf("the panel offers %q, want the state's link %q", link, state)
			}
			if eval[bool](t, ctx, `document.getElementById(`+jsString(panel)+`).hidden`) {
				t.Errorf("the %s panel is hidden", panel)
			}

			// Its reload button brings the page back in the same state.
			eval[any](t, ctx, `window.__beforeReload = true; document.querySelector("#`+panel+` button").click()`)
			reloaded := false
			for range 100 { // the old document's context goes away mid-poll: evaluate again
				ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!window.__beforeReload && document.body?.dataset.ready === "1"`))
				if reloaded = err == nil && ok; reloaded {
					break
				}
				time.Sleep(200 * time.Millisecond)
			}
			if !reloaded {
				t.Fatal("the reload button did not bring the page back")
			}
			waitFor(t, ctx, `document.querySelector("#detail")?.dataset.step === "2"`)
			if got := eval[string](t, ctx, `document.getElementById("f-SESSION_COOKIE_AGE").value`); got != "900" {
				t.Errorf("the reloaded page shows SESSION_COOKIE_AGE %q, want the link's 900", got)
			}
		})
	}
}

// settledAddress returns location.href once no write to it is due: the
// page writes the address hashDelay (page.go) after a change.
func settledAddress(t *testing.T, ctx context.Context) string {
	t.Helper()
	last := eval[string](t, ctx, `location.href`)
	for range 100 {
		time.Sleep(250 * time.Millisecond) // longer than hashDelay
		now := eval[string](t, ctx, `location.href`)
		if now == last {
			return now
		}
		last = now
	}
	t.Fatal("the address never settled")
	return ""
}
