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
	"syscall"
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
// context, as a user does. The session file the quit leaves holds the
// session cookies but a window without tabs (browser.close removes the tabs
// one by one before the window closes; File > Quit would keep them): no
// restore reopens the site's tab, and the cookies come back all the same,
// as the session store keeps them for the whole session, not per tab.
//
// History > Restore Previous Session: after a start without restore the
// session file still holds the last session, its session cookies included,
// and the History menu's item restores it (SessionStore.restoreLastSession
// adds the cookies back through SessionCookies.restore, then reopens the
// tabs). The third case starts without restore, activates that menu item
// and then loads the site; the jar must match after CloseBrowser(false) and
// RestoreLastSession, which Profile.RestoreLastSession of ProfileFor(Firefox)
// enables. Reaching the menu needs the Remote Agent's system access, which
// only that case turns on (restorePreviousSession).
//
// A crash: the fourth case kills Firefox instead of quitting it, once the
// session store has written the cookies to recovery.jsonlz4. At the next
// start Firefox restores the last session, session cookies included,
// though the startup page is 1, as browser.sessionstore.resume_from_crash
// keeps its default, true: the jar must match after CloseBrowser(true).
//
// Left out: privacy.clearOnShutdown, private windows and containers.
func TestFirefoxSessionRestore(t *testing.T) {
	skipFirefox(t)
	srv := newCookieServer(t)
	set := chromiumStep{kind: "nav", url: bank, lines: []string{
		"sessionid=abc; HttpOnly; Path=/; SameSite=Lax; Secure",
		"csrftoken=xyz; Max-Age=3600; Path=/; SameSite=Lax; Secure"}}
	check := chromiumStep{kind: "nav", url: bank}
	for _, c := range []struct {
		name    string
		restore bool // browser.startup.page = 3, not 1
		// History > Restore Previous Session after the restart
		restoreLast bool
		crash       bool // killed, not quit: the next start restores the session as restore does
	}{
		{"restore=false", false, false, false},
		{"restore=true", true, false, false},
		{"restore=false,RestorePreviousSession", false, true, false},
		{"restore=false,crash", false, false, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			page := map[bool]int{false: 1, true: 3}[c.restore]
			prefs := map[string]any{
				// Over the harness's 0 (a blank page).
				"browser.startup.page": page,
				// Firefox's default, which the Remote Agent's recommended
				// preferences turn off. It matters only after a quit that
				// was not clean, which quit rules out.
				"browser.sessionstore.resume_from_crash": true,
			}
			if c.crash {
				prefs["browser.sessionstore.interval"] = 1000 // ms between state writes, over 15,000
			}
			if c.restoreLast {
				// As --remote-allow-system-access, which sets it for the
				// Remote Agent (RemoteAgent.sys.mjs), for both starts of
				// this case only: script.evaluate in the browser window.
				t.Setenv("MOZ_REMOTE_ALLOW_SYSTEM_ACCESS", "1")
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
			// The tab stays on the site, on a page that sets no cookie.
			if err := tab.navigate(ctx, srv.real(bank+"page", url.Values{"html": {"<!doctype html><title>account</title>"}})); err != nil {
				t.Fatal(err)
			}
			held, err := tab.cookies(ctx)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("before the quit Firefox holds %v", held)
			if c.crash {
				// A state written after Firefox held the cookies holds them:
				// one more page makes the session store write one.
				heldAt := time.Now()
				if err := tab.navigate(ctx, srv.real(bank+"page", url.Values{"html": {"<!doctype html><title>more</title>"}})); err != nil {
					t.Fatal(err)
				}
				f.crash(t, dir, heldAt)
			} else {
				f.quit(t, dir)
			}
			f = startFirefoxIn(t, dir, prefs)
			if c.restoreLast {
				tabs, err := f.restorePreviousSession(ctx)
				if err != nil {
					t.Fatal(err)
				}
				t.Logf("after History > Restore Previous Session the tabs are %q", tabs)
			}
			if tab, err = f.defaultTab(ctx); err != nil {
				t.Fatal(err)
			}
			if held, err = tab.cookies(ctx); err != nil {
				t.Fatal(err)
			}
			t.Logf("after the restart Firefox holds %v", held)
			got, err := srv.doFirefox(ctx, tab, check, t.Name()+":check")
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("after the restart Firefox sends %q", got)

			model := func(p Profile) (jar *Jar, restored bool) {
				jar = NewJar(p)
				for _, line := range set.lines {
					jar.SetCookie(set.context(), line, jarT0)
				}
				jar.CloseBrowser(c.restore || c.crash)
				if c.restoreLast {
					restored = jar.RestoreLastSession(jarT0)
				}
				return jar, restored
			}
			jar, restored := model(ProfileFor(Firefox))
			want, _, _ := jar.Cookies(check.context(), jarT0)
			sorted := func(h string) []string { return slices.Sorted(strings.SplitSeq(h, "; ")) }
			if !slices.Equal(sorted(got), sorted(want)) {
				t.Errorf("after a %s and restart with browser.startup.page = %d, Firefox sends %q; the model, %s, %q",
					map[bool]string{false: "quit", true: "crash"}[c.crash], page, got, modelName(c.restore || c.crash, c.restoreLast), want)
			}
			if !c.restoreLast {
				return
			}
			if !restored {
				t.Error("Jar.RestoreLastSession on ProfileFor(Firefox) after CloseBrowser(false) restored nothing")
			}
			// Profile.RestoreLastSession is what brings the session cookie
			// back: without it the jar keeps what CloseBrowser(false) left.
			p := ProfileFor(Firefox)
			if !p.RestoreLastSession {
				t.Error("ProfileFor(Firefox).RestoreLastSession is false")
			}
			p.RestoreLastSession = false
			jar, restored = model(p)
			without, _, _ := jar.Cookies(check.context(), jarT0)
			if restored || slices.Equal(sorted(without), sorted(want)) {
				t.Errorf("without Profile.RestoreLastSession the jar still restores (%v), sending %q", restored, without)
			}
		})
	}
}

