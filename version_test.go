//go:build !wasm

package main

import (
	"os"
	"path/filepath"
	"testing"
)

// A build's version changes with the wasm and with any asset, and only
// with them: the same files in another folder are the same version.
func TestSiteVersion(t *testing.T) {
	dirs := []string{t.TempDir(), t.TempDir()}
	for _, d := range dirs {
		if err := os.WriteFile(filepath.Join(d, "style.css"), []byte("a{}"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, "app.wasm"), []byte("a stale copy, not the build's"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	version := func(code, web string) string {
		t.Helper()
		v, err := siteVersion([]byte(code), web)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	base := version("wasm", dirs[0])
	if len(base) != 16 || version("wasm", dirs[1]) != base {
		t.Errorf("the same site in two folders: %q and %q", base, version("wasm", dirs[1]))
	}
	if version("wasm2", dirs[0]) == base {
		t.Error("a new wasm is the same version")
	}
	if err := os.WriteFile(filepath.Join(dirs[1], "style.css"), []byte("a{color:red}"), 0o644); err != nil {
		t.Fatal(err)
	}
	if version("wasm", dirs[1]) == base {
		t.Error("a new style sheet is the same version")
	}
	if err := os.WriteFile(filepath.Join(dirs[0], "app.wasm"), []byte("another stale copy"), 0o644); err != nil {
		t.Fatal(err)
	}
	if version("wasm", dirs[0]) != base {
		t.Error("the stale app.wasm in the asset folder counts")
	}
}
