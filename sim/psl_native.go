//go:build !(js && wasm)

package sim

import "golang.org/x/net/publicsuffix"

// publicSuffix asks the whole public suffix list.
func publicSuffix(domain string) (string, bool) { return publicsuffix.PublicSuffix(domain) }
