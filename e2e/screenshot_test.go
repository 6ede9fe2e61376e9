package e2e

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"sessionlab/sim"
)

// TestScreenshots writes screenshots of the page for people to look at: a
// phone and a desktop width, light and dark, with a scenario open. It runs
// only when $SESSIONLAB_SCREENSHOTS names a folder:
//
//	SESSIONLAB_SCREENSHOTS=/tmp/shots go test ./e2e -run Screenshots
//
// README.md's web/screenshot.png is shots/readme.png.
func TestScreenshots(t *testing.T) {
	dir := os.Getenv("SESSIONLAB_SCREENSHOTS")
	if dir == "" {
		t.Skip("set SESSIONLAB_SCREENSHOTS to a folder to write screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	open := "basics"
	if _, ok := sim.ScenarioByID("xss-cookie-theft"); ok {
		open = "xss-cookie-theft"
	}
	cfg := sim.Defaults()
	cfg.SessionCookieHTTPOnly = false
	link := rootURL + "#" + sim.EncodeLink(sim.LinkState{Config: cfg, Scenario: open, Step: 7})

	for _, width := range []int64{360, 1280} {
		for _, scheme := range []string{"light", "dark"} {
			ctx := newPage(t)
			height := int64(800)
			if width < 600 {
				height = 760
			}
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, height)); err != nil {
				t.Fatal(err)
			}
			if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
				Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
			}); err != nil {
				t.Fatal(err)
			}
			load(t, ctx, link)
			full, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatal(err)
			}
			name := filepath.Join(dir, scheme+"-"+strconv.FormatInt(width, 10)+".png")
			if err := os.WriteFile(name, full, 0o644); err != nil {
				t.Fatal(err)
			}
			if width == 1280 && scheme == "light" {
				// The README's picture: the end of the board, the open
				// scenario and the settings beside it, at 3/4 scale to keep
				// the file small.
				if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 1000, chromedp.EmulateScale(0.75))); err != nil {
					t.Fatal(err)
				}
				eval[chromedp.Void](t, ctx, `window.scrollTo(0, document.getElementById("detail").offsetTop - 260)`)
				shot, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, "readme.png"), shot, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}
