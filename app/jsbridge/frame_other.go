//go:build !(js && wasm)

package jsbridge

// The message types and bound of the js build, for the page's code and tests.
const (
	HeightMessage  = "sessionlab:height"
	SetMessage     = "sessionlab:set"
	MaxLinkMessage = 8 << 10
)

func Framed() bool                          { return false }
func ReportHeight() error                   { return errNoBrowser }
func OnSetMessage(func(string)) error       { return errNoBrowser }
func OnFrameHeight(string, func(int)) error { return errNoBrowser }
