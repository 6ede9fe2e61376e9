package sim

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// randomLinkState draws a state whose every part is valid.
func randomLinkState(r *rand.Rand) LinkState {
	s := LinkState{Config: randomConfig(r)}
	if r.IntN(2) == 0 {
		c := randomConfig(r)
		s.Compare = &c
	}
	if r.IntN(2) == 0 {
		ids := []string{"basics", "xss-cookie-theft", "ssl-strip", "password-change-eviction", "a1"}
		s.Scenario = ids[r.IntN(len(ids))]
		s.Step = r.IntN(maxLinkStep + 1)
	}
	if r.IntN(2) == 0 {
		s.Mode = LinkModes[r.IntN(len(LinkModes))]
	}
	for _, i := range r.Perm(len(Fields))[:r.IntN(4)] {
		s.Locked = append(s.Locked, Fields[i].Key)
	}
	if r.IntN(2) == 0 {
		s.Show = []string{}
		for _, i := range r.Perm(len(Fields))[:r.IntN(4)] {
			s.Show = append(s.Show, Fields[i].Key)
		}
	}
	s.Reveal = r.IntN(2) == 0
	if r.IntN(2) == 0 {
		s.Seed = r.Uint64()
	}
	if r.IntN(2) == 0 {
		s.Pace = MinPace + r.IntN(MaxPace-MinPace+1)
	}
	kinds := []TravelKind{TravelWait, TravelClose, TravelNext, TravelVictim, TravelReplay}
	for range r.IntN(4) {
		m := Travel{Kind: kinds[r.IntN(len(kinds))]}
		if m.Kind == TravelWait {
			m.Minutes = 1 + r.IntN(20160)
		}
		s.Travel = append(s.Travel, m)
	}
	return s
}

func TestLinkRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	states := []LinkState{{Config: Defaults()}}
	for _, p := range Presets {
		states = append(states, LinkState{Config: p.Config})
	}
	for range 2000 {
		states = append(states, randomLinkState(r))
	}
	for _, s := range states {
		frag := EncodeLink(s)
		if len(frag) > maxLinkSize {
			t.Fatalf("%d-byte link", len(frag))
		}
		got, err := DecodeLink(frag)
		if err != nil {
			t.Fatalf("DecodeLink(%q): %v", frag, err)
		}
		if !reflect.DeepEqual(got, s) {
			t.Fatalf("DecodeLink(%q)\n got %+v\nwant %+v", frag, got, s)
		}
		if got, err := ParseLinkURL("https://lab.example/?x=1#" + frag); err != nil || !reflect.DeepEqual(got, s) {
			t.Fatalf("ParseLinkURL: %v", err)
		}
	}
}

