package sim

import (
	"math"
	"strings"
	"time"
)

// parseCookieDate reads an Expires attribute as Chromium does
// (cookie_util::ParseCookieExpirationTime), a lenient parser close to the
// cookie-date algorithm of RFC 6265bis §5.1.1: the date is a list of tokens
// in any order, of which the first time, day of month, month and year found
// count, and everything else is ignored. It reports false when no date is
// found, in which case the attribute is ignored (§5.6.1) and the cookie is a
// session cookie.
//
// Where Chromium 156 departs from §5.1.1 (each checked by Expires lines in
// Chromium, see cookiedate_test.go), the page follows Chromium, since these
// decide whether a "delete" cookie deletes:
//   - a number token must be digits only: "1st" and "1970abc" are skipped,
//     where §5.1.1 reads 1 and 1970 ("[ non-digit *OCTET ]");
//   - the time must be three colon-separated runs of digits of any length
//     and nothing else: "00:00:00GMT" is skipped, "000:00:00" is midnight;
//   - a token with a colon is only ever a time, never a day of month;
//   - the day of month has one or two digits, the year up to five (so
//     "01970" is 1970), and no year is too early: 1600 and 100 are dates in
//     the past, where §5.1.1 fails below 1601.
func parseCookieDate(s string) (time.Time, bool) {
	var (
		foundTime, foundDay, foundMonth, foundYear bool
		hour, minute, second, day, year            int
		month                                      time.Month
	)
	for i := 0; i < len(s); {
		for i < len(s) && isDateDelimiter(s[i]) {
			i++
		}
		start := i
		for i < len(s) && !isDateDelimiter(s[i]) {
			i++
		}
		tok := s[start:i]
		if tok == "" {
			break
		}
		switch {
		case !isCookieDigit(tok[0]):
			if !foundMonth && parseMonth(tok, &month) {
				foundMonth = true
			}
		case strings.IndexByte(tok, ':') >= 0:
			if !foundTime && parseHMS(tok, &hour, &minute, &second) {
				foundTime = true
			}
		case !foundDay && len(tok) <= 2:
			day, foundDay = dateNumber(tok)
		case !foundYear && len(tok) <= 5:
			year, foundYear = dateNumber(tok)
		}
	}
	// Two-digit years (and shorter).
	if year >= 70 && year <= 99 {
		year += 1900
	} else if year >= 0 && year <= 69 {
		year += 2000
	}
	if !foundTime || !foundDay || !foundMonth || !foundYear ||
		day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59 {
		return time.Time{}, false
	}
	// A date that does not exist (30 February) fails too: base::Time's
	// FromUTCExploded does not round-trip it.
	t := time.Date(year, month, day, hour, minute, second, 0, time.UTC)
	if t.Day() != day {
		return time.Time{}, false
	}
	return t, true
}

// isDateDelimiter is the delimiter production of §5.1.1, which is also
// Chromium's kDelimiters: %x09 / %x20-2F / %x3B-40 / %x5B-60 / %x7B-7E.
func isDateDelimiter(c byte) bool {
	return c == 0x09 || 0x20 <= c && c <= 0x2F || 0x3B <= c && c <= 0x40 ||
		0x5B <= c && c <= 0x60 || 0x7B <= c && c <= 0x7E
}

func isCookieDigit(c byte) bool { return '0' <= c && c <= '9' }

// dateNumber reads a token of digits only, as base::StringToInt does: an
// int32 that does not overflow.
func dateNumber(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if !isCookieDigit(s[i]) {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
		if n > math.MaxInt32 {
			return 0, false
		}
	}
	return n, true
}

// parseHMS matches a time token: exactly three runs of digits separated by
// colons.
func parseHMS(tok string, h, m, sec *int) bool {
	hh, rest, _ := strings.Cut(tok, ":")
	mm, ss, _ := strings.Cut(rest, ":")
	a, ok1 := dateNumber(hh)
	b, ok2 := dateNumber(mm)
	c, ok3 := dateNumber(ss) // a third colon makes ss not a number
	if !ok1 || !ok2 || !ok3 {
		return false
	}
	*h, *m, *sec = a, b, c
	return true
}

// parseMonth matches the month production: the token's first three
// characters are a month's abbreviation, in any case.
func parseMonth(tok string, m *time.Month) bool {
	if len(tok) < 3 {
		return false
	}
	const names = "janfebmaraprmayjunjulaugsepoctnovdec"
	a, b, c := tok[0]|0x20, tok[1]|0x20, tok[2]|0x20
	for i := 0; i < len(names); i += 3 {
		if names[i] == a && names[i+1] == b && names[i+2] == c {
			*m = time.Month(i/3 + 1)
			return true
		}
	}
	return false
}
