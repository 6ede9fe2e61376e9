//go:build !wasm

package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The headers every response carries: the page may be framed anywhere (the
// embed mode) but runs only its own code, and its inline scripts only by
// hash.
func TestSecurityHeaders(t *testing.T) {
	dir := t.TempDir()
	boot := "\nif(1)document.title='x';\n"
	page := `<!doctype html><html><head><script defer src="./app.js"></script><script>` + boot +
		`</script></head><body><p style="color:red">hi</p></body></html>`
	for name, body := range map[string]string{"index.html": page, "app.js": "1"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	h := &siteHandler{root: root}
	sum := sha256.Sum256([]byte(boot))
	hash := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"

	for _, target := range []string{"/", "/app.js"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", target, nil))
		if rec.Code != 200 {
			t.Fatalf("%s: status %d", target, rec.Code)
		}
		hdr := rec.Header()
		csp := hdr.Get("Content-Security-Policy")
		directives := map[string]string{}
		for _, d := range strings.Split(csp, ";") {
			name, value, _ := strings.Cut(strings.TrimSpace(d), " ")
			directives[name] = value
		}
		for name, want := range map[string]string{
			"default-src":     "'self'",
			"frame-ancestors": "*",
			"object-src":      "'none'",
			"base-uri":        "'none'",
			"style-src":       "'self'",
		} {
			if directives[name] != want {
				t.Errorf("%s: %s %q, want %q (CSP %q)", target, name, directives[name], want, csp)
			}
		}
		script := directives["script-src"]
		if !strings.HasPrefix(script, "'self' 'wasm-unsafe-eval'") || strings.Contains(script, "unsafe-inline") ||
			strings.Contains(script, "'unsafe-eval'") {
			t.Errorf("%s: script-src %q", target, script)
		}
		if got := strings.Contains(script, hash); got != (target == "/") {
			t.Errorf("%s: script-src %q has the inline script's hash %s: %v", target, script, hash, got)
		}
		for name, want := range map[string]string{
			"X-Content-Type-Options": "nosniff",
			"Referrer-Policy":        "no-referrer",
			"X-Frame-Options":        "",
		} {
			if got := hdr.Get(name); got != want {
				t.Errorf("%s: %s %q, want %q", target, name, got, want)
			}
		}
	}

	// A new version of the page gets the hash of its new script.
	time.Sleep(10 * time.Millisecond) // a distinct modification time
	if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte("<script>2</script>"), 0o644); err != nil {
		t.Fatal(err)
	}
	sum = sha256.Sum256([]byte("2"))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, base64.StdEncoding.EncodeToString(sum[:])) || strings.Contains(csp, hash) {
		t.Errorf("after a rebuild: CSP %q", csp)
	}
}

func TestInlineScriptHashes(t *testing.T) {
	hash := func(s string) string {
		sum := sha256.Sum256([]byte(s))
		return " 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
	}
	tests := []struct {
		page string
		want []string
	}{
		{"<p>no script</p>", nil},
		{`<script src="a.js"></script>`, nil},
		{`<script>a</script><script defer src="b.js"></script><script type="module">b &amp; c</script>`, []string{hash("a"), hash("b &amp; c")}},
		{"<script>\n</script>", []string{hash("\n")}},
		{"<script>unterminated", nil},
	}
	for _, tt := range tests {
		got := inlineScriptHashes([]byte(tt.page))
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("%q: %q, want %q", tt.page, got, tt.want)
		}
	}
}