func TestEncodeLink(t *testing.T) {
	c := LearningCard()
	c.SessionCookiePath = "/a b&c=d%+#é"
	b := Defaults()
	b.SessionCookieSecure = true
	got := EncodeLink(LinkState{Config: c, Compare: &b, Scenario: "basics", Step: 3, Mode: "compare",
		Locked: []string{"login", "SESSION_COOKIE_AGE"}, Show: []string{"SESSION_COOKIE_SECURE", "login"}, Reveal: true, Seed: 42, Pace: 2500})
	want := "v1&SESSION_COOKIE_PATH=/a%20b%26c%3Dd%25%2B%23%C3%A9&set_expiry=300&login=handwritten&logout=handwritten" +
		"&compare=1&b.SESSION_COOKIE_SECURE=True&scenario=basics&step=3&mode=compare&lock=login,SESSION_COOKIE_AGE&show=SESSION_COOKIE_SECURE,login&reveal=1&seed=42&pace=2500"
	if got != want {
		t.Errorf("EncodeLink\n got %s\nwant %s", got, want)
	}
	if got := EncodeLink(LinkState{Config: Defaults(), Mode: "embed", Show: []string{}}); got != "v1&mode=embed&show=" {
		t.Errorf("an embed without controls encodes as %q", got)
	}
	if got := EncodeLink(LinkState{Config: Defaults()}); got != "v1" {
		t.Errorf("the default state encodes as %q", got)
	}
	if got := EncodeLink(LinkState{Config: Defaults(), Compare: &b}); got != "v1&compare=1&b.SESSION_COOKIE_SECURE=True" {
		t.Errorf("compare encodes as %q", got)
	}
	// The trusted origins' "," and "*" need no escape; a "#" or "&" would.
	t2 := Defaults()
	t2.CSRFCookieDomain, t2.CSRFTrustedOrigins = ParentDomain, "https://*.example.com,http://localhost:8000,https://a.example.com/#x&y"
	want = "v1&CSRF_COOKIE_DOMAIN=.example.com&CSRF_TRUSTED_ORIGINS=https://*.example.com,http://localhost:8000,https://a.example.com/%23x%26y"
	if got := EncodeLink(LinkState{Config: t2}); got != want {
		t.Errorf("trusted origins encode as %q, want %q", got, want)
	}
	if got, err := DecodeLink(want); err != nil || got.Config != t2 {
		t.Errorf("DecodeLink(%q) = %+v, %v", want, got.Config, err)
	}
	// CSRF_COOKIE_NAME travels like SESSION_COOKIE_NAME, in field order.
	t3 := Defaults()
	t3.CSRFCookieName, t3.CSRFCookieSecure = "__Host-csrftoken", true
	want = "v1&CSRF_COOKIE_NAME=__Host-csrftoken&CSRF_COOKIE_SECURE=True"
	if got := EncodeLink(LinkState{Config: t3}); got != want {
		t.Errorf("a CSRF cookie name encodes as %q, want %q", got, want)
	}
	if got, err := DecodeLink(want); err != nil || got.Config != t3 {
		t.Errorf("DecodeLink(%q) = %+v, %v", want, got.Config, err)
	}
	// A link typed by hand may space the list out; it reads as the field does.
	if got, err := DecodeLink("v1&CSRF_TRUSTED_ORIGINS=https://*.example.com,%20http://localhost:8000,"); err != nil ||
		got.Config.CSRFTrustedOrigins != "https://*.example.com,http://localhost:8000" {
		t.Errorf("a spaced-out list decodes as %q, %v", got.Config.CSRFTrustedOrigins, err)
	}
}

// TestLinkKeys checks that the page-state keys and the compare prefix
// cannot collide with a Field key.
func TestLinkKeys(t *testing.T) {
	for _, f := range Fields {
		switch {
		case strings.HasPrefix(f.Key, "b."), strings.ContainsAny(f.Key, "&=,%#"):
			t.Errorf("field key %q cannot appear in a link", f.Key)
		}
		for _, k := range []string{"compare", "scenario", "step", "mode", "lock", "show", "reveal", "seed", "travel", "pace"} {
			if f.Key == k {
				t.Errorf("field key %q is a link keyword", f.Key)
			}
		}
	}
}

