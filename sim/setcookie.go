package sim

import (
	"math"
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
// repeated attributes the last one of a name wins, whether or not its value
// is valid: Chromium's ParsedCookie::SetupAttributes keeps the index of the
// last Domain, Path, Max-Age and Expires attribute and only then interprets
// its value (CanonicalCookie::ParseExpiration, cookie_util::
// GetCookieDomainWithString), and Firefox's CookieParser overwrites each
// attribute's value likewise. The spec instead drops invalid ones at parse
// time (§5.6.1-§5.6.3), so its "last attribute" (§5.7 steps 6, 7) is the last
// valid one: "Max-Age=0; Max-Age=x" deletes by the spec, makes a session
// cookie in Chromium.
type setCookieLine struct {
	name, value string

	maxAge    int64 // seconds, saturated at ±maxAgeSaturate
	hasMaxAge bool  // the last Max-Age attribute is valid
	expires   time.Time
	// hasExpires: the last Expires attribute is a valid date. Resolved only
	// when the last Max-Age attribute is not valid.
	hasExpires bool

	domain    string // lower case, leading "." removed
	hasDomain bool   // the last Domain attribute is not empty
	domainDot bool   // and it began with "."
	path      string // the last Path attribute's value, "" if empty
	hasPath   bool

	secure, httpOnly bool
	sameSite         SameSite
	partitioned      bool
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
	var maxAge, expires string
	hasMaxAge := false
	for rest := attrs; rest != ""; {
		var name, value string
		name, value, rest = nextAttribute(rest)
		if len(value) > maxAttrValueBytes {
			continue // §5.6 attribute step 6: ignore this attribute only
		}
		switch c.attribute(name, value) {
		case "Max-Age":
			maxAge, hasMaxAge = value, true
		case "Expires":
			expires = value
		}
	}
	// §5.7 step 6: Max-Age wins over Expires; Chromium's ParseExpiration
	// falls back to the last Expires only when the last Max-Age is not a
	// number, and to a session cookie when that is not a date either.
	if hasMaxAge {
		c.maxAge, c.hasMaxAge = parseMaxAge(maxAge)
	}
	if !c.hasMaxAge && expires != "" {
		c.expires, c.hasExpires = parseCookieDate(expires)
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

// attribute applies one cookie-av (§5.6.1-§5.6.7). Names match without
// case; unknown ones (Version, Comment, Priority, ...) are ignored. Max-Age
// and Expires are left to the caller, which interprets the last of each:
// attribute returns their canonical name. The switch on length keeps the
// comparisons few.
func (c *setCookieLine) attribute(name, value string) (deferred string) {
	switch len(name) {
	case 4:
		if strings.EqualFold(name, "Path") {
			c.path, c.hasPath = value, true
		}
	case 6:
		switch {
		case strings.EqualFold(name, "Domain"):
			// §5.6.3: a leading "." is dropped and the rest lower-cased. An
			// empty value makes a host-only cookie even after a non-empty
			// one: Chromium 156 takes the last Domain attribute, empty or
			// not (the spec would ignore an empty one). "Domain=." leaves
			// hasDomain with an empty domain, which SetCookie rejects.
			c.domain, c.hasDomain = strings.ToLower(strings.TrimPrefix(value, ".")), value != ""
			c.domainDot = strings.HasPrefix(value, ".")
		case strings.EqualFold(name, "Secure"):
			c.secure = true // the value, if any, is ignored (§5.6.5)
		}
	case 7:
		switch {
		case strings.EqualFold(name, "Expires"):
			return "Expires"
		case strings.EqualFold(name, "Max-Age"):
			return "Max-Age"
		}
	case 11:
		if strings.EqualFold(name, "Partitioned") {
			c.partitioned = true // CHIPS; a value is ignored, as for Secure
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
	return ""
}

// parseMaxAge reads a Max-Age value as Chromium does, with
// base::StringToInt64 (CanonicalCookie::ParseExpiration): an optional "+" or
// "-" and digits only, so "50,399" and "1e3" are invalid while "010" is 10
// and "+10" is 10 (§5.6.2 has no "+"; Chromium 156 accepts it). A number
// beyond int64 saturates even when other characters follow it, since
// StringToInt64 stops at the overflow and ParseExpiration then uses the
// minimum or maximum time.
func parseMaxAge(v string) (int64, bool) {
	neg := false
	switch {
	case strings.HasPrefix(v, "-"):
		neg, v = true, v[1:]
	case strings.HasPrefix(v, "+"):
		v = v[1:]
	}
	if v == "" {
		return 0, false
	}
	limit := uint64(math.MaxInt64) // the magnitude of int64's extreme
	if neg {
		limit++
	}
	var n uint64
	for i := 0; i < len(v); i++ {
		if !isCookieDigit(v[i]) {
			return 0, false
		}
		d := uint64(v[i] - '0')
		if n > (limit-d)/10 {
			n = limit
			break
		}
		n = n*10 + d
	}
	m := int64(min(n, maxAgeSaturate))
	if neg {
		m = -m
	}
	return m, true
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
