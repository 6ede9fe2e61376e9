package sim

import (
	"strings"
	"testing"
	"time"
)

var jarT0 = time.Date(2026, time.March, 2, 9, 0, 0, 0, time.UTC)

// Request contexts of the simulated world.
func jtNav(u string) RequestContext { return RequestContext{URL: MustURL(u), TopLevel: true} }

func jtNavFrom(u, initiator, method string) RequestContext {
	return RequestContext{URL: MustURL(u), TopLevel: true, Initiator: initiator, Method: method}
}

func jtFetch(u, initiator string) RequestContext {
	return RequestContext{URL: MustURL(u), Initiator: initiator}
}

func jtScript(u string) RequestContext { return RequestContext{URL: MustURL(u), Script: true} }

// jtSet is one Set-Cookie (or document.cookie assignment) at jarT0+at.
type jtSet struct {
	ctx  RequestContext
	line string
	at   time.Duration
	code string // the Decision's code; "" means INCLUDE
}

type jarCase struct {
	name, source string
	browser      Browser // "" is Chromium
	sets         []jtSet
	get          RequestContext
	at           time.Duration
	want         string   // the Cookie header
	withheld     []string // codes of the withheld cookies, in jar order
}

const (
	bank     = "https://bank.example.com/"
	bankHTTP = "http://bank.example.com/"
	blog     = "https://blog.example.com/"
	blogHTTP = "http://blog.example.com/"
	evil     = "https://evil.example.net/"

	originBank     = "https://bank.example.com"
	originBankHTTP = "http://bank.example.com"
	originBlog     = "https://blog.example.com"
	originEvil     = "https://evil.example.net"
)

