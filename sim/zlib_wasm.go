//go:build js && wasm

package sim

// zlibDecompress is not in the page: its runs meet only values the model's
// dumps made, which are never compressed, and compress/zlib would cost
// app.wasm 17 KB brotli. Natively (zlib_native.go) it reads Django's own.
func zlibDecompress([]byte) ([]byte, string) {
	return nil, "zlib-compressed data, which the page's model does not read (its own dumps never compresses)"
}
