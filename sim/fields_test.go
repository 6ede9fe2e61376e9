package sim

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
)

// CSRF_TRUSTED_ORIGINS as the page, the command line and links set it:
// entries separated by commas, stored trimmed and joined by ","; what
// Django 5.2 refuses (django/core/checks/compatibility/django_4_0.py
// 4_0.E001: no "://"), what urlsplit cannot parse and what no origin
// contains is an error naming the entry.
func TestTrustedOriginsField(t *testing.T) {
	for _, tc := range []struct{ in, want, err string }{
		{"", "", ""},
		{"https://*.example.com", "https://*.example.com", ""},
		{" https://*.example.com , http://localhost:8000,", "https://*.example.com,http://localhost:8000", ""},
		{"HTTPS://Blog.Example.com/x?y=1", "HTTPS://Blog.Example.com/x?y=1", ""},
		{"https://[::1]:8443", "https://[::1]:8443", ""},
		{".example.com", "", `".example.com" has no scheme: since Django 4.0 an entry is an origin, here "https://*.example.com" (and "https://example.com" for the domain itself)`},
		{"blog.example.com", "", `here "https://blog.example.com"; a bare host fails the system check 4_0.E001`},
		{"https://a.example.com,*.example.com", "", `"*.example.com" has no scheme`},
		{"https://[::1", "", "urlsplit"},
		{`["https://a.example.com"]`, "", `cannot contain '"'`},
		{"https://a .example.com", "", `cannot contain ' '`},
		{strings.Repeat("a", 1001), "", "longer than 1000"},
	} {
		c := Defaults()
		err := c.Set("CSRF_TRUSTED_ORIGINS", tc.in)
		switch {
		case tc.err == "" && (err != nil || c.CSRFTrustedOrigins != tc.want):
			t.Errorf("%q: stored %q, %v; want %q", tc.in, c.CSRFTrustedOrigins, err, tc.want)
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err) || !strings.HasPrefix(err.Error(), "CSRF_TRUSTED_ORIGINS: ")):
			t.Errorf("%q: error %v, want one containing %q", tc.in, err, tc.err)
		}
	}
}

// TestTrustedOriginsMatchDjango holds validOrigin to Django 5.2: an entry it
// says Django rejects fails the system check 4_0.E001, or makes
// CsrfViewMiddleware raise on a POST from another origin, with an Origin
// header or, over HTTPS, with only a Referer (a 500: the 500 view's own
// @requires_csrf_token raises again, and the exception leaves Django). Any
// other entry passes the check, and both POSTs are refused with a 403.
func TestTrustedOriginsMatchDjango(t *testing.T) {
	needDjango(t)
	entries := []string{".example.com", "blog.example.com", "*.example.com", "example.com:443", "https://*.example.com",
		"https://blog.example.com", "http://localhost:8000", "HTTPS://Blog.Example.com/x?y=1", "https://[::1]:8443",
		"https://[::1", "https://*.[::1", "https://]x", "://x", "https://", "x://y", "https:/x", "*://*"}
	out := runPython(t, `
import json, sys
from django.conf import settings
settings.configure(SECRET_KEY="x" * 50, ALLOWED_HOSTS=["*"], ROOT_URLCONF="__main__",
    MIDDLEWARE=["django.middleware.csrf.CsrfViewMiddleware"])
import django
django.setup()
from django.core.checks.compatibility.django_4_0 import check_csrf_trusted_origins
from django.http import HttpResponse
from django.test import Client
from django.test.utils import override_settings
from django.urls import path
urlpatterns = [path("", lambda request: HttpResponse())]
out = []
for e in json.load(sys.stdin):
    with override_settings(CSRF_TRUSTED_ORIGINS=[e]):
        if check_csrf_trusted_origins(None):
            out.append("4_0.E001")
            continue
        statuses = []
        for headers in ({"HTTP_ORIGIN": "https://evil.example.net"}, {"secure": True, "HTTP_REFERER": "https://evil.example.net/"}):
            c = Client(enforce_csrf_checks=True, raise_request_exception=False)
            try:
                statuses.append(str(c.post("/", **headers).status_code))
            except ValueError:  # raised again by the 500 view's own CSRF check: the server answers 500
                statuses.append("500")
        out.append(" ".join(statuses))
json.dump(out, sys.stdout)
`, entries)
	var got []string
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	for i, e := range entries {
		err := validOrigin(e)
		if err != nil && !rejectedByDjango(err) {
			t.Errorf("%q: the lab refuses it as %v, not as Django's", e, err)
			continue
		}
		if rejects := got[i] != "403 403"; rejects != (err != nil) {
			t.Errorf("%q: Django answers %s, the lab says %v", e, got[i], err)
		}
	}
}

