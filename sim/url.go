package sim

import (
	"fmt"
	"strings"
)

// URL is the part of a URL the model needs. The simulated world has no ports,
// userinfo or fragments; Path is never empty.
type URL struct {
	Scheme string // "http" or "https"
	Host   string // lower case
	Path   string // starts with "/"
	Query  string // without "?"
}

// ParseURL reads "scheme://host/path?query".
func ParseURL(s string) (URL, error) {
	scheme, rest, ok := strings.Cut(s, "://")
	if !ok || (scheme != "http" && scheme != "https") {
		return URL{}, fmt.Errorf("%q is not an http(s) URL", s)
	}
	host, path := rest, "/"
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		host, path = rest[:i], rest[i:]
	}
	if host == "" {
		return URL{}, fmt.Errorf("%q has no host", s)
	}
	path, query, _ := strings.Cut(path, "?")
	return URL{Scheme: scheme, Host: strings.ToLower(host), Path: path, Query: query}, nil
}

// MustURL is ParseURL for literals in the scenario scripts.
func MustURL(s string) URL {
	u, err := ParseURL(s)
	if err != nil {
		panic(err)
	}
	return u
}

func (u URL) String() string {
	s := u.Scheme + "://" + u.Host + u.Path
	if u.Query != "" {
		s += "?" + u.Query
	}
	return s
}

// Secure reports whether the URL's scheme is cryptographic (RFC 6265bis §5.7 step 13).
func (u URL) Secure() bool { return u.Scheme == "https" }

// Origin is the serialized origin, e.g. "https://bank.example.com".
func (u URL) Origin() string { return u.Scheme + "://" + u.Host }

// WithScheme returns u with another scheme.
func (u URL) WithScheme(scheme string) URL { u.Scheme = scheme; return u }

// queryEncode is what a browser's URL parser makes of a string concatenated
// onto the end of an https URL's query (URL Standard §4.4): trailing C0
// controls and spaces are trimmed and tabs and newlines removed from the
// input, a # ends the query (what follows is the fragment, never sent), and
// the special-query percent-encode set (C0 controls, space, ", ', <, > and
// bytes above 0x7E; §1.3) is percent-encoded; the rest, = and ; included,
// stays as written.
func queryEncode(s string) string {
	const hex = "0123456789ABCDEF"
	s = strings.TrimRightFunc(s, func(r rune) bool { return r <= ' ' })
	s, _, _ = strings.Cut(s, "#")
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\t' || c == '\n' || c == '\r' {
			continue
		}
		if c <= ' ' || c > '~' || c == '"' || c == '\'' || c == '<' || c == '>' {
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

func equalFold(a, b string) bool { return strings.EqualFold(a, b) }
