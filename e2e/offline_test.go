package e2e

import (
	"context"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"sessionlab/sim"
)

// Offline and updates need servers of their own, to stop them and to swap
// the files they serve.

// buildSite generates a site into a new folder with "sessionlab static"
// and the extra flags.
func buildSite(t *testing.T, flags ...string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "site")
	args := append([]string{"static", "-out", out, "-wasm", wasmFile, "-web", filepath.Join(moduleRoot, "web")}, flags...)
	if b, err := exec.Command(commandBin, args...).CombinedOutput(); err != nil {
		t.Fatalf("sessionlab %s: %v\n%s", strings.Join(args, " "), err, b)
	}
	return out
}

// serveSite serves dir under prefix and returns the site's URL and a func
// that stops the server.
func serveSite(t *testing.T, dir, prefix string) (string, func()) {
	t.Helper()
	cmd := exec.Command(commandBin, "serve", "-addr", "127.0.0.1:0", "-dir", dir, "-prefix", prefix)
	u, err := startServer(cmd)
	if err != nil {
		t.Fatal(err)
	}
	stop := func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	}
	t.Cleanup(stop)
	return u, stop
}

// workerReady waits until the service worker is active: its install
// finished caching the version's files.
func workerReady(t *testing.T, ctx context.Context) {
	t.Helper()
	_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`navigator.serviceWorker.ready.then(r => !!r.active)`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
}

func TestOfflineAfterOneVisit(t *testing.T) {
	if skipReason != "" {
		t.Skip(skipReason)
	}
	hardened := sim.EncodeLink(sim.LinkState{Config: sim.Hardened()})
	for _, site := range []struct{ name, prefix string }{{"root", ""}, {"prefix", prefix}} {
		t.Run(site.name, func(t *testing.T) {
			var flags []string
			if site.prefix != "" {
				flags = []string{"-prefix", site.prefix}
			}
			u, stop := serveSite(t, buildSite(t, flags...), site.prefix)
			ctx := newPage(t)
			load(t, ctx, u)
			workerReady(t, ctx)
			stop()

			// The page, with its state from a link, and with a query string
			// (not cached: the page stands in) come from the cache.
			for _, a := range []string{u, u + "#" + hardened, u + "?from=docs#" + hardened} {
				// From another document, so that each is a full load.
				if err := chromedp.Do(ctx, chromedp.Navigate("about:blank"), chromedp.Navigate(a)); err != nil {
					t.Fatal(err)
				}
				waitAcrossReload(t, ctx, `document.body.dataset.ready === "1"`)
				cfg := sim.Defaults()
				if strings.Contains(a, "#") {
					cfg = sim.Hardened()
				}
				if got := board(t, ctx); !equalMaps(got, want(cfg)) {
					t.Errorf("offline at %s: board %v\nengine %v", a, got, want(cfg))
				}
			}
			click(t, ctx, "#f-SESSION_COOKIE_HTTPONLY")
			waitFor(t, ctx, `location.hash.includes("SESSION_COOKIE_HTTPONLY=False")`)
		})
	}
}

// copyTree writes every file of src over the same path in dst, in place:
// the server holds dst open, as a host's folder stays where it is.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// waitAcrossReload waits for a condition on the page that a navigation,
// already started, brings: a poll that starts in the old document, or before
// the new one has its script context, fails and is tried again.
func waitAcrossReload(t *testing.T, ctx context.Context, cond string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		_, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](cond, chromedp.WithPollingTimeout(time.Until(deadline))))
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("waiting for %s: %v", cond, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func version(t *testing.T, ctx context.Context) string {
	t.Helper()
	return eval[string](t, ctx, `goappGetenv("GOAPP_VERSION")`)
}

func TestNewVersionIsAnnouncedAndLoadsOnRequest(t *testing.T) {
	if skipReason != "" {
		t.Skip(skipReason)
	}
	live := buildSite(t, "-version", "a1", "-prefix", prefix)
	u, _ := serveSite(t, live, prefix)
	ctx := newPage(t)
	load(t, ctx, u)
	workerReady(t, ctx)
	if v := version(t, ctx); v != "a1" {
		t.Fatalf("version %q, want a1", v)
	}

	// A release while the page is closed: the next visit still opens the
	// cached version, at once, and says that a new one is ready.
	copyTree(t, buildSite(t, "-version", "b2", "-prefix", prefix), live)
	if err := chromedp.Do(ctx, chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `document.body.dataset.ready === "1"`)
	if v := version(t, ctx); v != "a1" {
		t.Fatalf("the visit after the release runs %q, want the cached a1", v)
	}
	waitFor(t, ctx, `!!document.getElementById("update-reload")`)
	click(t, ctx, "#update-reload")
	waitAcrossReload(t, ctx, `goappGetenv("GOAPP_VERSION") === "b2" && document.body.dataset.ready === "1"`)
	if eval[bool](t, ctx, `!!document.getElementById("update")`) {
		t.Error("the new version still announces an update")
	}

	// A release while the page is open: the page's periodic check
	// (go-app's TryUpdate, registration.update()) finds it.
	copyTree(t, buildSite(t, "-version", "c3", "-prefix", prefix), live)
	eval[chromedp.Void](t, ctx, `goappTryUpdate()`)
	waitFor(t, ctx, `!!document.getElementById("update-reload")`)
	click(t, ctx, "#update-reload")
	waitAcrossReload(t, ctx, `goappGetenv("GOAPP_VERSION") === "c3" && document.body.dataset.ready === "1"`)
}

// The service worker is registered once the page is ready (handler.go's
// bootScript), so a page whose program never gets there installs none: no
// offline copy of a version that does not start.
func TestWorkerWaitsForTheReadyPage(t *testing.T) {
	ctx := newPage(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(exitedURL)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `document.body.dataset.failed === "1"`)
	time.Sleep(time.Second) // what go-app's registration at its start would have needed
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`navigator.serviceWorker.getRegistrations().then(r => r.length)`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("a page that never got ready registered %d service workers", n)
	}
	ctx = newPage(t)
	load(t, ctx, rootURL)
	workerReady(t, ctx)
}