// TestFieldHelpClaims pins help texts against the code they describe.
func TestFieldHelpClaims(t *testing.T) {
	tests := []struct {
		key, want, source string
	}{
		// SessionMiddleware.process_response saves only "if (modified or
		// SESSION_SAVE_EVERY_REQUEST) and not empty" and "status_code < 500".
		{"SESSION_SAVE_EVERY_REQUEST", "below 500", "django/contrib/sessions/middleware.py process_response"},
		{"SESSION_SAVE_EVERY_REQUEST", "non-empty", "django/contrib/sessions/middleware.py process_response"},
		// Chromium and Firefox 131+ refuse SameSite=None without Secure;
		// Safari stores it (MDN browser-compat-data; profile.go).
		{"SESSION_COOKIE_SAMESITE", "None needs Secure in Chromium and Firefox", "RFC 6265bis §5.7 step 19; MDN BCD"},
		// hstspreload.org: the base domain, with includeSubDomains; world.go
		// preloads example.com so.
		{"hsts_preloaded", "every subdomain", "hstspreload.org submission requirements"},
		// process_view checks the Referer only "elif request.is_secure()"
		// and no Origin header was sent.
		{"csrf_middleware", "over HTTPS without an Origin, the Referer", "django/middleware/csrf.py CsrfViewMiddleware.process_view"},
	}
	for _, tt := range tests {
		f, ok := FieldByKey(tt.key)
		if !ok {
			t.Fatalf("no field %s", tt.key)
		}
		if !strings.Contains(f.Help, tt.want) {
			t.Errorf("%s help %q lacks %q (%s)", tt.key, f.Help, tt.want, tt.source)
		}
	}
}

// TestPathHelpNamesTheRoutes: the pages SESSION_COOKIE_PATH's help lists
// are the site's own routes.
func TestPathHelpNamesTheRoutes(t *testing.T) {
	f, _ := FieldByKey("SESSION_COOKIE_PATH")
	paths := regexp.MustCompile(`/[a-z]+/`).FindAllString(f.Help, -1)
	if len(paths) < 5 {
		t.Fatalf("help %q names %d pages", f.Help, len(paths))
	}
	for _, p := range paths {
		if djRoute(p) == nil {
			t.Errorf("help names %s, which the site does not serve", p)
		}
	}
}

// TestCookieNamesMatchPython holds the cookie-name fields to what Django's
// set_cookie can send: a name of one character each, every ASCII one, is
// accepted exactly when Python's http.cookies takes it as a key (any other
// raises CookieError: "Illegal key").
func TestCookieNamesMatchPython(t *testing.T) {
	var names []string
	for r := rune(0); r < 0x80; r++ {
		names = append(names, "a"+string(r))
	}
	out := runPython(t, `
import http.cookies, json, sys
ok = []
for n in json.load(sys.stdin):
    try:
        http.cookies.SimpleCookie()[n] = "v"
        ok.append(True)
    except http.cookies.CookieError:
        ok.append(False)
json.dump(ok, sys.stdout)
`, names)
	var legal []bool
	if err := json.Unmarshal(out, &legal); err != nil {
		t.Fatal(err)
	}
	for i, n := range names {
		for _, key := range []string{"SESSION_COOKIE_NAME", "CSRF_COOKIE_NAME"} {
			c := Defaults()
			if err := c.Set(key, n); (err == nil) != legal[i] {
				t.Errorf("%s = %q: Python legal %v, field error %v", key, n, legal[i], err)
			}
		}
	}
}
