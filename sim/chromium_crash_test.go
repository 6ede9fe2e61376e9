package sim

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// TestChromiumCrashRestoresSessionCookies checks the shared-computer story's
// note on Chromium: a session cookie ends with a clean quit (checked by
// TestScenariosRealStack), but after a crash Chromium keeps the session
// cookies it had written to disk, whatever the startup setting. A page sets
// Django's sessionid without Max-Age and a persistent csrftoken; once the
// cookie store has committed them to Default/Cookies (every 30 s,
// SQLitePersistentCookieStore's kCommitInterval), Chromium is killed, then
// started again on the same profile. At the start it finds the last session
// crashed (profile.exit_type), and ProfileImpl::ShouldRestoreOldSessionCookies
// keeps the session cookies: it sends what a Jar sends after
// CloseBrowser(true).
func TestChromiumCrashRestoresSessionCookies(t *testing.T) {
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Skip("no Chromium at " + chromiumPath)
	}
	if testing.Short() {
		t.Skip("drives a real browser")
	}
	srv := newCookieServer(t)
	dir := t.TempDir()
	set := chromiumStep{kind: "nav", url: bank, lines: []string{
		"sessionid=abc; HttpOnly; Path=/; SameSite=Lax; Secure",
		"csrftoken=xyz; Max-Age=3600; Path=/; SameSite=Lax; Secure"}}
	check := chromiumStep{kind: "nav", url: bank}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()

	start := func() (context.Context, context.CancelFunc) {
		actx, acancel := chromedp.NewExecAllocator(ctx, chromiumOptions(dir, chromedp.Flag("ignore-certificate-errors", true))...)
		bctx, bcancel := chromedp.NewContext(actx)
		if _, err := chromedp.Call(bctx, network.Enable, network.EnableParams{}); err != nil {
			t.Fatalf("starting Chromium: %v", err)
		}
		return bctx, func() { bcancel(); acancel() }
	}

	bctx, stop := start()
	setAt := time.Now()
	if _, err := srv.do(bctx, set, "crash:set"); err != nil {
		t.Fatal(err)
	}
	store := filepath.Join(dir, "Default", "Cookies")
	for {
		if fi, err := os.Stat(store); err == nil && fi.ModTime().After(setAt) && storeHolds(store, "sessionid") {
			break
		}
		if ctx.Err() != nil {
			t.Fatal("Chromium did not commit the cookies to disk")
		}
		time.Sleep(500 * time.Millisecond)
	}
	proc := chromedp.FromContext(bctx).Browser.Process()
	if err := proc.Kill(); err != nil {
		t.Fatal(err)
	}
	proc.Wait()
	stop()
	t.Logf("Chromium killed %v after the cookies were set", time.Since(setAt).Round(time.Second))

	bctx, stop = start()
	defer stop()
	got, err := srv.do(bctx, check, "crash:check")
	if err != nil {
		t.Fatal(err)
	}
	var prefs struct {
		Profile struct {
			ExitType string `json:"exit_type"`
		} `json:"profile"`
	}
	if b, err := os.ReadFile(filepath.Join(dir, "Default", "Preferences")); err == nil {
		json.Unmarshal(b, &prefs)
	}
	t.Logf("after the restart (profile.exit_type %q) Chromium sends %q", prefs.Profile.ExitType, got)

	jar := NewJar(ProfileFor(Chromium))
	for _, line := range set.lines {
		jar.SetCookie(set.context(), line, jarT0)
	}
	jar.CloseBrowser(true)
	want, _, _ := jar.Cookies(check.context(), jarT0)
	sorted := func(h string) []string { return slices.Sorted(strings.SplitSeq(h, "; ")) }
	if !slices.Equal(sorted(got), sorted(want)) {
		t.Errorf("after a crash Chromium sends %q; the model, after CloseBrowser(true), %q", got, want)
	}
}

// storeHolds reports whether Chromium's cookie database at path names a
// cookie, read as bytes: the name is stored in clear in its row.
func storeHolds(path, name string) bool {
	b, err := os.ReadFile(path)
	return err == nil && strings.Contains(string(b), name)
}