var jarCases = []jarCase{
	// Names and values (§5.6).
	{name: "nameless cookie", source: "§5.6 step 3, WPT name.html",
		sets: []jtSet{{ctx: jtNav(bank), line: "foo"}, {ctx: jtNav(bank), line: "=bar"}},
		get:  jtNav(bank), want: "bar"},
	{name: "nameless and named", source: "WPT name.html",
		sets: []jtSet{{ctx: jtNav(bank), line: "testA=16"}, {ctx: jtNav(bank), line: "=test16"}, {ctx: jtNav(bank), line: "testB=16"}},
		get:  jtNav(bank), want: "testA=16; test16; testB=16"},
	{name: "empty value keeps =", source: "§5.8.3 step 4",
		sets: []jtSet{{ctx: jtNav(bank), line: "a="}}, get: jtNav(bank), want: "a="},
	{name: "CTL rejects the line", source: "§5.6 step 1",
		sets: []jtSet{{ctx: jtNav(bank), line: "a=1\x07", code: codeDisallowedCharacter}}, get: jtNav(bank), want: ""},
	{name: "4097 bytes rejected", source: "§5.6 step 5, WPT size/name-and-value.html",
		sets: []jtSet{{ctx: jtNav(bank), line: "a=" + strings.Repeat("v", 4096), code: codeTooLarge}}, get: jtNav(bank), want: ""},
	{name: "empty cookie ignored", source: "§5.7 step 2",
		sets: []jtSet{{ctx: jtNav(bank), line: "a=1"}, {ctx: jtNav(bank), line: "=", code: codeNoCookieContent}},
		get:  jtNav(bank), want: "a=1"},

	// Expiry (§5.6.1, §5.6.2, §5.7 step 6).
	{name: "Max-Age beats a past Expires before it", source: "§5.7 step 6",
		sets: []jtSet{{ctx: jtNav(bank), line: "a=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=60"}},
		get:  jtNav(bank), at: 59 * time.Second, want: "a=1"},
	{name: "Max-Age beats a past Expires after it", source: "§5.7 step 6",
		sets: []jtSet{{ctx: jtNav(bank), line: "a=1; Max-Age=60; Expires=Thu, 01 Jan 1970 00:00:00 GMT"}},
		get:  jtNav(bank), at: 59 * time.Second, want: "a=1"},
	{name: "Max-Age expires", source: "§5.6.2",
		sets: []jtSet{{ctx: jtNav(bank), line: "a=1; Max-Age=60"}},
		get:  jtNav(bank), at: 60 * time.Second, want: ""},
	{name: "Max-Age=0 beats a future Expires", source: "§5.7 step 6",
		sets: []jtSet{{ctx: jtNav(bank), line: "a=1; Max-Age=0; Expires=Fri, 01 Jan 2100 00:00:00 GMT"}},
		get:  jtNav(bank), want: ""},
	{name: "Max-Age=0 deletes", source: "§5.6.2, WPT max-age.html",
		sets: []jtSet{{ctx: jtNav(bank), line: "a=1"}, {ctx: jtNav(bank), line: "b=2"}, {ctx: jtNav(bank), line: "a=other; Max-Age=0"}},
		get:  jtNav(bank), want: "b=2"},
	{name: "negative Max-Age deletes", source: "§5.6.2",
		sets: []jtSet{{ctx: jtNav(bank), line: "a=1"}, {ctx: jtNav(bank), line: "a=; Max-Age=-1"}},
		get:  jtNav(bank), want: ""},
	{name: "past Expires deletes", source: "§5.6.1; Django delete_cookie",
		sets: []jtSet{{ctx: jtNav(bank), line: "sessionid=x; Path=/"},
			{ctx: jtNav(bank), line: `sessionid=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/`}},
		get: jtNav(bank), want: ""},
	{name: "deletion must match the path", source: "§5.7 step 23",
		sets: []jtSet{{ctx: jtNav(bank), line: "sessionid=x; Path=/"}, {ctx: jtNav(bank + "app/x"), line: "sessionid=; Max-Age=0"}},
		get:  jtNav(bank), want: "sessionid=x"},
	{name: "invalid Expires makes a session cookie", source: "§5.6.1",
		sets: []jtSet{{ctx: jtNav(bank), line: "a=1; Expires=Thu, 32 Jan 2070 00:00:00 GMT; Expires=never"}},
		get:  jtNav(bank), at: 1000 * 24 * time.Hour, want: "a=1"},
	{name: "400-day cap on Max-Age", source: "§5.5, §5.6.2; Chromium ValidateAndAdjustExpiryDate",
		sets: []jtSet{{ctx: jtNav(bank), line: "a=1; Max-Age=315360000"}},
		get:  jtNav(bank), at: 400 * 24 * time.Hour, want: ""},
	{name: "400-day cap on Expires", source: "§5.5, §5.6.1",
		sets: []jtSet{{ctx: jtNav(bank), line: "a=1; Expires=Fri, 01 Jan 2100 00:00:00 GMT"}},
		get:  jtNav(bank), at: 400*24*time.Hour - time.Second, want: "a=1"},

	// Domain (§5.7 steps 7-10).
	{name: "Domain with leading dot reaches siblings", source: "§5.6.3, §5.8.3",
		sets: []jtSet{{ctx: jtNav(bank), line: "a=1; Domain=.example.com"}},
		get:  jtNav(blog), want: "a=1"},
	{name: "host-only stays on the host", source: "§5.7 step 10, §5.8.3",
		sets: []jtSet{{ctx: jtNav(bank), line: "a=1"}}, get: jtNav(blog), want: "", withheld: []string{"EXCLUDE_DOMAIN_MISMATCH"}},
	{name: "host-only not sent to subdomains", source: "§5.8.3",
		sets: []jtSet{{ctx: jtNav(bank), line: "a=1"}}, get: jtNav("https://x.bank.example.com/"), want: "", withheld: []string{"EXCLUDE_DOMAIN_MISMATCH"}},
	{name: "another site's cookies are no candidates", source: "§5.8.3",
		sets: []jtSet{{ctx: jtNav(evil), line: "a=1"}}, get: jtNav(bank), want: ""},
	{name: "Domain equal to the host is a domain cookie", source: "§5.7 step 10",
		sets: []jtSet{{ctx: jtNav(bank), line: "a=1; Domain=bank.example.com"}},
		get:  jtNav("https://x.bank.example.com/"), want: "a=1"},
	{name: "sibling Domain rejected", source: "§5.7 step 10",
		sets: []jtSet{{ctx: jtNav(blog), line: "a=1; Domain=bank.example.com", code: "EXCLUDE_INVALID_DOMAIN"}},
		get:  jtNav(bank), want: ""},
	{name: "public suffix Domain rejected", source: "§5.7 step 9",
		sets: []jtSet{{ctx: jtNav(bank), line: "a=1; Domain=com", code: "EXCLUDE_INVALID_DOMAIN"}},
		get:  jtNav(bank), want: ""},
	{name: "private-section public suffix rejected", source: "§5.7 step 9; PSL private section",
		sets: []jtSet{{ctx: jtNav("https://alice.github.io/"), line: "a=1; Domain=github.io", code: "EXCLUDE_INVALID_DOMAIN"}},
		get:  jtNav("https://bob.github.io/"), want: ""},
	{name: "public suffix equal to the host is host-only", source: "§5.7 step 9",
		sets: []jtSet{{ctx: jtNav("https://github.io/"), line: "a=1; Domain=github.io"}},
		get:  jtNav("https://alice.github.io/"), want: ""},
	{name: "IP host may name itself, host-only", source: "§5.1.3; Chromium GetCookieDomainWithString",
		sets: []jtSet{{ctx: jtNav("http://192.0.2.10/"), line: "a=1; Domain=192.0.2.10"},
			{ctx: jtNav("http://192.0.2.10/"), line: "b=1; Domain=0.2.10", code: "EXCLUDE_INVALID_DOMAIN"}},
		get: jtNav("http://192.0.2.10/"), want: "a=1"},
	{name: "non-ASCII Domain matches no ASCII host", source: "§5.7 step 8; Chromium canonicalizes it (chromiumCases)",
		sets: []jtSet{{ctx: jtNav(bank), line: "a=1; Domain=exämple.com", code: "EXCLUDE_INVALID_DOMAIN"}},
		get:  jtNav(bank), want: ""},
	{name: "identity includes host-only: both sent", source: "§5.7 step 23 (6265bis §10)",
		sets: []jtSet{{ctx: jtNav(bank), line: "sid=host"}, {ctx: jtNav(blog), line: "sid=tossed; Domain=example.com"}},
		get:  jtNav(bank), want: "sid=host; sid=tossed"},

	// Path (§5.1.4).
	{name: "default-path is the directory", source: "§5.1.4",
		sets: []jtSet{{ctx: jtNav(bank + "a/b/c"), line: "a=1"}},
		get:  jtNav(bank + "a/b/x"), want: "a=1"},
	{name: "default-path excludes the parent", source: "§5.1.4",
		sets: []jtSet{{ctx: jtNav(bank + "a/b/c"), line: "a=1"}},
		get:  jtNav(bank + "a/x"), want: "", withheld: []string{"EXCLUDE_NOT_ON_PATH"}},
	{name: "path-match stops at segment boundaries", source: "§5.1.4",
		sets: []jtSet{{ctx: jtNav(bank), line: "a=1; Path=/foo"}},
		get:  jtNav(bank + "foobar"), want: "", withheld: []string{"EXCLUDE_NOT_ON_PATH"}},
	{name: "path-match of a subdirectory", source: "§5.1.4",
		sets: []jtSet{{ctx: jtNav(bank), line: "a=1; Path=/foo"}},
		get:  jtNav(bank + "foo/bar"), want: "a=1"},
	{name: "relative Path means default-path", source: "§5.6.4",
		sets: []jtSet{{ctx: jtNav(bank + "app/x"), line: "a=1; Path=admin"}},
		get:  jtNav(bank + "app/y"), want: "a=1"},
	{name: "longer path first, then older", source: "§5.8.3 step 2",
		sets: []jtSet{{ctx: jtNav(bank), line: "a=root; Path=/"}, {ctx: jtNav(bank), line: "b=root; Path=/"},
			{ctx: jtNav(bank), line: "a=app; Path=/app"}},
		get: jtNav(bank + "app/x"), want: "a=app; a=root; b=root"},

	// Secure (§5.7 step 13, §5.8.3).
	{name: "Secure not set over http", source: "§5.7 step 13",
		sets: []jtSet{{ctx: jtNav(bankHTTP), line: "a=1; Secure", code: "EXCLUDE_SECURE_ONLY"}},
		get:  jtNav(bank), want: ""},
	{name: "Secure not sent over http", source: "§5.8.3",
		sets: []jtSet{{ctx: jtNav(bank), line: "a=1; Secure"}, {ctx: jtNav(bank), line: "b=2"}},
		get:  jtNav(bankHTTP), want: "b=2", withheld: []string{"EXCLUDE_SECURE_ONLY"}},
	{name: "non-Secure from http reaches https", source: "§8.6 weak integrity",
		sets: []jtSet{{ctx: jtNav(bankHTTP), line: "sessionid=planted"}},
		get:  jtNav(bank), want: "sessionid=planted"},
	{name: "localhost counts as secure in Chromium", source: "Chromium ProvisionalAccessScheme",
		sets: []jtSet{{ctx: jtNav("http://localhost/"), line: "a=1; Secure"}},
		get:  jtNav("http://localhost/"), want: "a=1"},
	{name: "Safari: localhost is not secure", source: "WebKit bug 281149", browser: Safari,
		sets: []jtSet{{ctx: jtNav("http://localhost/"), line: "a=1; Secure", code: "EXCLUDE_SECURE_ONLY"}},
		get:  jtNav("http://localhost/"), want: ""},

	// Leave secure cookies alone (§5.7 step 16; the note's example).
	{name: "http cannot overlay a Secure cookie", source: "§5.7 step 16",
		sets: []jtSet{{ctx: jtNav(bank), line: "a=s; Secure; Path=/login"},
			{ctx: jtNav(bankHTTP), line: "a=x; Path=/login", code: "EXCLUDE_OVERWRITE_SECURE"},
			{ctx: jtNav(bankHTTP), line: "a=x; Path=/login/en", code: "EXCLUDE_OVERWRITE_SECURE"},
			{ctx: jtNav(bankHTTP), line: "a=y; Path=/"},
			{ctx: jtNav(bankHTTP), line: "a=z; Path=/foo"}},
		get: jtNav(bank + "login/en"), want: "a=s; a=y", withheld: []string{"EXCLUDE_NOT_ON_PATH"}},
	{name: "http cannot delete a Secure cookie", source: "§5.7 step 16",
		sets: []jtSet{{ctx: jtNav(bank), line: "sid=s; Secure"}, {ctx: jtNav(bankHTTP), line: "sid=; Max-Age=0", code: "EXCLUDE_OVERWRITE_SECURE"}},
		get:  jtNav(bank), want: "sid=s"},
	{name: "a sibling's http Domain cookie cannot overlay", source: "§5.7 step 16 (domain-match either way)",
		sets: []jtSet{{ctx: jtNav(bank), line: "sid=s; Secure"},
			{ctx: jtNav(blogHTTP), line: "sid=x; Domain=example.com", code: "EXCLUDE_OVERWRITE_SECURE"}},
		get: jtNav(bank), want: "sid=s"},
	{name: "other names are not protected", source: "§5.7 step 16",
		sets: []jtSet{{ctx: jtNav(bank), line: "sid=s; Secure"}, {ctx: jtNav(bankHTTP), line: "other=x"}},
		get:  jtNav(bank), want: "sid=s; other=x"},

	// HttpOnly (§5.7 steps 14-15, 23; §5.8.3).
	{name: "HttpOnly hidden from document.cookie", source: "§5.8.3",
		sets: []jtSet{{ctx: jtNav(bank), line: "sid=1; HttpOnly"}, {ctx: jtNav(bank), line: "csrftoken=2"}},
		get:  jtScript(bank), want: "csrftoken=2", withheld: []string{"EXCLUDE_HTTP_ONLY"}},
	{name: "HttpOnly still sent with requests", source: "§5.8.3",
		sets: []jtSet{{ctx: jtNav(bank), line: "sid=1; HttpOnly"}}, get: jtNav(bank), want: "sid=1"},
	{name: "script cannot create HttpOnly", source: "§5.7 step 15",
		sets: []jtSet{{ctx: jtScript(bank), line: "sid=1; HttpOnly", code: "EXCLUDE_HTTP_ONLY"}},
		get:  jtNav(bank), want: ""},
	{name: "script cannot overwrite HttpOnly", source: "§5.7 step 23",
		sets: []jtSet{{ctx: jtNav(bank), line: "sid=real; HttpOnly"}, {ctx: jtScript(bank), line: "sid=evil", code: "EXCLUDE_OVERWRITE_HTTP_ONLY"}},
		get:  jtNav(bank), want: "sid=real"},
	{name: "script cannot delete HttpOnly", source: "§5.7 step 23",
		sets: []jtSet{{ctx: jtNav(bank), line: "sid=real; HttpOnly"}, {ctx: jtScript(bank), line: "sid=; Max-Age=0", code: "EXCLUDE_OVERWRITE_HTTP_ONLY"}},
		get:  jtNav(bank), want: "sid=real"},
	{name: "script can shadow HttpOnly with a longer path", source: "§5.7 step 23, §5.8.3 step 2",
		sets: []jtSet{{ctx: jtNav(bank), line: "sid=real; HttpOnly; Path=/"}, {ctx: jtScript(bank), line: "sid=evil; Path=/app"}},
		get:  jtNav(bank + "app/"), want: "sid=evil; sid=real"},
	{name: "server can turn HttpOnly off", source: "WPT attributes/httponly-overwrite",
		sets: []jtSet{{ctx: jtNav(bank), line: "sid=1; HttpOnly"}, {ctx: jtNav(bank), line: "sid=1"}},
		get:  jtScript(bank), want: "sid=1"},

	// Prefixes (§5.4, §5.7 steps 20-22).
	{name: "__Secure- needs Secure", source: "§5.7 step 20",
		sets: []jtSet{{ctx: jtNav(bank), line: "__Secure-a=1", code: "EXCLUDE_INVALID_PREFIX"}, {ctx: jtNav(bank), line: "__Secure-b=1; Secure"}},
		get:  jtNav(bank), want: "__Secure-b=1"},
	{name: "__Secure- needs a secure URL", source: "§5.7 step 20",
		sets: []jtSet{{ctx: jtNav(bankHTTP), line: "__Secure-a=1; Secure", code: "EXCLUDE_INVALID_PREFIX"}},
		get:  jtNav(bank), want: ""},
	{name: "__Host- with Domain rejected", source: "§5.7 step 21 (Django SESSION_COOKIE_DOMAIN + __Host-)",
		sets: []jtSet{{ctx: jtNav(bank), line: "__Host-sessionid=1; Domain=.example.com; Secure; Path=/", code: "EXCLUDE_INVALID_PREFIX"}},
		get:  jtNav(bank), want: ""},
	{name: "__Host- needs an explicit Path=/", source: "§5.7 step 21, WPT __host.explicit-path",
		sets: []jtSet{{ctx: jtNav(bank), line: "__Host-a=1; Secure", code: "EXCLUDE_INVALID_PREFIX"},
			{ctx: jtNav(bank), line: "__Host-b=1; Secure; Path=/app", code: "EXCLUDE_INVALID_PREFIX"},
			{ctx: jtNav(bank), line: "__Host-c=1; Secure; Path=/"}},
		get: jtNav(bank), want: "__Host-c=1"},
	{name: "prefixes match without case", source: "§5.4",
		sets: []jtSet{{ctx: jtNav(bank), line: "__HOST-a=1; Secure; Domain=example.com; Path=/", code: "EXCLUDE_INVALID_PREFIX"},
			{ctx: jtNav(bank), line: "__secure-b=1", code: "EXCLUDE_INVALID_PREFIX"}},
		get: jtNav(bank), want: ""},
	{name: "a lookalike is no prefix", source: "WPT secure-non-secure.html",
		sets: []jtSet{{ctx: jtNav(bankHTTP), line: "__%53ecure-a=1"}}, get: jtNav(bankHTTP), want: "__%53ecure-a=1"},
	{name: "nameless cookie posing as prefixed", source: "§5.7 step 22",
		sets: []jtSet{{ctx: jtNav(bank), line: "=__Host-sid=evil; Secure; Path=/", code: "EXCLUDE_INVALID_PREFIX"},
			{ctx: jtNav(bank), line: "__secure-sid=evil", code: "EXCLUDE_INVALID_PREFIX"}},
		get: jtNav(bank), want: ""},
	{name: "__Host-Http- needs HttpOnly", source: "layered-cookies draft; Chrome 140",
		sets: []jtSet{{ctx: jtNav(bank), line: "__Host-Http-a=1; Secure; Path=/", code: "EXCLUDE_INVALID_PREFIX"},
			{ctx: jtNav(bank), line: "__Host-Http-b=1; Secure; Path=/; HttpOnly"}},
		get: jtNav(bank), want: "__Host-Http-b=1"},
	{name: "script cannot set __Http-", source: "layered-cookies draft",
		sets: []jtSet{{ctx: jtScript(bank), line: "__Http-a=1; Secure", code: "EXCLUDE_INVALID_PREFIX"}},
		get:  jtNav(bank), want: ""},
	{name: "script can set __Host- from https", source: "§5.7 step 21 (prefixes don't prove the server set it)",
		sets: []jtSet{{ctx: jtScript(bank), line: "__Host-sessionid=evil; Secure; Path=/"}},
		get:  jtNav(bank), want: "__Host-sessionid=evil"},
	{name: "Safari: __Http- is an ordinary name", source: "MDN BCD (no __Http- in Safari)", browser: Safari,
		sets: []jtSet{{ctx: jtNav(bank), line: "__Http-a=1"}}, get: jtNav(bank), want: "__Http-a=1"},

	// Creation time on overwrite (§5.7 step 23).
	{name: "Chromium: new value, new creation time", source: "Chromium MaybeDeleteEquivalentCookieAndUpdateStatus",
		sets: []jtSet{{ctx: jtNav(bank), line: "a=1"}, {ctx: jtNav(bank), line: "b=1", at: time.Second}, {ctx: jtNav(bank), line: "a=2", at: 2 * time.Second}},
		get:  jtNav(bank), at: 3 * time.Second, want: "b=1; a=2"},
	{name: "Chromium: same value keeps creation time", source: "Chromium MaybeDeleteEquivalentCookieAndUpdateStatus",
		sets: []jtSet{{ctx: jtNav(bank), line: "a=1"}, {ctx: jtNav(bank), line: "b=1", at: time.Second}, {ctx: jtNav(bank), line: "a=1; Max-Age=60", at: 2 * time.Second}},
		get:  jtNav(bank), at: 3 * time.Second, want: "a=1; b=1"},
	{name: "Firefox: always keeps creation time", source: "§5.7 step 23.3", browser: Firefox,
		sets: []jtSet{{ctx: jtNav(bank), line: "a=1"}, {ctx: jtNav(bank), line: "b=1", at: time.Second}, {ctx: jtNav(bank), line: "a=2", at: 2 * time.Second}},
		get:  jtNav(bank), at: 3 * time.Second, want: "a=2; b=1"},
	{name: "same instant keeps set order", source: "Chromium CookieMonster unique creation times",
		sets: []jtSet{{ctx: jtNav(bank), line: "z=1"}, {ctx: jtNav(bank), line: "a=1"}, {ctx: jtNav(bank), line: "m=1"}},
		get:  jtNav(bank), want: "z=1; a=1; m=1"},

	// SameSite=None requires Secure (§5.7 step 19).
	{name: "None without Secure rejected", source: "§5.7 step 19; Chrome 80",
		sets: []jtSet{{ctx: jtNav(bank), line: "sid=1; SameSite=None", code: "EXCLUDE_SAMESITE_NONE_INSECURE"}},
		get:  jtNav(bank), want: ""},
	{name: "Firefox: None without Secure rejected", source: "§5.7 step 19; Firefox 131", browser: Firefox,
		sets: []jtSet{{ctx: jtNav(bank), line: "sid=1; SameSite=None", code: "EXCLUDE_SAMESITE_NONE_INSECURE"}},
		get:  jtNav(bank), want: ""},
	{name: "Safari: None without Secure stored", source: "MDN BCD", browser: Safari,
		sets: []jtSet{{ctx: jtNav(bank), line: "sid=1; SameSite=None"}},
		get:  jtNavFrom(bank, originEvil, "POST"), want: "sid=1"},

	// SameSite when setting (§5.7 step 18).
	{name: "cross-site fetch cannot set Lax, Strict or unset", source: "§5.7 step 18; Chromium IsSetPermittedInContext",
		sets: []jtSet{{ctx: jtFetch(bank, originEvil), line: "a=1; SameSite=Lax", code: "EXCLUDE_SAMESITE_LAX"},
			{ctx: jtFetch(bank, originEvil), line: "b=1; SameSite=Strict", code: "EXCLUDE_SAMESITE_STRICT"},
			{ctx: jtFetch(bank, originEvil), line: "c=1", code: "EXCLUDE_SAMESITE_UNSPECIFIED_TREATED_AS_LAX"},
			{ctx: jtFetch(bank, originEvil), line: "d=1; SameSite=None; Secure"}},
		get: jtNav(bank), want: "d=1"},
	{name: "cross-site top-level POST can set Strict", source: "§5.7 step 18.3, WPT setcookie-navigation",
		sets: []jtSet{{ctx: jtNavFrom(bank+"login/", originEvil, "POST"), line: "sessionid=attacker; SameSite=Strict; Path=/"}},
		get:  jtNav(bank), want: "sessionid=attacker"},
	{name: "same-site fetch can set Strict", source: "§5.7 step 18.2",
		sets: []jtSet{{ctx: jtFetch(bank, originBlog), line: "a=1; SameSite=Strict"}},
		get:  jtNav(bank), want: "a=1"},
	{name: "Firefox: cross-site fetch sets nothing in the site's jar", source: "Firefox Total Cookie Protection", browser: Firefox,
		sets: []jtSet{{ctx: jtFetch(bank, originEvil), line: "d=1; SameSite=None; Secure", code: "EXCLUDE_USER_PREFERENCES"}},
		get:  jtNav(bank), want: ""},

	// SameSite when sending (§5.8.3).
	{name: "cross-site link: Lax, unset and None sent, Strict not", source: "§5.8.3; Chromium ComputeSameSiteContextForRequest",
		sets: jtAllSameSite(bank),
		get:  jtNavFrom(bank, originEvil, "GET"), want: "lax=1; unset=1; none=1", withheld: []string{"EXCLUDE_SAMESITE_STRICT"}},
	{name: "cross-site POST after 2 minutes: only None", source: "§5.8.3, §5.6.7.2",
		sets: jtAllSameSite(bank),
		get:  jtNavFrom(bank, originEvil, "POST"), at: 2*time.Minute + time.Second, want: "none=1",
		withheld: []string{"EXCLUDE_SAMESITE_STRICT", "EXCLUDE_SAMESITE_LAX", "EXCLUDE_SAMESITE_UNSPECIFIED_TREATED_AS_LAX"}},
	{name: "cross-site POST within 2 minutes: unset rides along", source: "§5.6.7.2 Lax-allowing-unsafe; kLaxAllowUnsafeMaxAge",
		sets: jtAllSameSite(bank),
		get:  jtNavFrom(bank, originEvil, "POST"), at: 2*time.Minute - time.Second, want: "unset=1; none=1",
		withheld: []string{"EXCLUDE_SAMESITE_STRICT", "EXCLUDE_SAMESITE_LAX"}},
	{name: "cross-site POST at exactly 2 minutes: still inside the window", source: "Chromium CookieBase::IsRecentlyCreated: (Now() - creation_date_) <= age_threshold",
		sets: jtAllSameSite(bank),
		get:  jtNavFrom(bank, originEvil, "POST"), at: 2 * time.Minute, want: "unset=1; none=1",
		withheld: []string{"EXCLUDE_SAMESITE_STRICT", "EXCLUDE_SAMESITE_LAX"}},
	{name: "a re-set unset cookie with a new value gets a new window", source: "Chromium creation time on overwrite",
		sets: []jtSet{{ctx: jtNav(bank), line: "sid=1"}, {ctx: jtNav(bank), line: "sid=2", at: 10 * time.Minute}},
		get:  jtNavFrom(bank, originEvil, "POST"), at: 11 * time.Minute, want: "sid=2"},
	{name: "Firefox: unset is None", source: "reference §3.9; Bugzilla 1617609", browser: Firefox,
		sets: jtAllSameSite(bank),
		get:  jtNavFrom(bank, originEvil, "POST"), at: time.Hour, want: "unset=1; none=1",
		withheld: []string{"EXCLUDE_SAMESITE_STRICT", "EXCLUDE_SAMESITE_LAX"}},
	{name: "Safari: unset is None", source: "reference §3.9", browser: Safari,
		sets: jtAllSameSite(bank),
		get:  jtNavFrom(bank, originEvil, "POST"), at: time.Hour, want: "unset=1; none=1",
		withheld: []string{"EXCLUDE_SAMESITE_STRICT", "EXCLUDE_SAMESITE_LAX"}},
	{name: "cross-site fetch: only None", source: "§5.8.3",
		sets: jtAllSameSite(bank),
		get:  jtFetch(bank, originEvil), want: "none=1",
		withheld: []string{"EXCLUDE_SAMESITE_STRICT", "EXCLUDE_SAMESITE_LAX", "EXCLUDE_SAMESITE_UNSPECIFIED_TREATED_AS_LAX"}},
	{name: "Safari: cross-site fetch sends nothing", source: "WebKit full third-party cookie blocking", browser: Safari,
		sets: []jtSet{{ctx: jtNav(bank), line: "none=1; SameSite=None; Secure"}},
		get:  jtFetch(bank, originEvil), want: "", withheld: []string{"EXCLUDE_USER_PREFERENCES"}},
	{name: "typed URL sends Strict", source: "Chromium: no initiator is same-site",
		sets: jtAllSameSite(bank), get: jtNav(bank), want: "strict=1; lax=1; unset=1; none=1"},
	{name: "same-site sibling link sends Strict", source: "§5.2; SameSite does not stop siblings",
		sets: jtAllSameSite(bank), get: jtNavFrom(bank, originBlog, "POST"), want: "strict=1; lax=1; unset=1; none=1"},
	{name: "Chromium: http page to https is cross-site", source: "schemeful same-site; chromium_cookie_test.go",
		sets: jtAllSameSite(bank),
		get:  jtNavFrom(bank, originBankHTTP, "GET"), at: time.Hour, want: "lax=1; unset=1; none=1",
		withheld: []string{"EXCLUDE_SAMESITE_STRICT"}},
	{name: "Firefox: http page to https is same-site", source: "network.cookie.sameSite.schemeful off", browser: Firefox,
		sets: jtAllSameSite(bank),
		get:  jtNavFrom(bank, originBankHTTP, "POST"), at: time.Hour, want: "strict=1; lax=1; unset=1; none=1"},
	{name: "document.cookie sees every SameSite", source: "§5.8.2; top-level document",
		sets: jtAllSameSite(bank), get: jtScript(bank), at: time.Hour, want: "strict=1; lax=1; unset=1; none=1"},
}

