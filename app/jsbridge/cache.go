//go:build js && wasm

package jsbridge

import (
	"errors"

	"github.com/hack-pad/safejs"
)

// HasCache reports on the channel whether the Cache Storage of the page's
// origin holds a cache with that name (Service Workers §6.4,
// CacheStorage.has).
func HasCache(name string) <-chan Result[bool] {
	done := make(chan Result[bool], 1)
	caches, err := lookup("caches")
	if err != nil {
		done <- Result[bool]{Err: err}
		return done
	}
	promise, err := caches.Call("has", name)
	if err != nil {
		done <- Result[bool]{Err: err}
		return done
	}
	var onOK, onErr safejs.Func
	release := func() { onOK.Release(); onErr.Release() }
	onOK, err = safejs.FuncOf(func(_ safejs.Value, args []safejs.Value) any {
		r := Result[bool]{Err: errors.New("caches.has resolved without a value")}
		if len(args) > 0 {
			r.Value, r.Err = args[0].Bool()
		}
		done <- r
		release()
		return nil
	})
	if err != nil {
		done <- Result[bool]{Err: err}
		return done
	}
	onErr, err = safejs.FuncOf(func(safejs.Value, []safejs.Value) any {
		done <- Result[bool]{Err: errors.New("caches.has failed")}
		release()
		return nil
	})
	if err != nil {
		onOK.Release()
		done <- Result[bool]{Err: err}
		return done
	}
	if _, err := promise.Call("then", onOK.Value(), onErr.Value()); err != nil {
		release()
		done <- Result[bool]{Err: err}
	}
	return done
}

// UpdateWorker asks the browser to check the page's service worker for a
// new version (Service Workers §3.2.8, ServiceWorkerRegistration.update).
// The result arrives on the channel: nil once checked, or why it could not
// be, such as being offline; a page without a worker has nothing to check.
// go-app's TryUpdate makes the same call and leaves its rejection unhandled.
func UpdateWorker() <-chan error {
	done := make(chan error, 1)
	container, err := lookup("navigator", "serviceWorker")
	if err != nil {
		done <- err
		return done
	}
	registration, err := container.Call("getRegistration")
	if err != nil {
		done <- err
		return done
	}
	var update safejs.Func
	update, err = safejs.FuncOf(func(_ safejs.Value, args []safejs.Value) any {
		update.Release()
		if len(args) == 0 || args[0].IsUndefined() {
			return nil
		}
		promise, err := args[0].Call("update")
		if err != nil {
			return rejected(err)
		}
		return promise
	})
	if err != nil {
		done <- err
		return done
	}
	checked, err := registration.Call("then", update.Value())
	if err != nil {
		update.Release()
		done <- err
		return done
	}
	settle(checked, done)
	return done
}

// rejected is a promise rejected with err's text, or undefined when even
// that cannot be made.
func rejected(err error) any {
	p, err2 := lookup("Promise")
	if err2 != nil {
		return nil
	}
	r, err2 := p.Call("reject", err.Error())
	if err2 != nil {
		return nil
	}
	return r
}
