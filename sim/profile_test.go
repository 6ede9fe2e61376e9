package sim

import (
	"testing"
	"time"
)

// TestProfileFor pins the browser differences of reference/browser-cookies.md
// §3.9 (SameSite default, None requires Secure, schemeful same-site), §4.5
// (third-party cookies) and §5.1 (Safari's 7-day cap on script cookies).
func TestProfileFor(t *testing.T) {
	for _, tt := range []struct {
		b                                   Browser
		laxByDefault, noneSecure, schemeful bool
		laxAllowUnsafe, scriptMaxAge        time.Duration
		thirdParty                          ThirdPartyPolicy
	}{
		{Chromium, true, true, true, 2 * time.Minute, 0, ThirdPartyAllowed},
		{Firefox, false, true, false, 0, 0, ThirdPartyPartitioned},
		{Safari, false, false, false, 0, 7 * 24 * time.Hour, ThirdPartyBlocked},
	} {
		p := ProfileFor(tt.b)
		if p.Browser != tt.b || p.LaxByDefault != tt.laxByDefault || p.NoneRequiresSecure != tt.noneSecure ||
			p.Schemeful != tt.schemeful || p.LaxAllowUnsafe != tt.laxAllowUnsafe ||
			p.ScriptCookieMaxAge != tt.scriptMaxAge || p.ThirdParty != tt.thirdParty {
			t.Errorf("ProfileFor(%s) = %+v", tt.b, p)
		}
		if p.MaxAge != 400*24*time.Hour || !p.HTTPSUpgrades {
			t.Errorf("%s: MaxAge %v, HTTPSUpgrades %v", tt.b, p.MaxAge, p.HTTPSUpgrades)
		}
	}
	if ProfileFor("") != ProfileFor(Chromium) {
		t.Error("an unknown browser is not Chromium")
	}
}
