//go:build !wasm

// Command sessionlab is Session Lab: in the browser (GOOS=js GOARCH=wasm,
// main_wasm.go) it is the page; on the command line it prints verdicts,
// generates the static site and serves it.
//
//	sessionlab verdicts [flags]   (see sessionlab verdicts --help)
//	sessionlab static -out DIR [-prefix /path] [-version V] [-wasm FILE] [-web DIR] [-domain HOST]
//	sessionlab serve [-addr 127.0.0.1:8080] [-dir DIR] [-prefix /path]
package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"sessionlab/app"
	"sessionlab/sim"
)

func main() {
	app.Routes()
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

const usage = `usage:
  sessionlab verdicts [flags]   the board on the command line (sessionlab verdicts --help)
  sessionlab static -out DIR [-prefix /path] [-version V] [-wasm FILE] [-web DIR] [-domain HOST]
  sessionlab serve [-addr 127.0.0.1:8080] [-dir DIR] [-prefix /path]
`

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "verdicts":
		return sim.VerdictsMain(args[1:], os.Stdin, stdout, stderr)
	case "static":
		err = static(args[1:], stderr)
	case "serve":
		err = serve(args[1:], stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "sessionlab: unknown command %q\n%s", args[0], usage)
		return 2
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "sessionlab:", err)
		return 1
	}
	return 0
}

// static writes the whole site into -out: go-app's prerendered page and
// generated scripts, the assets of -web, the wasm, and a gzip copy of every
// compressible file for servers that send precompressed files. Without
// -prefix every URL in it is relative and the folder works wherever it is
// put; with one, every URL is absolute under it.
func static(args []string, stderr io.Writer) error {
	fl := flag.NewFlagSet("static", flag.ContinueOnError)
	fl.SetOutput(stderr)
	out := fl.String("out", "", "the folder to write the site into (required)")
	prefix := fl.String("prefix", "", `the path the site is served under, e.g. "/sessionlab" for a GitHub Pages project site (default: relative URLs, for any folder)`)
	version := fl.String("version", "", "the build's version (default: a hash of app.wasm, the assets and this program)")
	wasm := fl.String("wasm", "web/app.wasm", "the compiled page")
	web := fl.String("web", "web", "the folder of static assets")
	domain := fl.String("domain", "", "the host name the site is published at, for og:url")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if *out == "" || fl.NArg() > 0 {
		fl.Usage()
		return errors.New("static needs -out DIR and no other arguments")
	}
	p, err := cleanPrefix(*prefix)
	if err != nil {
		return err
	}
	code, err := os.ReadFile(*wasm)
	if err != nil {
		return fmt.Errorf("reading the wasm (build it first): %w", err)
	}
	if *version == "" {
		if *version, err = siteVersion(code, *web); err != nil {
			return err
		}
	}
	h := app.Handler(app.Site{Prefix: p, Version: *version, WasmSize: int64(len(code)), Domain: *domain})
	if err := goapp.GenerateStaticWebsite(*out, h); err != nil {
		return fmt.Errorf("generating the site: %w", err)
	}
	if err := copyAssets(*web, filepath.Join(*out, "web")); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(*out, "web", "app.wasm"), code, 0o644); err != nil {
		return err
	}
	// go-app's prerendered attributes, as HTML writes them (prerender.go).
	if err := fixPrerenderedTree(*out); err != nil {
		return err
	}
	return gzipTree(*out)
}

// siteVersion names a build for the service worker, which serves a version
// from its cache until the version changes (app/offline.go): a hash of
// everything the site is made of, the wasm, the assets and this program
// (which writes the HTML and scripts), so that a change to any of them is a
// new version, and a rebuild of the same tree is not.
func siteVersion(code []byte, web string) (string, error) {
	h := sha256.New()
	h.Write(code)
	err := filepath.WalkDir(web, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == "app.wasm" {
			return err
		}
		rel, err := filepath.Rel(web, p)
		if err != nil {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "\x00%s\x00%d\x00", filepath.ToSlash(rel), len(b))
		h.Write(b)
		return nil
	})
	if err != nil {
		return "", err
	}
	self, err := os.Executable()
	if err == nil {
		var b []byte
		if b, err = os.ReadFile(self); err == nil {
			h.Write(b)
		}
	}
	if err != nil {
		return "", fmt.Errorf("hashing this program for the version: %w", err)
	}
	return hex.EncodeToString(h.Sum(nil)[:8]), nil
}

