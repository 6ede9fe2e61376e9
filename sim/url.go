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

func equalFold(a, b string) bool { return strings.EqualFold(a, b) }
