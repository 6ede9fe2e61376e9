//go:build !(js && wasm)

// Package jsbridge is the page's only door to the browser APIs that go-app
// does not manage. Outside a browser (prerendering, tests) every call reports
// errors.ErrUnsupported.
package jsbridge

import "errors"

var errNoBrowser = errors.ErrUnsupported

func Hash() (string, error)       { return "", errNoBrowser }
func Path() (string, error)       { return "", errNoBrowser }
func PageURL() (string, error)    { return "", errNoBrowser }
func ReplaceHash(string) error    { return errNoBrowser }
func Load(string) (string, error) { return "", errNoBrowser }
func Store(string, string) error  { return errNoBrowser }
func MarkReady() error            { return errNoBrowser }
func Focus(string) error          { return errNoBrowser }

func CopyText(string) <-chan error {
	done := make(chan error, 1)
	done <- errNoBrowser
	return done
}