// jtAllSameSite sets one cookie of each SameSite value on u at jarT0.
func jtAllSameSite(u string) []jtSet {
	return []jtSet{
		{ctx: jtNav(u), line: "strict=1; SameSite=Strict"},
		{ctx: jtNav(u), line: "lax=1; SameSite=Lax"},
		{ctx: jtNav(u), line: "unset=1"},
		{ctx: jtNav(u), line: "none=1; SameSite=None; Secure"},
	}
}

func TestJar(t *testing.T) {
	for _, tc := range jarCases {
		t.Run(tc.name, func(t *testing.T) {
			jar := NewJar(ProfileFor(tc.browser))
			for _, s := range tc.sets {
				d := jar.SetCookie(s.ctx, s.line, jarT0.Add(s.at))
				want := s.code
				if want == "" {
					want = CodeInclude
				}
				if d.Code != want {
					t.Errorf("SetCookie(%.50q) = %s (%s), want %s [%s]", s.line, d.Code, d.Why, want, tc.source)
				}
				if d.Why == "" || d.Source == "" {
					t.Errorf("SetCookie(%.50q): decision without why or source: %+v", s.line, d)
				}
			}
			got, sent, withheld := jar.Cookies(tc.get, jarT0.Add(tc.at))
			if got != tc.want {
				t.Errorf("Cookie: %q, want %q [%s]", got, tc.want, tc.source)
			}
			if len(sent) != strings.Count(got, "; ")+1 && got != "" {
				t.Errorf("%d cookies sent for header %q", len(sent), got)
			}
			var codes []string
			for _, d := range withheld {
				codes = append(codes, d.Code)
				if d.Why == "" || d.Source == "" || d.Cookie == nil {
					t.Errorf("withheld decision incomplete: %+v", d)
				}
			}
			if strings.Join(codes, " ") != strings.Join(tc.withheld, " ") {
				t.Errorf("withheld %v, want %v [%s]", codes, tc.withheld, tc.source)
			}
		})
	}
}

