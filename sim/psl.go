package sim

import (
	"net/netip"
	"strings"
)

// The page carries a part of the public suffix list, not the whole of it:
// golang.org/x/net/publicsuffix's table is 58 KB of the compressed page,
// and the simulated world's hosts are all under a few top-level domains.
// psl_table.go holds the list's complete subtrees for those domains, cut
// from the very table the native build uses (psl_test.go regenerates and
// checks it); the WebAssembly build answers from it (psl_wasm.go), the
// native build from the whole list (psl_native.go). psl_test.go checks that
// every host the engine looks up is under the table's domains and gets the
// whole list's answer there.

//go:generate go test -run TestPSLTable -update-psl

// pslNode is a node of the list's tree in golang.org/x/net/publicsuffix's
// layout (its table.go): a label, the node's flags and its children, which
// are pslNodes[lo:hi] in increasing label order.
type pslNode struct {
	text   uint16 // the label is pslText[text : text+length]
	length uint8
	flags  uint8
	lo, hi uint16
}

// pslNode flags: x/net's ICANN bit, node type (normal, exception,
// parent-only) and wildcard bit.
const (
	pslICANN = 1 << iota
	pslException
	pslParentOnly
	pslWildcard
)

func (n *pslNode) label() string { return pslText[n.text : n.text+uint16(n.length)] }

// subsetPublicSuffix is golang.org/x/net/publicsuffix.PublicSuffix over the
// part of the list in psl_table.go, the same algorithm on the same nodes:
// for a domain under one of the table's top-level domains the answer is the
// whole list's.
func subsetPublicSuffix(domain string) (publicSuffix string, icann bool) {
	if _, err := netip.ParseAddr(domain); err == nil {
		return domain, false
	}
	lo, hi := uint16(0), uint16(pslTopLevel)
	s, suffix, icannNode, wildcard := domain, len(domain), false, false
loop:
	for {
		dot := strings.LastIndexByte(s, '.')
		if wildcard {
			icann = icannNode
			suffix = 1 + dot
		}
		if lo == hi {
			break
		}
		n := pslFind(s[1+dot:], lo, hi)
		if n == nil {
			break
		}
		icannNode = n.flags&pslICANN != 0
		lo, hi = n.lo, n.hi
		switch {
		case n.flags&pslException != 0:
			suffix = 1 + len(s)
			break loop
		case n.flags&pslParentOnly == 0:
			suffix = 1 + dot
		}
		wildcard = n.flags&pslWildcard != 0
		if !wildcard {
			icann = icannNode
		}
		if dot == -1 {
			break
		}
		s = s[:dot]
	}
	if suffix == len(domain) {
		// If no rules match, the prevailing rule is "*".
		return domain[1+strings.LastIndexByte(domain, '.'):], icann
	}
	return domain[suffix:], icann
}

// pslFind returns the node among pslNodes[lo:hi] whose label is label.
func pslFind(label string, lo, hi uint16) *pslNode {
	for lo < hi {
		mid := lo + (hi-lo)/2
		switch l := pslNodes[mid].label(); {
		case l < label:
			lo = mid + 1
		case l == label:
			return &pslNodes[mid]
		default:
			hi = mid
		}
	}
	return nil
}

// pslCovers reports whether host is under one of the table's top-level
// domains, where subsetPublicSuffix answers as the whole list does.
func pslCovers(host string) bool {
	return pslFind(host[strings.LastIndexByte(host, '.')+1:], 0, pslTopLevel) != nil
}
