// Package e2e tests the built page in headless Chromium: the static site that
// "sessionlab static" generates, served by "sessionlab serve" on 127.0.0.1.
//
// The tests build the wasm and the command themselves, or reuse the wasm in
// $SESSIONLAB_WASM (./build.sh test sets it). Without Chromium they skip.
package e2e

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

const chromium = "/usr/bin/chromium"

// prefix is the path of the project-site build, as on GitHub Pages; folder
// is where the build without a prefix (relative URLs) is served too.
const (
	prefix = "/sessionlab"
	folder = "/any/folder"
)

var (
	skipReason string          // why every test skips, when it does
	rootURL    string          // the site at the host's root, ending in "/"
	prefixURL  string          // the site built for prefix and served there, ending in "/"
	folderURL  string          // the root's site (relative URLs) served from another folder
	brokenURL  string          // a copy of the site without app.wasm
	exitedURL  string          // a copy whose app.wasm exits at once
	chrome     context.Context // the one browser the tests share
	moduleRoot string
	commandBin string // the built command, for tests that make sites of their own
	wasmFile   string // the built page
)

func TestMain(m *testing.M) {
	os.Exit(runMain(m))
}

func runMain(m *testing.M) int {
	if _, err := os.Stat(chromium); err != nil {
		skipReason = "no Chromium at " + chromium + " (CI installs it)"
		return m.Run()
	}
	tmp, err := os.MkdirTemp("", "sessionlab-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(tmp)
	stop, err := setUp(tmp)
	defer stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e setup:", err)
		return 1
	}

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(1280, 900),
	)
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(alloc)
	defer cancel()
	if err := chromedp.Do(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "starting Chromium:", err)
		return 1
	}
	chrome = ctx
	return m.Run()
}

// setUp builds the command and the wasm, generates the sites and serves
// them. stop ends the servers.
func setUp(tmp string) (stop func(), err error) {
	var servers []*exec.Cmd
	stop = func() {
		for _, s := range servers {
			s.Process.Kill()
			s.Wait()
		}
	}
	moduleRoot, err = filepath.Abs("..")
	if err != nil {
		return stop, err
	}
	bin := filepath.Join(tmp, "sessionlab")
	if err := goCmd(nil, "build", "-o", bin, "."); err != nil {
		return stop, err
	}
	wasm := os.Getenv("SESSIONLAB_WASM")
	if wasm == "" {
		wasm = filepath.Join(tmp, "app.wasm")
		env := []string{"GOOS=js", "GOARCH=wasm"}
		if err := goCmd(env, "build", "-trimpath", "-ldflags=-s -w", "-o", wasm, "."); err != nil {
			return stop, err
		}
	}
	commandBin, wasmFile = bin, wasm
	web := filepath.Join(moduleRoot, "web")
	exits := filepath.Join(tmp, "exits.wasm")
	if err := goCmd([]string{"GOOS=js", "GOARCH=wasm"}, "build", "-o", exits, "./e2e/testdata/exits"); err != nil {
		return stop, err
	}
	root, prefixed := filepath.Join(tmp, "root"), filepath.Join(tmp, "prefixed")
	broken, exited := filepath.Join(tmp, "broken"), filepath.Join(tmp, "exited")
	for _, args := range [][]string{
		{"static", "-out", root, "-wasm", wasm, "-web", web},
		{"static", "-out", prefixed, "-wasm", wasm, "-web", web, "-prefix", prefix},
		{"static", "-out", broken, "-wasm", wasm, "-web", web},
		{"static", "-out", exited, "-wasm", exits, "-web", web},
	} {
		if out, err := exec.Command(bin, args...).CombinedOutput(); err != nil {
			return stop, fmt.Errorf("sessionlab %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	for _, f := range []string{"app.wasm", "app.wasm.gz"} {
		if err := os.Remove(filepath.Join(broken, "web", f)); err != nil {
			return stop, err
		}
	}
	for _, s := range []struct {
		dir, prefix string
		url         *string
	}{{root, "", &rootURL}, {prefixed, prefix, &prefixURL}, {root, folder, &folderURL}, {broken, "", &brokenURL}, {exited, "", &exitedURL}} {
		cmd := exec.Command(bin, "serve", "-addr", "127.0.0.1:0", "-dir", s.dir, "-prefix", s.prefix)
		u, err := startServer(cmd)
		if err != nil {
			return stop, err
		}
		servers = append(servers, cmd)
		*s.url = u
	}
	return stop, nil
}

// goCmd runs the go command in the module root.
func goCmd(env []string, args ...string) error {
	cmd := exec.Command("go", args...)
	cmd.Dir = moduleRoot
	cmd.Env = append(os.Environ(), env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return nil
}

// startServer starts "sessionlab serve" and returns the URL it announces.
func startServer(cmd *exec.Cmd) (string, error) {
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return "", err
	}
	if err := cmd.Start(); err != nil {
		return "", err
	}
	lines := bufio.NewScanner(stderr)
	found := make(chan string, 1)
	go func() {
		for lines.Scan() {
			if _, u, ok := strings.Cut(lines.Text(), " at "); ok {
				found <- u
				break
			}
		}
		io.Copy(io.Discard, stderr)
	}()
	select {
	case u := <-found:
		return u, nil
	case <-time.After(30 * time.Second):
		return "", fmt.Errorf("%s did not announce its address", strings.Join(cmd.Args, " "))
	}
}