func TestJarActions(t *testing.T) {
	jar := NewJar(ProfileFor(Chromium))
	ctx := jtNav(bank)
	for _, tt := range []struct {
		line string
		want Action
	}{
		{"a=1", CookieStored},
		{"a=2", CookieReplaced},
		{"a=; Max-Age=0", CookieDeleted},
		{"a=; Max-Age=0", CookieExpired},
		{"a=1; Secure; Domain=evil.example.net", CookieRejected},
	} {
		if d := jar.SetCookie(ctx, tt.line, jarT0); d.Action != tt.want {
			t.Errorf("SetCookie(%q): action %v, want %v (%s)", tt.line, d.Action, tt.want, d.Why)
		}
	}
}

func TestJarSessionEnd(t *testing.T) {
	for _, restore := range []bool{false, true} {
		jar := NewJar(ProfileFor(Chromium))
		jar.SetCookie(jtNav(bank), "session=1", jarT0)
		jar.SetCookie(jtNav(bank), "persistent=1; Max-Age=3600", jarT0)
		jar.CloseBrowser(restore)
		want := "persistent=1"
		if restore {
			want = "session=1; persistent=1"
		}
		if got, _, _ := jar.Cookies(jtNav(bank), jarT0); got != want {
			t.Errorf("restore=%v: Cookie %q, want %q", restore, got, want)
		}
	}
}

