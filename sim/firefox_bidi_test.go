package sim

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/net/websocket"
)

// firefoxPath is the browser the Firefox tests drive: Debian's firefox-esr
// package (apt-get install firefox-esr).
const firefoxPath = "/usr/bin/firefox-esr"

// firefoxPrefs go into the test profile's user.js. None of them is a cookie
// or HTTPS-First preference: those keep Firefox's shipped defaults, which
// are what the tests check (sim/testdata/firefox/prefs.txt lists them as
// this Firefox reports them).
var firefoxPrefs = map[string]any{
	// Every host name resolves to the test server, as Chromium's
	// --host-resolver-rules "MAP * 127.0.0.1" does.
	"network.dns.forceResolve": "127.0.0.1",
	// No system proxy (the default, 5, may read http_proxy from the
	// environment), so every request reaches the test server directly.
	"network.proxy.type": 0,
	// Quiet: no first run pages, updates, studies, remote settings or
	// telemetry, which with forceResolve would all knock on the test
	// server (the Remote Agent's recommended preferences cover most).
	"browser.shell.checkDefaultBrowser":               false,
	"browser.startup.homepage_override.mstone":        "ignore",
	"browser.aboutwelcome.enabled":                    false,
	"app.update.disabledForTesting":                   true,
	"app.normandy.enabled":                            false,
	"messaging-system.rsexperimentloader.enabled":     false,
	"services.settings.server":                        "data:,",
	"datareporting.policy.dataSubmissionEnabled":      false,
	"datareporting.healthreport.uploadEnabled":        false,
	"toolkit.telemetry.enabled":                       false,
	"browser.safebrowsing.malware.enabled":            false,
	"browser.safebrowsing.phishing.enabled":           false,
	"browser.safebrowsing.downloads.enabled":          false,
	"browser.safebrowsing.update.enabled":             false,
	"network.connectivity-service.enabled":            false,
	"network.captive-portal-service.enabled":          false,
	"browser.urlbar.speculativeConnect.enabled":       false,
	"network.http.speculative-parallel-limit":         0,
	"network.prefetch-next":                           false,
	"network.dns.disablePrefetch":                     true,
	"extensions.getAddons.cache.enabled":              false,
	"browser.newtabpage.enabled":                      false,
	"browser.startup.page":                            0,
	"security.OCSP.enabled":                           0,
	"security.remote_settings.crlite_filters.enabled": false,
}

// firefox is a running Firefox driven over WebDriver BiDi, which its Remote
// Agent speaks without geckodriver.
type firefox struct {
	cmd  *exec.Cmd
	bidi *bidiConn
	done chan struct{} // closed when the process has exited
}

var bidiListening = regexp.MustCompile(`WebDriver BiDi listening on (ws://\S+)`)

// startFirefox starts Firefox headless on a fresh profile with firefoxPrefs
// and extra, and opens a BiDi session that accepts the test server's
// certificates. It is stopped when the test ends.
func startFirefox(t *testing.T, extra map[string]any) *firefox {
	t.Helper()
	return startFirefoxIn(t, t.TempDir(), extra)
}

// startFirefoxIn is startFirefox on the profile in dir, which may be one an
// earlier Firefox left there; its user.js is rewritten.
func startFirefoxIn(t *testing.T, dir string, extra map[string]any) *firefox {
	t.Helper()
	var js strings.Builder
	for _, prefs := range []map[string]any{firefoxPrefs, extra} {
		for k, v := range prefs {
			b, _ := json.Marshal(v)
			fmt.Fprintf(&js, "user_pref(%q, %s);\n", k, b)
		}
	}
	if err := os.WriteFile(dir+"/user.js", []byte(js.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(firefoxPath, "--headless", "--no-remote", "--profile", dir,
		"--remote-debugging-port=0", "--remote-allow-origins=http://localhost")
	cmd.Env = append(os.Environ(), "MOZ_CRASHREPORTER_DISABLE=1", "MOZ_HEADLESS=1")
	// Its own process group, so that its content processes end with it.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting Firefox: %v", err)
	}
	f := &firefox{cmd: cmd, done: make(chan struct{})}
	wsURL := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if m := bidiListening.FindStringSubmatch(sc.Text()); m != nil {
				select {
				case wsURL <- m[1]:
				default:
				}
			}
		}
		cmd.Wait()
		close(f.done)
	}()
	t.Cleanup(f.stop)
	select {
	case u := <-wsURL:
		f.bidi, err = dialBiDi(u + "/session")
		if err != nil {
			t.Fatalf("connecting to Firefox: %v", err)
		}
	case <-f.done:
		t.Fatal("Firefox exited before its Remote Agent listened")
	case <-time.After(90 * time.Second):
		t.Fatal("Firefox's Remote Agent did not start in 90 s")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if _, err := f.bidi.call(ctx, "session.new", map[string]any{
		"capabilities": map[string]any{"alwaysMatch": map[string]any{"acceptInsecureCerts": true}}}); err != nil {
		t.Fatalf("session.new: %v", err)
	}
	return f
}

