package e2e

import (
	"context"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"sessionlab/sim"
)

// The embed example (web/embed-example.html) from another site: the docs
// page on http://localhost:PORT, Session Lab on http://127.0.0.1:PORT2.
// Each iframe is then a separate target, attached to by its id.

// docsHost serves the embed example with its frames pointing at the site
// on rootURL instead of its own folder, and returns the page's URL.
func docsHost(t *testing.T) string {
	t.Helper()
	page, err := os.ReadFile(filepath.Join(moduleRoot, "web", "embed-example.html"))
	if err != nil {
		t.Fatal(err)
	}
	html := strings.ReplaceAll(string(page), `src="../#`, `src="`+rootURL+`#`)
	if strings.Contains(html, `src="../`) || !strings.Contains(html, rootURL) {
		t.Fatal("the example's frames do not point at ../#")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(html))
	})}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return "http://localhost:" + strconv.Itoa(ln.Addr().(*net.TCPAddr).Port) + "/docs/sessions.html"
}

// frame attaches to the iframe target whose URL has the fragment suffix.
func frame(t *testing.T, ctx context.Context, fragment string) context.Context {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		infos, err := chromedp.Targets(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, info := range infos {
			if info.Type == "iframe" && info.URL == rootURL+"#"+fragment {
				fctx, cancel := chromedp.NewContext(ctx, chromedp.WithTargetID(info.TargetID), chromedp.WithDetachOnCancel())
				t.Cleanup(cancel)
				waitFor(t, fctx, `document.body.dataset.ready === "1"`)
				return fctx
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no iframe target at %s#%s", rootURL, fragment)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// frameSrc reads an iframe's fragment from the docs page.
func frameSrc(t *testing.T, ctx context.Context, id string) string {
	t.Helper()
	src := eval[string](t, ctx, `document.getElementById("`+id+`").src`)
	_, fragment, ok := strings.Cut(src, "#")
	if !ok {
		t.Fatalf("frame %s has no fragment: %s", id, src)
	}
	return fragment
}

// press clicks a button of the docs page from script: a mouse click can
// land on the frame above it, which resizes as it loads.
func press(t *testing.T, ctx context.Context, css string) {
	t.Helper()
	eval[chromedp.Void](t, ctx, `document.querySelector('`+css+`').click()`)
}

func detailVerdict(id string, o sim.Outcome) string {
	return `document.querySelector('#detail[data-open-scenario="` + id + `"] .verdict-line')?.classList.contains("` + string(o) + `") === true`
}

func TestEmbedInAnotherSitesFrames(t *testing.T) {
	needHttpOnlyFlip(t)
	ctx := newPage(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(docsHost(t))); err != nil {
		t.Fatal(err)
	}

	t.Run("cross-site frame", func(t *testing.T) {
		fragment := frameSrc(t, ctx, "lab")
		lab := frame(t, ctx, fragment)
		// The embed: the scenario, its two controls, no page chrome, and
		// a link out to the full page with the same state.
		waitFor(t, lab, detailVerdict("xss-cookie-theft", sim.Blocked))
		shown := eval[[]string](t, lab, `[...document.querySelectorAll("#settings [data-key]")].map(e => e.dataset.key)`)
		if strings.Join(shown, ",") != "SESSION_COOKIE_HTTPONLY,SECURE_CSP" {
			t.Errorf("the embed shows the controls %v", shown)
		}
		if n := eval[int](t, lab, `document.querySelectorAll(".top, .foot, #board, #settings-py-h").length`); n != 0 {
			t.Errorf("the embed shows %d pieces of the page's chrome", n)
		}
		link := eval[map[string]string](t, lab, `(() => { const a = document.getElementById("open-full");
			return {href: a.href, target: a.target, rel: a.rel}; })()`)
		l, err := sim.DecodeLink(fragment)
		if err != nil {
			t.Fatal(err)
		}
		l.Mode, l.Show = "", nil
		if link["href"] != rootURL+"#"+sim.EncodeLink(l) || link["target"] != "_blank" || link["rel"] != "noopener" {
			t.Errorf("the link out is %v, want %s#%s in a new tab", link, rootURL, sim.EncodeLink(l))
		}

		// The parent hears the height, and again when it changes.
		own := eval[int](t, lab, `Math.ceil(document.documentElement.getBoundingClientRect().height)`)
		waitFor(t, ctx, `+document.getElementById("lab").dataset.height === `+strconv.Itoa(own))
		if got := eval[string](t, ctx, `document.getElementById("lab").style.height`); got != strconv.Itoa(own)+"px" {
			t.Errorf("the frame is %s tall, its content %d px", got, own)
		}

		click(t, lab, "#f-SESSION_COOKIE_HTTPONLY")
		waitFor(t, lab, detailVerdict("xss-cookie-theft", sim.Succeeded))
		waitFor(t, lab, `location.hash.includes("SESSION_COOKIE_HTTPONLY=False")`)

		// Messages from the parent: its own shape sets the state, and the
		// embed stays an embed; others (from another window, of another
		// shape, oversized or undecodable) change nothing.
		press(t, ctx, `[data-link]:not([data-link*="HTTPONLY=False"])`)
		waitFor(t, lab, detailVerdict("xss-cookie-theft", sim.Blocked))
		if eval[string](t, lab, `new URLSearchParams(location.hash.slice(1)).get("mode")`) != "embed" {
			t.Error("a link from the parent took the embed out of its mode")
		}
		press(t, ctx, `[data-link*="HTTPONLY=False"]`)
		waitFor(t, lab, detailVerdict("xss-cookie-theft", sim.Succeeded))
		const blocked = `"v1&scenario=xss-cookie-theft&step=1"`
		eval[chromedp.Void](t, lab, `window.postMessage({type: "sessionlab:set", link: `+blocked+`}, "*")`)
		eval[chromedp.Void](t, ctx, `(() => { const w = document.getElementById("lab").contentWindow;
			w.postMessage(`+blocked+`, "*");
			w.postMessage({type: "sessionlab:set", link: 42}, "*");
			w.postMessage({type: "sessionlab:set ", link: `+blocked+`}, "*");
			w.postMessage({type: "sessionlab:set", link: `+blocked+` + "&travel=" + "w1,".repeat(3000)}, "*");
			w.postMessage({type: "sessionlab:set", link: "v1&DEBUG=True"}, "*"); })()`)
		waitFor(t, lab, `document.getElementById("flash")?.textContent.includes("DEBUG") === true`)
		if !eval[bool](t, lab, detailVerdict("xss-cookie-theft", sim.Succeeded)) {
			t.Error("a message the embed must ignore changed its state")
		}
		// The first visit installs the service worker: that is no update.
		if eval[bool](t, lab, `!!document.getElementById("update")`) {
			t.Error("the first visit announces a new version")
		}
	})

	t.Run("sandboxed frame", func(t *testing.T) {
		lab := frame(t, ctx, frameSrc(t, ctx, "lab-sandboxed"))
		if origin := eval[string](t, lab, `self.origin`); origin != "null" {
			t.Fatalf("the sandboxed frame's origin is %q, not opaque", origin)
		}
		if eval[bool](t, lab, `"serviceWorker" in navigator`) {
			t.Error("navigator.serviceWorker is still there for go-app to trip on")
		}
		waitFor(t, lab, verdictIs("wifi-sniffing", sim.Blocked))
		cfg := sim.Defaults()
		cfg.SessionCookieSecure = true
		click(t, lab, "#f-SESSION_COOKIE_SECURE")
		for id, v := range want(cfg) {
			waitFor(t, lab, verdictIs(id, sim.Outcome(v)))
		}
		if got := board(t, lab); !equalMaps(got, want(cfg)) {
			t.Errorf("sandboxed board = %v\nengine = %v", got, want(cfg))
		}
		// history.replaceState works in an opaque origin: the address
		// follows the state, and no error says otherwise.
		waitFor(t, lab, `location.hash.includes("SESSION_COOKIE_SECURE=True")`)
		if flash := eval[string](t, lab, `document.getElementById("flash")?.textContent ?? ""`); flash != "" {
			t.Errorf("the sandboxed embed says %q", flash)
		}
		if n := eval[int](t, lab, `document.querySelectorAll("#settings [data-key]").length`); n != 3 {
			t.Errorf("the sandboxed embed shows %d controls, want 3", n)
		}
		own := eval[int](t, lab, `Math.ceil(document.documentElement.getBoundingClientRect().height)`)
		waitFor(t, ctx, `+document.getElementById("lab-sandboxed").dataset.height === `+strconv.Itoa(own))
	})
}

func TestEmbedBuilder(t *testing.T) {
	needScenario(t, "xss-cookie-theft")
	ctx := newPage(t)
	allowClipboard(t, ctx)
	load(t, ctx, rootURL+"#v1&scenario=xss-cookie-theft&step=1")
	click(t, ctx, "#embed-open")
	waitFor(t, ctx, `document.activeElement?.id === "embed-h"`)

	// It starts on the open scenario, with the settings that matter for it.
	s, _ := sim.ScenarioByID("xss-cookie-theft")
	if got := eval[string](t, ctx, `document.getElementById("embed-scenario").value`); got != s.ID {
		t.Errorf("the builder embeds %q, want the open %s", got, s.ID)
	}
	shown := eval[[]string](t, ctx, `[...document.querySelectorAll(".embed-choice")].filter(e => e.querySelector("select").value !== "hidden").map(e => e.dataset.key)`)
	var toggles []string
	for _, f := range sim.Fields {
		for _, k := range s.Toggles {
			if f.Key == k {
				toggles = append(toggles, k)
			}
		}
	}
	if strings.Join(shown, ",") != strings.Join(toggles, ",") {
		t.Errorf("shown %v, want the scenario's toggles %v", shown, toggles)
	}

	setValue(t, ctx, "ec-SECURE_CSP", "locked")
	setValue(t, ctx, "ec-SESSION_COOKIE_NAME", "hidden")
	setValue(t, ctx, "embed-width", "480")
	l := sim.LinkState{Config: sim.Defaults(), Scenario: s.ID, Step: 1, Mode: "embed", Locked: []string{"SECURE_CSP"}}
	for _, k := range toggles {
		if k != "SESSION_COOKIE_NAME" {
			l.Show = append(l.Show, k)
		}
	}
	src := `src="` + strings.ReplaceAll(rootURL+"#"+sim.EncodeLink(l), "&", "&amp;") + `"`
	waitFor(t, ctx, `document.getElementById("embed-code").value.includes("width:480px")`)
	code := eval[string](t, ctx, `document.getElementById("embed-code").value`)
	if !strings.Contains(code, src) || !strings.Contains(code, `"sessionlab:height"`) {
		t.Errorf("the snippet\n%s\nhas no %s or no sizing script", code, src)
	}

	// The preview is the embed itself, measured.
	click(t, ctx, "#embed-preview-toggle")
	waitFor(t, ctx, `/is \d+ px tall at 480 px wide/.test(document.getElementById("embed-size").textContent)`)
	waitFor(t, ctx, `document.getElementById("embed-preview").contentDocument?.getElementById("f-SECURE_CSP")?.disabled === true`)
	tall := eval[int](t, ctx, `Math.ceil(document.getElementById("embed-preview").contentDocument.documentElement.getBoundingClientRect().height)`)
	if hint := eval[string](t, ctx, `document.getElementById("embed-size").textContent`); !strings.Contains(hint, " "+strconv.Itoa(tall)+" px tall") {
		t.Errorf("the hint %q does not say the preview's %d px", hint, tall)
	}

	reportViolations(t, "embed builder with its preview", runAxe(t, ctx))

	// Back to the board (an option with an empty value), and to the scenario.
	choose(t, ctx, "embed-scenario", "The board: every scenario's verdict")
	waitFor(t, ctx, `!document.getElementById("embed-code").value.includes("scenario=")`)
	if flash := eval[string](t, ctx, `document.getElementById("flash")?.textContent ?? ""`); flash != "" {
		t.Errorf("choosing the board says %q", flash)
	}
	choose(t, ctx, "embed-scenario", s.Title)
	waitFor(t, ctx, `document.getElementById("embed-code").value.includes("scenario=`+s.ID+`")`)
	code = eval[string](t, ctx, `document.getElementById("embed-code").value`)

	// From the keyboard: the preview's frame may still be resizing, which
	// moves the button under a click aimed at where it was.
	if err := chromedp.Do(ctx, chromedp.Focus(chromedp.CSS("#embed-copy"))); err != nil {
		t.Fatal(err)
	}
	pressKey(t, ctx, kb.Enter)
	// The clipboard is written asynchronously; the flash says when. A
	// failure says what the page showed instead (this wait once timed out
	// in CI, cause unknown).
	copiedCond := `/^(Copied|Could not copy)/.test(document.getElementById("flash")?.textContent ?? "")`
	if _, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](copiedCond, chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		t.Fatalf("no message after copying (%v): %s", err, eval[string](t, ctx, `JSON.stringify({flash: document.getElementById("flash")?.textContent ?? null,
			focused: document.hasFocus(), active: document.activeElement?.id ?? null, button: !!document.getElementById("embed-copy")})`))
	}
	if flash := eval[string](t, ctx, `document.getElementById("flash").textContent`); !strings.HasPrefix(flash, "Copied the") {
		t.Errorf("copying the snippet says %q", flash)
	}
	copied, err := chromedp.Run(ctx, chromedp.Evaluate[string](`navigator.clipboard.readText()`, chromedp.EvalAwaitPromise))
	if err != nil || copied != code {
		t.Errorf("clipboard %q (%v), want the snippet", copied, err)
	}

	// Escape closes it and gives the focus back to its button.
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Escape)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `!document.getElementById("embed-builder") && document.activeElement?.id === "embed-open"`)
}

// The example as the site serves it, under its Content-Security-Policy: the
// frames are the site's own pages, the page's inline script runs.
func TestEmbedExampleOnTheSite(t *testing.T) {
	ctx := newPage(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(rootURL+"web/embed-example.html")); err != nil {
		t.Fatal(err)
	}
	// The frames report their heights out of view too (Chromium runs no
	// ResizeObserver in a cross-origin frame out of view).
	for _, id := range []string{"lab", "lab-sandboxed"} {
		waitFor(t, ctx, `document.getElementById("`+id+`").dataset.height > 0`)
	}
	waitFor(t, ctx, `document.getElementById("lab").contentDocument?.querySelector("#detail .verdict-line") != null`)
}