// History › Restore Previous Session brings back the session cookies of the
// closed session, as new cookies, except those set again since, in Firefox
// only.
func TestJarRestoreLastSession(t *testing.T) {
	later := jarT0.Add(time.Hour)
	for _, tt := range []struct {
		browser Browser
		want    string
	}{
		{Firefox, "persistent=1; session=new; theme=dark"},
		{Chromium, "persistent=1; session=new"},
		{Safari, "persistent=1; session=new"},
	} {
		jar := NewJar(ProfileFor(tt.browser))
		jar.SetCookie(jtNav(bank), "session=1", jarT0)
		jar.SetCookie(jtNav(bank), "persistent=1; Max-Age=7200", jarT0)
		jar.SetCookie(jtNav(bank), "theme=dark", jarT0)
		jar.CloseBrowser(false)
		jar.SetCookie(jtNav(bank), "session=new", later)
		restored := jar.RestoreLastSession(later)
		if got, _, _ := jar.Cookies(jtNav(bank), later); got != tt.want || restored != (tt.browser == Firefox) {
			t.Errorf("%v: after RestoreLastSession (%v) Cookie %q, want %q", tt.browser, restored, got, tt.want)
		}
		if jar.RestoreLastSession(later) {
			t.Errorf("%v: a second RestoreLastSession restored again", tt.browser)
		}
	}
	// With session restore on, nothing was closed to bring back.
	jar := NewJar(ProfileFor(Firefox))
	jar.SetCookie(jtNav(bank), "session=1", jarT0)
	jar.CloseBrowser(true)
	if jar.RestoreLastSession(later) {
		t.Error("RestoreLastSession after CloseBrowser(true) restored cookies")
	}
}

