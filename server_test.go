//go:build !wasm

package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sessionlab/app"
	"sessionlab/sim"
)

func TestMain(m *testing.M) {
	app.Routes() // as main does before anything else
	os.Exit(m.Run())
}

// site writes a small generated site and returns a handler for it.
func site(t *testing.T, prefix string) *siteHandler {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"index.html":           "<p>index</p>",
		"about.html":           "<p>about</p>",
		"app.js":               "console.log(1)",
		"app.js.gz":            gzipped(t, "console.log(1)"),
		"app.js.br":            "brotli bytes",
		"web/app.wasm":         "\x00asm",
		"web/app.wasm.gz":      gzipped(t, "\x00asm"),
		"web/style.css":        "body{}",
		"manifest.webmanifest": "{}",
	}
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { root.Close() })
	return &siteHandler{root: root, prefix: prefix}
}

func gzipped(t *testing.T, s string) string {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	if _, err := io.WriteString(zw, s); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestSiteHandler(t *testing.T) {
	tests := []struct {
		prefix, path, acceptEncoding string
		status                       int
		body, ctype, encoding        string
	}{
		{"", "/", "", 200, "<p>index</p>", "text/html; charset=utf-8", ""},
		{"", "/index.html", "", 200, "<p>index</p>", "text/html; charset=utf-8", ""},
		{"", "/about", "", 200, "<p>about</p>", "text/html; charset=utf-8", ""}, // a deep link, as GitHub Pages answers it
		{"", "/app.js", "", 200, "console.log(1)", "text/javascript; charset=utf-8", ""},
		{"", "/app.js", "gzip", 200, gzipped(t, "console.log(1)"), "text/javascript; charset=utf-8", "gzip"},
		{"", "/app.js", "gzip, deflate, br", 200, "brotli bytes", "text/javascript; charset=utf-8", "br"},
		{"", "/app.js", "br;q=0, gzip", 200, gzipped(t, "console.log(1)"), "text/javascript; charset=utf-8", "gzip"},
		{"", "/web/app.wasm", "br, gzip", 200, gzipped(t, "\x00asm"), "application/wasm", "gzip"},
		{"", "/web/style.css", "br, gzip", 200, "body{}", "text/css; charset=utf-8", ""},
		{"", "/manifest.webmanifest", "", 200, "{}", "application/manifest+json", ""},
		{"", "/app.js.gz", "", 404, "", "", ""}, // the compressed copies are not pages of their own
		{"", "/missing", "", 404, "", "", ""},
		{"", "/web", "", 404, "", "", ""},
		{"", "/../../etc/passwd", "", 404, "", "", ""},
		{"/lab", "/lab/", "", 200, "<p>index</p>", "text/html; charset=utf-8", ""},
		{"/lab", "/lab/web/app.wasm", "", 200, "\x00asm", "application/wasm", ""},
		{"/lab", "/lab", "", 301, "", "", ""},
		{"/lab", "/", "", 404, "", "", ""},
		{"/lab", "/labx/", "", 404, "", "", ""},
		{"/lab", "/app.js", "", 404, "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.prefix+tt.path+" "+tt.acceptEncoding, func(t *testing.T) {
			req := httptest.NewRequest("GET", tt.path, nil)
			if tt.acceptEncoding != "" {
				req.Header.Set("Accept-Encoding", tt.acceptEncoding)
			}
			rec := httptest.NewRecorder()
			site(t, tt.prefix).ServeHTTP(rec, req)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d", rec.Code, tt.status)
			}
			if tt.status != 200 {
				return
			}
			if got := rec.Body.String(); got != tt.body {
				t.Errorf("body %q, want %q", got, tt.body)
			}
			if got := rec.Header().Get("Content-Type"); got != tt.ctype {
				t.Errorf("Content-Type %q, want %q", got, tt.ctype)
			}
			if got := rec.Header().Get("Content-Encoding"); got != tt.encoding {
				t.Errorf("Content-Encoding %q, want %q", got, tt.encoding)
			}
			if got := rec.Header().Get("Vary"); got != "Accept-Encoding" {
				t.Errorf("Vary %q", got)
			}
		})
	}
}