// stop closes the browser, and kills its process group if it does not exit.
func (f *firefox) stop() {
	if f.bidi != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		f.bidi.call(ctx, "browser.close", map[string]any{})
		cancel()
		f.bidi.ws.Close()
	}
	select {
	case <-f.done:
	case <-time.After(15 * time.Second):
		syscall.Kill(-f.cmd.Process.Pid, syscall.SIGKILL)
		<-f.done
	}
}

// bidiConn is a minimal WebDriver BiDi client: commands with ids, replies
// matched to them; events are ignored.
type bidiConn struct {
	ws      *websocket.Conn
	mu      sync.Mutex
	next    int
	pending map[int]chan bidiMessage
	err     error // why the connection ended
}

type bidiMessage struct {
	Type    string          `json:"type"` // "success", "error", "event"
	ID      int             `json:"id"`
	Result  json.RawMessage `json:"result"`
	Error   string          `json:"error"`
	Message string          `json:"message"`
}

func dialBiDi(u string) (*bidiConn, error) {
	cfg, err := websocket.NewConfig(u, "http://localhost")
	if err != nil {
		return nil, err
	}
	ws, err := websocket.DialConfig(cfg)
	if err != nil {
		return nil, err
	}
	ws.MaxPayloadBytes = 64 << 20
	b := &bidiConn{ws: ws, pending: make(map[int]chan bidiMessage)}
	go b.read()
	return b, nil
}

func (b *bidiConn) read() {
	for {
		var data []byte
		if err := websocket.Message.Receive(b.ws, &data); err != nil {
			b.mu.Lock()
			b.err = err
			for id, c := range b.pending {
				close(c)
				delete(b.pending, id)
			}
			b.mu.Unlock()
			return
		}
		var m bidiMessage
		if json.Unmarshal(data, &m) != nil || m.Type == "event" {
			continue
		}
		b.mu.Lock()
		c := b.pending[m.ID]
		delete(b.pending, m.ID)
		b.mu.Unlock()
		if c != nil {
			c <- m
		}
	}
}

// call sends a command and returns its result.
func (b *bidiConn) call(ctx context.Context, method string, params any) (json.RawMessage, error) {
	b.mu.Lock()
	if b.err != nil {
		b.mu.Unlock()
		return nil, b.err
	}
	b.next++
	id := b.next
	c := make(chan bidiMessage, 1)
	b.pending[id] = c
	b.mu.Unlock()
	msg, _ := json.Marshal(map[string]any{"id": id, "method": method, "params": params})
	if err := websocket.Message.Send(b.ws, string(msg)); err != nil {
		return nil, err
	}
	select {
	case m, ok := <-c:
		if !ok {
			return nil, fmt.Errorf("%s: connection closed: %v", method, b.err)
		}
		if m.Type == "error" {
			return nil, fmt.Errorf("%s: %s: %s", method, m.Error, m.Message)
		}
		return m.Result, nil
	case <-ctx.Done():
		b.mu.Lock()
		delete(b.pending, id)
		b.mu.Unlock()
		return nil, fmt.Errorf("%s: %w", method, ctx.Err())
	}
}

// A ffTab is a top-level browsing context in a user context (container) of
// its own, whose cookie store no other tab shares: each case starts on an
// empty jar without restarting the browser.
type ffTab struct {
	f                *firefox
	context, userCtx string
}

func (f *firefox) newTab(ctx context.Context) (*ffTab, error) {
	var uc struct {
		UserContext string `json:"userContext"`
	}
	res, err := f.bidi.call(ctx, "browser.createUserContext", map[string]any{})
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(res, &uc); err != nil {
		return nil, err
	}
	var bc struct {
		Context string `json:"context"`
	}
	res, err = f.bidi.call(ctx, "browsingContext.create", map[string]any{"type": "tab", "userContext": uc.UserContext})
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(res, &bc); err != nil {
		return nil, err
	}
	return &ffTab{f: f, context: bc.Context, userCtx: uc.UserContext}, nil
}