// crash kills Firefox, as a crash or a power cut ends it, once its session
// store has written a state newer than since (recovery.jsonlz4, every
// browser.sessionstore.interval), so that the state holds the cookies set
// after since.
func (f *firefox) crash(t *testing.T, dir string, since time.Time) {
	t.Helper()
	recovery := filepath.Join(dir, "sessionstore-backups", "recovery.jsonlz4")
	deadline := time.Now().Add(60 * time.Second)
	for {
		if fi, err := os.Stat(recovery); err == nil && fi.ModTime().After(since) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("Firefox wrote no session state after %v to %s", since, recovery)
		}
		time.Sleep(200 * time.Millisecond)
	}
	if err := syscall.Kill(-f.cmd.Process.Pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-f.done
	t.Logf("Firefox killed: %v", f.cmd.ProcessState)
}

// modelName is the jar's calls a case compares with.
func modelName(restore, restoreLast bool) string {
	s := fmt.Sprintf("CloseBrowser(%v)", restore)
	if restoreLast {
		s += " then RestoreLastSession"
	}
	return s
}

// restorePreviousSession activates History > Restore Previous Session in
// the browser window, as a click on the menu item does, once the session
// store has enabled it, and waits until the session store reports the
// restore done. It returns the URLs of the browser windows' tabs then. It
// needs the Remote Agent's system access: browsingContext.getTree lists the
// browser window (browser.xhtml) only in the "moz:scope" chrome, and
// script.evaluate runs in the parent process only with it.
//
// The menu item (historyRestoreLastSession) names the command
// Browser:RestoreLastSession, which its doCommand runs as a click does (a
// XUL command event, retargeted to the command element, which
// browser-sets.js answers with SessionStore.restoreLastSession()). The
// script checks that the session store saw the manual restore begin
// (sessionstore-initiating-manual-restore, which only restoreLastSession
// sends). The session cookies are back when doCommand returns
// (restoreLastSession calls SessionCookies.restore before it restores any
// window), the tabs when sessionstore-browser-state-restored follows.
func (f *firefox) restorePreviousSession(ctx context.Context) ([]string, error) {
	res, err := f.bidi.call(ctx, "browsingContext.getTree", map[string]any{"moz:scope": "chrome"})
	if err != nil {
		return nil, err
	}
	var tree struct {
		Contexts []struct {
			Context string `json:"context"`
			URL     string `json:"url"`
		} `json:"contexts"`
	}
	if err := json.Unmarshal(res, &tree); err != nil {
		return nil, err
	}
	var window *ffTab
	for _, c := range tree.Contexts {
		if c.URL == "chrome://browser/content/browser.xhtml" {
			window = &ffTab{f: f, context: c.Context}
			break
		}
	}
	if window == nil {
		return nil, fmt.Errorf("no browser window among the chrome contexts %s", res)
	}
	const script = `(async () => {
		const command = document.getElementById("Browser:RestoreLastSession");
		const item = document.getElementById("historyRestoreLastSession");
		if (!command || !item || item.getAttribute("command") != command.id) {
			throw new Error("no History > Restore Previous Session menu item");
		}
		// RestoreLastSessionObserver enables it at the window's delayed
		// startup, when SessionStore.canRestoreLastSession.
		for (let i = 0; command.hasAttribute("disabled"); i++) {
			if (i == 600) {
				throw new Error("History > Restore Previous Session stays disabled");
			}
			await new Promise(r => setTimeout(r, 100));
		}
		// Observers are notified synchronously.
		let began = false;
		const begin = () => { began = true; };
		Services.obs.addObserver(begin, "sessionstore-initiating-manual-restore");
		const done = new Promise(resolve => {
			const observer = () => {
				Services.obs.removeObserver(observer, "sessionstore-browser-state-restored");
				resolve();
			};
			Services.obs.addObserver(observer, "sessionstore-browser-state-restored");
		});
		item.doCommand();
		Services.obs.removeObserver(begin, "sessionstore-initiating-manual-restore");
		if (!began) {
			throw new Error("the menu item did not start a restore");
		}
		await done;
		const tabs = [];
		for (const w of Services.wm.getEnumerator("navigator:browser")) {
			tabs.push(...w.gBrowser.tabs.map(t => t.linkedBrowser.currentURI.spec));
		}
		return JSON.stringify(tabs);
	})()`
	s, err := window.eval(ctx, script)
	if err != nil {
		return nil, err
	}
	var tabs []string
	err = json.Unmarshal([]byte(s), &tabs)
	return tabs, err
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