// Safari ITP caps cookies created by document.cookie at 7 days; Set-Cookie
// keeps its Max-Age.
func TestScriptCookieMaxAge(t *testing.T) {
	for _, tt := range []struct {
		browser Browser
		ctx     RequestContext
		want    time.Duration
	}{
		{Safari, jtScript(bank), 7 * 24 * time.Hour},
		{Safari, jtNav(bank), 365 * 24 * time.Hour},
		{Chromium, jtScript(bank), 365 * 24 * time.Hour},
	} {
		jar := NewJar(ProfileFor(tt.browser))
		d := jar.SetCookie(tt.ctx, "a=1; Max-Age=31536000", jarT0)
		if got := d.Cookie.Expiry.Sub(jarT0); got != tt.want {
			t.Errorf("%s script=%v: lifetime %v, want %v", tt.browser, tt.ctx.Script, got, tt.want)
		}
	}
	// A session cookie stays one.
	jar := NewJar(ProfileFor(Safari))
	if d := jar.SetCookie(jtScript(bank), "a=1", jarT0); d.Cookie.Persistent {
		t.Error("document.cookie session cookie became persistent")
	}
}

func TestJarAllCloneDocumentCookie(t *testing.T) {
	jar := NewJar(ProfileFor(Chromium))
	jar.SetCookie(jtNav(bank), "sid=1; HttpOnly; Secure", jarT0)
	jar.SetCookie(jtNav(bank), "csrftoken=2; Max-Age=60", jarT0)
	jar.SetCookie(jtNav(blog), "theme=dark; Domain=example.com", jarT0)
	clone := jar.Clone()
	clone.SetCookie(jtNav(bank), "sid=changed; HttpOnly; Secure", jarT0)
	clone.All(jarT0)[1].Value = "mutated"

	var names []string
	for _, c := range jar.All(jarT0) {
		names = append(names, c.Name+"="+c.Value)
	}
	if got := strings.Join(names, " "); got != "sid=1 csrftoken=2 theme=dark" {
		t.Errorf("All = %s", got)
	}
	if got := len(jar.All(jarT0.Add(time.Minute))); got != 2 {
		t.Errorf("after csrftoken expired All has %d cookies, want 2", got)
	}
	if got := jar.DocumentCookie(MustURL(bank), jarT0); got != "theme=dark" {
		t.Errorf("DocumentCookie = %q", got)
	}
	if got := clone.DocumentCookie(MustURL(bank), jarT0); got != "csrftoken=mutated; theme=dark" {
		t.Errorf("clone DocumentCookie = %q", got)
	}
}