// Nothing outside the site's folder is ever served, whatever the request
// line: dot segments plain, percent-encoded or double-encoded, backslashes,
// absolute paths and URLs, and a symbolic link out of the folder. The
// requests go over a real connection, so that net/http's own parsing is part
// of the test. Folders are not listed.
func TestNoEscapeFromTheSite(t *testing.T) {
	parent := t.TempDir()
	const secret = "the-secret-file"
	if err := os.WriteFile(filepath.Join(parent, "secret"), []byte(secret), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(parent, "site")
	if err := os.MkdirAll(filepath.Join(dir, "web"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte("index"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "web", "style.css"), []byte("css"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(parent, "secret"), filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(parent, filepath.Join(dir, "up")); err != nil {
		t.Fatal(err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	abs := filepath.Join(parent, "secret")
	for _, prefix := range []string{"", "/lab"} {
		srv := httptest.NewServer(&siteHandler{root: root, prefix: prefix})
		host := strings.TrimPrefix(srv.URL, "http://")
		for _, target := range []string{
			"/../secret", "/web/../../secret", "/%2e%2e/secret", "/%2E%2E/secret", "/.%2e/secret",
			"/%252e%252e/secret", "/%2e%2e%2fsecret", "/web%2f..%2f..%2fsecret",
			`/..\secret`, `/web\..\..\secret`, "/%5c..%5csecret", "/..%5csecret",
			"//secret", "/" + abs, "//" + abs, abs, "http://" + host + abs, "http://" + host + "/../secret",
			"/link", "/up/secret", "/up/site/index.html",
			"/web/", "/web", "/%00", "/index.html%00",
		} {
			if prefix != "" && strings.HasPrefix(target, "/") && !strings.HasPrefix(target, "//") {
				target = prefix + target
			}
			status, body := rawGet(t, host, target)
			if strings.Contains(body, secret) {
				t.Errorf("%s (prefix %q) served the file outside the site", target, prefix)
			}
			if status == 200 {
				t.Errorf("%s (prefix %q): status 200, body %q", target, prefix, body)
			}
		}
		// The site itself is still served.
		if status, body := rawGet(t, host, prefix+"/web/style.css"); status != 200 || body != "css" {
			t.Errorf("%s/web/style.css: %d %q", prefix, status, body)
		}
		srv.Close()
	}
}

// rawGet sends a request line as written, which an HTTP client would clean.
func rawGet(t *testing.T, host, target string) (int, string) {
	t.Helper()
	conn, err := net.Dial("tcp", host)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := io.WriteString(conn, "GET "+target+" HTTP/1.1\r\nHost: "+host+"\r\nConnection: close\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("GET %s: %v", target, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func TestServeListensOnLoopbackByDefault(t *testing.T) {
	var out bytes.Buffer
	if code := run([]string{"serve", "-h"}, io.Discard, &out); code != 0 {
		t.Fatalf("serve -h: code %d", code)
	}
	if !strings.Contains(out.String(), `(default "127.0.0.1:8080")`) {
		t.Errorf("serve's default address is not the loopback one:\n%s", out.String())
	}
}

// The server stops cleanly, with status 0, when the terminal or a service
// manager asks it to. The waits are hang guards, not measurements.
func TestServeStopsOnSignal(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command")
	}
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "sessionlab")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	site := filepath.Join(tmp, "site")
	if err := os.Mkdir(site, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(site, "index.html"), []byte("index"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, sig := range []os.Signal{syscall.SIGTERM, os.Interrupt} {
		t.Run(sig.String(), func(t *testing.T) {
			cmd := exec.Command(bin, "serve", "-addr", "127.0.0.1:0", "-dir", site)
			stderr, err := cmd.StderrPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer cmd.Process.Kill()
			lines := bufio.NewScanner(stderr)
			if !lines.Scan() {
				t.Fatal("the server said nothing")
			}
			_, u, ok := strings.Cut(lines.Text(), " at ")
			if !ok {
				t.Fatalf("no address in %q", lines.Text())
			}
			// An idle keep-alive connection must not hold the server up.
			resp, err := http.Get(u)
			if err != nil {
				t.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			go io.Copy(io.Discard, stderr)
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case err := <-done:
				var exit *exec.ExitError
				if errors.As(err, &exit) || err != nil {
					t.Errorf("after %v: %v", sig, err)
				}
			case <-time.After(20 * time.Second):
				t.Fatalf("still running 20 s after %v", sig)
			}
		})
	}
}