func TestSiteHandlerRefusesOtherMethods(t *testing.T) {
	rec := httptest.NewRecorder()
	site(t, "").ServeHTTP(rec, httptest.NewRequest("POST", "/", strings.NewReader("x")))
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST: status %d", rec.Code)
	}
}

func TestAccepts(t *testing.T) {
	tests := []struct {
		header, coding string
		want           bool
	}{
		{"", "gzip", false},
		{"gzip", "gzip", true},
		{"GZIP", "gzip", true},
		{"deflate, gzip;q=0.5", "gzip", true},
		{"gzip;q=0", "gzip", false},
		{"gzip; q=0.000", "gzip", false},
		{"br;q=1.0", "br", true},
		{"xgzip", "gzip", false},
		{"*", "gzip", false}, // the wildcard is not worth a precompressed guess
	}
	for _, tt := range tests {
		if got := accepts(tt.header, tt.coding); got != tt.want {
			t.Errorf("accepts(%q, %q) = %v, want %v", tt.header, tt.coding, got, tt.want)
		}
	}
}

func TestCleanPrefix(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"", "", true},
		{"/", "", true},
		{"/sessionlab", "/sessionlab", true},
		{"/sessionlab/", "/sessionlab", true},
		{"/a/b", "/a/b", true},
		{"sessionlab", "", false},
		{"/a/../b", "", false},
		{"//a", "", false},
		{`/a"b`, "", false},
		{"/a b", "", false},
	}
	for _, tt := range tests {
		got, err := cleanPrefix(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("cleanPrefix(%q) = %q, %v; want %q, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestRunUsage(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run(nil, &out, &errOut); code != 2 || !strings.Contains(errOut.String(), "usage") {
		t.Errorf("no arguments: code %d, stderr %q", code, errOut.String())
	}
	errOut.Reset()
	if code := run([]string{"frobnicate"}, &out, &errOut); code != 2 || !strings.Contains(errOut.String(), "unknown command") {
		t.Errorf("unknown command: code %d, stderr %q", code, errOut.String())
	}
	errOut.Reset()
	if code := run([]string{"static"}, &out, &errOut); code != 1 || !strings.Contains(errOut.String(), "-out") {
		t.Errorf("static without -out: code %d, stderr %q", code, errOut.String())
	}
}

func TestRunVerdicts(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run([]string{"verdicts", "--json"}, &out, &errOut); code != 0 {
		t.Fatalf("verdicts --json: code %d, stderr %q", code, errOut.String())
	}
	for _, s := range sim.Scenarios {
		if !strings.Contains(out.String(), `"`+s.ID+`"`) {
			t.Errorf("no %s in the verdicts", s.ID)
		}
	}
}

// The static command writes a complete site: go-app's files, the assets,
// the wasm, and gzip copies, with every path under the prefix.
func TestStatic(t *testing.T) {
	dir := t.TempDir()
	wasm := filepath.Join(dir, "app.wasm")
	if err := os.WriteFile(wasm, []byte("\x00asm\x01\x00\x00\x00"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "site")
	var errOut bytes.Buffer
	if code := run([]string{"static", "-out", out, "-wasm", wasm, "-prefix", "/lab", "-version", "v-test"}, io.Discard, &errOut); code != 0 {
		t.Fatalf("static: code %d: %s", code, errOut.String())
	}
	for _, f := range []string{"index.html", "app.js", "app-worker.js", "wasm_exec.js", "manifest.webmanifest", "app.css",
		"web/app.wasm", "web/style.css", "web/icon.svg", "web/icon-192.png", "web/icon-512.png", "index.html.gz", "web/app.wasm.gz"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("missing %s", f)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "web", "screenshot.png")); err == nil {
		t.Error("the README's screenshot was copied into the site")
	}
	index, err := os.ReadFile(filepath.Join(out, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`href="/lab/web/style.css"`, `src="/lab/app.js"`, `href="/lab/manifest.webmanifest"`, `id="boot-error"`, `data-scenario=`} {
		if !bytes.Contains(index, []byte(want)) {
			t.Errorf("index.html has no %s", want)
		}
	}

	// Without a prefix, every URL is relative: the folder works anywhere.
	rel := filepath.Join(dir, "relative")
	if code := run([]string{"static", "-out", rel, "-wasm", wasm}, io.Discard, &errOut); code != 0 {
		t.Fatalf("static: code %d: %s", code, errOut.String())
	}
	index, err = os.ReadFile(filepath.Join(rel, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`href="./web/style.css"`, `src="./app.js"`, `href="./manifest.webmanifest"`} {
		if !bytes.Contains(index, []byte(want)) {
			t.Errorf("relative index.html has no %s", want)
		}
	}
	if bytes.Contains(index, []byte(`src="/`)) || bytes.Contains(index, []byte(`href="/`)) {
		t.Error("relative index.html has an absolute link")
	}
	// go-app writes a false boolean attribute as checked="false", which
	// HTML reads as true: the page must not produce any.
	for _, bad := range []string{`checked="false"`, `disabled="false"`, `selected="false"`, `hidden="false"`} {
		if bytes.Contains(index, []byte(bad)) {
			t.Errorf("index.html holds %s", bad)
		}
	}
	appJS, err := os.ReadFile(filepath.Join(out, "app.js"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"GOAPP_VERSION":"v-test"`, `"GOAPP_ROOT_PREFIX":"/lab"`, `/lab/web/app.wasm`} {
		if !bytes.Contains(appJS, []byte(want)) {
			t.Errorf("app.js has no %s", want)
		}
	}
	for _, f := range []string{"index.html", "app.js", "app-worker.js", "manifest.webmanifest"} {
		b, err := os.ReadFile(filepath.Join(out, f))
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte("https://")) && f != "index.html" || bytes.Contains(b, []byte("raw.githubusercontent")) {
			t.Errorf("%s refers to a remote resource", f)
		}
	}
}

// Any request path gets an answer, never a panic, and only files of the
// site: os.Root refuses to leave the folder.
func FuzzSiteHandlerPath(f *testing.F) {
	for _, p := range []string{"/", "/app.js", "/../secret", "/web/../../secret", "/%2e%2e/secret", "//secret", "/web/app.wasm.gz", "/lab/x"} {
		f.Add(p, "gzip, br")
	}
	parent := f.TempDir()
	if err := os.WriteFile(filepath.Join(parent, "secret"), []byte("secret"), 0o644); err != nil {
		f.Fatal(err)
	}
	siteDir := filepath.Join(parent, "site")
	if err := os.MkdirAll(filepath.Join(siteDir, "web"), 0o755); err != nil {
		f.Fatal(err)
	}
	for _, name := range []string{"index.html", "app.js", "web/app.wasm"} {
		if err := os.WriteFile(filepath.Join(siteDir, name), []byte(name), 0o644); err != nil {
			f.Fatal(err)
		}
	}
	root, err := os.OpenRoot(siteDir)
	if err != nil {
		f.Fatal(err)
	}
	defer root.Close()
	f.Fuzz(func(t *testing.T, path, acceptEncoding string) {
		for _, h := range []*siteHandler{{root: root}, {root: root, prefix: "/lab"}} {
			req := httptest.NewRequest("GET", "/", nil)
			req.URL.Path = path
			req.Header.Set("Accept-Encoding", acceptEncoding)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if strings.Contains(rec.Body.String(), "secret") {
				t.Errorf("%q (prefix %q) served a file outside the site", path, h.prefix)
			}
		}
	})
}
