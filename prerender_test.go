//go:build !wasm

package main

import "testing"

func TestFixPrerenderedHTML(t *testing.T) {
	tests := []struct{ in, want string }{
		{`<svg aria-hidden>`, `<svg aria-hidden="true">`},
		{`<svg focusable="false" aria-hidden viewBox="0 0 1 1">`, `<svg focusable="false" aria-hidden="true" viewBox="0 0 1 1">`},
		{"<button class=\"mode\" aria-pressed\n>", "<button class=\"mode\" aria-pressed=\"true\"\n>"},
		{`<div aria-live="polite" aria-atomic>x</div>`, `<div aria-live="polite" aria-atomic="true">x</div>`},
		{`<img src="a.svg" aria-hidden/>`, `<img src="a.svg" aria-hidden="true"/>`},
		{`<input type="checkbox" checked disabled>`, `<input type="checkbox" checked disabled>`}, // HTML boolean attributes
		{`<div aria-label>`, `<div aria-label>`},                                                 // not a token: left alone
		{`<div title="a\"b">`, `<div title="a&quot;b">`},
		{`<div title="x\" onmouseover=\"alert(1)">`, `<div title="x&quot; onmouseover=&quot;alert(1)">`},
		{`<div title="back\\slash">`, `<div title="back\slash">`},
		{`<a href="/x?a=1&b=2">`, `<a href="/x?a=1&b=2">`},
		{`<meta name="color-scheme" content="light dark">`, `<meta name="color-scheme" content="light dark">`},
		{`<p class=plain>a < b</p>`, `<p class=plain>a < b</p>`},
		{"<script>if(a<b)x('<div aria-hidden>')</script><p aria-hidden>", "<script>if(a<b)x('<div aria-hidden>')</script><p aria-hidden=\"true\">"},
		{"<STYLE>a<b{}</style>", "<STYLE>a<b{}</style>"},
		{"<!-- <div aria-hidden> --><br>", "<!-- <div aria-hidden> --><br>"},
		{"<!doctype html><html lang=\"en\">", "<!doctype html><html lang=\"en\">"},
		{`<div title="unterminated`, `<div title="unterminated`},
		{`<div aria-hidden`, `<div aria-hidden="true"`},
		{"", ""},
	}
	for _, tt := range tests {
		if got := string(fixPrerenderedHTML([]byte(tt.in))); got != tt.want {
			t.Errorf("%q:\n got  %q\n want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzFixPrerenderedHTML(f *testing.F) {
	for _, s := range []string{`<svg aria-hidden>`, `<div title="a\"b">`, "<script>a<b</script>", "<!--", "<a =x>", `<p "x">`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := fixPrerenderedHTML([]byte(s))
		if again := fixPrerenderedHTML(out); len(s) < 200 && string(again) != string(out) && !hasGoEscape(s) {
			t.Errorf("not idempotent on %q:\n%q\n%q", s, out, again)
		}
	})
}

// hasGoEscape reports whether s holds a backslash, which a second pass may
// read as Go quoting again.
func hasGoEscape(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' {
			return true
		}
	}
	return false
}