func TestDecodeLinkErrors(t *testing.T) {
	tests := []struct{ in, err string }{
		{"", "not a Session Lab link"},
		{"SESSION_COOKIE_SECURE=True", "not a Session Lab link"},
		{"v2&x=1", "format v2, newer"},
		{"v1&SESSION_COOKIE_SECURE", `"SESSION_COOKIE_SECURE" has no value`},
		{"v1&", `"" has no value`},
		{"v1&SESSION_COOKIE_SECURE=True&SESSION_COOKIE_SECURE=False", "SESSION_COOKIE_SECURE appears twice"},
		{"v1&DEBUG=True", "DEBUG: unknown setting"},
		{"v1&SESSION_COOKIE_SECURE=maybe", `SESSION_COOKIE_SECURE: "maybe" is not True or False`},
		{"v1&SESSION_COOKIE_AGE=-1", "SESSION_COOKIE_AGE: -1 is outside"},
		{"v1&SESSION_COOKIE_SAMESITE=Bogus", `SESSION_COOKIE_SAMESITE: "Bogus" is not one of "Lax", "Strict", "None", "" (False (no attribute))`},
		{"v1&SESSION_COOKIE_PATH=%zz", "SESSION_COOKIE_PATH: bad escape"},
		{"v1&CSRF_TRUSTED_ORIGINS=example.com", `CSRF_TRUSTED_ORIGINS: "example.com" has no scheme`},
		{"v1&CSRF_COOKIE_DOMAIN=a/b", `CSRF_COOKIE_DOMAIN: "a/b" is not a host name`},
		{"v1&CSRF_COOKIE_NAME=", "CSRF_COOKIE_NAME: the cookie name is empty"},
		{"v1&CSRF_COOKIE_NAME=csrf%3Btoken", `CSRF_COOKIE_NAME: "csrf;token": a cookie name cannot contain ';'`},
		{"v1&b.SESSION_COOKIE_SECURE=True", "b.SESSION_COOKIE_SECURE comes before compare=1"},
		{"v1&compare=1&b.DEBUG=1", "b.DEBUG: unknown setting"},
		{"v1&compare=1&b.SESSION_COOKIE_AGE=x", `b.SESSION_COOKIE_AGE: "x" is not a whole number`},
		{"v1&compare=yes", "compare"},
		{"v1&scenario=Not_An_Id", "scenario"},
		{"v1&step=0", "step"},
		{"v1&step=007", "step"},
		{"v1&step=10000", "step"},
		{"v1&mode=admin", "mode"},
		{"v1&lock=login,login", "login appears twice"},
		{"v1&lock=", `unknown setting ""`},
		{"v1&show=SESSION_COOKIE_SECURE,DEBUG", `show: unknown setting "DEBUG"`},
		{"v1&show=login,login", "show: login appears twice"},
		{"v1&reveal=0", "reveal"},
		{"v1&seed=-1", "seed"},
		{"v1&seed=18446744073709551616", "seed"},
		{"v1&pace=599", "pace"},
		{"v1&pace=5001", "pace"},
		{"v1&pace=01200", "pace"},
		{"v1&pace=fast", "pace"},
		{"v1&x=" + strings.Repeat("a", maxLinkSize), "at most 8192"},
	}
	for _, tt := range tests {
		_, err := DecodeLink(tt.in)
		if err == nil || !strings.Contains(err.Error(), tt.err) {
			t.Errorf("DecodeLink(%.60q) = %v, want an error containing %q", tt.in, err, tt.err)
		}
	}
	if _, err := ParseLinkURL("https://lab.example/v1"); err == nil || !strings.Contains(err.Error(), "no #fragment") {
		t.Errorf("ParseLinkURL without a fragment: %v", err)
	}
	if s, err := DecodeLink("#v1&SESSION_COOKIE_SECURE=true"); err != nil || !s.Config.SessionCookieSecure {
		t.Errorf("a leading # and a lower-case bool: %v", err)
	}
}

func FuzzDecodeLink(f *testing.F) {
	r := rand.New(rand.NewPCG(5, 6))
	for range 4 {
		f.Add(EncodeLink(randomLinkState(r)))
	}
	f.Add("v1&compare=1&b.login=auth&lock=login,https&seed=1&step=1&scenario=x-y")
	f.Add("#v1&SESSION_COOKIE_PATH=%2F%00&mode=quiz")
	f.Add("v1&scenario=ssl-strip&mode=embed&lock=https&show=https,SESSION_COOKIE_SECURE")
	f.Fuzz(func(t *testing.T, in string) {
		s, err := DecodeLink(in)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("an empty error")
			}
			return
		}
		// A decoded state is valid: it encodes and decodes to itself.
		again, err := DecodeLink(EncodeLink(s))
		if err != nil {
			t.Fatalf("re-decoding %q: %v", EncodeLink(s), err)
		}
		if !reflect.DeepEqual(again, s) {
			t.Fatalf("%q: %+v, then %+v", in, s, again)
		}
	})
}

func BenchmarkLinkRoundTrip(b *testing.B) {
	s := LinkState{Config: Hardened(), Scenario: "ssl-strip", Step: 4}
	for b.Loop() {
		if _, err := DecodeLink(EncodeLink(s)); err != nil {
			b.Fatal(err)
		}
	}
}