func TestJarLastAccess(t *testing.T) {
	jar := NewJar(ProfileFor(Chromium))
	jar.SetCookie(jtNav(bank), "a=1", jarT0)
	_, sent, _ := jar.Cookies(jtNav(bank), jarT0.Add(time.Hour))
	if len(sent) != 1 || !sent[0].LastAccess.Equal(jarT0.Add(time.Hour)) || !sent[0].Created.Equal(jarT0) {
		t.Fatalf("sent %+v", sent)
	}
}

// FuzzJarSetCookie: any header from any of the world's URLs, in any
// context, never panics and never leaves the jar inconsistent.
func FuzzJarSetCookie(f *testing.F) {
	for _, tc := range jarCases {
		for _, s := range tc.sets {
			f.Add(s.ctx.URL.String(), s.line, s.ctx.Initiator, s.ctx.TopLevel, s.ctx.Script)
		}
	}
	f.Fuzz(func(t *testing.T, rawURL, line, initiator string, topLevel, script bool) {
		u, err := ParseURL(rawURL)
		if err != nil {
			return
		}
		for _, b := range []Browser{Chromium, Firefox, Safari} {
			jar := NewJar(ProfileFor(b))
			ctx := RequestContext{URL: u, Initiator: initiator, TopLevel: topLevel, Script: script, Method: "POST"}
			d := jar.SetCookie(ctx, line, jarT0)
			if d.Code == "" || d.Why == "" || d.Source == "" {
				t.Fatalf("incomplete decision %+v", d)
			}
			all := jar.All(jarT0)
			if (d.Action == CookieStored) != (len(all) == 1) {
				t.Fatalf("action %v but %d cookies stored", d.Action, len(all))
			}
			for _, c := range all {
				if c.Secure && !jar.p.isSecureURL(u) || c.HTTPOnly && script ||
					c.HostOnly && c.Domain != u.Host || !c.HostOnly && !domainMatch(u.Host, c.Domain) ||
					!strings.HasPrefix(c.Path, "/") || c.Persistent && c.Expiry.After(jarT0.Add(400*24*time.Hour)) {
					t.Fatalf("stored %+v from %v", c, u)
				}
			}
			h, sent, _ := jar.Cookies(RequestContext{URL: u, TopLevel: true}, jarT0)
			if len(sent) > 1 || strings.ContainsAny(h, "\r\n\x00") {
				t.Fatalf("header %q from %d cookies", h, len(sent))
			}
		}
	})
}