// cleanPrefix checks a -prefix: empty, or a path that starts with "/" and
// does not end with one.
func cleanPrefix(p string) (string, error) {
	if p == "" || p == "/" {
		return "", nil
	}
	if !strings.HasPrefix(p, "/") || path.Clean(p) != strings.TrimSuffix(p, "/") || strings.ContainsAny(p, `"'<>?#\ `) {
		return "", fmt.Errorf("-prefix %q: want a plain path such as /sessionlab", p)
	}
	return strings.TrimSuffix(p, "/"), nil
}

// copyAssets copies the asset folder, leaving out build outputs and the
// README's screenshot.
func copyAssets(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		switch {
		case rel == "app.wasm", rel == "screenshot.png", strings.HasSuffix(rel, ".gz"), strings.HasSuffix(rel, ".br"):
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
}

// compressible lists the extensions worth a precompressed copy.
var compressible = map[string]bool{
	".html": true, ".js": true, ".css": true, ".svg": true, ".wasm": true, ".webmanifest": true, ".json": true, ".txt": true,
}

// gzipTree writes FILE.gz beside every compressible file of dir.
func gzipTree(dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !compressible[filepath.Ext(p)] {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		f, err := os.Create(p + ".gz")
		if err != nil {
			return err
		}
		zw, err := gzip.NewWriterLevel(f, gzip.BestCompression)
		if err != nil {
			f.Close()
			return err
		}
		if _, err := zw.Write(b); err != nil {
			f.Close()
			return err
		}
		if err := zw.Close(); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	})
}

// serve serves a generated site folder the way static hosts do, on the
// loopback interface unless -addr says otherwise, until SIGINT or SIGTERM.
func serve(args []string, stderr io.Writer) error {
	fl := flag.NewFlagSet("serve", flag.ContinueOnError)
	fl.SetOutput(stderr)
	addr := fl.String("addr", "127.0.0.1:8080", "the address to listen on")
	dir := fl.String("dir", "dist", "the generated site")
	prefix := fl.String("prefix", "", "serve the site under this path, as GitHub Pages serves a project site")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if fl.NArg() > 0 {
		fl.Usage()
		return errors.New("serve takes no arguments")
	}
	p, err := cleanPrefix(*prefix)
	if err != nil {
		return err
	}
	root, err := os.OpenRoot(*dir)
	if err != nil {
		return fmt.Errorf("opening the site (run ./build.sh static first): %w", err)
	}
	defer root.Close()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	srv := newServer(&siteHandler{root: root, prefix: p})
	fmt.Fprintf(stderr, "serving %s at http://%s%s/\n", *dir, ln.Addr(), p)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	// Requests in flight get a moment to finish; then every connection is
	// closed, so that a classroom server stops at once when asked to.
	fmt.Fprintln(stderr, "stopping")
	wait, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	if err := srv.Shutdown(wait); err != nil {
		srv.Close()
	}
	return nil
}

// newServer bounds every phase of a connection, so that slow or idle
// clients (a classroom's worth of laptops, a port scanner) cannot hold the
// server's connections open. The write timeout leaves time for app.wasm on a
// slow network.
func newServer(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
}

// siteHandler serves a static site folder: index.html for a folder, NAME.html
// for a deep link to NAME (as GitHub Pages does), and a precompressed NAME.br
// or NAME.gz with its Content-Encoding when the client accepts it.
type siteHandler struct {
	root   *os.Root
	prefix string

	policies sync.Map // an HTML file's name → policyEntry
}

// policyEntry holds the inline script hashes of one version of an HTML file.
type policyEntry struct {
	modTime time.Time
	size    int64
	hashes  []string
}

