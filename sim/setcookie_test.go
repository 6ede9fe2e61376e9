package sim

import (
	"strings"
	"testing"
	"time"
)

// parseTests check §5.6 directly; the jar tests check the storage model.
var parseTests = []struct {
	name, line string
	want       setCookieLine
	code       string
}{
	// §5.6 step 1: CTLs other than HTAB reject the whole line.
	{"CTL in value", "a=b\x01c", setCookieLine{}, codeDisallowedCharacter},
	{"NUL", "a=b\x00", setCookieLine{}, codeDisallowedCharacter},
	{"CR", "a=b\rc", setCookieLine{}, codeDisallowedCharacter},
	{"LF", "a=b\nc", setCookieLine{}, codeDisallowedCharacter},
	{"DEL", "a=b\x7f", setCookieLine{}, codeDisallowedCharacter},
	{"CTL in attribute", "a=b; Path=/\x1f", setCookieLine{}, codeDisallowedCharacter},
	{"HTAB allowed inside", "a=b\tc", setCookieLine{name: "a", value: "b\tc"}, ""},
	// §5.6 steps 2-4: nameless cookies (httpwg #1081) and trimming.
	{"nameless", "foo", setCookieLine{value: "foo"}, ""},
	{"leading =", "=foo", setCookieLine{value: "foo"}, ""},
	{"split on first =", "===test=2b", setCookieLine{value: "==test=2b"}, ""},
	{"trim WSP", " \ta b\t= c d \t", setCookieLine{name: "a b", value: "c d"}, ""},
	{"quotes kept", `a="b"`, setCookieLine{name: "a", value: `"b"`}, ""},
	{"percent not decoded", "%74=%32", setCookieLine{name: "%74", value: "%32"}, ""},
	{"empty value", "a=", setCookieLine{name: "a"}, ""},
	{"empty name and value", "=", setCookieLine{}, codeNoCookieContent},
	{"empty line", "", setCookieLine{}, codeNoCookieContent},
	{"only attributes", "; Secure", setCookieLine{}, codeNoCookieContent},
	// §5.6 step 5: 4096 bytes of name and value.
	{"4096 bytes", strings.Repeat("n", 2048) + "=" + strings.Repeat("v", 2048),
		setCookieLine{name: strings.Repeat("n", 2048), value: strings.Repeat("v", 2048)}, ""},
	{"4097 bytes", strings.Repeat("n", 2048) + "=" + strings.Repeat("v", 2049),
		setCookieLine{name: strings.Repeat("n", 2048), value: strings.Repeat("v", 2049)}, codeTooLarge},
	{"nameless 4096", strings.Repeat("v", 4096), setCookieLine{value: strings.Repeat("v", 4096)}, ""},
	{"whitespace not counted", "a=" + strings.Repeat("v", 4095) + "   ", setCookieLine{name: "a", value: strings.Repeat("v", 4095)}, ""},
	// §5.6 attribute step 6: a value over 1024 bytes drops that attribute only.
	{"1024-byte path kept", "a=b; Path=/" + strings.Repeat("p", 1023),
		setCookieLine{name: "a", value: "b", path: "/" + strings.Repeat("p", 1023), hasPath: true}, ""},
	{"1025-byte path ignored, earlier wins", "a=b; Path=/x; Path=/" + strings.Repeat("p", 1024),
		setCookieLine{name: "a", value: "b", path: "/x", hasPath: true}, ""},
	// §5.6.1-§5.6.7; the last attribute of a name wins, valid or not
	// (Chromium ParsedCookie, checked by TestChromiumRandom).
	{"names without case", "a=b; sEcUrE; HTTPONLY; samesite=lax",
		setCookieLine{name: "a", value: "b", secure: true, httpOnly: true, sameSite: SameSiteLax}, ""},
	{"Secure value ignored", "a=b; Secure=no", setCookieLine{name: "a", value: "b", secure: true}, ""},
	{"quoted attribute name unknown", `a=b; "Secure"`, setCookieLine{name: "a", value: "b"}, ""},
	{"unknown attributes ignored", "a=b; Version=1; Priority=High; foo",
		setCookieLine{name: "a", value: "b"}, ""},
	{"Partitioned", "a=b; partitioned=no", setCookieLine{name: "a", value: "b", partitioned: true}, ""},
	{"SameSite last wins", "a=b; SameSite=Strict; SameSite=None",
		setCookieLine{name: "a", value: "b", sameSite: SameSiteNone}, ""},
	{"SameSite invalid is Default", "a=b; SameSite=Strict; SameSite=yes",
		setCookieLine{name: "a", value: "b", sameSite: SameSiteUnset}, ""},
	{"SameSite empty is Default", "a=b; SameSite", setCookieLine{name: "a", value: "b"}, ""},
	{"Domain dot and case", "a=b; Domain=.Example.COM",
		setCookieLine{name: "a", value: "b", domain: "example.com", hasDomain: true, domainDot: true}, ""},
	{"last Domain wins, even empty", "a=b; Domain=example.com; Domain=",
		setCookieLine{name: "a", value: "b"}, ""},
	{"empty Domain then a domain", "a=b; Domain=; Domain=example.com",
		setCookieLine{name: "a", value: "b", domain: "example.com", hasDomain: true}, ""},
	{"Domain only a dot", "a=b; Domain=.", setCookieLine{name: "a", value: "b", hasDomain: true, domainDot: true}, ""},
	{"Path last wins, even empty", "a=b; Path=/x; Path=",
		setCookieLine{name: "a", value: "b", hasPath: true}, ""},
	{"Max-Age", "a=b; Max-Age=60", setCookieLine{name: "a", value: "b", maxAge: 60, hasMaxAge: true}, ""},
	{"Max-Age leading zero", "a=b; Max-Age=010", setCookieLine{name: "a", value: "b", maxAge: 10, hasMaxAge: true}, ""},
	{"Max-Age negative", "a=b; Max-Age=-5", setCookieLine{name: "a", value: "b", maxAge: -5, hasMaxAge: true}, ""},
	{"Max-Age with comma ignored", "a=b; Max-Age=50,399", setCookieLine{name: "a", value: "b"}, ""},
	{"Max-Age plus sign", "a=b; Max-Age=+5", setCookieLine{name: "a", value: "b", maxAge: 5, hasMaxAge: true}, ""},
	{"Max-Age two signs ignored", "a=b; Max-Age=+-5", setCookieLine{name: "a", value: "b"}, ""},
	{"Max-Age minus only ignored", "a=b; Max-Age=-", setCookieLine{name: "a", value: "b"}, ""},
	{"last Max-Age counts, even invalid", "a=b; Max-Age=5; Max-Age=2.63",
		setCookieLine{name: "a", value: "b"}, ""},
	{"invalid Max-Age falls back to Expires", "a=b; Max-Age=5; Max-Age=; Expires=Mon, 16 Mar 2026 09:00:00 GMT",
		setCookieLine{name: "a", value: "b", expires: time.Date(2026, 3, 16, 9, 0, 0, 0, time.UTC), hasExpires: true}, ""},
	{"Max-Age overflow saturates before garbage", "a=b; Max-Age=99999999999999999999x",
		setCookieLine{name: "a", value: "b", maxAge: maxAgeSaturate, hasMaxAge: true}, ""},
	{"negative Max-Age overflow saturates", "a=b; Max-Age=-99999999999999999999x",
		setCookieLine{name: "a", value: "b", maxAge: -maxAgeSaturate, hasMaxAge: true}, ""},
	{"Max-Age garbage before overflow ignored", "a=b; Max-Age=9x9999999999999999999",
		setCookieLine{name: "a", value: "b"}, ""},
	{"Max-Age huge saturates", "a=b; Max-Age=99999999999999999999999999",
		setCookieLine{name: "a", value: "b", maxAge: maxAgeSaturate, hasMaxAge: true}, ""},
	{"Expires", "a=b; Expires=Mon, 16 Mar 2026 09:00:00 GMT",
		setCookieLine{name: "a", value: "b", expires: time.Date(2026, 3, 16, 9, 0, 0, 0, time.UTC), hasExpires: true}, ""},
	{"Expires invalid ignored", "a=b; Expires=tomorrow", setCookieLine{name: "a", value: "b"}, ""},
	{"last Expires wins, even invalid", "a=b; Expires=Mon, 16 Mar 2026 09:00:00 GMT; Expires=Tue, 17 Mar 2026 09:00:00 GMT; Expires=bad",
		setCookieLine{name: "a", value: "b"}, ""},
	{"last Expires wins", "a=b; Expires=bad; Expires=Mon, 16 Mar 2026 09:00:00 GMT; Expires=Tue, 17 Mar 2026 09:00:00 GMT",
		setCookieLine{name: "a", value: "b", expires: time.Date(2026, 3, 17, 9, 0, 0, 0, time.UTC), hasExpires: true}, ""},
	{"over-long Expires ignored", "a=b; Expires=Mon, 16 Mar 2026 09:00:00 GMT; Expires=Tue, 17 Mar 2026 09:00:00 GMT " + strings.Repeat("x", 1000),
		setCookieLine{name: "a", value: "b", expires: time.Date(2026, 3, 16, 9, 0, 0, 0, time.UTC), hasExpires: true}, ""},
	{"Expires left unresolved beside Max-Age", "a=b; Expires=Mon, 16 Mar 2026 09:00:00 GMT; Max-Age=5",
		setCookieLine{name: "a", value: "b", maxAge: 5, hasMaxAge: true}, ""},
}

