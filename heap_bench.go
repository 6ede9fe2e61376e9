//go:build bench && js && wasm

package main

import (
	"runtime"
	"syscall/js"
)

// In a bench build ("./build.sh bench"), sessionlabHeap() in the page
// returns the bytes of Go heap in use after a collection, for the heap
// benchmark in e2e/bench_test.go. Other builds have no such hook.
func init() {
	js.Global().Set("sessionlabHeap", js.FuncOf(func(js.Value, []js.Value) any {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return float64(m.HeapAlloc)
	}))
}
