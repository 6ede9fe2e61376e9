package app

import (
	"strconv"
	"strings"
	"time"

	"sessionlab/sim"
)

// clock is a virtual time as the execution table shows it: the time of day,
// with the day when the run has gone past its first.
func clock(at time.Duration) string {
	t := sim.Epoch.Add(at)
	day := int(at / (24 * time.Hour))
	if day == 0 {
		return t.Format("15:04:05")
	}
	return "day " + strconv.Itoa(day+1) + ", " + t.Format("15:04")
}

// elapsed is a duration in the largest units that keep it short: "+5 min",
// "+1 h 30 min", "+14 days".
func elapsed(d time.Duration) string {
	switch {
	case d <= 0:
		return "+0 s"
	case d < time.Minute:
		return "+" + strconv.Itoa(int(d/time.Second)) + " s"
	case d < time.Hour:
		s := "+" + strconv.Itoa(int(d/time.Minute)) + " min"
		if sec := int(d % time.Minute / time.Second); sec != 0 {
			s += " " + strconv.Itoa(sec) + " s"
		}
		return s
	case d < 48*time.Hour:
		s := "+" + strconv.Itoa(int(d/time.Hour)) + " h"
		if m := int(d % time.Hour / time.Minute); m != 0 {
			s += " " + strconv.Itoa(m) + " min"
		}
		return s
	default:
		return "+" + strconv.Itoa(int(d/(24*time.Hour))) + " days"
	}
}

// statusText is the reason phrase of the statuses the simulated site sends
// (RFC 9110 §15).
func statusText(code int) string {
	switch code {
	case 200:
		return "OK"
	case 204:
		return "No Content"
	case 301:
		return "Moved Permanently"
	case 302:
		return "Found"
	case 303:
		return "See Other"
	case 307:
		return "Temporary Redirect"
	case 308:
		return "Permanent Redirect"
	case 400:
		return "Bad Request"
	case 403:
		return "Forbidden"
	case 404:
		return "Not Found"
	case 405:
		return "Method Not Allowed"
	case 500:
		return "Internal Server Error"
	}
	return ""
}

// requestLine is "GET https://host/path" for a request.
func requestLine(m *sim.Message) string {
	return m.Method + " " + m.URL
}

// statusLine is "302 Found" for a response.
func statusLine(m *sim.Message) string {
	return strings.TrimSpace(strconv.Itoa(m.Status) + " " + statusText(m.Status))
}

// shortURL drops the scheme and host of a URL on the simulated site, for the
// diagram's narrow labels.
func shortURL(u string) string {
	if rest, ok := strings.CutPrefix(u, "https://"+sim.SiteHost); ok {
		return rest
	}
	if rest, ok := strings.CutPrefix(u, "http://"+sim.SiteHost); ok {
		return "http:" + rest
	}
	_, rest, ok := strings.Cut(u, "://")
	if ok {
		return rest
	}
	return u
}

// ellipsis shortens s to n characters.
func ellipsis(s string, n int) string {
	if n < 2 {
		n = 2
	}
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// laneTitle is the title of the lane an actor draws in, or the actor itself.
func laneTitle(lanes []sim.Lane, a sim.Actor) string {
	for _, l := range lanes {
		if l.Actor == a {
			return l.Title
		}
	}
	return string(a)
}

// shortCookies shortens each value of a Cookie header to a few characters:
// the execution table is an overview, the HTTP exchange shows headers whole.
func shortCookies(h string) string {
	parts := strings.Split(h, "; ")
	for i, p := range parts {
		if name, v, ok := strings.Cut(p, "="); ok {
			parts[i] = name + "=" + ellipsis(v, 9)
		}
	}
	return strings.Join(parts, "; ")
}

// shortSetCookie shortens a Set-Cookie line for the table: its value as in
// shortCookies, and its Expires dropped when it has a Max-Age, which takes
// precedence (RFC 6265bis §5.7, the expiry-time).
func shortSetCookie(line string) string {
	parts := strings.Split(line, "; ")
	maxAge := false
	for _, p := range parts[1:] {
		if len(p) >= 8 && strings.EqualFold(p[:8], "max-age=") {
			maxAge = true
		}
	}
	out := []string{shortCookies(parts[0])}
	for _, p := range parts[1:] {
		if maxAge && len(p) >= 8 && strings.EqualFold(p[:8], "expires=") {
			continue
		}
		out = append(out, p)
	}
	return strings.Join(out, "; ")
}
