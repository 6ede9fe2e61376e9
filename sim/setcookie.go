package sim

import (
	"strings"
	"time"
)

// SameSite is a cookie's same-site-flag (RFC 6265bis §5.6.7).
type SameSite uint8

const (
	// SameSiteUnset: no SameSite attribute, or one with an unknown value
	// (the spec's "Default"). It is not Lax: Chromium treats it as Lax with a
	// two-minute exception, Firefox and Safari as None.
	SameSiteUnset SameSite = iota
	SameSiteNone
	SameSiteLax
	SameSiteStrict
)

// String returns the attribute value, or "" for SameSiteUnset.
func (s SameSite) String() string {
	switch s {
	case SameSiteNone:
		return "None"
	case SameSiteLax:
		return "Lax"
	case SameSiteStrict:
		return "Strict"
	}
	return ""
}

// Limits of RFC 6265bis §5.6 steps 5 and §5.6 attribute step 6.
const (
	maxNameValueBytes = 4096
	maxAttrValueBytes = 1024
)

// setCookieLine is a Set-Cookie header after RFC 6265bis §5.6, before the
// storage model (§5.7) applies the request's URL, the clock and the jar. For
// repeated attributes the last valid one wins (§5.7 steps 6, 7, 11, 17).
type setCookieLine struct {
	name, value string

	maxAge    int64 // seconds, saturated at ±maxAgeSaturate
	hasMaxAge bool
	expires   time.Time
	// hasExpires: a valid Expires attribute was seen (invalid ones are
	// ignored, §5.6.1). Resolved only when there is no valid Max-Age.
	hasExpires bool

	domain    string // lower case, leading "." removed
	hasDomain bool   // a non-empty Domain attribute was seen (§5.6.3)
	path      string // the last Path attribute's value, "" if empty
	hasPath   bool

	secure, httpOnly bool
	sameSite         SameSite
}

// maxAgeSaturate (about 272 years) keeps Max-Age within a time.Duration; any
// value beyond it is capped by the 400-day limit anyway.
const maxAgeSaturate = 1 << 33

// Parse failures of §5.6, named as Chromium's CookieInclusionStatus names
// them.
const (
	codeDisallowedCharacter = "EXCLUDE_DISALLOWED_CHARACTER"
	codeNoCookieContent     = "EXCLUDE_NO_COOKIE_CONTENT"
	codeTooLarge            = "EXCLUDE_NAME_VALUE_PAIR_EXCEEDS_MAX_SIZE"
)

// parseSetCookie parses one Set-Cookie header value (RFC 6265bis §5.6). It
// returns a non-empty Chromium exclusion code when the whole line must be
// ignored; bad attributes are only skipped.
func parseSetCookie(line string) (c setCookieLine, code string) {
	// §5.6 step 1: CTLs other than HTAB reject the whole line.
	for i := 0; i < len(line); i++ {
		if b := line[i]; b < 0x20 && b != '\t' || b == 0x7F {
			return c, codeDisallowedCharacter
		}
	}
	// Steps 2–4: the name-value-pair runs to the first ";". Without "=" the
	// whole pair is the value of a nameless cookie.
	pair, attrs, _ := strings.Cut(line, ";")
	if name, value, ok := strings.Cut(pair, "="); ok {
		c.name, c.value = trimWSP(name), trimWSP(value)
	} else {
		c.value = trimWSP(pair)
	}
	// Step 5 and §5.7 step 2.
	if len(c.name)+len(c.value) > maxNameValueBytes {
		return c, codeTooLarge
	}
	if c.name == "" && c.value == "" {
		return c, codeNoCookieContent
	}
	expires := false
	for rest := attrs; rest != ""; {
		var name, value string
		name, value, rest = nextAttribute(rest)
		if len(value) > maxAttrValueBytes {
			continue // §5.6 attribute step 6: ignore this attribute only
		}
		expires = c.attribute(name, value) || expires
	}
	// Expires only matters without Max-Age (§5.7 step 6), so its dates are
	// parsed only then, from the last attribute backwards: the first valid
	// one found is the last valid one.
	if expires && !c.hasMaxAge {
		for rest := attrs; rest != "" && !c.hasExpires; {
			i := strings.LastIndexByte(rest, ';')
			name, value, _ := nextAttribute(rest[i+1:])
			rest = rest[:max(i, 0)]
			if len(value) <= maxAttrValueBytes && len(name) == 7 && strings.EqualFold(name, "Expires") {
				c.expires, c.hasExpires = parseCookieDate(value)
			}
		}
	}
	return c, ""
}

