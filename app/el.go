package app

import (
	"fmt"
	"reflect"
	"strings"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"
)

// The page's elements are built the way hyperscript builds them:
//
//	el("button#embed-copy.primary[aria-keyshortcuts=c]", on("click", copyCode), "Copy the HTML")
//
// sel is the tag, then an optional "#id", any ".class" and any
// "[name=value]" static attributes, in that order (a value runs to its "]").
// sel is for constants only: a computed value goes in an attr, since one
// holding "]" or "[" would be read as other attributes.
// Each item of body is one of
//   - a string, or a named string type: a text child;
//   - a goapp.UI: a child, such as another el, goapp.Range or goapp.If
//     (nil is skipped);
//   - a []goapp.UI: children;
//   - an attr, from a or isOn: an attribute computed at render time;
//   - an event, from on: an event handler.
//
// A textarea's text is its a("value", ...), as with go-app's Textarea().Text.
//
// Why not go-app's builders (goapp.Div().Class(...).Body(...))? Size. Every
// go-app tag is a type of its own with some 150 methods, and every method
// called on any of them is kept for all of them: about 270 KB of app.wasm
// for the 40 tags the page uses. And in Go's WebAssembly each call of a
// chain costs some 150 bytes, where static attributes in sel cost nothing
// but their text. With el the page is the same DOM and app.wasm 1.08 MB
// smaller raw (10.30 -> 9.21 MB), 67 KB smaller brotli.

// el is an HTML element; see above.
func el(sel string, body ...any) goapp.UI { return build("", sel, body) }

// svgEl is an SVG element: go-app creates each element with its own
// namespace, so every SVG descendant needs it.
func svgEl(sel string, body ...any) goapp.UI { return build(svgNS, sel, body) }

const svgNS = "http://www.w3.org/2000/svg"

// attr is an attribute computed at render time. Its value goes to go-app as
// it is, so a bool or an int is written the way go-app's own setters write
// it.
type attr struct {
	name  string
	value any
}

// a is the attribute name with the value v.
func a(name string, v any) attr { return attr{name, v} }

// isOn is the boolean attribute name (checked, selected, disabled, ...)
// when on is true. go-app prerenders a false boolean with its value,
// checked="false", which HTML reads as present, that is true; the browser's
// DOM, on the other hand, needs the false value to clear the property after
// a change. So a false value is set only in the browser.
func isOn(name string, on bool) any {
	if on || goapp.IsClient {
		return attr{name, on}
	}
	return nil
}

// chosen is the index of the option chosen in the select that sent ctx's
// event, if it is one of its n options. A select's value will not do: go-app
// writes no value attribute when the value is empty, and an option without
// one has its text for value, so SameSite's "False (no attribute)" would
// arrive as those words.
func chosen(ctx goapp.Context, n int) (int, bool) {
	i := ctx.JSSrc().Get("selectedIndex").Int()
	return i, 0 <= i && i < n
}

// event is an event handler.
type event struct {
	name    string
	handler goapp.EventHandler
	options []goapp.EventOption
}

// on handles the DOM event name ("click", "change", "keydown", ...).
func on(name string, h goapp.EventHandler, options ...goapp.EventOption) event {
	return event{name, h, options}
}

// element is what go-app's Elem and ElemSelfClosing have in common.
type element[T any] interface {
	goapp.UI
	Attr(string, any) T
	On(string, goapp.EventHandler, ...goapp.EventOption) T
	XMLNS(string) T
}

func build(ns, sel string, body []any) goapp.UI {
	tag, attrs := parseSel(sel)
	if isVoid(tag) {
		return decorate(goapp.ElemSelfClosing(tag), ns, attrs, body)
	}
	e := decorate(goapp.Elem(tag), ns, attrs, body)
	var children []goapp.UI
	for _, b := range body {
		switch b := b.(type) {
		case string:
			children = append(children, goapp.Text(b))
		case goapp.UI:
			children = append(children, b)
		case []goapp.UI:
			children = append(children, b...)
		case attr, event, nil:
		default:
			// A named string type (sim.Outcome, ...) is text too;
			// anything else is a mistake that should show, not vanish.
			if v := reflect.ValueOf(b); v.Kind() == reflect.String {
				children = append(children, goapp.Text(v.String()))
			} else {
				children = append(children, goapp.Text(fmt.Sprint(b)))
			}
		}
	}
	if children != nil {
		e = e.Body(children...)
	}
	return e
}

// decorate sets e's namespace, its attributes from sel and its attributes
// and event handlers from body.
func decorate[T element[T]](e T, ns string, attrs []attr, body []any) T {
	if ns != "" {
		e = e.XMLNS(ns)
	}
	for _, at := range attrs {
		e = e.Attr(at.name, at.value)
	}
	for _, b := range body {
		switch b := b.(type) {
		case attr:
			e = e.Attr(b.name, b.value)
		case event:
			e = e.On(b.name, b.handler, b.options...)
		}
	}
	return e
}

// parseSel splits "tag#id.class1.class2[name=value]" into the tag and its
// attributes. A "[name]" without a value is the empty string.
func parseSel(sel string) (tag string, attrs []attr) {
	if i := strings.IndexByte(sel, '['); i >= 0 {
		for _, kv := range strings.Split(strings.TrimSuffix(sel[i+1:], "]"), "][") {
			k, v, _ := strings.Cut(kv, "=")
			attrs = append(attrs, attr{k, v})
		}
		sel = sel[:i]
	}
	i := strings.IndexAny(sel, "#.")
	if i < 0 {
		return sel, attrs
	}
	tag, rest := sel[:i], sel[i:]
	if rest[0] == '#' {
		id, classes, _ := strings.Cut(rest[1:], ".")
		attrs = append(attrs, attr{"id", id})
		rest = "." + classes
		if classes == "" {
			return tag, attrs
		}
	}
	return tag, append(attrs, attr{"class", strings.ReplaceAll(rest[1:], ".", " ")})
}

// isVoid reports whether an HTML element has no end tag and so no children
// (HTML § 13.1.2, the void elements this page uses).
func isVoid(tag string) bool {
	switch tag {
	case "input", "img", "wbr", "br", "hr":
		return true
	}
	return false
}
