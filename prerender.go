//go:build !wasm

package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// go-app v10 writes the prerendered page's attributes its own way
// (nodeManager.encodeHTMLAttribute): a value is quoted with strconv.Quote,
// so that a double quote in it becomes \" and ends the attribute early in
// HTML; and an attribute whose value is "true" is written bare, which HTML
// reads as the empty value: a bare aria-hidden hides nothing, a bare
// aria-pressed is invalid. The live DOM is right (go-app sets the values
// with setAttribute); fixPrerenderedHTML makes the static page say the same.

// ariaTokens are the ARIA attributes whose value is a token such as "true",
// so that a bare one can only have been "true" (WAI-ARIA 1.2 §6.6-6.7).
var ariaTokens = map[string]bool{
	"aria-atomic": true, "aria-busy": true, "aria-checked": true, "aria-current": true,
	"aria-disabled": true, "aria-expanded": true, "aria-grabbed": true, "aria-haspopup": true,
	"aria-hidden": true, "aria-invalid": true, "aria-modal": true, "aria-multiline": true,
	"aria-multiselectable": true, "aria-pressed": true, "aria-readonly": true,
	"aria-required": true, "aria-selected": true,
}

// fixPrerenderedTree rewrites every HTML file under dir.
func fixPrerenderedTree(dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".html" {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(p, fixPrerenderedHTML(b), 0o644)
	})
}

// fixPrerenderedHTML rewrites the attributes of every start tag of page as
// HTML writes them: a Go-quoted value unquoted and written with &quot; for
// its double quotes, and a bare ARIA token attribute given its value, "true".
// Text, comments and the contents of script and style elements are copied
// as they are.
func fixPrerenderedHTML(page []byte) []byte {
	var out bytes.Buffer
	out.Grow(len(page) + len(page)/64)
	for len(page) > 0 {
		i := bytes.IndexByte(page, '<')
		if i < 0 || i+1 >= len(page) {
			out.Write(page)
			break
		}
		out.Write(page[:i])
		page = page[i:]
		switch {
		case bytes.HasPrefix(page, []byte("<!--")):
			n := bytes.Index(page, []byte("-->"))
			if n < 0 {
				n = len(page) - 3
			}
			out.Write(page[:n+3])
			page = page[n+3:]
		case isASCIILetter(page[1]):
			var name string
			name, page = startTag(&out, page)
			if name == "script" || name == "style" {
				end := bytes.Index(bytes.ToLower(page), []byte("</"+name))
				if end < 0 {
					end = len(page)
				}
				out.Write(page[:end])
				page = page[end:]
			}
		default:
			out.WriteByte('<')
			page = page[1:]
		}
	}
	return out.Bytes()
}

// startTag copies the start tag at the head of page, fixing its attributes,
// and returns its lower-case name and the rest of page.
func startTag(out *bytes.Buffer, page []byte) (string, []byte) {
	n := 1
	for n < len(page) && !isSpace(page[n]) && page[n] != '>' && page[n] != '/' {
		n++
	}
	name := strings.ToLower(string(page[1:n]))
	out.Write(page[:n])
	page = page[n:]
	for {
		n = 0
		for n < len(page) && isSpace(page[n]) {
			n++
		}
		out.Write(page[:n])
		page = page[n:]
		if len(page) == 0 {
			return name, page
		}
		if page[0] == '>' || bytes.HasPrefix(page, []byte("/>")) {
			end := bytes.IndexByte(page, '>') + 1
			out.Write(page[:end])
			return name, page[end:]
		}
		n = 0
		for n < len(page) && !isSpace(page[n]) && page[n] != '=' && page[n] != '>' && !bytes.HasPrefix(page[n:], []byte("/>")) {
			n++
		}
		if n == 0 { // a stray "/" or "="
			out.WriteByte(page[0])
			page = page[1:]
			continue
		}
		attr := string(page[:n])
		out.Write(page[:n])
		page = page[n:]
		if len(page) == 0 || page[0] != '=' {
			if ariaTokens[strings.ToLower(attr)] {
				out.WriteString(`="true"`)
			}
			continue
		}
		out.WriteByte('=')
		page = page[1:]
		if len(page) > 0 && page[0] == '"' {
			if q, err := strconv.QuotedPrefix(string(page)); err == nil {
				v, _ := strconv.Unquote(q)
				out.WriteByte('"')
				out.WriteString(strings.ReplaceAll(v, `"`, "&quot;"))
				out.WriteByte('"')
				page = page[len(q):]
				continue
			}
			// Not Go's quoting (a raw header): copy up to the closing quote.
			end := bytes.IndexByte(page[1:], '"') + 2
			if end < 2 {
				end = len(page)
			}
			out.Write(page[:end])
			page = page[end:]
			continue
		}
		n = 0
		for n < len(page) && !isSpace(page[n]) && page[n] != '>' {
			n++
		}
		out.Write(page[:n])
		page = page[n:]
	}
}

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }
