package sim

import "time"

// ThirdPartyPolicy is what a browser does with cookies in third-party
// contexts: subresource requests (fetch, img) from a page of another site
// (reference/browser-cookies.md §4.5).
type ThirdPartyPolicy uint8

const (
	// ThirdPartyAllowed: the unpartitioned jar is used (Chrome's default; it
	// kept third-party cookies in 2024–2025).
	ThirdPartyAllowed ThirdPartyPolicy = iota
	// ThirdPartyPartitioned: a separate jar per top-level site (Firefox Total
	// Cookie Protection, network.cookie.cookieBehavior = 5, default since
	// June 2022), so the site's own cookies are neither sent nor set.
	ThirdPartyPartitioned
	// ThirdPartyBlocked: no cookies at all (Safari since 13.1, "Full
	// Third-Party Cookie Blocking", WebKit blog 2020).
	ThirdPartyBlocked
)

// Profile is a browser's cookie and transport policy, the knobs on which
// real browsers differ.
type Profile struct {
	Browser Browser
	// LaxByDefault: a cookie without a valid SameSite attribute is treated as
	// Lax when sending (Chromium since Chrome 80). Firefox and Safari treat it
	// as None (reference §3.9).
	LaxByDefault bool
	// LaxAllowUnsafe is Chromium's "Lax-allowing-unsafe" window: a cookie
	// without a SameSite attribute no older than this is still sent on
	// a cross-site top-level POST (kLaxAllowUnsafeMaxAge = 2 min,
	// net/cookies/cookie_constants.cc; RFC 6265bis §5.6.7.2). Explicit
	// SameSite=Lax gets no window. Zero: no window.
	LaxAllowUnsafe time.Duration
	// Schemeful: same-site compares schemes too, so http://bank.example.com
	// and https://bank.example.com are cross-site (Chromium's schemeful
	// same-site, default since 2021).
	Schemeful bool
	// NoneRequiresSecure: SameSite=None without Secure is rejected (Chrome
	// 80, Firefox 131; not Safari, per MDN browser-compat-data).
	NoneRequiresSecure bool
	// HTTPSUpgrades: http:// GET navigations to public hosts are tried over
	// HTTPS first, with a silent fallback to HTTP (Chrome 115, Safari 18.2,
	// Firefox 136 "HTTPS-First").
	HTTPSUpgrades bool
	// ScriptCookieMaxAge caps the lifetime of cookies created by
	// document.cookie (Safari ITP 2.1: 7 days). Zero: no extra cap.
	ScriptCookieMaxAge time.Duration
	// MaxAge caps every cookie's lifetime (RFC 6265bis §5.5 "400 days or
	// less"; Chromium CanonicalCookie::ValidateAndAdjustExpiryDate).
	MaxAge time.Duration
	// ThirdParty is the third-party cookie policy.
	ThirdParty ThirdPartyPolicy
	// KeepCreationIfSameValue: an overwriting cookie inherits the old
	// creation time only when its value is unchanged (Chromium
	// CookieMonster::MaybeDeleteEquivalentCookieAndUpdateStatus). The spec
	// (§5.7 step 23) and Firefox always inherit it.
	KeepCreationIfSameValue bool
	// LocalhostSecure: http://localhost counts as secure for Secure cookies
	// (Chromium, Firefox); Safari does not send them there (WebKit bug 281149).
	LocalhostSecure bool
	// HTTPPrefixes: the __Http- and __Host-Http- name prefixes are enforced
	// (layered-cookies draft; Chrome 140, Firefox 143, not Safari).
	HTTPPrefixes bool
	// RestoreLastSession: after a start without session restore, History ›
	// Restore Previous Session brings back the last session's tabs and its
	// session cookies, which the session file kept (Firefox: SessionStore.
	// restoreLastSession, SessionCookies.sys.mjs; TestFirefoxSessionRestore).
	// Chromium deletes session cookies at start-up unless it restores the
	// session then (SQLitePersistentCookieStore DeleteSessionCookiesOnStartup),
	// so reopening closed tabs later brings none back.
	RestoreLastSession bool
}

// ProfileFor returns the browser's profile as of 2026: Chromium (also for an
// unknown browser), Firefox or Safari (reference/browser-cookies.md §3.9,
// §4.3, §4.5, §5.1).
func ProfileFor(b Browser) Profile {
	switch b {
	case Firefox:
		return Profile{
			Browser:            Firefox,
			NoneRequiresSecure: true,
			HTTPSUpgrades:      true,
			MaxAge:             400 * 24 * time.Hour,
			ThirdParty:         ThirdPartyPartitioned,
			LocalhostSecure:    true,
			HTTPPrefixes:       true,
			RestoreLastSession: true,
		}
	case Safari:
		return Profile{
			Browser:            Safari,
			HTTPSUpgrades:      true,
			ScriptCookieMaxAge: 7 * 24 * time.Hour,
			MaxAge:             400 * 24 * time.Hour,
			ThirdParty:         ThirdPartyBlocked,
		}
	}
	return Profile{
		Browser:                 Chromium,
		LaxByDefault:            true,
		LaxAllowUnsafe:          2 * time.Minute,
		Schemeful:               true,
		NoneRequiresSecure:      true,
		HTTPSUpgrades:           true,
		MaxAge:                  400 * 24 * time.Hour,
		ThirdParty:              ThirdPartyAllowed,
		KeepCreationIfSameValue: true,
		LocalhostSecure:         true,
		HTTPPrefixes:            true,
	}
}

// reasonName names a jar decision as this browser's user would look it up:
// Chromium's DevTools show the Code; Firefox and Safari have no such codes,
// so they get the Label.
func (p *Profile) reasonName(d *Decision) string {
	if p.Browser == Chromium {
		return d.Code
	}
	return d.Label
}
