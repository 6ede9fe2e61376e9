package sim

import "time"

// parseCookieDate reads an Expires attribute with the lenient cookie-date
// algorithm of RFC 6265bis §5.1.1: the date is a list of tokens in any order,
// of which the first time, day of month, month and year found count, and
// everything else is ignored. It reports false when the algorithm fails, in
// which case the attribute is ignored (§5.6.1).
func parseCookieDate(s string) (time.Time, bool) {
	var (
		foundTime, foundDay, foundMonth, foundYear bool
		hour, minute, second, day, year            int
		month                                      time.Month
	)
	// Step 1: split into date-tokens at delimiters.
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
		// Step 2: each production is tried in this order, and only until
		// it has matched once.
		switch {
		case !foundTime && parseHMS(tok, &hour, &minute, &second):
			foundTime = true
		case !foundDay && parseDateNumber(tok, 1, 2, &day):
			foundDay = true
		case !foundMonth && parseMonth(tok, &month):
			foundMonth = true
		case !foundYear && parseDateNumber(tok, 2, 4, &year):
			foundYear = true
		}
	}
	// Steps 3 and 4: two-digit years.
	if year >= 70 && year <= 99 {
		year += 1900
	} else if year >= 0 && year <= 69 {
		year += 2000
	}
	// Step 5.
	if !foundTime || !foundDay || !foundMonth || !foundYear ||
		day < 1 || day > 31 || year < 1601 || hour > 23 || minute > 59 || second > 59 {
		return time.Time{}, false
	}
	// Step 6: a date that does not exist (30 February) fails too.
	t := time.Date(year, month, day, hour, minute, second, 0, time.UTC)
	if t.Day() != day {
		return time.Time{}, false
	}
	return t, true
}

// isDateDelimiter is the delimiter production of §5.1.1:
// %x09 / %x20-2F / %x3B-40 / %x5B-60 / %x7B-7E.
func isDateDelimiter(c byte) bool {
	return c == 0x09 || 0x20 <= c && c <= 0x2F || 0x3B <= c && c <= 0x40 ||
		0x5B <= c && c <= 0x60 || 0x7B <= c && c <= 0x7E
}

func isCookieDigit(c byte) bool { return '0' <= c && c <= '9' }

// dateDigits reads min to max digits at the start of s that are not
// followed by another digit (the "[ non-digit *OCTET ]" tail of §5.1.1),
// and returns their value and the rest of s.
func dateDigits(s string, min, max int) (n int, rest string, ok bool) {
	i := 0
	for i < len(s) && i < max && isCookieDigit(s[i]) {
		n = n*10 + int(s[i]-'0')
		i++
	}
	if i < min || i < len(s) && isCookieDigit(s[i]) {
		return 0, s, false
	}
	return n, s[i:], true
}

// parseDateNumber matches day-of-month (1*2DIGIT) and year (2*4DIGIT).
func parseDateNumber(tok string, min, max int, v *int) bool {
	n, _, ok := dateDigits(tok, min, max)
	if ok {
		*v = n
	}
	return ok
}

// parseHMS matches the time production: hms-time [ non-digit *OCTET ], with
// hms-time = time-field ":" time-field ":" time-field, time-field = 1*2DIGIT.
func parseHMS(tok string, h, m, sec *int) bool {
	hh, rest, ok := dateDigits(tok, 1, 2)
	if !ok || rest == "" || rest[0] != ':' {
		return false
	}
	mm, rest, ok := dateDigits(rest[1:], 1, 2)
	if !ok || rest == "" || rest[0] != ':' {
		return false
	}
	ss, _, ok := dateDigits(rest[1:], 1, 2)
	if !ok {
		return false
	}
	*h, *m, *sec = hh, mm, ss
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
