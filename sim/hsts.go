package sim

import (
	"maps"
	"strconv"
	"strings"
	"time"
)

// HSTS is a browser's store of Known HSTS Hosts (RFC 6797): hosts for which
// the browser rewrites http:// to https:// before any request is sent (§8.3),
// learnt from Strict-Transport-Security headers on HTTPS responses or from the
// preload list built into the browser.
type HSTS struct {
	dynamic map[string]hstsEntry
	preload map[string]bool // host -> includeSubDomains
}

type hstsEntry struct {
	expiry            time.Time
	maxAge            int64
	includeSubdomains bool
}

// NewHSTS returns an empty store. Its maps are made on the first write:
// most runs never see a Strict-Transport-Security header.
func NewHSTS() *HSTS { return &HSTS{} }

// Preload puts host on the browser's built-in preload list (hstspreload.org;
// RFC 6797 §12.3). Preloaded entries never expire and a max-age=0 header
// does not remove them (Chromium keeps static and dynamic state apart).
func (h *HSTS) Preload(host string, includeSubdomains bool) {
	if h.preload == nil {
		h.preload = make(map[string]bool)
	}
	h.preload[strings.ToLower(host)] = includeSubdomains
}

// clone returns a copy of h that shares no map with it.
func (h *HSTS) clone() *HSTS {
	return &HSTS{dynamic: maps.Clone(h.dynamic), preload: maps.Clone(h.preload)}
}

// Observe processes the Strict-Transport-Security header (its first field
// value) of a response from u at virtual time now. It is honoured only over
// HTTPS (§8.1: ignored over insecure transport), never for IP addresses
// (§8.1.1) or localhost (Chromium kIgnoreHSTSForLocalhost), and only if it
// parses (§6.1). max-age=0 forgets the host (§6.1.1).
func (h *HSTS) Observe(u URL, header string, now time.Time) {
	if u.Scheme != "https" || header == "" || isIPHost(u.Host) || isLocalhostHost(u.Host) {
		return
	}
	maxAge, sub, ok := parseSTS(header)
	if !ok {
		return
	}
	if maxAge == 0 {
		delete(h.dynamic, u.Host)
		return
	}
	if h.dynamic == nil {
		h.dynamic = make(map[string]hstsEntry)
	}
	h.dynamic[u.Host] = hstsEntry{
		expiry:            now.Add(time.Duration(min(maxAge, maxAgeSaturate)) * time.Second),
		maxAge:            maxAge,
		includeSubdomains: sub,
	}
}

// Known reports whether host is a Known HSTS Host at now: a congruent match,
// or a superdomain match whose policy includes subdomains (§8.2), learnt or
// preloaded, and why. A learnt policy still holds at its expiry instant
// (Chromium TransportSecurityState drops it when "current_time > expiry",
// Firefox SiteHSTSState::IsExpired when "now > mHSTSExpireTime").
func (h *HSTS) Known(host string, now time.Time) (known bool, why string) {
	for d, exact := host, true; ; exact = false {
		if e, ok := h.dynamic[d]; ok && !now.After(e.expiry) && (exact || e.includeSubdomains) {
			if exact {
				return true, host + " sent Strict-Transport-Security: max-age=" + strconv.FormatInt(e.maxAge, 10) +
					" over HTTPS, so the browser turns http:// into https:// before sending anything (RFC 6797 §8.3)."
			}
			return true, host + " is covered by the Strict-Transport-Security policy of " + d +
				", which has includeSubDomains (RFC 6797 §8.2)."
		}
		i := strings.IndexByte(d, '.')
		if i < 0 {
			break
		}
		d = d[i+1:]
	}
	for d, exact := host, true; ; exact = false {
		if sub, ok := h.preload[d]; ok && (exact || sub) {
			if exact {
				return true, host + " is on the browser's HSTS preload list, so it is never fetched over http:// (RFC 6797 §12.3)."
			}
			return true, host + " is covered by " + d + " on the browser's HSTS preload list with includeSubDomains (RFC 6797 §12.3)."
		}
		i := strings.IndexByte(d, '.')
		if i < 0 {
			break
		}
		d = d[i+1:]
	}
	return false, host + " is not a known HSTS host: the browser has not received Strict-Transport-Security from it over HTTPS (or it expired) and it is not preloaded (RFC 6797 §14.6)."
}

// Clone returns a deep copy of the store.
func (h *HSTS) Clone() *HSTS {
	return &HSTS{dynamic: maps.Clone(h.dynamic), preload: maps.Clone(h.preload)}
}

// parseSTS parses a Strict-Transport-Security field value (RFC 6797 §6.1):
// directives separated by ";", names without case, values tokens or quoted
// strings, max-age required, no directive twice, unknown ones ignored.
func parseSTS(v string) (maxAge int64, includeSubdomains, ok bool) {
	seenMaxAge := false
	for v != "" {
		var d string
		d, v, _ = strings.Cut(v, ";")
		name, value, hasValue := strings.Cut(d, "=")
		name = trimWSP(name)
		if name == "" && !hasValue {
			continue // empty directive: "max-age=1;;"
		}
		if !isToken(name) {
			return 0, false, false
		}
		value = trimWSP(value)
		if hasValue {
			if len(value) >= 2 && value[0] == '"' && value[len(value)-1] == '"' {
				value = value[1 : len(value)-1]
			} else if !isToken(value) {
				return 0, false, false
			}
		}
		switch {
		case strings.EqualFold(name, "max-age"):
			if seenMaxAge || value == "" {
				return 0, false, false
			}
			var n int64
			for i := 0; i < len(value); i++ {
				if !isCookieDigit(value[i]) {
					return 0, false, false
				}
				n = min(n*10+int64(value[i]-'0'), maxAgeSaturate)
			}
			maxAge, seenMaxAge = n, true
		case strings.EqualFold(name, "includeSubDomains"):
			if includeSubdomains || hasValue {
				return 0, false, false
			}
			includeSubdomains = true
		}
	}
	return maxAge, includeSubdomains, seenMaxAge
}

// isToken is RFC 9110 §5.6.2's token.
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7F || strings.IndexByte(`"(),/:;<=>?@[\]{}`, c) >= 0 {
			return false
		}
	}
	return true
}
