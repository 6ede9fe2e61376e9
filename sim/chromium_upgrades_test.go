package sim

import (
	"context"
	"html"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestChromiumHTTPSUpgrades checks the HTTPSUpgrades knob of
// ProfileFor(Chromium) and the agent's model of it (Agent.hop) against
// Debian's Chromium: HTTPS-Upgrades (chrome/browser/ssl/
// https_upgrades_interceptor.cc, HttpsUpgradesInterceptor) redirects a
// main-frame http:// GET to https:// before it is sent ("Only serve upgrade
// redirects for main frame, GET requests") and, when the upgraded load
// fails, redirects back to http:// and allowlists the host. Chromium skips
// URLs with a port, so this test needs 127.0.0.1:80 and :443 (it skips when
// it cannot bind them); each step has a host of its own because of that
// allowlist. Names resolve to 127.0.0.1 (--host-resolver-rules), the test
// certificate is trusted by its key (--ignore-certificate-errors-spki-list),
// and nohttps.example.com's handshake fails. Besides the requests the
// servers saw, the test records which names the browser opened a TLS
// connection to, so that a request that went out over http:// without an
// attempt over https:// is told from a fallback.
//
// The pages that link, navigate and post live on http://127.0.0.1, which is
// not upgraded: a page on a public host would itself be upgraded, and a form
// on an https:// page posting to http:// meets Chromium's mixed-form warning
// ("Form is not secure") instead.
//
// Left out: HTTPS-First Mode (chrome://settings/security "Always use secure
// connections"), which is off in this build (generated.https_first_mode_enabled
// is 0), so the fallback is silent and the warning the agent names for Google Chrome 154+
// is not checked (with https_first_balanced_mode_enabled in the profile the
// fallback stops at a warning page and no http:// request is sent until the
// user goes on); HSTS hosts, which the interceptor leaves to HSTS as the agent
// does; the enterprise policies HttpAllowlist and HttpsUpgradesEnabled;
// upgrades that time out; URLs with a non-default port; frames.
func TestChromiumHTTPSUpgrades(t *testing.T) {
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Skip("no Chromium at " + chromiumPath)
	}
	if testing.Short() {
		t.Skip("drives a real browser")
	}
	dir := t.TempDir()
	cert, _, _, spki := realCert(t, dir) // for *.example.com
	srv := startUpgradeServers(t, &cert)

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	// chromedp's defaults disable Translate and BlinkGenPropertyTrees only,
	// so HttpsUpgrades keeps its default, on.
	opts := chromiumOptions(filepath.Join(dir, "profile"), chromedp.Flag("ignore-certificate-errors-spki-list", spki))
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	defer acancel()
	bctx, bcancel := chromedp.NewContext(actx)
	defer bcancel()
	navigate := func(u string) {
		if err := chromedp.Do(bctx, chromedp.Navigate(u)); err != nil {
			t.Fatalf("navigating to %s: %v", u, err)
		}
	}
	from := func(body string) string {
		return "http://127.0.0.1/page?" + url.Values{"html": {"<!doctype html><body>" + body + "</body>"}}.Encode()
	}
	// The model: a main-frame request goes to https:// first if it is a GET
	// to a public host.
	upgrades := func(host, method string) bool {
		return ProfileFor(Chromium).HTTPSUpgrades && method == "GET" && PublicHost(host)
	}
	for _, st := range []struct {
		what, kind, host string
	}{
		// Not public hosts: none is tried over https://.
		{"typed http://localhost", "typed", "localhost"},
		{"typed http://127.0.0.1", "typed", "127.0.0.1"},
		{"typed single-label name", "typed", "intranet"},
		{"typed .internal name", "typed", "printer.internal"},
		// The victim types a schemeless host; Page.navigate with http:// is
		// upgraded in this Chromium (unlike Firefox: TestFirefoxHTTPSFirst).
		{"typed http:// URL", "typed", "typed.example.com"},
		{"link from an http page", "link", "link.example.com"},
		{"script's navigation (location.href)", "script", "script.example.com"},
		// The handshake fails and Chromium loads http:// without a warning.
		{"link to a host without HTTPS", "link", noHTTPSHost},
		{"form POST (not upgraded: GET only)", "post", "post.example.com"},
	} {
		id := st.host
		target := "http://" + st.host + "/?id=" + id
		method := "GET"
		switch st.kind {
		case "typed":
			navigate(target)
		case "link":
			navigate(from(`<a id="go" href="` + html.EscapeString(target) + `">go</a>`))
			if err := chromedp.Do(bctx, chromedp.Evaluate[chromedp.Void](`document.getElementById("go").click()`)); err != nil {
				t.Fatal(err)
			}
		case "script":
			navigate(from(`<script>location.href = "` + target + `"</script>`))
		case "post":
			method = "POST"
			navigate(from(`<form id="f" method="POST" action="` + html.EscapeString(target) + `"></form><script>document.getElementById("f").submit()</script>`))
		}
		// Wait for the document of the request id.
		var landed *url.URL
		for landed == nil || landed.Query().Get("id") != id {
			if ctx.Err() != nil {
				t.Fatalf("%s: never landed on %s: %v", st.what, target, ctx.Err())
			}
			time.Sleep(50 * time.Millisecond)
			if href, err := chromedp.Run(bctx, chromedp.Location()); err == nil {
				landed, _ = url.Parse(href)
			}
		}
		scheme, reqs, tried := landed.Scheme, srv.requests(id), srv.tried(st.host)

		wantTried := upgrades(st.host, method)
		wantScheme := "http"
		if wantTried && st.host != noHTTPSHost {
			wantScheme = "https"
		}
		t.Logf("%s: landed on %s, the servers saw %v, https tried: %v", st.what, scheme, reqs, tried)
		if scheme != wantScheme || !slices.Equal(reqs, []string{wantScheme + " " + method}) || tried != wantTried {
			t.Errorf("%s: Chromium landed on %s after %v, https tried: %v; the model says %s after [%s %s], https tried: %v",
				st.what, scheme, reqs, tried, wantScheme, wantScheme, method, wantTried)
		}
	}
}