func (s *siteHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	p := r.URL.Path
	if s.prefix != "" {
		if p == s.prefix {
			http.Redirect(w, r, s.prefix+"/", http.StatusMovedPermanently)
			return
		}
		rest, ok := strings.CutPrefix(p, s.prefix+"/")
		if !ok {
			http.NotFound(w, r)
			return
		}
		p = "/" + rest
	}
	name, ok := s.resolve(path.Clean("/" + p))
	if !ok {
		http.NotFound(w, r)
		return
	}
	ctype := mime.TypeByExtension(path.Ext(name))
	switch path.Ext(name) {
	case ".webmanifest":
		ctype = "application/manifest+json"
	case ".wasm":
		ctype = "application/wasm"
	}
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Content-Security-Policy", s.policy(name))
	// A page in a frame sandboxed without allow-same-origin fetches app.wasm
	// as a CORS request from the origin "null" (app/embed.go).
	h.Set("Access-Control-Allow-Origin", "*")
	h.Add("Vary", "Accept-Encoding")

	file := name
	for _, enc := range []struct{ token, ext string }{{"br", ".br"}, {"gzip", ".gz"}} {
		if accepts(r.Header.Get("Accept-Encoding"), enc.token) && s.isFile(name+enc.ext) {
			file = name + enc.ext
			h.Set("Content-Encoding", enc.token)
			break
		}
	}
	f, err := s.root.Open(strings.TrimPrefix(file, "/"))
	if err != nil {
		http.Error(w, "not readable", http.StatusInternalServerError)
		return
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		http.Error(w, "not readable", http.StatusInternalServerError)
		return
	}
	http.ServeContent(w, r, name, info.ModTime(), f)
}

// policy is the Content-Security-Policy for the file name: only the site's
// own files; WebAssembly compilation ('wasm-unsafe-eval'), which go-app's
// loader needs; for an HTML page, its inline scripts by hash and no other
// inline script; style attributes, which go-app sets for the diagrams'
// widths (they cannot run script); and any page may frame it, since the
// embed mode exists to be framed. No X-Frame-Options, for the same reason.
func (s *siteHandler) policy(name string) string {
	var hashes []string
	if path.Ext(name) == ".html" {
		hashes = s.inlineScriptHashes(name)
	}
	return "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'" + strings.Join(hashes, "") +
		"; style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self' data:; object-src 'none'" +
		"; base-uri 'none'; form-action 'self'; frame-ancestors *"
}

// inlineScriptHashes returns " 'sha256-…'" for each inline script of the
// HTML file name, computed once per version of the file.
func (s *siteHandler) inlineScriptHashes(name string) []string {
	rel := strings.TrimPrefix(name, "/")
	info, err := s.root.Stat(rel)
	if err != nil {
		return nil
	}
	if e, ok := s.policies.Load(name); ok {
		if e := e.(policyEntry); e.modTime.Equal(info.ModTime()) && e.size == info.Size() {
			return e.hashes
		}
	}
	page, err := s.root.ReadFile(rel)
	if err != nil {
		return nil
	}
	hashes := inlineScriptHashes(page)
	s.policies.Store(name, policyEntry{info.ModTime(), info.Size(), hashes})
	return hashes
}

// inlineScriptHashes returns the CSP hash source of every <script> element
// of page that has no src attribute: the SHA-256 of its text, which is raw
// text in HTML (no character references), as a browser hashes it.
func inlineScriptHashes(page []byte) []string {
	var hashes []string
	for {
		i := bytes.Index(page, []byte("<script"))
		if i < 0 {
			return hashes
		}
		page = page[i+len("<script"):]
		end := bytes.IndexByte(page, '>')
		if end < 0 {
			return hashes
		}
		attrs := page[:end]
		page = page[end+1:]
		close := bytes.Index(page, []byte("</script"))
		if close < 0 {
			return hashes
		}
		text := page[:close]
		page = page[close:]
		if bytes.Contains(attrs, []byte("src=")) {
			continue
		}
		sum := sha256.Sum256(text)
		hashes = append(hashes, " 'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"'")
	}
}

// resolve maps a clean URL path to a file of the site.
func (s *siteHandler) resolve(p string) (string, bool) {
	if strings.HasSuffix(p, ".br") || strings.HasSuffix(p, ".gz") {
		return "", false
	}
	for _, name := range []string{p, path.Join(p, "index.html"), p + ".html"} {
		if s.isFile(name) {
			return name, true
		}
	}
	return "", false
}

func (s *siteHandler) isFile(name string) bool {
	rel := strings.TrimPrefix(name, "/")
	if rel == "" {
		return false
	}
	info, err := s.root.Stat(rel)
	return err == nil && info.Mode().IsRegular()
}

// accepts reports whether an Accept-Encoding header allows the coding
// (RFC 9110 §12.5.3), honouring q=0.
func accepts(header, coding string) bool {
	for _, part := range strings.Split(header, ",") {
		token, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(token), coding) {
			continue
		}
		q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
		return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
	}
	return false
}
