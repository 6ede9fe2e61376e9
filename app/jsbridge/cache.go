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
