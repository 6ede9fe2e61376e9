package sim

import "testing"

func TestRegistrableDomain(t *testing.T) {
	for _, tt := range []struct{ host, want string }{
		{"bank.example.com", "example.com"},
		{"example.com", "example.com"},
		{"a.b.example.co.uk", "example.co.uk"},
		{"com", ""},                            // a public suffix
		{"co.uk", ""},                          // a public suffix
		{"alice.github.io", "alice.github.io"}, // PSL private section
		{"github.io", ""},
		{"x.alice.github.io", "alice.github.io"},
		{"evil.example.net", "example.net"},
		{"bank.test", ""}, // unknown top-level domain: Chromium excludes unknown registries
		{"localhost", ""},
		{"192.0.2.1", ""},
		{"[2001:db8::1]", ""},
		{"", ""},
		{".", ""},
		{"a..com", ""},
	} {
		if got := RegistrableDomain(tt.host); got != tt.want {
			t.Errorf("RegistrableDomain(%q) = %q, want %q", tt.host, got, tt.want)
		}
	}
}

// HTML "same site" (RFC 6265bis §5.2): schemeful in Chromium, schemeless in
// Firefox and Safari.
func TestSameSiteRequest(t *testing.T) {
	for _, tt := range []struct {
		a, b                  string
		schemeful, schemeless bool
	}{
		{"https://bank.example.com/", "https://blog.example.com/x", true, true},
		{"https://bank.example.com/", "https://evil.example.net/", false, false},
		{"http://bank.example.com/", "https://bank.example.com/", false, true},
		{"https://alice.github.io/", "https://bob.github.io/", false, false},
		{"https://192.0.2.1/", "https://192.0.2.1/", true, true},
		{"https://192.0.2.1/", "https://192.0.2.2/", false, false},
		{"https://a.bank.test/", "https://b.bank.test/", false, false}, // no registrable domain: hosts compared
	} {
		a, b := MustURL(tt.a), MustURL(tt.b)
		if got := SameSiteRequest(a, b, true); got != tt.schemeful {
			t.Errorf("SameSiteRequest(%s, %s, schemeful) = %v", tt.a, tt.b, got)
		}
		if got := SameSiteRequest(a, b, false); got != tt.schemeless {
			t.Errorf("SameSiteRequest(%s, %s, schemeless) = %v", tt.a, tt.b, got)
		}
	}
}

// PublicHost follows Chromium's net::IsHostnameNonUnique, which
// HTTPS-Upgrades uses to skip intranet names.
func TestPublicHost(t *testing.T) {
	for _, tt := range []struct {
		host string
		want bool
	}{
		{"bank.example.com", true},
		{"evil.example.net", true},
		{"alice.github.io", true},
		{"localhost", false},
		{"app.localhost", false},
		{"bank.test", false},
		{"printer.local", false},
		{"nas.internal", false},
		{"intranet", false},
		{"192.0.2.1", false},
		{"[::1]", false},
		{"com", false},
	} {
		if got := PublicHost(tt.host); got != tt.want {
			t.Errorf("PublicHost(%q) = %v, want %v", tt.host, got, tt.want)
		}
	}
}

func TestDomainMatch(t *testing.T) {
	for _, tt := range []struct {
		s, domain string
		want      bool
	}{
		{"bank.example.com", "example.com", true},
		{"example.com", "example.com", true},
		{"bankexample.com", "example.com", false},
		{"example.com", "bank.example.com", false},
		{"192.0.2.1", "0.2.1", false}, // IP addresses never domain-match a suffix (§5.1.3)
		{"192.0.2.1", "192.0.2.1", true},
	} {
		if got := domainMatch(tt.s, tt.domain); got != tt.want {
			t.Errorf("domainMatch(%q, %q) = %v", tt.s, tt.domain, got)
		}
	}
}

// The same-site context of a request, after Chromium's
// ComputeSameSiteContextForRequest; cookies need at least a given level.
func TestRequestContext(t *testing.T) {
	chromium, firefox := ProfileFor(Chromium), ProfileFor(Firefox)
	for _, tt := range []struct {
		name string
		p    *Profile
		ctx  RequestContext
		want sameSiteContext
	}{
		{"typed URL", &chromium, jtNav(bank), contextStrict},
		{"same-site link", &chromium, jtNavFrom(bank, originBlog, "GET"), contextStrict},
		{"cross-site link", &chromium, jtNavFrom(bank, originEvil, "GET"), contextLax},
		{"cross-site HEAD", &chromium, jtNavFrom(bank, originEvil, "HEAD"), contextLax},
		{"cross-site form POST", &chromium, jtNavFrom(bank, originEvil, "POST"), contextLaxMethodUnsafe},
		{"cross-site fetch", &chromium, jtFetch(bank, originEvil), contextCrossSite},
		{"same-site fetch", &chromium, jtFetch(bank, originBlog), contextStrict},
		{"document.cookie", &chromium, jtScript(bank), contextStrict},
		{"http page to https, Chromium", &chromium, jtNavFrom(bank, originBankHTTP, "GET"), contextLax},
		{"http page to https, Firefox", &firefox, jtNavFrom(bank, originBankHTTP, "GET"), contextStrict},
		{"opaque initiator", &chromium, jtNavFrom(bank, "null", "GET"), contextLax},
	} {
		if got := tt.p.requestContext(&tt.ctx); got != tt.want {
			t.Errorf("%s: context %d, want %d", tt.name, got, tt.want)
		}
	}
}
