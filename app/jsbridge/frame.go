//go:build js && wasm

package jsbridge

import (
	"math"

	"github.com/hack-pad/safejs"
)

// The messages an embedded page and the page around it exchange through
// window.postMessage (HTML §9.4.3). Only these shapes are read; anything
// else that arrives is ignored.
const (
	// HeightMessage goes from the embed to its parent: {type, height}, the
	// embed's content height in CSS pixels.
	HeightMessage = "sessionlab:height"
	// SetMessage goes from the parent to the embed: {type, link}, a share
	// link's fragment ("v1&...") for the embed to show.
	SetMessage = "sessionlab:set"
	// MaxLinkMessage bounds the link a SetMessage may carry, in UTF-16 code
	// units (the link format itself stops at 8 KiB).
	MaxLinkMessage = 8 << 10
	// maxHeight bounds the heights read from a child frame.
	maxHeight = 1 << 16
)

// Framed reports whether the page runs inside a frame. A cross-origin
// parent can be compared, never read.
func Framed() bool {
	self, err := lookup("self")
	if err != nil {
		return false
	}
	parent, err := lookup("parent")
	if err != nil {
		return false
	}
	return !parent.Equal(self)
}

// ReportHeight posts the page's height to the parent window now and every
// time it changes, through a ResizeObserver on the root element: its box
// is the content's height, unlike scrollHeight, which never drops below the
// frame's own height and so would only let the frame grow. Call it once the
// page is rendered.
func ReportHeight() error {
	parent, err := lookup("parent")
	if err != nil {
		return err
	}
	root, err := lookup("document", "documentElement")
	if err != nil {
		return err
	}
	ctor, err := lookup("ResizeObserver")
	if err != nil {
		return err
	}
	last := -1
	report := func() {
		rect, err := root.Call("getBoundingClientRect")
		if err != nil {
			return
		}
		h, err := rect.Get("height")
		if err != nil {
			return
		}
		f, err := h.Float()
		if err != nil || math.IsNaN(f) {
			return
		}
		n := int(math.Ceil(f))
		if n == last {
			return
		}
		last = n
		msg, err := safejs.ValueOf(map[string]any{"type": HeightMessage, "height": n})
		if err == nil {
			// The height tells nothing private, so any parent may read it.
			parent.Call("postMessage", msg, "*")
		}
	}
	cb, err := safejs.FuncOf(func(safejs.Value, []safejs.Value) any {
		report()
		return nil
	})
	if err != nil {
		return err
	}
	obs, err := ctor.New(cb.Value())
	if err != nil {
		cb.Release()
		return err
	}
	if _, err := obs.Call("observe", root); err != nil {
		return err
	}
	// Chromium does not run the rendering steps, ResizeObserver included,
	// for a cross-origin frame out of view until it scrolls into view; the
	// first height goes now, so that the frame has its size before then.
	report()
	return nil
}

// OnSetMessage calls f with the link of each SetMessage the parent window
// posts. Messages from any other window, of another type, or whose link is
// not a string of at most MaxLinkMessage units are dropped unread.
func OnSetMessage(f func(link string)) error {
	parent, err := lookup("parent")
	if err != nil {
		return err
	}
	return onMessage(func(source, data safejs.Value) {
		if !source.Equal(parent) || messageType(data) != SetMessage {
			return
		}
		link, err := data.Get("link")
		if err != nil || link.Type() != safejs.TypeString {
			return
		}
		if n, err := strLen(link); err != nil || n > MaxLinkMessage {
			return
		}
		if s, err := link.String(); err == nil {
			f(s)
		}
	})
}

// OnFrameHeight calls f with each height that the frame with element id
// frameID reports by a HeightMessage.
func OnFrameHeight(frameID string, f func(height int)) error {
	return onMessage(func(source, data safejs.Value) {
		if messageType(data) != HeightMessage {
			return
		}
		frame, err := lookup("document")
		if err == nil {
			frame, err = frame.Call("getElementById", frameID)
		}
		if err != nil || frame.IsNull() {
			return
		}
		win, err := frame.Get("contentWindow")
		if err != nil || !win.Equal(source) {
			return
		}
		h, err := data.Get("height")
		if err != nil || h.Type() != safejs.TypeNumber {
			return
		}
		v, err := h.Float()
		if err != nil || !(v >= 0 && v <= maxHeight) {
			return
		}
		f(int(math.Ceil(v)))
	})
}

// onMessage adds a listener for the window's message events for the page's
// lifetime.
func onMessage(f func(source, data safejs.Value)) error {
	win, err := lookup("window")
	if err != nil {
		return err
	}
	cb, err := safejs.FuncOf(func(_ safejs.Value, args []safejs.Value) any {
		if len(args) == 0 {
			return nil
		}
		source, err := args[0].Get("source")
		if err != nil {
			return nil
		}
		data, err := args[0].Get("data")
		if err != nil {
			return nil
		}
		f(source, data)
		return nil
	})
	if err != nil {
		return err
	}
	_, err = win.Call("addEventListener", "message", cb.Value())
	if err != nil {
		cb.Release()
	}
	return err
}

// messageType is data.type when data is an object with a string type.
func messageType(data safejs.Value) string {
	if data.Type() != safejs.TypeObject {
		return ""
	}
	t, err := data.Get("type")
	if err != nil || t.Type() != safejs.TypeString {
		return ""
	}
	if n, err := strLen(t); err != nil || n > 32 {
		return ""
	}
	s, _ := t.String()
	return s
}

// strLen is a string's length in UTF-16 code units, read before the string
// is copied into Go. syscall/js reads properties of objects only, so the
// string is wrapped in its String object first.
func strLen(s safejs.Value) (int, error) {
	wrap, err := lookup("Object")
	if err != nil {
		return 0, err
	}
	obj, err := wrap.Invoke(s)
	if err != nil {
		return 0, err
	}
	n, err := obj.Get("length")
	if err != nil {
		return 0, err
	}
	return n.Int()
}
