package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"sessionlab/sim"
)

// tabStops presses Tab until the focus comes back to where it started and
// returns how many stops there were. Along the way the page records every
// element that took the focus (window.__reached) and every one whose focus
// was not visible (window.__unseen).
func tabStops(t *testing.T, ctx context.Context) int {
	t.Helper()
	eval[chromedp.Void](t, ctx, `(() => {
		window.__reached = new Set(); window.__unseen = [];
		document.addEventListener("focusin", e => {
			const el = e.target, s = getComputedStyle(el);
			window.__reached.add(el);
			if (s.outlineStyle === "none" && s.boxShadow === "none") window.__unseen.push(el.outerHTML.slice(0, 80));
		});
		document.activeElement?.blur();
	})()`)
	first := ""
	for n := 1; n <= 600; n++ {
		pressKey(t, ctx, kb.Tab)
		here := eval[string](t, ctx, `(e => e === document.body ? "" : e.outerHTML.slice(0, 120))(document.activeElement)`)
		if n == 1 {
			first = here
		} else if here == first {
			return n - 1
		}
	}
	t.Fatal("Tab never came back to the first stop in 600 presses")
	return 0
}

func pressKey(t *testing.T, ctx context.Context, key string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.KeyEvent(key)); err != nil {
		t.Fatalf("pressing %q: %v", key, err)
	}
}

// tabTo presses Tab until the focused element matches the CSS selector.
func tabTo(t *testing.T, ctx context.Context, css string) {
	t.Helper()
	for range 600 {
		pressKey(t, ctx, kb.Tab)
		if eval[bool](t, ctx, `document.activeElement.matches(`+jsString(css)+`)`) {
			return
		}
	}
	t.Fatalf("Tab never reached %s", css)
}

// unreachedControls lists the visible, enabled controls that never took the
// focus during tabStops.
const unreachedControls = `[...document.querySelectorAll(
		"a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex='-1']), [contenteditable='true']")]
	.filter(e => !e.disabled && !e.closest("[inert], [hidden]") && e.getClientRects().length > 0 &&
		getComputedStyle(e).visibility !== "hidden" && e.tabIndex >= 0)
	.filter(e => !window.__reached.has(e))
	.map(e => e.outerHTML.slice(0, 100))`

// Every control of every audited state takes the focus from the keyboard,
// in one Tab cycle, visibly.
func TestTabReachesEveryControl(t *testing.T) {
	for _, p := range auditPages() {
		t.Run(p.name, func(t *testing.T) {
			ctx := newPage(t)
			load(t, ctx, p.url(rootURL))
			stops := tabStops(t, ctx)
			if stops < 5 {
				t.Errorf("only %d Tab stops", stops)
			}
			controls := eval[int](t, ctx, strings.Replace(unreachedControls, ".filter(e => !window.__reached.has(e))", "", 1)+".length")
			if controls < stops/2 {
				t.Errorf("%d controls on the page for %d Tab stops", controls, stops)
			}
			t.Logf("%d Tab stops, %d controls", stops, controls)
			if missed := eval[[]string](t, ctx, unreachedControls); len(missed) > 0 {
				t.Errorf("%d controls Tab never reaches (of %d stops): %q", len(missed), stops, missed)
			}
			if unseen := eval[[]string](t, ctx, `window.__unseen`); len(unseen) > 0 {
				t.Errorf("focus without a visible outline: %q", unseen)
			}
		})
	}
}

// A learner without a mouse changes a setting, opens a scenario, steps
// through it and copies the link, with Tab, Space, Enter and arrows only.
func TestKeyboardOnlySession(t *testing.T) {
	needScenario(t, "xss-cookie-theft")
	ctx := newPage(t)
	allowClipboard(t, ctx)
	load(t, ctx, rootURL)
	eval[chromedp.Void](t, ctx, `document.activeElement?.blur()`)

	// A setting: HttpOnly off flips the cookie theft.
	off := sim.Defaults()
	off.SessionCookieHTTPOnly = false
	wantVerdict := want(off)["xss-cookie-theft"]
	tabTo(t, ctx, "#f-SESSION_COOKIE_HTTPONLY")
	pressKey(t, ctx, " ")
	waitFor(t, ctx, `!document.getElementById("f-SESSION_COOKIE_HTTPONLY").checked`)
	waitFor(t, ctx, `document.querySelector('#board [data-scenario="xss-cookie-theft"]').dataset.verdict === `+jsString(wantVerdict))

	// A choice by arrow keys: SameSite moves to its next option.
	tabTo(t, ctx, "#f-SESSION_COOKIE_SAMESITE")
	before := eval[string](t, ctx, `document.activeElement.value`)
	pressKey(t, ctx, kb.ArrowDown)
	waitFor(t, ctx, `document.getElementById("f-SESSION_COOKIE_SAMESITE").value !== `+jsString(before))
	waitFor(t, ctx, `location.hash.includes("SESSION_COOKIE_SAMESITE")`)

	// A scenario: Enter opens it and puts the focus on its heading.
	tabTo(t, ctx, "#open-xss-cookie-theft")
	pressKey(t, ctx, kb.Enter)
	waitFor(t, ctx, `document.querySelector("#detail")?.dataset.openScenario === "xss-cookie-theft"`)
	waitFor(t, ctx, `document.activeElement.id === "detail-h"`)

	// Stepping: the Next button, then the arrow key on the scenario.
	tabTo(t, ctx, "#step-next")
	pressKey(t, ctx, kb.Enter)
	waitFor(t, ctx, `document.querySelector("#detail").dataset.step === "2"`)
	waitFor(t, ctx, `document.getElementById("live").textContent.startsWith("Step 2 of ")`)
	pressKey(t, ctx, kb.Enter)
	waitFor(t, ctx, `document.querySelector("#detail").dataset.step === "3"`)

	// The link: Copy link from the keyboard puts the state on the clipboard.
	tabTo(t, ctx, "#share")
	pressKey(t, ctx, kb.Enter)
	waitFor(t, ctx, `document.getElementById("flash")?.textContent.includes("Copied the link")`)
	copied, err := chromedp.Run(ctx, chromedp.Evaluate[string](`navigator.clipboard.readText()`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	// The address bar holds the same link (a moment later: page.go, hashDelay).
	waitFor(t, ctx, `location.href === `+jsString(copied))
	l, err := sim.DecodeLink(copied[strings.IndexByte(copied, '#')+1:])
	if err != nil {
		t.Fatal(err)
	}
	if l.Scenario != "xss-cookie-theft" || l.Step != 3 || l.Config.SessionCookieHTTPOnly || l.Config.SessionCookieSameSite == sim.Defaults().SessionCookieSameSite {
		t.Errorf("the copied link holds %+v", l)
	}
}
