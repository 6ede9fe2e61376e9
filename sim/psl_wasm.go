//go:build js && wasm

package sim

// publicSuffix asks the part of the public suffix list the page carries
// (psl.go): the simulated world's top-level domains, whole.
func publicSuffix(domain string) (string, bool) { return subsetPublicSuffix(domain) }