// TestJarSetCookieLarge: 1 MiB lines are handled in one linear pass.
func TestJarSetCookieLarge(t *testing.T) {
	jar := NewJar(ProfileFor(Chromium))
	d := jar.SetCookie(jtNav(bank), "a=1"+strings.Repeat("; Domain=example.com; Expires=bad", 1<<20/32), jarT0)
	if d.Action != CookieStored || d.Cookie.Domain != "example.com" || d.Cookie.Persistent {
		t.Fatalf("%+v", d)
	}
	if d := jar.SetCookie(jtNav(bank), strings.Repeat("=", 1<<20), jarT0); d.Code != codeTooLarge {
		t.Fatalf("1 MiB of '=': %s", d.Code)
	}
}

// The board runs ~15 scenarios of ~20 requests in under 1 ms: one Set-Cookie
// and one Cookie header must cost well under a microsecond each.
func BenchmarkJarSetCookie(b *testing.B) {
	jar := NewJar(ProfileFor(Chromium))
	ctx := jtNavFrom(bank+"login/", originBank, "POST")
	line := "sessionid=k3n0ab9f2c7d1e8a4b6c0d2e5f7a9b1c; expires=Mon, 16 Mar 2026 09:00:00 GMT; HttpOnly; Max-Age=1209600; Path=/; SameSite=Lax; Secure"
	b.ReportAllocs()
	for b.Loop() {
		jar.SetCookie(ctx, line, jarT0)
	}
}

func BenchmarkJarCookies(b *testing.B) {
	jar := NewJar(ProfileFor(Chromium))
	jar.SetCookie(jtNav(bank), "sessionid=k3n0ab9f2c7d1e8a4b6c0d2e5f7a9b1c; HttpOnly; Max-Age=1209600; Path=/; SameSite=Lax; Secure", jarT0)
	jar.SetCookie(jtNav(bank), "csrftoken=Xy7Zq2Lm9Np4Rs6Tv8Wx1Yz3Ab5Cd7Ef; Max-Age=31449600; Path=/; SameSite=Lax", jarT0)
	jar.SetCookie(jtNav(blog), "theme=dark; Domain=example.com", jarT0)
	ctx := jtNavFrom(bank+"transfer/", originEvil, "POST")
	b.ReportAllocs()
	for b.Loop() {
		jar.Cookies(ctx, jarT0)
	}
}
