package sim

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestFirefoxSessionRestore checks Jar.CloseBrowser, the victim's browser
// close in shared-computer-browser-close, against the real Firefox ESR on a
// profile kept on disk. A page of the site sets a session cookie (Django's
// sessionid with SESSION_EXPIRE_AT_BROWSER_CLOSE: no Max-Age) and a
// persistent one (Max-Age=3600); the user quits Firefox; Firefox starts
// again on the same profile and loads the site. The cookies it sends must be
// those a Jar sends after the same Set-Cookie lines and CloseBrowser(restore):
// the persistent one always, the session one only with session restore.
// Their order is not compared: Firefox adds a restored session cookie anew,
// after the older persistent one; the jar keeps its creation time.
//
// Session restore is the startup setting "Open previous windows and tabs"
// (browser.startup.page = 3; Firefox's default, 1, opens the home page).
// Firefox writes no session cookie to cookies.sqlite: its session store
// collects them into the session file at the quit and, when it restores that
// session at the next start, adds them back before loading any tab
// (browser/components/sessionstore/SessionCookies.sys.mjs, SessionStore.sys.mjs
// initializeWindow; Bugzilla 443354). Both runs browse in the default user
// context, as a user does.
//
// Left out: a Firefox that did not quit cleanly (quit checks that it did)
// restores the last session, session cookies included, whatever the startup
// page, while browser.sessionstore.resume_from_crash keeps its default,
// true; after a start without restore, History > Restore Previous Session
// brings the session cookies back too; privacy.clearOnShutdown, private
// windows and containers.
func TestFirefoxSessionRestore(t *testing.T) {
	skipFirefox(t)
	srv := newCookieServer(t)
	set := chromiumStep{kind: "nav", url: bank, lines: []string{
		"sessionid=abc; HttpOnly; Path=/; SameSite=Lax; Secure",
		"csrftoken=xyz; Max-Age=3600; Path=/; SameSite=Lax; Secure"}}
	check := chromiumStep{kind: "nav", url: bank}
	for _, restore := range []bool{false, true} {
		t.Run(fmt.Sprintf("restore=%v", restore), func(t *testing.T) {
			page := map[bool]int{false: 1, true: 3}[restore]
			prefs := map[string]any{
				// Over the harness's 0 (a blank page).
				"browser.startup.page": page,
				// Firefox's default, which the Remote Agent's recommended
				// preferences turn off. It matters only after a quit that
				// was not clean, which quit rules out.
				"browser.sessionstore.resume_from_crash": true,
			}
			ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
			defer cancel()
			dir := t.TempDir()
			f := startFirefoxIn(t, dir, prefs)
			tab, err := f.defaultTab(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := srv.doFirefox(ctx, tab, set, t.Name()+":set"); err != nil {
				t.Fatal(err)
			}
			// The tab stays on the site, on a page that sets no cookie: with
			// restore, Firefox loads it again at the start.
			if err := tab.navigate(ctx, srv.real(bank+"page", url.Values{"html": {"<!doctype html><title>account</title>"}})); err != nil {
				t.Fatal(err)
			}
			held, err := tab.cookies(ctx)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("before the quit Firefox holds %v", held)
			f.quit(t, dir)
			f = startFirefoxIn(t, dir, prefs)
			if tab, err = f.defaultTab(ctx); err != nil {
				t.Fatal(err)
			}
			got, err := srv.doFirefox(ctx, tab, check, t.Name()+":check")
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("after the restart Firefox sends %q", got)

			jar := NewJar(ProfileFor(Firefox))
			for _, line := range set.lines {
				jar.SetCookie(set.context(), line, jarT0)
			}
			jar.CloseBrowser(restore)
			want, _, _ := jar.Cookies(check.context(), jarT0)
			sorted := func(h string) []string { return slices.Sorted(strings.SplitSeq(h, "; ")) }
			if !slices.Equal(sorted(got), sorted(want)) {
				t.Errorf("after a quit and restart with browser.startup.page = %d, Firefox sends %q; the model, CloseBrowser(%v), %q",
					page, got, restore, want)
			}
		})
	}
}

// defaultTab opens a tab in the default user context, the one a user
// browses in (newTab's user contexts are containers).
func (f *firefox) defaultTab(ctx context.Context) (*ffTab, error) {
	res, err := f.bidi.call(ctx, "browsingContext.create", map[string]any{"type": "tab"})
	if err != nil {
		return nil, err
	}
	var bc struct {
		Context string `json:"context"`
	}
	if err := json.Unmarshal(res, &bc); err != nil {
		return nil, err
	}
	return &ffTab{f: f, context: bc.Context, userCtx: "default"}, nil
}

// quit closes Firefox as its user does, browser.close closing every tab and
// with the last one the window, and checks that the process exited and that
// the session store finished its final write: the next start then sees a
// clean quit, not a crash to recover from (SessionStartup.sys.mjs reads the
// checkpoint from sessionCheckpoints.json).
func (f *firefox) quit(t *testing.T, dir string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err := f.bidi.call(ctx, "browser.close", map[string]any{})
	select {
	case <-f.done:
	case <-time.After(30 * time.Second):
		t.Fatalf("Firefox did not exit 30 s after browser.close (%v)", err)
	}
	if !f.cmd.ProcessState.Success() {
		t.Fatalf("Firefox exited with %v", f.cmd.ProcessState)
	}
	b, err := os.ReadFile(filepath.Join(dir, "sessionCheckpoints.json"))
	if err != nil {
		t.Fatal(err)
	}
	var checkpoints map[string]bool
	if err := json.Unmarshal(b, &checkpoints); err != nil || !checkpoints["sessionstore-final-state-write-complete"] {
		t.Fatalf("Firefox's quit was not clean: sessionCheckpoints.json %s", b)
	}
	t.Logf("Firefox quit cleanly: %s", b)
}