func TestParseSetCookie(t *testing.T) {
	for _, tt := range parseTests {
		got, code := parseSetCookie(tt.line)
		if code != tt.code {
			t.Errorf("%s: code %q, want %q", tt.name, code, tt.code)
			continue
		}
		if code == "" && got != tt.want {
			t.Errorf("%s: parseSetCookie(%.60q)\n got %+v\nwant %+v", tt.name, tt.line, got, tt.want)
		}
	}
}

// FuzzParseSetCookie: never panics, and what it accepts obeys §5.6.
func FuzzParseSetCookie(f *testing.F) {
	for _, tt := range parseTests {
		f.Add(tt.line)
	}
	f.Fuzz(func(t *testing.T, line string) {
		c, code := parseSetCookie(line)
		if code != "" {
			return
		}
		if len(c.name)+len(c.value) > maxNameValueBytes || c.name == "" && c.value == "" {
			t.Fatalf("accepted %q: name %q value %q", line, c.name, c.value)
		}
		if len(c.path) > maxAttrValueBytes || len(c.domain) > maxAttrValueBytes {
			t.Fatalf("attribute over 1024 bytes kept: %q", line)
		}
		if strings.ContainsAny(c.name+c.value, ";\r\n\x00") || strings.HasPrefix(c.name, " ") || strings.HasSuffix(c.value, " ") {
			t.Fatalf("bad name/value from %q: %q=%q", line, c.name, c.value)
		}
		if c.hasMaxAge && (c.maxAge > maxAgeSaturate || c.maxAge < -maxAgeSaturate) {
			t.Fatalf("Max-Age out of range: %d", c.maxAge)
		}
	})
}

// TestParseSetCookieLarge: 1 MiB headers, of attributes or of one value.
func TestParseSetCookieLarge(t *testing.T) {
	line := "a=b" + strings.Repeat("; Path=/x", 1<<20/9)
	c, code := parseSetCookie(line)
	if code != "" || c.path != "/x" {
		t.Fatalf("code %q path %q", code, c.path)
	}
	if _, code := parseSetCookie(strings.Repeat("é", 1<<19)); code != codeTooLarge {
		t.Fatalf("1 MiB value: code %q", code)
	}
}
