package sim

import (
	"strings"
	"testing"
	"time"
)

func TestParseSTS(t *testing.T) {
	for _, tt := range []struct {
		header string
		maxAge int64
		sub    bool
		ok     bool
	}{
		{"max-age=31536000", 31536000, false, true},
		{"max-age=31536000; includeSubDomains; preload", 31536000, true, true}, // Django's SECURE_HSTS_*
		{"Max-Age=60;INCLUDESUBDOMAINS", 60, true, true},                       // names without case
		{`max-age="60"`, 60, false, true},                                      // quoted-string value
		{"  max-age = 60 ;;", 60, false, true},                                 // OWS and empty directives
		{"max-age=0", 0, false, true},
		{"max-age=60; foo=bar", 60, false, true}, // unknown directives ignored
		{"includeSubDomains", 0, false, false},   // max-age required (§6.1.1)
		{"max-age=60; max-age=70", 0, false, false},
		{"max-age=60; includeSubDomains; includeSubDomains", 0, false, false}, // each directive once (§6.1)
		{"max-age=-1", 0, false, false},
		{"max-age=1.5", 0, false, false},
		{"max-age=", 0, false, false},
		{"max-age=60; includeSubDomains=yes", 0, false, false},
		{"max-age=60; fo o=bar", 0, false, false}, // not a token
		{"", 0, false, false},
	} {
		maxAge, sub, ok := parseSTS(tt.header)
		if ok != tt.ok || ok && (maxAge != tt.maxAge || sub != tt.sub) {
			t.Errorf("parseSTS(%q) = %d, %v, %v; want %d, %v, %v", tt.header, maxAge, sub, ok, tt.maxAge, tt.sub, tt.ok)
		}
	}
}

func TestHSTS(t *testing.T) {
	const year = "max-age=31536000"
	for _, tt := range []struct {
		name    string
		preload map[string]bool
		observe []struct{ url, header string } // all at jarT0
		host    string
		at      time.Duration
		want    bool
		why     string // a substring of the explanation
	}{
		{name: "first visit is unprotected", host: "bank.example.com", want: false, why: "not a known HSTS host"},
		{name: "learnt over HTTPS", observe: []struct{ url, header string }{{bank, year}},
			host: "bank.example.com", want: true, why: "sent Strict-Transport-Security"},
		{name: "ignored over HTTP (RFC 6797 §8.1)", observe: []struct{ url, header string }{{bankHTTP, year}},
			host: "bank.example.com", want: false},
		{name: "expires after max-age", observe: []struct{ url, header string }{{bank, "max-age=300"}},
			host: "bank.example.com", at: 301 * time.Second, want: false},
		{name: "still known at the expiry instant (Chromium: current_time > expiry drops it)", observe: []struct{ url, header string }{{bank, "max-age=300"}},
			host: "bank.example.com", at: 300 * time.Second, want: true},
		{name: "still known before max-age", observe: []struct{ url, header string }{{bank, "max-age=300"}},
			host: "bank.example.com", at: 299 * time.Second, want: true},
		{name: "max-age=0 forgets (§6.1.1)", observe: []struct{ url, header string }{{bank, year}, {bank, "max-age=0"}},
			host: "bank.example.com", want: false},
		{name: "subdomains need includeSubDomains", observe: []struct{ url, header string }{{"https://example.com/", year}},
			host: "bank.example.com", want: false},
		{name: "includeSubDomains covers subdomains (§8.2)", observe: []struct{ url, header string }{{"https://example.com/", year + "; includeSubDomains"}},
			host: "x.bank.example.com", want: true, why: "covered by the Strict-Transport-Security policy of example.com"},
		{name: "a subdomain's policy does not cover its parent", observe: []struct{ url, header string }{{bank, year + "; includeSubDomains"}},
			host: "example.com", want: false},
		{name: "invalid header ignored", observe: []struct{ url, header string }{{bank, "max-age=1; max-age=2"}},
			host: "bank.example.com", want: false},
		{name: "IP addresses are never noted (§8.1.1)", observe: []struct{ url, header string }{{"https://192.0.2.1/", year}},
			host: "192.0.2.1", want: false},
		{name: "preloaded", preload: map[string]bool{"bank.example.com": false},
			host: "bank.example.com", at: 10 * 365 * 24 * time.Hour, want: true, why: "preload list"},
		{name: "preloaded parent with includeSubDomains", preload: map[string]bool{"example.com": true},
			host: "bank.example.com", want: true, why: "covered by example.com"},
		{name: "preloaded parent without includeSubDomains", preload: map[string]bool{"example.com": false},
			host: "bank.example.com", want: false},
		{name: "max-age=0 cannot remove a preload", preload: map[string]bool{"bank.example.com": true},
			observe: []struct{ url, header string }{{bank, "max-age=0"}}, host: "bank.example.com", want: true},
	} {
		h := NewHSTS()
		for host, sub := range tt.preload {
			h.Preload(host, sub)
		}
		for _, o := range tt.observe {
			h.Observe(MustURL(o.url), o.header, jarT0)
		}
		known, why := h.Known(tt.host, jarT0.Add(tt.at))
		if known != tt.want || !strings.Contains(why, tt.why) || why == "" {
			t.Errorf("%s: Known(%q) = %v, %q; want %v, ...%q...", tt.name, tt.host, known, why, tt.want, tt.why)
		}
	}
}

func TestHSTSClone(t *testing.T) {
	h := NewHSTS()
	c := h.Clone()
	c.Observe(MustURL(bank), "max-age=60", jarT0)
	if known, _ := h.Known("bank.example.com", jarT0); known {
		t.Error("Observe on a clone changed the original")
	}
	if known, _ := c.Known("bank.example.com", jarT0); !known {
		t.Error("clone did not learn")
	}
}
