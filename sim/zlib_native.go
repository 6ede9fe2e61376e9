//go:build !(js && wasm)

package sim

import (
	"bytes"
	"compress/zlib"
	"io"
)

// zlibDecompress is zlib.decompress, capped at the 4096-byte cookie limit's
// worth of session data many times over; why is "" on success.
func zlibDecompress(b []byte) (raw []byte, why string) {
	r, err := zlib.NewReader(bytes.NewReader(b))
	if err == nil {
		raw, err = io.ReadAll(io.LimitReader(r, 1<<16))
	}
	if err != nil {
		return nil, "the data does not decompress (zlib.error)"
	}
	return raw, ""
}