// close removes the tab's user context, with its tabs and cookies.
func (t *ffTab) close(ctx context.Context) error {
	_, err := t.f.bidi.call(ctx, "browser.removeUserContext", map[string]any{"userContext": t.userCtx})
	return err
}

// navigate loads u as a typed URL would be (no initiator) and waits for the
// load event.
func (t *ffTab) navigate(ctx context.Context, u string) error {
	_, err := t.f.bidi.call(ctx, "browsingContext.navigate", map[string]any{"context": t.context, "url": u, "wait": "complete"})
	return err
}

// errNoRealm is an evaluation that found no document to run in, as while a
// navigation replaces it.
var errNoRealm = errors.New("no realm")

// eval evaluates a script expression in the tab's document, awaiting a
// promise, and returns its value as a string (a string as is, anything else
// as JSON).
func (t *ffTab) eval(ctx context.Context, expr string) (string, error) {
	res, err := t.f.bidi.call(ctx, "script.evaluate", map[string]any{
		"expression": expr, "target": map[string]any{"context": t.context}, "awaitPromise": true})
	if err != nil {
		// Firefox 153's remote agent can also fail with "unknown error:
		// TypeError: right-hand side of 'in' should be an object, got null"
		// while a form submission replaces the document (seen once in 19
		// runs of TestFirefoxHTTPSFirst, at its POST).
		if strings.Contains(err.Error(), "no such frame") || strings.Contains(err.Error(), "Realm") ||
			strings.Contains(err.Error(), "realm") || strings.Contains(err.Error(), "AbortError") ||
			strings.Contains(err.Error(), "should be an object, got null") {
			return "", fmt.Errorf("%w: %v", errNoRealm, err)
		}
		return "", err
	}
	var r struct {
		Type   string `json:"type"`
		Result struct {
			Type  string          `json:"type"`
			Value json.RawMessage `json:"value"`
		} `json:"result"`
		ExceptionDetails struct {
			Text string `json:"text"`
		} `json:"exceptionDetails"`
	}
	if err := json.Unmarshal(res, &r); err != nil {
		return "", err
	}
	if r.Type == "exception" {
		return "", fmt.Errorf("script %q threw: %s", expr, r.ExceptionDetails.Text)
	}
	if r.Result.Type == "string" {
		var s string
		err := json.Unmarshal(r.Result.Value, &s)
		return s, err
	}
	return r.Result.Type + ":" + string(r.Result.Value), nil
}

// location waits until the tab's document has finished loading a URL for
// which done reports true, and returns that URL: a link click or a form
// submission started by a script navigates after the script has returned.
func (t *ffTab) location(ctx context.Context, done func(href string) bool) (string, error) {
	for {
		s, err := t.eval(ctx, `document.readyState + " " + location.href`)
		if err != nil && !errors.Is(err, errNoRealm) {
			return "", err
		}
		if state, href, _ := strings.Cut(s, " "); err == nil && state == "complete" && done(href) {
			return href, nil
		}
		select {
		case <-ctx.Done():
			return "", fmt.Errorf("waiting for the page to load (last %q): %w", s, ctx.Err())
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// cookies returns the cookies the tab's user context holds, in any
// partition, as storage.getCookies reports them.
func (t *ffTab) cookies(ctx context.Context) ([]bidiCookie, error) {
	res, err := t.f.bidi.call(ctx, "storage.getCookies", map[string]any{
		"partition": map[string]any{"type": "storageKey", "userContext": t.userCtx}})
	if err != nil {
		return nil, err
	}
	var r struct {
		Cookies []bidiCookie `json:"cookies"`
	}
	err = json.Unmarshal(res, &r)
	return r.Cookies, err
}

type bidiCookie struct {
	Name  string `json:"name"`
	Value struct {
		Value string `json:"value"`
	} `json:"value"`
	Domain   string `json:"domain"`
	Path     string `json:"path"`
	Secure   bool   `json:"secure"`
	HTTPOnly bool   `json:"httpOnly"`
	SameSite string `json:"sameSite"`
	Expiry   *int64 `json:"expiry"`
}

func (c bidiCookie) String() string {
	s := c.Name + "=" + c.Value.Value + " " + c.Domain + c.Path
	if c.Expiry != nil {
		s += " expiry " + strconv.FormatInt(*c.Expiry, 10)
	}
	return s
}
