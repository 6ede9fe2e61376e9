//go:build js && wasm

// Package jsbridge is the page's only door to the browser APIs that go-app
// does not manage: the URL fragment and history, the clipboard, storage and
// a few DOM touches. Every call goes through safejs, so a JavaScript exception
// (a SecurityError in a sandboxed frame, a refused clipboard) comes back as an
// error for the page to show, never as a panic.
package jsbridge

import (
	"errors"
	"strings"

	"github.com/hack-pad/safejs"
)

// lookup walks a property path from the global object.
func lookup(path ...string) (safejs.Value, error) {
	v := safejs.Global()
	for _, p := range path {
		next, err := v.Get(p)
		if err != nil {
			return safejs.Value{}, err
		}
		if next.IsUndefined() || next.IsNull() {
			return safejs.Value{}, errors.New(strings.Join(path, ".") + " is not available")
		}
		v = next
	}
	return v, nil
}

func str(path ...string) (string, error) {
	v, err := lookup(path...)
	if err != nil {
		return "", err
	}
	return v.String()
}

// Hash returns the URL fragment without its "#".
func Hash() (string, error) {
	h, err := str("location", "hash")
	return strings.TrimPrefix(h, "#"), err
}

// Path returns the page's path, location.pathname.
func Path() (string, error) { return str("location", "pathname") }

// PageURL returns the page's URL without its fragment.
func PageURL() (string, error) {
	href, err := str("location", "href")
	if err != nil {
		return "", err
	}
	href, _, _ = strings.Cut(href, "#")
	return href, nil
}

// ReplaceHash sets the URL fragment with history.replaceState, so that a
// change of state does not add a history entry or fire a navigation.
func ReplaceHash(fragment string) error {
	history, err := lookup("history")
	if err != nil {
		return err
	}
	base, err := PageURL()
	if err != nil {
		return err
	}
	state, err := history.Get("state")
	if err != nil {
		return err
	}
	_, err = history.Call("replaceState", state, "", base+"#"+fragment)
	return err
}

// CopyText writes s to the clipboard. The result arrives on the channel once
// the browser's promise settles.
func CopyText(s string) <-chan error {
	done := make(chan error, 1)
	clipboard, err := lookup("navigator", "clipboard")
	if err != nil {
		done <- err
		return done
	}
	promise, err := clipboard.Call("writeText", s)
	if err != nil {
		done <- err
		return done
	}
	settle(promise, done)
	return done
}

// settle sends nil when promise fulfils and its reason when it rejects.
func settle(promise safejs.Value, done chan<- error) {
	var onOK, onErr safejs.Func
	release := func() { onOK.Release(); onErr.Release() }
	onOK, err := safejs.FuncOf(func(safejs.Value, []safejs.Value) any {
		done <- nil
		release()
		return nil
	})
	if err != nil {
		done <- err
		return
	}
	onErr, err = safejs.FuncOf(func(_ safejs.Value, args []safejs.Value) any {
		reason := "the browser refused"
		if len(args) > 0 {
			if s, err := args[0].Call("toString"); err == nil {
				if t, err := s.String(); err == nil {
					reason = t
				}
			}
		}
		done <- errors.New(reason)
		release()
		return nil
	})
	if err != nil {
		onOK.Release()
		done <- err
		return
	}
	if _, err := promise.Call("then", onOK.Value(), onErr.Value()); err != nil {
		release()
		done <- err
	}
}

// Load reads key from localStorage; "" when it is absent.
func Load(key string) (string, error) {
	storage, err := lookup("localStorage")
	if err != nil {
		return "", err
	}
	v, err := storage.Call("getItem", key)
	if err != nil || v.IsNull() {
		return "", err
	}
	return v.String()
}

// Store writes v under key in localStorage, or removes key when v is "".
func Store(key, v string) error {
	storage, err := lookup("localStorage")
	if err != nil {
		return err
	}
	if v == "" {
		_, err = storage.Call("removeItem", key)
	} else {
		_, err = storage.Call("setItem", key, v)
	}
	return err
}

// MarkReady sets document.body.dataset.ready to "1": the page's own signal
// that the WebAssembly side has mounted and read its state.
func MarkReady() error {
	dataset, err := lookup("document", "body", "dataset")
	if err != nil {
		return err
	}
	return dataset.Set("ready", "1")
}

// Focus moves the keyboard focus to the element with that id.
func Focus(id string) error {
	doc, err := lookup("document")
	if err != nil {
		return err
	}
	el, err := doc.Call("getElementById", id)
	if err != nil {
		return err
	}
	if el.IsNull() {
		return errors.New("no element #" + id)
	}
	_, err = el.Call("focus")
	return err
}