// nextAttribute splits the first cookie-av off s (§5.6 attribute steps 2-5)
// and returns its trimmed name and value and the rest after its ";".
func nextAttribute(s string) (name, value, rest string) {
	if i := strings.IndexByte(s, ';'); i >= 0 {
		s, rest = s[:i], s[i+1:]
	}
	if i := strings.IndexByte(s, '='); i >= 0 {
		return trimWSP(s[:i]), trimWSP(s[i+1:]), rest
	}
	return trimWSP(s), "", rest
}

// attribute applies one cookie-av (§5.6.1-§5.6.7) and reports whether it
// was an Expires attribute, which the caller resolves. Names match without
// case; unknown ones (Version, Comment, Priority, Partitioned, ...) are
// ignored. The switch on length keeps the comparisons few.
func (c *setCookieLine) attribute(name, value string) (expires bool) {
	switch len(name) {
	case 4:
		if strings.EqualFold(name, "Path") {
			c.path, c.hasPath = value, true
		}
	case 6:
		switch {
		case strings.EqualFold(name, "Domain"):
			// §5.6.3: an empty value is ignored entirely; a leading "." is
			// dropped and the rest lower-cased.
			if value != "" {
				c.domain, c.hasDomain = strings.ToLower(strings.TrimPrefix(value, ".")), true
			}
		case strings.EqualFold(name, "Secure"):
			c.secure = true // the value, if any, is ignored (§5.6.5)
		}
	case 7:
		switch {
		case strings.EqualFold(name, "Expires"):
			return true
		case strings.EqualFold(name, "Max-Age"):
			if n, ok := parseMaxAge(value); ok {
				c.maxAge, c.hasMaxAge = n, true
			}
		}
	case 8:
		switch {
		case strings.EqualFold(name, "HttpOnly"):
			c.httpOnly = true
		case strings.EqualFold(name, "SameSite"):
			// §5.6.7: anything but None, Strict or Lax is "Default".
			switch {
			case strings.EqualFold(value, "None"):
				c.sameSite = SameSiteNone
			case strings.EqualFold(value, "Strict"):
				c.sameSite = SameSiteStrict
			case strings.EqualFold(value, "Lax"):
				c.sameSite = SameSiteLax
			default:
				c.sameSite = SameSiteUnset
			}
		}
	}
	return false
}

// parseMaxAge reads delta-seconds (§5.6.2): an optional "-" and digits only,
// so "50,399" and "+10" are ignored while "010" is 10.
func parseMaxAge(v string) (int64, bool) {
	neg := strings.HasPrefix(v, "-")
	if neg {
		v = v[1:]
	}
	if v == "" {
		return 0, false
	}
	var n int64
	for i := 0; i < len(v); i++ {
		if !isCookieDigit(v[i]) {
			return 0, false
		}
		if n < maxAgeSaturate {
			n = n*10 + int64(v[i]-'0')
		}
	}
	n = min(n, maxAgeSaturate)
	if neg {
		n = -n
	}
	return n, true
}

// trimWSP removes leading and trailing SP and HTAB (§5.6 step 4).
func trimWSP(s string) string {
	for s != "" && (s[0] == ' ' || s[0] == '\t') {
		s = s[1:]
	}
	for s != "" && (s[len(s)-1] == ' ' || s[len(s)-1] == '\t') {
		s = s[:len(s)-1]
	}
	return s
}
